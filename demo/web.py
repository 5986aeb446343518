"""``/demo``: the chat page and its small JSON API, proxying the local Bot API server's ``/sim`` API.

The page is the Telegram client; the local server is Telegram; the bot is the real bot polling it.
Only the demo's own accounts can be driven (the ids in :data:`demo.seed.ACCOUNTS`), every POST must
carry the ``X-Demo`` header (a cross-site form cannot), and a file is served only to the account
whose chat holds it.  The demo listens on 127.0.0.1: it is not meant for the public internet.
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, Translator
from demo.data import Person
from demo.seed import Account, AccountKind

STATIC = Path(__file__).parent / "static"
SESSION_KEY: web.AppKey[aiohttp.ClientSession] = web.AppKey("demo_sim_session", aiohttp.ClientSession)
WAIT_SECONDS = 1.5  # one long poll; short enough that "typing…" shows without much delay


def page_texts(tr: Translator) -> dict[str, str]:
    """The page's own words, from the bot's catalogs (the chat itself is the bot's)."""
    return {
        "title": tr._("ansinh-bot: try the bot in your browser"),
        "notice": tr._("Demo on synthetic data, running on this computer only (not for the public internet). "
                       "It is the real bot: everything works as in Telegram."),
        "account": tr._("Account"),
        "placeholder": tr._("Write a message…"),
        "send": tr._("Send"),
        "attach": tr._("Send a file"),
        "typing": tr._("typing…"),
        "download": tr._("Download"),
        "edited": tr._("edited"),
        "failed": tr._("The demo server did not answer; try again."),
        "start": tr._("Start"),
        "bot_name": tr._("An Sinh bot"),
    }


def account_label(tr: Translator, account: Account) -> str:
    kinds = {AccountKind.CITIZEN: tr._("Citizen"), AccountKind.PROVINCE: tr._("Province officer"),
             AccountKind.COMMUNE: tr._("Commune officer"), AccountKind.SUPERVISOR: tr._("Supervisor (read-only)")}
    where = f" · {account.area.split(',')[0]}" if account.area else ""
    return f"{kinds[account.kind]}: {account.first_name}{where}"


def hint_text(tr: Translator, showcase: Person | None) -> str:
    if showcase is None:
        return tr._("Type /start to begin.")
    return tr._("Type /start, or /kiemtra to check who qualifies. /tracuu finds ID number {id_number} born "
                "{birth_date} on the approved and paid lists. Officers: /thongke, /duyet, /trunglap, or send a "
                "list file with 📎.").format(id_number=showcase.id_number, birth_date=tr.date(showcase.birth_date))


def add_demo_routes(app: web.Application, sim_url: str, accounts: Sequence[Account],
                    showcase: Person | None = None) -> None:
    """Mount ``/demo``, ``/demo/static/*`` and ``/demo/api/*`` on ``app`` (the public page's app or our own)."""
    known = {a.user_id: a for a in accounts}
    sim = sim_url.rstrip("/")

    async def open_session(app: web.Application) -> None:
        app[SESSION_KEY] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def close_session(app: web.Application) -> None:
        await app[SESSION_KEY].close()

    app.on_startup.append(open_session)
    app.on_cleanup.append(close_session)

    def user_of(request: web.Request, value: object) -> int:
        try:
            user_id = int(str(value))
        except ValueError:
            raise web.HTTPBadRequest(text="user") from None
        if user_id not in known:
            raise web.HTTPForbidden(text="not a demo account")
        return user_id

    def posted(request: web.Request) -> None:
        if request.headers.get("X-Demo") != "1":
            raise web.HTTPForbidden(text="missing X-Demo header")

    async def sim_get(request: web.Request, path: str, **params: Any) -> dict[str, Any]:
        async with request.app[SESSION_KEY].get(f"{sim}{path}", params={k: str(v) for k, v in params.items()}) as r:
            r.raise_for_status()
            return await r.json()  # type: ignore[no-any-return]

    async def sim_post(request: web.Request, path: str, body: dict[str, Any]) -> dict[str, Any]:
        async with request.app[SESSION_KEY].post(f"{sim}{path}", json=body) as r:
            r.raise_for_status()
            return await r.json()  # type: ignore[no-any-return]

    async def page(request: web.Request) -> web.Response:
        locale = request.query.get("lang", DEFAULT_LOCALE)
        tr = Translator(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)
        config = {"texts": page_texts(tr), "hint": hint_text(tr, showcase),
                  "accounts": [{"id": a.user_id, "label": account_label(tr, a)} for a in accounts]}
        return web.Response(text=render_page(tr, config), content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store", "Content-Security-Policy": CSP,
                                     "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    async def chat(request: web.Request) -> web.Response:
        user_id = user_of(request, request.query.get("user"))
        raw = await sim_get(request, "/sim/chat", user_id=user_id)
        return web.json_response({"messages": raw["messages"], "after": raw["read_upto"], "action": raw["action"],
                                  "keyboard": raw["keyboard"]})

    async def wait(request: web.Request) -> web.Response:
        user_id = user_of(request, request.query.get("user"))
        after = int(request.query.get("after") or 0)
        raw = await sim_get(request, "/sim/wait", user_id=user_id, after=after, quiet=0.2, timeout=WAIT_SECONDS)
        return web.json_response({"messages": raw["messages"], "after": max(after, raw["read_upto"]),
                                  "action": raw["action"], "keyboard": raw["keyboard"]})

    async def send(request: web.Request) -> web.Response:
        posted(request)
        body = await request.json()
        user_id = user_of(request, body.get("user"))
        text = str(body.get("text") or "").strip()
        if not text or len(text) > 4096:
            raise web.HTTPBadRequest(text="text")
        result = await sim_post(request, "/sim/send", {"user_id": user_id, "text": text})
        return web.json_response({"message_id": result["message_id"]})

    async def press(request: web.Request) -> web.Response:
        posted(request)
        body = await request.json()
        user_id = user_of(request, body.get("user"))
        await sim_post(request, "/sim/press", {"user_id": user_id, "message_id": int(body["message_id"]),
                                               "data": str(body["data"])})
        return web.json_response({"ok": True})

    async def upload(request: web.Request) -> web.Response:
        posted(request)
        form = await request.post()
        user_id = user_of(request, form.get("user"))
        sent = form.get("file")
        if not isinstance(sent, web.FileField):
            raise web.HTTPBadRequest(text="file")
        name = Path(sent.filename or "tep").name
        mime = sent.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        data = aiohttp.FormData()
        data.add_field("user_id", str(user_id))
        data.add_field("filename", name)
        data.add_field("mime", mime)
        data.add_field("file", sent.file.read(), filename=name, content_type=mime)
        async with request.app[SESSION_KEY].post(f"{sim}/sim/upload", data=data) as r:
            r.raise_for_status()
            result = await r.json()
        return web.json_response({"message_id": result["message_id"], "document": {"file_name": name}})

    async def file(request: web.Request) -> web.StreamResponse:
        user_id = user_of(request, request.query.get("user"))
        file_id = request.query.get("file_id", "")
        raw = await sim_get(request, "/sim/chat", user_id=user_id)
        found = _file_in(raw["messages"], file_id)
        if found is None:
            raise web.HTTPNotFound()
        name, mime = found
        async with request.app[SESSION_KEY].get(f"{sim}/sim/file", params={"file_id": file_id}) as r:
            r.raise_for_status()
            body = await r.read()
        disposition = "inline" if mime.startswith("image/") else "attachment"
        return web.Response(body=body, content_type=mime, headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(name)}",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"})

    app.router.add_get("/demo", page)
    app.router.add_static("/demo/static", STATIC)
    app.router.add_get("/demo/api/chat", chat)
    app.router.add_get("/demo/api/wait", wait)
    app.router.add_post("/demo/api/send", send)
    app.router.add_post("/demo/api/press", press)
    app.router.add_post("/demo/api/upload", upload)
    app.router.add_get("/demo/api/file", file)


CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'none'; frame-ancestors 'none'; base-uri 'none'")


def _file_in(messages: list[dict[str, Any]], file_id: str) -> tuple[str, str] | None:
    """The name and type of a file the chat holds (a document or a photo), else None."""
    for message in messages:
        document = message.get("document") or {}
        if file_id and document.get("file_id") == file_id:
            name = str(document.get("file_name") or "tep")
            return name, str(document.get("mime_type") or mimetypes.guess_type(name)[0] or "application/octet-stream")
        if file_id and message.get("photo") == file_id:
            return "anh.jpg", "image/jpeg"
    return None


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def render_page(tr: Translator, config: dict[str, Any]) -> str:
    """The page shell; messages are drawn by ``static/demo.js`` from the JSON API."""
    texts = config["texts"]
    blob = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    options = "".join(f'<option value="{a["id"]}">{html.escape(a["label"])}</option>' for a in config["accounts"])
    return f"""<!doctype html>
<html lang="{tr.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(texts["title"])}</title>
<link rel="stylesheet" href="/demo/static/demo.css">
</head>
<body>
<header class="top">
  <div class="who"><span class="avatar" aria-hidden="true">AS</span>
    <div><div class="name">{html.escape(texts["bot_name"])}</div>
    <div class="status" id="typing" hidden>{html.escape(texts["typing"])}</div></div></div>
  <label class="switch">{html.escape(texts["account"])}
    <select id="account">{options}</select></label>
</header>
<p class="notice">{html.escape(texts["notice"])}</p>
<main id="chats" aria-live="polite"></main>
<div id="replykb" class="replykb" hidden></div>
<form id="composer" class="composer" autocomplete="off">
  <label class="attach" title="{html.escape(texts["attach"])}">📎<input type="file" id="file"
    accept=".xlsx,.xls,.csv,.txt"><span class="sr">{html.escape(texts["attach"])}</span></label>
  <input type="text" id="text" maxlength="4096" placeholder="{html.escape(texts["placeholder"])}">
  <button type="submit" id="send">{html.escape(texts["send"])}</button>
</form>
<script type="application/json" id="demo-config">{blob}</script>
<script src="/demo/static/demo.js"></script>
</body>
</html>
"""
