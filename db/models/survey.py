"""The citizen's side: survey responses and answers, visit tokens, complaints and tickets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import HASH, Base, enum_column
from kinerja.types import Channel, Language, SurveyTemplate


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_unit_completed", "unit_id", "completed_at"),
        # A period's aggregates read one time range across every unit: without this the
        # weekly computation grew with the whole history.
        Index("ix_survey_responses_completed", "completed_at"),
        Index("ix_survey_responses_respondent", "respondent_hash", "unit_id"),
        # At most one survey in progress per citizen, even with two processes racing.
        Index(
            "uq_survey_responses_one_in_progress",
            "respondent_hash",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    respondent_hash: Mapped[str | None] = mapped_column(HASH)
    """Null once the citizen asked for deletion or retention expired; answers stay."""
    template: Mapped[SurveyTemplate] = mapped_column(enum_column(SurveyTemplate))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    """True when the visit came through a single-use token printed on a queue ticket."""
    status: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16), default="")
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    waiting_minutes: Mapped[int | None] = mapped_column(Integer)
    important_element: Mapped[str | None] = mapped_column(String(4))
    overall_score: Mapped[int | None] = mapped_column(SmallInteger)
    flags: Mapped[str] = mapped_column(String(200), default="")
    retain_until: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]
    skipped: Mapped[str] = mapped_column(String(60), default="")
    """Comma-separated steps the citizen chose to skip."""
    complaint_done: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_done: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_token_digest: Mapped[str | None] = mapped_column(String(24))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.TELEGRAM, server_default=Channel.TELEGRAM.value
    )
    """Where the citizen answered (the chat or the web page); the IKM counts both alike."""
    message_id: Mapped[int | None] = mapped_column(Integer)
    """The survey message edited in place as the survey moves on."""
    sex: Mapped[str | None] = mapped_column(String(16))
    age: Mapped[str | None] = mapped_column(String(16))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(16))


class SurveyCooldown(Base):
    """ "This account rated this unit recently": one keyed marker per account and unit, kept
    when /hapus unlinks the responses (else deleting one's data reopened the survey).

    Deliberately nothing else: no unit, no response id, no hash shared with `survey_responses`,
    and an end time on a coarse grid (the day's end), so a marker cannot be tied to a response.
    Retention deletes it once the cooldown is over.
    """

    __tablename__ = "survey_cooldowns"

    marker: Mapped[str] = mapped_column(HASH, primary_key=True)
    until: Mapped[datetime] = mapped_column(index=True)


class SurveyAnswer(Base):
    """One row per element answered, keyed by element code (never by position)."""

    __tablename__ = "survey_answers"
    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 4", name="score_range"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    element_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)


class VisitTokenUse(Base):
    """The single-use ledger of visit tokens: a token's digest, once claimed, is spent."""

    __tablename__ = "visit_token_uses"

    digest: Mapped[str] = mapped_column(String(24), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    used_at: Mapped[datetime]


class Complaint(Base):
    """A complaint or suggestion with its ticket; the text is shown to staff, never who wrote it."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_unit_created", "unit_id", "created_at"),
        # One survey response, at most one complaint: going back in the survey edits it.
        Index("uq_complaints_response_id", "response_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(48), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    text: Mapped[str | None] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(200))
    """Telegram's file id of the photo, or `kinerja.complaints.web_photo_ref` for one uploaded
    on the web, whose bytes are `photo_content`."""
    photo_content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    """A web photo (re-encoded, without its metadata): personal data, erased with the text."""
    status: Mapped[str] = mapped_column(String(16))
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    taken_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[datetime | None]
    follow_up: Mapped[str | None] = mapped_column(Text)
    reporter_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    citizen_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    """Kept with the citizen's consent to send the follow-up; removed by /hapus or retention."""
    citizen_language: Mapped[Language] = mapped_column(
        enum_column(Language, 8), default=Language.ID
    )
    handling_rating: Mapped[int | None] = mapped_column(SmallInteger)
    """The citizen's rating of the latest answer (cleared when an answer follows a reopening)."""
    reopen_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How often a "Tidak puas" reopened it (kinerja.complaints.MAX_REOPENS)."""
    retain_until: Mapped[datetime | None]


class TicketCounter(Base):
    """Ticket sequences per prefix and year, advanced by one atomic upsert."""

    __tablename__ = "ticket_counters"

    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
