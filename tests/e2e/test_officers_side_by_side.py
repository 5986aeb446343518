"""Issue 9, "Done when": four officers of Tỉnh Khánh Hòa side by side, through the real bot.

A province officer (created as ``python -m bot officers add`` does) invites, by one-time links, a
commune officer of Phường Nha Trang (A), one of Phường Bắc Nha Trang (B) and a supervisor.  Each
commune officer uploads an approved and a paid list (.xlsx) of their own commune, whose 2021
addresses name the old wards (Vạn Thạnh, Xương Huân → A; Vĩnh Phước, Vĩnh Hải → B); a row of the
other commune is refused.  Citizens apply in both communes; A decides on the day (on time), B's
application is still waiting a month later (⛔ in /duyet, overdue in /thongke, the same count).
The same person approved in both communes under two policies that may not be combined is a
duplicate the province officer sees, and each commune officer sees only what touches their own
commune.  /thongke and its .xlsx equal what was imported, per area; the supervisor sees figures and
masked numbers only.  The province officer removes A while A is in the middle of /thongke: A's next
step is refused at once.  /nhatky, read by the province officer and the supervisor, holds every step.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bot.config import TIMEZONE
from bot.domain.areas import Role
from bot.localapi.client import SimClient, SimMessage, SimUser
from bot.parsing.area_names import resolve_area
from bot.services.clock import Clock
from storage.models import Application, AuditEvent
from tests.e2e.conftest import BotHarness
from tests.e2e.test_apply import fill_until_summary, say, tap
from tests.e2e.test_lists_and_lookup import PREVIEW_DONE
from tests.e2e.test_officers import invite, texts
from tests.e2e.test_reports import fresh
from tests.reports.conftest import BAC_NHA_TRANG, KHANH_HOA, NHA_TRANG

PROVINCE_OFFICER, OFFICER_A, OFFICER_B, SUPERVISOR = 9101, 9102, 9103, 9104
CITIZEN_A, CITIZEN_B = 9201, 9202
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNPAID_LEAVE = "Hỗ trợ người lao động tạm hoãn hợp đồng lao động, nghỉ việc không hưởng lương (NQ 68)"
TERMINATION = "Hỗ trợ người lao động chấm dứt hợp đồng nhưng không đủ điều kiện hưởng trợ cấp thất nghiệp (NQ 68)"
HUNG = "056085000101"  # approved in A (unpaid leave) and in B (termination): not combinable, two communes
MAI, NAM, NAM_CMND = "056190000102", "056088000201", "225123456"
APPROVED_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Xã/phường", "Huyện", "Tỉnh", "Số tiền",
                   "Chính sách", "Số quyết định", "Ngày quyết định"]
PAID_HEADER = ["STT", "Số CCCD", "Số tiền đã chi trả", "Ngày chi trả", "Chính sách", "Đơn vị chi trả"]


def workbook(header: list[str], *rows: list[object]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def approved_row(n: int, name: str, born: str, id_number: str, old_ward: str, amount: int, policy: str,
                 decision: str) -> list[object]:
    return [n, name, born, id_number, old_ward, "Thành phố Nha Trang", "Khánh Hòa", amount, policy, decision,
            "20/08/2021"]


APPROVED_A = workbook(
    APPROVED_HEADER,
    approved_row(1, "Nguyễn Văn Hùng", "15/03/1985", HUNG, "Phường Vạn Thạnh", 3_710_000, UNPAID_LEAVE, "101/QĐ-UBND"),
    approved_row(2, "Trần Thị Mai", "02/02/1990", MAI, "Phường Xương Huân", 1_855_000, UNPAID_LEAVE, "101/QĐ-UBND"),
    # a person of commune B on A's list: refused, A cannot place people in B
    approved_row(3, "Lê Văn Nam", "01/01/1988", NAM, "Phường Vĩnh Hải", 3_710_000, TERMINATION, "101/QĐ-UBND"),
)
APPROVED_B = workbook(
    APPROVED_HEADER,
    approved_row(1, "Nguyễn Văn Hùng", "15/03/1985", HUNG, "Phường Vĩnh Phước", 3_710_000, TERMINATION, "202/QĐ-UBND"),
    approved_row(2, "Lê Văn Nam", "01/01/1988", NAM, "Phường Vĩnh Hải", 3_710_000, TERMINATION, "202/QĐ-UBND"),
    # the same man by his old CMND under a policy that may not be combined: a duplicate of B's alone
    approved_row(3, "Lê Văn Nam", "01/01/1988", NAM_CMND, "Phường Vĩnh Hải", 1_855_000, UNPAID_LEAVE, "202/QĐ-UBND"),
)
PAID_A = workbook(PAID_HEADER, [1, HUNG, 3_710_000, "05/09/2021", UNPAID_LEAVE, "Bưu điện Nha Trang"],
                  [2, MAI, 1_855_000, "05/09/2021", UNPAID_LEAVE, "Bưu điện Nha Trang"])
PAID_B = workbook(PAID_HEADER, [1, NAM, 3_710_000, "06/09/2021", TERMINATION, "Bưu điện Nha Trang"])


async def import_list(officer: SimUser, filename: str, content: bytes, kind: str) -> str:
    """Upload a list through the chat, answer its questions and confirm; returns the preview."""
    await officer.upload(filename, content, XLSX)
    assert "đây là danh sách gì?" in await texts(officer)
    await officer.press(kind)
    preview = "\n".join(m.text for m in await officer.replies(until=PREVIEW_DONE))
    await officer.press("Xác nhận")
    done = "\n".join(m.text for m in await officer.replies(until="Đã nhập xong"))
    assert "Đã nhập xong" in done, done
    return preview


async def statistics(officer: SimUser) -> tuple[str, list[tuple[object, ...]]]:
    """/thongke for all time: the chat summary and the rows of the report-form .xlsx."""
    await officer.send("/thongke")
    assert "Thống kê địa bàn" in await texts(officer)
    await officer.press("Toàn bộ thời gian")
    shown = fresh(await officer.replies(count=5))
    summary = next(m for m in shown if m.text.startswith("Thống kê:"))
    xlsx = next(m for m in shown if m.document and m.document["file_name"].endswith(".xlsx"))
    rows = list(load_workbook(io.BytesIO(await officer.download(xlsx.document))).worksheets[0]
                .iter_rows(values_only=True))
    await officer.press("Xong")
    await officer.replies()
    return summary.text, rows


async def duplicates(officer: SimUser) -> tuple[str, str]:
    """/trunglap: the counts and the whole .xlsx as text."""
    await officer.send("/trunglap")
    counts, file = await officer.replies(count=2)
    assert file.document is not None
    book = load_workbook(io.BytesIO(await officer.download(file.document)))
    return counts.text, str([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets])


def code_of(submitted: str) -> str:
    return submitted.split("Mã hồ sơ của bạn: ")[1].split()[0]


async def open_card(officer: SimUser, queue: SimMessage, code: str) -> str:
    await officer.press(next(label for label in queue.labels if code.split("-")[-1] in label))
    return await texts(officer)


async def log_of(reader: SimUser, group: str) -> str:
    """One /nhatky filter (newest first, one page) as text."""
    await reader.send("/nhatky")
    await texts(reader)
    await reader.press(group)
    shown = fresh(await reader.replies())[-1].text  # the new page, not the pressed one (edited)
    assert shown.startswith("Nhật ký hoạt động") and f"Lọc: {group}" in shown, shown
    await reader.press("Dừng")
    await reader.replies()
    return shown


async def test_four_officers_side_by_side(bot: BotHarness, client: SimClient) -> None:
    # --- the first officer, as `python -m bot officers add --role province --area "Tỉnh Khánh Hòa"` makes it
    await bot.services.officers.add(PROVINCE_OFFICER, Role.PROVINCE, resolve_area("Tỉnh Khánh Hòa"))
    province = await client.user(id=PROVINCE_OFFICER, first_name="Sở")
    officers: dict[int, SimUser] = {}
    for user_id, role, commune, joined in (
            (OFFICER_A, "cán bộ cấp xã", "Nha Trang", "cán bộ cấp xã của Phường Nha Trang, Tỉnh Khánh Hòa"),
            (OFFICER_B, "cán bộ cấp xã", "Bắc Nha Trang", "cán bộ cấp xã của Phường Bắc Nha Trang, Tỉnh Khánh Hòa"),
            (SUPERVISOR, "thành viên giám sát (chỉ xem)", None, "thành viên giám sát (chỉ xem) của Tỉnh Khánh Hòa")):
        code, _shown = await invite(province, role, commune)
        officers[user_id] = await client.user(id=user_id, first_name=f"Cán bộ {user_id}")
        assert joined in await say(officers[user_id], f"/start {code}")
    a, b, supervisor = officers[OFFICER_A], officers[OFFICER_B], officers[SUPERVISOR]
    assert "đã được sử dụng" in await say(await client.user(id=9999, first_name="Khách"), f"/start {code}")
    unknown = await say(supervisor, "/khongco")
    assert await say(supervisor, "/duyet") == unknown  # read-only: deciding is an unknown command to them

    # --- each commune imports its own lists; A's row of a person of B is refused
    preview = await import_list(a, "duyet-nha-trang.xlsx", APPROVED_A, "Danh sách được duyệt")
    assert "Hợp lệ: 2" in preview and "Không hợp lệ: 1" in preview
    assert "Hợp lệ: 3" in await import_list(b, "duyet-bac-nha-trang.xlsx", APPROVED_B, "Danh sách được duyệt")
    assert "Hợp lệ: 2" in await import_list(a, "chi-tra-nha-trang.xlsx", PAID_A, "Danh sách đã chi trả")
    assert "Hợp lệ: 1" in await import_list(b, "chi-tra-bac-nha-trang.xlsx", PAID_B, "Danh sách đã chi trả")

    # --- citizens apply in both communes (addresses of 2021, placed in today's communes)
    citizen_a = await client.user(id=CITIZEN_A, first_name="Lan")
    await fill_until_summary(citizen_a, "056085001111", "Phường Xương Huân, Thành phố Nha Trang, Khánh Hòa")
    code_a = code_of(await tap(citizen_a, "Gửi hồ sơ"))
    citizen_b = await client.user(id=CITIZEN_B, first_name="Bình")
    await fill_until_summary(citizen_b, "056085002222", "Phường Vĩnh Hải, Thành phố Nha Trang, Khánh Hòa")
    code_b = code_of(await tap(citizen_b, "Gửi hồ sơ"))
    async with bot.services.sessions() as session:
        placed = dict((await session.execute(select(Application.reference_code, Application.current_ward_code))).all())
    assert placed == {code_a: NHA_TRANG, code_b: BAC_NHA_TRANG}

    # --- on the day: each commune sees only its own queue; A decides on time
    queue_a = await say(a, "/duyet")
    assert "1 hồ sơ đang chờ duyệt" in queue_a and code_a in queue_a and code_b not in queue_a
    assert "🕒" in queue_a and "QUÁ HẠN" not in queue_a
    card = await open_card(a, (await a.messages())[-1], code_a)
    assert code_a in card and "*********111" in card and "056085001111" not in card
    await a.press("Duyệt")
    assert "Nhập số tiền được duyệt" in await texts(a)
    assert "Đã ghi nhận quyết định" in await say(a, "4.500.000")
    assert "đã được duyệt" in await texts(citizen_a)
    queue_b = await say(b, "/duyet")
    assert code_b in queue_b and code_a not in queue_b and "QUÁ HẠN" not in queue_b
    await tap(b, "Dừng")

    # --- duplicates: the province sees the cross-commune person; each commune what touches it
    counts, rows = await duplicates(province)
    assert "Được duyệt hai chính sách không được hưởng đồng thời: 2" in counts
    assert "Được duyệt ở hai xã, phường: 1" in counts
    assert HUNG in rows and NAM_CMND in rows
    counts, rows = await duplicates(a)  # Hùng touches A; Nam is B's alone
    assert "Được duyệt hai chính sách không được hưởng đồng thời: 1" in counts
    assert "Được duyệt ở hai xã, phường: 1" in counts
    assert HUNG in rows and NAM_CMND not in rows and "Lê Văn Nam" not in rows
    counts, rows = await duplicates(b)
    assert "Được duyệt hai chính sách không được hưởng đồng thời: 2" in counts
    assert "Được duyệt ở hai xã, phường: 1" in counts
    assert NAM_CMND in rows and MAI not in rows and "Trần Thị Mai" not in rows
    counts, rows = await duplicates(supervisor)
    assert "Được duyệt ở hai xã, phường: 1" in counts
    assert not re.search(r"\b0\d{11}\b", rows) and "*********101" in rows  # masked, never a full number

    # --- a month later (TCTN 2025: 20 working days): B's application is overdue in /duyet and /thongke
    bot.clock = Clock(TIMEZONE, datetime(2026, 12, 30, 10, 0, tzinfo=TIMEZONE))
    await bot.restart()
    queue_b = await say(b, "/duyet")
    assert "⛔" in queue_b and "QUÁ HẠN" in queue_b and code_b in queue_b
    await tap(b, "Dừng")
    figures = {}
    for who, officer in (("province", province), ("A", a), ("B", b), ("supervisor", supervisor)):
        figures[who] = await statistics(officer)
    summary, rows = figures["province"]
    assert "Được duyệt: 6 người, 19.340.000" in summary  # the lists and A's approved application and "Đã chi trả: 3 người, 9.275.000" in summary
    assert "tiếp nhận 2, duyệt 1, từ chối 0, quá hạn 1" in summary
    assert {"Phường Nha Trang", "Phường Bắc Nha Trang"} <= {r[1] for r in rows}
    summary, rows = figures["A"]
    assert "Được duyệt: 3 người, 10.065.000" in summary and "Đã chi trả: 2 người, 5.565.000" in summary
    assert "tiếp nhận 1, duyệt 1, từ chối 0, quá hạn 0" in summary
    assert "Phường Bắc Nha Trang" not in {r[1] for r in rows}
    summary, rows = figures["B"]
    assert "Được duyệt: 3 người, 9.275.000" in summary and "Đã chi trả: 1 người, 3.710.000" in summary
    assert "tiếp nhận 1, duyệt 0, từ chối 0, quá hạn 1" in summary
    assert "Phường Nha Trang" not in {r[1] for r in rows}
    summary, rows = figures["supervisor"]
    assert summary == figures["province"][0]  # the province's figures, read-only
    assert not re.search(r"\d{9,}", str(rows))  # no ID, phone or account number in a supervisor's file

    # B refuses past the deadline; the applicant is told
    await say(b, "/duyet")
    await open_card(b, (await b.messages())[-1], code_b)
    await b.press("Không duyệt")
    await texts(b)
    await b.press("Không đủ điều kiện theo chính sách")
    assert "Đã ghi nhận quyết định" in await texts(b)
    assert code_b in await texts(citizen_b)

    # --- removal mid-dialog: A is choosing the period of /thongke when the province removes them
    await a.send("/thongke")
    assert "Thống kê địa bàn" in await texts(a)
    await province.send("/canbo")
    listed = await texts(province)
    assert str(OFFICER_A) in listed and str(OFFICER_B) in listed and str(SUPERVISOR) in listed
    await province.press(f"Gỡ {OFFICER_A}")
    await texts(province)
    assert "Đã gỡ" in await tap(province, "Đồng ý gỡ")
    await a.press("Toàn bộ thời gian")  # the next step of the open dialog
    assert "không còn thực hiện được thao tác này" in await texts(a)
    assert await say(a, "/duyet") == await say(a, "/khongco")  # and no officer command any more

    # --- the audit log: every step, by area; the supervisor reads it too, numbers never in it
    async with bot.services.sessions() as session:
        events = list((await session.execute(select(AuditEvent).order_by(AuditEvent.id))).scalars())
    done = {(e.actor_user_id, e.action, e.object_id) for e in events}
    assert {(PROVINCE_OFFICER, "account.invite", ""), (OFFICER_A, "account.join", str(OFFICER_A)),
            (OFFICER_B, "account.join", str(OFFICER_B)), (SUPERVISOR, "account.join", str(SUPERVISOR)),
            (OFFICER_A, "application.view", code_a), (OFFICER_A, "application.approve", code_a),
            (OFFICER_B, "application.reject", code_b), (PROVINCE_OFFICER, "export.file", "/trunglap"),
            (SUPERVISOR, "export.file", "/thongke"), (PROVINCE_OFFICER, "account.remove", str(OFFICER_A)),
            } <= done
    commits = [(e.actor_user_id, e.details["kind"], e.ward_code) for e in events if e.action == "import.commit"]
    assert commits == [(OFFICER_A, "approved", NHA_TRANG), (OFFICER_B, "approved", BAC_NHA_TRANG),
                       (OFFICER_A, "paid", NHA_TRANG), (OFFICER_B, "paid", BAC_NHA_TRANG)]
    assert all(e.province_code == KHANH_HOA for e in events if e.actor_user_id)
    assert all(e.at.date() in (date(2026, 11, 25), date(2026, 12, 30)) for e in events)  # the injected clock
    assert not any(re.search(r"\d{9,}", str(e.details)) for e in events)
    accounts = await log_of(province, "Tài khoản")
    assert "xóa cán bộ" in accounts and "mời cán bộ" in accounts and "tham gia làm cán bộ" in accounts
    decisions = await log_of(province, "Hồ sơ")
    assert f"duyệt hồ sơ {code_a}" in decisions and f"từ chối hồ sơ {code_b}" in decisions
    assert f"xem hồ sơ {code_a}" in decisions  # the officer's look at a person's application
    assert (await log_of(supervisor, "Nhập danh sách")).count("nhập danh sách") == 4
    assert "xuất file /thongke" in await log_of(supervisor, "Xuất file")
    assert await say(b, "/nhatky") == await say(b, "/khongco")  # commune officers are among those it watches
