"""The public page's figures as text, ready for the template: formatting happens here, once.

Everything shown comes from :class:`bot.reports.figures.StatisticsReport` (the /thongke figures):
counts and sums by policy and commune, never a name or a number of a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_percent

from bot.i18n import Translator
from bot.reports.figures import UNPLACED, Figures, StatisticsReport
from bot.web.chart import Bar, share_chart_svg

_BABEL = {"vi": "vi_VN", "en": "en_US"}


@dataclass(frozen=True)
class FigureRow:
    """One line of a table: a policy or a commune, with the six public figures."""

    label: str
    people_approved: str
    amount_approved: str
    people_paid: str
    amount_paid: str
    share_paid: str
    in_kind: str


@dataclass(frozen=True)
class AreaView:
    name: str
    slug: str
    total: FigureRow
    by_policy: tuple[FigureRow, ...]
    by_commune: tuple[FigureRow, ...]  # empty for a commune's own section
    chart_svg: str                     # inline SVG, built from numbers and escaped labels only


def area_view(report: StatisticsReport, tr: Translator) -> AreaView:
    by_policy = tuple(_row(tr._(report.policy_name(p)), report.of_policy(p), tr) for p in report.policies)
    communes = tuple(s for s in report.sub_areas if _listed(report.of_sub_area(s.key)))
    by_commune = tuple(_row(_sub_area_label(s.key, s.name, tr), report.of_sub_area(s.key), tr)
                       for s in communes) if report.area.is_province else ()
    if report.area.is_province:
        bars = [Bar(_sub_area_label(s.key, s.name, tr), report.of_sub_area(s.key).amount_paid,
                    report.of_sub_area(s.key).amount_approved) for s in communes]
    else:
        bars = [Bar(tr._(report.policy_name(p)), report.of_policy(p).amount_paid, report.of_policy(p).amount_approved)
                for p in report.policies]
    slug = report.area.ward_code or report.area.province_code
    chart = share_chart_svg(bars, lambda share: percent(share, tr),
                            title=tr._("Share of the approved amount paid: {area}").format(area=report.area_name))
    return AreaView(report.area_name, slug, _row(tr._("Total"), report.total, tr), by_policy, by_commune, chart)


def percent(share: float | None, tr: Translator) -> str:
    if share is None:
        return "–"
    return format_percent(share, format="#,##0.0 %", locale=_BABEL.get(tr.locale, "vi_VN"))


def _listed(figures: Figures) -> bool:
    """A commune appears when it has people on a list (applications alone are not shown)."""
    return bool(figures.people_approved or figures.people_paid)


def _sub_area_label(key: str, name: str, tr: Translator) -> str:
    return tr._("Not placed in a commune yet") if key == UNPLACED else name


def _row(label: str, f: Figures, tr: Translator) -> FigureRow:
    return FigureRow(label, tr.number(f.people_approved), tr.money(f.amount_approved), tr.number(f.people_paid),
                     tr.money(f.amount_paid), percent(f.share_paid, tr), _in_kind(f, tr))


def _in_kind(f: Figures, tr: Translator) -> str:
    parts = []
    if f.rice_kg_approved or f.rice_kg_paid:
        parts.append(tr._("rice {paid} of {approved} kg handed over").format(
            paid=tr.number(f.rice_kg_paid), approved=tr.number(f.rice_kg_approved)))
    if f.gifts:
        parts.append(tr._("other gifts: {count}").format(count=tr.number(f.gifts)))
    return "; ".join(parts) or "–"
