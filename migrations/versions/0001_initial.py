"""Reference data, organisations, users, account tokens, sign-in attempts and the audit trail.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("code", sa.String(9), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_countries")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(9), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("country_code", sa.String(9), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_regions_country_code_countries")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    op.create_table(
        "force_areas",
        sa.Column("code", sa.String(9), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("country_code", sa.String(9), nullable=False),
        sa.Column("vru", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_force_areas_country_code_countries")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_force_areas")),
    )
    op.create_table(
        "local_authorities",
        sa.Column("code", sa.String(9), nullable=False),
        sa.Column("old_code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("country_code", sa.String(9), nullable=False),
        sa.Column("region_code", sa.String(9), nullable=True),
        sa.Column("force_area_code", sa.String(9), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_local_authorities_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["force_area_code"],
            ["force_areas.code"],
            name=op.f("fk_local_authorities_force_area_code_force_areas"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_local_authorities_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_local_authorities")),
        sa.UniqueConstraint("old_code", name=op.f("uq_local_authorities_old_code")),
    )
    op.create_index(
        op.f("ix_local_authorities_force_area_code"), "local_authorities", ["force_area_code"]
    )
    op.create_table(
        "schools",
        sa.Column("urn", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("la_code", sa.String(9), nullable=False),
        sa.Column("establishment_number", sa.String(4), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type_code", sa.Integer(), nullable=False),
        sa.Column("type_name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(50), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("phase", sa.String(50), nullable=False),
        sa.Column("postcode", sa.String(10), nullable=True),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("open_date", sa.Date(), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("easting", sa.Integer(), nullable=True),
        sa.Column("northing", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["la_code"],
            ["local_authorities.code"],
            name=op.f("fk_schools_la_code_local_authorities"),
        ),
        sa.PrimaryKeyConstraint("urn", name=op.f("pk_schools")),
    )
    op.create_index(op.f("ix_schools_la_code"), "schools", ["la_code"])
    op.create_index(op.f("ix_schools_name"), "schools", ["name"])
    op.create_index(op.f("ix_schools_is_open"), "schools", ["is_open"])
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("school_urn", sa.Integer(), nullable=True),
        sa.Column("force_area_code", sa.String(9), nullable=True),
        sa.ForeignKeyConstraint(
            ["force_area_code"],
            ["force_areas.code"],
            name=op.f("fk_organisations_force_area_code_force_areas"),
        ),
        sa.ForeignKeyConstraint(
            ["school_urn"], ["schools.urn"], name=op.f("fk_organisations_school_urn_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
        sa.UniqueConstraint("force_area_code", name=op.f("uq_organisations_force_area_code")),
        sa.UniqueConstraint("school_urn", name=op.f("uq_organisations_school_urn")),
    )
    op.create_index(op.f("ix_organisations_kind"), "organisations", ["kind"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_signed_in_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_users_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_index(op.f("ix_users_organisation_id"), "users", ["organisation_id"])
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_account_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    op.create_index(op.f("ix_account_tokens_user_id"), "account_tokens", ["user_id"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("attempted_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(op.f("ix_sign_in_attempts_key"), "sign_in_attempts", ["key"])
    op.create_index(op.f("ix_sign_in_attempts_attempted_at"), "sign_in_attempts", ["attempted_at"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("object_type", sa.String(50), nullable=False),
        sa.Column("object_id", sa.String(50), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_audit_events_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_index(op.f("ix_audit_events_user_id"), "audit_events", ["user_id"])
    op.create_index(op.f("ix_audit_events_organisation_id"), "audit_events", ["organisation_id"])


def downgrade() -> None:
    for table in (
        "audit_events",
        "sign_in_attempts",
        "account_tokens",
        "users",
        "organisations",
        "schools",
        "local_authorities",
        "force_areas",
        "regions",
        "countries",
    ):
        op.drop_table(table)
