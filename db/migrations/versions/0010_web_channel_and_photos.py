"""where a response was answered (the chat or the web survey); a web complaint's photo

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 16:00:00.000000

Every response before the web survey came through the chat. A photo uploaded on the web has no
Telegram file id, so its bytes are kept with its complaint (erased with its text).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=32), server_default='telegram', nullable=False)
        )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_content', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('photo_content')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('channel')
