"""`python -m bot demo` in headless Chromium: the /demo page is a Telegram client for the real bot.

One demo stack (local Bot API server, the bot polling it, a small seeded SQLite demo database and the
page) runs in a background thread for the module, on free ports and a temporary DATA_DIR. The demo
database is SQLite by design (its own file under DATA_DIR), so these tests have no PostgreSQL run;
the seeding itself is tested on both databases in tests/demo.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.config import TIMEZONE, load_settings
from bot.services.clock import Clock
from demo.data import SHOWCASE
from demo.runner import DemoOptions, demo_stack
from tests.browser.conftest import DESKTOP_WIDTH, PHONE_WIDTH
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.e2e
WAIT = 20  # seconds for one bot answer on a busy 2-core machine


class DemoThread:
    """The demo stack in its own event loop, so the synchronous Selenium tests can drive it."""

    def __init__(self, data_dir: Path) -> None:
        self.settings = load_settings({"DATA_DIR": str(data_dir)}, env_file=None)
        self.url = ""
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="demo-stack", daemon=True)

    def __enter__(self) -> DemoThread:
        self._thread.start()
        if not self._ready.wait(120) or self._error is not None:
            raise RuntimeError(f"the demo did not start: {self._error!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            self._error = error
            self._ready.set()

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        options = DemoOptions(port=0, people=12, applicants=4, clock=Clock(TIMEZONE, FIXED_NOW))
        async with demo_stack(self.settings, options) as demo:
            self.url = demo.url
            self._ready.set()
            await self._stop.wait()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoThread]:
    with DemoThread(tmp_path_factory.mktemp("demo-data")) as running:
        yield running


# -- driving the page --------------------------------------------------------------------------------------

def _wait(driver, condition: Callable[[], object], what: str, timeout: float = WAIT) -> object:  # noqa: ANN001
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda _d: condition())
    except TimeoutException:
        shown = "\n---\n".join(_bot_texts(driver)[-3:])
        raise AssertionError(f"waited for {what}; the chat shows last:\n{shown}") from None


_ROWS_JS = """return Array.from(document.querySelectorAll('.chat:not([hidden]) .row[data-message-id]'))
  .map(function (r) { return [Number(r.dataset.messageId), r.classList.contains('bot'), r.innerText]; });"""


def _rows(driver) -> list[tuple[int, bool, str]]:  # noqa: ANN001
    """(message id, from the bot, text) of the open chat, read in one go (nodes are replaced on edits)."""
    return [(int(i), bool(b), str(t)) for i, b, t in driver.execute_script(_ROWS_JS)]


def _bot_texts(driver, since: int = 0) -> list[str]:  # noqa: ANN001
    return [text for message_id, from_bot, text in _rows(driver) if from_bot and message_id > since]


def _last_id(driver) -> int:  # noqa: ANN001
    return max((message_id for message_id, _b, _t in _rows(driver)), default=0)


def _expect(driver, needle: str, since: int) -> str:  # noqa: ANN001
    """The text of the bot's new messages once one contains ``needle``."""
    _wait(driver, lambda: any(needle in t for t in _bot_texts(driver, since)), repr(needle))
    return "\n".join(_bot_texts(driver, since))


def say(driver, text: str, expect: str) -> str:  # noqa: ANN001
    since = _last_id(driver)
    box = driver.find_element("id", "text")
    box.send_keys(text)
    driver.find_element("id", "send").click()
    return _expect(driver, expect, since)


def press(driver, label: str, expect: str) -> str:  # noqa: ANN001
    """Press the newest inline button labelled ``label`` (as a person taps the message in front of them)."""
    since = _last_id(driver)
    pressed = driver.execute_script(
        "var label = arguments[0];"
        "var keys = Array.from(document.querySelectorAll('.chat:not([hidden]) .row.bot .key'))"
        "  .filter(function (k) { return k.textContent === label; });"
        "if (!keys.length) { return false; }"
        "keys[keys.length - 1].scrollIntoView({block: 'center'}); keys[keys.length - 1].click(); return true;", label)
    assert pressed, f"no button {label!r}"
    return _expect(driver, expect, since)


def open_demo(driver, url: str, account: int | None = None) -> None:  # noqa: ANN001
    driver.get(url)
    _wait(driver, lambda: driver.execute_script("return document.querySelector('.chat') !== null"), "the page")
    if account is not None:
        from selenium.webdriver.support.ui import Select

        Select(driver.find_element("id", "account")).select_by_value(str(account))
        _wait(driver, lambda: driver.find_element("css selector", f'.chat[data-account="{account}"]').is_displayed(),
              "the account's chat")


# -- the tests ---------------------------------------------------------------------------------------------

def test_a_citizen_checks_eligibility_on_a_phone(demo: DemoThread, browser, screenshot) -> None:  # noqa: ANN001
    driver = browser(PHONE_WIDTH)
    open_demo(driver, demo.url)
    hint = driver.find_element("css selector", ".chat:not([hidden]) .hint").text
    assert SHOWCASE.id_number in hint and "/tracuu" in hint        # the newcomer is told whom to look up
    since = _last_id(driver)
    driver.find_element("css selector", ".hint .key").click()      # "Bắt đầu" sends /start
    _expect(driver, "Bạn muốn làm gì?", since)
    press(driver, "Kiểm tra điều kiện hưởng hỗ trợ", "Điều gì đã xảy ra với bạn?")
    press(driver, "Tạm hoãn HĐLĐ, nghỉ không lương", "từ ngày nào?")
    assert "➜ Tạm hoãn HĐLĐ, nghỉ không lương" in "\n".join(_bot_texts(driver))  # the pressed message, edited in place
    say(driver, "10/8/2021", "đến hết ngày nào?")
    say(driver, "29/8/2021", "hợp đồng lao động không?")
    press(driver, "Có", "bảo hiểm xã hội bắt buộc")
    press(driver, "Có", "do dịch COVID-19")
    press(driver, "Có", "mang thai")
    press(driver, "Không", "con dưới 6 tuổi")
    say(driver, "1", "Cha hoặc mẹ còn lại")
    press(driver, "Không", "Vui lòng kiểm tra lại các câu trả lời")
    verdict = press(driver, "Xem kết quả", "Cần làm gì tiếp theo")
    assert "Hỗ trợ người lao động tạm hoãn hợp đồng lao động, nghỉ việc không hưởng lương (NQ 68)" in verdict
    assert "2.855.000 đ" in verdict and "Quyết định 23/2021/QĐ-TTg" in verdict
    bold = driver.find_elements("css selector", ".chat:not([hidden]) .row.bot .text b")
    assert bold, "the bot's HTML (bold titles) is rendered, not shown as tags"
    assert "<b>" not in verdict
    assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert screenshot(driver, "demo-360").stat().st_size > 0


def test_a_citizen_finds_a_person_of_the_seeded_lists_approved_and_paid(demo: DemoThread, browser) -> None:  # noqa: ANN001
    driver = browser(DESKTOP_WIDTH)
    open_demo(driver, demo.url)
    say(driver, "/tracuu", "Nhập số định danh")
    say(driver, SHOWCASE.id_number, "Nhập ngày sinh")
    found = say(driver, "15/7/1985", "Kết quả tra cứu")
    assert "Nguyễn T. L." in found and "✅ Có tên trong danh sách được duyệt" in found
    assert "1234/QĐ-UBND" in found and "3.710.000 đ" in found and "💵 Đã chi trả 3.710.000 đ" in found


def test_an_officer_gets_figures_and_a_chart_and_sends_a_list(demo: DemoThread, browser, screenshot,
                                                              tmp_path: Path) -> None:  # noqa: ANN001
    driver = browser(DESKTOP_WIDTH)
    open_demo(driver, demo.url, account=9001)
    say(driver, "/thongke", "Thống kê địa bàn")
    summary = press(driver, "2021", "Được duyệt:")
    assert "Tỉnh Khánh Hòa" in summary and "Được duyệt: 12 người" in summary
    _wait(driver, lambda: driver.execute_script(
        "var i = document.querySelector('.chat:not([hidden]) img.picture');"
        "return i !== null && i.complete && i.naturalWidth > 100"), "the chart image")
    links = driver.find_elements("css selector", ".chat:not([hidden]) a.document")
    assert any(".xlsx" in a.text for a in links), "the report workbook is offered for download"
    assert screenshot(driver, "demo-1280").stat().st_size > 0

    # The same officer sends a list file: the bot reads it and asks what list it is.
    book = Workbook()
    book.active.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số tiền"])
    book.active.append([1, "Trần Văn Bình", "02/03/1990", "056090004321", 3710000])
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)
    since = _last_id(driver)
    driver.find_element("id", "file").send_keys(str(path))
    _expect(driver, "đây là danh sách gì?", since)
    mine = [text for _i, from_bot, text in _rows(driver) if not from_bot]
    assert any("danh-sach.xlsx" in t for t in mine)

    # Each account keeps its own chat: back to the citizen, whose conversation is still there.
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "account")).select_by_value("5001")
    _wait(driver, lambda: any("Kết quả tra cứu" in t for t in _bot_texts(driver)), "the citizen's history")
    assert not any("Thống kê" in t for t in _bot_texts(driver))


def test_the_demo_server_also_serves_the_public_figures_of_the_seeded_province(demo: DemoThread, browser) -> None:  # noqa: ANN001
    """One server: the province officer's seeded publication puts the demo lists on ``/``, as /thongke counts them."""
    driver = browser(DESKTOP_WIDTH)
    driver.get(demo.url.removesuffix("/demo") + "/")
    province = driver.find_element("css selector", "section[data-area]")
    assert province.find_element("tag name", "h2").text == "Tỉnh Khánh Hòa"
    approved = province.find_element("css selector", "dl.totals dd[data-figure=people_approved]").text
    assert approved == "12"  # the 12 people on the demo's approved lists, as /thongke counts them
    page = driver.find_element("tag name", "body").text
    assert SHOWCASE.id_number not in page and "Nguyễn" not in page  # no personal data on the public page
