"""What every public response carries, and the checks of the lookup form.

- Security headers on every response: a Content-Security-Policy that allows nothing but our own
  stylesheet (the pages need no script at all), no MIME sniffing, no referrer to other sites, no
  framing.
- CSRF for ``POST /tra-cuu``: a double-submit token.  ``GET /tra-cuu`` sets a random token in an
  HttpOnly, SameSite=Strict cookie and the same value in a hidden field; a POST is served only when
  both are present and equal (compared in constant time).  Another site can neither read the
  cookie nor make the browser send it, so it cannot forge the form.
- The client's address for the per-address lookup limit: the peer's address, or the last
  ``X-Forwarded-For`` hop when the peer is a reverse proxy listed in ``WEB_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf"
CSRF_MAX_AGE = 2 * 3600

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Adds the headers to every answer, errors (404, 405, 403) included."""
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
        _apply(response)
        raise
    _apply(response)
    return response


def _apply(response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_of(request: web.Request) -> str | None:
    """The token this browser already holds (valid shape only), to reuse on the next form."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum() else None


def set_csrf_cookie(response: web.StreamResponse, token: str, *, secure: bool) -> None:
    response.set_cookie(CSRF_COOKIE, token, max_age=CSRF_MAX_AGE, path="/tra-cuu", httponly=True,
                        samesite="Strict", secure=secure)


def csrf_ok(request: web.Request, submitted: str | None) -> bool:
    cookie = csrf_token_of(request)
    return bool(cookie and submitted) and hmac.compare_digest(cookie.encode(), str(submitted).encode())


def client_address(request: web.Request, trusted_proxies: frozenset[str]) -> str:
    """Who is asking, for the per-address limit; a proxy's forwarded address only from a listed proxy."""
    peer = request.remote or ""
    if peer in trusted_proxies:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return peer
