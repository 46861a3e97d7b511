"""Colour contrast (WCAG 2.x), used to pick brand colours that stay readable (pure)."""

from __future__ import annotations

WHITE, BLACK = "#FFFFFF", "#000000"
AA_NORMAL, AA_LARGE = 4.5, 3.0


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def darken(colour: str, factor: float) -> str:
    return "#" + "".join(f"{int(c * factor):02X}" for c in _channels(colour))


def readable(colour: str, against: str = WHITE, ratio: float = AA_NORMAL) -> str:
    """The colour itself if it reaches the ratio against `against`, else the nearest darker shade that does."""
    factor = 1.0
    candidate = colour.upper()
    while contrast(candidate, against) < ratio and factor > 0:
        factor = round(factor - 0.05, 2)
        candidate = darken(colour, max(factor, 0))
    return candidate
