"""A real Playwright recording (tests/support/video_encoder.py) turned into the README's looping animation."""

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.support.walkthrough import animate

SCREEN = {"width": 1280, "height": 800}
# Ten pictures a fifth of a second apart, one of them an empty page, then nothing moves for three seconds.
COUNTING_PAGE = """<body style="margin:0;font:200px sans-serif"><div id="count">0</div><script>
    let count = 0;
    const step = setInterval(() => {
        count++;
        document.getElementById("count").textContent = count === 5 ? "" : count;
        if (count === 10) { clearInterval(step); document.body.dataset.done = "yes"; }
    }, 200);
</script></body>"""


@pytest.mark.browser
def test_a_recording_becomes_an_800_px_looping_animation_whose_still_end_is_cut_short(
        browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport=SCREEN, record_video_dir=tmp_path, record_video_size=SCREEN)
    page = context.new_page()
    page.set_content(COUNTING_PAGE)
    expect(page.locator("body[data-done]")).to_have_count(1)
    page.wait_for_timeout(3000)
    context.close()
    assert page.video is not None

    animation = animate(Path(page.video.path()), tmp_path / "walkthrough.webp", fps=10, width=800,
                        longest_still_ms=1000)

    with Image.open(tmp_path / "walkthrough.webp") as image:
        assert image.format == "WEBP" and image.size == (800, 500)
        assert image.info["loop"] == 0  # for ever
        durations: list[int] = []
        blank: list[int] = []
        for index in range(image.n_frames):
            image.seek(index)
            image.load()  # reads the frame, and its duration with it
            durations.append(image.info["duration"])
            darkest, brightest = image.convert("L").getextrema()
            blank += [index] if brightest - darkest <= 24 else []
    assert image.n_frames == animation.frames >= 9, durations  # every number shown is a picture of its own
    assert not blank, f"empty pictures at {blank}"  # the empty page between 4 and 6 is left out
    assert durations[-1] == 1000, durations  # the still end, three seconds long, is shown for one
    assert 2000 <= sum(durations) <= 5000, durations  # the recording lasts over six seconds
