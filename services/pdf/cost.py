"""What a render costs, roughly, by its number of lines: the fair queue charges each user this much."""

BASE_S = 0.05
PER_LINE_S = 0.00022  # the layout is linear (see bench/): 10 lines take about 0.05 s, 1000 lines about 0.27 s


def render_cost(lines: int) -> float:
    return BASE_S + PER_LINE_S * max(0, lines)
