"""Index findings by subject: reconciliation looks them up on every save.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_findings_subject"), "findings", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_findings_subject"), table_name="findings")
