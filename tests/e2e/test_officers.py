"""Officers by area, end to end: invitation link, command menus per chat, help per role, removal mid-dialog."""

from __future__ import annotations

import re

from bot.domain.areas import Role
from bot.localapi.client import SimClient, SimUser
from bot.localapi.server import LocalBotApi
from bot.parsing.area_names import resolve_area
from tests.e2e.conftest import OFFICER_ID, BotHarness

NEW_OFFICER, LATECOMER, CITIZEN = 8001, 8002, 8003


async def texts(user: SimUser) -> str:
    return "\n".join(m.text for m in await user.replies())


def menu(api: LocalBotApi, key: str) -> list[str]:
    return [c["command"] for c in api.world.commands.get(key, [])]


async def invite(admin: SimUser, role: str, commune: str | None) -> tuple[str, str]:
    """A province officer of Khánh Hòa invites through /canbo: ``role`` is the button's label,
    ``commune`` the typed commune (None: the whole province).  Returns (the link's code, what was shown)."""
    await admin.send("/canbo")
    assert "Cán bộ của Tỉnh Khánh Hòa" in await texts(admin)
    await admin.press("Mời cán bộ")
    assert "vai trò nào" in await texts(admin)
    await admin.press(role)
    assert "Nhập tên xã, phường" in await texts(admin)
    if commune is None:
        await admin.press("Cả tỉnh")
    else:
        await admin.send(commune)
    shown = await texts(admin)
    match = re.search(r"https://t\.me/\w+\?start=([\w-]+)", shown)
    assert match is not None, shown
    assert "48 giờ" in shown
    return match.group(1), shown


async def invite_commune_officer(admin: SimUser) -> str:
    """The province officer invites a commune officer of Phường Bắc Cam Ranh; returns the link."""
    code, shown = await invite(admin, "cán bộ cấp xã", "Bắc Cam Ranh")
    assert "cán bộ cấp xã mới của Phường Bắc Cam Ranh, Tỉnh Khánh Hòa" in shown
    return code


async def test_an_invited_officer_joins_once_and_gets_the_menu_and_help_of_the_role(
        bot: BotHarness, api: LocalBotApi, client: SimClient) -> None:
    assert "duyet" in menu(api, f"chat:{OFFICER_ID}") and "canbo" in menu(api, f"chat:{OFFICER_ID}|en")
    assert "duyet" not in menu(api, "default") and "canbo" not in menu(api, "default|en")
    assert "tracuu" in menu(api, "default")
    admin = await client.user(id=OFFICER_ID, first_name="Sở")
    code = await invite_commune_officer(admin)

    officer = await client.user(id=NEW_OFFICER, first_name="Hà")
    await officer.send(f"/start {code}")
    assert "Anh/chị đã trở thành cán bộ cấp xã của Phường Bắc Cam Ranh, Tỉnh Khánh Hòa" in await texts(officer)
    assert {"duyet", "canbo"} <= set(menu(api, f"chat:{NEW_OFFICER}"))
    await officer.send("/trogiup")
    assert "/duyet" in await texts(officer)

    latecomer = await client.user(id=LATECOMER, first_name="Khách")
    await latecomer.send(f"/start {code}")
    assert "đã được sử dụng" in await texts(latecomer)
    await latecomer.send("/trogiup")
    help_text = await texts(latecomer)
    assert "/tracuu" in help_text and "/duyet" not in help_text and "/canbo" not in help_text
    assert f"chat:{LATECOMER}" not in api.world.commands
    events = await bot.services.officers.all_active()
    assert [(e.user_id, e.role) for e in events] == [(NEW_OFFICER, Role.COMMUNE)]


async def test_a_removed_officer_is_stopped_at_the_next_step_of_a_dialog(
        bot: BotHarness, api: LocalBotApi, client: SimClient) -> None:
    await bot.services.officers.add(NEW_OFFICER, Role.COMMUNE, resolve_area("Phường Bắc Cam Ranh, Tỉnh Khánh Hòa"))
    officer = await client.user(id=NEW_OFFICER, first_name="Hà")
    await officer.send("/canbo")
    assert "Cán bộ của Phường Bắc Cam Ranh" in await texts(officer)
    await officer.press("Mời cán bộ")
    assert "vai trò nào" in await texts(officer)

    admin = await client.user(id=OFFICER_ID, first_name="Sở")
    await admin.send("/canbo")
    await admin.replies()
    await admin.press(f"Gỡ {NEW_OFFICER}")
    assert "mất quyền truy cập ngay" in await texts(admin)
    await admin.press("Đồng ý gỡ")
    assert "Đã gỡ" in await texts(admin)

    await officer.press("thành viên giám sát (chỉ xem)")  # mid-dialog: this step is refused
    assert "không còn thực hiện được thao tác này" in await texts(officer)
    assert f"chat:{NEW_OFFICER}" not in api.world.commands  # back to the citizens' default menu
    await officer.send("/canbo")
    unknown = await texts(officer)
    await officer.send("/khongco")
    assert unknown == await texts(officer)  # a forbidden command reads exactly like an unknown one
