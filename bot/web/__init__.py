"""The public web page: ``python -m bot web`` (``/`` figures, ``/tra-cuu`` status lookup).

:func:`build_web_app` is the one factory: it takes the services the composition root built
(``bot.app.build_services``) and returns an aiohttp application; ``python -m bot demo`` adds its
own routes to the returned app before starting it.  Pages are rendered on the server (Jinja2,
autoescaped), need no JavaScript, load one 2-KB stylesheet and draw charts as inline SVG.
"""

from __future__ import annotations

import gzip
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.exc import DBAPIError

from bot.config import Settings
from bot.i18n import Translator
from bot.services.container import Services
from bot.services.public_figures import PublicFigures
from bot.services.publication import PublicationService
from bot.services.statistics import StatisticsService
from bot.services.status import StatusService
from bot.web.lookup import LookupPage
from bot.web.public import PublicPage, cached_response
from bot.web.render import environment, language_of, stylesheet
from bot.web.security import security_headers

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024  # the lookup form is a few hundred bytes
STYLESHEET_MAX_AGE = 86400  # the URL carries the stylesheet's hash, so a change is a new URL


def build_web_app(services: Services, settings: Settings, *, max_body: int = MAX_BODY) -> web.Application:
    """The public site on the given services; routes: ``/``, ``/tra-cuu`` (GET, POST), ``/static/style.css``.

    ``max_body`` stays small for the public site; the demo, which adds its chat routes (and file uploads)
    to this same application, raises it.
    """
    env = environment()
    css, css_version = stylesheet()
    figures = services.public_figures or _figures_for(services)
    status = services.status or StatusService(services.clock)
    public = PublicPage(figures, env, settings, css_version)
    lookup = LookupPage(services, status, env, settings, css_version)

    css_body = (css, gzip.compress(css, 9))

    async def style(request: web.Request) -> web.Response:
        return cached_response(request, css_body, "text/css", STYLESHEET_MAX_AGE)

    app = web.Application(client_max_size=max_body, middlewares=[security_headers, _database_outage])
    app.router.add_get("/", public.get)
    app.router.add_get("/tra-cuu", lookup.get)
    app.router.add_post("/tra-cuu", lookup.post)
    app.router.add_get("/static/style.css", style)
    return app


def _figures_for(services: Services) -> PublicFigures:
    names = {pid: p.title for pid, p in services.rules.policies.items()}
    return PublicFigures(services.sessions, StatisticsService(services.sessions, services.clock, names),
                         services.publication or PublicationService(services.clock))


@web.middleware
async def _database_outage(request: web.Request, handler: Any) -> web.StreamResponse:
    """A database that cannot be reached for a moment gets a polite 503, never a traceback."""
    try:
        return await handler(request)  # type: ignore[no-any-return]
    except (DBAPIError, OSError) as error:
        log.warning("web page: database unavailable (%s)", type(error).__name__)
        tr: Translator = language_of(request).tr
        response = web.Response(status=503, content_type="text/plain", charset="utf-8", text=tr._(
            "The service is busy for a moment. Please try again in a minute."))
        response.headers["Cache-Control"] = "no-store"
        response.headers["Retry-After"] = "60"
        return response


__all__ = ["build_web_app"]
