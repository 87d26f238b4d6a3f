"""Named people and places of Pauh for the scenarios (invented, as the example catalogue is)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.emulator import EmulatedUser, SentMessage
from bot.texts import Texts
from bot.usecases.staff import create_invitation
from db.engine import Database
from kinerja.identity import identity_hash
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language, Role
from tests import seed
from tests.bot.conftest import Harness

POLI_UMUM = "PKM-PAUH-UMUM"
POLI_UMUM_NAME = "Poli Umum (Puskesmas Pauh)"
FARMASI = "PKM-PAUH-FARMASI"
KIA = "PKM-PAUH-KIA"
PUSKESMAS = "PKM-PAUH"
OTHER_PUSKESMAS = "PKM-LBUKIT"

SUPERVISOR_ID = 3001
OTHER_SUPERVISOR_ID = 3002
ASN_ID = 2001


async def add_staff(
    harness: Harness,
    telegram_user_id: int,
    role: Role,
    unit_code: str,
    name: str,
    nip: str | None = None,
) -> None:
    async with harness.application.bot_data.services.database.transaction() as tx:
        await tx.people.add(
            full_name=name,
            role=role,
            unit_code=unit_code,
            now=harness.clock(),
            nip=nip,
            telegram_user_id=telegram_user_id,
        )


async def supervisor(harness: Harness, nip: str | None = None) -> EmulatedUser:
    """dr. Andi oversees Puskesmas Pauh and every unit under it."""
    await add_staff(harness, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", nip)
    return harness.user(SUPERVISOR_ID, "Andi")


async def answer_elements(user: EmulatedUser, scores: dict[str, int], texts: Texts) -> SentMessage:
    """Tap one answer per element on the survey message; returns the message after the last."""
    message = user.last_message
    for code in ELEMENT_CODES:
        if code not in scores:
            continue
        await user.press(message, texts.element_label(code, scores[code]))
        message = await user.next_message()
    return message


async def open_survey(user: EmulatedUser, unit_code: str, texts: Texts) -> SentMessage:
    """Opens the unit's survey link and agrees to the notice; returns the first question."""
    await user.start(f"u_{unit_code}")
    await user.press(await user.next_message(), texts.consent_agree())
    return await user.next_message()


async def answer_survey(
    user: EmulatedUser, unit_code: str, scores: dict[str, int], texts: Texts
) -> SentMessage:
    """Opens the survey, agrees and answers `scores`; returns the message after the last."""
    await open_survey(user, unit_code, texts)
    return await answer_elements(user, scores, texts)


async def complain(
    user: EmulatedUser,
    unit_code: str,
    scores: dict[str, int],
    waiting: str,
    complaint: str,
    texts: Texts,
) -> SentMessage:
    """A survey with `waiting` typed and `complaint` written; returns the photo question."""
    await answer_survey(user, unit_code, scores, texts)
    await user.send(waiting)
    await user.next_new_message()
    await user.send(complaint)
    return await user.next_new_message()


@dataclass(frozen=True, slots=True)
class Walk:
    """A whole survey as the citizen saw it."""

    consent: SentMessage
    counters: list[tuple[int, int]]
    """The "question n of N" of every survey message, in order (the photo's shares its
    complaint's)."""
    thanks: SentMessage


def _counter(message: SentMessage, unit_name: str, texts: Texts) -> tuple[int, int] | None:
    header = (message.text or "").split("\n", 1)[0]
    for total in range(1, 30):
        for position in range(1, total + 1):
            if header == texts.survey_header(unit_name, position, total):
                return position, total
    return None


async def walk_survey(
    user: EmulatedUser,
    unit_code: str,
    unit_name: str,
    texts: Texts,
    complaint: str | None = None,
) -> Walk:
    """Opens the survey, agrees and answers every question with its first choice, writing
    `complaint` (and sending a photo with it) when given; ends on the thanks."""
    await user.start(f"u_{unit_code}")
    consent = await user.next_message()
    await user.press(consent, texts.consent_agree())
    message = await user.next_message()
    counters: list[tuple[int, int]] = []
    while (counter := _counter(message, unit_name, texts)) is not None:
        counters.append(counter)
        if complaint is not None and texts.complaint_question() in (message.text or ""):
            await user.send(complaint)
            message = await user.next_new_message()
            assert texts.photo_question() in (message.text or "")
            counter = _counter(message, unit_name, texts)
            assert counter is not None
            counters.append(counter)
            await user.send_photo(b"\xff\xd8 foto")
            message = await user.next_new_message()
            continue
        await user.press(message, message.button_texts[0])
        message = await user.next_message()
    return Walk(consent, counters, message)


async def rate_unit(user: EmulatedUser, scores: dict[str, int], texts: Texts) -> None:
    """The whole survey of Poli Umum at a quick pace: ten minutes' wait, no complaint, no
    importance; ends on the thanks."""
    await answer_survey(user, POLI_UMUM, scores, texts)
    await user.send("10")
    await user.press(await user.next_new_message(), texts.no_complaint_button())
    await user.press(await user.next_message(), texts.skip_button())
    assert (await user.next_message()).text == texts.survey_thanks(None)


RINA_NIP = "199001012015032001"
BUDI_NIP = "198805122010011002"
ANDI_NIP = "197903042005011003"


async def seed_rina(database: Database, registered: datetime) -> int:
    """Rina Marlina, nurse at Poli Umum, written straight into the database; her person id."""
    return await seed.asn(database, "Rina Marlina", RINA_NIP, POLI_UMUM, ASN_ID, registered)


async def seed_andi(database: Database, registered: datetime) -> int:
    """dr. Andi Pratama, supervisor of Puskesmas Pauh, written straight into the database."""
    return await seed.asn(
        database,
        "dr. Andi Pratama",
        ANDI_NIP,
        PUSKESMAS,
        SUPERVISOR_ID,
        registered,
        role=Role.SUPERVISOR,
    )


async def invite(harness: Harness, role: Role, unit_code: str, nip: str, name: str) -> str:
    """What `kinerja invite create` does; returns the deep-link payload."""
    services = harness.application.bot_data.services
    payload, _ = await create_invitation(
        services, role=role, unit_code=unit_code, nip=nip, name=name, days=None
    )
    return payload


async def register(
    harness: Harness, user: EmulatedUser, role: Role, unit_code: str, nip: str, name: str
) -> None:
    """Invited, opens the link, confirms the name: registered through the chat."""
    await user.start(await invite(harness, role, unit_code, nip, name))
    prompt = await user.next_message()
    await user.press(prompt, prompt.button_texts[0])
    await user.next_message()
    await harness.settle()


async def staff_speaking(
    harness: Harness,
    telegram_user_id: int,
    role: Role,
    unit_code: str,
    name: str,
    language: Language,
) -> EmulatedUser:
    """A staff member whose chat is in `language`: their Telegram app's, and stored as chosen
    with /bahasa, so what the bot sends them on its own is in it too."""
    await add_staff(harness, telegram_user_id, role, unit_code, name)
    services = harness.application.bot_data.services
    async with services.database.transaction() as tx:
        await tx.preferences.choose_language(
            identity_hash(services.secret, telegram_user_id), language, harness.clock()
        )
    return harness.user(telegram_user_id, name.split()[-1], language_code=language.value)


def popup(harness: Harness, user: EmulatedUser) -> str:
    """The text of the last pop-up (callback query answer) this user saw."""
    answers = [
        answer
        for query_id, answer in harness.emulator.callback_answers.items()
        if query_id.startswith(f"{user.id}-")
    ]
    return str(answers[-1].get("text", "")) if answers else ""
