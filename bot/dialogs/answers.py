"""Answer kinds: the one layer that turns what a person typed or pressed into a value, for every dialog.

Each kind (date, date range end, yes/no/unknown, count, months, money, ID number, phone, name,
address, choice, free text…) owns its parser, its check, its buttons, its hint and the way its
value is shown back; its refusals are :class:`AnswerError` codes worded once in
``parse_errors.py``.  A question is then one declaration, :class:`Question` (``id``, kind, text),
whether it comes from the rule book (the eligibility check) or from a dialog (the application,
officers' dialogs).  A wrong answer changes nothing: the dialog shows the message and asks again.

Values are JSON (they are saved with the dialog state): dates as ISO strings ("2021-08-15"), a
month as "2021-08", yes/no as true/false, "I do not know" as the string ``"unknown"``.
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.dialogs.core import Button, ButtonPress, DialogContext, Event, TextInput
from bot.dialogs.parse_errors import error_message
from bot.i18n import Translator
from bot.parsing import (
    MonthYear, ParseError, YesNo, check_person_id, mask_account, match_choice, match_unit, normalize_account,
    normalize_name, normalize_phone, parse_count, parse_date, parse_money, parse_month_year, parse_months,
    parse_person_id, parse_yes_no_unknown,
)
from bot.rules import Fact

YES, NO, UNKNOWN = "yes", "no", "unknown"
COUNT_BUTTONS = 4  # 0, 1, 2, 3 as buttons; larger numbers are typed
FUTURE_LIMIT = timedelta(days=366)


class AnswerError(Exception):
    """An answer that cannot be accepted; ``message`` explains why in the user's language.

    ``pending`` is what a dialog keeps for the next message (a month waiting for its day).
    """

    def __init__(self, code: str, *, pending: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params, self.pending = code, params, pending

    def message(self, tr: Translator) -> str:
        return error_message(tr, self.code, dict(self.params))


@dataclass(frozen=True)
class AnswerContext:
    """What a check may read: today, the other answers of the dialog, and a pending partial answer."""

    today: date
    answers: Mapping[str, Any] = field(default_factory=dict)
    pending: Mapping[str, Any] | None = None


class AnswerKind:
    """Base of the answer kinds; a kind reads typed text, its own buttons, and shows a value back."""

    #: True when "không biết" is an acceptable answer (the verdict then says what it depends on)
    accepts_unknown = False

    def buttons(self, tr: Translator) -> tuple[tuple[Button, ...], ...]:
        return ()

    def from_button(self, value: str) -> Any:
        raise AnswerError("use_buttons")

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        raise AnswerError("use_buttons")

    def show(self, value: Any, tr: Translator) -> str:
        return html.escape(str(value))

    def hint(self, tr: Translator) -> str | None:
        """How to answer, shown under a question that has no help text of its own."""
        return None

    def to_fact(self, value: Any) -> Any:
        """The value as the rules engine takes it (dates as ``date``)."""
        return value


@dataclass(frozen=True)
class YesNoAnswer(AnswerKind):
    """Yes or no, typed in any usual form; with ``unknown`` also "không biết" (a third button)."""

    unknown: bool = False

    @property
    def accepts_unknown(self) -> bool:  # type: ignore[override]
        return self.unknown

    def buttons(self, tr: Translator) -> tuple[tuple[Button, ...], ...]:
        row = (Button(tr.pgettext("button", "Yes"), YES), Button(tr.pgettext("button", "No"), NO))
        if self.unknown:
            row += (Button(tr.pgettext("button", "I don't know"), UNKNOWN),)
        return (row,)

    def from_button(self, value: str) -> Any:
        if value in (YES, NO):
            return value == YES
        if value == UNKNOWN and self.unknown:
            return UNKNOWN
        raise AnswerError("use_buttons")

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        answer = parse_yes_no_unknown(text)
        if answer is YesNo.UNKNOWN:
            if not self.unknown:
                raise AnswerError("yesno_unknown")
            return UNKNOWN
        return answer is YesNo.YES

    def show(self, value: Any, tr: Translator) -> str:
        if value == UNKNOWN:
            return tr.pgettext("button", "I don't know")
        return tr.pgettext("button", "Yes") if value else tr.pgettext("button", "No")


@dataclass(frozen=True)
class DateAnswer(AnswerKind):
    """A date.  ``after`` names the start answer an end date may not precede (a date range);
    ``month_enough`` accepts "8/2021" where the day does not matter, otherwise the day is asked."""

    past_only: bool = False
    after: str | None = None
    month_enough: bool = False

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        pending = (ctx.pending or {}).get("month")
        typed = text.strip()
        if pending and ascii_digits(typed) and len(typed) <= 2:
            year, month = (int(x) for x in str(pending).split("-"))
            typed = f"{typed}/{month}/{year}"
        month_only = parse_month_year(typed)
        if month_only is not None:
            if self.month_enough:
                self._check(month_only.first_day, ctx)
                return f"{month_only.year:04d}-{month_only.month:02d}"
            raise AnswerError("date_need_day", pending={"month": f"{month_only.year:04d}-{month_only.month:02d}"},
                              month=f"{month_only.month:02d}/{month_only.year}")
        value = parse_date(typed, today=ctx.today, allow_future=not self.past_only)
        self._check(value, ctx)
        return value.isoformat()

    def hint(self, tr: Translator) -> str | None:
        if self.month_enough:
            return tr._("Type the month and year, e.g. 8/2021.")
        return tr._("Type day/month/year, e.g. 15/7/2021.")

    def _check(self, value: date, ctx: AnswerContext) -> None:
        if value > ctx.today + FUTURE_LIMIT:
            raise AnswerError("date_too_far")
        if self.past_only and value > ctx.today:
            raise AnswerError("date_future")
        start = ctx.answers.get(self.after) if self.after else None
        if start:
            first = self.to_fact(start)
            if value < first:
                raise AnswerError("date_order", other=_date_text(first))

    def show(self, value: Any, tr: Translator) -> str:
        if isinstance(value, str) and len(value) == 7:
            year, month = value.split("-")
            return f"{month}/{year}"
        return tr.date(self.to_fact(value))

    def to_fact(self, value: Any) -> Any:
        if isinstance(value, date) or value is None:
            return value
        if len(value) == 7:
            return MonthYear(int(value[:4]), int(value[5:])).first_day
        return date.fromisoformat(value)


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class CountAnswer(AnswerKind):
    """A whole number of things ("2", "hai", "2 con"); out of range says the range."""

    min: int = 0
    max: int = 20

    def buttons(self, tr: Translator) -> tuple[tuple[Button, ...], ...]:
        top = min(self.min + COUNT_BUTTONS, self.max + 1)
        return (tuple(Button(str(n), f"n:{n}") for n in range(self.min, top)),)

    def from_button(self, value: str) -> Any:
        if value.startswith("n:") and ascii_digits(value[2:]) and self.min <= int(value[2:]) <= self.max:
            return int(value[2:])
        raise AnswerError("use_buttons")

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        return parse_count(text, min=self.min, max=self.max)

    def hint(self, tr: Translator) -> str | None:
        return tr._("Press a button or type a number from {min} to {max}.").format(min=self.min, max=self.max)


@dataclass(frozen=True)
class MonthsAnswer(AnswerKind):
    """A number of months ("24", "30 tháng", "2 năm"); above ``max`` says that at most ``max`` count."""

    min: int = 0
    max: int = 600

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        return parse_months(text, min=self.min, max=self.max)

    def hint(self, tr: Translator) -> str | None:
        return tr._("Type a number of months, e.g. 12 or \"1 năm 6 tháng\" (at most {max}).").format(max=self.max)

    def show(self, value: Any, tr: Translator) -> str:
        return tr.ngettext("{n} month", "{n} months", int(value)).format(n=value)


@dataclass(frozen=True)
class MoneyAnswer(AnswerKind):
    """An amount in đồng ("7.500.000", "7,5 triệu", "7tr5")."""

    min: int = 0
    max: int | None = None

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        value = parse_money(text)
        if value < self.min or (self.max is not None and value > self.max):
            raise AnswerError("money_bounds", min_text=_plain_money(self.min),
                              max_text=_plain_money(self.max) if self.max is not None else "…")
        return value

    def show(self, value: Any, tr: Translator) -> str:
        return tr.money(int(value))

    def hint(self, tr: Translator) -> str | None:
        return tr._("Type the amount in đồng, e.g. 7.500.000 or 7,5 triệu.")


def _plain_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


Label = str | Callable[[Translator], str]  # a msgid (rule texts), or a function giving the translated label


def _label_text(label: Label, tr: Translator) -> str:
    return label(tr) if callable(label) else tr._(label)


@dataclass(frozen=True)
class ChoiceAnswer(AnswerKind):
    """One of a few options; typed text that names an option picks it ("vung 1" for "Vùng I")."""

    options: tuple[tuple[str, Label], ...] = ()

    def buttons(self, tr: Translator) -> tuple[tuple[Button, ...], ...]:
        return tuple((Button(_label_text(label, tr), f"c:{value}"),) for value, label in self.options)

    def from_button(self, value: str) -> Any:
        if value.startswith("c:") and value[2:] in {v for v, _ in self.options}:
            return value[2:]
        raise AnswerError("use_buttons")

    def from_text(self, text: str, ctx: AnswerContext, tr: Translator | None = None) -> Any:
        options = []
        for value, label in self.options:
            names = [value] + ([label] if isinstance(label, str) else [])
            if tr is not None:
                names.append(_label_text(label, tr))
            options.append((value, tuple(names)))
        chosen = match_choice(text, options)
        if chosen is None:
            raise AnswerError("choice_unclear")
        return chosen

    def show(self, value: Any, tr: Translator) -> str:
        label = dict(self.options).get(value)
        return html.escape(_label_text(label, tr) if label is not None else str(value))


@dataclass(frozen=True)
class RowChoiceAnswer(ChoiceAnswer):
    """A choice whose buttons sit side by side (two short options such as male/female)."""

    def buttons(self, tr: Translator) -> tuple[tuple[Button, ...], ...]:
        return (tuple(Button(_label_text(label, tr), f"c:{value}") for value, label in self.options),)


@dataclass(frozen=True)
class NameAnswer(AnswerKind):
    """A person's full name, stored with its diacritics in NFC and capitalised."""

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        return normalize_name(text)


@dataclass(frozen=True)
class PersonIdAnswer(AnswerKind):
    """A CCCD (12 digits) or CMND (9), checked against the birth date and sex answered before."""

    birth_field: str = "birth_date"
    sex_field: str = "sex"

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        pid = parse_person_id(text)
        born = ctx.answers.get(self.birth_field)
        check_person_id(pid, birth_date=date.fromisoformat(born) if born else None,
                        sex=ctx.answers.get(self.sex_field))
        return pid.number


@dataclass(frozen=True)
class PhoneAnswer(AnswerKind):
    """A Vietnamese phone number in any usual form, stored as +84…."""

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        return normalize_phone(text)


@dataclass(frozen=True)
class AccountAnswer(AnswerKind):
    """A bank account number; shown masked."""

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        return normalize_account(text)

    def show(self, value: Any, tr: Translator) -> str:
        return mask_account(str(value))


@dataclass(frozen=True)
class TaxCodeAnswer(AnswerKind):
    """A tax code (10 digits, or 10-3 for a branch); "0" when the person does not know it."""

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        digits = text.strip().replace(" ", "").replace(".", "")
        if digits == "0":
            return ""
        plain = digits.replace("-", "")
        if not ascii_digits(plain) or len(plain) not in (10, 13):
            raise AnswerError("tax_code")
        return digits

    def show(self, value: Any, tr: Translator) -> str:
        return html.escape(str(value)) if value else tr._("(not known)")


@dataclass(frozen=True)
class TextAnswer(AnswerKind):
    """A short free text (a street, an employer's name, what happened)."""

    min_length: int = 2
    max_length: int = 200

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        text = " ".join(text.split())
        if len(text) < self.min_length:
            raise AnswerError("text_short")
        if len(text) > self.max_length:
            raise AnswerError("text_long", max=self.max_length)
        return text


@dataclass(frozen=True)
class AddressAnswer(AnswerKind):
    """A ward or commune with its province, before or after the 2025 reform.

    The value is a list of candidates (the dialog lets the person pick when there are several);
    each is shown with the unit's name today, without a district.
    """

    limit: int = 5

    def from_text(self, text: str, ctx: AnswerContext) -> Any:
        candidates = match_unit(text, limit=self.limit)
        if not candidates:
            raise AnswerError("unit_unknown")
        return [unit_json(c) for c in candidates[: self.limit]]

    def show(self, value: Any, tr: Translator) -> str:
        label, current = value.get("label", ""), value.get("current_label", "")
        if current and current != label:
            return html.escape(label) + tr._(" (today: {unit})").format(unit=html.escape(current))
        return html.escape(current or label)


def unit_json(candidate: Any) -> dict[str, Any]:
    """A matched administrative unit as saved in the draft (the unit typed, and today's)."""
    return {"label": candidate.label, "current_label": candidate.current_label, "era": candidate.era,
            "province_code": candidate.province_code, "district_code": candidate.district_code,
            "ward_code": candidate.ward_code, "current_province_code": candidate.current_province_code,
            "current_ward_code": candidate.current_ward_code}


@dataclass(frozen=True)
class Question:
    """One question of a dialog: what it asks, which kind of answer, and when it is needed.

    Without a ``help`` of its own, a question shows its kind's hint."""

    id: str
    kind: AnswerKind
    text: Callable[[Translator], str]
    help: Callable[[Translator], str | None] | None = None
    needed: Callable[[Mapping[str, Any], Any], bool] = lambda answers, profile: True

    def help_text(self, tr: Translator) -> str | None:
        return self.help(tr) if self.help is not None else self.kind.hint(tr)


def read_answer(question: Question, event: Event, ctx: DialogContext, *, answers: Mapping[str, Any],
                pending: Mapping[str, Any] | None = None) -> Any:
    """The JSON value to store for ``question``; raises AnswerError for anything unacceptable."""
    kind = question.kind
    try:
        if isinstance(event, ButtonPress):
            return kind.from_button(event.value)
        if not isinstance(event, TextInput):
            raise AnswerError("use_buttons")
        text = event.text.strip()
        if not kind.accepts_unknown and not isinstance(kind, YesNoAnswer) and _is_unknown(text):
            raise AnswerError("unknown_not_allowed")
        context = AnswerContext(ctx.today, answers, pending)
        if isinstance(kind, ChoiceAnswer):
            return kind.from_text(text, context, ctx.tr)
        return kind.from_text(text, context)
    except ParseError as error:
        raise AnswerError(error.code, **error.params) from error


def _is_unknown(text: str) -> bool:
    try:
        return parse_yes_no_unknown(text) is YesNo.UNKNOWN
    except ParseError:
        return False


# -- questions of the rule book ---------------------------------------------------------------

def kind_of(fact: Fact) -> str:
    kind = fact.kind
    return str(getattr(kind, "value", kind))


def kind_for_fact(fact: Fact) -> AnswerKind:
    """The answer kind of a rule-book fact.  Yes/no facts take "không biết": the verdict then says
    what the result depends on.  A date fact named ``*_month`` needs only the month; an ``*_end``
    date may not precede its ``*_start``."""
    kind = kind_of(fact)
    if kind == "bool":
        return YesNoAnswer(unknown=True)
    if kind == "date":
        start = fact.id[: -len("_end")] + "_start" if fact.id.endswith("_end") else None
        return DateAnswer(after=start, month_enough=fact.id.endswith("_month"))
    if kind == "count":
        return CountAnswer(min=int(fact.min or 0), max=int(fact.max if fact.max is not None else 20))
    if kind == "money":
        return MoneyAnswer(min=int(fact.min or 0), max=int(fact.max) if fact.max is not None else None)
    if kind == "months":
        return MonthsAnswer(min=int(fact.min or 0), max=int(fact.max if fact.max is not None else 600))
    if kind == "choice":
        return ChoiceAnswer(options=tuple(fact.choices))
    raise ValueError(f"fact {fact.id} has an unknown kind {kind}")


def question_for_fact(fact: Fact) -> Question:
    kind = kind_for_fact(fact)
    return Question(fact.id, kind, lambda tr: tr._(fact.question),
                    lambda tr: tr._(fact.help) if fact.help else kind.hint(tr))


def fact_buttons(fact: Fact, tr: Translator) -> tuple[tuple[Button, ...], ...]:
    return kind_for_fact(fact).buttons(tr)


def parse_answer(fact: Fact, event: Event, ctx: DialogContext, *, answers: Mapping[str, Any],
                 pending: Mapping[str, Any] | None = None) -> Any:
    """The JSON value of an answer to a rule-book fact; raises AnswerError."""
    return read_answer(question_for_fact(fact), event, ctx, answers=answers, pending=pending)


def answer_text(fact: Fact, value: Any, tr: Translator) -> str:
    """How an answer is shown back in the summary."""
    if value is None:
        return "—"
    kind = kind_for_fact(fact)
    if isinstance(value, date) and isinstance(kind, DateAnswer):
        return tr.date(value)
    return kind.show(value, tr)


def choice_options(options: Sequence[tuple[str, str]]) -> ChoiceAnswer:
    return ChoiceAnswer(options=tuple(options))
