"""Who may see what: officers' roles and areas on today's administrative map.

Since 1 July 2025 Vietnam has two levels of local government: 34 provinces and their communes
(xã, phường, đặc khu).  An officer's area is a province (all its communes) or one commune of
today; every record (approved, paid, application) carries the codes of the province and commune
of today it belongs to (``current_province_code``, ``current_ward_code``; GSO codes from the
``vietnamadminunits`` data), converted from the old address for 2020–2021 lists, so a commune
officer sees the people of the old communes that were merged into theirs.

This module is pure: the services decide with it, the storage filters with its codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What an officer account may do; ordered from the widest to the narrowest reach."""

    PROVINCE = "province"      # a Sở: every commune of the province, every officer action
    COMMUNE = "commune"        # a commune's office: its own people only
    SUPERVISOR = "supervisor"  # a council member: figures and the audit log, never personal numbers


@dataclass(frozen=True)
class Area:
    """A province of today, or one commune of today inside it (``ward_code`` set)."""

    province_code: str
    ward_code: str | None = None

    @property
    def is_province(self) -> bool:
        return self.ward_code is None

    def contains(self, province_code: str, ward_code: str | None = None) -> bool:
        """Whether a record placed in (province, commune) lies inside this area."""
        if province_code != self.province_code:
            return False
        return self.ward_code is None or self.ward_code == ward_code

    def covers(self, other: Area) -> bool:
        """Whether ``other`` lies wholly inside this area (for inviting and managing officers)."""
        return self.contains(other.province_code, other.ward_code) and (self.is_province or not other.is_province)


@dataclass(frozen=True)
class OfficerScope:
    """The rights of one officer right now: checked by the services on every officer action."""

    user_id: int
    role: Role
    area: Area

    @property
    def sees_personal_numbers(self) -> bool:
        """Supervisors see figures and the audit log, never a person's ID, phone or bank number."""
        return self.role is not Role.SUPERVISOR

    @property
    def may_change_data(self) -> bool:
        return self.role is not Role.SUPERVISOR
