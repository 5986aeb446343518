"""The public page in headless Chromium: figures equal the imported rows, a lookup with a right and a
wrong second fact, the English switch, nothing wider than a 360-px phone; screenshots at 360 and 1280.

The site runs in a thread with its own event loop (Selenium's calls block), on SQLite filled through
the real import service (``tests/web/site.py``), for the whole module.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.web import build_web_app
from tests.browser.conftest import DESKTOP_WIDTH, PHONE_WIDTH
from tests.web.site import expected, fill, open_services, publish

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("public-site")
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        services = await open_services(f"sqlite+aiosqlite:///{tmp / 'site.db'}", tmp)
        await fill(services, tmp)
        await publish(services)
        runner = web.AppRunner(build_web_app(services, services.settings), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        state["url"] = f"http://127.0.0.1:{runner.addresses[0][1]}"
        state["stop"] = asyncio.Event()
        state["loop"] = asyncio.get_running_loop()
        ready.set()
        try:
            await state["stop"].wait()
        finally:
            await runner.cleanup()
            await services.engine.dispose()

    def run() -> None:
        try:
            asyncio.run(serve())
        finally:
            ready.set()

    thread = threading.Thread(target=run, name="public-site", daemon=True)
    thread.start()
    assert ready.wait(60) and "url" in state, "the public site did not start"
    yield state["url"]
    state["loop"].call_soon_threadsafe(state["stop"].set)
    thread.join(30)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def figures_of(driver: Any, area: str = "56") -> dict[str, str]:
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.CSS_SELECTOR, f'section[data-area="{area}"]')
    return {e.get_attribute("data-figure"): e.text for e in section.find_elements(By.CSS_SELECTOR, "dd[data-figure]")}


def fits(driver: Any, width: int) -> None:
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{driver.current_url} is {scroll}px wide on a {width}px screen"


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_public_figures_equal_the_imported_rows(site_url: str, browser: Callable[[int], Any],
                                                screenshot: Callable[[Any, str], Path], width: int) -> None:
    driver = browser(width)
    driver.get(site_url + "/")
    want = expected()
    assert figures_of(driver) == {
        "people_approved": str(want.people_approved), "amount_approved": vnd(want.amount_approved),
        "people_paid": str(want.people_paid), "amount_paid": vnd(want.amount_paid),
        "share_paid": "60,0 %", "in_kind": "–"}
    assert "Hà Nội" not in driver.page_source  # imported but not published
    assert driver.execute_script("return document.scripts.length") == 0
    if width == PHONE_WIDTH:
        fits(driver, width)
    screenshot(driver, f"public-{width}")


@pytest.mark.parametrize("width", [PHONE_WIDTH, DESKTOP_WIDTH])
def test_lookup_with_a_right_and_a_wrong_second_fact(site_url: str, browser: Callable[[int], Any],
                                                     screenshot: Callable[[Any, str], Path], width: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser(width)

    def look_up(birth_date: str) -> str:
        driver.get(site_url + "/tra-cuu")
        driver.find_element(By.NAME, "id_number").send_keys("056185001234")
        driver.find_element(By.NAME, "birth_date").send_keys(birth_date)
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        # The answer is a new page: wait until the form's page is gone and the answer is there (a busy
        # machine may take a moment), so the previous answer is never read twice.
        WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))
        text = WebDriverWait(driver, 20).until(
            expected_conditions.presence_of_element_located((By.ID, "answer"))).text
        assert "056185001234" not in driver.current_url
        return str(text)

    driver.get(site_url + "/tra-cuu")
    if width == PHONE_WIDTH:
        fits(driver, width)
    screenshot(driver, f"tra-cuu-{width}")
    found = look_up("15/07/1985")
    assert found.startswith("Kết quả tra cứu: Nguyễn T. L.") and "Đã chi trả 3.710.000 đ ngày 05/09/2021" in found
    if width == PHONE_WIDTH:
        fits(driver, width)
    screenshot(driver, f"tra-cuu-answer-{width}")
    wrong = look_up("16/07/1985")
    assert wrong.startswith("Không tìm thấy thông tin khớp với cả số định danh và ngày sinh")
    assert "3.710.000" not in wrong


def follow(driver: Any, link_text: str) -> None:
    """Click a link and wait until its page has replaced the current one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.LINK_TEXT, link_text).click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))


def test_the_english_switch(site_url: str, browser: Callable[[int], Any]) -> None:
    from selenium.webdriver.common.by import By

    driver = browser(PHONE_WIDTH)
    driver.get(site_url + "/")
    follow(driver, "English")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "People approved" in driver.page_source and "Số người được duyệt" not in driver.page_source
    fits(driver, PHONE_WIDTH)
    follow(driver, "Check your status")
    assert driver.current_url.endswith("/tra-cuu?lang=en")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Was I approved? Was I paid?"
    follow(driver, "Tiếng Việt")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
