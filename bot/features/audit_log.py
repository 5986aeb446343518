"""/nhatky: the audit log of officer actions, read-only, for province officers and supervisors."""

from __future__ import annotations

from bot.dialogs.audit_log import AuditLogDialog
from bot.domain.areas import Role
from bot.features.base import Action, Command, Feature

FEATURE = Feature(
    key="audit_log", action=Action.DIALOG, dialog=AuditLogDialog,
    roles=frozenset({Role.PROVINCE, Role.SUPERVISOR}),
    command=Command("nhatky", "auditlog", lambda tr: tr._("Officers' activity log")),
    help=lambda tr: tr._("/nhatky: read the activity log of officers in your area (newest first, filtered by "
                         "kind, officer or day). Nobody can change or delete it."),
)
