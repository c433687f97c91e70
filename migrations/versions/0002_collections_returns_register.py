"""Collections, returns, school answers, force outcomes, findings, and the partnership register.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from sspcollect.db import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("time_period", sa.String(length=6), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("reminder_days_before", sa.JSON(), nullable=False),
        sa.Column("overdue_every_days", sa.Integer(), nullable=False),
        sa.Column("overdue_max", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collections")),
        sa.UniqueConstraint("time_period", name=op.f("uq_collections_time_period")),
    )
    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_area_code", sa.String(length=9), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("reference", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("model_description", sa.Text(), nullable=True),
        sa.Column("officer_role", sa.String(length=20), nullable=False),
        sa.Column("officer_count", sa.Integer(), nullable=False),
        sa.Column("fte", sa.Numeric(precision=3, scale=1), nullable=False),
        sa.Column("funding_sources", sa.JSON(), nullable=False),
        sa.Column("funded_until", sa.Date(), nullable=True),
        sa.Column("information_sharing_agreement", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["force_area_code"],
            ["force_areas.code"],
            name=op.f("fk_partnerships_force_area_code_force_areas"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerships")),
        sa.UniqueConstraint(
            "force_area_code", "reference", name=op.f("uq_partnerships_force_area_code_reference")
        ),
    )
    op.create_index(
        op.f("ix_partnerships_force_area_code"), "partnerships", ["force_area_code"], unique=False
    )
    op.create_table(
        "partnership_schools",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("school_urn", sa.Integer(), nullable=False),
        sa.Column("days_per_week", sa.Numeric(precision=2, scale=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_partnership_schools_partnership_id_partnerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_urn"], ["schools.urn"], name=op.f("fk_partnership_schools_school_urn_schools")
        ),
        sa.PrimaryKeyConstraint(
            "partnership_id", "school_urn", name=op.f("pk_partnership_schools")
        ),
    )
    op.create_index(
        op.f("ix_partnership_schools_school_urn"),
        "partnership_schools",
        ["school_urn"],
        unique=False,
    )
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("force_area_code", sa.String(length=9), nullable=False),
        sa.Column("la_code", sa.String(length=9), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("register_confirmed", sa.Boolean(), nullable=False),
        sa.Column("nil_return", sa.Boolean(), nullable=False),
        sa.Column("declaration", sa.Boolean(), nullable=False),
        sa.Column("reviewer_comment", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collection_id"], ["collections.id"], name=op.f("fk_returns_collection_id_collections")
        ),
        sa.ForeignKeyConstraint(
            ["force_area_code"],
            ["force_areas.code"],
            name=op.f("fk_returns_force_area_code_force_areas"),
        ),
        sa.ForeignKeyConstraint(
            ["la_code"],
            ["local_authorities.code"],
            name=op.f("fk_returns_la_code_local_authorities"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_returns_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_returns_submitted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_returns_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint(
            "collection_id",
            "organisation_id",
            name=op.f("uq_returns_collection_id_organisation_id"),
        ),
    )
    op.create_index(
        "ix_returns_collection_force", "returns", ["collection_id", "force_area_code"], unique=False
    )
    op.create_index(
        "ix_returns_collection_status", "returns", ["collection_id", "status"], unique=False
    )
    op.create_index(op.f("ix_returns_la_code"), "returns", ["la_code"], unique=False)
    op.create_index(
        op.f("ix_returns_organisation_id"), "returns", ["organisation_id"], unique=False
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=50), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_findings_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "return_id", "rule_id", "subject", name=op.f("uq_findings_return_id_rule_id_subject")
        ),
    )
    op.create_index(op.f("ix_findings_rule_id"), "findings", ["rule_id"], unique=False)
    op.create_table(
        "partnership_outcomes",
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("crimes_recorded", sa.Integer(), nullable=True),
        sa.Column("violent_crimes_recorded", sa.Integer(), nullable=True),
        sa.Column("weapon_incidents", sa.Integer(), nullable=True),
        sa.Column("asb_incidents", sa.Integer(), nullable=True),
        sa.Column("safeguarding_referrals", sa.Integer(), nullable=True),
        sa.Column("diversion_referrals", sa.Integer(), nullable=True),
        sa.Column("sessions_delivered", sa.Integer(), nullable=True),
        sa.Column("pupils_engaged", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_partnership_outcomes_partnership_id_partnerships"),
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_partnership_outcomes_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "return_id", "partnership_id", name=op.f("pk_partnership_outcomes")
        ),
    )
    op.create_table(
        "school_answers",
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("has_ssp", sa.String(length=10), nullable=True),
        sa.Column("ssp_force_code", sa.String(length=9), nullable=True),
        sa.Column("ssp_model", sa.String(length=20), nullable=True),
        sa.Column("officer_days_per_week", sa.Numeric(precision=2, scale=1), nullable=True),
        sa.Column("effectiveness", sa.Integer(), nullable=True),
        sa.Column("aims", sa.JSON(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("pupils_on_roll", sa.Integer(), nullable=True),
        sa.Column("attendance_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("persistent_absence_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("suspensions", sa.Integer(), nullable=True),
        sa.Column("permanent_exclusions", sa.Integer(), nullable=True),
        sa.Column("violent_incidents", sa.Integer(), nullable=True),
        sa.Column("weapon_incidents", sa.Integer(), nullable=True),
        sa.Column("bullying_incidents", sa.Integer(), nullable=True),
        sa.Column("pupils_feel_safe_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("feel_safe_not_surveyed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_school_answers_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ssp_force_code"],
            ["force_areas.code"],
            name=op.f("fk_school_answers_ssp_force_code_force_areas"),
        ),
        sa.PrimaryKeyConstraint("return_id", name=op.f("pk_school_answers")),
    )
    op.create_table(
        "submitted_partnerships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("model_description", sa.Text(), nullable=True),
        sa.Column("officer_role", sa.String(length=20), nullable=False),
        sa.Column("officer_count", sa.Integer(), nullable=False),
        sa.Column("fte", sa.Numeric(precision=3, scale=1), nullable=False),
        sa.Column("funding_sources", sa.JSON(), nullable=False),
        sa.Column("funded_until", sa.Date(), nullable=True),
        sa.Column("information_sharing_agreement", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_submitted_partnerships_partnership_id_partnerships"),
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_submitted_partnerships_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submitted_partnerships")),
    )
    op.create_index(
        op.f("ix_submitted_partnerships_partnership_id"),
        "submitted_partnerships",
        ["partnership_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_submitted_partnerships_return_id"),
        "submitted_partnerships",
        ["return_id"],
        unique=False,
    )
    op.create_table(
        "submitted_partnership_schools",
        sa.Column("submitted_partnership_id", sa.Integer(), nullable=False),
        sa.Column("school_urn", sa.Integer(), nullable=False),
        sa.Column("days_per_week", sa.Numeric(precision=2, scale=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_urn"],
            ["schools.urn"],
            name=op.f("fk_submitted_partnership_schools_school_urn_schools"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_partnership_id"],
            ["submitted_partnerships.id"],
            name=op.f(
                "fk_submitted_partnership_schools_submitted_partnership_id_submitted_partnerships"
            ),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "submitted_partnership_id", "school_urn", name=op.f("pk_submitted_partnership_schools")
        ),
    )
    op.create_index(
        op.f("ix_submitted_partnership_schools_school_urn"),
        "submitted_partnership_schools",
        ["school_urn"],
        unique=False,
    )
    # Batch mode lets SQLite add the foreign key by copying the table.
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("collection_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_audit_events_collection_id"), ["collection_id"], unique=False)
        batch.create_foreign_key(
            op.f("fk_audit_events_collection_id_collections"),
            "collections",
            ["collection_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("fk_audit_events_collection_id_collections"), type_="foreignkey")
        batch.drop_index(op.f("ix_audit_events_collection_id"))
        batch.drop_column("collection_id")
    op.drop_index(
        op.f("ix_submitted_partnership_schools_school_urn"),
        table_name="submitted_partnership_schools",
    )
    op.drop_table("submitted_partnership_schools")
    op.drop_index(op.f("ix_submitted_partnerships_return_id"), table_name="submitted_partnerships")
    op.drop_index(
        op.f("ix_submitted_partnerships_partnership_id"), table_name="submitted_partnerships"
    )
    op.drop_table("submitted_partnerships")
    op.drop_table("school_answers")
    op.drop_table("partnership_outcomes")
    op.drop_index(op.f("ix_findings_rule_id"), table_name="findings")
    op.drop_table("findings")
    op.drop_index(op.f("ix_returns_organisation_id"), table_name="returns")
    op.drop_index(op.f("ix_returns_la_code"), table_name="returns")
    op.drop_index("ix_returns_collection_status", table_name="returns")
    op.drop_index("ix_returns_collection_force", table_name="returns")
    op.drop_table("returns")
    op.drop_index(op.f("ix_partnership_schools_school_urn"), table_name="partnership_schools")
    op.drop_table("partnership_schools")
    op.drop_index(op.f("ix_partnerships_force_area_code"), table_name="partnerships")
    op.drop_table("partnerships")
    op.drop_table("collections")
