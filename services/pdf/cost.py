"""What a render costs, roughly, by its number of lines: the fair queue charges each user this much."""

BASE_S = 0.02
PER_LINE_S = 0.00015  # the layout is linear (see bench/): 1000 lines take about 0.16 s


def render_cost(lines: int) -> float:
    return BASE_S + PER_LINE_S * max(0, lines)
