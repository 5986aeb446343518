"""Headless Chromium for the browser tests: Debian's chromium and chromedriver, no download.

`scripts/install-system-packages.sh` (part of the README's test command) installs both. Without them the tests
skip on a developer machine and fail in CI, like the PostgreSQL runs. Screenshots are kept in
`build/screenshots/` (one per page and width) for the note and for a reviewer's eye.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
PHONE_WIDTH, DESKTOP_WIDTH = 360, 1280


def _require_browser() -> None:
    if shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER):
        return
    message = "Chromium or chromedriver missing: run scripts/install-system-packages.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _emulate(driver, width: int, height: int) -> None:  # noqa: ANN001 - selenium's type
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.fixture(scope="session")
def _driver_factory() -> Iterator[Callable[[int], object]]:
    """Start one Chromium per width on demand; all quit at the end of the session."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers: dict[int, webdriver.Chrome] = {}
    profiles: list[tempfile.TemporaryDirectory[str]] = []

    def driver_for(width: int) -> webdriver.Chrome:
        if width not in drivers:
            profile = tempfile.TemporaryDirectory(prefix="ansinh-chromium-")
            profiles.append(profile)
            options = webdriver.ChromeOptions()
            options.binary_location = CHROMIUM
            for flag in (
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile.name}",
                "--window-size=1280,900", "--lang=vi",
            ):
                options.add_argument(flag)
            driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
            driver.set_page_load_timeout(30)
            # A window cannot be narrower than ~500 px in headless Chromium: emulate the phone's viewport.
            _emulate(driver, width, 900)
            drivers[width] = driver
        return drivers[width]

    yield driver_for
    for driver in drivers.values():
        driver.quit()
    for profile in profiles:
        profile.cleanup()


@pytest.fixture
def browser(_driver_factory: Callable[[int], object]) -> Callable[[int], object]:
    """`browser(width)` gives a headless Chromium whose viewport is `width` CSS pixels wide.

    Cookies are cleared before each test so one test's session never leaks into the next.
    """

    def at(width: int = DESKTOP_WIDTH):  # noqa: ANN202 - selenium's type
        driver = _driver_factory(width)
        driver.delete_all_cookies()
        return driver

    return at


@pytest.fixture
def screenshot() -> Callable[[object, str], Path]:
    """`screenshot(driver, name)` saves the whole page as build/screenshots/<name>.png and returns the path."""

    def take(driver, name: str) -> Path:  # noqa: ANN001 - selenium's type
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        width = int(driver.execute_script("return window.innerWidth"))
        height = int(driver.execute_script("return document.documentElement.scrollHeight"))
        _emulate(driver, width, max(height, 600))
        driver.save_screenshot(str(path))
        _emulate(driver, width, 900)
        return path

    return take
