"""The /thongke workbook, laid out like the report forms offices send upward.

Sheet 1: the heading (issuing office, national motto), title, area and period, then one row per
sub-area with four columns per policy (people approved, amount approved, people paid, amount
paid), the totals over all policies, the share paid and support in kind, a totals row, and the
date and signer lines.  Sheet 2: applications received, approved, rejected and overdue.
Figures are values, not formulas, so any program reads the same totals; names from lists go
through :func:`bot.reports.safe_cells.safe_cell`.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import Translator
from bot.reports.figures import Figures, StatisticsReport
from bot.reports.safe_cells import safe_cell

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MONEY = "#,##0"
FIRST_TABLE_ROW = 8


def period_text(report: StatisticsReport, tr: Translator) -> str:
    start, end = report.period.start, report.period.end
    if start and end:
        return tr._("from {start} to {end}").format(start=tr.date(start), end=tr.date(end))
    if start:
        return tr._("from {start} to {end}").format(start=tr.date(start), end=tr.date(report.generated_on))
    if end:
        return tr._("until {end}").format(end=tr.date(end))
    return tr._("all time, until {end}").format(end=tr.date(report.generated_on))


def write_statistics_xlsx(report: StatisticsReport, tr: Translator) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = tr._("Support")[:31]
    _lists_sheet(sheet, report, tr)
    _applications_sheet(workbook.create_sheet(tr._("Applications")[:31]), report, tr)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(sheet: Worksheet, report: StatisticsReport, tr: Translator, width: int, title: str) -> None:
    sheet.cell(1, 1, safe_cell(tr._("PEOPLE'S COMMITTEE OF {area}").format(area=report.area_name.upper())))
    sheet.cell(1, 1).font = BOLD
    right = max(width - 3, 4)
    sheet.cell(1, right, tr._("SOCIALIST REPUBLIC OF VIETNAM")).font = BOLD
    sheet.cell(2, right, tr._("Independence - Freedom - Happiness")).font = Font(bold=True, italic=True)
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    sheet.cell(4, 1, title).font = Font(bold=True, size=14)
    sheet.cell(4, 1).alignment = CENTER
    sheet.cell(5, 1, safe_cell(tr._("Area: {area}").format(area=report.area_name)))
    sheet.cell(6, 1, tr._("Period: {period}").format(period=period_text(report, tr)))


def _signers(sheet: Worksheet, row: int, report: StatisticsReport, tr: Translator, width: int) -> None:
    day = report.generated_on
    right = max(width - 3, 4)
    sheet.cell(row, right, tr._("{place}, day {day} month {month} year {year}").format(
        place="……", day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year)).font = Font(italic=True)
    sheet.cell(row + 1, 2, tr._("PREPARED BY")).font = BOLD
    sheet.cell(row + 1, right, tr._("HEAD OF THE OFFICE")).font = BOLD
    sheet.cell(row + 2, 2, tr._("(Signature, full name)")).font = Font(italic=True)
    sheet.cell(row + 2, right, tr._("(Signature, full name, seal)")).font = Font(italic=True)


def _list_values(f: Figures) -> list[int]:
    return [f.people_approved, f.amount_approved, f.people_paid, f.amount_paid]


def _total_values(f: Figures) -> list[object]:
    share = round(100 * f.share_paid, 1) if f.share_paid is not None else ""
    return [*_list_values(f), share, f.rice_kg_approved, f.rice_kg_paid, f.gifts]


def _lists_sheet(sheet: Worksheet, report: StatisticsReport, tr: Translator) -> None:
    per_policy = [tr._("People approved"), tr._("Amount approved (VND)"), tr._("People paid"),
                  tr._("Amount paid (VND)")]
    totals = [*per_policy, tr._("Share paid (%)"), tr._("Rice approved (kg)"), tr._("Rice paid (kg)"),
              tr._("Other gifts in kind (records)")]
    width = 2 + 4 * len(report.policies) + len(totals)
    _heading(sheet, report, tr, width, tr._("REPORT ON SUPPORT APPROVED AND PAID"))
    top, sub = FIRST_TABLE_ROW, FIRST_TABLE_ROW + 1
    for column, label in ((1, tr._("No.")), (2, _sub_area_header(report, tr))):
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        sheet.cell(top, column, label)
    column = 3
    for policy in report.policies:
        sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 3)
        sheet.cell(top, column, safe_cell(tr._(report.policy_name(policy))))
        for offset, label in enumerate(per_policy):
            sheet.cell(sub, column + offset, label)
        column += 4
    sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=width)
    sheet.cell(top, column, tr._("All policies"))
    for offset, label in enumerate(totals):
        sheet.cell(sub, column + offset, label)
    row = sub + 1
    for number, area in enumerate(report.sub_areas, start=1):
        values: list[object] = [number, safe_cell(area.name or tr._("(not placed in a commune)"))]
        for policy in report.policies:
            values += _list_values(report.cell(area.key, policy))
        values += _total_values(report.of_sub_area(area.key))
        _row(sheet, row, values)
        row += 1
    total_values: list[object] = ["", tr._("Total")]
    for policy in report.policies:
        total_values += _list_values(report.of_policy(policy))
    total_values += _total_values(report.total)
    _row(sheet, row, total_values, bold=True)
    _style_header(sheet, top, sub, width)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 30
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 15
    _signers(sheet, row + 2, report, tr, width)


def _applications_sheet(sheet: Worksheet, report: StatisticsReport, tr: Translator) -> None:
    labels = [tr._("No."), _sub_area_header(report, tr), tr._("Policy"), tr._("Applications received"),
              tr._("Approved"), tr._("Rejected"), tr._("Overdue")]
    width = len(labels)
    _heading(sheet, report, tr, width, tr._("REPORT ON APPLICATIONS RECEIVED THROUGH THE BOT"))
    for column, label in enumerate(labels, start=1):
        sheet.cell(FIRST_TABLE_ROW, column, label)
    _style_header(sheet, FIRST_TABLE_ROW, FIRST_TABLE_ROW, width)
    row, number = FIRST_TABLE_ROW + 1, 1
    for area in report.sub_areas:
        for policy in report.policies:
            f = report.cell(area.key, policy)
            if not f.received:
                continue
            _row(sheet, row, [number, safe_cell(area.name or tr._("(not placed in a commune)")),
                              safe_cell(tr._(report.policy_name(policy))),
                              f.received, f.approved_apps, f.rejected, f.overdue])
            row, number = row + 1, number + 1
    t = report.total
    _row(sheet, row, ["", tr._("Total"), "", t.received, t.approved_apps, t.rejected, t.overdue], bold=True)
    sheet.cell(row + 1, 2, tr._("Overdue: still undecided past the processing time its policy sets (working days "
                                "without public holidays where the document says so), counted from the day the "
                                "dossier was complete, as in /duyet.")).font = Font(italic=True)
    for column, size in zip("ABCDEFG", (6, 30, 45, 14, 12, 12, 12)):
        sheet.column_dimensions[column].width = size
    _signers(sheet, row + 3, report, tr, width)


def _sub_area_header(report: StatisticsReport, tr: Translator) -> str:
    return tr._("Old district") if report.group_by == "old_district" else tr._("Commune")


def _style_header(sheet: Worksheet, top: int, bottom: int, width: int) -> None:
    for r in range(top, bottom + 1):
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX


def _row(sheet: Worksheet, row: int, values: list[object], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, value)
        cell.border = BOX
        if isinstance(value, int) and column > 2:
            cell.number_format = MONEY
        if bold:
            cell.font = BOLD


__all__ = ["period_text", "write_statistics_xlsx"]
