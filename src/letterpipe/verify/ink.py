"""Contrast as WCAG 2 defines it, and ink as a reader's eye finds it in a rendered picture.

Shared by the browser check (a screenshot of the page) and the raster check (a PDF page turned
into pixels): a name is only there for a reader if the picture of its box holds enough pixels
that stand out from the box's own background.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

RGB = tuple[int, int, int]
#: WCAG 2.x AA for normal text.
AA_CONTRAST = 4.5
#: A pixel counts as ink when it stands out this much from the box's background. Lower than
#: :data:`AA_CONTRAST` because anti-aliased glyph edges never reach the text's full colour.
INK_CONTRAST = 3.0
#: How much of a text box must be ink, and at least how many pixels.
MIN_INK_SHARE, MIN_INK_PIXELS = 0.01, 4


def _channel(value: float) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-255 components."""
    r, g, b = (_channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_LINEAR = [_channel(v) for v in range(256)]


def _pixel_luminance(pixel: RGB, cache: dict[RGB, float] = {}) -> float:  # noqa: B006 (a cache on purpose)
    """:func:`luminance` of an 8-bit pixel, remembered: text in a few colours, anti-aliased, repeats its pixels."""
    found = cache.get(pixel)
    if found is None:
        if len(cache) > 1 << 16:
            cache.clear()
        r, g, b = pixel[:3]
        found = cache[pixel] = 0.2126 * _LINEAR[r] + 0.7152 * _LINEAR[g] + 0.0722 * _LINEAR[b]
    return found


def contrast(one: float, other: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21)."""
    light, dark = max(one, other), min(one, other)
    return (light + 0.05) / (dark + 0.05)


def blend(top: Sequence[float], alpha: float, bottom: Sequence[float]) -> tuple[float, float, float]:
    """``top`` drawn with opacity ``alpha`` over the opaque ``bottom``."""
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True))  # type: ignore[return-value]


@dataclass(frozen=True)
class Ink:
    """What the picture of one text box holds."""

    background: RGB
    pixels: int
    area: int
    best: float

    @property
    def present(self) -> bool:
        return self.pixels >= max(MIN_INK_PIXELS, MIN_INK_SHARE * self.area)


def measure(pixels: Sequence[RGB], background: RGB | None = None) -> Ink:
    """Ink in a box: pixels standing out from its background (the commonest colour when not given)."""
    return _measure(Counter(pixels), len(pixels), background)


def measure_image(image: Any, background: RGB | None = None) -> Ink:
    """:func:`measure` of an RGB image, its colours counted by Pillow."""
    width, height = image.size
    colours = image.getcolors(width * height) or []
    return _measure({colour: number for number, colour in colours}, width * height, background)


def _measure(counts: dict[RGB, int], area: int, background: RGB | None) -> Ink:
    """A text box has a few hundred colours at most: each is judged once, weighed by its count."""
    if not counts:
        return Ink((255, 255, 255), 0, 0, 1.0)
    if background is None:
        buckets: Counter[RGB] = Counter()
        for (r, g, b), number in counts.items():
            buckets[r >> 3, g >> 3, b >> 3] += number
        bucket = buckets.most_common(1)[0][0]
        members = [(p, n) for p, n in counts.items() if (p[0] >> 3, p[1] >> 3, p[2] >> 3) == bucket]
        total = sum(n for _, n in members)
        background = tuple(sum(p[i] * n for p, n in members) // total for i in range(3))  # type: ignore[assignment]
    assert background is not None
    base = luminance(background)
    count, best = 0, 1.0
    for pixel, number in counts.items():
        lum = _pixel_luminance(pixel)
        ratio = (lum + 0.05) / (base + 0.05) if lum > base else (base + 0.05) / (lum + 0.05)  # contrast(), inlined
        if ratio >= INK_CONTRAST:
            count += number
        best = max(best, ratio)
    return Ink(background, count, area, best)
