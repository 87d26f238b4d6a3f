"""citizen survey, complaints, outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:30:10.772449
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending', ['sent_at', 'failed_at', 'next_attempt_at'], unique=False)

    op.create_table('pending_inputs',
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('telegram_user_id', name=op.f('pk_pending_inputs'))
    )
    op.create_table('ticket_counters',
    sa.Column('prefix', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_ticket_counters'))
    )
    op.create_table('alert_cooldowns',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_alert_cooldowns_unit_id_org_units')),
    sa.PrimaryKeyConstraint('unit_id', 'kind', name=op.f('pk_alert_cooldowns'))
    )
    op.create_table('visit_token_uses',
    sa.Column('digest', sa.String(length=24), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_visit_token_uses_unit_id_org_units')),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_visit_token_uses'))
    )
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket', sa.String(length=48), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('photo_file_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('serious', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=True),
    sa.Column('reporter_hash', sa.String(length=64), nullable=True),
    sa.Column('citizen_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('citizen_language', sa.Enum('id', 'en', name='language', native_enum=False, length=8), nullable=False),
    sa.Column('handling_rating', sa.SmallInteger(), nullable=True),
    sa.Column('retain_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['people.id'], name=op.f('fk_complaints_closed_by_id_people')),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_complaints_response_id_survey_responses')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['people.id'], name=op.f('fk_complaints_taken_by_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_complaints_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('ticket', name=op.f('uq_complaints_ticket'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_reporter_hash'), ['reporter_hash'], unique=False)
        batch_op.create_index('ix_complaints_unit_created', ['unit_id', 'created_at'], unique=False)

    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('skipped', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('complaint_done', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('photo_done', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('visit_token_digest', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sex', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('age', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('education', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('occupation', sa.String(length=16), nullable=True))
        batch_op.create_index('uq_survey_responses_one_in_progress', ['respondent_hash'], unique=True, sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))



def downgrade() -> None:
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('uq_survey_responses_one_in_progress', sqlite_where=sa.text("status = 'in_progress'"), postgresql_where=sa.text("status = 'in_progress'"))
        batch_op.drop_column('occupation')
        batch_op.drop_column('education')
        batch_op.drop_column('age')
        batch_op.drop_column('sex')
        batch_op.drop_column('message_id')
        batch_op.drop_column('visit_token_digest')
        batch_op.drop_column('photo_done')
        batch_op.drop_column('complaint_done')
        batch_op.drop_column('skipped')
        batch_op.drop_column('consent_at')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_unit_created')
        batch_op.drop_index(batch_op.f('ix_complaints_reporter_hash'))

    op.drop_table('complaints')
    op.drop_table('visit_token_uses')
    op.drop_table('alert_cooldowns')
    op.drop_table('ticket_counters')
    op.drop_table('pending_inputs')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')

    op.drop_table('outbox')
