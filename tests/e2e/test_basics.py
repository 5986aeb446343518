"""The first things anyone meets: the menu, help, cancel, language, and officer-only features."""

from __future__ import annotations

from bot.localapi.client import SimClient
from tests.e2e.conftest import OFFICER_ID, BotHarness


async def test_start_greets_in_vietnamese_with_the_menu(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1001, first_name="Lan", language_code="vi")
    await user.send("/start")
    replies = await user.replies()
    assert "Xin chào Lan" in replies[-1].text
    labels = [label for row in replies[-1].buttons for label in row]
    assert "Kiểm tra điều kiện hưởng hỗ trợ" in labels
    assert "Nộp hồ sơ đề nghị hỗ trợ" in labels
    assert "Tra cứu đã được duyệt, đã nhận tiền chưa" in labels


async def test_help_lists_the_commands(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1002, first_name="Minh", language_code="vi")
    await user.send("/trogiup")
    text = (await user.replies())[-1].text
    for command in ("/kiemtra", "/nophoso", "/tracuu", "/huy", "/ngonngu"):
        assert command in text


async def test_cancel_outside_a_dialog_says_there_is_nothing_to_cancel(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1003, first_name="Hoa", language_code="vi")
    await user.send("/huy")
    assert "Không có thao tác nào để hủy" in (await user.replies())[-1].text


async def test_language_can_be_switched_to_english_and_back(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1004, first_name="Tuan", language_code="en")
    await user.send("/start")
    assert "Xin chào" in (await user.replies())[-1].text  # Vietnamese first, whatever the phone's language
    await user.send("/ngonngu")
    await user.replies()
    await user.press("English")
    replies = await user.replies()
    assert any("Hello Tuan" in r.text for r in replies)
    await user.send("/ngonngu")
    await user.replies()
    await user.press("Tiếng Việt")
    assert any("Xin chào Tuan" in r.text for r in await user.replies())


async def test_free_text_outside_a_dialog_gets_the_menu(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1005, first_name="An", language_code="vi")
    await user.send("cho tôi hỏi")
    reply = (await user.replies())[-1]
    assert "chưa hiểu" in reply.text
    assert reply.buttons


async def test_citizens_cannot_use_officer_features(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=1006, first_name="Nam", language_code="vi")
    await user.send("/khongco")
    unknown = (await user.replies())[-1].text
    for command in ("/duyet", "/review", "/canbo", "/officers"):
        await user.send(command)  # forbidden reads exactly like unknown: nothing tells it exists
        assert (await user.replies())[-1].text == unknown
    await user.upload("ds.csv", "Họ và tên,Số CCCD\n".encode(), "text/csv")
    assert "Chỉ cán bộ" in (await user.replies())[-1].text


async def test_officer_review_with_nothing_waiting(bot: BotHarness, client: SimClient) -> None:
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ", language_code="vi")
    await officer.send("/duyet")
    assert "Không có hồ sơ nào đang chờ duyệt" in (await officer.replies())[-1].text
