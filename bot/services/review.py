"""Reviewing applications on time (/duyet): the queue of an officer's area, one application with
its possible duplicates, and the decision (approve, reject, send back), checked here, not only in
the handlers.

Every call takes the officer's :class:`OfficerScope`; ``decide`` looks the scope up again (through
the injected ``scope_of``) so an officer removed or moved mid-dialog cannot decide any more.  A
decision, the applicant's notice (through the outbox, in their language) and the audit event are
written in the caller's transaction: all three happen or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import OfficerScope
from bot.domain.processing_times import DeadlineMark, Timeliness, received_on, timeliness
from bot.parsing import mask_id
from bot.rules import RuleBook
from bot.services.clock import Clock
from bot.services.officer_scope import ScopeOf
from bot.services.review_amount import computed_amount
from storage.repositories.audit import AuditAction, AuditEntry, AuditRepository
from storage.repositories.publication import PublicationRepository
from storage.repositories.review import ApplicationRow, AreaCodes, ReviewRepository

PAGE_SIZE = 10
MAX_NOTE = 500
DIGEST_HOUR = 7  # local time: the digest goes out on the first run after 07:00


class DecisionKind(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"  # sent back: a paper is missing


class RejectReason(StrEnum):
    """The refusals offices give most; ``OTHER`` needs a typed explanation."""

    NOT_ELIGIBLE = "not_eligible"
    ALREADY_SUPPORTED = "already_supported"
    WRONG_PLACE = "wrong_place"
    FALSE_INFORMATION = "false_information"
    DUPLICATE = "duplicate"
    OTHER = "other"


class DecisionOutcome(StrEnum):
    DONE = "done"
    ALREADY_DECIDED = "already_decided"
    NOT_FOUND = "not_found"          # also: outside the officer's area (never say which)
    NOT_OFFICER = "not_officer"      # no longer an officer, or read-only
    REASON_NEEDED = "reason_needed"  # a refusal without a reason, a changed amount without one
    AMOUNT_NEEDED = "amount_needed"  # the rules give no amount and none was typed


APPLICATION_STATUS = {DecisionKind.APPROVE: "approved", DecisionKind.REJECT: "rejected",
                      DecisionKind.RETURN: "returned"}
NOTICE_KIND = {DecisionKind.APPROVE: "application_approved", DecisionKind.REJECT: "application_rejected",
               DecisionKind.RETURN: "application_returned"}
AUDIT_ACTION = {DecisionKind.APPROVE: AuditAction.APPLICATION_APPROVE,
                DecisionKind.REJECT: AuditAction.APPLICATION_REJECT,
                DecisionKind.RETURN: AuditAction.APPLICATION_RETURN}


@dataclass(frozen=True)
class Decision:
    application_id: int
    kind: DecisionKind
    reason: RejectReason | None = None
    note: str = ""                 # the typed reason, or the missing paper
    amount: int | None = None      # approve: None keeps the computed amount
    amount_reason: str = ""


@dataclass(frozen=True)
class QueueItem:
    id: int
    reference_code: str
    policy_id: str
    full_name: str
    received: date
    timing: Timeliness

    @property
    def mark(self) -> DeadlineMark:
        return self.timing.mark


@dataclass(frozen=True)
class ReviewQueue:
    items: list[QueueItem]
    total: int
    offset: int


@dataclass(frozen=True)
class PersonView:
    """One application as an officer sees it; the ID number is masked."""

    id: int
    reference_code: str
    status: str
    full_name: str
    birth_date: date
    masked_id: str
    received: date
    same_chat: bool = True      # sent from the chat of the application under review
    address: str = ""


@dataclass(frozen=True)
class ApplicationCard:
    person: PersonView
    policy_id: str
    timing: Timeliness
    computed_amount: int | None
    employer: str = ""
    what_happened: str = ""
    payment: tuple[str, str, str] | None = None  # (method, bank, account): how the office pays this person
    period: tuple[str, str] | None = None
    duplicates: list[PersonView] = field(default_factory=list)
    # Sent back and answered through /bosung: (what was asked, what the applicant added, when, ISO).
    supplements: tuple[tuple[str, str, str], ...] = ()


def area_codes(scope: OfficerScope) -> AreaCodes:
    """The filter of a scope; an empty province code is the legacy national officer."""
    if not scope.area.province_code:
        return AreaCodes(None)
    return AreaCodes(scope.area.province_code, scope.area.ward_code)


def may_see(scope: OfficerScope, row: ApplicationRow) -> bool:
    return not scope.area.province_code or scope.area.contains(row.current_province_code, row.current_ward_code)


class ReviewService:
    def __init__(self, clock: Clock, rules: RuleBook, scope_of: ScopeOf) -> None:
        self._clock = clock
        self._rules = rules
        self._scope_of = scope_of

    def _received(self, row: ApplicationRow) -> date:
        """The day the dossier was complete: its time limit runs from there (``received_on``)."""
        return received_on(row.submitted_at, row.resubmitted_at, self._clock.tz)

    def _filed(self, row: ApplicationRow) -> date:
        """The day the application was first filed: what the rules judge it by (amount, late filing)."""
        return row.submitted_at.astimezone(self._clock.tz).date()

    def _item(self, row: ApplicationRow, today: date) -> QueueItem:
        received = self._received(row)
        return QueueItem(row.id, row.reference_code, row.policy_id, row.full_name, received,
                         timeliness(row.policy_id, received, today))

    async def queue(self, session: AsyncSession, scope: OfficerScope, *, offset: int = 0,
                    limit: int = PAGE_SIZE) -> ReviewQueue:
        """Pending applications of the officer's area, oldest first, with their deadlines."""
        rows, total = await ReviewRepository(session).pending(area_codes(scope), limit=limit, offset=max(0, offset))
        today = self._clock.today()
        return ReviewQueue([self._item(r, today) for r in rows], total, max(0, offset))

    async def card(self, session: AsyncSession, scope: OfficerScope, application_id: int) -> ApplicationCard | None:
        """One application with the others of the same person for the same policy; None outside the area.

        Viewing a person's application is audited."""
        repo = ReviewRepository(session)
        row = await repo.get(application_id)
        if row is None or not may_see(scope, row):
            return None
        others = [o for o in await repo.same_person(row) if may_see(scope, o)]
        answers = row.answers
        period = (answers["period_start"], answers["period_end"]) if answers.get("period_start") and \
            answers.get("period_end") else None
        await AuditRepository(session).append(AuditEntry(
            AuditAction.APPLICATION_VIEW, scope.user_id, row.current_province_code, row.current_ward_code,
            "application", row.reference_code, 1), self._clock.utcnow())
        return ApplicationCard(
            person=self._person(row, row), policy_id=row.policy_id,
            timing=timeliness(row.policy_id, self._received(row), self._clock.today()),
            computed_amount=computed_amount(self._rules, row.policy_id, answers, self._filed(row)),
            employer=str(answers.get("employer_name") or ""), what_happened=str(answers.get("reason") or ""),
            period=period, duplicates=[self._person(o, row) for o in others],
            supplements=tuple((str(s.get("asked") or ""), str(s.get("text") or ""), str(s.get("at") or ""))
                              for s in answers.get("supplements") or [] if isinstance(s, dict)),
            payment=(str(answers["payment_method"]), str(answers.get("bank_name") or ""),
                     str(answers.get("bank_account") or "")) if answers.get("payment_method") else None)

    def _person(self, row: ApplicationRow, reviewed: ApplicationRow) -> PersonView:
        unit = row.answers.get("address_unit") or {}
        return PersonView(row.id, row.reference_code, row.status, row.full_name, row.birth_date,
                          mask_id(row.id_number), self._filed(row), row.chat_id == reviewed.chat_id,
                          str(unit.get("label") or ""))

    async def decide(self, session: AsyncSession, officer_user_id: int, decision: Decision) -> DecisionOutcome:
        """Record a decision after checking, now, that the officer may take it."""
        scope = await self._scope_of(session, officer_user_id)
        if scope is None or not scope.may_change_data:
            return DecisionOutcome.NOT_OFFICER
        repo = ReviewRepository(session)
        row = await repo.get(decision.application_id)
        if row is None or not may_see(scope, row):
            return DecisionOutcome.NOT_FOUND
        if row.status != "submitted":
            return DecisionOutcome.ALREADY_DECIDED
        note = decision.note.strip()[:MAX_NOTE]
        amount: int | None = None
        computed: int | None = None
        if decision.kind is DecisionKind.REJECT:
            if decision.reason is None or (decision.reason is RejectReason.OTHER and not note):
                return DecisionOutcome.REASON_NEEDED
        elif decision.kind is DecisionKind.RETURN:
            if not note:
                return DecisionOutcome.REASON_NEEDED
        else:
            computed = computed_amount(self._rules, row.policy_id, row.answers, self._filed(row))
            amount = decision.amount if decision.amount is not None else computed
            if amount is None or amount <= 0:
                return DecisionOutcome.AMOUNT_NEEDED
            if computed is not None and amount != computed and not decision.amount_reason.strip():
                return DecisionOutcome.REASON_NEEDED
        now = self._clock.utcnow()
        if not await repo.decide(row.id, status=APPLICATION_STATUS[decision.kind], note=note,
                                 reason_code=str(decision.reason or ""), officer_id=scope.user_id, at=now,
                                 amount=amount, amount_reason=decision.amount_reason.strip()):
            return DecisionOutcome.ALREADY_DECIDED
        if decision.kind is DecisionKind.APPROVE and amount is not None:
            if await repo.add_approved(row, amount, self._clock.today(), now):
                await PublicationRepository(session).bump(now)  # the public page counts this approval
        kind = NOTICE_KIND[decision.kind]
        payload = {"reference_code": row.reference_code, "policy_id": row.policy_id, "reason": note,
                   "reason_code": str(decision.reason or ""), "amount": amount or 0}
        await repo.queue_notice(row.chat_id, kind, f"app:{row.reference_code}:{kind}", payload,
                                await repo.locale_of(row.user_id), now)
        await AuditRepository(session).append(AuditEntry(
            AUDIT_ACTION[decision.kind], scope.user_id, row.current_province_code, row.current_ward_code,
            "application", row.reference_code, 1,
            {"policy_id": row.policy_id, "reason": str(decision.reason or ""),
             "amount_changed": decision.kind is DecisionKind.APPROVE and amount != computed}), now)
        return DecisionOutcome.DONE

    async def queue_digest(self, session: AsyncSession, scope: OfficerScope) -> bool:
        """Queue today's digest of near and overdue applications for one officer, once a day.

        Does nothing before 07:00 local time, when nothing is near or late, or when the officer has
        no chat yet; the outbox key (officer, day) makes a second worker or a restart a no-op."""
        now = self._clock.now()
        if now.time() < time(DIGEST_HOUR):
            return False
        repo = ReviewRepository(session)
        chat = await repo.chat_of(scope.user_id)
        if chat is None:
            return False
        today = now.date()
        rows = await repo.pending_before(area_codes(scope), datetime.combine(today + timedelta(days=1), time(),
                                                                          self._clock.tz))
        items = [self._item(r, today) for r in rows]
        late = [i for i in items if i.mark is DeadlineMark.OVERDUE]
        near = [i for i in items if i.mark is DeadlineMark.NEAR]
        if not late and not near:
            return False
        chat_id, locale = chat
        payload = {"day": today.isoformat(), "overdue": len(late), "near": len(near),
                   "codes": [i.reference_code for i in (late + near)[:10]]}
        return await repo.queue_notice(chat_id, "review_digest", f"digest:{scope.user_id}:{today.isoformat()}",
                                       payload, locale, self._clock.utcnow())
