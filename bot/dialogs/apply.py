"""/nophoso: fill in an application for one policy, check the summary, change any answer, submit.

The questions are data (:data:`FIELDS`): each says what it asks, how the answer is read, and for
which policies it is needed, so the employer's tax code is asked only where an employer is
involved and the children question only where children raise the amount.  Answers are saved at
every step, so a half-filled application survives a restart and can be resumed days later.

Steps: policy -> field (one per question, address may add unit_pick) -> summary
       -> [edit_pick -> field -> summary] -> submit effect -> done
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.dialogs import menu
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.dialogs.parse_errors import parse_error_message
from bot.i18n import Translator
from bot.parsing import (
    ParseError, check_person_id, fold, mask_account, match_legacy_unit, normalize_account, normalize_name,
    normalize_phone, parse_count, parse_date, parse_person_id, parse_yes_no,
)
from bot.rules import RuleBook

NAME = "apply"
SUBMIT_EFFECT = "application_submit"
BACK, CANCEL, SUBMIT, EDIT, DONE, CONTINUE, RESTART = "back", "cancel", "submit", "edit", "done", "continue", "restart"

EMPLOYEE_SITUATIONS = frozenset({"unpaid_leave", "work_stoppage", "contract_ended", "bhtn_participant",
                                 "performing_artist", "tour_guide"})
PERIOD_SITUATIONS = frozenset({"unpaid_leave", "work_stoppage", "covid_f0_f1", "household_business",
                               "freelance_worker", "performing_artist", "contract_ended"})
EMPLOYER_FILES = frozenset({"unpaid_leave", "work_stoppage"})


@dataclass(frozen=True)
class Profile:
    """What a policy needs from an application: from the situations that lead to it, and from its
    rule file (pregnancy and children are asked only where they raise the amount)."""

    situations: frozenset[str]
    pregnancy: bool = False
    children: bool = False

    @property
    def employer(self) -> bool:
        return bool(self.situations & EMPLOYEE_SITUATIONS)

    @property
    def period(self) -> bool:
        return bool(self.situations & PERIOD_SITUATIONS)

    @property
    def filed_by_employer(self) -> bool:
        return bool(self.situations & EMPLOYER_FILES)


@dataclass(frozen=True)
class Field:
    id: str
    kind: str
    question: Callable[[Translator], str]
    needed: Callable[[dict[str, Any], Profile], bool] = lambda answers, profile: True


FIELDS: tuple[Field, ...] = (
    Field("full_name", "name", lambda tr: tr._("Your full name, as on your ID card?")),
    Field("birth_date", "birth_date", lambda tr: tr._("Your birth date? (e.g. 15/7/1985)")),
    Field("sex", "sex", lambda tr: tr._("Sex?")),
    Field("id_number", "person_id", lambda tr: tr._("Your ID number: the 12-digit CCCD or the old 9-digit CMND?")),
    Field("phone", "phone", lambda tr: tr._("A phone number where the office can reach you?")),
    Field("address_unit", "unit", lambda tr: tr._("Where did you live at the time? Type the commune (xã/phường), district "
                                                  "and province, e.g. \"xã Ninh Quang, thị xã Ninh Hòa, Khánh Hòa\".")),
    Field("address_street", "text", lambda tr: tr._("House number, street, village or hamlet (thôn/xóm/tổ)?")),
    Field("employer_name", "text", lambda tr: tr._("Name of your employer (company, cooperative or unit)?"),
          lambda a, p: p.employer),
    Field("employer_tax_code", "tax_code", lambda tr: tr._("Your employer's tax code (mã số thuế, 10 digits)? "
                                                           "Type 0 if you do not know it."),
          lambda a, p: p.employer),
    Field("period_start", "date", lambda tr: tr._("From which date (start of the leave, stoppage, treatment or "
                                                  "closure; for a terminated contract, the date it ended)?"),
          lambda a, p: p.period),
    Field("period_end", "date", lambda tr: tr._("Until which date? Type the same date if it was one day."),
          lambda a, p: p.period and "contract_ended" not in p.situations),
    Field("reason", "text", lambda tr: tr._("In a few words, what happened and why (e.g. \"company closed by the "
                                            "district's order\")?"), lambda a, p: p.period),
    Field("pregnant", "bool", lambda tr: tr._("Are you pregnant?"),
          lambda a, p: p.pregnancy and a.get("sex") == "female"),
    Field("children_under_6", "count", lambda tr: tr._("How many children under 6 do you raise for whom the other "
                                                       "parent is NOT claiming the supplement?"),
          lambda a, p: p.children),
    Field("payment_method", "payment", lambda tr: tr._("How do you want to be paid?")),
    Field("bank_name", "text", lambda tr: tr._("Name of your bank (e.g. Vietcombank, Agribank)?"),
          lambda a, p: a.get("payment_method") == "bank"),
    Field("bank_account", "account", lambda tr: tr._("Your account number at that bank (in your own name)?"),
          lambda a, p: a.get("payment_method") == "bank"),
)
FIELD_BY_ID = {f.id: f for f in FIELDS}


class ApplyDialog:
    name = NAME
    resumable = True

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        state = DialogState(NAME, "policy", 1, {"answers": {}, "policy_id": None})
        policy_id = (args or {}).get("policy_id")
        if policy_id in ctx.rules.policies:
            return self._next(state.with_data(policy_id=policy_id), ctx, intro=True)
        return Reply((self._policy_screen(ctx),), state)

    def resume(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Offer to continue a saved draft, or start over."""
        tr = ctx.tr
        answered = len(state.data.get("answers", {}))
        text = tr._("You have an application in progress ({n} answers saved). Continue it?").format(n=answered)
        rows = ((Button(tr.pgettext("button", "Continue"), CONTINUE),),
                (Button(tr.pgettext("button", "Start over"), RESTART),))
        return Reply((Screen(text, rows),), state.at("resume", resume_step=state.step))

    def render(self, state: DialogState, ctx: DialogContext) -> Reply:
        if state.step == "resume":
            return self.resume(state.at(state.data.get("resume_step", "summary")), ctx)
        if state.step == "policy":
            return Reply((self._policy_screen(ctx),), state)
        if state.step == "summary":
            return Reply((self._summary_screen(state, ctx),), state)
        if state.step == "edit_pick":
            return Reply((self._edit_screen(state, ctx),), state)
        if state.step == "unit_pick":
            return Reply((self._unit_pick_screen(state, ctx),), state)
        if state.step == "field":
            return Reply((self._field_screen(state, ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, EffectResult):
            return self._on_submitted(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return Reply((Screen(tr._("Application discarded. Nothing was sent."),
                                 menu.menu_buttons(tr, features=_features(ctx))),), None)
        if state.step == "resume":
            if isinstance(event, ButtonPress) and event.value == RESTART:
                return self.start(ctx)
            resumed = state.at(state.data.get("resume_step") or "summary")
            return self.render(resumed, ctx) if resumed.step != "field" else self._next(resumed, ctx)
        if isinstance(event, ButtonPress) and event.value == BACK:
            return self._back(state, ctx)
        if state.step == "policy":
            return self._on_policy(state, event, ctx)
        if state.step == "field":
            return self._on_field(state, event, ctx)
        if state.step == "unit_pick":
            return self._on_unit_pick(state, event, ctx)
        if state.step == "summary":
            if isinstance(event, ButtonPress) and event.value == SUBMIT:
                draft = dict(state.data["answers"], policy_id=state.data["policy_id"])
                return Reply((), state.at("submitting"), Effect(SUBMIT_EFFECT, {"draft": draft}))
            if isinstance(event, ButtonPress) and event.value == EDIT:
                return Reply((self._edit_screen(state, ctx),), state.at("edit_pick"))
            return Reply((self._summary_screen(state, ctx),), state)
        if state.step == "edit_pick":
            if isinstance(event, ButtonPress) and event.value in FIELD_BY_ID:
                asked = state.at("field", current=event.value, editing=True)
                return Reply((self._field_screen(asked, ctx),), asked)
            if isinstance(event, ButtonPress) and event.value == DONE:
                return Reply((self._summary_screen(state, ctx),), state.at("summary"))
            return Reply((self._edit_screen(state, ctx),), state)
        if state.step == "submitting":  # a restart interrupted the submission: submitting again is safe
            draft = dict(state.data["answers"], policy_id=state.data["policy_id"])
            return Reply((), state, Effect(SUBMIT_EFFECT, {"draft": draft}))
        return self.render(state, ctx)

    # -- steps ------------------------------------------------------------------------------

    def _on_policy(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value.startswith("p:") and event.value[2:] in ctx.rules.policies:
            return self._next(state.with_data(policy_id=event.value[2:]), ctx, intro=True)
        return Reply((self._policy_screen(ctx),), state)

    def _on_field(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        field = FIELD_BY_ID[state.data["current"]]
        try:
            value = read_field(field, event, ctx, state.data["answers"])
        except FieldError as error:
            return Reply((Screen(error.message(ctx.tr)), self._field_screen(state, ctx)), state)
        if field.kind == "unit" and isinstance(value, list):
            if len(value) == 1:
                value = value[0]
            else:
                picking = state.at("unit_pick", candidates=value)
                return Reply((self._unit_pick_screen(picking, ctx),), picking)
        return self._store(state, field.id, value, ctx)

    def _on_unit_pick(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        candidates = state.data.get("candidates") or []
        if isinstance(event, ButtonPress) and event.value.startswith("u:") and event.value[2:].isdigit():
            index = int(event.value[2:])
            if 0 <= index < len(candidates):
                return self._store(state.with_data(candidates=None), "address_unit", candidates[index], ctx)
        if isinstance(event, ButtonPress) and event.value == "retype":
            asked = state.at("field", current="address_unit", candidates=None)
            return Reply((self._field_screen(asked, ctx),), asked)
        return Reply((self._unit_pick_screen(state, ctx),), state)

    def _store(self, state: DialogState, field_id: str, value: Any, ctx: DialogContext) -> Reply:
        answers = dict(state.data["answers"])
        answers[field_id] = value
        if field_id == "payment_method" and value == "cash":
            answers.pop("bank_name", None)
            answers.pop("bank_account", None)
        answers = _drop_unneeded(answers, _profile(ctx.rules, state.data["policy_id"]))
        stored = state.with_data(answers=answers)
        if state.data.get("editing") and _next_field(stored, ctx) is None:
            summary = stored.at("summary", editing=False)
            return Reply((self._summary_screen(summary, ctx),), summary)
        return self._next(stored, ctx)

    def _next(self, state: DialogState, ctx: DialogContext, *, intro: bool = False) -> Reply:
        screens: list[Screen] = [self._intro_screen(state, ctx)] if intro else []
        field = _next_field(state, ctx)
        if field is None:
            summary = state.at("summary", editing=False)
            return Reply((*screens, self._summary_screen(summary, ctx)), summary)
        asked = state.at("field", current=field.id)
        return Reply((*screens, self._field_screen(asked, ctx)), asked)

    def _back(self, state: DialogState, ctx: DialogContext) -> Reply:
        """Go to the previous question, forgetting its answer so it is asked again."""
        if state.step in ("edit_pick", "unit_pick"):
            return Reply((self._summary_screen(state, ctx),), state.at("summary"))
        profile = _profile(ctx.rules, state.data["policy_id"]) if state.data.get("policy_id") else None
        if profile is None:
            return Reply((self._policy_screen(ctx),), state.at("policy"))
        answers = dict(state.data["answers"])
        current = state.data.get("current") if state.step == "field" else None
        order = [f.id for f in FIELDS if f.id in answers and f.id != current]
        if current is not None:
            index = [f.id for f in FIELDS].index(current)
            order = [f for f in order if [x.id for x in FIELDS].index(f) < index]
        if not order:
            return Reply((self._policy_screen(ctx),), state.at("policy", answers=answers))
        previous = order[-1]
        answers.pop(previous, None)
        asked = state.at("field", current=previous, answers=answers)
        return Reply((self._field_screen(asked, ctx),), asked)

    def _on_submitted(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        value = event.value
        home = ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)
        if value.get("duplicate") is not None:
            text = tr._("You have already applied for this policy with this ID number (reference code {code}). "
                        "The office has your application; you do not need to send it again. Use /tracuu to "
                        "follow it.").format(code=value["duplicate"] or "—")
            return Reply((Screen(text, home),), None)
        policy = ctx.rules.policies[state.data["policy_id"]]
        lines = [tr._("<b>Application sent.</b> Your reference code: <code>{code}</code>").format(code=value["reference_code"]),
                 tr._("Keep this code; quote it when you contact the office.")]
        lines.append(_next_steps(tr, policy, _profile(ctx.rules, state.data["policy_id"])))
        lines.append(tr._("You can check its status at any time with /tracuu."))
        return Reply((Screen("\n\n".join(lines), home),), None)

    # -- screens ----------------------------------------------------------------------------

    def _policy_screen(self, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = tuple((Button(_short(tr._(p.title)), f"p:{pid}"),) for pid, p in ctx.rules.policies.items())
        return Screen(tr._("<b>Apply for support</b>\n\nWhich policy are you applying for? (If you are not sure, "
                           "run /kiemtra first.)"), rows + ((Button(tr.pgettext("button", "Cancel"), CANCEL),),))

    def _intro_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        policy = ctx.rules.policies[state.data["policy_id"]]
        profile = _profile(ctx.rules, policy.id)
        lines = [tr._("Application for: <b>{policy}</b>").format(policy=html.escape(tr._(policy.title)))]
        if profile.filed_by_employer:
            lines.append(tr._("Note: for this policy the official dossier is filed by your employer. Your application "
                              "tells the office and lets them check that you are on the employer's list."))
        filing = getattr(policy, "filing", None)
        if filing is not None and getattr(filing, "who", ""):
            lines.append(tr._("Who files the dossier: {who}").format(who=html.escape(tr._(filing.who))))
        lines.append(tr._("Answer each question; you will see a summary and can change anything before sending."))
        return Screen("\n\n".join(lines))

    def _field_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        field = FIELD_BY_ID[state.data["current"]]
        rows: list[tuple[Button, ...]] = []
        if field.kind == "sex":
            rows.append((Button(tr.pgettext("button", "Male"), "c:male"), Button(tr.pgettext("button", "Female"), "c:female")))
        elif field.kind == "bool":
            rows.append((Button(tr.pgettext("button", "Yes"), "yes"), Button(tr.pgettext("button", "No"), "no")))
        elif field.kind == "count":
            rows.append(tuple(Button(str(n), f"n:{n}") for n in range(4)))
        elif field.kind == "payment":
            rows.append((Button(tr.pgettext("button", "Bank account"), "c:bank"),
                         Button(tr.pgettext("button", "Cash"), "c:cash")))
        rows.append((Button(tr.pgettext("button", "Back"), BACK), Button(tr.pgettext("button", "Cancel"), CANCEL)))
        return Screen(f"<b>{field.question(tr)}</b>", tuple(rows))

    def _unit_pick_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = tuple((Button(_short(c["label"]), f"u:{i}"),) for i, c in enumerate(state.data.get("candidates") or []))
        rows += ((Button(tr.pgettext("button", "None of these, type again"), "retype"),),)
        return Screen(tr._("Which of these did you mean?"), rows)

    def _summary_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        policy = ctx.rules.policies[state.data["policy_id"]]
        lines = [tr._("<b>Please check your application</b>"),
                 tr._("Policy: {policy}").format(policy=html.escape(tr._(policy.title)))]
        for field in FIELDS:
            if field.id in state.data["answers"]:
                shown = display_value(field, state.data["answers"][field.id], tr)
                lines.append(f"• {_label(field, tr)}: <b>{shown}</b>")
        deadline = getattr(policy, "deadline", None)
        if isinstance(deadline, date) and deadline < ctx.today:
            lines.append(tr._("⚠ The deadline for this policy was {date}; the office may no longer accept it.").format(
                date=tr.date(deadline)))
        rows = ((Button(tr.pgettext("button", "Send the application"), SUBMIT),),
                (Button(tr.pgettext("button", "Change an answer"), EDIT),),
                (Button(tr.pgettext("button", "Cancel"), CANCEL),))
        return Screen("\n".join(lines), rows)

    def _edit_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = tuple((Button(_short(_label(f, tr)), f.id),) for f in FIELDS if f.id in state.data["answers"])
        return Screen(tr._("Which answer do you want to change?"),
                      rows + ((Button(tr.pgettext("button", "Back to the summary"), DONE),),))


class FieldError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params

    def message(self, tr: Translator) -> str:
        p = self.params
        texts = {
            "use_buttons": tr._("Please answer with one of the buttons."),
            "unit_unknown": tr._("I could not find that place. Type the commune, district and province, e.g. "
                                 "\"phường 1, quận 3, TP Hồ Chí Minh\"."),
            "tax_code": tr._("A tax code has 10 digits (or 10 digits, a dash and 3 more). Type 0 if you do not know it."),
            "text_short": tr._("Please write a little more."),
            "text_long": tr._("That is too long; please keep it under 200 characters."),
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
        text = texts.get(self.code)
        if text is None:
            return parse_error_message(tr, ParseError(self.code, **p))
        try:
            return text.format(**p)
        except (KeyError, IndexError):
            return text


def read_field(field: Field, event: Event, ctx: DialogContext, answers: dict[str, Any]) -> Any:
    """The JSON value of one answer; FieldError explains a refusal."""
    kind = field.kind
    if isinstance(event, ButtonPress):
        value = event.value
        if kind in ("sex", "payment") and value.startswith("c:"):
            return value[2:]
        if kind == "bool" and value in ("yes", "no"):
            return value == "yes"
        if kind == "count" and value.startswith("n:") and value[2:].isdigit():
            return int(value[2:])
        raise FieldError("use_buttons")
    if not isinstance(event, TextInput):
        raise FieldError("use_buttons")
    text = event.text.strip()
    try:
        return _read_text(kind, text, ctx, answers)
    except ParseError as error:
        raise FieldError(error.code, **error.params) from error


def _read_text(kind: str, text: str, ctx: DialogContext, answers: dict[str, Any]) -> Any:
    if kind == "name":
        return normalize_name(text)
    if kind == "birth_date":
        return parse_date(text, today=ctx.today, allow_future=False).isoformat()
    if kind == "date":
        return parse_date(text, today=ctx.today).isoformat()
    if kind == "person_id":
        pid = parse_person_id(text)
        born = date.fromisoformat(answers["birth_date"]) if answers.get("birth_date") else None
        check_person_id(pid, birth_date=born, sex=answers.get("sex"))
        return pid.number
    if kind == "phone":
        return normalize_phone(text)
    if kind == "account":
        return normalize_account(text)
    if kind == "bool":
        return parse_yes_no(text)
    if kind == "count":
        return parse_count(text, min=0, max=20)
    if kind in ("sex", "payment"):
        return _choice_text(kind, text)
    if kind == "tax_code":
        digits = text.replace(" ", "").replace(".", "")
        if digits == "0":
            return ""
        plain = digits.replace("-", "")
        if not plain.isdigit() or len(plain) not in (10, 13):
            raise FieldError("tax_code")
        return digits
    if kind == "unit":
        candidates = match_legacy_unit(text)
        if not candidates:
            raise FieldError("unit_unknown")
        return [_unit_json(c) for c in candidates[:5]]
    if len(text) < 2:
        raise FieldError("text_short")
    if len(text) > 200:
        raise FieldError("text_long")
    return text


def _choice_text(kind: str, text: str) -> str:
    typed = fold(text).strip().lower()
    options = {"sex": {"nam": "male", "nu": "female", "male": "male", "female": "female"},
               "payment": {"ngan hang": "bank", "tai khoan": "bank", "chuyen khoan": "bank", "bank": "bank",
                           "tien mat": "cash", "cash": "cash"}}[kind]
    if typed in options:
        return options[typed]
    raise FieldError("use_buttons")


def _unit_json(candidate: Any) -> dict[str, Any]:
    """A matched administrative unit as saved in the draft (old units plus today's)."""
    get = lambda name: getattr(candidate, name, "") or ""  # noqa: E731
    label = ", ".join(x for x in (get("ward_name"), get("district_name"), get("province_name")) if x)
    current = ", ".join(x for x in (get("current_ward_name"), get("current_province_name")) if x)
    return {"label": label, "current_label": current, "province_code": get("province_code"),
            "district_code": get("district_code"), "ward_code": get("ward_code"),
            "current_province_code": get("current_province_code"), "current_ward_code": get("current_ward_code")}


def display_value(field: Field, value: Any, tr: Translator) -> str:
    if field.kind in ("birth_date", "date"):
        return tr.date(date.fromisoformat(value))
    if field.kind == "sex":
        return tr.pgettext("button", "Male") if value == "male" else tr.pgettext("button", "Female")
    if field.kind == "bool":
        return tr.pgettext("button", "Yes") if value else tr.pgettext("button", "No")
    if field.kind == "payment":
        return tr.pgettext("button", "Bank account") if value == "bank" else tr.pgettext("button", "Cash")
    if field.kind == "account":
        return mask_account(value)
    if field.kind == "unit":
        current = value.get("current_label")
        shown = html.escape(value.get("label", ""))
        return shown + (tr._(" (today: {unit})").format(unit=html.escape(current)) if current else "")
    if field.kind == "tax_code" and not value:
        return tr._("(not known)")
    return html.escape(str(value))


def _label(field: Field, tr: Translator) -> str:
    labels = {
        "full_name": tr._("Full name"), "birth_date": tr._("Birth date"), "sex": tr._("Sex"),
        "id_number": tr._("ID number"), "phone": tr._("Phone"), "address_unit": tr._("Commune, district, province"),
        "address_street": tr._("Address"), "employer_name": tr._("Employer"),
        "employer_tax_code": tr._("Employer's tax code"), "period_start": tr._("From"), "period_end": tr._("Until"),
        "reason": tr._("What happened"), "pregnant": tr._("Pregnant"),
        "children_under_6": tr._("Children under 6"), "payment_method": tr._("Payment"),
        "bank_name": tr._("Bank"), "bank_account": tr._("Account number"),
    }
    return labels[field.id]


def _next_steps(tr: Translator, policy: Any, profile: Profile) -> str:
    filing = getattr(policy, "filing", None)
    parts = [tr._("<b>What happens next</b>")]
    if profile.filed_by_employer:
        parts.append(tr._("Your employer files the dossier for its workers; ask them to include you. The office will "
                          "match your application with the employer's list."))
    if filing is not None:
        if getattr(filing, "where", ""):
            parts.append(tr._("Where the dossier goes: {where}").format(where=html.escape(tr._(filing.where))))
        if getattr(filing, "papers", None):
            parts.append(tr._("Papers to prepare: {papers}").format(
                papers="; ".join(html.escape(tr._(p)) for p in filing.papers)))
    parts.append(tr._("When the office approves the list, you will get a message here."))
    return "\n".join(parts)


def _profile(rules: RuleBook, policy_id: str) -> Profile:
    supplements = rules.policies[policy_id].supplements
    return Profile(frozenset(s.id for s in rules.situations if policy_id in s.policy_ids),
                   pregnancy=any(x.when == "pregnant" for x in supplements),
                   children=any(x.per == "children_under_6" for x in supplements))


def _next_field(state: DialogState, ctx: DialogContext) -> Field | None:
    profile = _profile(ctx.rules, state.data["policy_id"])
    answers = state.data["answers"]
    return next((f for f in FIELDS if f.id not in answers and f.needed(answers, profile)), None)


def _drop_unneeded(answers: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """Answers that no longer apply (e.g. pregnancy after sex changed) are forgotten."""
    return {k: v for k, v in answers.items() if k not in FIELD_BY_ID or FIELD_BY_ID[k].needed(answers, profile)}


def _features(ctx: DialogContext) -> menu.Menu:
    return ctx.extras.get("features") or menu.Menu()  # the person's menu, from the feature declarations


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
