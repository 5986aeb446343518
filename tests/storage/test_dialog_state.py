"""Dialog state is saved per chat and dialog, survives reconnects, and refuses stale writes."""

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import make_session_factory
from storage.repositories.dialogs import DialogStateRepository
from tests.conftest import FIXED_NOW

NOW = FIXED_NOW


async def test_state_survives_a_new_engine_and_keeps_other_dialogs(engine: AsyncEngine, database_url: str) -> None:
    sessions = make_session_factory(engine)
    async with sessions.begin() as s:
        repo = DialogStateRepository(s, NOW)
        assert await repo.save(1, 1, "apply", "field", 3, {"answers": {"full_name": "Nguyễn Thị Lan"}}, None)
        assert await repo.save(1, 1, "eligibility", "ask", 2, {"answers": {}}, None)
    from storage.database import make_engine

    other = make_engine(database_url)  # another worker process would have its own engine
    try:
        async with make_session_factory(other)() as s:
            repo = DialogStateRepository(s, NOW)
            active = await repo.active(1)
            assert active is not None and active.dialog == "eligibility"
            draft = await repo.get(1, "apply")
            assert draft is not None and draft.data["answers"]["full_name"] == "Nguyễn Thị Lan"
    finally:
        await other.dispose()


async def test_a_write_based_on_an_old_version_is_refused(engine: AsyncEngine) -> None:
    sessions = make_session_factory(engine)
    async with sessions.begin() as s:
        await DialogStateRepository(s, NOW).save(5, 5, "lookup", "id", 1, {}, None)
    async with sessions.begin() as s:
        saved = await DialogStateRepository(s, NOW).get(5, "lookup")
    assert saved is not None
    async with sessions.begin() as s:
        assert await DialogStateRepository(s, NOW).save(5, 5, "lookup", "birth_date", 2, {}, saved.version)
    async with sessions.begin() as s:  # a second worker still holding the old version loses
        assert not await DialogStateRepository(s, NOW).save(5, 5, "lookup", "name", 2, {}, saved.version)
    async with sessions() as s:
        current = await DialogStateRepository(s, NOW).get(5, "lookup")
    assert current is not None and current.step == "birth_date"


async def test_clearing_leaves_the_chat_in_no_dialog(engine: AsyncEngine) -> None:
    sessions = make_session_factory(engine)
    async with sessions.begin() as s:
        await DialogStateRepository(s, NOW).save(9, 9, "eligibility", "ask", 1, {}, None)
    async with sessions.begin() as s:
        assert await DialogStateRepository(s, NOW).clear(9, "eligibility")
    async with sessions() as s:
        assert await DialogStateRepository(s, NOW).active(9) is None
