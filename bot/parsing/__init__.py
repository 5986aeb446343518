"""Understanding what citizens type and what offices' files contain.  Pure functions; errors are
:class:`ParseError` codes, never text (the dialogs word them)."""

from bot.parsing.address import UnitCandidate, match_legacy_unit
from bot.parsing.answers import parse_count, parse_money, parse_months, parse_yes_no
from bot.parsing.bank import mask_account, normalize_account
from bot.parsing.dates import format_date_vi, parse_date, parse_month
from bot.parsing.errors import ParseError
from bot.parsing.ids import PROVINCE_CODES, PersonId, check_person_id, mask_id, parse_person_id, repair_numeric_id
from bot.parsing.names import mask_name, name_key, names_match, normalize_name
from bot.parsing.phones import mask_phone, normalize_phone
from bot.parsing.text import canonical_tones, fold, match_key, nfc, squash_spaces

__all__ = [
    "ParseError", "UnitCandidate", "match_legacy_unit", "parse_count", "parse_money", "parse_months",
    "parse_yes_no", "mask_account", "normalize_account", "format_date_vi", "parse_date", "parse_month",
    "PROVINCE_CODES", "PersonId", "check_person_id", "mask_id", "parse_person_id", "repair_numeric_id",
    "mask_name", "name_key", "names_match", "normalize_name", "mask_phone", "normalize_phone",
    "canonical_tones", "fold", "match_key", "nfc", "squash_spaces",
]
