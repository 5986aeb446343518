"""A chart drawn as inline SVG on the server: share of the approved amount paid, one bar per row.

Inline SVG costs no extra request, no script and no image library, scales to any screen width
(``viewBox`` with ``width="100%"``) and weighs about 250 bytes a bar; matplotlib's PNG of the same
chart weighs tens of kilobytes.  Labels are escaped here; only numbers go into attributes.  No
``style`` attributes: the page's Content-Security-Policy allows only our stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 320            # user units; the SVG stretches to the column's width
ROW = 30               # label line plus bar
BAR = 10
TRACK, PAID = "#d9e2ec", "#1f6f43"


@dataclass(frozen=True)
class Bar:
    label: str
    paid: int       # đồng
    approved: int   # đồng


def share_chart_svg(bars: Sequence[Bar], percent: Callable[[float | None], str], *, title: str) -> str:
    """One row per bar: the label and share as text, a full-width track (approved) and the paid part."""
    if not bars:
        return ""
    height = ROW * len(bars) + 4
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, bar in enumerate(bars):
        share = bar.paid / bar.approved if bar.approved else None
        y = index * ROW
        filled = round(WIDTH * min(share or 0.0, 1.0), 1)
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="12">{escape(_short(bar.label))} · {escape(percent(share))}</text>'
            f'<rect x="0" y="{y + 16}" width="{WIDTH}" height="{BAR}" fill="{TRACK}"/>'
            f'<rect x="0" y="{y + 16}" width="{filled}" height="{BAR}" fill="{PAID}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
