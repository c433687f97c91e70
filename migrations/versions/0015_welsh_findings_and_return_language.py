"""Keep what the service said of each finding in Welsh too, and the language each return was
submitted in.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("message_cy", sa.Text(), nullable=True))
        batch.add_column(sa.Column("question_cy", sa.Text(), nullable=True))
    with op.batch_alter_table("returns") as batch:
        batch.add_column(sa.Column("language", sa.String(2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("returns") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("question_cy")
        batch.drop_column("message_cy")
