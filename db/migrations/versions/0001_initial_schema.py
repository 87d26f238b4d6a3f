"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 05:10:36.385411
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('chat_preferences',
    sa.Column('identity_hash', sa.String(length=64), nullable=False),
    sa.Column('language', sa.Enum('id', 'en', name='language', native_enum=False, length=8), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('identity_hash', name=op.f('pk_chat_preferences'))
    )
    op.create_table('metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('unit_of_measure', sa.String(length=40), nullable=False),
    sa.Column('unit_of_measure_en', sa.String(length=40), nullable=False),
    sa.Column('type', sa.Enum('integer', 'decimal', 'ratio', name='metrictype', native_enum=False, length=32), nullable=False),
    sa.Column('minimum', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('maximum', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metrics')),
    sa.UniqueConstraint('code', name=op.f('uq_metrics_code'))
    )
    op.create_table('org_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('kecamatan', 'puskesmas', 'service_unit', name='unitkind', native_enum=False, length=32), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('survey_template', sa.Enum('skm', 'short', name='surveytemplate', native_enum=False, length=32), nullable=False),
    sa.Column('skippable_elements', sa.String(length=40), nullable=False),
    sa.Column('ask_importance', sa.Boolean(), nullable=False),
    sa.Column('ask_profile', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['org_units.id'], name=op.f('fk_org_units_parent_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_units')),
    sa.UniqueConstraint('code', name=op.f('uq_org_units_code'))
    )
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_units_parent_id'), ['parent_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Enum('ikm', 'skm_element', 'inm_satisfaction', 'waiting_mean', 'waiting_within', 'asn_metric', 'asn_ratio', name='indicatorsource', native_enum=False, length=32), nullable=False),
    sa.Column('polarity', sa.Enum('higher', 'lower', name='polarity', native_enum=False, length=32), nullable=False),
    sa.Column('target_low', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('target_high', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('period', sa.Enum('week', 'month', 'quarter', 'year', name='periodkind', native_enum=False, length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('unit_kind', sa.Enum('kecamatan', 'puskesmas', 'service_unit', name='unitkind', native_enum=False, length=32), nullable=True),
    sa.Column('aggregation', sa.Enum('sum', 'mean_per_working_day', 'mean_per_asn', name='aggregation', native_enum=False, length=32), nullable=True),
    sa.Column('metric_id', sa.Integer(), nullable=True),
    sa.Column('element_code', sa.String(length=4), nullable=True),
    sa.Column('threshold_minutes', sa.Integer(), nullable=True),
    sa.Column('cap_percent', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_indicators_metric_id_metrics')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_indicators_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('code', name=op.f('uq_indicators_code'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('citizen', 'asn', 'supervisor', 'admin', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_people_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('nip', name=op.f('uq_people_nip')),
    sa.UniqueConstraint('telegram_user_id', name=op.f('uq_people_telegram_user_id'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_unit_id'), ['unit_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('respondent_hash', sa.String(length=64), nullable=True),
    sa.Column('template', sa.Enum('skm', 'short', name='surveytemplate', native_enum=False, length=32), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('waiting_minutes', sa.Integer(), nullable=True),
    sa.Column('important_element', sa.String(length=4), nullable=True),
    sa.Column('overall_score', sa.SmallInteger(), nullable=True),
    sa.Column('flags', sa.String(length=200), nullable=False),
    sa.Column('retain_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_survey_responses_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index('ix_survey_responses_respondent', ['respondent_hash', 'unit_id'], unique=False)
        batch_op.create_index('ix_survey_responses_unit_completed', ['unit_id', 'completed_at'], unique=False)

    op.create_table('unit_metrics',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_unit_metrics_metric_id_metrics')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_unit_metrics_unit_id_org_units')),
    sa.PrimaryKeyConstraint('unit_id', 'metric_id', name=op.f('pk_unit_metrics'))
    )
    op.create_table('asn_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('denominator', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('evidence_file_id', sa.String(length=200), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['metric_id'], ['metrics.id'], name=op.f('fk_asn_reports_metric_id_metrics')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_asn_reports_person_id_people')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_asn_reports_unit_id_org_units')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['people.id'], name=op.f('fk_asn_reports_verified_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asn_reports')),
    sa.UniqueConstraint('person_id', 'metric_id', 'report_date', name=op.f('uq_asn_reports_person_id_metric_id_report_date'))
    )
    with op.batch_alter_table('asn_reports', schema=None) as batch_op:
        batch_op.create_index('ix_asn_reports_unit_date', ['unit_id', 'report_date'], unique=False)

    op.create_table('indicator_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('realisation', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('capaian_raw', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('capaian_capped', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('sample_required', sa.Integer(), nullable=True),
    sa.Column('sample_ok', sa.Boolean(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_results_indicator_id_indicators')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_indicator_results_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_results')),
    sa.UniqueConstraint('indicator_id', 'unit_id', 'period_key', name=op.f('uq_indicator_results_indicator_id_unit_id_period_key'))
    )
    op.create_table('summary_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=10), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_summary_deliveries_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_deliveries')),
    sa.UniqueConstraint('person_id', 'period_key', name=op.f('uq_summary_deliveries_person_id_period_key'))
    )
    op.create_table('survey_answers',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('element_code', sa.String(length=4), nullable=False),
    sa.Column('value', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('value BETWEEN 1 AND 4', name=op.f('ck_survey_answers_score_range')),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answers_response_id_survey_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'element_code', name=op.f('pk_survey_answers'))
    )


def downgrade() -> None:
    op.drop_table('survey_answers')
    op.drop_table('summary_deliveries')
    op.drop_table('indicator_results')
    with op.batch_alter_table('asn_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_asn_reports_unit_date')

    op.drop_table('asn_reports')
    op.drop_table('unit_metrics')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_unit_completed')
        batch_op.drop_index('ix_survey_responses_respondent')

    op.drop_table('survey_responses')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_unit_id'))

    op.drop_table('people')
    op.drop_table('indicators')
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_units_parent_id'))

    op.drop_table('org_units')
    op.drop_table('metrics')
    op.drop_table('chat_preferences')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
