"""/thongke and ``python -m bot export thongke``: figures of an officer's area for a period.

The service decides what an officer may see: it takes an :class:`OfficerScope` and filters every
read by its area itself (the handlers only find out who is asking).  Every request is written to
the audit log with who, when, what, which area and how many records, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dialogs.core import DialogContext, Effect
from bot.dialogs.statistics import EXPORT, StatisticsOutcome
from bot.domain.applications import ApplicationStatus
from bot.domain.areas import Area, OfficerScope
from bot.domain.processing_times import is_overdue, received_on
from bot.i18n import Translator
from bot.parsing import area_names
from bot.services.officer_scope import ScopeOf
from bot.reports.figures import UNPLACED, Figures, GroupBy, Period, StatisticsReport, SubArea
from bot.reports.statistics_xlsx import write_statistics_xlsx
from bot.services.clock import Clock
from bot.services.dialogs import EffectHandler
from storage.repositories.audit import AuditAction, AuditRepository, audit_area
from storage.repositories.statistics import ApplicationRow, ListGroup, StatisticsRepository

area_name = area_names.area_name  # one naming of areas for chats, reports and the CLI


@dataclass(frozen=True)
class StatisticsExport:
    """A report with its two files, as the chat and the command line hand them out."""

    report: StatisticsReport
    xlsx: bytes
    chart_png: bytes | None


class StatisticsService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock,
                 policy_names: dict[str, str] | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._policy_names = policy_names or {}

    async def export(self, scope: OfficerScope, period: Period, tr: Translator, *,
                     group_by: GroupBy = GroupBy.COMMUNE, channel: str = "chat",
                     chart: bool = True, session: AsyncSession | None = None) -> StatisticsExport:
        """The report, its .xlsx and (for the chat) its chart; audited as one export."""
        if session is None:
            async with self._sessions.begin() as own:
                return await self.export(scope, period, tr, group_by=group_by, channel=channel,
                                         chart=chart, session=own)
        report = await self._build(session, scope, period, group_by)
        xlsx = write_statistics_xlsx(report, tr)
        png = None
        if chart:  # matplotlib is imported only when a chart is drawn: the bot starts faster
            from bot.reports.chart import paid_against_approved_png

            png = paid_against_approved_png(report, tr)
        total = report.total
        records = total.received + total.people_approved + total.people_paid
        await AuditRepository(session).record(
            scope.user_id, AuditAction.EXPORT, "report", "/thongke", {
                "role": str(scope.role), "channel": channel, "group_by": str(group_by),
                "from": period.start.isoformat() if period.start else None,
                "to": period.end.isoformat() if period.end else None,
                "records": records, "area": _area_id(scope.area), **audit_area(scope, records),
            }, at=self._clock.utcnow())
        return StatisticsExport(report, xlsx, png)

    async def public_report(self, session: AsyncSession, area: Area) -> StatisticsReport:
        """The figures of an area since the beginning, by commune, for the public page.

        The same figures as /thongke (one definition), without the audit record of an officer's
        export: nobody asks for them, and the report holds no personal data (counts and sums only).
        The caller decides which areas are public (``bot.services.publication``).
        """
        return await self._build_area(session, area, Period(), GroupBy.COMMUNE)

    async def _build(self, session: AsyncSession, scope: OfficerScope, period: Period,
                     group_by: GroupBy) -> StatisticsReport:
        return await self._build_area(session, scope.area, period, group_by)

    async def _build_area(self, session: AsyncSession, area: Area, period: Period,
                          group_by: GroupBy) -> StatisticsReport:
        tz = self._clock.tz
        start_at = _local_midnight(period.start, tz) if period.start else None
        end_at = _local_midnight(period.end + timedelta(days=1), tz) if period.end else None
        repo = StatisticsRepository(session)
        old = group_by is GroupBy.OLD_DISTRICT
        approved = await repo.approved(area, period.start, period.end, start_at, end_at, by_old_district=old)
        paid = await repo.paid(area, period.start, period.end, by_old_district=old)
        applications = await repo.applications(area, start_at, end_at)
        cells: dict[tuple[str, str], Figures] = defaultdict(Figures)
        _add_lists(cells, approved, paid)
        today = self._clock.today()
        for row in applications:
            key = (_old_district_key(row) if old else row.ward_code) or UNPLACED
            cells[(key, row.policy_id)] += _application_figures(row, tz, today)
        keys = sorted({s for s, _p in cells}, key=lambda k: (k == UNPLACED, _sub_area_name(k, group_by)))
        return StatisticsReport(
            area=area, area_name=area_name(area), period=period, group_by=group_by,
            sub_areas=tuple(SubArea(k, _sub_area_name(k, group_by)) for k in keys),
            policies=tuple(sorted({p for _s, p in cells})), cells=dict(cells),
            generated_on=self._clock.today(),
            policy_names=self._policy_names)



def _application_figures(row: ApplicationRow, tz: ZoneInfo, today: date) -> Figures:
    """Overdue: still pending past its policy's processing time, exactly as /duyet marks it ⛔
    (:func:`bot.domain.processing_times.is_overdue`, from the day the dossier was complete)."""
    received = received_on(row.submitted_at, row.resubmitted_at, tz)
    return Figures(received=1, approved_apps=int(row.status == "approved"),
                   rejected=int(row.status == "rejected"),
                   overdue=int(row.status == ApplicationStatus.SUBMITTED and is_overdue(row.policy_id, received, today)))


def _add_lists(cells: dict[tuple[str, str], Figures], approved: list[ListGroup], paid: list[ListGroup]) -> None:
    for g in approved:
        cells[(g.group_key or UNPLACED, g.policy_id)] += Figures(
            people_approved=g.people, amount_approved=g.amount, rice_kg_approved=g.rice_kg, gifts=g.gifts)
    for g in paid:
        cells[(g.group_key or UNPLACED, g.policy_id)] += Figures(
            people_paid=g.people, amount_paid=g.amount, rice_kg_paid=g.rice_kg)


def _old_district_key(row: ApplicationRow) -> str:
    return area_names.legacy_district_name(row.old_ward_code) if row.old_ward_code else ""


def _sub_area_name(key: str, group_by: GroupBy) -> str:
    if key == UNPLACED:
        return ""
    return key if group_by is GroupBy.OLD_DISTRICT else area_names.ward_name(key)


def _local_midnight(day: object, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc)  # type: ignore[arg-type]


def _area_id(area: Area) -> str:
    return area.province_code if area.ward_code is None else f"{area.province_code}/{area.ward_code}"


ScopeResolver = ScopeOf  # the one type of "who is this officer now", see bot.services.officer_scope


def statistics_effects(service: StatisticsService, scope_of: ScopeResolver) -> dict[str, EffectHandler]:
    """The /thongke dialog's effect: the area is decided here, from who asks, never by the dialog."""

    async def export(session: AsyncSession, effect: Effect, ctx: DialogContext) -> StatisticsOutcome:
        scope = await scope_of(session, ctx.user_id)
        if scope is None:
            return StatisticsOutcome(None, refused=True)
        p = effect.payload
        period = Period(date.fromisoformat(p["from"]) if p.get("from") else None,
                        date.fromisoformat(p["to"]) if p.get("to") else None)
        result = await service.export(scope, period, ctx.tr, group_by=GroupBy(p.get("group_by", "commune")),
                                      session=session)
        return StatisticsOutcome(result.report, result.xlsx, result.chart_png)

    return {EXPORT: export}
