"""Masks personal numbers and secrets in every log record, whatever the level or the library.

Why one place: at DEBUG, PTB logs whole updates (ID and phone numbers people type), aiosqlite
logs SQL parameters, and httpx logs request URLs that contain the bot token.  Setting library
loggers to WARNING is not enough (a log level is a setting someone will change), so
:func:`install` wraps the log-record factory: every record is masked when it is created, before
any handler (ours, a library's, pytest's) can see it.  The same :class:`RedactingFilter` is also
attached to the root handlers, for records built by hand without the factory.

What is masked (all but the last three digits become ``*``; tokens disappear entirely):
- bot tokens ``<digits>:<30+ token characters>`` and any secret passed to :func:`install`;
- Vietnamese phone numbers in every usual form (``0912.345.678``, ``+84 912 345 678``,
  ``(+84) 912-345-678``, ``84912345678``, landlines ``028 3829 1234``);
- runs of 8 or more digits (9- and 12-digit CMND/CCCD, bank accounts, 84… phones), also when
  written in groups of 3+ digits separated by spaces or dashes (``0071 0001 23456``).
Dates and times (``2026-12-02 01:32:23``) keep their digits: their groups are too short.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

TOKEN_MASK = "<bot-token>"
SECRET_MASK = "<secret>"
_TOKEN = re.compile(r"\d{3,}(?::|%3A)[A-Za-z0-9_-]{30,}")
_PHONE = re.compile(r"(?<![\w+])(?:\(\+84\)|\+84|%2B84|84|0)[ .\-]?\(?[1-9]\)?(?:[ .\-]?\d){7,9}(?!\d)")
_GROUPED = re.compile(r"(?<![\d.])\d{3,}(?:[ \-]\d{3,})+(?![\d])")
_LONG_RUN = re.compile(r"(?<!\d)\d{8,}(?!\d)")
_MASKED_FLAG = "_ansinh_masked"


def _mask_digits(match: re.Match[str]) -> str:
    """All digits but the last three become ``*``; separators stay, so the shape is still readable."""
    text = match.group(0)
    total = sum(ch.isdigit() for ch in text)
    if total < 8:
        return text
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 3 else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with tokens, secrets, phone, ID and account numbers masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, SECRET_MASK)
    text = _TOKEN.sub(TOKEN_MASK, text)
    text = _PHONE.sub(_mask_digits, text)
    text = _GROUPED.sub(_mask_digits, text)
    return _LONG_RUN.sub(_mask_digits, text)


class RedactingFilter(logging.Filter):
    """Rewrites a record in place: message (with its arguments), exception text and stack masked.

    It never drops a record (always returns True) and masks each record once.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MASKED_FLAG, False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not hide the rest of the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = mask_secrets(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = mask_secrets(record.stack_info, self.secrets)
        setattr(record, _MASKED_FLAG, True)
        return True


def install(secrets: Iterable[str] = ()) -> RedactingFilter:
    """Mask every record from now on: wrap the record factory and filter the root handlers.

    Calling it again replaces the previous installation (no double wrapping).
    """
    redactor = RedactingFilter(secrets)
    base: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    base = getattr(base, "_ansinh_base", base)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        redactor.filter(record)
        return record

    factory._ansinh_base = base  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)
    return redactor


def uninstall() -> None:
    """Undo :func:`install` (tests restore the logging they found)."""
    factory = logging.getLogRecordFactory()
    logging.setLogRecordFactory(getattr(factory, "_ansinh_base", factory))
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
