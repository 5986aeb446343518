"""Translations: gettext catalogs under ``locales/``, Vietnamese first.

Message ids in Python code are English; the Vietnamese catalog is the one that must be complete
(a test enforces it).  Texts that come from the legal rule files are Vietnamese already; they are
extracted into the same catalogs so an English reader gets a translation too.

Compiled ``.mo`` files are a build artefact: when one is missing or older than its ``.po`` the
catalog is compiled in memory, so a fresh clone works without a compile step.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "vi"
SUPPORTED_LOCALES = ("vi", "en")
_BABEL_LOCALE = {"vi": "vi_VN", "en": "en_US"}


@lru_cache(maxsize=None)
def load_catalog(locale: str, locales_dir: Path = LOCALES_DIR) -> NullTranslations:
    """The gettext catalog for ``locale``, from the freshest of ``.mo`` and ``.po``."""
    folder = locales_dir / locale / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo_path.is_file() and (not po_path.is_file() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po_path.is_file():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    return NullTranslations()


class Translator:
    """Everything a dialog needs to speak one language: gettext plus money and date formats."""

    def __init__(self, locale: str = DEFAULT_LOCALE) -> None:
        self.locale = locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
        self._catalog = load_catalog(self.locale)

    def _(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def number(self, value: int) -> str:
        """Group digits the local way: 3.710.000 in Vietnamese."""
        return format_decimal(value, locale=_BABEL_LOCALE[self.locale])

    def money(self, amount: int) -> str:
        """Money in đồng, e.g. ``3.710.000 đ``."""
        return self._("{amount} VND").format(amount=self.number(amount))

    def date(self, value: date) -> str:
        """Dates as Vietnamese offices write them: 15/07/2021."""
        return value.strftime("%d/%m/%Y")
