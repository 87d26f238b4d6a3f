"""delivery state machine: outbox status, claims and recipient; summary statuses renamed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00.000000

Outbox rows get an explicit status (pending, sending, sent, failed, unknown, cancelled), the
claim of the process sending them, and the staff member they are for (filled in for rows
already queued from the person who holds the chat). Summary deliveries say "sending" for a
claim and "pending" for one to send again; failed ones were retried before, so they become
pending, and "failed" from now on means given up.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outbox_person_id_people'), 'people', ['person_id'], ['id'])
        batch_op.drop_index('ix_outbox_pending')
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)

    op.execute("UPDATE outbox SET status = 'sent' WHERE sent_at IS NOT NULL")
    op.execute("UPDATE outbox SET status = 'failed' WHERE sent_at IS NULL AND failed_at IS NOT NULL")
    op.execute(
        "UPDATE outbox SET person_id = "
        "(SELECT people.id FROM people WHERE people.telegram_user_id = outbox.chat_id) "
        "WHERE kind <> 'complaint_follow_up'"
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)

    op.execute("UPDATE summary_deliveries SET status = 'sending' WHERE status = 'claimed'")
    op.execute("UPDATE summary_deliveries SET status = 'pending' WHERE status = 'failed'")


def downgrade() -> None:
    op.execute("UPDATE summary_deliveries SET status = 'failed' WHERE status = 'pending'")
    op.execute("UPDATE summary_deliveries SET status = 'claimed' WHERE status = 'sending'")

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_due')
        batch_op.create_index('ix_outbox_pending', ['sent_at', 'failed_at', 'next_attempt_at'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_outbox_person_id_people'), type_='foreignkey')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('status')
        batch_op.drop_column('person_id')
