"""one complaint per survey response; how often a complaint was reopened

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00.000000

Going back in the survey used to file a second complaint for the same response. From now on a
unique index allows one. A response that already holds several keeps the newest linked (the
citizen's last words); the older ones stay as they are, with their tickets, statuses and
history, only no longer linked to the response, so nothing a supervisor handled is lost.
`reopen_count` counts the times a "Tidak puas" reopened a complaint (kinerja.complaints).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE complaints SET response_id = NULL "
        "WHERE response_id IS NOT NULL AND id NOT IN "
        "(SELECT newest FROM (SELECT MAX(id) AS newest FROM complaints "
        "WHERE response_id IS NOT NULL GROUP BY response_id) AS kept)"
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reopen_count', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.create_index('uq_complaints_response_id', ['response_id'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('uq_complaints_response_id')
        batch_op.drop_column('reopen_count')
