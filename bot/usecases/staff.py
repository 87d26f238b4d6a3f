"""Staff registration by invitation only; the CLI invites, the chat confirms."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import Services, Viewer
from bot.usecases.pending import INVITE_INPUT
from db.repositories.staff import InvitationRecord, StaffRow
from db.transaction import Transaction
from kinerja.audit import CHAT, OPERATOR, AuditAction, person_actor
from kinerja.staff import InviteRefusal, NipProblem, clean_name, nip_problem
from kinerja.tokens import INVITE_PREFIX
from kinerja.types import Person, Role

log = logging.getLogger("kinerja.staff")

MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(hours=1)


class InviteError(ValueError):
    """A CLI input error; `field` names what to fix."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class InvitePrompt:
    invitation_id: int
    person: Person
    unit_name: str


@dataclass(frozen=True, slots=True)
class Registered:
    person: Person


def _code_hash(services: Services, code: str) -> str:
    return hmac.new(services.secret, b"invite:" + code.encode(), hashlib.sha256).hexdigest()


async def create_invitation(
    services: Services, *, role: Role, unit_code: str, nip: str, name: str, days: int | None
) -> tuple[str, Person]:
    """Returns the deep-link payload; only its keyed hash is stored."""
    problem: NipProblem | None = nip_problem(nip)
    if problem is not None:
        raise InviteError("--nip", problem.value)
    full_name = clean_name(name)
    if full_name is None:
        raise InviteError("--name", "2-120 characters")
    if role is Role.CITIZEN:
        raise InviteError("--role", "asn, supervisor or admin")
    now = services.clock()
    code = secrets.token_urlsafe(16)
    async with services.database.transaction() as tx:
        unit = await tx.units.by_code(unit_code)
        if unit is None:
            raise InviteError("--unit", f"unknown unit {unit_code}")
        person_id = await tx.staff.upsert_person(
            nip=nip, full_name=full_name, role=role, unit_id=unit.id, now=now
        )
        expires = now + timedelta(days=days or services.settings.invitation_days)
        await tx.staff.add_invitation(_code_hash(services, code), person_id, now, expires)
        await tx.audit.record(
            now,
            OPERATOR,
            AuditAction.INVITATION_CREATED,
            nip,
            {"role": role.value, "unit": unit_code},
        )
    return INVITE_PREFIX + code, Person(person_id, full_name, role, unit_code, nip)


async def _refuse(services: Services, viewer: Viewer, reason: InviteRefusal) -> InviteRefusal:
    """Failed attempts are logged (without the account id) and count toward the limit."""
    async with services.database.transaction() as tx:
        await tx.audit.record(
            services.clock(),
            CHAT,
            AuditAction.INVITE_FAILED,
            viewer.identity_hash,
            {"reason": reason.value},
        )
    log.warning("invitation refused: %s", reason.value)
    return reason


async def _unusable(
    tx: Transaction, viewer: Viewer, invitation: InvitationRecord, now: datetime
) -> InviteRefusal | None:
    """Why this account cannot take the invitation now (checked on opening and again on
    confirming, since time passes in between), or None."""
    if invitation.used_at is not None:
        return InviteRefusal.USED
    if invitation.expires_at <= now:
        return InviteRefusal.EXPIRED
    holder = await tx.staff.holder_of(viewer.telegram_user_id)
    if holder is not None and holder.active and holder.id != invitation.person.id:
        return InviteRefusal.ACCOUNT_TAKEN
    return None


async def open_invitation(
    services: Services, viewer: Viewer, payload: str
) -> InvitePrompt | InviteRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        failures = await tx.audit.count_since(
            AuditAction.INVITE_FAILED, viewer.identity_hash, now - ATTEMPT_WINDOW
        )
        if failures >= MAX_FAILED_ATTEMPTS:
            return InviteRefusal.RATE_LIMITED
        code = payload.removeprefix(INVITE_PREFIX)
        invitation = await tx.staff.invitation_by_hash(_code_hash(services, code))
        reason = (
            InviteRefusal.UNKNOWN
            if invitation is None
            else await _unusable(tx, viewer, invitation, now)
        )
        if reason is None and invitation is not None:
            await tx.pending.expect(viewer.telegram_user_id, INVITE_INPUT, invitation.id, now)
            unit = await tx.units.by_code(invitation.person.unit_code)
            unit_name = unit.unit.name if unit else invitation.person.unit_code
            return InvitePrompt(invitation.id, invitation.person, unit_name)
    return await _refuse(services, viewer, reason or InviteRefusal.UNKNOWN)


async def answer_invitation(
    services: Services, viewer: Viewer, invitation_id: int, confirmed: bool
) -> Registered | InviteRefusal:
    """Only the account that opened the link can confirm it (the pending input proves it)."""
    now = services.clock()
    async with services.database.transaction() as tx:
        pending = await tx.pending.get(viewer.telegram_user_id)
        if pending is None or pending.kind != INVITE_INPUT or pending.ref_id != invitation_id:
            return InviteRefusal.UNKNOWN
        await tx.pending.clear(viewer.telegram_user_id)
        invitation = await tx.staff.invitation_by_id(invitation_id)
        if invitation is None:
            return InviteRefusal.UNKNOWN
        if not confirmed:
            await tx.audit.record(
                now, CHAT, AuditAction.INVITATION_DECLINED, invitation.person.nip or ""
            )
            return InviteRefusal.DECLINED
        reason = await _unusable(tx, viewer, invitation, now)
        if reason is not None:
            return reason
        registered = await tx.staff.link_telegram(
            invitation.person.id, viewer.telegram_user_id, now
        )
        await tx.staff.mark_invitation_used(invitation.id, now)
        # For the bot's own messages until their next update (a reminder this afternoon).
        await tx.preferences.see_language(viewer.identity_hash, viewer.language, now)
        await tx.audit.record(
            now,
            person_actor(invitation.person.id),
            AuditAction.REGISTERED,
            invitation.person.nip or "",
            {"role": invitation.person.role.value, "unit": invitation.person.unit_code},
        )
        return Registered(registered)


async def list_staff(services: Services, unit_ids: list[int] | None) -> list[StaffRow]:
    async with services.database.snapshot() as tx:
        return await tx.staff.staff(unit_ids)


async def deactivate_staff(services: Services, nip: str) -> Person | None:
    """Access ends at once: the next update of this account is a citizen's."""
    now = services.clock()
    async with services.database.transaction() as tx:
        person = await tx.staff.deactivate(nip, now)
        if person is not None:
            await tx.audit.record(now, OPERATOR, AuditAction.STAFF_DEACTIVATED, nip)
        return person
