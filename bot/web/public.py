"""``GET /``: the published areas' figures, rendered once per data version and language.

The figures come from :class:`bot.services.public_figures.PublicFigures` (recomputed only when an
import, an approval or a publish change moved the stamp); the rendered HTML is kept too, so a
burst of visitors costs neither the statistics queries nor the template.  Browsers and proxies
may keep the page for ``PUBLIC_MAX_AGE`` seconds.
"""

from __future__ import annotations

import gzip

from aiohttp import web
from jinja2 import Environment

from bot.config import Settings
from bot.services.public_figures import PublicFigures
from bot.web.render import language_of, render
from bot.web.view import area_view

PUBLIC_MAX_AGE = 60


class PublicPage:
    def __init__(self, figures: PublicFigures, env: Environment, settings: Settings, css_version: str) -> None:
        self._figures = figures
        self._env = env
        self._settings = settings
        self._css_version = css_version
        self._pages: dict[tuple[str, int], tuple[bytes, bytes]] = {}  # (language, version) -> (HTML, gzip)

    async def get(self, request: web.Request) -> web.Response:
        language = language_of(request)
        snapshot = await self._figures.current()
        key = (language.tr.locale, snapshot.version)
        page = self._pages.get(key)
        if page is None:
            tr = language.tr
            updated = (snapshot.updated_at.astimezone(self._settings.timezone).strftime("%H:%M %d/%m/%Y")
                       if snapshot.updated_at else "")
            html = render(self._env, "index.html", request, language, self._css_version,
                          areas=[area_view(report, tr) for report in snapshot.reports], updated=updated).encode()
            page = (html, gzip.compress(html, 9))
            self._pages = {k: v for k, v in self._pages.items() if k[1] == snapshot.version}
            self._pages[key] = page
        return cached_response(request, page, "text/html", PUBLIC_MAX_AGE)


def cached_response(request: web.Request, body: tuple[bytes, bytes], content_type: str, max_age: int) -> web.Response:
    """The body compressed once (a phone on 3G gets ~10× fewer bytes), plain for clients without gzip."""
    plain, packed = body
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = web.Response(body=packed if gzipped else plain, content_type=content_type, charset="utf-8")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response
