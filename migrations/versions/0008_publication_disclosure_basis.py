"""Keep with each published version the basis of its disclosure control, so that later
versions are protected jointly with it and no difference between two gives anyone away.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("disclosure_basis", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("disclosure_basis")
