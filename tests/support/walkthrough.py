"""A Playwright recording turned into the README's walkthrough: a small looping animated WebP.

The recording is sampled at a steady rate and scaled down; a picture that stays the same is kept once, shown as
long as it lasted but never longer than `longest_still_ms`, so waiting (a page loading, a PDF rendering) costs
neither bytes nor the watcher's time. An empty picture (the tab before the first page, the white between two
pages) is left out: the page before it stays on screen until the next one is drawn.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, ImageChops

NOISE = 24  # a pixel changed less than this (of 255, in brightness) is the video's noise, not a change
SAME_PICTURE = 64  # pixels changed by more: a blinking text cursor changes about 20


@dataclass(frozen=True)
class Animation:
    frames: int
    duration_ms: int
    size: tuple[int, int]


def animate(video: Path, target: Path, *, fps: int = 10, width: int = 800, longest_still_ms: int = 1500,
            quality: int = 80) -> Animation:
    pictures: list[Image.Image] = []
    durations: list[int] = []
    for picture, shown_ms in _sampled(video, fps, width):
        if _blank(picture):
            continue
        if pictures and _same(pictures[-1], picture):
            durations[-1] = min(durations[-1] + shown_ms, longest_still_ms)
        else:
            pictures.append(picture)
            durations.append(shown_ms)
    if not pictures:
        raise ValueError(f"{video} holds no video frames")
    target.parent.mkdir(parents=True, exist_ok=True)
    pictures[0].save(target, format="WEBP", save_all=True, append_images=pictures[1:], duration=durations, loop=0,
                     quality=quality, method=4, minimize_size=True)
    return Animation(frames=len(pictures), duration_ms=sum(durations), size=pictures[0].size)


def _sampled(video: Path, fps: int, width: int) -> Iterator[tuple[Image.Image, int]]:
    """The picture on screen at every 1/fps second of the recording (whose frames come when the screen changes),
    scaled to `width`."""
    step, step_ms = 1 / fps, round(1000 / fps)
    with av.open(str(video)) as container:
        shown: av.VideoFrame | None = None
        picture: Image.Image | None = None  # `shown`, scaled once it is needed (most frames are replaced unseen)
        tick = 0.0
        for frame in container.decode(video=0):
            time = frame.time or 0.0
            while shown is not None and tick + step <= time:
                picture = picture or _scaled(shown, width)
                yield picture, step_ms
                tick += step
            shown, picture = frame, None
        if shown is not None:
            yield picture or _scaled(shown, width), step_ms


def _scaled(frame: av.VideoFrame, width: int) -> Image.Image:
    picture = frame.to_image()
    height = round(picture.height * width / picture.width)
    return picture.resize((width, height), Image.Resampling.LANCZOS)


def _blank(picture: Image.Image) -> bool:
    darkest, brightest = picture.convert("L").getextrema()
    return brightest - darkest <= NOISE  # type: ignore[operator]


def _same(before: Image.Image, after: Image.Image) -> bool:
    changed = ImageChops.difference(before, after).convert("L").point(lambda value: 255 if value > NOISE else 0)
    return changed.histogram()[255] <= SAME_PICTURE
