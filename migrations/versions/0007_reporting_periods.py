"""State the period each collection's figures describe, apart from its dates.

A collection's outcome figures describe an academic year that has ended by its deadline.
Collections made before this revision were named by the academic year they ran in, some of
which had not ended by their deadline; each is given the latest academic year that had
ended by its deadline, which is what a collection run then can truthfully describe.

Revision ID: 0007
Revises: 0006
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _latest_ended_by(deadline: date) -> tuple[date, date]:
    """The first and last day of the latest academic year ended on or before deadline."""
    first = deadline.year - 1 if deadline >= date(deadline.year, 8, 31) else deadline.year - 2
    return date(first, 9, 1), date(first + 1, 8, 31)


def upgrade() -> None:
    with op.batch_alter_table("collections") as batch:
        batch.add_column(sa.Column("period_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("period_end", sa.Date(), nullable=True))
    collections = sa.table(
        "collections",
        sa.column("id", sa.Integer()),
        sa.column("deadline", sa.Date()),
        sa.column("period_start", sa.Date()),
        sa.column("period_end", sa.Date()),
    )
    connection = op.get_bind()
    for collection_id, deadline in connection.execute(
        sa.select(collections.c.id, collections.c.deadline)
    ).all():
        start, end = _latest_ended_by(deadline)
        connection.execute(
            collections.update()
            .where(collections.c.id == collection_id)
            .values(period_start=start, period_end=end)
        )
    with op.batch_alter_table("collections") as batch:
        batch.alter_column("period_start", existing_type=sa.Date(), nullable=False)
        batch.alter_column("period_end", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("collections") as batch:
        batch.drop_column("period_end")
        batch.drop_column("period_start")
