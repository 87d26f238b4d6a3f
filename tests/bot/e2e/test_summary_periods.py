"""/rekap and /ekspor for an earlier period: typed (minggu lalu, last week, 2026-W47, 2026-S2),
by the ◀ / ▶ buttons of a summary, and refused truthfully when the period is wrong."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bot.emulator import EmulatedUser, SentMessage
from bot.render import callback_data as cd
from bot.texts import CATALOGUES, Texts
from kinerja.periods import PeriodProblem, PeriodRefusal, parse_period_key
from kinerja.skm import Mutu
from kinerja.staff import ReportRefusal
from kinerja.types import Language, PeriodKind
from tests import seed
from tests.bot.conftest import Harness
from tests.bot.personas import PUSKESMAS, SUPERVISOR_ID, seed_andi, seed_rina
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
FRIDAY_W48 = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)  # noon WIB
W47 = parse_period_key("2026-W47")
W48 = parse_period_key("2026-W48")
NAME = "Puskesmas Pauh"


async def _seed(harness: Harness) -> None:
    """Week 47: domain.md's five respondents at Poli Umum, Rina serving 100 patients a day."""
    database = harness.application.bot_data.services.database
    monday = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    for i, scores in enumerate(FIVE_RESPONDENTS):
        await seed.response(database, "PKM-PAUH-UMUM", monday + timedelta(hours=i), scores)
    registered = monday - timedelta(days=30)
    rina = await seed_rina(database, registered)
    for day in range(5):
        await seed.report(
            database, rina, "pasien_dilayani", date(2026, 11, 16) + timedelta(day), 100
        )
    await seed_andi(database, registered)


async def _supervisor(harness: Harness, texts: Texts) -> EmulatedUser:
    await _seed(harness)
    harness.clock.now = FRIDAY_W48
    return harness.user(SUPERVISOR_ID, "Andi", language_code=texts.language.value)


async def _summary(user: EmulatedUser) -> SentMessage:
    """The summary's text; the chart after it is passed over."""
    summary = await user.next_message()
    chart = await user.next_message()
    assert chart.photo is not None
    return summary


@pytest.mark.parametrize(
    ("texts", "last_week"), [(ID, "minggu lalu"), (EN, "last week")], ids=["id", "en"]
)
async def test_an_earlier_week_typed_and_browsed(
    bot: Harness, texts: Texts, last_week: str
) -> None:
    andi = await _supervisor(bot, texts)
    await andi.send(f"/rekap {last_week}")
    summary = await _summary(andi)
    assert (summary.text or "").startswith(texts.summary_title(NAME, W47, False))
    earlier = texts.previous_period_button(PeriodKind.WEEK)
    later = texts.next_period_button(PeriodKind.WEEK)
    assert {earlier, later} <= set(summary.button_texts)

    await andi.press(summary, later)  # to this week, which has begun: the last one there is
    current = await _summary(andi)
    assert (current.text or "").startswith(texts.summary_title(NAME, W48, False))
    assert earlier in current.button_texts
    assert later not in current.button_texts

    await andi.press(current, earlier)
    again = await _summary(andi)
    assert (again.text or "").startswith(texts.summary_title(NAME, W47, False))
    assert "IKM" in (again.text or "")

    # A forged "next" past this week is a stale button, not an empty summary.
    unit_id = await seed.unit_id(bot.application.bot_data.services.database, PUSKESMAS)
    await andi.press_data(current.message_id, cd.browse(unit_id, "2026-W49"))
    await andi.expect_silence(0.3)
    assert list(bot.emulator.callback_answers.values())[-1]["text"] == texts.stale_button()


@pytest.mark.parametrize("texts", [ID, EN], ids=["id", "en"])
async def test_periods_by_key_semester_and_month(bot: Harness, texts: Texts) -> None:
    andi = await _supervisor(bot, texts)
    await andi.send("/rekap 2026-W47")
    week = await _summary(andi)
    assert (week.text or "").startswith(texts.summary_title(NAME, W47, False))
    await andi.send("/rekap 2026-11")
    month = await _summary(andi)
    november = parse_period_key("2026-11")
    assert (month.text or "").startswith(texts.summary_title(NAME, november, False))
    assert texts.previous_period_button(PeriodKind.MONTH) in month.button_texts
    await andi.send("/rekap 2026-S2 PKM-PAUH")
    semester = await _summary(andi)
    s2 = parse_period_key("2026-S2")
    assert (semester.text or "").startswith(texts.summary_title(NAME, s2, False))
    # 500 patients served in the semester: Krejcie-Morgan asks for 217 respondents.
    assert texts.summary_satisfaction(Decimal("85.56"), Mutu.B, 5, 0, 217) in (semester.text or "")
    assert texts.previous_period_button(PeriodKind.SEMESTER) in semester.button_texts
    assert texts.next_period_button(PeriodKind.SEMESTER) not in semester.button_texts


@pytest.mark.parametrize(
    ("texts", "words", "refusal"),
    [
        (ID, "2026-W60", PeriodRefusal(PeriodProblem.UNKNOWN, "2026-W60")),
        (EN, "2026-W60", PeriodRefusal(PeriodProblem.UNKNOWN, "2026-W60")),
        (ID, "minggu kemarinnya", PeriodRefusal(PeriodProblem.UNKNOWN, "kemarinnya")),
        (EN, "next week", PeriodRefusal(PeriodProblem.UNKNOWN, "next")),
        (ID, "2026-W49", PeriodRefusal(PeriodProblem.NOT_STARTED, "2026-W49")),
        (EN, "2027-S1", PeriodRefusal(PeriodProblem.NOT_STARTED, "2027-S1")),
    ],
    ids=["id-week-60", "en-week-60", "id-unknown-word", "en-next", "id-future", "en-future"],
)
async def test_a_wrong_period_is_refused_as_a_period(
    bot: Harness, texts: Texts, words: str, refusal: PeriodRefusal
) -> None:
    andi = await _supervisor(bot, texts)
    for command in ("rekap", "ekspor"):
        await andi.send(f"/{command} {words}")
        answer = await andi.next_message()
        assert answer.text == texts.period_refusal(command, refusal)
        assert answer.text != texts.report_refusal(ReportRefusal.NOT_IN_SCOPE)
    await andi.expect_silence(0.2)


def test_the_refusal_names_what_was_wrong_and_shows_examples() -> None:
    assert ID.period_refusal("rekap", PeriodRefusal(PeriodProblem.UNKNOWN, "2026-W60")) == (
        "Periode tidak dikenali: 2026-W60. Contoh: /rekap 2026-W48, /rekap minggu lalu, "
        "/rekap 2026-S1, /rekap 2026-11 (kode unit boleh ditambahkan: /rekap minggu lalu "
        "PKM-PAUH)."
    )
    assert EN.period_refusal("ekspor", PeriodRefusal(PeriodProblem.UNKNOWN, "2026-W60")) == (
        "Period not recognised: 2026-W60. For example: /ekspor 2026-W48, /ekspor last week, "
        "/ekspor 2026-S1, /ekspor 2026-11 (a unit code may follow: /ekspor last week PKM-PAUH)."
    )


@pytest.mark.parametrize("texts", [ID, EN], ids=["id", "en"])
async def test_an_unknown_unit_is_still_refused_as_a_unit(bot: Harness, texts: Texts) -> None:
    andi = await _supervisor(bot, texts)
    await andi.send("/rekap minggu lalu PKM-XYZ")
    assert (await andi.next_message()).text == texts.report_refusal(ReportRefusal.NOT_IN_SCOPE)
    await andi.send("/rekap PKM-PAUH PAUH")
    two = PeriodRefusal(PeriodProblem.TWO_UNITS, "PKM-PAUH PAUH")
    assert (await andi.next_message()).text == texts.period_refusal("rekap", two)


@pytest.mark.parametrize(
    ("texts", "last_week"), [(ID, "minggu lalu"), (EN, "last week")], ids=["id", "en"]
)
async def test_ekspor_of_an_earlier_period(bot: Harness, texts: Texts, last_week: str) -> None:
    andi = await _supervisor(bot, texts)
    await andi.send(f"/ekspor {last_week}")
    document = await andi.next_message()
    assert document.document_name == "kinerja-PKM-PAUH-2026-W47.xlsx"
    assert document.caption == texts.export_caption("2026-W47")
    await andi.send("/ekspor 2026-S2")
    semester = await andi.next_message()
    assert semester.document_name == "kinerja-PKM-PAUH-2026-S2.xlsx"
    assert semester.document is not None
    book = load_workbook(io.BytesIO(semester.document), read_only=True)
    periods = {row[3] for row in book["IKU"].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert periods == {"2026-S2"}


@pytest.mark.parametrize("texts", [ID, EN], ids=["id", "en"])
async def test_every_ikm_comes_with_its_sample_check(bot: Harness, texts: Texts) -> None:
    """No IKU of the year asks for the IKM, and Poli KIA reports no patients: the year's
    summary still checks the sample of the puskesmas and of each unit, or says it cannot."""
    andi = await _supervisor(bot, texts)
    database = bot.application.bot_data.services.database
    await seed.response(database, "PKM-PAUH-KIA", datetime(2026, 11, 17, 2, tzinfo=UTC), (4,) * 9)
    await andi.send("/rekap tahun")
    summary = await _summary(andi)
    text = summary.text or ""
    assert texts.summary_satisfaction(Decimal("87.96"), Mutu.B, 6, 0, 217) in text
    umum = "Poli Umum (Puskesmas Pauh)"
    kia = "Poli KIA (Puskesmas Pauh)"
    assert texts.summary_child(umum, Decimal("85.56"), Mutu.B, 5, 217) in text
    assert texts.summary_child(kia, Decimal("100.00"), Mutu.A, 1, None) in text
    await andi.press(summary, texts.detail_button(kia))
    detail = await andi.next_message()
    assert texts.summary_satisfaction(Decimal("100.00"), Mutu.A, 1, 0, None) in (detail.text or "")
