"""Keep the reference data each collection's figures depend on, as it stood at its close.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _collection_id() -> sa.Column:
    """The key column naming the collection."""
    return sa.Column(
        "collection_id",
        sa.Integer(),
        sa.ForeignKey("collections.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    with op.batch_alter_table("collections") as batch:
        batch.add_column(sa.Column("reference_frozen_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("disclosure_threshold", sa.Integer(), nullable=True))
    op.create_table(
        "frozen_countries",
        _collection_id(),
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
    )
    op.create_table(
        "frozen_regions",
        _collection_id(),
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
    )
    op.create_table(
        "frozen_force_areas",
        _collection_id(),
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("country_code", sa.String(9), nullable=False),
        sa.Column("vru", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "frozen_local_authorities",
        _collection_id(),
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("old_code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("region_code", sa.String(9), nullable=True),
        sa.Column("force_area_code", sa.String(9), nullable=False),
        sa.Column("country_code", sa.String(9), nullable=False),
    )
    op.create_table(
        "frozen_schools",
        _collection_id(),
        sa.Column("urn", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("la_code", sa.String(9), nullable=False),
        sa.Column("phase", sa.String(50), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "frozen_schools",
        "frozen_local_authorities",
        "frozen_force_areas",
        "frozen_regions",
        "frozen_countries",
    ):
        op.drop_table(table)
    with op.batch_alter_table("collections") as batch:
        batch.drop_column("disclosure_threshold")
        batch.drop_column("reference_frozen_at")
