"""What a chat's next typed text or photo may answer, in one statement: most such messages
answer nothing (a stray "halo", spam), and finding that out must stay cheap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, select

from db import models
from kinerja.survey import Status


@dataclass(frozen=True, slots=True)
class Awaiting:
    pending_kind: str | None
    """The kind of the chat's pending input (`PendingInputRepository`), if any."""
    report: bool
    """A /lapor draft with its indicator chosen: it takes typed text and photos."""
    survey: bool
    """A survey in progress."""


def awaiting_columns(
    telegram_user_id: int | BindParameter[Any], identity_hash: str | BindParameter[Any]
) -> list[Any]:
    """Three scalar subqueries, each on a primary key or an index, asked with an arrival's
    (`read_arrival`) when the update is a typed text or photo."""
    draft = models.ReportDraft
    response = models.SurveyResponse
    return [
        select(models.PendingInput.kind)
        .where(models.PendingInput.telegram_user_id == telegram_user_id)
        .scalar_subquery(),
        select(draft.telegram_user_id)
        .where(draft.telegram_user_id == telegram_user_id, draft.metric_id.is_not(None))
        .exists(),
        select(response.id)
        .where(response.respondent_hash == identity_hash, response.status == Status.IN_PROGRESS)
        .exists(),
    ]


def awaiting_of(values: Sequence[Any]) -> Awaiting:
    """The `awaiting_columns` of a row."""
    return Awaiting(values[0], bool(values[1]), bool(values[2]))
