"""``/tra-cuu`` on SQLite and PostgreSQL: the bot's answers, CSRF, the limits per address and per ID
number (shared with the bot), nothing typed in a URL or a log, never cached."""

from __future__ import annotations

import dataclasses
import logging
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from sqlalchemy import func, select

from bot import logsafe
from bot.services.container import Services
from bot.web import build_web_app
from storage.models import LookupAttempt

LAN = {"id_number": "056185001234", "birth_date": "15/07/1985"}
NOT_FOUND = "Không tìm thấy thông tin khớp với cả số định danh và ngày sinh"


async def form_token(client: TestClient, path: str = "/tra-cuu") -> str:
    response = await client.get(path)
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    found = re.search(r'name="csrf" value="([^"]+)"', await response.text())
    assert found
    return found.group(1)


async def ask(client: TestClient, fields: dict[str, str], *, path: str = "/tra-cuu",
              headers: dict[str, str] | None = None) -> tuple[int, str]:
    token = await form_token(client, path)
    response = await client.post(path, data={"csrf": token, **fields}, headers=headers or {})
    assert response.headers["Cache-Control"] == "no-store"
    return response.status, await response.text()


def answer(page: str) -> str:
    found = re.search(r'<section class="(?:answer|error)" id="\w+"[^>]*>(.*?)</section>', page, re.S)
    assert found, page
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


async def test_right_and_wrong_second_fact_give_the_bots_answers(client: TestClient) -> None:
    status, page = await ask(client, LAN)
    assert status == 200
    text = answer(page)
    assert text.startswith("Kết quả tra cứu: Nguyễn T. L.")  # the masked name, as in the bot
    assert "Hỗ trợ người lao động tạm hoãn" in text and "Đã chi trả 3.710.000 đ ngày 05/09/2021" in text
    assert "056185001234" not in page  # the number typed is not echoed back
    wrong = await ask(client, {**LAN, "birth_date": "16/07/1985"})
    unknown = await ask(client, {"id_number": "056185009999", "birth_date": "15/07/1985"})
    assert answer(wrong[1]) == answer(unknown[1]) and NOT_FOUND in answer(wrong[1])
    by_year = await ask(client, {"id_number": "056185001234", "birth_year": "1985", "full_name": "nguyễn thị lan"})
    assert "3.710.000" in answer(by_year[1])
    english = await ask(client, {**LAN, "birth_date": "16/07/1985"}, path="/tra-cuu?lang=en")
    assert "I found no record matching both the ID number" in answer(english[1])


async def test_bad_input_is_explained_and_changes_nothing(client: TestClient, site: Services) -> None:
    status, page = await ask(client, {"id_number": "12345", "birth_date": "15/07/1985"})
    assert status == 400 and "số CCCD gồm 12 chữ số" in answer(page)
    status, page = await ask(client, {"id_number": "056185001234"})
    assert status == 400 and "năm sinh" in answer(page).lower()
    status, page = await ask(client, {"id_number": "056185001234", "birth_date": "31/02/1985"})
    assert status == 400
    async with site.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LookupAttempt)) == 0


async def test_csrf_token_is_required_and_must_match_the_cookie(client: TestClient) -> None:
    await form_token(client)
    missing = await client.post("/tra-cuu", data=LAN)
    assert missing.status == 403 and "hết hạn" in answer(await missing.text())
    forged = await client.post("/tra-cuu", data={"csrf": "x" * 43, **LAN})
    assert forged.status == 403
    client.session.cookie_jar.clear()
    no_cookie = await client.post("/tra-cuu", data={"csrf": "x" * 43, **LAN})
    assert no_cookie.status == 403
    cookie = (await client.get("/tra-cuu")).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_get_with_the_number_in_the_url_looks_nothing_up(client: TestClient) -> None:
    page = await (await client.get("/tra-cuu?id_number=056185001234&birth_date=15/07/1985")).text()
    assert "3.710.000" not in page and "056185001234" not in page
    assert (await client.put("/tra-cuu", data=LAN)).status == 405


async def test_limits_per_address_and_per_id_number(site: Services) -> None:
    settings = dataclasses.replace(site.settings, web_trusted_proxies=frozenset({"127.0.0.1"}))
    async with TestClient(TestServer(build_web_app(site, settings))) as client:
        near = {"X-Forwarded-For": "203.0.113.7"}
        for attempt in range(20):  # strangers' IDs: only the address limit is reached
            status, _page = await ask(client, {"id_number": f"0561850{attempt:05d}", "birth_date": "1/1/1990"},
                                      headers=near)
            assert status == 200
        status, page = await ask(client, LAN, headers=near)
        assert status == 429 and "quá nhiều lần tra cứu" in answer(page).lower()
        assert 'name="id_number"' not in page
        assert 'name="id_number"' not in await (await client.get("/tra-cuu", headers=near)).text()
        status, page = await ask(client, LAN, headers={"X-Forwarded-For": "198.51.100.1"})  # another address
        assert status == 200 and "3.710.000" in answer(page)
        for n in range(5):  # five addresses each guess the same ID wrong: it is paused, as in the bot
            await ask(client, {**LAN, "birth_date": "1/1/1990"}, headers={"X-Forwarded-For": f"192.0.2.{n}"})
        status, page = await ask(client, LAN, headers={"X-Forwarded-For": "192.0.2.99"})
        assert "số điện thoại" in answer(page) and 'name="phone"' in page


async def test_no_id_number_reaches_the_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    """At DEBUG (SQL parameters included) with the masking ``python -m bot web`` installs at start-up."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement with its parameters
    logsafe.install()
    try:
        await ask(client, LAN)
        await ask(client, {**LAN, "birth_date": "16/07/1985"})
    finally:
        logsafe.uninstall()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "INSERT INTO lookup_attempts" in logged  # the SQL was logged, with its parameters masked
    assert "056185001234" not in logged and "tra-cuu?" not in logged
