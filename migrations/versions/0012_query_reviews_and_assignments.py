"""Let central staff mark a query as reviewed (who and when), and assign returns to reviewers
with a note only central staff see.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("reviewed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_findings_reviewed_by_id_users", "users", ["reviewed_by_id"], ["id"]
        )
    op.create_table(
        "review_assignments",
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name="fk_review_assignments_return_id_returns",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name="fk_review_assignments_reviewer_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name="fk_review_assignments_updated_by_id_users"
        ),
        sa.PrimaryKeyConstraint("return_id", name="pk_review_assignments"),
    )
    op.create_index(
        "ix_review_assignments_reviewer_id", "review_assignments", ["reviewer_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_review_assignments_reviewer_id", table_name="review_assignments")
    op.drop_table("review_assignments")
    with op.batch_alter_table("findings") as batch:
        batch.drop_constraint("fk_findings_reviewed_by_id_users", type_="foreignkey")
        batch.drop_column("reviewed_by_id")
        batch.drop_column("reviewed_at")
