"""Personal notices as the messages people get (sent by ``bot.delivery.notices``)."""

from __future__ import annotations

from bot.delivery.notices import Render
from bot.delivery.transport import Announcement
from bot.dialogs.notices import render_notice
from bot.domain.notices import OutgoingNotice
from bot.i18n import Translator
from bot.rules import RuleBook


def notice_renderer(rules: RuleBook) -> Render:
    """A notice in its reader's language, as the Telegram HTML text the transport sends."""
    translators: dict[str, Translator] = {}

    def render(notice: OutgoingNotice) -> Announcement:
        tr = translators.get(notice.locale) or translators.setdefault(notice.locale, Translator(notice.locale))
        return Announcement(render_notice(notice.kind, notice.payload, tr, rules).text)

    return render
