"""A logo upload, decided by decoding its bytes (never by its name or MIME type), and re-encoded as a clean PNG.

Only the pixels survive: no metadata, no colour profile, nothing appended after the image, so a polyglot file or
a hostile image never reaches the renderer. CPU work: call it off the event loop.
"""

import warnings
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from services.errors import Refusal

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_SIDE = 2000
FORMATS = ("PNG", "JPEG")


class LogoRefused(Refusal):
    """The upload is not a logo we keep; the message says why."""


def reencoded_logo(data: bytes) -> bytes:
    """The logo as a fresh PNG; raises LogoRefused for anything but a whole PNG or JPEG within the limits."""
    if not data:
        raise LogoRefused("The file is empty. Choose a PNG or JPEG image.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(f"The logo is {len(data) / 1024 / 1024:.1f} MB; it can be at most 1 MB.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _reencoded(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
            raise LogoRefused("The image claims far too many pixels to be a logo.") from bomb
        except UnidentifiedImageError as unknown:
            raise LogoRefused("This file is not a PNG or JPEG image.") from unknown
        except (OSError, SyntaxError, ValueError, EOFError) as damaged:  # Pillow's ways of saying "cannot decode"
            raise LogoRefused("The image is damaged or incomplete: it could not be read to the end.") from damaged


def _reencoded(data: bytes) -> bytes:
    with Image.open(BytesIO(data), formats=FORMATS) as image:
        width, height = image.size
        if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
            raise LogoRefused(f"The logo is {width}×{height} pixels; it can be at most "
                              f"{MAX_LOGO_SIDE}×{MAX_LOGO_SIDE}.")
        image.load()  # every pixel decoded now: a truncated file is refused here
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        clean = upright.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}
    out = BytesIO()
    clean.save(out, format="PNG")
    return out.getvalue()
