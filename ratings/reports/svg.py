"""Tiny server-side SVG charts for the PDF: horizontal bars for rankings and a line for daily intake.

WeasyPrint draws inline SVG itself, so the report needs no browser, no JavaScript and no plotting
library. Every label is escaped here (names of agencies and categories are data). Sizes are in
CSS pixels of the A4 page (the content column is about 680 px wide); the fonts are the report's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from cur.number_format import format_number

FONT = "PT Sans, DejaVu Sans, sans-serif"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d9dee4"
BAR = "#2f5d8a"
ACCENT = "#c0392b"
# An average PT Sans glyph is about this share of the font size wide: enough to cut long labels.
CHAR_WIDTH = 0.5


def _attr(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _fit(text: str, width: float, size: float) -> str:
    """The label cut with «…» so that it fits `width` pixels."""
    limit = max(4, int(width / (size * CHAR_WIDTH)))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that splits 0…top into about `ticks` parts."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            step = factor * power
            return max(step, 1) if top >= ticks else step
    return 10 * power


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{_attr(title)}" '
        f'font-family="{FONT}" font-size="10" fill="{INK}">' + "".join(body) + "</svg>"
    )


def hbar_chart(
    items: Sequence[tuple[str, float | int | None]],
    *,
    title: str = "",
    width: float = 660,
    label_width: float = 230,
    bar_height: float = 14,
    gap: float = 6,
    value_format: Callable[[float], str] = format_number,
    scale_max: float | None = None,
    target: float | None = None,
    target_label: str = "",
) -> str:
    """A bar per item, largest first as given; the value at the bar's end. None draws no bar («—»)."""
    values = [v for _, v in items if v is not None]
    top = scale_max or max(values, default=0) or 1
    value_room = 64
    plot = width - label_width - value_room
    height = len(items) * (bar_height + gap) + gap + (14 if target is not None else 0)
    body = []
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_height + gap)
        middle = y + bar_height / 2 + 3.5
        body.append(
            f'<text x="{label_width - 6:.1f}" y="{middle:.1f}" text-anchor="end">{escape(_fit(label, label_width - 8, 10))}</text>'
        )
        if value is None:
            body.append(f'<text x="{label_width + 4:.1f}" y="{middle:.1f}" fill="{MUTED}">—</text>')
            continue
        length = max(plot * value / top, 1 if value else 0)
        body.append(f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{length:.1f}" height="{bar_height}" fill="{BAR}" rx="1.5"/>')
        body.append(f'<text x="{label_width + length + 4:.1f}" y="{middle:.1f}">{escape(value_format(value))}</text>')
    if target is not None:
        x = label_width + plot * target / top
        body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 12:.1f}" stroke="{ACCENT}" stroke-dasharray="3 2"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 2:.1f}" text-anchor="middle" fill="{ACCENT}" font-size="9">{escape(target_label)}</text>')
    return _svg(width, height, body, title)


def line_chart(
    points: Sequence[tuple[str, float | int]],
    *,
    title: str = "",
    width: float = 660,
    height: float = 170,
    label_every: int = 5,
) -> str:
    """Daily values as a line over a light area, with round gridlines and every n-th day labelled."""
    left, right, top_pad, bottom = 44, 10, 10, 22
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top_value = max((v for _, v in points), default=0)
    step = nice_step(top_value or 1, 4)
    scale = step * max(1, math.ceil((top_value or 1) / step))
    body = []
    tick = 0.0
    while tick <= scale + 1e-9:
        y = top_pad + plot_h - plot_h * tick / scale
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.7"/>')
        body.append(f'<text x="{left - 5}" y="{y + 3.5:.1f}" text-anchor="end" fill="{MUTED}" font-size="9">{escape(format_number(tick))}</text>')
        tick += step
    n = len(points)
    if n:
        dx = plot_w / max(n - 1, 1)
        coords = [(left + i * dx, top_pad + plot_h - plot_h * v / scale) for i, (_, v) in enumerate(points)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        base = top_pad + plot_h
        body.append(f'<polygon points="{left:.1f},{base:.1f} {line} {coords[-1][0]:.1f},{base:.1f}" fill="{BAR}" fill-opacity="0.12"/>')
        body.append(f'<polyline points="{line}" fill="none" stroke="{BAR}" stroke-width="1.6" stroke-linejoin="round"/>')
        for i, ((label, _), (x, _y)) in enumerate(zip(points, coords, strict=True)):
            if i % label_every == 0 or i == n - 1:
                body.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}" font-size="9">{escape(label)}</text>')
    return _svg(width, height, body, title)
