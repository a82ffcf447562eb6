"""The encoder behind Playwright's video recording (`new_context(record_video_dir=...)`), made with PyAV.

Playwright records a tab by piping its screencast (JPEG frames with their times, in a Matroska stream) into the
`ffmpeg` it downloads for itself, and refuses to record without it. That download is not possible here, so
`install` puts this script where Playwright looks for its ffmpeg; run by Playwright with ffmpeg's arguments, it
encodes the stream into a VP9 WebM as ffmpeg would, keeping each frame's own time (no frames repeated to fill a
constant rate). Run as a script, it imports nothing of this project.
"""

import json
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import playwright
from av.video.frame import PictureType
from PIL import Image

MILLISECOND = Fraction(1, 1000)
QUALITY_CRF = "8"  # VP9 constant quality (0 best, 63 worst), Playwright's own: less leaves ghosts of past pages


def install(folder: Path) -> Path:
    """Makes `folder` a Playwright browsers folder (PLAYWRIGHT_BROWSERS_PATH) whose ffmpeg is this script."""
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(entry["revision"] for entry in json.loads(browsers.read_text())["browsers"]
                    if entry["name"] == "ffmpeg")
    launcher = folder / f"ffmpeg-{revision}" / "ffmpeg-linux"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" "$@"\n')
    launcher.chmod(0o755)
    return folder


def main(arguments: list[str]) -> None:
    """Takes ffmpeg's command line as Playwright writes it: the size from `-vf pad=W:H...`, the file last."""
    filters = arguments[arguments.index("-vf") + 1] if "-vf" in arguments else ""
    size = re.match(r"pad=(\d+):(\d+)", filters)
    if size is None or not arguments[-1].endswith(".webm"):
        sys.exit(f"not a Playwright recording command line: {' '.join(arguments)}")
    encode(sys.stdin.buffer, Path(arguments[-1]), (int(size[1]), int(size[2])))


def encode(source: BinaryIO, target: Path, size: tuple[int, int]) -> None:
    """Frames smaller than `size` are padded with grey at the right and bottom, larger ones cut, as ffmpeg's
    `pad,crop` filters do."""
    with av.open(source, format="matroska") as recording, av.open(str(target), "w", format="webm") as video:
        stream = video.add_stream("libvpx-vp9", options={"deadline": "realtime", "cpu-used": "8",
                                                         "crf": QUALITY_CRF, "b": "0", "row-mt": "1"})
        stream.width, stream.height, stream.pix_fmt = *size, "yuv420p"
        stream.codec_context.time_base = MILLISECOND
        last_pts = -1
        for frame in recording.decode(video=0):
            out = _fitted(frame, size)
            # two frames of the same millisecond: the second is shown a millisecond later
            last_pts = out.pts = max(last_pts + 1, round((frame.time or 0.0) * 1000))
            out.time_base = MILLISECOND
            video.mux(stream.encode(out))
        video.mux(stream.encode(None))


def _fitted(frame: av.VideoFrame, size: tuple[int, int]) -> av.VideoFrame:
    if (frame.width, frame.height) == size:
        fitted = frame.reformat(format="yuv420p")
        fitted.pict_type = PictureType.NONE  # each JPEG is a key picture: the video need not be
        return fitted
    picture = Image.new("RGB", size, "gray")
    picture.paste(frame.to_image(), (0, 0))
    return av.VideoFrame.from_image(picture)


if __name__ == "__main__":
    main(sys.argv[1:])
