"""Runs the pure dialogs against the saved state: load, step, perform effects, save.

Every step happens in one transaction: the user's answer is saved before the reply is sent, so
a crash after the reply can at worst repeat a question, never lose an answer.  Two workers that
receive messages of the same chat at once are serialised by the state's version number: the
loser reloads and applies its event to the winner's state.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dialogs.core import (
    Dialog, DialogContext, DialogState, Effect, EffectResult, Event, Reply, Screen,
)
from bot.domain.areas import OfficerScope
from bot.config import TIMEZONE
from bot.services.clock import Clock
from storage.repositories.dialogs import DialogStateRepository

log = logging.getLogger(__name__)

EffectHandler = Callable[[AsyncSession, Effect, DialogContext], Awaitable[Any]]


@dataclass(frozen=True)
class Permission:
    """Whether a person may take the next step of a dialog, and their officer scope (None: citizen)."""

    allowed: bool
    scope: OfficerScope | None = None


class Guard(Protocol):
    """Asked before EVERY step (start, answer, button, resume): a removed officer is stopped at once.

    ``known`` is the person's officer scope when it was read in this step's own transaction (by a
    :data:`SenderRead`): that read is this moment's rights, so it is not read a second time.
    """

    def __call__(self, user_id: int, dialog_name: str, *, known: KnownScope = None) -> Awaitable[Permission]: ...


@dataclass(frozen=True)
class FreshScope:
    """An officer scope (None: a citizen) read in the current step's transaction."""

    scope: OfficerScope | None


KnownScope = FreshScope | None
# Reads the sender (language, area, officer account: this moment's rights) inside the step's own
# transaction, before the dialog state, and returns the step's context; re-run on a retry.  One
# unit of work per update instead of two: each one costs a connection checkout, a reset and, on
# SQLite, several hand-offs to aiosqlite's thread (bench/lookup_rate.py).
SenderRead = Callable[[AsyncSession], Awaitable[DialogContext]]
MAX_EFFECTS_PER_STEP = 5
MAX_CONFLICT_RETRIES = 3


@dataclass(frozen=True)
class Outcome:
    """What to show after an event; ``seq`` stamps the buttons of the screens."""

    screens: tuple[Screen, ...]
    seq: int
    active: bool
    stale: bool = False
    dialog: str | None = None
    denied: bool = False  # the person may no longer use this dialog; it was closed, nothing was done


class DialogService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        dialogs: dict[str, Dialog],
        effects: dict[str, EffectHandler] | None = None,
        guard: Guard | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock or Clock(TIMEZONE)
        self._dialogs = dialogs
        self._effects = effects or {}
        self._guard = guard

    async def _permit(self, user_id: int, name: str, ctx: DialogContext,
                      known: KnownScope = None) -> DialogContext | None:
        """The context for this step with the person's scope in ``extras["scope"]``; None when refused."""
        if self._guard is None:
            return ctx
        permission = await self._guard(user_id, name, known=known)
        if not permission.allowed:
            return None
        return replace(ctx, extras={**ctx.extras, "scope": permission.scope})

    def has_dialog(self, name: str) -> bool:
        return name in self._dialogs

    async def start(self, chat_id: int, user_id: int, name: str, ctx: DialogContext | SenderRead,
                    args: dict[str, Any] | None = None, *, fresh: bool = False) -> Outcome:
        """Begin ``name``; a resumable dialog with saved answers offers to continue instead.

        ``ctx`` is the step's context, or a :data:`SenderRead` that builds it in the step's transaction.
        """
        dialog = self._dialogs[name]
        sender = None if isinstance(ctx, DialogContext) else ctx
        permitted = await self._permit(user_id, name, ctx) if isinstance(ctx, DialogContext) else None
        if sender is None and permitted is None:
            return Outcome((), 0, active=False, dialog=name, denied=True)
        async with self._sessions.begin() as session:
            if sender is not None:  # the sender read in this transaction: their rights of this moment
                read = await sender(session)
                permitted = await self._permit(user_id, name, read, FreshScope(read.extras.get("scope")))
                if permitted is None:
                    return Outcome((), 0, active=False, dialog=name, denied=True)
            assert permitted is not None
            ctx = permitted
            repo = DialogStateRepository(session, self._clock.utcnow())
            saved = await repo.get(chat_id, name)
            if saved is not None and not fresh and getattr(dialog, "resumable", False):
                state = DialogState(saved.dialog, saved.step, saved.seq, saved.data)
                reply = dialog.resume(state, ctx)  # type: ignore[attr-defined]
                if reply.state is not None:
                    await repo.save(chat_id, user_id, name, reply.state.step, reply.state.seq,
                                    reply.state.data, expected_version=saved.version)
                    return Outcome(reply.screens, reply.state.seq, active=True, dialog=name)
            reply = await self._settle(session, dialog, dialog.start(ctx, args), ctx)
            if reply.state is None:
                await repo.clear(chat_id, name, deactivate=True)
                return Outcome(reply.screens, 0, active=False, dialog=name)
            await repo.save(chat_id, user_id, name, reply.state.step, reply.state.seq,
                            reply.state.data, expected_version=None, known=saved)
            return Outcome(reply.screens, reply.state.seq, active=True, dialog=name)

    async def handle(self, chat_id: int, user_id: int, event: Event, ctx: DialogContext | SenderRead,
                     pressed_seq: int | None = None) -> Outcome | None:
        """Apply ``event`` to the chat's dialog; None when the chat is in no dialog.

        ``ctx`` is the step's context, or a :data:`SenderRead` that builds it in the step's transaction.
        """
        sender = None if isinstance(ctx, DialogContext) else ctx
        for _attempt in range(MAX_CONFLICT_RETRIES):
            async with self._sessions.begin() as session:
                known: KnownScope = None
                if sender is not None:
                    ctx = await sender(session)
                    known = FreshScope(ctx.extras.get("scope"))
                assert isinstance(ctx, DialogContext)
                repo = DialogStateRepository(session, self._clock.utcnow())
                saved = await repo.active(chat_id)
                if saved is None or saved.dialog not in self._dialogs:
                    return None
                dialog = self._dialogs[saved.dialog]
                permitted = await self._permit(user_id, saved.dialog, ctx, known)
                if permitted is None:  # removed mid-dialog: close it without taking the step
                    await repo.clear(chat_id, saved.dialog)
                    return Outcome((), saved.seq, active=False, dialog=saved.dialog, denied=True)
                ctx = permitted
                state = DialogState(saved.dialog, saved.step, saved.seq, saved.data)
                if pressed_seq is not None and pressed_seq != saved.seq:
                    reply = dialog.render(state, ctx)
                    return Outcome(reply.screens, saved.seq, active=True, stale=True, dialog=saved.dialog)
                first = dialog.handle(state, event, ctx)
                reply = await self._settle(session, dialog, first, ctx)
                if reply.state is None:
                    await repo.clear(chat_id, saved.dialog)
                    if reply.handoff is not None and reply.handoff.dialog in self._dialogs:
                        return await self._hand_off(session, repo, chat_id, user_id, reply, ctx)
                    return Outcome(reply.screens, saved.seq, active=False, dialog=saved.dialog)
                new = reply.state
                if new == state and first.effect is None:  # a question asked again: nothing to write
                    return Outcome(reply.screens, new.seq, active=True, dialog=saved.dialog)
                if await repo.save(chat_id, user_id, saved.dialog, new.step, new.seq, new.data,
                                   expected_version=saved.version, already_active=True):
                    return Outcome(reply.screens, new.seq, active=True, dialog=saved.dialog)
                await session.rollback()
            log.info("dialog state of a chat changed concurrently; retrying")
        raise RuntimeError("dialog state kept changing concurrently")

    async def render(self, chat_id: int, ctx: DialogContext) -> Outcome | None:
        """The current step of the chat's dialog, shown again (to resume)."""
        async with self._sessions() as session:
            saved = await DialogStateRepository(session, self._clock.utcnow()).active(chat_id)
        if saved is None or saved.dialog not in self._dialogs:
            return None
        permitted = await self._permit(ctx.user_id, saved.dialog, ctx)
        if permitted is None:
            await self.cancel(chat_id)
            return Outcome((), saved.seq, active=False, dialog=saved.dialog, denied=True)
        state = DialogState(saved.dialog, saved.step, saved.seq, saved.data)
        reply = self._dialogs[saved.dialog].render(state, permitted)
        return Outcome(reply.screens, saved.seq, active=True, dialog=saved.dialog)

    async def current(self, chat_id: int) -> str | None:
        async with self._sessions() as session:
            saved = await DialogStateRepository(session, self._clock.utcnow()).active(chat_id)
        return saved.dialog if saved else None

    async def accepts_media(self, chat_id: int) -> bool:
        """Whether the chat's current dialog takes a photo or document as an answer (``accepts_media``)."""
        name = await self.current(chat_id)
        return name is not None and bool(getattr(self._dialogs.get(name), "accepts_media", False))

    async def cancel(self, chat_id: int) -> bool:
        """Leave (and forget) the dialog the chat is in; False when it was in none."""
        async with self._sessions.begin() as session:
            repo = DialogStateRepository(session, self._clock.utcnow())
            saved = await repo.active(chat_id)
            if saved is None:
                return False
            return await repo.clear(chat_id, saved.dialog)

    async def _hand_off(self, session: AsyncSession, repo: DialogStateRepository, chat_id: int, user_id: int,
                        reply: Reply, ctx: DialogContext) -> Outcome:
        """Start the dialog ``reply`` hands over to, in the same transaction (a fresh start: the person
        chose it with the answers they just gave)."""
        assert reply.handoff is not None
        name = reply.handoff.dialog
        dialog = self._dialogs[name]
        started = await self._settle(session, dialog, dialog.start(ctx, reply.handoff.args), ctx)
        screens = reply.screens + started.screens
        if started.state is None:
            await repo.clear(chat_id, name, deactivate=True)
            return Outcome(screens, 0, active=False, dialog=name)
        await repo.save(chat_id, user_id, name, started.state.step, started.state.seq, started.state.data,
                        expected_version=None)
        return Outcome(screens, started.state.seq, active=True, dialog=name)

    async def _settle(self, session: AsyncSession, dialog: Dialog, reply: Reply,
                      ctx: DialogContext) -> Reply:
        """Perform the effects a reply asks for, feeding each result back to the dialog."""
        screens = list(reply.screens)
        for _ in range(MAX_EFFECTS_PER_STEP):
            if reply.effect is None:
                break
            if reply.state is None:
                raise RuntimeError(f"dialog {dialog.name} asked for an effect while ending")
            handler = self._effects[reply.effect.name]
            value = await handler(session, reply.effect, ctx)
            reply = dialog.handle(reply.state, EffectResult(reply.effect.name, value), ctx)
            screens.extend(reply.screens)
        else:
            raise RuntimeError(f"dialog {dialog.name} asked for too many effects in one step")
        return Reply(tuple(screens), reply.state, handoff=reply.handoff)
