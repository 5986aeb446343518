"""The /trunglap workbook: one block of rows per finding, the records that make it up.

Supervisors get the same rows with ID numbers masked to their last three digits (they check
figures, not people).  A record outside the officer's area shows only its commune and policy.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from bot.i18n import Translator
from bot.parsing import mask_id
from bot.parsing import area_names
from bot.reports.figures import DuplicateKind, DuplicatesReport, MatchKind, PersonRecord, RecordKind
from bot.reports.safe_cells import safe_cell

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def kind_label(kind: DuplicateKind, tr: Translator) -> str:
    return {
        DuplicateKind.NOT_COMBINABLE: tr._("Approved under two policies that may not be combined"),
        DuplicateKind.TWO_COMMUNES: tr._("Approved in two communes"),
        DuplicateKind.TWICE_SAME_POLICY: tr._("Approved twice for one policy"),
        DuplicateKind.PAID_TWICE: tr._("Paid twice"),
        DuplicateKind.PAID_WITHOUT_APPROVAL: tr._("Paid without approval"),
        DuplicateKind.PAID_MORE_THAN_APPROVED: tr._("Paid more than approved"),
    }[kind]


def match_label(match: MatchKind, tr: Translator) -> str:
    return {
        MatchKind.SAME_ID: tr._("same ID number"),
        MatchKind.CMND_CCCD: tr._("CMND and CCCD, same name and birth date"),
        MatchKind.NAME_BIRTH: tr._("same name and birth date, different ID numbers"),
    }[match]


def _place(record: PersonRecord, tr: Translator) -> str:
    if not record.ward_code:
        return tr._("(not placed in a commune)")
    return f"{area_names.ward_name(record.ward_code)}, {area_names.province_name(record.province_code)}"


def write_duplicates_xlsx(report: DuplicatesReport, tr: Translator, policy_names: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = tr._("Duplicates")[:31]
    sheet.cell(1, 1, tr._("POSSIBLE DUPLICATES IN SUPPORT LISTS")).font = Font(bold=True, size=14)
    sheet.cell(2, 1, safe_cell(tr._("Area: {area}").format(area=report.area_name)))
    sheet.cell(3, 1, tr._("Made on {date}").format(date=tr.date(report.generated_on)))
    headers = [tr._("Finding"), tr._("What"), tr._("Recognised by"), tr._("Record"), tr._("Full name"),
               tr._("Birth date"), tr._("ID number"), tr._("Policy"), tr._("Commune"), tr._("Amount (VND)"),
               tr._("Decision or payment date")]
    for column, label in enumerate(headers, start=1):
        cell = sheet.cell(5, column, label)
        cell.font, cell.border = Font(bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    personal = report.scope.sees_personal_numbers
    row = 6
    for number, finding in enumerate(report.findings, start=1):
        for record in finding.records:
            kind = tr._("approved") if record.kind is RecordKind.APPROVED else tr._("paid")
            if record.inside:
                person = [safe_cell(record.full_name), record.birth_date or "",
                          safe_cell(record.id_number if personal else mask_id(record.id_number))]
                amount: object = record.amount
                when: object = record.when or ""
            else:
                person = [tr._("(outside your area)"), "", ""]
                amount, when = "", ""
            values = [number, kind_label(finding.kind, tr), match_label(finding.match, tr), kind, *person,
                      safe_cell(tr._(policy_names.get(record.policy_id, record.policy_id))),
                      safe_cell(_place(record, tr)), amount, when]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, value)
                cell.border = BOX
                if column == 6 and value:
                    cell.number_format = "DD/MM/YYYY"
                if column == 10 and isinstance(value, int):
                    cell.number_format = "#,##0"
                if column == 11 and value:
                    cell.number_format = "DD/MM/YYYY"
            row += 1
    for column, width in zip("ABCDEFGHIJK", (8, 34, 30, 10, 26, 12, 15, 40, 34, 14, 14)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["kind_label", "match_label", "write_duplicates_xlsx"]
