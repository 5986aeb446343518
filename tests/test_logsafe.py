"""The log never holds an ID, phone or account number, nor the bot token, whatever logs it."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot import logsafe
from bot.logsafe import mask_secrets

TOKEN = "7012345678:AAH3kq_9ZexampleTokenPartThatIsLong12"


@pytest.mark.parametrize("text, secret", [
    ("CCCD 001085012345 nhập", "001085012345"),
    ("CMND=056123456;", "056123456"),
    ("phone '0912.345.678'", "0912.345.678"),
    ("phone +84 912 345 678", "+84 912 345 678"),
    ("(+84) 912-345-678", "912-345-678"),
    ("text=84912345678&x", "84912345678"),
    ("phone=%2B84912345678", "912345678"),
    ("tel 028 3829 1234", "3829 1234"),
    ("so tai khoan 0071 0001 23456", "0071 0001 23456"),
    ("acct 19034567891011", "19034567891011"),
    (f"POST http://127.0.0.1/bot{TOKEN}/getUpdates", TOKEN),
    (f"url=/bot7012345678%3AAAH3kq_9ZexampleTokenPartThatIsLong12/x", "AAH3kq_9ZexampleTokenPartThatIsLong12"),
])
def test_personal_numbers_and_tokens_are_masked(text: str, secret: str) -> None:
    masked = mask_secrets(text)
    assert secret not in masked
    assert "AAH3kq" not in masked


def test_the_last_three_digits_stay_so_two_people_can_be_told_apart() -> None:
    assert mask_secrets("id 001085012345") == "id *********345"


def test_dates_times_and_small_numbers_are_left_alone() -> None:
    text = "2026-12-02 01:32:23,456 update 777001 took 12 ms on 15/07/1985"
    assert mask_secrets(text) == text


@pytest.fixture
def log_buffer() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logsafe.install()
    try:
        yield buffer
    finally:
        logsafe.uninstall()
        root.removeHandler(handler)
        root.handlers[:] = handlers
        root.setLevel(level)


def test_every_logger_and_every_handler_gets_masked_records(log_buffer: io.StringIO) -> None:
    late = io.StringIO()  # a handler a library adds after start-up, on its own logger
    library = logging.getLogger("some.library")
    library.addHandler(logging.StreamHandler(late))
    try:
        library.debug("update %s from %r", {"text": "001085012345"}, "+84912345678")
        try:
            raise ValueError("bad row with 0912345678")
        except ValueError:
            logging.getLogger("x").exception("failed for %s", "056123456")
    finally:
        library.handlers.clear()
    for output in (log_buffer.getvalue(), late.getvalue()):
        assert "001085012345" not in output and "912345678" not in output
    assert "*********345" in late.getvalue()
    assert "056123456" not in log_buffer.getvalue() and "0912345678" not in log_buffer.getvalue()
    assert "ValueError" in log_buffer.getvalue()  # the traceback is kept, only masked
