"""Turning what a person typed or pressed into a fact value, and showing a value back.

Buttons come first (yes/no, small counts, choices); typed text is understood the way people
write in Vietnamese (15/7/21, "co", "ko", "hai con", "7,5 triệu").  A wrong answer raises
:class:`AnswerError`, whose message says what was wrong; the dialog then asks the same question
again and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.dialogs.core import Button, ButtonPress, DialogContext, Event, TextInput
from bot.dialogs.parse_errors import parse_error_message
from bot.i18n import Translator
from bot.parsing import (
    ParseError, fold, parse_count, parse_date, parse_money, parse_months, parse_yes_no,
)
from bot.rules import Fact

YES, NO = "yes", "no"
COUNT_BUTTONS = 4  # 0, 1, 2, 3 as buttons; larger numbers are typed
FUTURE_LIMIT = timedelta(days=366)


class AnswerError(Exception):
    """An answer that cannot be accepted; ``message`` explains why in the user's language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def message(self, tr: Translator) -> str:
        if self.code == "use_buttons":
            return tr._("Please answer with one of the buttons.")
        if self.code == "date_too_far":
            return tr._("That date is too far in the future. Please check it and type it again, e.g. 15/7/2021.")
        if self.code == "date_order":
            return tr._("This date cannot be before {other}. Please check it.").format(other=self.params["other"])
        return parse_error_message(tr, ParseError(self.code, **self.params))


def kind_of(fact: Fact) -> str:
    kind = fact.kind
    return str(getattr(kind, "value", kind))


def fact_buttons(fact: Fact, tr: Translator) -> tuple[tuple[Button, ...], ...]:
    kind = kind_of(fact)
    if kind == "bool":
        return ((Button(tr.pgettext("button", "Yes"), YES), Button(tr.pgettext("button", "No"), NO)),)
    if kind == "choice":
        return tuple((Button(tr._(label), f"c:{value}"),) for value, label in fact.choices)
    if kind == "count":
        low = int(fact.min or 0)
        return (tuple(Button(str(n), f"n:{n}") for n in range(low, low + COUNT_BUTTONS)),)
    return ()


def parse_answer(fact: Fact, event: Event, ctx: DialogContext, *, answers: dict[str, Any]) -> Any:
    """The JSON value to store for ``fact``; raises AnswerError for anything unacceptable."""
    kind = kind_of(fact)
    try:
        if isinstance(event, ButtonPress):
            return _from_button(kind, fact, event.value)
        if not isinstance(event, TextInput):
            raise AnswerError("use_buttons")
        return _from_text(kind, fact, event.text, ctx, answers)
    except ParseError as error:
        raise AnswerError(error.code, **error.params) from error


def _from_button(kind: str, fact: Fact, value: str) -> Any:
    if kind == "bool" and value in (YES, NO):
        return value == YES
    if kind == "choice" and value.startswith("c:") and value[2:] in {v for v, _ in fact.choices}:
        return value[2:]
    if kind == "count" and value.startswith("n:") and value[2:].isdigit():
        return int(value[2:])
    raise AnswerError("use_buttons")


def _from_text(kind: str, fact: Fact, text: str, ctx: DialogContext, answers: dict[str, Any]) -> Any:
    if kind == "bool":
        return parse_yes_no(text)
    if kind == "count":
        return parse_count(text, min=int(fact.min or 0), max=int(fact.max if fact.max is not None else 20))
    if kind == "money":
        return _bounded(parse_money(text), fact, "money_range")
    if kind == "months":
        return _bounded(parse_months(text, max=int(fact.max if fact.max is not None else 600)), fact, "months_range")
    if kind == "date":
        value = parse_date(text, today=ctx.today)
        if value > ctx.today + FUTURE_LIMIT:
            raise AnswerError("date_too_far")
        _check_date_order(fact, value, answers, ctx.tr)
        return value.isoformat()
    if kind == "choice":
        return _choice_from_text(fact, text)
    raise AnswerError("use_buttons")


def _bounded(value: int, fact: Fact, code: str) -> int:
    if (fact.min is not None and value < fact.min) or (fact.max is not None and value > fact.max):
        raise AnswerError(code, min=fact.min, max=fact.max)
    return value


def _check_date_order(fact: Fact, value: date, answers: dict[str, Any], tr: Translator) -> None:
    """An end date may not precede its start date (``*_end`` after ``*_start``)."""
    if not fact.id.endswith("_end"):
        return
    start = answers.get(fact.id[: -len("_end")] + "_start")
    if start and value < date.fromisoformat(start):
        raise AnswerError("date_order", other=tr.date(date.fromisoformat(start)))


def _choice_from_text(fact: Fact, text: str) -> str:
    typed = fold(text).strip().lower()
    if typed.isdigit() and 1 <= int(typed) <= len(fact.choices):
        return fact.choices[int(typed) - 1][0]
    for value, label in fact.choices:
        if typed and (typed == fold(label).lower() or typed == value):
            return value
    raise AnswerError("use_buttons")


def answer_text(fact: Fact, value: Any, tr: Translator) -> str:
    """How an answer is shown back in the summary."""
    kind = kind_of(fact)
    if value is None:
        return "—"
    if kind == "bool":
        return tr.pgettext("button", "Yes") if value else tr.pgettext("button", "No")
    if kind == "date":
        return tr.date(value if isinstance(value, date) else date.fromisoformat(value))
    if kind == "money":
        return tr.money(int(value))
    if kind == "months":
        return tr.ngettext("{n} month", "{n} months", int(value)).format(n=value)
    if kind == "choice":
        labels = dict(fact.choices)
        return tr._(labels.get(value, str(value)))
    return str(value)
