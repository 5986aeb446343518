"""What a user reads when the database cannot be reached for a moment.

Nothing the user typed before is lost (each answer was saved in its own transaction); the
message that failed is the only one to send again.
"""

from __future__ import annotations

from bot.dialogs.core import Screen
from bot.i18n import Translator


def unavailable_screen(tr: Translator) -> Screen:
    return Screen(tr._("The system is busy for a moment and could not read your message. Your earlier "
                       "answers are saved; please send it again in a minute."), ())
