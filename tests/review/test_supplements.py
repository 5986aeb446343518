"""A sent-back application re-enters the queue when its applicant adds the paper (/bosung), on SQLite
and PostgreSQL: only the applicant can answer, only once per send-back, the officer reads what was
added, and the time limit runs again from the day the dossier became complete."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.dialogs.core import ButtonPress, DialogContext, EffectResult, TextInput
from bot.dialogs.supplement import FIND, SEND, SupplementDialog
from bot.domain.processing_times import DeadlineMark
from bot.i18n import Translator
from bot.services.review import Decision, DecisionKind, DecisionOutcome
from bot.services.supplements import SupplementOutcome, SupplementService
from storage.models import Application, Notification
from tests.review.test_review_service import (
    OFFICER_A, RULES, WARD_A, add_application, clock_at, local, scope_of, service, sessions,  # noqa: F401
)

APPLICANT = 500


async def test_the_applicants_paper_puts_the_application_back_with_a_fresh_time_limit(sessions: Any) -> None:
    async with sessions.begin() as s:  # filed Monday 2/11/2026; 7 working days: late from 12/11
        app_id = await add_application(s, "HS-BACK", WARD_A, local(2026, 11, 2), id_number="056085000001")
    async with sessions.begin() as s:
        outcome = await service(clock_at(2026, 11, 6)).decide(s, OFFICER_A.user_id, Decision(
            app_id, DecisionKind.RETURN, note="Giấy xác nhận tạm hoãn hợp đồng của công ty"))
    assert outcome is DecisionOutcome.DONE
    async with sessions() as s:
        assert (await service(clock_at(2026, 11, 6)).queue(s, OFFICER_A)).total == 0
        notice = (await s.execute(select(Notification).where(Notification.kind == "application_returned"))).scalar_one()
    assert notice.payload["reason"] == "Giấy xác nhận tạm hoãn hợp đồng của công ty"

    supplements = SupplementService(clock_at(2026, 11, 20))  # two weeks later: past the first limit
    async with sessions.begin() as s:
        (waiting,) = await supplements.waiting(s, APPLICANT)
        assert (waiting.reference_code, waiting.asked) == ("HS-BACK", "Giấy xác nhận tạm hoãn hợp đồng của công ty")
        assert await supplements.waiting(s, 501) == []  # someone else sees nothing
        assert await supplements.add(s, 501, app_id, "giả mạo") is SupplementOutcome.NOT_WAITING
        assert await supplements.add(s, APPLICANT, app_id, "   ") is SupplementOutcome.EMPTY
        assert await supplements.add(s, APPLICANT, app_id, "Giấy xác nhận số 12/XN ngày 15/11/2026") \
            is SupplementOutcome.BACK_IN_QUEUE
    async with sessions.begin() as s:
        assert await supplements.add(s, APPLICANT, app_id, "lần hai") is SupplementOutcome.NOT_WAITING

    async with sessions() as s:
        queue = await service(clock_at(2026, 11, 20)).queue(s, OFFICER_A)
        (item,) = queue.items
        # counted from Friday 20/11, not from 2/11: on time, with its 7 working days ahead
        assert (item.reference_code, item.received, item.mark) == ("HS-BACK", date(2026, 11, 20), DeadlineMark.ON_TIME)
        assert item.timing.deadline == date(2026, 12, 2)
        assert (await service(clock_at(2026, 12, 2)).queue(s, OFFICER_A)).items[0].mark is DeadlineMark.NEAR
        assert (await service(clock_at(2026, 12, 3)).queue(s, OFFICER_A)).items[0].mark is DeadlineMark.OVERDUE
    async with sessions.begin() as s:
        card = await service(clock_at(2026, 11, 20)).card(s, OFFICER_A, app_id)
        assert card is not None and card.person.received == date(2026, 11, 2)  # filed on 2/11 all the same
        assert card.supplements == (("Giấy xác nhận tạm hoãn hợp đồng của công ty",
                                     "Giấy xác nhận số 12/XN ngày 15/11/2026", "2026-11-20T09:00:00+07:00"),)
        row = await s.get(Application, app_id)
        assert row is not None and row.status == "submitted" and row.decided_at is None


def test_the_dialog_finds_asks_confirms_and_sends() -> None:
    ctx = DialogContext(Translator("vi"), date(2026, 11, 20), RULES, user_id=APPLICANT, chat_id=APPLICANT)
    dialog = SupplementDialog()
    reply = dialog.start(ctx)
    assert reply.effect is not None and reply.effect.name == FIND
    waiting = [{"id": 7, "reference_code": "HS-BACK", "policy_id": "nq68_unpaid_leave", "asked": "Giấy xác nhận"}]
    reply = dialog.handle(reply.state, EffectResult(FIND, waiting), ctx)  # type: ignore[arg-type]
    assert "Giấy xác nhận" in reply.screens[0].text and "HS-BACK" in reply.screens[0].text
    reply = dialog.handle(reply.state, TextInput("Số 12/XN"), ctx)  # type: ignore[arg-type]
    assert "Số 12/XN" in reply.screens[0].text
    reply = dialog.handle(reply.state, ButtonPress("send"), ctx)  # type: ignore[arg-type]
    assert reply.effect is not None and reply.effect.name == SEND and reply.effect.payload == {"id": 7, "text": "Số 12/XN"}
    reply = dialog.handle(reply.state, EffectResult(SEND, SupplementOutcome.BACK_IN_QUEUE.value), ctx)  # type: ignore[arg-type]
    assert reply.state is None and "HS-BACK" in reply.screens[0].text
    nothing = dialog.handle(dialog.start(ctx).state, EffectResult(FIND, []), ctx)  # type: ignore[arg-type]
    assert nothing.state is None and "/tracuu" in nothing.screens[0].text
