"""Which areas show their figures on the public page, and the version stamp of those figures.

The stamp is one row (``figures_stamp.id = 1``) bumped inside the transaction of every change the
public page shows (an import's commit, an approval by review, a publish/hide), so it moves exactly
when the change is committed; web workers compare it with the version of what they hold.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.areas import Area
from storage.models import FiguresStamp, PublishedArea

STAMP_ROW = 1


class PublicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._dialect = session.bind.dialect.name

    async def set(self, area: Area, published: bool, by: int, at: datetime) -> None:
        """Publish or hide ``area`` (one row per area; the latest decision wins)."""
        stmt = _insert(self._dialect, PublishedArea).values(
            province_code=area.province_code, ward_code=area.ward_code or "", published=published,
            changed_by=by, changed_at=at)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["province_code", "ward_code"],
            set_={"published": published, "changed_by": by, "changed_at": at}))

    async def is_published(self, area: Area) -> bool:
        return bool(await self._session.scalar(select(PublishedArea.published).where(
            PublishedArea.province_code == area.province_code,
            PublishedArea.ward_code == (area.ward_code or ""))))

    async def published(self) -> list[Area]:
        """Every published area, provinces before their communes."""
        rows = await self._session.execute(
            select(PublishedArea.province_code, PublishedArea.ward_code)
            .where(PublishedArea.published.is_(True))
            .order_by(PublishedArea.province_code, PublishedArea.ward_code))
        return [Area(province, ward or None) for province, ward in rows]

    async def bump(self, at: datetime) -> None:
        """Move the figures' version on (in the caller's transaction)."""
        stmt = _insert(self._dialect, FiguresStamp).values(id=STAMP_ROW, version=1, changed_at=at)
        await self._session.execute(stmt.on_conflict_do_update(
            index_elements=["id"], set_={"version": FiguresStamp.version + 1, "changed_at": at}))

    async def stamp(self) -> tuple[int, datetime | None]:
        """The current version and when it last moved (0, None before any change)."""
        row = (await self._session.execute(
            select(FiguresStamp.version, FiguresStamp.changed_at).where(FiguresStamp.id == STAMP_ROW))).first()
        return (int(row[0]), row[1]) if row else (0, None)


def _insert(dialect: str, table: Any) -> Any:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
