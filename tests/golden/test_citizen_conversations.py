"""Golden conversations: each citizen flow, in Vietnamese and in English, compared word for word.

The citizen's whole side of the chat (texts and button labels) is stored under transcripts/; a
changed wording or an untranslated text in the English flow shows up as a diff.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.localapi.client import SimClient
from tests.e2e.conftest import OFFICER_ID, BotHarness
from tests.e2e.test_lists_and_lookup import import_approved
from tests.golden.transcript import Transcript, assert_matches_golden

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Words:
    """The labels a citizen presses, in their language."""

    language: str
    unpaid_leave: str
    yes: str
    no: str
    see_result: str
    unemployment_benefit: str
    male: str
    send_application: str
    what_happened: str
    cash: str


VI = Words("vi", "Tạm hoãn HĐLĐ, nghỉ không lương", "Có", "Không", "Xem kết quả",
           "Trợ cấp thất nghiệp (Luật Việc làm 2025)", "Nam", "Gửi hồ sơ",
           "công ty cắt giảm lao động", "Nhận tiền mặt (bưu điện hoặc UBND xã)")
EN = Words("en", "Contract suspended, unpaid leave", "Yes", "No", "See the result",
           "Unemployment benefit (2025 law)", "Male", "Send the application",
           "the company cut staff", "In cash (post office or commune)")
LANGUAGES = [pytest.param(VI, id="vi"), pytest.param(EN, id="en")]


async def citizen(client: SimClient, user_id: int, words: Words) -> Transcript:
    """A citizen who has opened the bot and, for English, switched with /ngonngu."""
    chat = Transcript(await client.user(id=user_id, first_name="Lan", language_code="vi"))
    await chat.say("/start")
    if words.language == "en":
        await chat.say("/ngonngu")
        await chat.tap("English")
    return chat


@pytest.mark.parametrize("words", LANGUAGES)
async def test_eligibility_check_to_a_verdict(bot: BotHarness, client: SimClient, words: Words) -> None:
    chat = await citizen(client, 6001, words)
    await chat.say("/kiemtra")
    await chat.tap(words.unpaid_leave)
    await chat.say("10/8/2021")
    await chat.say("29/8/2021")
    for label in (words.yes, words.yes, words.yes, words.no):
        await chat.tap(label)
    await chat.say("1")
    await chat.tap(words.no)
    await chat.tap(words.see_result)
    assert_matches_golden(f"kiemtra_{words.language}", chat)


@pytest.mark.parametrize("words", LANGUAGES)
async def test_application_to_a_reference_code(bot: BotHarness, client: SimClient, words: Words) -> None:
    chat = await citizen(client, 6002, words)
    await chat.say("/nophoso")
    await chat.tap(words.unemployment_benefit)
    await chat.say("Nguyễn Văn An")
    await chat.say("1/2/1985")
    await chat.tap(words.male)
    for text in ("001085012345", "0912.345.678", "phuong 1, quan 3, ho chi minh", "12 Võ Văn Tần",
                 "Công ty May Sài Gòn", "0301234567", "1/10/2026", words.what_happened):
        await chat.say(text)
    await chat.tap(words.cash)
    await chat.tap(words.send_application)
    assert_matches_golden(f"nophoso_{words.language}", chat)


async def officer_imports_the_approved_list(client: SimClient) -> None:
    officer = await client.user(id=OFFICER_ID, first_name="Cán bộ")
    await import_approved(officer)
    await officer.press("Xác nhận")
    await officer.replies(until="Đã nhập xong")


@pytest.mark.parametrize("words", LANGUAGES)
async def test_lookup_found(bot: BotHarness, client: SimClient, words: Words) -> None:
    await officer_imports_the_approved_list(client)
    chat = await citizen(client, 6003, words)
    await chat.say("/tracuu")
    await chat.say("0561 8500 1234")
    await chat.say("15/7/1985")
    assert_matches_golden(f"tracuu_found_{words.language}", chat)


@pytest.mark.parametrize("words", LANGUAGES)
async def test_lookup_not_found(bot: BotHarness, client: SimClient, words: Words) -> None:
    await officer_imports_the_approved_list(client)
    chat = await citizen(client, 6004, words)
    await chat.say("/tracuu")
    await chat.say("056185009999")
    await chat.say("15/7/1985")
    assert_matches_golden(f"tracuu_not_found_{words.language}", chat)
