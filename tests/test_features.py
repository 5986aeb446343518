"""Features are declarations: menus, help and rights derived from them show each person only their own."""

from __future__ import annotations

import pytest

from bot.domain.areas import Area, OfficerScope, Role
from bot.features import FEATURES
from bot.features.base import Action, Command, Feature
from bot.features.catalog import Catalog
from bot.i18n import Translator

CATALOG = Catalog(FEATURES)
VI = Translator("vi")
PROVINCE = OfficerScope(1, Role.PROVINCE, Area("56"))
COMMUNE = OfficerScope(2, Role.COMMUNE, Area("56", "22411"))
SUPERVISOR = OfficerScope(3, Role.SUPERVISOR, Area("56"))
CITIZEN_COMMANDS = ["start", "kiemtra", "nophoso", "tracuu", "bosung", "huy", "ngonngu", "tatthongbao", "batthongbao", "trogiup"]


def names(scope: OfficerScope | None) -> list[str]:
    return [line.command for line in CATALOG.commands(VI, scope)]


def test_citizens_see_only_citizen_commands_in_the_default_menu() -> None:
    assert names(None) == CITIZEN_COMMANDS


@pytest.mark.parametrize("scope, officer_commands", [
    (PROVINCE, ["duyet", "thongbao", "thongke", "trunglap", "congkhai", "nhatky", "canbo"]),
    (COMMUNE, ["duyet", "thongbao", "thongke", "trunglap", "congkhai", "canbo"]),
    (SUPERVISOR, ["thongke", "trunglap", "nhatky", "canbo"])])
def test_each_role_sees_its_own_commands(scope: OfficerScope, officer_commands: list[str]) -> None:
    assert [n for n in names(scope) if n not in CITIZEN_COMMANDS] == officer_commands


def test_help_lists_only_what_the_person_may_do() -> None:
    general, officer = CATALOG.help_lines(VI, None)
    text = "\n".join(general + officer)
    assert "/kiemtra" in text and "/duyet" not in text and "/canbo" not in text and not officer
    _, supervisor = CATALOG.help_lines(VI, SUPERVISOR)
    assert any("/canbo" in line for line in supervisor) and not any("/duyet" in line for line in supervisor)
    _, province = CATALOG.help_lines(VI, PROVINCE)
    assert any("/duyet" in line for line in province) and any(".xlsx" in line for line in province)


def test_commands_answer_to_their_english_alias_and_menu_entries_follow_the_declaration_order() -> None:
    assert CATALOG.by_command("review") is CATALOG.by_command("duyet")
    assert CATALOG.by_command("officers") is CATALOG.by_command("canbo")
    assert list(CATALOG.menu(None)) == ["check", "apply", "lookup"]


def test_every_officer_dialog_is_guarded_by_its_feature() -> None:
    for name in ("review", "officer_import", "officers", "audit_log"):
        feature = CATALOG.for_dialog(name)
        assert feature is not None and feature.for_officers and not feature.allows(None)
    assert not CATALOG.for_dialog("officer_import").allows(SUPERVISOR)  # type: ignore[union-attr]


def test_a_command_declared_twice_is_refused_at_start_up() -> None:
    twice = Feature("x", Action.HELP, Command("trogiup", "x", lambda tr: ""))
    with pytest.raises(ValueError):
        Catalog((*FEATURES, twice))
