"""Understanding what citizens type and what offices' files contain.  Pure functions; errors are
:class:`ParseError` codes, never text (the dialogs word them)."""

from bot.parsing.address import UnitCandidate, match_current_unit, match_legacy_unit, match_unit
from bot.parsing.answers import (
    YesNo, format_money_plain, parse_count, parse_money, parse_months, parse_yes_no, parse_yes_no_unknown,
)
from bot.parsing.bank import mask_account, normalize_account
from bot.parsing.choices import match_choice
from bot.parsing.dates import MonthYear, format_date_vi, format_month_vi, parse_date, parse_month, parse_month_year
from bot.parsing.errors import ParseError
from bot.parsing.ids import PROVINCE_CODES, PersonId, check_person_id, mask_id, parse_person_id, repair_numeric_id
from bot.parsing.names import mask_name, name_key, names_match, normalize_name
from bot.parsing.phones import format_phone_national, mask_phone, normalize_phone
from bot.parsing.text import canonical_tones, fold, match_key, nfc, squash_spaces

__all__ = [
    "ParseError", "UnitCandidate", "match_current_unit", "match_legacy_unit", "match_unit", "YesNo",
    "format_money_plain", "parse_count", "parse_money", "parse_months", "parse_yes_no", "parse_yes_no_unknown",
    "mask_account", "normalize_account", "match_choice", "MonthYear", "format_date_vi", "format_month_vi",
    "parse_date", "parse_month", "parse_month_year", "PROVINCE_CODES", "PersonId", "check_person_id", "mask_id",
    "parse_person_id", "repair_numeric_id", "mask_name", "name_key", "names_match", "normalize_name",
    "format_phone_national", "mask_phone", "normalize_phone", "canonical_tones", "fold", "match_key", "nfc",
    "squash_spaces",
]
