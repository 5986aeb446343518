"""The /thongke chart: money paid against money approved, per sub-area, as a PNG.

matplotlib with the Agg backend (no display, no system packages) and DejaVu Sans, which ships
with matplotlib and has every Vietnamese glyph (ă, ơ, ư, ạ, ễ …), so labels never turn into boxes.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from bot.i18n import Translator  # noqa: E402
from bot.reports.figures import StatisticsReport  # noqa: E402

FONT = "DejaVu Sans"
MAX_BARS = 30  # a province has up to ~150 communes: the chart shows the largest, the .xlsx all


def paid_against_approved_png(report: StatisticsReport, tr: Translator) -> bytes:
    """A horizontal bar pair per sub-area (million đồng), largest approved amount first."""
    rows = [(s.name or tr._("(not placed in a commune)"), report.of_sub_area(s.key)) for s in report.sub_areas]
    rows = sorted(rows, key=lambda r: r[1].amount_approved, reverse=True)[:MAX_BARS]
    rows.reverse()  # barh draws bottom-up: the largest ends on top
    height = max(3.0, 0.45 * len(rows) + 1.8)
    figure = Figure(figsize=(9, height), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    approved = [r[1].amount_approved / 1e6 for r in rows]
    paid = [r[1].amount_paid / 1e6 for r in rows]
    axes.barh([p + 0.2 for p in positions], approved, height=0.4, label=tr._("Approved"), color="#9ecae1")
    axes.barh([p - 0.2 for p in positions], paid, height=0.4, label=tr._("Paid"), color="#3182bd")
    axes.set_yticks(positions, [r[0] for r in rows], fontfamily=FONT)
    axes.set_xlabel(tr._("million VND"), fontfamily=FONT)
    axes.set_title(tr._("Paid against approved: {area}").format(area=report.area_name), fontfamily=FONT)
    axes.legend(prop={"family": FONT})
    if not rows:
        axes.text(0.5, 0.5, tr._("No data for this period"), ha="center", va="center",
                  transform=axes.transAxes, fontfamily=FONT)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


__all__ = ["paid_against_approved_png"]
