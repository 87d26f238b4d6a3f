"""chat preferences say whether the language was chosen or seen

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00.000000

A staff member's language is now also recorded from their Telegram app, so that messages the
bot sends on its own are in it; `chosen` marks a language chosen with /bahasa, which an app's
language never replaces. Every row so far was written by /bahasa, so they are all chosen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('chat_preferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chosen', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('chat_preferences', schema=None) as batch_op:
        batch_op.alter_column('chosen', server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM chat_preferences WHERE NOT chosen")
    with op.batch_alter_table('chat_preferences', schema=None) as batch_op:
        batch_op.drop_column('chosen')
