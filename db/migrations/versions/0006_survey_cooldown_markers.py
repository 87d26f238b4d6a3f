"""survey cooldown markers that /hapus leaves in place

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('survey_cooldowns',
    sa.Column('marker', sa.String(length=64), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('marker', name=op.f('pk_survey_cooldowns'))
    )
    with op.batch_alter_table('survey_cooldowns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_cooldowns_until'), ['until'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('survey_cooldowns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_cooldowns_until'))

    op.drop_table('survey_cooldowns')
