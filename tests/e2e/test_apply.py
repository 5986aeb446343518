"""A citizen applies: every answer checked, summary, edit, submit, reference code, duplicates, resume."""

from __future__ import annotations


from bot.localapi.client import SimClient, SimUser
from bot.domain.areas import Role
from bot.parsing.area_names import resolve_area
from tests.e2e.conftest import OFFICER_ID, BotHarness

TCTN = "Trợ cấp thất nghiệp (Luật Việc làm 2025)"


async def texts(user: SimUser) -> str:
    return "\n".join(m.text for m in await user.replies())


async def say(user: SimUser, text: str) -> str:
    await user.send(text)
    return await texts(user)


async def tap(user: SimUser, label: str) -> str:
    await user.press(label)
    return await texts(user)


async def fill_until_summary(user: SimUser, id_number: str = "001085012345",
                             address: str = "phuong 1, quan 3, ho chi minh") -> str:
    await user.send("/nophoso")
    assert "Bạn đề nghị hỗ trợ theo chính sách nào?" in await texts(user)
    intro = await tap(user, TCTN)
    assert "Họ và tên của bạn" in intro
    await say(user, "nguyen van  an")
    await say(user, "1/2/1985")
    await tap(user, "Nam")
    await say(user, id_number)
    await say(user, "0912.345.678")
    await say(user, address)
    await say(user, "12 Võ Văn Tần")
    await say(user, "Công ty May Sài Gòn")
    await say(user, "0301234567")
    await say(user, "1/10/2026")
    await say(user, "công ty cắt giảm lao động")
    return await tap(user, "Nhận tiền mặt (bưu điện hoặc UBND xã)")


async def test_apply_with_checks_summary_edit_and_reference_code(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=4001, first_name="An")
    await user.send("/nophoso")
    await texts(user)
    await tap(user, TCTN)
    assert "Họ tên chỉ gồm chữ cái" in await say(user, "An 123")
    await say(user, "Nguyễn Văn An")
    await say(user, "1/2/1985")
    await tap(user, "Nam")
    wrong_year = await say(user, "001090012345")
    assert "không khớp với năm sinh 1985" in wrong_year
    assert "không khớp với giới tính" in await say(user, "001185012345")
    await say(user, "001085012345")
    assert "không phải số điện thoại Việt Nam" in await say(user, "12345")
    await say(user, "+84 912 345 678")
    choices = await say(user, "xa ninh quag, thi xa ninh hoa, khanh hoa")
    assert "Bạn muốn nói địa danh nào?" in choices
    await user.press("Xã Ninh Quang, Thị xã Ninh Hòa, Tỉnh Khánh Hòa")
    assert "Số nhà" in await texts(user)
    for text in ("thôn Phú Hữu", "Công ty TNHH Hải Sản", "0"):
        await say(user, text)
    await say(user, "15/10/2026")
    assert "nhận tiền hỗ trợ bằng cách nào" in await say(user, "hết hạn hợp đồng")
    await tap(user, "Chuyển vào tài khoản ngân hàng của tôi")
    await say(user, "Agribank")
    await say(user, "1234 5678 9012")
    summary = (await user.messages())[-1].text
    assert "Agribank" in summary and "123456789012" not in summary  # the account is shown masked
    assert "Vui lòng kiểm tra lại hồ sơ" in summary
    assert "Nguyễn Văn An" in summary and "+84912345678" in summary
    assert "Xã Ninh Quang, Thị xã Ninh Hòa, Tỉnh Khánh Hòa (nay là: Xã Tân Định, Tỉnh Khánh Hòa)" in summary
    await user.press("Sửa câu trả lời")
    await user.replies()
    await user.press("Điện thoại")
    await user.replies()
    assert "0987654321" not in summary
    edited = await say(user, "0987 654 321")
    assert "+84987654321" in edited
    done = await tap(user, "Gửi hồ sơ")
    assert "Đã gửi hồ sơ." in done and "Mã hồ sơ của bạn: HS-2611-" in done
    assert "Trung tâm dịch vụ việc làm" in done


async def test_a_second_application_with_someones_id_reveals_nothing_and_both_reach_the_officer(
        bot: BotHarness, client: SimClient) -> None:
    first = await client.user(id=4002, first_name="A")
    await fill_until_summary(first)
    code = (await tap(first, "Gửi hồ sơ")).split("Mã hồ sơ của bạn: ")[1].split()[0]
    stranger = await client.user(id=4003, first_name="B")
    await fill_until_summary(stranger)
    again = await tap(stranger, "Gửi hồ sơ")
    assert code not in again and "đã nộp" not in again  # nothing about the first applicant
    assert "sẽ liên hệ với bạn" in again
    own_code = again.split("Mã hồ sơ của bạn: ")[1].split()[0]
    assert own_code.startswith("HS-2611-") and own_code != code
    await fill_until_summary(first)  # the real person, again from their own chat: told their own code
    repeat = await tap(first, "Gửi hồ sơ")
    assert "đã nộp hồ sơ cho chính sách này" in repeat and code in repeat and own_code not in repeat
    officer = await hcmc_officer(bot, client)
    await open_application(officer, code)
    card = await texts(officer)
    assert code in card and "Có thể trùng" in card and own_code in card  # side by side
    assert "001085012345" not in card


async def test_an_officer_removed_while_reviewing_cannot_decide(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=4006, first_name="E")
    await fill_until_summary(user, "001085054321")
    code = (await tap(user, "Gửi hồ sơ")).split("Mã hồ sơ của bạn: ")[1].split()[0]
    officer = await hcmc_officer(bot, client)
    await open_application(officer, code)
    assert code in await texts(officer)
    assert await bot.services.officers.remove_user(OFFICER_ID + 1)  # another officer removed them meanwhile
    await officer.press("Duyệt")
    assert "không còn" in await texts(officer)
    await user.replies(timeout=1.0)
    assert not any("đã được duyệt" in m.text for m in await user.messages())


async def hcmc_officer(bot: BotHarness, client: SimClient) -> SimUser:
    """A province officer of Thành phố Hồ Chí Minh, where the test applicants live."""
    await bot.services.officers.add(OFFICER_ID + 1, Role.PROVINCE, resolve_area("Thành phố Hồ Chí Minh"))
    return await client.user(id=OFFICER_ID + 1, first_name="Cán bộ")


async def open_application(officer: SimUser, code: str) -> None:
    await say(officer, "/duyet")
    short = code.split("-")[-1]
    await officer.press(next(label for label in (await officer.messages())[-1].labels if short in label))


async def test_a_half_filled_application_is_resumed_later(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=4004, first_name="C")
    await user.send("/nophoso")
    await texts(user)
    await tap(user, TCTN)
    await say(user, "Lê Thị Hoa")
    await user.send("/kiemtra")  # does something else in between
    await texts(user)
    await bot.restart()
    await user.send("/nophoso")
    assert "hồ sơ đang làm dở (đã lưu 1 câu trả lời)" in await texts(user)
    assert "Ngày sinh của bạn" in await tap(user, "Làm tiếp")


async def test_officer_approves_and_the_applicant_is_told(bot: BotHarness, client: SimClient) -> None:
    user = await client.user(id=4005, first_name="D")
    await fill_until_summary(user, "001085054321")
    await tap(user, "Gửi hồ sơ")
    elsewhere = await client.user(id=OFFICER_ID, first_name="Cán bộ Khánh Hòa")
    assert "Không có hồ sơ nào" in await say(elsewhere, "/duyet")  # another province's applicant
    await bot.services.officers.add(OFFICER_ID + 1, Role.PROVINCE, resolve_area("Thành phố Hồ Chí Minh"))
    officer = await client.user(id=OFFICER_ID + 1, first_name="Cán bộ")
    queue = await say(officer, "/duyet")
    code = queue.split("HS-2611-")[1][:5]
    await officer.press(next(label for label in (await officer.messages())[-1].labels if code in label))
    card = await texts(officer)
    assert "Hồ sơ HS-2611-" in card and "Họ tên: Nguyen Van An, sinh ngày 01/02/1985" in card
    assert "*********321" in card
    await officer.press("Duyệt")
    assert "Nhập số tiền được duyệt" in await texts(officer)  # the rules need the salary to compute it
    assert "Đã ghi nhận quyết định" in await say(officer, "5.000.000")
    assert "đã được duyệt" in await texts(user)
