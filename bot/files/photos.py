"""A photo uploaded on the web, made safe to keep and forward: decoded (so it is an image at
all), bounded in pixels (a decompression bomb stops here), and encoded again as JPEG, which
drops its metadata: a phone's photo carries the place it was taken (EXIF GPS), and the
citizen is anonymous."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 50_000_000
"""A 50-megapixel phone photo; anything larger is refused, not decoded."""
FORMATS = ("JPEG", "PNG", "WEBP")
"""What phones take and browsers send; no other decoder (TIFF, PSD, EPS...) is ever asked."""
LONGEST_SIDE = 2048
"""Enough to see a room or a document; Telegram shows photos at most 2560 px."""


def clean_photo(content: bytes) -> bytes | None:
    """The photo as a metadata-free JPEG; None when `content` is no image we can read."""
    try:
        with Image.open(io.BytesIO(content), formats=FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))  # JPEG decodes at a reduced scale
            image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    rgb.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
