"""An officer reviews on time through the real bot: the queue with its deadline marks, the daily
digest once the clock has moved past the limit, a refusal the applicant reads in English, and
the activity log that recorded it all (and that citizens cannot open)."""

from __future__ import annotations

from datetime import datetime

from bot.config import TIMEZONE
from bot.localapi.client import SimClient, SimUser
from bot.services.clock import Clock
from tests.e2e.conftest import BotHarness
from tests.e2e.test_apply import fill_until_summary, hcmc_officer, say, tap, texts


async def open_from_queue(officer: SimUser, queue: str) -> str:
    code = "HS-2611-" + queue.split("HS-2611-")[1][:5]
    await officer.press(next(label for label in (await officer.messages())[-1].labels if code in label))
    return await texts(officer)


async def test_review_on_time_digest_refusal_in_english_and_the_audit_log(bot: BotHarness, client: SimClient) -> None:
    citizen = await client.user(id=4101, first_name="Hoa")
    await fill_until_summary(citizen, "001085067890")
    code = (await tap(citizen, "Gửi hồ sơ")).split("Mã hồ sơ của bạn: ")[1].split()[0]
    officer = await hcmc_officer(bot, client)
    queue = await say(officer, "/duyet")
    assert "1 hồ sơ đang chờ duyệt" in queue and code in queue and "🕒" in queue and "QUÁ HẠN" not in queue
    await tap(officer, "Dừng")

    # A month later (the default limit is 20 working days): the digest comes by itself after 07:00.
    bot.clock = Clock(TIMEZONE, datetime(2026, 12, 30, 8, 0, tzinfo=TIMEZONE))
    await bot.restart()
    digest = "\n".join(m.text for m in await officer.replies(quiet=1.0, timeout=15))
    assert "Hồ sơ cần giải quyết hôm nay" in digest and "⛔ 1 hồ sơ đã quá hạn" in digest and code in digest

    await citizen.send("/ngonngu")
    await texts(citizen)
    await tap(citizen, "English")
    queue = await say(officer, "/duyet")
    assert "⛔" in queue and "QUÁ HẠN" in queue
    card = await open_from_queue(officer, queue)
    assert code in card and "*********890" in card and "001085067890" not in card
    await officer.press("Không duyệt")
    await texts(officer)
    await officer.press("Đã được hỗ trợ theo chính sách này")
    assert "Đã ghi nhận quyết định" in await texts(officer)
    told = await texts(citizen)
    assert f"Your application {code}" in told and "Already supported under this policy" in told

    log = await say(officer, "/nhatky")
    assert f"từ chối hồ sơ {code}" in log and f"xem hồ sơ {code}" in log and "001085067890" not in log
    assert "Không có hoạt động nào phù hợp" in await tap(officer, "Nhập danh sách")

    refused = await say(citizen, "/nhatky")  # the citizen now reads English: an officer command is unknown to them
    assert "I did not understand" in refused and code not in refused
