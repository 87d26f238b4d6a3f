"""One transaction and the repositories that work inside it, so a use case names what it needs
(`tx.staff`, `tx.audit`) instead of building each repository from a session."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.arrivals import Arrival, read_arrival
from db.repositories.audit import AuditRepository
from db.repositories.catalog import CatalogRepository
from db.repositories.complaints import ComplaintRepository
from db.repositories.deliveries import DeliveryRepository
from db.repositories.exports import ExportRepository
from db.repositories.ledger import UpdateLedger
from db.repositories.messaging import (
    AlertCooldownRepository,
    OutboxRepository,
    PendingInputRepository,
    VisitTokenLedger,
)
from db.repositories.people import PeopleRepository
from db.repositories.preferences import PreferenceRepository
from db.repositories.reports import ReportRepository
from db.repositories.results import ResultRepository
from db.repositories.retention import RetentionRepository
from db.repositories.staff import StaffRepository
from db.repositories.survey import SurveyCooldownRepository, SurveyRepository
from db.repositories.units import UnitRepository


class Transaction:
    """Repositories are built on first use and share the one session; none of them commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def arrival(
        self,
        update_id: int,
        since: datetime,
        telegram_user_id: int,
        identity_hash: str,
        *,
        typed: bool = False,
    ) -> Arrival:
        return await read_arrival(
            self.session, update_id, since, telegram_user_id, identity_hash, typed=typed
        )

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session)

    @cached_property
    def catalog(self) -> CatalogRepository:
        return CatalogRepository(self.session)

    @cached_property
    def complaints(self) -> ComplaintRepository:
        return ComplaintRepository(self.session)

    @cached_property
    def deliveries(self) -> DeliveryRepository:
        return DeliveryRepository(self.session)

    @cached_property
    def exports(self) -> ExportRepository:
        return ExportRepository(self.session)

    @cached_property
    def ledger(self) -> UpdateLedger:
        return UpdateLedger(self.session)

    @cached_property
    def cooldowns(self) -> AlertCooldownRepository:
        return AlertCooldownRepository(self.session)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session)

    @cached_property
    def pending(self) -> PendingInputRepository:
        return PendingInputRepository(self.session)

    @cached_property
    def visit_tokens(self) -> VisitTokenLedger:
        return VisitTokenLedger(self.session)

    @cached_property
    def people(self) -> PeopleRepository:
        return PeopleRepository(self.session)

    @cached_property
    def preferences(self) -> PreferenceRepository:
        return PreferenceRepository(self.session)

    @cached_property
    def reports(self) -> ReportRepository:
        return ReportRepository(self.session)

    @cached_property
    def results(self) -> ResultRepository:
        return ResultRepository(self.session)

    @cached_property
    def retention(self) -> RetentionRepository:
        return RetentionRepository(self.session)

    @cached_property
    def staff(self) -> StaffRepository:
        return StaffRepository(self.session)

    @cached_property
    def survey(self) -> SurveyRepository:
        return SurveyRepository(self.session)

    @cached_property
    def survey_cooldowns(self) -> SurveyCooldownRepository:
        return SurveyCooldownRepository(self.session)

    @cached_property
    def units(self) -> UnitRepository:
        return UnitRepository(self.session)
