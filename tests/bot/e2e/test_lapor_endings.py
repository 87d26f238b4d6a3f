"""How a /lapor ends: "Batal" (or /batal) says it cancelled and what stayed, "Selesai" says how
many reports of the day are saved, and neither ever claims a save that did not happen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, SentMessage
from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.staff import ReportRefusal
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import RINA_NIP, register

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
TODAY = date(2026, 11, 25)  # the fake clock's Wednesday

PATIENTS = {Language.ID: "Pasien dilayani", Language.EN: "Patients served"}
HYGIENE = {
    Language.ID: "Kepatuhan kebersihan tangan (observasi)",
    Language.EN: "Hand hygiene compliance (observations)",
}
SEVENTEEN = {Language.ID: "17 dari 20 observasi", Language.EN: "17 of 20 observations"}
LANGUAGES = [pytest.param(ID, id="id"), pytest.param(EN, id="en")]


async def _rina(bot: Harness, texts: Texts) -> EmulatedUser:
    rina = bot.user(2001, "Rina", language_code=texts.language.value)
    await register(bot, rina, Role.ASN, "PKM-PAUH-UMUM", RINA_NIP, "Rina Marlina")
    return rina


async def _values(bot: Harness) -> list[tuple[str, Decimal, Decimal | None]]:
    async with bot.application.bot_data.services.database.snapshot() as tx:
        rows = await tx.session.execute(
            select(models.Metric.code, models.AsnReport.value, models.AsnReport.denominator)
            .join(models.Metric, models.Metric.id == models.AsnReport.metric_id)
            .order_by(models.AsnReport.id)
        )
        return [(code, value, denominator) for code, value, denominator in rows]


async def _save(user: EmulatedUser, texts: Texts, label: str, value: str) -> SentMessage:
    """From the open menu: one metric reported without note or evidence; returns the menu."""
    await user.press(user.last_message, label)
    await user.next_message()
    await user.send(value)
    await user.press(await user.next_new_message(), texts.skip_note_button())
    await user.press(await user.next_message(), texts.skip_evidence_button())
    await user.press(await user.next_message(), texts.save_button())
    return await user.next_message()


async def _reach(user: EmulatedUser, texts: Texts, label: str, value: str, step: str) -> None:
    """From the open menu: an entry of `label` taken as far as `step`, nothing saved yet."""
    await user.press(user.last_message, label)
    await user.next_message()
    if step == "value":
        return
    await user.send(value)
    await user.next_new_message()
    if step == "note":
        return
    await user.press(user.last_message, texts.skip_note_button())
    await user.next_message()
    if step == "evidence":
        return
    await user.press(user.last_message, texts.skip_evidence_button())
    assert texts.save_button() in (await user.next_message()).button_texts


@pytest.mark.parametrize("texts", LANGUAGES)
@pytest.mark.parametrize("step", ["value", "note", "evidence", "confirm"])
async def test_cancel_at_any_step_says_nothing_new_was_saved(
    bot: Harness, texts: Texts, step: str
) -> None:
    language = texts.language
    rina = await _rina(bot, texts)
    await rina.send("/lapor")
    await rina.next_new_message()
    await _save(rina, texts, HYGIENE[language], "17/20")
    await _reach(rina, texts, PATIENTS[language], "35", step)

    await rina.press(rina.last_message, texts.cancel_button())
    cancelled = await rina.next_message()
    assert cancelled.text == texts.report_cancelled(
        TODAY, PATIENTS[language], None, [(HYGIENE[language], SEVENTEEN[language])]
    )
    assert cancelled.button_texts == []
    golden = {
        Language.ID: (
            "Dibatalkan. Pasien dilayani tidak disimpan.\n\n"
            "Laporan 25 November 2026 yang sudah tersimpan tetap (1):\n"
            "• Kepatuhan kebersihan tangan (observasi): 17 dari 20 observasi\n\n"
            "Ketik /lapor untuk melapor lagi."
        ),
        Language.EN: (
            "Cancelled. Patients served was not saved.\n\n"
            "Reports for 25 November 2026 already saved stay as they are (1):\n"
            "• Hand hygiene compliance (observations): 17 of 20 observations\n\n"
            "Type /lapor to report again."
        ),
    }
    assert cancelled.plain == golden[language]
    assert await _values(bot) == [("kebersihan_tangan", Decimal(17), Decimal(20))]


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_cancelling_a_replacement_keeps_the_old_value_and_says_so(
    bot: Harness, texts: Texts
) -> None:
    language = texts.language
    rina = await _rina(bot, texts)
    await rina.send("/lapor")
    await rina.next_new_message()
    menu = await _save(rina, texts, HYGIENE[language], "17/20")
    saved_label = next(b for b in menu.button_texts if b.startswith(HYGIENE[language]))
    await _reach(rina, texts, saved_label, "18/20", "confirm")

    await rina.press(rina.last_message, texts.cancel_button())
    cancelled = await rina.next_message()
    assert cancelled.text == texts.report_cancelled(
        TODAY,
        HYGIENE[language],
        SEVENTEEN[language],
        [(HYGIENE[language], SEVENTEEN[language])],
    )
    kept = {
        Language.ID: "Dibatalkan. Kepatuhan kebersihan tangan (observasi) tidak diganti: "
        "tetap 17 dari 20 observasi.",
        Language.EN: "Cancelled. Hand hygiene compliance (observations) was not replaced: "
        "it stays 17 of 20 observations.",
    }
    assert cancelled.plain.startswith(kept[language])
    assert await _values(bot) == [("kebersihan_tangan", Decimal(17), Decimal(20))]


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_typed_batal_during_lapor_says_what_stayed_and_retires_the_buttons(
    bot: Harness, texts: Texts
) -> None:
    language = texts.language
    rina = await _rina(bot, texts)
    await rina.send("/lapor")
    await rina.next_new_message()
    await _reach(rina, texts, PATIENTS[language], "35", "note")
    asking = rina.last_message

    await rina.send("/batal")
    cancelled = await rina.next_new_message()
    assert cancelled.text == texts.report_cancelled(TODAY, PATIENTS[language], None, [])
    nothing = {
        Language.ID: "Belum ada laporan 25 November 2026 yang tersimpan.",
        Language.EN: "No report for 25 November 2026 is saved yet.",
    }
    assert nothing[language] in cancelled.plain
    assert bot.emulator.message(asking.chat_id, asking.message_id).button_texts == []  # type: ignore[union-attr]
    assert await _values(bot) == []

    await rina.send("/batal")  # nothing is under way any more
    assert (await rina.next_message()).text == texts.nothing_to_cancel()


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_done_says_how_many_reports_of_the_day_are_saved(bot: Harness, texts: Texts) -> None:
    language = texts.language
    rina = await _rina(bot, texts)
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    await rina.press(menu, texts.finish_button())
    nothing = await rina.next_message()
    assert nothing.text == texts.report_finished(TODAY, [])
    golden = {
        Language.ID: "Tidak ada laporan yang disimpan untuk 25 November 2026. Ketik /lapor "
        "lalu pilih kegiatan untuk melapor.",
        Language.EN: "No report was saved for 25 November 2026. Type /lapor and choose what "
        "to report.",
    }
    assert nothing.plain == golden[language]

    await rina.send("/lapor")
    await rina.next_new_message()
    await _save(rina, texts, PATIENTS[language], "35")
    menu = await _save(rina, texts, HYGIENE[language], "17/20")
    await rina.press(menu, texts.finish_button())
    done = await rina.next_message()
    patients = {Language.ID: "35 orang", Language.EN: "35 patients"}
    assert done.text == texts.report_finished(
        TODAY,
        [(PATIENTS[language], patients[language]), (HYGIENE[language], SEVENTEEN[language])],
    )
    two = {
        Language.ID: "Selesai. 2 laporan 25 November 2026 tersimpan:",
        Language.EN: "Done. 2 reports for 25 November 2026 are saved:",
    }
    assert done.plain.startswith(two[language])


async def test_an_old_finish_button_without_a_report_under_way_is_stale(bot: Harness) -> None:
    rina = await _rina(bot, ID)
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    await rina.press(menu, ID.finish_button())
    await rina.next_message()
    await rina.press_data(menu.message_id, "l:end:")  # the same tap again, or a second device
    await rina.expect_silence(0.3)
    answer = list(bot.emulator.callback_answers.values())[-1]
    assert answer["text"] == ID.report_refusal(ReportRefusal.STALE)
