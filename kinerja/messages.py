"""The messages a use case leaves in the outbox for the bot to send after the commit.

Each is a frozen dataclass. The outbox stores it by its name (`KIND`, the `kind` column) with
its fields as JSON, and rebuilds it when the message is claimed for sending, so a renderer gets
typed fields instead of a dict. The JSON keys and values are the ones stored before these
classes existed ("from" for the sender of feedback, dates as ISO text, lists for tuples), so
rows already queued stay readable.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import Any, ClassVar

from kinerja.complaints import TicketStatus
from kinerja.types import Language


@dataclass(frozen=True, slots=True)
class ComplaintAlert:
    """A new complaint, to each supervisor of its unit, with buttons to take and close it."""

    KIND: ClassVar[str] = "complaint"
    complaint_id: int
    ticket: str
    unit_name: str
    text: str | None
    """None once /hapus blanked an alert still waiting in the outbox."""
    serious: bool
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class ComplaintEdited:
    """The citizen went back in the survey and wrote their complaint again (or, withdrawn
    before, filed it again): a new message, since an edited one would reach nobody's eyes."""

    KIND: ClassVar[str] = "complaint_edited"
    complaint_id: int
    ticket: str
    unit_name: str
    text: str | None
    """None once /hapus blanked an alert still waiting in the outbox."""
    serious: bool
    status: TicketStatus
    """Its status when edited: the buttons offer the moves left from it."""
    resubmitted: bool
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class ComplaintWithdrawn:
    """The citizen went back and chose "Tidak ada": nothing left to handle."""

    KIND: ClassVar[str] = "complaint_withdrawn"
    ticket: str
    unit_name: str
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class ComplaintReopened:
    """The citizen rated the answer "Tidak puas": the complaint is open again."""

    KIND: ClassVar[str] = "complaint_reopened"
    complaint_id: int
    ticket: str
    unit_name: str
    text: str | None
    follow_up: str | None
    """The answer the citizen was not satisfied with."""
    rating: int
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class ComplaintPhoto:
    """The photo a citizen added to their complaint, forwarded with the ticket as caption."""

    KIND: ClassVar[str] = "complaint_photo"
    ticket: str
    file_id: str
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class LowScoreAlert:
    """Elements of a unit rated low; sent at most once per unit per cooldown."""

    KIND: ClassVar[str] = "low_score"
    unit_name: str
    elements: tuple[str, ...]
    """Element codes (U1…U9); the renderer names them in the reader's language."""
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The supervisor's answer to a complaint, in the citizen's chat, asking them to rate it."""

    KIND: ClassVar[str] = "complaint_follow_up"
    complaint_id: int
    ticket: str
    follow_up: str
    language: Language = Language.ID
    reopen_count: int = 0
    """How often the complaint had been reopened when this answer was sent: its rating
    buttons rate this answer only."""


@dataclass(frozen=True, slots=True)
class ReportFeedback:
    """A supervisor's umpan balik on one daily report, to the ASN who made it."""

    KIND: ClassVar[str] = "report_feedback"
    metric: str
    metric_name: str
    metric_name_en: str
    day: date
    sender: str = field(metadata={"key": "from"})
    """The supervisor's full name."""
    feedback: str
    language: Language = Language.ID


@dataclass(frozen=True, slots=True)
class Reminder:
    """The working-day reminder to an ASN who has not reported yet."""

    KIND: ClassVar[str] = "reminder"
    name: str
    language: Language = Language.ID


Message = (
    ComplaintAlert
    | ComplaintEdited
    | ComplaintWithdrawn
    | ComplaintReopened
    | ComplaintPhoto
    | LowScoreAlert
    | FollowUp
    | ReportFeedback
    | Reminder
)
SupervisorAlert = (
    ComplaintAlert
    | ComplaintEdited
    | ComplaintWithdrawn
    | ComplaintReopened
    | ComplaintPhoto
    | LowScoreAlert
)
"""What goes to every supervisor of a unit, each in their own language."""

MESSAGE_TYPES: Mapping[str, type[Message]] = {
    cls.KIND: cls
    for cls in (
        ComplaintAlert,
        ComplaintEdited,
        ComplaintWithdrawn,
        ComplaintReopened,
        ComplaintPhoto,
        LowScoreAlert,
        FollowUp,
        ReportFeedback,
        Reminder,
    )
}
"""The one registry from a stored name to its class."""


_HINTS = {cls: typing.get_type_hints(cls) for cls in MESSAGE_TYPES.values()}
"""Each class's field types, resolved once: every claimed outbox row is rebuilt through them."""


class UnreadableMessage(ValueError):
    """A stored message no class answers to (an unknown name) or whose fields do not fit its
    class (one missing, or of the wrong type). It carries the name and what is wrong."""

    def __init__(self, kind: str, problem: str) -> None:
        super().__init__(f"outbox message {kind!r}: {problem}")
        self.kind = kind
        self.problem = problem


def _key(f: Any) -> str:
    return str(f.metadata.get("key", f.name))


def _encode(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def stored_fields(message: Message) -> dict[str, Any]:
    """The JSON the outbox keeps for this message (its name goes to the `kind` column)."""
    return {_key(f): _encode(getattr(message, f.name)) for f in fields(message)}


def _decode(hint: Any, value: object) -> object:
    """`value` as the field type `hint` wants it, or TypeError. The error names types only,
    never the value: it is logged and shown to the operator, and a value may be a citizen's
    words."""
    origin = typing.get_origin(hint)
    if origin is types.UnionType:  # only `X | None` is used
        if value is None and type(None) in typing.get_args(hint):
            return None
        [inner] = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(inner, value)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        [item, _] = typing.get_args(hint)  # tuple[X, ...]
        return tuple(_decode(item, v) for v in value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise TypeError(f"not a {hint.__name__}") from None
    if hint is date:
        try:
            return date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise TypeError("expected an ISO date") from None
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise TypeError(f"expected {hint.__name__}, got {type(value).__name__}")
    return value


def message_from_stored(kind: str, stored: Mapping[str, Any]) -> Message:
    """The message a stored row holds. A key the class does not know is ignored; a field the
    row lacks takes its default (rows queued before a language was recorded read as
    Indonesian). Raises UnreadableMessage for an unknown name or a field that does not fit."""
    cls = MESSAGE_TYPES.get(kind)
    if cls is None:
        raise UnreadableMessage(kind, "no message has this name")
    hints = _HINTS[cls]
    values: dict[str, object] = {}
    for f in fields(cls):
        key = _key(f)
        if key not in stored:
            if f.default is MISSING:
                raise UnreadableMessage(kind, f"field {key!r} is missing")
            continue
        try:
            values[f.name] = _decode(hints[f.name], stored[key])
        except TypeError as problem:
            raise UnreadableMessage(kind, f"field {key!r}: {problem}") from problem
    return cls(**values)  # type: ignore[arg-type]
