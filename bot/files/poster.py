"""Printable QR posters for the counter of a service unit (PNG, A5 or A4 at 150 dpi)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import segno
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

DPI = 150
SIZES = {"A5": (874, 1240), "A4": (1240, 1754)}
"""Portrait pixel sizes at 150 dpi."""


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    # DejaVu ships inside matplotlib: no download, and it has every Indonesian letter.
    path = font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    )
    return ImageFont.truetype(path, size)


def _centered(
    draw: ImageDraw.ImageDraw,
    y: int,
    width: int,
    text: str,
    font: ImageFont.FreeTypeFont,
    wrap: int,
) -> int:
    """Draw wrapped lines centred from `y`; returns the y below them."""
    for line in textwrap.wrap(text, wrap) or [""]:
        left, top, right, bottom = draw.textbbox((0, 0), line, font=font)
        draw.text(((width - (right - left)) // 2, y), line, font=font, fill="black")
        y += int((bottom - top) * 1.35)
    return y


def render_poster(
    link: str, unit_name: str, instruction: str, footer: str, size: str = "A5"
) -> bytes:
    width, height = SIZES[size]
    scale = width / SIZES["A5"][0]
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = int(70 * scale)
    y = _centered(draw, y, width, unit_name, _font(int(46 * scale), bold=True), 24)

    qr_png = io.BytesIO()
    segno.make(link, error="m").save(qr_png, kind="png", scale=1, border=2)
    qr = Image.open(io.BytesIO(qr_png.getvalue())).convert("RGB")
    side = int(width * 0.72)
    qr = qr.resize((side, side), Image.Resampling.NEAREST)  # crisp modules, no blur
    image.paste(qr, ((width - side) // 2, y + int(30 * scale)))
    y += side + int(70 * scale)

    y = _centered(draw, y, width, instruction, _font(int(34 * scale)), 38)
    _centered(draw, height - int(110 * scale), width, footer, _font(int(24 * scale)), 60)
    _centered(draw, height - int(70 * scale), width, link, _font(int(20 * scale)), 70)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def write_poster(path: Path, **kwargs: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_poster(**kwargs))
