"""Every text a Vietnamese user sees is in the Vietnamese catalog, translated, with the same placeholders."""

from bot import i18n_tools
from bot.i18n import Translator


def test_vietnamese_catalog_is_complete_and_consistent() -> None:
    assert i18n_tools.problems("vi") == []


def test_template_matches_the_texts_in_the_code() -> None:
    assert i18n_tools.stale_template() == []


def test_english_catalog_has_consistent_placeholders() -> None:
    assert [p for p in i18n_tools.problems("en") if p.startswith("placeholders")] == []


def test_money_and_dates_are_written_the_vietnamese_way() -> None:
    tr = Translator("vi")
    assert tr.money(3710000) == "3.710.000 đ"
    from datetime import date

    assert tr.date(date(2021, 7, 5)) == "05/07/2021"
    assert Translator("en").money(3710000) == "3,710,000 VND"
