"""Every text a Vietnamese user sees is in the Vietnamese catalog, translated, with the same placeholders."""

from bot import i18n_tools
from bot.i18n import Translator


def test_vietnamese_catalog_is_complete_and_consistent() -> None:
    assert i18n_tools.problems("vi") == []


def test_template_matches_the_texts_in_the_code() -> None:
    assert i18n_tools.stale_template() == []


def test_english_catalog_is_complete_and_consistent() -> None:
    """An empty English entry would show the Vietnamese rule text to an English-speaking user."""
    assert i18n_tools.problems("en") == []


def test_check_reports_a_missing_or_fuzzy_english_entry(tmp_path, monkeypatch) -> None:
    from babel.messages.catalog import Catalog

    from bot.i18n import DOMAIN

    catalog = Catalog(locale="en")
    catalog.add("Hello {name}", "")
    catalog.add("Done", "Done", flags=["fuzzy"])
    catalog.add("Total {count}", "Total")
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    i18n_tools._write(folder / f"{DOMAIN}.po", catalog)
    monkeypatch.setattr(i18n_tools, "LOCALES_DIR", tmp_path)
    found = i18n_tools.problems("en")
    assert any(p.startswith("untranslated") and "Hello" in p for p in found)
    assert any(p.startswith("fuzzy") and "Done" in p for p in found)
    assert any(p.startswith("placeholders differ") and "Total" in p for p in found)


def test_money_and_dates_are_written_the_vietnamese_way() -> None:
    tr = Translator("vi")
    assert tr.money(3710000) == "3.710.000 đ"
    from datetime import date

    assert tr.date(date(2021, 7, 5)) == "05/07/2021"
    assert Translator("en").money(3710000) == "3,710,000 VND"
