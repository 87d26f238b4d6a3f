"""asn reports, invitations, leave, reminders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 05:44:35.480133
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_invitations_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invitations_code_hash'))
    )
    op.create_table('leave_days',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_leave_days_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', 'day', name=op.f('pk_leave_days'))
    )
    op.create_table('reminder_deliveries',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_reminder_deliveries_person_id_people')),
    sa.PrimaryKeyConstraint('person_id', 'day', name=op.f('pk_reminder_deliveries'))
    )
    op.create_table('report_drafts',
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=True),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('denominator', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('evidence_file_id', sa.String(length=200), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_report_drafts_metric_id_metrics')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_report_drafts_person_id_people')),
    sa.PrimaryKeyConstraint('telegram_user_id', name=op.f('pk_report_drafts'))
    )
    with op.batch_alter_table('asn_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('feedback_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('feedback_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_asn_reports_feedback_by_id_people'), 'people', ['feedback_by_id'], ['id'])

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('registered_at')

    with op.batch_alter_table('asn_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_asn_reports_feedback_by_id_people'), type_='foreignkey')
        batch_op.drop_column('feedback_at')
        batch_op.drop_column('feedback_by_id')
        batch_op.drop_column('feedback')

    op.drop_table('report_drafts')
    op.drop_table('reminder_deliveries')
    op.drop_table('leave_days')
    op.drop_table('invitations')
