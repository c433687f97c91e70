"""Keep who declared a return and in what role, when a reviewer first opened it (until then it
can be withdrawn), the register a force confirmed, the question each query asks, and a school's
own description of a partnership that works in another way.

The declaration is now made on check your answers, not as a step of the force return, so the
findings of its old rule (POL-033) go.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("returns") as batch:
        batch.add_column(sa.Column("declarant_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("declarant_role", sa.String(200), nullable=True))
        batch.add_column(sa.Column("register_fingerprint", sa.String(64), nullable=True))
        batch.add_column(sa.Column("review_opened_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("review_opened_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_returns_review_opened_by_id_users", "users", ["review_opened_by_id"], ["id"]
        )
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("question", sa.Text(), nullable=True))
    with op.batch_alter_table("school_answers") as batch:
        batch.add_column(sa.Column("ssp_model_description", sa.Text(), nullable=True))
    op.execute("DELETE FROM findings WHERE rule_id = 'POL-033'")


def downgrade() -> None:
    with op.batch_alter_table("school_answers") as batch:
        batch.drop_column("ssp_model_description")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("question")
    with op.batch_alter_table("returns") as batch:
        batch.drop_constraint("fk_returns_review_opened_by_id_users", type_="foreignkey")
        batch.drop_column("review_opened_by_id")
        batch.drop_column("review_opened_at")
        batch.drop_column("register_fingerprint")
        batch.drop_column("declarant_role")
        batch.drop_column("declarant_name")
