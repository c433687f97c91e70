"""Let admins keep each organisation's contact and whether it takes part, and import schools
from an uploaded extract in the background, keeping how far each import got and its report.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(320), nullable=True))
        batch.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "school_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("allow_shrink", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_checked", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name="fk_school_imports_started_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_school_imports"),
    )
    op.create_index("ix_school_imports_started_at", "school_imports", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_school_imports_started_at", table_name="school_imports")
    op.drop_table("school_imports")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("active")
        batch.drop_column("contact_email")
        batch.drop_column("contact_name")
