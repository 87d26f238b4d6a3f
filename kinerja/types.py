"""Value types shared by the domain modules."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class Language(enum.StrEnum):
    """Indonesian is the default for every message; English is the second language."""

    ID = "id"
    EN = "en"


class Channel(enum.StrEnum):
    """Where a citizen answered: the same survey, rules and IKM either way; exports say which."""

    TELEGRAM = "telegram"
    WEB = "web"


class Role(enum.StrEnum):
    CITIZEN = "citizen"
    ASN = "asn"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class UnitKind(enum.StrEnum):
    KECAMATAN = "kecamatan"
    PUSKESMAS = "puskesmas"
    SERVICE_UNIT = "service_unit"


class Polarity(enum.StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class PeriodKind(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEMESTER = "semester"
    """January–June (S1) or July–December (S2): how most units publish their SKM."""
    YEAR = "year"


class IndicatorSource(enum.StrEnum):
    """Where an IKU's realisation comes from (see domain.md §1, §4)."""

    IKM = "ikm"
    SKM_ELEMENT = "skm_element"
    PATIENT_SATISFACTION_INM = "inm_satisfaction"
    WAITING_TIME_MEAN = "waiting_mean"
    WAITING_TIME_WITHIN = "waiting_within"
    ASN_METRIC = "asn_metric"
    ASN_RATIO = "asn_ratio"


class Aggregation(enum.StrEnum):
    """How ASN-reported values of a period become one realisation."""

    SUM = "sum"
    MEAN_PER_WORKING_DAY = "mean_per_working_day"
    MEAN_PER_ASN = "mean_per_asn"


class MetricType(enum.StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    RATIO = "ratio"
    """An observed count: numerator out of denominator (e.g. hand hygiene compliance)."""


class SurveyTemplate(enum.StrEnum):
    SKM = "skm"
    """The nine elements of PermenPAN-RB 14/2017; enters the IKM."""
    SHORT = "short"
    """Overall satisfaction and waiting time only; never enters the IKM."""


@dataclass(frozen=True, slots=True)
class Target:
    """One value, or a range whose inside counts as fully achieved (domain.md §2)."""

    low: Decimal
    high: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.high is not None


@dataclass(frozen=True, slots=True)
class SurveyOptions:
    template: SurveyTemplate = SurveyTemplate.SKM
    skippable_elements: frozenset[str] = frozenset()
    ask_importance: bool = False
    ask_profile: bool = False


@dataclass(frozen=True, slots=True)
class OrgUnit:
    code: str
    name: str
    kind: UnitKind
    parent_code: str | None = None
    survey: SurveyOptions = field(default_factory=SurveyOptions)
    metric_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Metric:
    """Something an ASN reports daily (`/lapor`)."""

    code: str
    name: str
    name_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    type: MetricType
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(500)


@dataclass(frozen=True, slots=True)
class Indicator:
    """An IKU: what is measured, where, against which target, over which period."""

    code: str
    name: str
    name_en: str
    source: IndicatorSource
    polarity: Polarity
    target: Target
    period: PeriodKind
    unit_code: str | None = None
    unit_kind: UnitKind | None = None
    aggregation: Aggregation | None = None
    metric_code: str | None = None
    element_code: str | None = None
    threshold_minutes: int | None = None
    cap_percent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A member of staff, known by invitation; citizens are never persons."""

    id: int
    full_name: str
    role: Role
    unit_code: str
    nip: str | None = None
    telegram_user_id: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit as stored: its database id travels in callback data and tokens, never its name."""

    id: int
    unit: OrgUnit


@dataclass(frozen=True, slots=True)
class Report:
    """One ASN's output of one metric on one day."""

    id: int
    person_id: int
    person_name: str
    nip: str | None
    unit_code: str
    unit_name: str
    metric: Metric
    day: date
    value: Decimal
    denominator: Decimal | None
    note: str | None
    has_evidence: bool
    verified: bool
    feedback: str | None
