"""Officers announce to their province; citizens can turn announcements off and on."""

from __future__ import annotations

import asyncio

from bot.localapi.client import SimClient
from tests.e2e.conftest import OFFICER_ID, BotHarness

TEXT = '<b>Chi trả hỗ trợ</b> từ 05/12 tại <a href="https://example.gov.vn">UBND phường</a>.'


async def _citizen(bot: BotHarness, client: SimClient, user_id: int, name: str):  # type: ignore[no-untyped-def]
    user = await client.user(id=user_id, first_name=name)
    await user.send("/start")
    await user.replies()
    await bot.services.users.place(user_id, "56", "22411")  # Khánh Hòa, the officer's province
    return user


async def _wait_for_text(user, needle: str, timeout: float = 15.0):  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for message in await user.messages():
            if needle in message.text:
                return message
        await asyncio.sleep(0.1)
    raise AssertionError(f"no message with {needle!r}")


async def test_officer_announces_to_the_province_and_opted_out_citizens_are_left_out(
        bot: BotHarness, client: SimClient) -> None:
    lan = await _citizen(bot, client, 2001, "Lan")
    minh = await _citizen(bot, client, 2002, "Minh")
    hoa = await _citizen(bot, client, 2003, "Hoa")
    await hoa.send("/tatthongbao")
    assert "không nhận thông báo chung nữa" in (await hoa.replies())[-1].text

    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await officer.send("/thongbao")
    replies = await officer.replies()
    assert any("chưa có thông báo nào" in r.text for r in replies)
    await officer.send("<b>đậm")
    assert "chưa được đóng" in (await officer.replies())[0].text
    await officer.send(TEXT)
    await officer.replies()
    await officer.press("Mọi người đã dùng bot trong địa bàn của tôi")
    assert "2 người" in (await officer.replies())[-1].text  # Lan and Minh; not Hoa, who opted out
    await officer.press("Gửi ngay")
    preview, summary = (await officer.replies())[-2:]
    assert preview.html == TEXT and not preview.buttons
    await officer.press("Xác nhận")
    assert "toàn tỉnh" in (await officer.replies())[-1].text
    await officer.press("Xác nhận")

    for citizen in (lan, minh):
        received = await _wait_for_text(citizen, "Chi trả hỗ trợ")
        assert received.html == TEXT
    report = await _wait_for_text(officer, "đã gửi xong")
    assert "Đã gửi: 2/2" in report.text
    assert not any("Chi trả hỗ trợ" in m.text for m in await hoa.messages())

    await officer.send("/thongbao")
    listing = "\n".join(r.text for r in await officer.replies())
    assert "đã xong: đã gửi 2/2" in listing

    await hoa.send("/batthongbao")
    assert "nhận lại thông báo chung" in (await hoa.replies())[-1].text


async def test_citizens_cannot_broadcast(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=2010, first_name="Nam")
    await user.send("/khongco")
    unknown = (await user.replies())[-1].text
    await user.send("/thongbao")
    assert (await user.replies())[-1].text == unknown  # an officer command reads like an unknown one


async def test_officer_pauses_and_resumes_from_the_progress_message(bot: BotHarness, client: SimClient, api) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.broadcast_setup import add_people, bot_texts

    chats = list(range(3001, 3121))  # 120 chats at 30/s: about 4 s of sending
    await add_people(bot.services.engine, api.world, chats, province="56", ward="22411")
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await officer.send("/thongbao")
    await officer.replies()
    await officer.send("Họp dân lúc 8 giờ")
    await officer.replies()
    await officer.press("Mọi người đã dùng bot trong địa bàn của tôi")
    await officer.replies()
    await officer.press("Gửi ngay")
    await officer.replies()
    await officer.press("Xác nhận")
    await officer.replies()
    await officer.press("Xác nhận")
    progress = await _wait_for_text(officer, "· lỗi:")
    await officer.press("Tạm dừng", progress)
    await _wait_for_text(officer, "(tạm dừng)")  # the progress message says so, with a Resume button

    def delivered() -> int:
        return sum(1 for c in chats if bot_texts(api.world, c))

    await asyncio.sleep(1.0)  # the batch under way finishes
    paused_at = delivered()
    await asyncio.sleep(1.5)
    assert delivered() == paused_at < len(chats), "sending went on while paused"
    await officer.press("Tiếp tục")
    await _wait_for_text(officer, "đã gửi xong", timeout=30)
    assert delivered() == len(chats)
    assert all(bot_texts(api.world, c).count("Họp dân lúc 8 giờ") == 1 for c in chats)


async def test_a_graceful_restart_mid_broadcast_loses_nobody(bot: BotHarness, client: SimClient, api) -> None:  # type: ignore[no-untyped-def]
    from bot.domain.areas import Area, OfficerScope, Role
    from bot.services.broadcasts import BroadcastDraft
    from storage.repositories.broadcasts import Audience, BroadcastRepository, Delivery
    from tests.e2e.broadcast_setup import add_people, bot_texts

    chats = list(range(4001, 4091))  # 90 chats at 30/s: about 3 s of sending
    await add_people(bot.services.engine, api.world, chats, province="56", ward="22411")
    api.world.register({"id": OFFICER_ID, "first_name": "Cán bộ"})
    scope = OfficerScope(OFFICER_ID, Role.PROVINCE, Area("56"))
    broadcast_id = await bot.services.broadcasts.create(scope, OFFICER_ID, BroadcastDraft("Mời họp", Audience.EVERYONE))

    def delivered() -> int:
        return sum(1 for c in chats if bot_texts(api.world, c))

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while delivered() < 20:
        assert loop.time() < deadline
        await asyncio.sleep(0.05)
    await bot.restart()  # SIGTERM-like: the batch under way finishes, the claimed rest goes back
    await _wait_for_text(await client.user(id=OFFICER_ID, first_name="Cán bộ"), "đã gửi xong", timeout=30)
    async with bot.services.sessions() as session:
        outcomes = await BroadcastRepository(session).outcomes_by_chat(broadcast_id)
    assert set(outcomes.values()) == {Delivery.SENT}
    assert all(bot_texts(api.world, c).count("Mời họp") == 1 for c in chats)


async def _announce(officer):  # type: ignore[no-untyped-def]
    """From the audience question to the second confirmation of a province-wide announcement."""
    await officer.press("Mọi người đã dùng bot trong địa bàn của tôi")
    await officer.replies()
    await officer.press("Gửi ngay")
    preview, summary = (await officer.replies())[-2:]
    await officer.press("Xác nhận")
    await officer.replies()
    await officer.press("Xác nhận")
    return preview


async def test_formatting_made_in_telegram_and_a_photo_reach_citizens_as_the_officer_wrote_them(
        bot: BotHarness, client: SimClient, api) -> None:  # type: ignore[no-untyped-def]
    lan = await _citizen(bot, client, 2101, "Lan")
    minh = await _citizen(bot, client, 2102, "Minh")
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")

    # Bold and a link made with Telegram's formatting menu: entities on the message, no typed tags.
    await officer.send("/thongbao")
    await officer.replies()
    await officer.send("Chi trả hỗ trợ tại UBND phường & nhà văn hóa <khu 3>", entities=[
        {"type": "bold", "offset": 0, "length": 14},
        {"type": "text_link", "offset": 19, "length": 11, "url": "https://example.gov.vn/chi-tra"}])
    await officer.replies()
    expected = ('<b>Chi trả hỗ trợ</b> tại <a href="https://example.gov.vn/chi-tra">UBND phường</a> '
                '&amp; nhà văn hóa &lt;khu 3&gt;')
    preview = await _announce(officer)
    assert preview.html == expected and preview.parse_mode == "HTML"
    for citizen in (lan, minh):
        received = await _wait_for_text(citizen, "Chi trả hỗ trợ")
        assert (received.html, received.parse_mode, received.method) == (expected, "HTML", "sendMessage")
        assert received.text == "Chi trả hỗ trợ tại UBND phường & nhà văn hóa <khu 3>"
    await _wait_for_text(officer, "đã gửi xong")

    # A photo with a formatted caption: the preview and every citizen get the same photo by file id.
    await officer.send("/thongbao")
    await officer.replies()
    await officer.upload("lich.jpg", b"\xff\xd8\xff fake jpeg", "image/jpeg", photo=True,
                         caption="Lịch chi trả tháng 12", caption_entities=[{"type": "italic", "offset": 0, "length": 12}])
    await officer.replies()
    preview = await _announce(officer)
    assert preview.method == "sendPhoto" and preview.photo
    assert preview.html == "<i>Lịch chi trả</i> tháng 12"
    for citizen in (lan, minh):
        received = await _wait_for_text(citizen, "Lịch chi trả")
        assert (received.method, received.photo, received.html, received.parse_mode) == (
            "sendPhoto", preview.photo, "<i>Lịch chi trả</i> tháng 12", "HTML")

    # A document (not a list to import) during /thongbao is the announcement too.
    await officer.send("/thongbao")
    await officer.replies()
    await officer.upload("mau-don.pdf", b"%PDF-1.4 form", "application/pdf", caption="Mẫu đơn đề nghị")
    await officer.replies()
    preview = await _announce(officer)
    assert preview.method == "sendDocument" and preview.document is not None
    received = await _wait_for_text(lan, "Mẫu đơn đề nghị")
    assert received.method == "sendDocument" and received.document["file_id"] == preview.document["file_id"]
    assert sum(1 for m in await lan.messages() if m.method == "sendDocument") == 1


async def test_a_scheduled_announcement_survives_a_restart_and_goes_out_at_its_time(
        bot: BotHarness, client: SimClient) -> None:
    """The schedule is a row in the database, not a timer in the process: stop the bot, start it later."""
    from datetime import timedelta

    from bot.config import TIMEZONE
    from bot.services.clock import Clock
    from tests.conftest import FIXED_NOW

    lan = await _citizen(bot, client, 2201, "Lan")
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await officer.send("/thongbao")
    await officer.replies()
    await officer.send("Nhận gạo hỗ trợ tại nhà văn hóa")
    await officer.replies()
    await officer.press("Mọi người đã dùng bot trong địa bàn của tôi")
    await officer.replies()
    await officer.send("07:00 26/11")  # the next morning (the clock says 25/11/2026 09:30)
    await officer.replies()
    await officer.press("Xác nhận")
    await officer.replies()
    await officer.press("Xác nhận")
    assert "07:00" in (await officer.replies())[-1].text

    await asyncio.sleep(1.5)  # several rounds of the sender: not due yet
    await bot.stop()
    assert not any("Nhận gạo" in m.text for m in await lan.messages())

    bot.clock = Clock(TIMEZONE, FIXED_NOW + timedelta(hours=22))  # 26/11 07:30, a new process
    await bot.start()
    received = await _wait_for_text(lan, "Nhận gạo hỗ trợ")
    assert received.from_bot
    await _wait_for_text(officer, "đã gửi xong")
    assert sum("Nhận gạo" in m.text for m in await lan.messages()) == 1
