"""Applying the retention periods of UU 27/2022 (`kinerja retention apply`, and daily)."""

from __future__ import annotations

from datetime import timedelta

from bot.services import Services
from db import models
from kinerja.audit import SYSTEM, AuditAction

WORKING_DATA_DAYS = 30
"""Sent outbox messages, used token digests and abandoned drafts: kept a month."""
LEDGER_DAYS = 7


async def apply_retention(services: Services) -> dict[str, int]:
    now = services.clock()
    retention = timedelta(days=services.settings.retention_days)
    month = now - timedelta(days=WORKING_DATA_DAYS)
    async with services.database.transaction() as tx:
        repository = tx.retention
        done = {
            "responses_anonymised": await repository.anonymise_responses(now),
            "complaints_redacted": await repository.redact_complaints(now),
            "evidence_removed": await repository.drop_evidence(now - retention),
            "outbox_purged": await repository.purge_outbox(month),
            "tokens_purged": await repository.purge(models.VisitTokenUse, "used_at", month),
            "drafts_purged": await repository.purge(models.ReportDraft, "updated_at", month),
            "pending_purged": await repository.purge(models.PendingInput, "created_at", month),
            "cooldowns_purged": await repository.purge(models.SurveyCooldown, "until", now),
            "ledger_purged": await repository.purge(
                models.ProcessedUpdate, "started_at", now - timedelta(days=LEDGER_DAYS)
            ),
        }
        await tx.audit.record(now, SYSTEM, AuditAction.RETENTION_APPLIED, "", done)
    return done
