"""/trunglap: the same person approved or paid where they should not be, inside an officer's area.

A person is recognised by ID number, or by name key and birth date where ID numbers differ or are
missing; a 9-digit CMND and a 12-digit CCCD under the same name and birth date are one person (no
formula turns one into the other: the link is certified by the police, so the name and birth
date are what the lists share).  Findings with at least one record inside the area are reported;
records outside it are kept without personal data (see ``PersonRecord.inside``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dialogs.core import DialogContext, Effect
from bot.dialogs.duplicates import FIND, DuplicatesOutcome
from bot.domain.areas import OfficerScope
from bot.i18n import Translator
from bot.reports.duplicates_xlsx import write_duplicates_xlsx
from bot.reports.figures import (
    DuplicateKind, DuplicatesReport, Finding, MatchKind, PersonRecord, RecordKind,
)
from bot.services.clock import Clock
from bot.services.dialogs import EffectHandler
from bot.services.statistics import ScopeResolver, area_name
from storage.repositories.audit import AuditAction, AuditRepository, audit_area
from storage.repositories.duplicates import ApprovedRow, DuplicatesRepository, PaidRow

# Policies a person may not receive together.  The rule files do not say this yet, so it is declared
# here with its sources (see /work/shared/policies.md, NQ 68 "General facts"): NQ 68/NQ-CP and
# QĐ 23/2021/QĐ-TTg support a person under one item only — restated by Long An's plan ("each person
# receives a given support policy only once") and written for tour guides in QĐ 23 Điều 32-33 ("not
# already supported by another QĐ 23 policy").  The exact NQ 68 clause is unverified.  The F0/F1
# food support (QĐ 23 Điều 26-27) is paid for medical isolation, not for a lost job, and is left out.
# NQ 42's no-double-benefit rule is unverified and not declared.
NOT_COMBINABLE: tuple[tuple[str, ...], ...] = (
    ("nq68_unpaid_leave", "nq68_work_stoppage", "nq68_termination", "nq68_artist", "nq68_tour_guide",
     "nq68_household_business"),
)


def cccd_matches_birth_year(cccd: str, year: int) -> bool:
    """Digits 4-6 of a CCCD encode the century and the birth year (TT 07/2016/TT-BCA Điều 7)."""
    if len(cccd) != 12 or not cccd.isdigit():
        return False
    century = 1900 + 100 * (int(cccd[3]) // 2)
    return century + int(cccd[4:6]) == year


@dataclass(frozen=True)
class DuplicatesExport:
    report: DuplicatesReport
    xlsx: bytes


class DuplicatesService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock,
                 policy_names: dict[str, str] | None = None,
                 not_combinable: tuple[tuple[str, ...], ...] = NOT_COMBINABLE) -> None:
        self._sessions = sessions
        self._clock = clock
        self._policy_names = policy_names or {}
        self._groups = not_combinable

    async def export(self, scope: OfficerScope, tr: Translator, *, channel: str = "chat",
                     session: AsyncSession | None = None) -> DuplicatesExport:
        """Find, write the .xlsx (masked for supervisors) and audit, in one transaction."""
        if session is None:
            async with self._sessions.begin() as own:
                return await self.export(scope, tr, channel=channel, session=own)
        report = await self.find(session, scope)
        xlsx = write_duplicates_xlsx(report, tr, self._policy_names)
        await AuditRepository(session).record(
            scope.user_id, AuditAction.EXPORT, "report", "/trunglap",
            {"role": str(scope.role), "channel": channel, "findings": len(report.findings),
             "records": report.record_count,
             "area": scope.area.province_code + (f"/{scope.area.ward_code}" if scope.area.ward_code else ""),
             **audit_area(scope, report.record_count)}, at=self._clock.utcnow())
        return DuplicatesExport(report, xlsx)

    async def find(self, session: AsyncSession, scope: OfficerScope) -> DuplicatesReport:
        repo = DuplicatesRepository(session)
        approved = {r.id: r for r in await repo.approved_in(scope.area)}
        paid = {r.id: r for r in await repo.paid_in(scope.area)}
        ids = {r.id_number for r in approved.values()} | {r.id_number for r in paid.values()}
        keys = {r.name_key for r in approved.values() if r.birth_date is not None}
        for r in await repo.approved_matching(ids, keys):
            approved.setdefault(r.id, r)
        for r in await repo.paid_matching({r.id_number for r in approved.values()}):
            paid.setdefault(r.id, r)
        findings = [f for f in self._findings(list(approved.values()), list(paid.values()), scope)
                    if any(record.inside for record in f.records)]
        return DuplicatesReport(scope, area_name(scope.area), tuple(findings), self._clock.today(), self._groups)

    def _findings(self, approved: list[ApprovedRow], paid: list[PaidRow], scope: OfficerScope) -> Iterable[Finding]:
        for people, payments in _people(approved, paid):
            match = _match_kind(people)
            inside = lambda p, w: scope.area.contains(p, w)  # noqa: E731
            a_records = [_approved_record(r, inside(r.province_code, r.ward_code)) for r in people]
            policies = {r.policy_id for r in people}
            for group in self._groups:
                both = sorted(policies & set(group))
                if len(both) > 1:
                    yield Finding(DuplicateKind.NOT_COMBINABLE, match,
                                  tuple(a for a in a_records if a.policy_id in both))
            if len({(r.province_code, r.ward_code) for r in people if r.ward_code}) > 1:
                yield Finding(DuplicateKind.TWO_COMMUNES, match, tuple(a_records))
            by_policy: dict[str, list[PersonRecord]] = defaultdict(list)
            for a in a_records:
                by_policy[a.policy_id].append(a)
            for records in by_policy.values():
                if len(records) > 1:
                    yield Finding(DuplicateKind.TWICE_SAME_POLICY, match, tuple(records))
            paid_by_policy: dict[str, list[PaidRow]] = defaultdict(list)
            for p in payments:
                paid_by_policy[p.policy_id].append(p)
            for policy, rows in paid_by_policy.items():
                p_records = tuple(_paid_record(r, inside(r.province_code, r.ward_code)) for r in rows)
                approvals = by_policy.get(policy, [])
                if len(rows) > 1:
                    yield Finding(DuplicateKind.PAID_TWICE, match, (*approvals, *p_records))
                if not approvals:
                    yield Finding(DuplicateKind.PAID_WITHOUT_APPROVAL, MatchKind.SAME_ID, p_records)
                elif sum(r.amount for r in rows) > max(a.amount for a in approvals):
                    yield Finding(DuplicateKind.PAID_MORE_THAN_APPROVED, match, (*approvals, *p_records))


def _people(approved: list[ApprovedRow], paid: list[PaidRow]) -> Iterable[tuple[list[ApprovedRow], list[PaidRow]]]:
    """Group records into people: union by ID number, and by (name key, birth date)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for r in approved:
        node = f"id:{r.id_number}"
        find(node)
        if r.name_key and r.birth_date is not None:
            union(node, f"nb:{r.name_key}|{r.birth_date.isoformat()}")
    for p in paid:
        find(f"id:{p.id_number}")
    people: dict[str, tuple[list[ApprovedRow], list[PaidRow]]] = defaultdict(lambda: ([], []))
    for r in approved:
        people[find(f"id:{r.id_number}")][0].append(r)
    for p in paid:
        people[find(f"id:{p.id_number}")][1].append(p)
    for a_rows, p_rows in people.values():
        yield sorted(a_rows, key=lambda r: r.id), sorted(p_rows, key=lambda r: (r.paid_date, r.id))


def _match_kind(people: list[ApprovedRow]) -> MatchKind:
    numbers = {r.id_number for r in people}
    if len(numbers) <= 1:
        return MatchKind.SAME_ID
    lengths = {len(n) for n in numbers}
    if lengths == {9, 12}:
        born = next((r.birth_date for r in people if r.birth_date), None)
        if born and all(cccd_matches_birth_year(n, born.year) for n in numbers if len(n) == 12):
            return MatchKind.CMND_CCCD
    return MatchKind.NAME_BIRTH


def _approved_record(r: ApprovedRow, inside: bool) -> PersonRecord:
    return PersonRecord(RecordKind.APPROVED, r.policy_id, r.id_number, r.full_name, r.birth_date,
                        r.province_code, r.ward_code, r.amount, r.decision_date, inside)


def _paid_record(r: PaidRow, inside: bool) -> PersonRecord:
    return PersonRecord(RecordKind.PAID, r.policy_id, r.id_number, "", None, r.province_code, r.ward_code,
                        r.amount, r.paid_date, inside)


def duplicates_effects(service: DuplicatesService, scope_of: ScopeResolver) -> dict[str, EffectHandler]:
    """The /trunglap dialog's effect: the area is decided here, from who asks."""

    async def find(session: AsyncSession, effect: Effect, ctx: DialogContext) -> DuplicatesOutcome:
        scope = await scope_of(session, ctx.user_id)
        if scope is None:
            return DuplicatesOutcome(None, refused=True)
        result = await service.export(scope, ctx.tr, session=session)
        return DuplicatesOutcome(result.report, result.xlsx)

    return {FIND: find}
