"""Week 48 of 2026 in two puskesmas, for the dashboard's tests and screenshots: dr. Andi oversees
Puskesmas Pauh, dr. Sari Lambung Bukit; each puskesmas has answers, a complaint and ASN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from db.engine import Database
from kinerja.complaints import TicketStatus
from kinerja.types import Language, Role
from tests import seed
from tests.bot.personas import (
    ANDI_NIP,
    BUDI_NIP,
    OTHER_SUPERVISOR_ID,
    RINA_NIP,
    SUPERVISOR_ID,
)
from tests.examples import FIVE_RESPONDENTS

MONDAY = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 08:00 WIB, week 2026-W48
RINA_ID = 2001
BUDI_ID = 2002
ANDI = {"id": SUPERVISOR_ID, "first_name": "Andi", "language_code": "id"}
SARI = {"id": OTHER_SUPERVISOR_ID, "first_name": "Sari", "language_code": "en"}
RINA = {"id": RINA_ID, "first_name": "Rina", "language_code": "id"}


@dataclass(frozen=True, slots=True)
class Seeded:
    andi: int
    sari: int
    rina: int


async def _complaint(
    database: Database, unit_code: str, ticket: str, text: str, at: datetime, *, closed: bool
) -> None:
    unit_id = await seed.unit_id(database, unit_code)
    async with database.transaction() as tx:
        complaint = await tx.complaints.create(
            ticket=ticket,
            unit_id=unit_id,
            response_id=None,
            text=text,
            serious=not closed,
            reporter_hash="0" * 64,
            citizen_chat_id=1001,
            citizen_language=Language.ID,
            now=at,
            retain_until=at + timedelta(days=365),
        )
        if closed:
            await tx.complaints.update(
                complaint,
                status=TicketStatus.CLOSED,
                follow_up="Jadwal dokter ditempel di loket; antrean dibuka pukul 07.30.",
                closed_at=at + timedelta(hours=5),
            )


async def seed_two_puskesmas(database: Database) -> Seeded:
    for i, scores in enumerate(FIVE_RESPONDENTS):
        await seed.response(
            database, "PKM-PAUH-UMUM", MONDAY + timedelta(hours=i), scores, waiting=20 + i * 15
        )
    await seed.response(
        database, "PKM-PAUH-KIA", MONDAY + timedelta(days=1), (3, 3, 2, 4, 3, 3, 4, 2, 2)
    )
    await seed.response(
        database, "PKM-LBUKIT-UMUM", MONDAY + timedelta(hours=3), (2, 2, 2, 2, 2, 2, 2, 2, 2)
    )
    registered = MONDAY - timedelta(days=30)
    andi = await seed.asn(
        database,
        "dr. Andi Pratama",
        ANDI_NIP,
        "PKM-PAUH",
        SUPERVISOR_ID,
        registered,
        role=Role.SUPERVISOR,
    )
    sari = await seed.asn(
        database,
        "dr. Sari Wulandari",
        "198001012006042001",
        "PKM-LBUKIT",
        OTHER_SUPERVISOR_ID,
        registered,
        role=Role.SUPERVISOR,
    )
    rina = await seed.asn(database, "Rina Marlina", RINA_NIP, "PKM-PAUH-UMUM", RINA_ID, registered)
    await seed.asn(database, "Budi Santoso", BUDI_NIP, "PKM-PAUH-GIGI", BUDI_ID, registered)
    for day in range(3):
        await seed.report(
            database, rina, "pasien_dilayani", date(2026, 11, 23) + timedelta(day), 80
        )
    await _complaint(
        database,
        "PKM-PAUH-UMUM",
        "PKM-PAUH-2026-000001",
        "Antrean pagi lama, jadwal dokter tidak jelas.",
        MONDAY + timedelta(hours=2),
        closed=True,
    )
    await _complaint(
        database,
        "PKM-PAUH-KIA",
        "PKM-PAUH-2026-000002",
        "Ruang tunggu KIA panas <b>sekali</b>.",
        MONDAY + timedelta(days=1),
        closed=False,
    )
    await _complaint(
        database,
        "PKM-LBUKIT-UMUM",
        "PKM-LBUKIT-2026-000001",
        "Keluhan rahasia Lambung Bukit.",
        MONDAY + timedelta(hours=4),
        closed=False,
    )
    return Seeded(andi, sari, rina)
