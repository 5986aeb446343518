"""/congkhai on SQLite and PostgreSQL: an officer publishes or hides only their own area, a
supervisor or a removed officer cannot, every change is audited and moves the figures' stamp;
and the dialog, driven through the dialog service as the bot drives it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.dialogs.core import ButtonPress
from bot.domain.areas import Area, OfficerScope, Role
from bot.i18n import Translator
from bot.services.container import Services
from bot.services.publication import PublicationService
from storage.models import AuditEvent
from storage.repositories.publication import PublicationRepository
from tests.web.site import KHANH_HOA, TAN_DINH, open_services

VI = Translator("vi")


async def test_rights_audit_and_stamp(database_url: str, tmp_path: Path) -> None:
    services = await open_services(database_url, tmp_path)
    service = PublicationService(services.clock)
    commune = OfficerScope(7, Role.COMMUNE, TAN_DINH)
    supervisor = OfficerScope(8, Role.SUPERVISOR, KHANH_HOA)
    try:
        async with services.sessions.begin() as session:
            assert (await service.set(session, supervisor, True)).outcome == "refused"
            assert (await service.set(session, None, True)).outcome == "refused"
            done = await service.set(session, commune, True)
            assert done.published and done.changed and done.area_name.startswith("Xã Tân Định")
            again = await service.set(session, commune, True)
            assert again.published and not again.changed  # no second audit record nor stamp
        async with services.sessions() as session:
            repo = PublicationRepository(session)
            assert await repo.published() == [TAN_DINH]  # the commune's own area, nothing wider
            assert not await repo.is_published(KHANH_HOA)
            version, _at = await repo.stamp()
            assert version == 1
            events = (await session.execute(select(AuditEvent.action, AuditEvent.actor_user_id,
                                                   AuditEvent.ward_code))).all()
        assert events == [("publication.set", 7, TAN_DINH.ward_code)]
    finally:
        await services.engine.dispose()


async def test_the_dialog_publishes_the_officers_area_and_refuses_a_supervisor(
        database_url: str, tmp_path: Path) -> None:
    services = await open_services(database_url, tmp_path)
    try:
        await services.officers.add(21, Role.PROVINCE, Area("56"))
        await services.officers.add(22, Role.SUPERVISOR, Area("56"))
        scope = await services.scope(21)
        ctx = services.dialog_context(VI, 21, 21, scope)
        shown = await services.dialogs.start(21, 21, "publication", ctx)
        text = shown.screens[-1].text
        assert "Tỉnh Khánh Hòa" in text and "chưa được công khai" in text
        assert shown.screens[-1].buttons[0][0].label == "Công khai trên trang web"
        done = await services.dialogs.handle(21, 21, ButtonPress("publish"), ctx)
        assert "đã được công khai" in done.screens[-1].text
        async with services.sessions() as session:
            assert await PublicationRepository(session).published() == [Area("56")]
        supervisor = services.dialog_context(VI, 22, 22, await services.scope(22))
        refused = await services.dialogs.start(22, 22, "publication", supervisor)
        assert refused.denied and not refused.screens  # answered as an unknown command by the handlers
    finally:
        await services.engine.dispose()
