"""End-to-end: an officer asks for statistics (/thongke) and duplicates (/trunglap) through the chat."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from bot.localapi.client import SimClient, SimMessage
from storage.models import AuditEvent
from tests.e2e.conftest import OFFICER_ID, BotHarness
from tests.reports.conftest import BAC_NHA_TRANG, NHA_TRANG, add_all, approved, paid


def fresh(messages: list[SimMessage]) -> list[SimMessage]:
    """New messages only (a pressed button's message is edited to show the choice)."""
    return [m for m in messages if not m.edited]


async def _seed(bot: BotHarness) -> None:
    async with bot.services.sessions.begin() as session:
        await add_all(
            session,
            approved("nq68_unpaid_leave", "056090000001", "Nguyễn Văn An", date(1990, 1, 1), NHA_TRANG, 3_710_000,
                     district="Thành phố Nha Trang", rice_kg=15),
            approved("nq68_termination", "056090000001", "Nguyễn Văn An", date(1990, 1, 1), BAC_NHA_TRANG,
                     3_710_000, district="Huyện Diên Khánh"),
            paid("nq68_unpaid_leave", "056090000001", NHA_TRANG, 3_710_000, rice_kg=15),
        )


async def test_officer_gets_statistics_chart_and_duplicates(bot: BotHarness, client: SimClient) -> None:
    await _seed(bot)
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await officer.send("/thongke")
    (question,) = await officer.replies()
    assert "Thống kê địa bàn" in question.text and "2021" in question.labels
    await officer.send("31/12/2021 - 01/07/2021")  # the wrong way round: asked again, nothing exported
    assert "Chưa đọc được khoảng thời gian" in (await officer.replies())[0].text
    await officer.press("2021")
    summary, xlsx, chart, after = fresh(await officer.replies(count=5))
    assert "Tỉnh Khánh Hòa" in summary.text and "từ ngày 01/01/2021 đến ngày 31/12/2021" in summary.text
    assert "Được duyệt: 2 người, 7.420.000" in summary.text and "Đã chi trả: 1 người, 3.710.000" in summary.text
    assert "15 kg gạo" in summary.text
    assert xlsx.document and xlsx.document["file_name"].endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(await officer.download(xlsx.document))).worksheets[0]
                .iter_rows(values_only=True))
    assert ["Phường Bắc Nha Trang", "Phường Nha Trang"] == [r[1] for r in rows if r[1] and r[1].startswith("Phường")]
    assert chart.document and (await officer.download(chart.document)).startswith(b"\x89PNG")
    await officer.press("Theo huyện cũ", after)
    regrouped = fresh(await officer.replies(count=5))[1]
    rows = list(load_workbook(io.BytesIO(await officer.download(regrouped.document))).worksheets[0]
                .iter_rows(values_only=True))
    assert {"Huyện Diên Khánh", "Thành phố Nha Trang"} <= {r[1] for r in rows}
    await officer.press("Xong")
    await officer.replies()

    await officer.send("/trunglap")
    counts, duplicates = await officer.replies(count=2)
    assert "Được duyệt hai chính sách không được hưởng đồng thời: 1" in counts.text
    assert "Được duyệt ở hai xã, phường: 1" in counts.text
    assert duplicates.document and duplicates.document["file_name"].endswith(".xlsx")
    async with bot.services.sessions() as session:
        exports = [e.object_id for e in (await session.execute(select(AuditEvent).order_by(AuditEvent.id))).scalars()
                   if e.action == "export.file"]
    assert exports == ["/thongke", "/thongke", "/trunglap"]


async def test_citizens_cannot_ask_for_statistics(bot: BotHarness, client: SimClient) -> None:
    await _seed(bot)
    citizen = await client.user(id=5001, first_name="Dân")
    for command in ("/thongke", "/trunglap"):
        await citizen.send(command)
        texts = " ".join(m.text for m in await citizen.replies())
        assert "Thống kê" not in texts and "trùng lặp" not in texts.lower()
