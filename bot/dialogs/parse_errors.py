"""Vietnamese-first explanations for the parsers' and answer kinds' error codes (see ``bot.parsing``
and ``bot.dialogs.answers``): one place words every refusal, so each dialog says it the same way."""

from __future__ import annotations

from bot.i18n import Translator
from bot.parsing import ParseError


def parse_error_message(tr: Translator, error: ParseError) -> str:
    return error_message(tr, error.code, dict(error.params))


def error_message(tr: Translator, code: str, params: dict[str, object]) -> str:
    """The sentence for ``code``; ``params`` fill its placeholders."""
    messages = {
        "date_format": tr._("I could not read that date. Please type day/month/year, e.g. 15/7/2021."),
        "date_invalid": tr._("That date does not exist. Please check the day and month, e.g. 15/7/2021."),
        "date_future": tr._("That date is in the future. Please check it."),
        "date_too_far": tr._("That date is too far in the future. Please check it and type it again, e.g. 15/7/2021."),
        "date_order": tr._("This date cannot be before {other}. Please check it."),
        "date_need_day": tr._("Which day of {month}? The exact day matters here: type the day (e.g. 15) or the whole "
                              "date (e.g. 15/{month})."),
        "yesno_unclear": tr._("Please answer \"có\" (yes) or \"không\" (no), or press a button."),
        "yesno_unknown": tr._("This question needs a yes or a no. If you are not sure, please find out and answer "
                              "later: your answers so far are saved."),
        "count_format": tr._("Please type a number, e.g. 2."),
        "count_range": tr._("Please type a number from {min} to {max}."),
        "money_format": tr._("I could not read that amount. Please type it in đồng, e.g. 7.500.000 or 7,5 triệu."),
        "money_range": tr._("That amount is outside what is possible here. Please check it."),
        "money_bounds": tr._("Please type an amount from {min_text} to {max_text}."),
        "months_format": tr._("Please type a number of months, e.g. 24 or \"2 năm\"."),
        "months_range": tr._("At most {max} months count here. Please type a number of months from {min} to {max}."),
        "use_buttons": tr._("Please answer with one of the buttons."),
        "choice_unclear": tr._("I could not tell which one you mean. Please press one of the buttons or type its "
                               "number."),
        "unknown_not_allowed": tr._("I need this answer to go on. Please find it out (on your papers, from your "
                                    "employer or the commune office) and answer then: your answers so far are "
                                    "saved."),
        "unknown_too_many": tr._("You have already answered \"I don't know\" to {n} questions. Please find out "
                                 "this one (or one of the others) first: your answers so far are saved."),
        "unit_unknown": tr._("I could not find that place. Type the ward or commune and the province, e.g. "
                             "\"phường Tân Định, TP Hồ Chí Minh\" (an old address with its district also works)."),
        "tax_code": tr._("A tax code has 10 digits (or 10 digits, a dash and 3 more). Type 0 if you do not know it."),
        "text_short": tr._("Please write a little more."),
        "text_long": tr._("That is too long; please keep it under {max} characters."),
        "name_short": tr._("Please type your full name (family name and given name)."),
        "name_chars": tr._("A name may contain only letters and spaces."),
        "phone_format": tr._("That is not a Vietnamese phone number. Type it like 0912 345 678 or +84 912 345 678."),
        "account_format": tr._("An account number has 6 to 19 digits."),
        "id_length": tr._("A CCCD has 12 digits, an old CMND 9 digits."),
        "id_format": tr._("A CCCD has 12 digits, an old CMND 9 digits."),
        "id_province": tr._("The first three digits of a CCCD are the code of the province where the birth was "
                            "registered; {prefix} is not one. Please check the number."),
        "id_century": tr._("The 4th digit of this CCCD says the holder was born in another century than {year}. "
                           "Please check the number and your birth date."),
        "id_year": tr._("Digits 5 and 6 of this CCCD do not match the birth year {year}. Please check the number "
                        "and your birth date."),
        "id_sex": tr._("The 4th digit of this CCCD does not match the sex you gave. Please check the number."),
    }
    text = messages.get(code, tr._("I could not understand that answer. Please try again."))
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
