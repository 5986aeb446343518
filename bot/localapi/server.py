"""``LocalBotApi``: an aiohttp server that speaks the Telegram Bot API over HTTP, in memory.

Used by the end-to-end tests (the real PTB application points its ``base_url`` here) and by
``python -m bot chat``.  Besides ``/bot<token>/<method>`` and file downloads it serves a small
``/sim/…`` JSON API through which a simulated user writes, presses buttons and reads replies.
"""

from __future__ import annotations

import json

from typing import Any

from aiohttp import web

from bot.localapi import botapi, sim
from bot.localapi.limits import SEND_METHODS
from bot.localapi.state import Chat, Fault, World


class LocalBotApi:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, token: str | None = None) -> None:
        self.host, self.port, self.token = host, port, token
        self.world = World()
        self._runner: web.AppRunner | None = None
        self.app = self._build_app()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def __aenter__(self) -> LocalBotApi:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        sockets = getattr(site._server, "sockets", None)  # noqa: SLF001 - the only way to learn port 0's choice
        if sockets:
            self.port = sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        async with self.world.changed:
            self.world.changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- routing ------------------------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._bot_method)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        app.router.add_post("/sim/users", self._sim_user)
        app.router.add_post("/sim/send", self._sim_send)
        app.router.add_post("/sim/press", self._sim_press)
        app.router.add_post("/sim/upload", self._sim_upload)
        app.router.add_post("/sim/block", self._sim_block)
        app.router.add_post("/sim/fault", self._sim_fault)
        app.router.add_get("/sim/wait", self._sim_wait)
        app.router.add_get("/sim/chat", self._sim_chat)
        app.router.add_get("/sim/callback", self._sim_callback)
        app.router.add_get("/sim/file", self._sim_file)
        return app

    def _token_ok(self, token: str) -> bool:
        return self.token is None or token == self.token

    async def _bot_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if not self._token_ok(request.match_info["token"]) or method not in botapi.METHODS:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        params = await _params(request)
        fault = self.world.take_fault(method)
        if fault is not None:
            if fault.kind == "429":
                return web.json_response({"ok": False, "error_code": 429,
                                          "description": f"Too Many Requests: retry after {fault.retry_after}",
                                          "parameters": {"retry_after": fault.retry_after}}, status=429)
            return web.json_response({"ok": False, "error_code": 500, "description": "Internal Server Error"},
                                     status=500)
        limits = self.world.limits
        if limits is not None and method in SEND_METHODS:
            retry_after = limits.check(int(params.get("chat_id") or 0))
            if retry_after:
                return web.json_response({"ok": False, "error_code": 429,
                                          "description": f"Too Many Requests: retry after {retry_after}",
                                          "parameters": {"retry_after": retry_after}}, status=429)
        try:
            result = await botapi.METHODS[method](self.world, params)
        except botapi.ApiError as error:
            return web.json_response({"ok": False, "error_code": error.code, "description": error.description},
                                     status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if not self._token_ok(request.match_info["token"]):
            return web.Response(status=404)
        path = request.match_info["path"]
        stored = next((f for f in self.world.files.values() if f.path == path), None)
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type=stored.mime or "application/octet-stream")

    # -- simulation ---------------------------------------------------------------------

    async def _sim_user(self, request: web.Request) -> web.Response:
        body = await request.json()
        chat = self.world.register(body)
        return web.json_response({"id": chat.id})

    async def _sim_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(await sim.user_sends_text(self.world, int(body["user_id"]), str(body["text"]),
                                                           body.get("entities")))

    async def _sim_press(self, request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(await sim.user_presses(self.world, int(body["user_id"]), int(body["message_id"]),
                                                        str(body["data"])))

    async def _sim_upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["file"]
        data = upload.file.read()  # type: ignore[union-attr]
        result = await sim.user_sends_document(self.world, int(str(form["user_id"])), str(form.get("filename") or upload.filename),  # type: ignore[union-attr]
                                               str(form.get("mime") or "application/octet-stream"), data,
                                               caption=str(form.get("caption") or ""),
                                               caption_entities=json.loads(str(form.get("caption_entities") or "null")),
                                               photo=str(form.get("photo") or "") == "1")
        return web.json_response(result)

    async def _sim_block(self, request: web.Request) -> web.Response:
        body = await request.json()
        await sim.set_blocked(self.world, int(body["user_id"]), bool(body.get("blocked", True)))
        return web.json_response({"ok": True})

    async def _sim_fault(self, request: web.Request) -> web.Response:
        body = await request.json()
        faults = self.world.faults.setdefault(str(body["method"]).lower(), [])
        faults.extend(Fault(str(body.get("kind", "429")), int(body.get("retry_after", 1)))
                      for _ in range(int(body.get("count", 1))))
        return web.json_response({"ok": True})

    async def _sim_wait(self, request: web.Request) -> web.Response:
        q = request.query
        messages = await sim.wait_outputs(
            self.world, int(q["user_id"]), int(q.get("after", 0)), quiet=float(q.get("quiet", 0.25)),
            timeout=float(q.get("timeout", 10)), count=int(q["count"]) if q.get("count") else None)
        chat = self.world.chat(int(q["user_id"]))
        read_upto = max((seq for seq, _ in chat.outputs), default=0) if chat else 0
        return web.json_response({"messages": messages, "seq": self.world.last_seq, "read_upto": read_upto,
                                  **_chat_extras(self.world, chat)})

    async def _sim_chat(self, request: web.Request) -> web.Response:
        user_id = int(request.query["user_id"])
        chat = self.world.chat(user_id)
        read_upto = max((seq for seq, _ in chat.outputs), default=0) if chat else 0
        return web.json_response({"messages": sim.transcript(self.world, user_id), "seq": self.world.last_seq,
                                  "read_upto": read_upto, **_chat_extras(self.world, chat)})

    async def _sim_callback(self, request: web.Request) -> web.Response:
        query = self.world.callbacks.get(request.query["id"], {})
        return web.json_response({"answered": bool(query.get("answered")), "text": query.get("answer_text")})

    async def _sim_file(self, request: web.Request) -> web.Response:
        stored = self.world.files.get(request.query["file_id"])
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")


def _chat_extras(world: World, chat: Chat | None) -> dict[str, Any]:
    """What a Telegram client shows beside the messages: the bot's chat action and the reply keyboard."""
    if chat is None:
        return {"action": "", "keyboard": []}
    return {"action": world.current_action(chat), "keyboard": chat.keyboard}


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from the query string, a form (PTB's way), multipart or JSON."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    form = await request.post()
    for key, value in form.items():
        if hasattr(value, "file"):
            params[key] = (value.filename, value.content_type, value.file.read())  # type: ignore[union-attr]
        else:
            params[key] = value
    return params
