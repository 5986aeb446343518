"""Settings, read from the environment (and an optional ``.env`` file) in one place.

Nothing else in the project reads ``os.environ``: the composition root calls :func:`load_settings`
and hands the resulting :class:`Settings` to whoever needs a value.  Tests build ``Settings``
from a plain mapping, so they never touch the real environment.

A missing or malformed value raises :class:`ConfigError` whose message is one line naming the
setting and how to fix it; ``python -m bot`` prints that line and exits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.areas import Area

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_BASE_URL = "https://api.telegram.org/file/bot"
DEFAULT_DATA_DIR = Path("data")
_TOKEN_RE = re.compile(r"^\d{3,12}:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


@dataclass(frozen=True)
class Secret:
    """A string that never shows itself in ``repr`` or logs."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be configured with."""

    bot_token: Secret | None
    database_url: str
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    telegram_file_base_url: str = DEFAULT_FILE_BASE_URL
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    data_dir: Path = DEFAULT_DATA_DIR
    timezone: ZoneInfo = TIMEZONE
    webhook_secret: Secret | None = None
    webhook_url: str | None = None
    province: Area | None = None  # BOT_PROVINCE: the province of the BOT_ADMIN_IDS officers
    # Broadcasts (bot.delivery): bulk messages per second, and Telegram's paid-broadcast mode (up to 1000/s).
    broadcast_rate: float = 30.0
    broadcast_paid: bool = False
    # The public web page (``python -m bot web``): reverse proxies whose X-Forwarded-For is believed.
    web_trusted_proxies: frozenset[str] = frozenset()

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, ``#`` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=value, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
) -> Settings:
    """Build settings: environment first, then ``.env``, then defaults."""
    merged: dict[str, str] = dict(read_env_file(env_file)) if env_file else {}
    merged.update(os.environ if environ is None else environ)

    def get(key: str) -> str | None:
        value = merged.get(key)
        return value.strip() if value is not None and value.strip() else None

    data_dir = Path(get("DATA_DIR") or DEFAULT_DATA_DIR)
    admin_ids = _parse_admin_ids(get("BOT_ADMIN_IDS"))
    province = _parse_province(get("BOT_PROVINCE"))
    if admin_ids and province is None:
        raise ConfigError('BOT_ADMIN_IDS needs BOT_PROVINCE: the province these officers work for, e.g. '
                          'BOT_PROVINCE="Tỉnh Khánh Hòa" (or its code, 56).')
    return Settings(
        bot_token=_parse_token(get("BOT_TOKEN")),
        database_url=_parse_database_url(get("DATABASE_URL"), data_dir),
        telegram_api_base_url=_parse_url("TELEGRAM_API_BASE_URL", get("TELEGRAM_API_BASE_URL"))
        or DEFAULT_API_BASE_URL,
        telegram_file_base_url=_parse_url("TELEGRAM_FILE_BASE_URL", get("TELEGRAM_FILE_BASE_URL"))
        or DEFAULT_FILE_BASE_URL,
        admin_ids=admin_ids,
        province=province,
        log_level=_parse_log_level(get("LOG_LEVEL")),
        data_dir=data_dir,
        webhook_secret=_parse_webhook_secret(get("WEBHOOK_SECRET")),
        webhook_url=_parse_url("WEBHOOK_URL", get("WEBHOOK_URL")),
        broadcast_paid=(paid := _parse_bool("BROADCAST_PAID", get("BROADCAST_PAID"))),
        broadcast_rate=_parse_rate(get("BROADCAST_RATE"), paid),
        web_trusted_proxies=_parse_addresses("WEB_TRUSTED_PROXIES", get("WEB_TRUSTED_PROXIES")),
    )


def _parse_addresses(key: str, value: str | None) -> frozenset[str]:
    """Comma-separated IP addresses, e.g. ``127.0.0.1,::1``."""
    import ipaddress

    found: set[str] = set()
    for part in (value or "").split(","):
        if not part.strip():
            continue
        try:
            found.add(str(ipaddress.ip_address(part.strip())))
        except ValueError:
            raise ConfigError(f"{key} must be comma-separated IP addresses, got {part.strip()!r}") from None
    return frozenset(found)


def _parse_bool(key: str, value: str | None) -> bool:
    if value is None:
        return False
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be true or false, got {value!r}.")


def _parse_rate(value: str | None, paid: bool) -> float:
    """Telegram allows about 30 bulk messages a second, up to 1000 with paid broadcasts."""
    ceiling = 1000.0 if paid else 30.0
    if value is None:
        return 30.0
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0 < rate <= ceiling:
        raise ConfigError(f"BROADCAST_RATE must be a number of messages per second above 0 and at most "
                          f"{ceiling:g}{'' if paid else ' (set BROADCAST_PAID=true for up to 1000)'}, got {value!r}.")
    return rate


def _parse_token(value: str | None) -> Secret | None:
    if value is None:
        return None
    if not _TOKEN_RE.match(value):
        raise ConfigError(
            "BOT_TOKEN is malformed: it should look like 123456789:AA... as given by @BotFather "
            "(or leave it unset and use `python -m bot chat` to try the bot locally)."
        )
    return Secret(value)


def _parse_database_url(value: str | None, data_dir: Path) -> str:
    if value is None:
        return f"sqlite+aiosqlite:///{data_dir / 'ansinh.db'}"
    scheme, sep, rest = value.partition("://")
    if not sep or not rest:
        raise ConfigError(
            f"DATABASE_URL is malformed ({scheme!r}): use sqlite:///path/to/file.db or "
            "postgresql://user@host:5432/dbname."
        )
    drivers = {
        "sqlite": "sqlite+aiosqlite",
        "sqlite+aiosqlite": "sqlite+aiosqlite",
        "postgres": "postgresql+asyncpg",
        "postgresql": "postgresql+asyncpg",
        "postgresql+asyncpg": "postgresql+asyncpg",
    }
    if scheme not in drivers:
        raise ConfigError(
            f"DATABASE_URL uses an unsupported database {scheme!r}: use sqlite:///… or postgresql://…"
        )
    return f"{drivers[scheme]}://{rest}"


def _parse_url(key: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not re.match(r"^https?://[^\s/]+", value):
        raise ConfigError(f"{key} must be an http(s) URL such as http://127.0.0.1:8081/bot, got {value!r}.")
    return value


def _parse_admin_ids(value: str | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    ids: set[int] = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(
                f"BOT_ADMIN_IDS must be comma-separated numeric Telegram user ids, {part!r} is not one "
                "(ask @userinfobot for yours)."
            )
        ids.add(int(part))
    return frozenset(ids)


def _parse_province(value: str | None) -> Area | None:
    if value is None:
        return None
    from bot.parsing.area_names import resolve_area

    area = resolve_area(value)
    if area is None or not area.is_province:
        raise ConfigError(f'BOT_PROVINCE must name a province of today (34 since 1 July 2025), e.g. "Tỉnh Khánh Hòa" '
                          f"or its code 56; got {value!r}.")
    return area


def _parse_log_level(value: str | None) -> str:
    if value is None:
        return "INFO"
    level = value.upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, got {value!r}.")
    return level


def _parse_webhook_secret(value: str | None) -> Secret | None:
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value):
        raise ConfigError("WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - "
                          "(Telegram sends it back in every webhook request).")
    return Secret(value)
