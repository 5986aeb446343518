"""Vietnamese-first texts about imported lists: column names, refusals, and each row's reason."""

from __future__ import annotations

import html
from typing import Any

from bot.i18n import Translator
from bot.lists import schema
from bot.lists.limits import LIMITS, ListLimits


def column_label(tr: Translator, field: str) -> str:
    """The column's name in the officer's language (labels live in the column schema)."""
    return tr._(schema.label(field))


def refusal_text(tr: Translator, code: str, params: dict[str, Any]) -> str:
    """Why a whole file cannot be imported; nothing was changed."""
    if code == "missing_columns":
        missing = ", ".join(column_label(tr, f) for f in params.get("missing", []))
        found = ", ".join(f"{html.escape(str(h))} → {column_label(tr, f)}"
                          for f, h in (params.get("recognised") or {}).items()) or "—"
        return tr._("The file cannot be imported: the column(s) {missing} were not found. Columns recognised: "
                    "{found}. Nothing was changed.").format(missing=missing, found=found)
    if code == "no_header":
        return tr._("I could not find the header row (Họ và tên, Số CCCD/CMND, Số tiền…) in the first rows of the "
                    "file. Nothing was changed.")
    if code == "not_ready":
        return tr._("This import is no longer waiting for confirmation. Nothing was changed.")
    if code == "outside_area":
        return tr._("Some rows of this import are outside your area, so it cannot be confirmed. Nothing was "
                    "changed.")
    if code == "not_allowed":
        return tr._("You may not import lists (a supervisor's account is read-only). Nothing was changed.")
    if code == "empty_file":
        return tr._("The file is empty. Nothing was changed.")
    if code == "encrypted":
        return tr._("The file is protected by a password. Save it without a password and send it again. "
                    "Nothing was changed.")
    limit_text = _limit_refusal(tr, code, params)
    if limit_text is not None:
        return limit_text
    if code == "not_officer":
        return tr._("Only officers can import lists. Nothing was changed.")
    if code == "paid_date_needed":
        return tr._("This paid list has no payment-date column; type the payment date for the whole list, "
                    "e.g. 5/9/2021, or add the column and send the file again. Nothing was changed.")
    if code == "too_large":
        return tr._("The file is too large to receive through Telegram (20 MB at most). Use the command-line "
                    "import for bulk loads. Nothing was changed.")
    return tr._("I could not read this file. Send an .xlsx, .xls or .csv file. Nothing was changed.")


def _limit_refusal(tr: Translator, code: str, params: dict[str, Any]) -> str | None:
    """One sentence naming the limit a file crossed and what to do (limits: :mod:`bot.lists.limits`)."""
    limit = tr.number(int(params.get("limit") or 0))
    row = tr.number(int(params.get("row") or 0))
    texts = {
        "file_too_large": tr._("The file is larger than {limit} MB, the most one list file may be: split it into "
                               "smaller files and send them one by one. Nothing was changed."),
        "unpacked_too_large": tr._("The file unpacks to more than {limit} MB, the most one list file may: split it "
                                   "into smaller files and send them one by one. Nothing was changed."),
        "compression_ratio": tr._("The file unpacks to more than {limit} times its own size, which a real list "
                                  "never does: open it in Excel, save it again and send it again. "
                                  "Nothing was changed."),
        "too_many_sheets": tr._("The file has more than {limit} sheets: keep only the sheet with the list and send "
                                "it again. Nothing was changed."),
        "too_many_rows": tr._("The file has more than {limit} rows, the most one list file may have: split it into "
                              "smaller files and send them one by one. Nothing was changed."),
        "too_many_columns": tr._("Row {row} of the file has more than {limit} columns, the most a list may have: "
                                 "delete the extra columns, save the file and send it again. Nothing was changed."),
        "cell_too_long": tr._("A cell in row {row} holds more than {limit} characters, the most one cell may: "
                              "shorten it (in a .csv, look for a stray quotation mark), save the file and send it "
                              "again. Nothing was changed."),
    }
    text = texts.get(code)
    return text.format(limit=limit, row=row) if text is not None else None


def limits_text(tr: Translator, limits: ListLimits = LIMITS) -> str:
    """The limits of one list file, for the officers' help (the same values the reader enforces)."""
    return tr._("A list file may be up to {size} MB ({unpacked} MB unpacked for .xlsx), with up to {sheets} "
                "sheets, {rows} rows, {columns} columns and {chars} characters in a cell.").format(
        size=tr.number(limits.file_megabytes), unpacked=tr.number(limits.unpacked_megabytes),
        sheets=tr.number(limits.sheets), rows=tr.number(limits.rows), columns=tr.number(limits.columns),
        chars=tr.number(limits.cell_chars))


def row_error_message(tr: Translator, code: str, params: dict[str, Any]) -> str:
    """The reason written next to a refused row in the returned .xlsx (and the report's two headers)."""
    messages = {
        "@reason_header": tr._("Reason"),
        "@row_header": tr._("Row in the file"),
        "@name_header": tr._("Full name"),
        "@id_header": tr._("ID number (CCCD/CMND)"),
        "text_too_long": tr._("A value in this row is longer than the list can keep ({limit} characters)."),
        "id_missing": tr._("No ID number."),
        "id_invalid": tr._("The ID number is not valid: a CCCD has 12 digits, a CMND 9 digits."),
        "id_length": tr._("The ID number is not valid: a CCCD has 12 digits, a CMND 9 digits."),
        "id_province": tr._("The first three digits of the CCCD are not a province code."),
        "id_century": tr._("The 4th digit of the CCCD does not match the birth date."),
        "id_year": tr._("Digits 5–6 of the CCCD do not match the birth year."),
        "id_sex": tr._("The 4th digit of the CCCD does not match the sex."),
        "id_birth_mismatch": tr._("The CCCD does not match the birth date."),
        "name_missing": tr._("No full name."),
        "name_chars": tr._("The name contains characters that are not letters."),
        "name_short": tr._("The full name is too short."),
        "id_precision_lost": tr._("The ID number was saved by Excel in a shortened form (e.g. 7.91235E+10) and "
                                  "some digits are lost; format the column as text and export again."),
        "date_invalid": tr._("The date is not valid."),
        "date_format": tr._("The date cannot be read (expected day/month/year)."),
        "birth_date_invalid": tr._("The birth date is not valid."),
        "amount_missing": tr._("No amount."),
        "amount_invalid": tr._("The amount is not a valid number of đồng."),
        "money_format": tr._("The amount is not a valid number of đồng."),
        "paid_amount_missing": tr._("No amount paid."),
        "paid_date_missing": tr._("No payment date."),
        "policy_unknown": tr._("The policy in this row is not recognised."),
        "duplicate_in_file": tr._("The same person appears again further down for the same policy; the later row "
                                  "was kept."),
        "paid_not_approved": tr._("This person is not on the approved list for this policy."),
        "paid_over_approved": tr._("The amount paid is larger than the approved amount."),
        "paid_twice": tr._("This person was already paid for this policy on another date."),
        "paid_twice_in_file": tr._("This person is paid twice in this file for the same policy."),
        "outside_area": tr._("Outside your area: this person's address is not in your commune."),
    }
    text = messages.get(code, tr._("This row cannot be imported."))
    return text.format(**params) if "{" in text else text
