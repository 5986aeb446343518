"""``/tra-cuu``: the bot's /tracuu on the web, through the same StatusService and the same texts.

``GET`` shows the form (or, when this address has failed too often, only how long to wait) with
a CSRF token; ``POST`` checks the token, reads the ID number and the second fact from the body
(never from the URL), asks :meth:`StatusService.lookup_for` with this client's address as the
asker, and answers with the bot's own words.  Nothing typed is logged; every answer is
``Cache-Control: no-store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web
from jinja2 import Environment
from markupsafe import Markup

from bot.config import Settings
from bot.dialogs.core import DialogContext
from bot.dialogs.lookup import found_text, input_error_text, minutes_of, not_found_text, paused_text
from bot.domain.status import GateOutcome, LookupOutcome, Proof
from bot.i18n import Translator
from bot.parsing import ParseError, normalize_name, normalize_phone, parse_date, parse_person_id
from bot.parsing.text import ascii_digits
from bot.services.container import Services
from bot.services.status import Asker, StatusService
from bot.web.render import Language, language_of, render
from bot.web.security import CSRF_FIELD, client_address, csrf_ok, csrf_token_of, new_csrf_token, set_csrf_cookie

FIELDS = ("id_number", "birth_date", "birth_year", "full_name")


class FormError(Exception):
    """What the visitor typed cannot be used; ``text`` says why, in their language."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Query:
    id_number: str
    proof: Proof


class LookupPage:
    def __init__(self, services: Services, status: StatusService, env: Environment, settings: Settings,
                 css_version: str) -> None:
        self._services = services
        self._status = status
        self._env = env
        self._settings = settings
        self._css_version = css_version

    async def get(self, request: web.Request) -> web.Response:
        language = language_of(request)
        async with self._services.sessions() as session:
            gate = await self._status.gate_for(session, self._asker(request))
        if gate.outcome is GateOutcome.CHAT_LIMITED:
            return self._page(request, language, error=_limited_text(language.tr, minutes_of(gate.retry_after)),
                              show_form=False)
        return self._page(request, language)

    async def post(self, request: web.Request) -> web.Response:
        language = language_of(request)
        tr = language.tr
        form = await request.post()
        if not csrf_ok(request, _field(form, CSRF_FIELD)):
            return self._page(request, language, status=403, error=tr._(
                "This form has expired. Please open the lookup page again and retype the details."))
        typed = {name: _field(form, name) for name in FIELDS}
        try:
            query = self._query(typed, _field(form, "phone"), tr)
        except FormError as error:
            return self._page(request, language, status=400, error=error.text, form=typed)
        async with self._services.sessions.begin() as session:
            answer = await self._status.lookup_for(session, self._asker(request), query.id_number, query.proof)
        if answer.outcome is LookupOutcome.LIMITED:
            return self._page(request, language, status=429, show_form=False,
                              error=_limited_text(tr, minutes_of(answer.retry_after)))
        if answer.outcome is LookupOutcome.NEEDS_PHONE:
            return self._page(request, language, error=paused_text(tr, minutes_of(answer.retry_after)),
                              form=typed, ask_phone=True)
        if answer.outcome is LookupOutcome.FOUND:
            ctx = DialogContext(tr=tr, today=self._services.clock.today(), rules=self._services.rules)
            return self._page(request, language, answer_html=_as_html(found_text(answer, ctx)))
        return self._page(request, language, answer_html=_as_html(not_found_text(tr)))

    def _query(self, typed: dict[str, str], phone_text: str, tr: Translator) -> Query:
        try:
            pid = parse_person_id(typed["id_number"])
        except ParseError as error:
            raise FormError(input_error_text(tr, error)) from None
        phone = None
        if phone_text.strip():
            try:
                phone = normalize_phone(phone_text)
            except ParseError:
                raise FormError(tr._("That is not a Vietnamese phone number; type it as on the application, "
                                     "e.g. 0912 345 678.")) from None
        today = self._services.clock.today()
        try:
            if typed["birth_date"].strip():
                born: date = parse_date(typed["birth_date"], today=today, allow_future=False)
                return Query(pid.number, Proof(birth_date=born, phone=phone))
            year, name = typed["birth_year"].strip(), typed["full_name"].strip()
            if not year or not name:
                raise FormError(tr._("Type the birth date, or the birth year together with the full name."))
            if not (ascii_digits(year) and 1900 <= int(year) <= today.year):
                raise FormError(tr._("Please type a birth year with four digits, e.g. 1985."))
            return Query(pid.number, Proof(birth_year=int(year), name=normalize_name(name), phone=phone))
        except ParseError as error:
            raise FormError(input_error_text(tr, error)) from None

    def _asker(self, request: web.Request) -> Asker:
        return Asker.web(client_address(request, self._settings.web_trusted_proxies))

    def _page(self, request: web.Request, language: Language, *, status: int = 200, **values: Any) -> web.Response:
        token = csrf_token_of(request) or new_csrf_token()
        values.setdefault("form", {})
        form = {name: values["form"].get(name, "") for name in FIELDS}
        if not values.get("ask_phone"):  # echoed only to add the phone: the page may sit in a shared phone's history
            form["id_number"] = ""
        context = {"answer_html": None, "error": None, "show_form": True, "ask_phone": False, **values, "form": form}
        page = render(self._env, "lookup.html", request, language, self._css_version, csrf=token, **context)
        response = web.Response(text=page, status=status, content_type="text/html", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        set_csrf_cookie(response, token, secure=request.secure)
        return response


def _field(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value[:200] if isinstance(value, str) else ""


def _as_html(bot_text: str) -> Markup:
    """The bot's message (Telegram HTML: <b> and escaped values) as page markup, lines kept."""
    return Markup(bot_text.replace("\n", "<br>\n"))


def _limited_text(tr: Translator, minutes: int) -> str:
    return tr._("Too many unsuccessful lookups from this connection. To protect people's data, please try again "
                "in {minutes} minutes.").format(minutes=minutes)
