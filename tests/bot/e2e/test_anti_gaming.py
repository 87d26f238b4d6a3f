"""Gaming the IKM (issue 12, item 7): /hapus must not reopen the survey, staff must not rate
their own unit into a better grade, and straight-lining is flagged at any speed."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import inspect, select

from bot.emulator import EmulatedUser
from bot.texts import CATALOGUES
from bot.usecases.indicators import compute_period
from bot.usecases.retention import apply_retention
from bot.usecases.workbooks import skm_report_workbook
from db import models
from kinerja.audit import OPERATOR
from kinerja.identity import identity_hash
from kinerja.periods import current_period
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Flag, Refusal, Status
from kinerja.types import Language, PeriodKind, Role
from tests.bot.conftest import SECRET, Harness
from tests.bot.personas import (
    ASN_ID,
    POLI_UMUM,
    POLI_UMUM_NAME,
    PUSKESMAS,
    add_staff,
    rate_unit,
    supervisor,
)

ID = CATALOGUES[Language.ID]
ALL_TWOS = dict.fromkeys(ELEMENT_CODES, 2)
ALL_FOURS = dict.fromkeys(ELEMENT_CODES, 4)


async def _delete_my_data(user: EmulatedUser) -> None:
    await user.send("/hapus")
    await user.press(await user.next_message(), ID.delete_yes())
    assert (await user.next_message()).text is not None


async def _try_again(user: EmulatedUser) -> str | None:
    await user.start(f"u_{POLI_UMUM}")
    return (await user.next_message()).text


async def _ikm(harness: Harness) -> dict[str, Decimal | None]:
    services = harness.application.bot_data.services
    week = current_period(PeriodKind.WEEK, harness.clock(), services.settings.zone)
    figures = await compute_period(services, week)
    return {
        "unit": figures.outcomes[("IKM-UNIT", POLI_UMUM)].realisation,
        "puskesmas": figures.outcomes[("IKM", PUSKESMAS)].realisation,
    }


async def test_an_asn_rating_her_own_unit_again_and_again_leaves_the_ikm_unchanged(
    bot: Harness,
) -> None:
    """The issue's attack: Rina (ASN of Puskesmas Pauh) rates Poli Umum all 4s, deletes her
    data, and rates again three times the same day. Before the fix each /hapus reopened the
    survey and her answers moved the unit's IKM from 50.00 upwards."""
    andi = await supervisor(bot)
    for citizen_id in (1801, 1802):
        await rate_unit(bot.user(citizen_id, "Warga"), ALL_TWOS, ID)
    assert await _ikm(bot) == {"unit": Decimal("50.00"), "puskesmas": Decimal("50.00")}

    await add_staff(bot, ASN_ID, Role.ASN, PUSKESMAS, "Rina Marlina")
    rina = bot.user(ASN_ID, "Rina")
    await rate_unit(rina, ALL_FOURS, ID)
    for _ in range(3):
        await _delete_my_data(rina)
        assert await _try_again(rina) == ID.survey_refusal(Refusal.ALREADY_ANSWERED, POLI_UMUM_NAME)
    await bot.settle()
    # Another day the cooldown is over, but her answers still do not count.
    bot.clock.advance(timedelta(days=1))
    await rate_unit(rina, ALL_FOURS, ID)
    await bot.settle()

    assert await _ikm(bot) == {"unit": Decimal("50.00"), "puskesmas": Decimal("50.00")}
    async with bot.application.bot_data.services.database.snapshot() as tx:
        responses = list(await tx.session.scalars(select(models.SurveyResponse)))
    completed = [r for r in responses if r.status == Status.COMPLETED]
    assert len(completed) == 4  # kept, flagged, shown; only not counted
    assert sum(Flag.STAFF_IDENTITY in r.flags.split(",") for r in completed) == 2

    await andi.send(f"/rekap minggu {POLI_UMUM}")
    summary = (await andi.next_message()).text or ""
    assert "<b>IKM 50,00</b>" in summary
    assert "· 2 responden" in summary
    assert ID.summary_flagged(4, 2) in summary

    services = bot.application.bot_data.services
    week = current_period(PeriodKind.WEEK, bot.clock(), services.settings.zone)
    book = load_workbook(
        io.BytesIO(await skm_report_workbook(services, POLI_UMUM, week, actor=OPERATOR))
    )
    facts = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert facts["IKM"] == 50.0
    assert facts["Jumlah responden"] == 2


async def test_a_citizen_who_deletes_her_data_is_still_refused_the_same_day(
    bot: Harness,
) -> None:
    siti = bot.user(1803, "Siti")
    await rate_unit(siti, {**ALL_FOURS, "U3": 3}, ID)
    await _delete_my_data(siti)
    assert await _try_again(siti) == ID.survey_refusal(Refusal.ALREADY_ANSWERED, POLI_UMUM_NAME)
    await bot.settle()

    bot.clock.advance(timedelta(days=1))
    assert await _try_again(siti) == ID.consent_notice(POLI_UMUM_NAME, 365, False, 12)


async def test_the_cooldown_marker_reveals_no_account_and_no_response(bot: Harness) -> None:
    """What /hapus leaves behind: a keyed code and when it ends, nothing else; retention
    removes it once the cooldown is over."""
    siti = bot.user(1804, "Siti")
    await rate_unit(siti, {**ALL_FOURS, "U3": 3}, ID)
    await _delete_my_data(siti)
    await bot.settle()
    services = bot.application.bot_data.services
    async with services.database.snapshot() as tx:
        markers = list(await tx.session.scalars(select(models.SurveyCooldown)))
        response = await tx.session.scalar(select(models.SurveyResponse))
    assert {c.key for c in inspect(models.SurveyCooldown).columns} == {"marker", "until"}
    [marker] = markers
    assert "1804" not in marker.marker
    assert marker.marker != identity_hash(SECRET.encode(), 1804)
    assert response is not None
    assert response.respondent_hash is None
    assert marker.until != response.completed_at  # the day's end, not the moment

    assert (await apply_retention(services))["cooldowns_purged"] == 0
    bot.clock.advance(timedelta(days=1))
    assert (await apply_retention(services))["cooldowns_purged"] == 1
