"""Settings come from the environment; a bad value stops start-up with one clear line."""

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def settings(**env: str):
    return load_settings(env, env_file=None)


def test_defaults_give_a_sqlite_file_under_data_and_telegram_urls() -> None:
    s = settings()
    assert s.bot_token is None
    assert s.database_url == "sqlite+aiosqlite:///data/ansinh.db"
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.telegram_file_base_url == "https://api.telegram.org/file/bot"
    assert s.admin_ids == frozenset()
    assert str(s.timezone) == "Asia/Ho_Chi_Minh"


def test_postgres_url_gets_the_async_driver() -> None:
    assert settings(DATABASE_URL="postgresql://u@h:5432/db").database_url == "postgresql+asyncpg://u@h:5432/db"


def test_admin_ids_are_parsed() -> None:
    assert settings(BOT_ADMIN_IDS="12, 34;56", BOT_PROVINCE="Tỉnh Khánh Hòa").admin_ids == frozenset({12, 34, 56})


@pytest.mark.parametrize("env, names", [
    ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
    ({"BOT_ADMIN_IDS": "12,abc"}, "BOT_ADMIN_IDS"),
    ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
])
def test_malformed_settings_name_the_setting_on_one_line(env: dict[str, str], names: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings(**env)
    message = str(error.value)
    assert names in message and "\n" not in message


def test_token_is_never_shown(tmp_path: Path) -> None:
    token = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ls"
    s = settings(BOT_TOKEN=token)
    assert s.bot_token is not None and s.bot_token.value == token
    assert token not in repr(s)


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nLOG_LEVEL=debug\nBOT_ADMIN_IDS='7'\n", encoding="utf-8")
    s = load_settings({"BOT_ADMIN_IDS": "8", "BOT_PROVINCE": "56"}, env_file=env_file)
    assert s.log_level == "DEBUG"
    assert s.admin_ids == frozenset({8})


def test_province_is_resolved_from_its_name_or_code() -> None:
    assert settings(BOT_ADMIN_IDS="7", BOT_PROVINCE="Tỉnh Khánh Hòa").province == settings(
        BOT_ADMIN_IDS="7", BOT_PROVINCE="56").province
    assert settings(BOT_PROVINCE="Khánh Hòa").province is not None


@pytest.mark.parametrize("env", [{"BOT_ADMIN_IDS": "7"}, {"BOT_PROVINCE": "Tỉnh Không Có"},
                                 {"BOT_PROVINCE": "Xã Nam Cam Ranh, Tỉnh Khánh Hòa"}])
def test_admins_need_a_real_province(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as error:
        settings(**env)
    assert "BOT_PROVINCE" in str(error.value) and "\n" not in str(error.value)
