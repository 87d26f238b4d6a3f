"""Tables, grouped by topic. Alembic migrations are the only way this schema reaches a database.

Everything is re-exported here, so `from db import models; models.Person` reads the same
wherever it is used, and importing the package registers every table on `Base.metadata` (which
alembic's env.py and the tests' `create_all` rely on).
"""

from db.models.base import HASH, NAMING_CONVENTION, Base, enum_column, table_of
from db.models.catalogue import Indicator, IndicatorResult, Metric, OrgUnit, UnitMetric
from db.models.messaging import (
    AlertCooldown,
    AuditEntry,
    ChatPreference,
    OutboxMessage,
    PendingInput,
    ProcessedUpdate,
    SummaryDelivery,
)
from db.models.staff import AsnReport, Invitation, LeaveDay, Person, ReminderDelivery, ReportDraft
from db.models.survey import (
    Complaint,
    SurveyAnswer,
    SurveyCooldown,
    SurveyResponse,
    TicketCounter,
    VisitTokenUse,
)

__all__ = [
    "HASH",
    "NAMING_CONVENTION",
    "AlertCooldown",
    "AsnReport",
    "AuditEntry",
    "Base",
    "ChatPreference",
    "Complaint",
    "Indicator",
    "IndicatorResult",
    "Invitation",
    "LeaveDay",
    "Metric",
    "OrgUnit",
    "OutboxMessage",
    "PendingInput",
    "Person",
    "ProcessedUpdate",
    "ReminderDelivery",
    "ReportDraft",
    "SummaryDelivery",
    "SurveyAnswer",
    "SurveyCooldown",
    "SurveyResponse",
    "TicketCounter",
    "UnitMetric",
    "VisitTokenUse",
    "enum_column",
    "table_of",
]
