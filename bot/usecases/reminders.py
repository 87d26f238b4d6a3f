"""The daily reminder to ASN who have not reported yet."""

from __future__ import annotations

from bot.services import Services
from bot.usecases.identity import recipient_languages
from bot.usecases.reports import calendar_of
from kinerja.messages import Reminder
from kinerja.reporting import not_reported
from kinerja.types import Role


async def queue_reminders(services: Services) -> tuple[int, ...]:
    """Once per working day at the reminder time: ASN who have not reported, not on leave.

    Each (person, day) is claimed in the database, so a restart or a second instance never
    reminds twice; a bot that was down at the reminder time catches up when it starts.
    """
    now = services.clock()
    local = now.astimezone(services.settings.zone)
    today = local.date()
    if local.time() < services.settings.reminder_time:
        return ()
    calendar = calendar_of(services, today)
    if not calendar.is_working_day(today):
        return ()
    ids: list[int] = []
    async with services.database.transaction() as tx:
        asn = [
            row.person
            for row in await tx.staff.staff(roles=[Role.ASN], active_only=True)
            if row.person.telegram_user_id is not None
        ]
        person_ids = [p.id for p in asn]
        reported = await tx.reports.reported_days(person_ids, today, today)
        leave = await tx.staff.leave_days(person_ids, today, today)
        forgot = not_reported(asn, reported, leave, today)
        languages = await recipient_languages(
            services, tx, [p.telegram_user_id for p in forgot if p.telegram_user_id is not None]
        )
        for person in forgot:
            if not await tx.staff.claim_reminder(person.id, today, now):
                continue
            assert person.telegram_user_id is not None  # noqa: S101 - filtered above
            ids.append(
                await tx.outbox.add(
                    person.telegram_user_id,
                    Reminder(person.full_name, languages[person.telegram_user_id]),
                    now,
                    person_id=person.id,
                )
            )
    return tuple(ids)
