"""Templates and language for the public pages: Jinja2 with autoescaping, texts from our catalogs.

Jinja2 escapes every value by default (``autoescape``), so a commune name or a typed value can
never become markup; the only unescaped pieces are the chart (built from numbers and escaped
labels in ``bot.web.chart``) and the lookup answer (the bot's own text, whose values the lookup
dialog escapes).  The language is a query parameter (``?lang=en``), not a cookie, so the page
stays cacheable by any proxy: each language has its own URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.i18n import Translator

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Language:
    tr: Translator
    query: str  # what internal links append to keep the language: "" or "?lang=en"


def language_of(request: web.Request) -> Language:
    lang = request.query.get("lang", "vi")
    lang = lang if lang in LANGUAGES else "vi"
    return Language(Translator(lang), "" if lang == "vi" else f"?lang={lang}")


def environment() -> Environment:
    return Environment(loader=PackageLoader("bot.web", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def stylesheet() -> tuple[bytes, str]:
    """The one stylesheet and a short hash of it for the URL (cached for a day, new URL on change)."""
    css = resources.files("bot.web").joinpath("static/style.css").read_bytes()
    return css, hashlib.sha256(css).hexdigest()[:10]


def render(env: Environment, name: str, request: web.Request, language: Language, css_version: str,
           **values: Any) -> str:
    tr = language.tr
    return env.get_template(name).render(
        _=tr._, pgettext=tr.pgettext, lang=tr.locale, q=language.query, path=request.path,
        css_version=css_version, **values)
