"""Officer accounts and the role × action × area matrix, on SQLite and PostgreSQL.

Side by side: a province officer of Khánh Hòa, commune officers of Phường Bắc Cam Ranh (A) and
Xã Tân Định (B), a supervisor, a citizen and a removed officer.  Each acts only inside their own
area: importing, reviewing, managing accounts; every account change is in the audit log.
"""

from __future__ import annotations

from datetime import date, timedelta
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import TIMEZONE
from bot.dialogs.import_texts import row_error_message
from bot.domain.areas import Area, OfficerScope, Role
from bot.features import FEATURES
from bot.features.catalog import Catalog
from bot.i18n import Translator
from bot.rules import load_rulebook
from bot.services.review import Decision, DecisionKind, DecisionOutcome, ReviewService
from bot.services.clock import Clock
from bot.services.imports import ImportOptions, ImportRefused, ImportService
from bot.services.officers import AccountError, AccountRefusal, OfficerService, may_grant
from bot.services.policy_names import PolicyResolver
from bot.services.rights import FeatureRights
from storage.database import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from storage.models import ApprovedEntry, AuditEvent, PaidEntry
from storage.repositories.applications import ApplicationRepository
from tests.conftest import FIXED_NOW

PROVINCE = Area("56")
A = Area("56", "22411")  # Phường Bắc Cam Ranh: old Cam Thành Nam and Cam Nghĩa merged into it
B = Area("56", "22576")  # Xã Tân Định: old Ninh Quang
ADMIN, P, CA, CB, SUP, CITIZEN = 100, 1, 2, 3, 4, 9
LIST = ("Họ và tên,Ngày sinh,Số CCCD,Xã/phường,Quận/huyện,Tỉnh/thành phố,Chính sách,Số tiền,Số quyết định,"
        "Ngày quyết định\n"
        "Nguyễn Thị Lan,15/07/1985,056185001234,Xã Cam Thành Nam,Thành phố Cam Ranh,Tỉnh Khánh Hòa,Ngừng việc,"
        "1000000,12/QĐ-UBND,20/08/2021\n"
        "Lê Văn Bình,02/03/1990,056090004321,Xã Ninh Quang,Thị xã Ninh Hòa,Tỉnh Khánh Hòa,Ngừng việc,1000000,"
        "12/QĐ-UBND,20/08/2021\n")


def officers(engine: AsyncEngine, clock: Clock | None = None) -> OfficerService:
    return OfficerService(make_session_factory(engine), clock or Clock(TIMEZONE, FIXED_NOW), frozenset({ADMIN}),
                          PROVINCE)


async def team(service: OfficerService) -> dict[int, OfficerScope]:
    await service.add(P, Role.PROVINCE, PROVINCE)
    await service.add(CA, Role.COMMUNE, A)
    await service.add(CB, Role.COMMUNE, B)
    await service.add(SUP, Role.SUPERVISOR, PROVINCE)
    scopes = {uid: await service.scope(uid) for uid in (P, CA, CB, SUP)}
    assert all(scopes.values())
    return scopes  # type: ignore[return-value]


def imports(engine: AsyncEngine, tmp_path: Path) -> ImportService:
    tr = Translator("vi")
    return ImportService(make_session_factory(engine), Clock(TIMEZONE, FIXED_NOW), PolicyResolver(load_rulebook()),
                         tmp_path / "reports", lambda code, params: row_error_message(tr, code, params))


@pytest.fixture
async def sqlite_engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    """SQLite only, for the tests whose SQL is already covered on PostgreSQL by the others here."""
    engine = make_engine(sqlite_url)
    await upgrade_to_head(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


async def test_configured_admins_are_province_officers_and_citizens_have_no_scope(sqlite_engine: AsyncEngine) -> None:
    service = officers(sqlite_engine)
    assert await service.scope(ADMIN) == OfficerScope(ADMIN, Role.PROVINCE, PROVINCE)
    assert await service.scope(CITIZEN) is None


async def test_an_invitation_works_once_within_48_hours(engine: AsyncEngine) -> None:
    service = officers(engine)
    scopes = await team(service)
    invite = await service.invite(scopes[CA], Role.SUPERVISOR, A)
    joined = await service.redeem(invite.code, 50)
    assert (joined.role, joined.area) == (Role.SUPERVISOR, A)
    assert await service.scope(50) == OfficerScope(50, Role.SUPERVISOR, A)
    with pytest.raises(AccountError) as used:
        await service.redeem(invite.code, 51)
    assert used.value.reason is AccountRefusal.INVITE_USED and await service.scope(51) is None
    late = await service.invite(scopes[P], Role.COMMUNE, B)
    later = officers(engine, Clock(TIMEZONE, FIXED_NOW + timedelta(hours=48)))
    with pytest.raises(AccountError) as expired:
        await later.redeem(late.code, 52)
    assert expired.value.reason is AccountRefusal.INVITE_EXPIRED
    with pytest.raises(AccountError) as unknown:
        await service.redeem("not-a-code", 53)
    assert unknown.value.reason is AccountRefusal.INVITE_UNKNOWN


async def test_a_removed_officers_unused_link_no_longer_works(sqlite_engine: AsyncEngine) -> None:
    service = officers(sqlite_engine)
    scopes = await team(service)
    invite = await service.invite(scopes[CA], Role.COMMUNE, A)
    officer_a = next(e for e in await service.list(scopes[P]) if e.user_id == CA)
    await service.remove(scopes[P], officer_a.officer_id)
    with pytest.raises(AccountError):
        await service.redeem(invite.code, 60)
    assert await service.scope(60) is None


@pytest.mark.parametrize("actor, role, area, refusal", [
    (P, Role.PROVINCE, PROVINCE, None),
    (P, Role.COMMUNE, B, None),
    (P, Role.SUPERVISOR, A, None),
    (P, Role.COMMUNE, Area("79", "27154"), AccountRefusal.OUTSIDE_AREA),  # another province
    (P, Role.COMMUNE, PROVINCE, AccountRefusal.BAD_AREA),
    (CA, Role.COMMUNE, A, None),
    (CA, Role.SUPERVISOR, A, None),
    (CA, Role.COMMUNE, B, AccountRefusal.OUTSIDE_AREA),
    (CA, Role.PROVINCE, PROVINCE, AccountRefusal.NOT_ALLOWED),  # above their own level
    (SUP, Role.SUPERVISOR, PROVINCE, AccountRefusal.NOT_ALLOWED),  # read-only
])
def test_who_may_invite_whom_where(actor: int, role: Role, area: Area, refusal: AccountRefusal | None) -> None:
    scopes = {P: OfficerScope(P, Role.PROVINCE, PROVINCE), CA: OfficerScope(CA, Role.COMMUNE, A),
              SUP: OfficerScope(SUP, Role.SUPERVISOR, PROVINCE)}
    assert may_grant(scopes[actor], role, area) is refusal  # OfficerService.invite and .remove ask this


async def test_lists_and_removals_stay_inside_the_area_and_are_audited(engine: AsyncEngine) -> None:
    service = officers(engine)
    scopes = await team(service)
    assert {e.user_id for e in await service.list(scopes[P])} == {P, CA, CB, SUP, ADMIN}
    assert {e.user_id for e in await service.list(scopes[CA])} == {CA}
    entry_b = next(e for e in await service.list(scopes[P]) if e.user_id == CB)
    for actor in (CA, SUP):  # another commune's officer, a read-only supervisor
        with pytest.raises(AccountError):
            await service.remove(scopes[actor], entry_b.officer_id)
    assert await service.scope(CB) is not None
    await service.remove(scopes[P], entry_b.officer_id)
    assert await service.scope(CB) is None  # at once: the next step asks again
    rights = FeatureRights(Catalog(FEATURES), service)
    assert not (await rights.permission(CB, "review")).allowed
    assert (await rights.permission(CA, "review")).allowed
    assert not (await rights.permission(SUP, "review")).allowed
    assert not (await rights.permission(CITIZEN, "officers")).allowed
    assert (await rights.permission(CITIZEN, "lookup")).allowed
    async with make_session_factory(engine)() as session:
        events = list(await session.scalars(select(AuditEvent).where(AuditEvent.action == "account.remove")))
    assert len(events) == 1
    event = events[0]
    assert (event.actor_user_id, event.object_id) == (P, str(CB))
    assert event.details == {"role": "commune", "province_code": "56", "ward_code": "22576", "count": 1}


async def test_imports_place_rows_and_refuse_rows_outside_a_commune(engine: AsyncEngine, tmp_path: Path) -> None:
    service = officers(engine)
    scopes = await team(service)
    lists = imports(engine, tmp_path)
    path = tmp_path / "ds.csv"
    path.write_text(LIST, encoding="utf-8")
    preview = await lists.stage(path, "ds.csv", ImportOptions("approved"), CA, scope=scopes[CA])
    assert (preview.valid, preview.invalid, preview.errors_by_code["outside_area"]) == (1, 1, 1)
    for actor in (CB, SUP):  # the batch is A's: B's officer and a supervisor cannot confirm it
        with pytest.raises(ImportRefused):
            await lists.commit(preview.batch_id, actor, scope=scopes[actor])
    await lists.commit(preview.batch_id, CA, scope=scopes[CA])
    whole = await lists.stage(path, "ds.csv", ImportOptions("approved"), P, scope=scopes[P])
    assert (whole.valid, whole.invalid) == (2, 0)
    await lists.commit(whole.batch_id, P, scope=scopes[P])
    async with make_session_factory(engine)() as session:
        placed = dict((await session.execute(select(ApprovedEntry.id_number, ApprovedEntry.current_ward_code))).all())
    assert placed == {"056185001234": "22411", "056090004321": "22576"}
    paid = tmp_path / "chi.csv"  # paid rows carry no address: they take the area of the approved entry
    paid.write_text("Số CCCD,Số tiền đã chi trả,Ngày chi trả,Đơn vị chi trả\n056185001234,1000000,01/09/2021,Bưu điện\n"
                    "056090004321,1000000,01/09/2021,Bưu điện\n", encoding="utf-8")
    paid_preview = await lists.stage(paid, "chi.csv", ImportOptions("paid", policy_id="nq68_work_stoppage"), CA,
                                     scope=scopes[CA])
    assert (paid_preview.valid, paid_preview.errors_by_code["outside_area"]) == (1, 1)
    await lists.commit(paid_preview.batch_id, CA, scope=scopes[CA])
    async with make_session_factory(engine)() as session:
        paid_area = (await session.execute(select(PaidEntry.id_number, PaidEntry.current_ward_code))).all()
    assert [tuple(row) for row in paid_area] == [("056185001234", "22411")]


async def test_review_sees_and_decides_only_inside_the_area(sqlite_engine: AsyncEngine) -> None:
    service = officers(sqlite_engine)
    scopes = await team(service)
    sessions = make_session_factory(sqlite_engine)
    async with sessions.begin() as session:
        repo = ApplicationRepository(session)
        for code, area, number in (("HS-A", A, "056185001234"), ("HS-B", B, "056090004321")):
            await repo.add({"reference_code": code, "user_id": CITIZEN, "chat_id": CITIZEN, "policy_id": "p",
                            "id_number": number, "full_name": "X", "name_key": "x", "birth_date": date(1985, 1, 1),
                            "phone": "0912345678", "current_province_code": area.province_code,
                            "current_ward_code": area.ward_code, "answers": {}, "status": "submitted",
                            "status_note": ""}, FIXED_NOW)
    async def scope_of(_session: object, user_id: int) -> OfficerScope | None:
        return await service.scope(user_id)

    review = ReviewService(Clock(TIMEZONE, FIXED_NOW), load_rulebook(), scope_of)
    async with sessions.begin() as session:
        seen_a = await review.queue(session, scopes[CA])
        assert [i.reference_code for i in seen_a.items] == ["HS-A"] and seen_a.total == 1
        seen_p = await review.queue(session, scopes[P])
        assert seen_p.total == 2
        b_id = (await review.queue(session, scopes[CB])).items[0].id
        assert await review.card(session, scopes[CA], b_id) is None  # another commune's application
    for actor in (CA, SUP):
        async with sessions.begin() as session:
            assert await review.decide(session, actor, Decision(b_id, DecisionKind.APPROVE, amount=1_000_000,
                                                                amount_reason="x")) is not DecisionOutcome.DONE
    async with sessions.begin() as session:
        assert await review.decide(session, CB, Decision(b_id, DecisionKind.APPROVE, amount=1_000_000,
                                                         amount_reason="x")) is DecisionOutcome.DONE


async def test_the_read_every_message_makes_gives_the_same_area_as_the_officer_service(engine: AsyncEngine) -> None:
    """Each update reads its sender with their officer account in one statement; a province officer must come
    out of it as the whole province (ward None), or /canbo would invite a commune officer for the province."""
    from storage.repositories.users import UserRepository

    service = officers(engine)
    scopes = await team(service)
    async with make_session_factory(engine).begin() as session:
        users = UserRepository(session)
        for user_id in scopes:
            await users.visit(user_id, user_id, "Cán bộ", "vi", FIXED_NOW)  # first visit: the user row
        seen = {uid: (await users.visit(uid, uid, "Cán bộ", "vi", FIXED_NOW)).officer for uid in scopes}
    for user_id, scope in scopes.items():
        record = seen[user_id]
        assert record is not None and (record.role, record.area) == (scope.role, scope.area)
    assert seen[P].area.is_province and seen[SUP].area.is_province and not seen[CA].area.is_province
