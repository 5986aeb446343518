"""Officers import messy lists through the bot; people look themselves up and get the paid notice."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook, load_workbook

from bot.localapi.client import SimClient, SimUser
from tests.e2e.conftest import OFFICER_ID, BotHarness

POLICY_PREFIX = "Hỗ trợ người lao động tạm hoãn hợp đồng lao động"


def approved_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND HUYỆN NINH HÒA"])
    ws.append(["DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD/CMND", "Địa chỉ", None, "Số tiền hỗ trợ (đồng)"])
    ws.append([None, None, None, None, "Xã/phường", "Huyện", None])
    ws.merge_cells("E4:F4")
    ws.append([1, "Nguyễn Thị Lan", "15/07/1985", 56185001234, "Ninh Quang", "Ninh Hòa", "3.710.000"])
    ws.append([2, "Lª V¨n B×nh", datetime(1990, 3, 2), "056090004321", "Ninh Quang", "Ninh Hòa", 1855000])
    ws.append([3, "Trần Văn Cường", "01/01/1990", "056085000111", "Ninh Quang", "Ninh Hòa", 3710000])
    ws.append([None, "Tổng cộng", None, None, None, None, 9_275_000])
    ws.append([None, "Người lập biểu"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


PAID_CSV = ("STT,Số CCCD,Số tiền đã chi trả,Ngày chi trả,Đơn vị chi trả\n"
            "1,56185001234,3710000,05/09/2021,Bưu điện Ninh Hòa\n"
            "2,079185009999,3710000,05/09/2021,Bưu điện Ninh Hòa\n"
            "3,056090004321,9000000,05/09/2021,Bưu điện Ninh Hòa\n")


async def texts(user: SimUser, until: str | None = None) -> str:
    return "\n".join(m.text for m in await user.replies(until=until))


PREVIEW_DONE = "Hợp lệ:"  # the preview follows a progress message, after a slow read on a busy machine


async def choose_policy(user: SimUser, until: str | None = None) -> str:
    messages = await user.messages()
    label = next(l for m in reversed(messages) for l in m.labels if l.startswith(POLICY_PREFIX))
    await user.press(label)
    return await texts(user, until)


async def import_approved(officer: SimUser) -> str:
    await officer.upload("danh-sach-duyet.xlsx", approved_xlsx(),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "đây là danh sách gì?" in await texts(officer)
    await officer.press("Danh sách được duyệt")
    shown = await texts(officer)
    assert "Các cột đã nhận ra" in shown and "Số CCCD/CMND → số CCCD/CMND" in shown
    assert "Xã/phường → xã/phường" in shown
    assert "Tệp không ghi chính sách" in shown
    assert "Tệp không có số quyết định" in await choose_policy(officer)
    await officer.send("1234/QĐ-UBND")
    await officer.replies()
    await officer.send("20/8/2021")
    return await texts(officer, until=PREVIEW_DONE)


async def test_officer_imports_then_citizen_looks_up_subscribes_and_is_told_of_payment(
        bot: BotHarness, client: SimClient) -> None:
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    preview = await import_approved(officer)
    assert "Số dòng đã đọc: 3" in preview and "Hợp lệ: 2" in preview and "Không hợp lệ: 1" in preview
    assert "Mới: 2" in preview
    report = next(m for m in (await officer.messages())[::-1] if m.document)
    rows = list(load_workbook(io.BytesIO(await officer.download(report.document))).active.iter_rows(values_only=True))
    assert rows[1][1] == "Chữ số thứ 5–6 của CCCD không khớp với năm sinh."
    await officer.press("Xác nhận")
    assert "Đã nhập xong: 2 dòng mới" in await texts(officer, until="Đã nhập xong")

    citizen = await client.user(id=3001, first_name="Lan")
    await citizen.send("/tracuu")
    assert "Nhập số định danh" in await texts(citizen)
    await citizen.send("0561 8500 1234")
    assert "ngày sinh" in await texts(citizen)
    await citizen.send("15/7/1985")
    found = await texts(citizen)
    assert "Kết quả tra cứu: Nguyễn T. L." in found
    assert "Quyết định số 1234/QĐ-UBND ngày 20/08/2021; số tiền 3.710.000 đ" in found
    assert "Chưa được chi trả" in found
    assert "056185001234" not in found
    await citizen.press("Báo cho tôi khi có thay đổi")
    assert "Đã đăng ký" in await texts(citizen)

    await officer.upload("chi-tra.csv", PAID_CSV.encode("utf-8"), "text/csv")
    await officer.replies()
    await officer.press("Danh sách đã chi trả")
    await officer.replies()
    preview = await choose_policy(officer, until=PREVIEW_DONE)
    assert "Hợp lệ: 1" in preview and "Không hợp lệ: 2" in preview
    await officer.press("Xác nhận")
    assert "1 người đã đăng ký theo dõi sẽ nhận được tin nhắn" in await texts(officer, until="đã đăng ký theo dõi")
    notice = await texts(citizen, until="Đã ghi nhận chi trả")  # unprompted, from the outbox job
    assert "Đã ghi nhận chi trả: 3.710.000 đ" in notice and "05/09/2021" in notice and "Bưu điện Ninh Hòa" in notice

    await citizen.send("/tracuu")
    await citizen.replies()
    await citizen.send("056185001234")
    await citizen.replies()
    await citizen.send("15/07/1985")
    assert "Đã chi trả 3.710.000 đ ngày 05/09/2021 (Bưu điện Ninh Hòa)" in await texts(citizen)


async def test_reimporting_the_same_file_changes_nothing(bot: BotHarness, client: SimClient) -> None:
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await import_approved(officer)
    await officer.press("Xác nhận")
    await officer.replies()
    preview = await import_approved(officer)
    assert "Mới: 0" in preview and "Đã có sẵn: 2" in preview
    await officer.press("Xác nhận")
    assert "0 dòng mới, 0 dòng cập nhật, 2 dòng đã có sẵn" in await texts(officer, until="dòng đã có sẵn")


async def test_a_wrong_second_fact_looks_exactly_like_an_unknown_number(bot: BotHarness, client: SimClient) -> None:
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await import_approved(officer)
    await officer.press("Xác nhận")
    await officer.replies()
    answers = []
    for number, born in (("056185001234", "16/7/1985"), ("056185009999", "15/7/1985")):
        snooper = await client.user(id=3100, first_name="X")
        await snooper.send("/tracuu")
        await snooper.replies()
        await snooper.send(number)
        await snooper.replies()
        await snooper.send(born)
        answers.append(await texts(snooper))
    assert answers[0] == answers[1] and "Không tìm thấy" in answers[0]


async def test_walking_through_numbers_is_stopped_before_anything_is_typed_again(
        bot: BotHarness, client: SimClient) -> None:
    walker = await client.user(id=3200, first_name="Y")
    for n in range(5):
        await walker.send("/tracuu")
        await walker.replies()
        await walker.send(f"05618500{n:04d}")
        await walker.replies()
        await walker.send("1/1/1985")
        assert "Không tìm thấy" in await texts(walker)
    await walker.send("/tracuu")
    refused = await texts(walker)
    assert "quá nhiều lần" in refused and "Nhập số định danh" not in refused


async def test_a_million_column_file_is_refused_while_citizens_keep_being_answered(
        bot: BotHarness, client: SimClient) -> None:
    """The file that once kept a citizen waiting 164 s for /start: refused with one sentence, and the
    citizen's answer does not wait for it."""
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    citizen = await client.user(id=5150, first_name="Lan")
    wide = ("Họ và tên,Số CCCD,Số tiền\n" + ",".join(["1"] * 1_000_000) + "\n").encode("utf-8")
    await officer.upload("danh-sach.csv", wide, "text/csv")
    assert "đây là danh sách gì?" in await texts(officer)
    await officer.press("Danh sách được duyệt")
    await citizen.send("/start")
    assert "Xin chào" in await texts(citizen)
    refused = await texts(officer, until="Dữ liệu không thay đổi")
    assert "Dòng 2 của tệp có hơn 256 cột" in refused and "Dữ liệu không thay đổi" in refused
