"""Numbers shown agree with the verdict: a value below its target never reads as reaching it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.texts import CATALOGUES, Texts
from kinerja.types import Language
from tests import seed
from tests.bot.conftest import Harness
from tests.bot.personas import SUPERVISOR_ID, seed_andi

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]


@pytest.mark.parametrize(
    ("texts", "line", "old_line"),
    [
        (
            ID,
            "🟡 Perilaku pelaksana (NRR U7): 3,0643 / target 3,0644 · capaian 99,99 %",
            "✅ Perilaku pelaksana (NRR U7): 3,06 / target 3,0644 · capaian 100,00 %",
        ),
        (
            EN,
            "🟡 Staff courtesy (NRR of U7): 3.0643 / target 3.0644 · achievement 99.99 %",
            "✅ Staff courtesy (NRR of U7): 3.06 / target 3.0644 · achievement 100.00 %",
        ),
    ],
    ids=["id", "en"],
)
async def test_an_nrr_just_below_its_target_reads_below_it(
    bot: Harness, texts: Texts, line: str, old_line: str
) -> None:
    """140 respondents, 9 of them rating U7 with 4 and the rest 3: NRR 429/140 = 3.064285…,
    3.0643 at the regulation's four decimals, a capaian of 99.9967 %. It used to read as met."""
    database = bot.application.bot_data.services.database
    monday = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
    for i in range(140):
        scores = dict.fromkeys(("U1", "U2", "U3", "U4", "U5", "U6", "U8", "U9"), 3)
        scores["U7"] = 4 if i < 9 else 3
        await seed.response(database, "PKM-PAUH-UMUM", monday + timedelta(minutes=i), scores)
    await seed_andi(database, monday - timedelta(days=30))
    bot.clock.now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    andi = bot.user(SUPERVISOR_ID, "Andi", language_code=texts.language.value)
    await andi.send("/rekap minggu lalu")
    text = (await andi.next_message()).text or ""
    assert line in text
    assert old_line not in text
