"""/nophoso: fill in an application for one policy, check the summary, change any answer, submit.

The questions are declarations (:data:`QUESTIONS`): each names its answer kind from
:mod:`bot.dialogs.answers` (the same kinds the eligibility check uses: parser, check, hint,
message) and for which policies it is needed, so the employer's tax code is asked only where an
employer is involved and the children question only where children raise the amount.  Answers
are saved at every step, so a half-filled application survives a restart and can be resumed days
later.  Started from /kiemtra's verdict, the application takes the policy and the answers given
there and asks only what is missing.

"Hủy" while changing one answer cancels that change only; discarding the whole application asks
for a confirmation.  When the rules say the time to file has passed, the applicant is told so
plainly before sending, and chooses to send anyway or stop.

Steps: policy -> [late] -> field (one per question, address may add unit_pick) -> summary
       -> [edit_pick -> field -> summary] -> [late] -> submit effect -> done;
       confirm_discard from anywhere (back to where it was)
"""

from __future__ import annotations

from bot.parsing.text import ascii_digits

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.dialogs import menu
from bot.dialogs.answers import (
    AccountAnswer, AddressAnswer, AnswerError, CountAnswer, DateAnswer, NameAnswer, PersonIdAnswer, PhoneAnswer, Question,
    RowChoiceAnswer, TaxCodeAnswer, TextAnswer, YesNoAnswer, read_answer,
)
from bot.dialogs.core import (
    Button, ButtonPress, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen, TextInput,
)
from bot.dialogs.policy_labels import policy_button_label
from bot.i18n import Translator
from bot.rules import LateFiling, RuleBook, evaluate_policy

NAME = "apply"
SUBMIT_EFFECT = "application_submit"
BACK, CANCEL, SUBMIT, EDIT, DONE, CONTINUE, RESTART = "back", "cancel", "submit", "edit", "done", "continue", "restart"
DISCARD, KEEP, LATE_GO, LATE_STOP = "discard", "keep", "late_go", "late_stop"

EMPLOYEE_SITUATIONS = frozenset({"unpaid_leave", "work_stoppage", "contract_ended", "bhtn_participant",
                                 "performing_artist", "tour_guide"})
PERIOD_SITUATIONS = frozenset({"unpaid_leave", "work_stoppage", "covid_f0_f1", "household_business",
                               "freelance_worker", "performing_artist", "contract_ended"})
EMPLOYER_FILES = frozenset({"unpaid_leave", "work_stoppage"})
# Answers no longer asked: dropped from drafts saved before (none today).
RETIRED_FIELDS: frozenset[str] = frozenset()
# The eligibility check's date facts that give an application's period (start, end).
PERIOD_FACTS = (("leave_start", "leave_end"), ("stoppage_start", "stoppage_end"),
                ("treatment_start", "treatment_end"), ("closure_start", "closure_end"),
                ("job_loss_start", "job_loss_end"), ("performance_stop_start", "performance_stop_end"),
                ("termination_date", None))


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


QUESTIONS: tuple[Question, ...] = (
    Question("full_name", NameAnswer(), lambda tr: tr._("Your full name, as on your ID card?")),
    Question("birth_date", DateAnswer(past_only=True), lambda tr: tr._("Your birth date? (e.g. 15/7/1985)"),
             help=lambda tr: None),
    Question("sex", RowChoiceAnswer(options=(
        ("male", lambda tr: tr.pgettext("button", "Male")), ("female", lambda tr: tr.pgettext("button", "Female")))), lambda tr: tr._("Sex?")),
    Question("id_number", PersonIdAnswer(),
             lambda tr: tr._("Your ID number: the 12-digit CCCD or the old 9-digit CMND?")),
    Question("phone", PhoneAnswer(), lambda tr: tr._("A phone number where the office can reach you?")),
    Question("address_unit", AddressAnswer(),
             lambda tr: tr._("Where did you live at the time? Type the ward or commune and the province, e.g. "
                             "\"phường Tân Định, TP Hồ Chí Minh\". An address from before July 2025, with its "
                             "district, works too.")),
    Question("address_street", TextAnswer(),
             lambda tr: tr._("House number, street, village or hamlet (thôn/xóm/tổ)?")),
    Question("employer_name", TextAnswer(), lambda tr: tr._("Name of your employer (company, cooperative or unit)?"),
             needed=lambda a, p: p.employer),
    Question("employer_tax_code", TaxCodeAnswer(),
             lambda tr: tr._("Your employer's tax code (mã số thuế, 10 digits)? Type 0 if you do not know it."),
             needed=lambda a, p: p.employer),
    Question("period_start", DateAnswer(),
             lambda tr: tr._("From which date (start of the leave, stoppage, treatment or closure; for a terminated "
                             "contract, the date it ended)?"),
             needed=lambda a, p: p.period),
    Question("period_end", DateAnswer(after="period_start"),
             lambda tr: tr._("Until which date? Type the same date if it was one day."),
             needed=lambda a, p: p.period and "contract_ended" not in p.situations),
    Question("reason", TextAnswer(),
             lambda tr: tr._("In a few words, what happened and why (e.g. \"company closed by the authorities' "
                             "order\")?"),
             needed=lambda a, p: p.period),
    Question("pregnant", YesNoAnswer(), lambda tr: tr._("Are you pregnant?"),
             needed=lambda a, p: p.pregnancy and a.get("sex") == "female"),
    Question("children_under_6", CountAnswer(min=0, max=20),
             lambda tr: tr._("How many children under 6 do you raise for whom the other parent is NOT claiming "
                             "the supplement?"),
             needed=lambda a, p: p.children),
    # How the money reaches the person: the officer sees it on the application and in the approved list.
    Question("payment_method", RowChoiceAnswer(options=(
        ("bank", lambda tr: tr.pgettext("button", "To my bank account")),
        ("cash", lambda tr: tr.pgettext("button", "In cash (post office or commune)")))),
        lambda tr: tr._("How do you want to receive the money?")),
    Question("bank_name", TextAnswer(), lambda tr: tr._("Name of your bank (e.g. Vietcombank, Agribank)?"),
             needed=lambda a, p: a.get("payment_method") == "bank"),
    Question("bank_account", AccountAnswer(),
             lambda tr: tr._("Your account number at that bank (an account in your own name)?"),
             needed=lambda a, p: a.get("payment_method") == "bank"),
)
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}
# Kept for callers that knew the questions as fields.
FIELDS = QUESTIONS
FIELD_BY_ID = QUESTION_BY_ID


class ApplyDialog:
    name = NAME
    resumable = True

    def start(self, ctx: DialogContext, args: dict[str, Any] | None = None) -> Reply:
        """A fresh application; with ``policy_id`` (and /kiemtra's ``facts``) it starts at the first
        question still unanswered."""
        args = args or {}
        state = DialogState(NAME, "policy", 1, {"answers": {}, "policy_id": None})
        policy_id = args.get("policy_id")
        if policy_id in ctx.rules.policies:
            facts = dict(args.get("facts") or {})
            carried = _carry_answers(facts, _profile(ctx.rules, policy_id))
            state = state.with_data(policy_id=policy_id, facts=facts, answers=carried)
            return self._begin(state, ctx)
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
        if state.step == "confirm_discard":
            return Reply((self._discard_screen(ctx),), state)
        if state.step == "late":
            return Reply((self._late_screen(state, ctx),), state)
        return Reply((Screen(ctx.tr._("Please wait…")),), state)

    def handle(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, EffectResult):
            return self._on_submitted(state, event, ctx)
        if state.step == "confirm_discard":
            return self._on_confirm_discard(state, event, ctx)
        if isinstance(event, ButtonPress) and event.value == CANCEL:
            return self._on_cancel(state, ctx)
        if state.step == "resume":
            if isinstance(event, ButtonPress) and event.value == RESTART:
                return self.start(ctx)
            resumed = state.at(state.data.get("resume_step") or "summary")
            return self.render(resumed, ctx) if resumed.step != "field" else self._next(resumed, ctx)
        if state.step == "late":
            return self._on_late(state, event, ctx)
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
                if _late_deadline(state, ctx) is not None and not state.data.get("late_ok"):
                    late = state.at("late", late_then="submit")
                    return Reply((self._late_screen(late, ctx),), late)
                return self._submit(state)
            if isinstance(event, ButtonPress) and event.value == EDIT:
                return Reply((self._edit_screen(state, ctx),), state.at("edit_pick"))
            return Reply((self._summary_screen(state, ctx),), state)
        if state.step == "edit_pick":
            if isinstance(event, ButtonPress) and event.value in QUESTION_BY_ID:
                asked = state.at("field", current=event.value, editing=True)
                return Reply((self._field_screen(asked, ctx),), asked)
            if isinstance(event, ButtonPress) and event.value == DONE:
                return Reply((self._summary_screen(state, ctx),), state.at("summary"))
            return Reply((self._edit_screen(state, ctx),), state)
        if state.step == "submitting":  # a restart interrupted the submission: submitting again is safe
            return self._submit(state, advance=False)
        return self.render(state, ctx)

    # -- steps ------------------------------------------------------------------------------

    def _submit(self, state: DialogState, *, advance: bool = True) -> Reply:
        draft = dict(state.data["answers"], policy_id=state.data["policy_id"])
        if state.data.get("facts"):  # /kiemtra's answers: the officer's amount is computed from them too
            draft["eligibility_facts"] = dict(state.data["facts"])
        return Reply((), state.at("submitting") if advance else state, Effect(SUBMIT_EFFECT, {"draft": draft}))

    def _begin(self, state: DialogState, ctx: DialogContext) -> Reply:
        """The policy is known: warn first when the time to file has passed, then ask."""
        if _late_deadline(state, ctx) is not None:
            late = state.at("late", late_then="next")
            return Reply((self._intro_screen(state, ctx), self._late_screen(late, ctx)), late)
        return self._next(state, ctx, intro=True)

    def _on_policy(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        if isinstance(event, ButtonPress) and event.value.startswith("p:") and event.value[2:] in ctx.rules.policies:
            return self._begin(state.with_data(policy_id=event.value[2:]), ctx)
        if isinstance(event, TextInput):
            from bot.parsing import match_choice

            options = [(pid, (policy_button_label(ctx.rules, pid, ctx.tr), p.title, *p.aliases))
                       for pid, p in ctx.rules.policies.items()]
            chosen = match_choice(event.text, options)
            if chosen is not None:
                return self._begin(state.with_data(policy_id=chosen), ctx)
        return Reply((self._policy_screen(ctx),), state)

    def _on_late(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        """The applicant read that the time to file has passed: go on anyway, or stop here."""
        then = state.data.get("late_then", "next")
        if isinstance(event, ButtonPress) and event.value == LATE_GO:
            going = state.with_data(late_ok=True, late_then=None)
            if then == "submit":
                return self._submit(going)
            return self._next(going.at("field"), ctx, intro=False)
        if isinstance(event, ButtonPress) and event.value == LATE_STOP:
            buttons = menu.menu_buttons(ctx.tr, features=_features(ctx))
            if then != "submit":  # nothing typed yet: nothing to keep
                return Reply((Screen(ctx.tr._("Stopped. Nothing was sent."), buttons),), None)
            text = ctx.tr._("Stopped. Nothing was sent. Your answers are kept if you change your mind: send /nophoso "
                            "to continue.")
            return Reply((Screen(text, buttons),), state.at("summary", late_then=None))
        return Reply((self._late_screen(state, ctx),), state)

    def _on_cancel(self, state: DialogState, ctx: DialogContext) -> Reply:
        """"Hủy" while changing one answer cancels that change; otherwise ask before discarding all."""
        tr = ctx.tr
        if state.step in ("field", "unit_pick", "edit_pick") and state.data.get("editing") or state.step == "edit_pick":
            summary = state.at("summary", editing=False, current=None, candidates=None, pending=None)
            return Reply((Screen(tr._("Change cancelled; your earlier answer is kept.")),
                          self._summary_screen(summary, ctx)), summary)
        if not state.data.get("answers") and not state.data.get("policy_id"):
            return Reply((Screen(tr._("Application discarded. Nothing was sent."),
                                 menu.menu_buttons(tr, features=_features(ctx))),), None)
        asking = state.at("confirm_discard", discard_from=state.step)
        return Reply((self._discard_screen(ctx),), asking)

    def _on_confirm_discard(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        if isinstance(event, ButtonPress) and event.value == DISCARD:
            return Reply((Screen(tr._("Application discarded. Nothing was sent."),
                                 menu.menu_buttons(tr, features=_features(ctx))),), None)
        if isinstance(event, ButtonPress) and event.value == KEEP:
            back = state.at(state.data.get("discard_from") or "summary", discard_from=None)
            kept = self.render(back, ctx)
            return Reply((Screen(tr._("Good, your application is kept.")), *kept.screens), kept.state)
        return Reply((self._discard_screen(ctx),), state)

    def _on_field(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        question = QUESTION_BY_ID[state.data["current"]]
        try:
            value = read_answer(question, event, ctx, answers=state.data["answers"], pending=state.data.get("pending"))
        except AnswerError as error:
            kept = state.with_data(pending=error.pending) if error.pending else state
            return Reply((Screen(error.message(ctx.tr)), self._field_screen(kept, ctx)), kept)
        state = state.with_data(pending=None)
        if isinstance(question.kind, AddressAnswer) and isinstance(value, list):
            if len(value) == 1:
                value = value[0]
            else:
                picking = state.at("unit_pick", candidates=value)
                return Reply((self._unit_pick_screen(picking, ctx),), picking)
        return self._store(state, question.id, value, ctx)

    def _on_unit_pick(self, state: DialogState, event: Event, ctx: DialogContext) -> Reply:
        candidates = state.data.get("candidates") or []
        if isinstance(event, ButtonPress) and event.value.startswith("u:") and ascii_digits(event.value[2:]):
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
        answers = _drop_unneeded(answers, _profile(ctx.rules, state.data["policy_id"]))
        stored = state.with_data(answers=answers)
        if state.data.get("editing") and _next_field(stored, ctx) is None:
            summary = stored.at("summary", editing=False)
            return Reply((self._summary_screen(summary, ctx),), summary)
        return self._next(stored, ctx)

    def _next(self, state: DialogState, ctx: DialogContext, *, intro: bool = False) -> Reply:
        screens: list[Screen] = [self._intro_screen(state, ctx)] if intro else []
        question = _next_field(state, ctx)
        if question is None:
            summary = state.at("summary", editing=False)
            return Reply((*screens, self._summary_screen(summary, ctx)), summary)
        asked = state.at("field", current=question.id)
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
        ids = [q.id for q in QUESTIONS]
        order = [q for q in ids if q in answers and q != current]
        if current is not None:
            order = [q for q in order if ids.index(q) < ids.index(current)]
        if not order:
            return Reply((self._policy_screen(ctx),), state.at("policy", answers=answers, pending=None))
        previous = order[-1]
        answers.pop(previous, None)
        asked = state.at("field", current=previous, answers=answers, pending=None)
        return Reply((self._field_screen(asked, ctx),), asked)

    def _on_submitted(self, state: DialogState, event: EffectResult, ctx: DialogContext) -> Reply:
        tr = ctx.tr
        value = event.value
        home = ((Button(tr.pgettext("button", "Main menu"), menu.MENU_HOME),),)
        if value.get("duplicate") is not None:  # only ever this user's own earlier application
            text = tr._("You have already applied for this policy with this ID number (reference code {code}). "
                        "The office has your application; you do not need to send it again. Use /tracuu to "
                        "follow it.").format(code=value["duplicate"] or "—")
            return Reply((Screen(text, home),), None)
        if value.get("possible_duplicate"):  # someone else used this ID: reveal nothing about them
            text = "\n\n".join((
                tr._("<b>Application sent.</b> Your reference code: <code>{code}</code>").format(
                    code=value["reference_code"]),
                tr._("The office needs to check some details of this application and will contact you. "
                     "Keep this code; quote it when you contact the office.")))
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
        rows = tuple((Button(policy_button_label(ctx.rules, pid, tr), f"p:{pid}"),) for pid in ctx.rules.policies)
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
        carried = len(state.data.get("answers") or {})
        if carried:
            lines.append(tr.ngettext("I have taken {n} answer from your eligibility check; I will ask only what is "
                                     "still missing.",
                                     "I have taken {n} answers from your eligibility check; I will ask only what "
                                     "is still missing.", carried).format(n=carried))
        lines.append(tr._("Answer each question; you will see a summary and can change anything before sending."))
        return Screen("\n\n".join(lines))

    def _late_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        late = _late(state, ctx)
        shown = tr.date(late[0]) if late else "—"
        consequence = late[1] if late else None
        lines = [tr._("⚠ <b>The time to apply for this policy has passed.</b>"),
                 tr._("Under the rules, applications had to be filed by {date}.").format(date=shown)]
        if consequence is not None:
            lines.append(tr._("What the law says follows: {text} ({citation})").format(
                text=html.escape(tr._(consequence.text)), citation=html.escape(str(consequence.citation))))
        else:
            lines.append(tr._("The office will most likely refuse a late application, and you may have lost this "
                              "support."))
        lines.append(tr._("You can still send it (for example if you had a serious reason for being late, which the "
                          "office may consider), or stop here."))
        rows = ((Button(tr.pgettext("button", "Continue anyway"), LATE_GO),),
                (Button(tr.pgettext("button", "Stop here"), LATE_STOP),))
        return Screen("\n\n".join(lines), rows)

    def _discard_screen(self, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = ((Button(tr.pgettext("button", "Yes, discard the application"), DISCARD),),
                (Button(tr.pgettext("button", "No, keep it"), KEEP),))
        return Screen(tr._("Discard the whole application? Your answers will be deleted and nothing will be sent."),
                      rows)

    def _field_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        question = QUESTION_BY_ID[state.data["current"]]
        rows: list[tuple[Button, ...]] = list(question.kind.buttons(tr))
        lines = [f"<b>{question.text(tr)}</b>"]
        hint = question.help_text(tr)
        if hint:
            lines.append(hint)
        pending = state.data.get("pending") or {}
        if pending.get("month"):
            year, month = pending["month"].split("-")
            lines.append(tr._("You typed the month {month}; now type the day.").format(month=f"{month}/{year}"))
        if state.data.get("editing") and question.id in state.data["answers"]:
            lines.append(tr._("Your previous answer: {answer}").format(
                answer=question.kind.show(state.data["answers"][question.id], tr)))
            rows.append((Button(tr.pgettext("button", "Cancel this change"), CANCEL),))
        else:
            rows.append((Button(tr.pgettext("button", "Back"), BACK), Button(tr.pgettext("button", "Cancel"), CANCEL)))
        return Screen("\n\n".join(lines), tuple(rows))

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
        for question in QUESTIONS:
            if question.id in state.data["answers"]:
                shown = question.kind.show(state.data["answers"][question.id], tr)
                lines.append(f"• {_label(question, tr)}: <b>{shown}</b>")
        deadline = _late_deadline(state, ctx)
        if deadline is not None:
            lines.append(tr._("⚠ The time to apply for this policy ended on {date}; the office will most likely "
                              "refuse a late application.").format(date=tr.date(deadline)))
        rows = ((Button(tr.pgettext("button", "Send the application"), SUBMIT),),
                (Button(tr.pgettext("button", "Change an answer"), EDIT),),
                (Button(tr.pgettext("button", "Cancel"), CANCEL),))
        return Screen("\n".join(lines), rows)

    def _edit_screen(self, state: DialogState, ctx: DialogContext) -> Screen:
        tr = ctx.tr
        rows = tuple((Button(_short(_label(q, tr)), q.id),) for q in QUESTIONS if q.id in state.data["answers"])
        return Screen(tr._("Which answer do you want to change?"),
                      rows + ((Button(tr.pgettext("button", "Back to the summary"), DONE),),))


def _label(question: Question, tr: Translator) -> str:
    labels = {
        "full_name": tr._("Full name"), "birth_date": tr._("Birth date"), "sex": tr._("Sex"),
        "id_number": tr._("ID number"), "phone": tr._("Phone"), "address_unit": tr._("Ward or commune, province"),
        "address_street": tr._("Address"), "employer_name": tr._("Employer"),
        "employer_tax_code": tr._("Employer's tax code"), "period_start": tr._("From"), "period_end": tr._("Until"),
        "reason": tr._("What happened"), "pregnant": tr._("Pregnant"),
        "children_under_6": tr._("Children under 6"), "payment_method": tr._("How the money is received"),
        "bank_name": tr._("Bank"), "bank_account": tr._("Account number"),
    }
    return labels[question.id]


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


def _next_field(state: DialogState, ctx: DialogContext) -> Question | None:
    profile = _profile(ctx.rules, state.data["policy_id"])
    answers = state.data["answers"]
    return next((q for q in QUESTIONS if q.id not in answers and q.needed(answers, profile)), None)


def _drop_unneeded(answers: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """Answers that no longer apply (e.g. pregnancy after sex changed) are forgotten."""
    return {k: v for k, v in answers.items()
            if k not in RETIRED_FIELDS and (k not in QUESTION_BY_ID or QUESTION_BY_ID[k].needed(answers, profile))}


def _carry_answers(facts: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """The application's answers that /kiemtra already gave: the period, pregnancy, children.

    "Không biết" answers are not carried: the application asks them again."""
    carried: dict[str, Any] = {}
    for start, end in PERIOD_FACTS:
        if isinstance(facts.get(start), str) and len(facts[start]) == 10:
            carried["period_start"] = facts[start]
            if end and isinstance(facts.get(end), str) and len(facts[end]) == 10:
                carried["period_end"] = facts[end]
            break
    if facts.get("pregnant") is True:
        carried["pregnant"] = True
        carried["sex"] = "female"
    elif facts.get("pregnant") is False:
        carried["pregnant"] = False
    if isinstance(facts.get("children_under_6"), int) and facts.get("other_parent_claims") is not True:
        carried["children_under_6"] = facts["children_under_6"]
    return {k: v for k, v in carried.items() if QUESTION_BY_ID[k].needed({**carried, "sex": "female"}, profile)
            or k == "sex"}


def _policy_facts(state: DialogState, ctx: DialogContext) -> dict[str, Any]:
    """What the rules know of this applicant: /kiemtra's answers, plus the application's period as the
    policy's own dates."""
    policy = ctx.rules.policies[state.data["policy_id"]]
    facts: dict[str, Any] = {}
    for fact_id, value in (state.data.get("facts") or {}).items():
        if value == "unknown" or fact_id not in ctx.rules.facts:
            continue
        kind = str(getattr(ctx.rules.facts[fact_id].kind, "value", ctx.rules.facts[fact_id].kind))
        facts[fact_id] = date.fromisoformat(value) if kind == "date" and isinstance(value, str) and len(value) == 10 \
            else value
    answers = state.data.get("answers") or {}
    reference = policy.reference_date
    if reference and reference not in facts and isinstance(answers.get("period_start"), str):
        facts[reference] = date.fromisoformat(answers["period_start"])
        if reference.endswith("_start") and isinstance(answers.get("period_end"), str):
            facts[reference[: -len("_start")] + "_end"] = date.fromisoformat(answers["period_end"])
    return facts


def _late_deadline(state: DialogState, ctx: DialogContext) -> date | None:
    """The filing deadline when the rules say it has passed for this applicant, else None."""
    late = _late(state, ctx)
    return late[0] if late else None


def _late(state: DialogState, ctx: DialogContext) -> tuple[date, LateFiling | None] | None:
    """The passed filing deadline and what the law in force says follows (benefit lost, months
    reserved…), or None while the time to file is still open.

    The rules' verdict decides where it can (deadlines that run from the applicant's own dates);
    a fixed deadline of the policy counts even before every condition is known."""
    policy_id = state.data.get("policy_id")
    if policy_id not in ctx.rules.policies:
        return None
    policy = ctx.rules.policies[policy_id]
    facts = _policy_facts(state, ctx)
    try:
        verdict = evaluate_policy(ctx.rules, policy_id, facts, ctx.today)
    except (LookupError, ValueError, TypeError):
        verdict = None
    if verdict is not None and verdict.deadline_passed and verdict.deadline is not None:
        return verdict.deadline, verdict.late_filing
    spec = policy.deadline
    if spec is not None and spec.param and spec.param in policy.parameters:
        reference = facts.get(policy.reference_date or "")
        found = policy.parameters[spec.param].at(reference if isinstance(reference, date) else ctx.today)
        deadline = getattr(found, "value", found)
        if isinstance(deadline, date) and deadline < ctx.today:
            return deadline, spec.late
    return None


def _features(ctx: DialogContext) -> menu.Menu:
    return ctx.extras.get("features") or menu.Menu()  # the person's menu, from the feature declarations


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
