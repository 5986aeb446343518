"""Vietnamese-first explanations for the parsers' error codes (see ``bot.parsing``)."""

from __future__ import annotations

from bot.i18n import Translator
from bot.parsing import ParseError


def parse_error_message(tr: Translator, error: ParseError) -> str:
    p = error.params
    messages = {
        "date_format": tr._("I could not read that date. Please type day/month/year, e.g. 15/7/2021."),
        "date_invalid": tr._("That date does not exist. Please check the day and month, e.g. 15/7/2021."),
        "date_future": tr._("That date is in the future. Please check it."),
        "yesno_unclear": tr._("Please answer \"có\" (yes) or \"không\" (no), or press a button."),
        "count_format": tr._("Please type a number, e.g. 2."),
        "count_range": tr._("Please type a number from {min} to {max}."),
        "money_format": tr._("I could not read that amount. Please type it in đồng, e.g. 7.500.000 or 7,5 triệu."),
        "money_range": tr._("That amount is outside what is possible here. Please check it."),
        "months_format": tr._("Please type a number of months, e.g. 24 or \"2 năm\"."),
        "months_range": tr._("That number of months is outside what is possible here. Please check it."),
    }
    text = messages.get(error.code, tr._("I could not understand that answer. Please try again."))
    try:
        return text.format(**p)
    except (KeyError, IndexError):
        return text
