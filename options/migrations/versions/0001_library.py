"""The scenario library: scenarios, append-only versions, drafts.

Revision ID: 0001
Revises:
Created: 2026-01-01

Versions are append-only: triggers refuse any UPDATE or DELETE of a saved
version (and, on PostgreSQL, TRUNCATE), so that a version an auditor reads a year
later is the version that was saved.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_REFUSAL = "versions are append-only: a saved version is never changed or deleted"

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END",
    f"CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END",
]

_POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$",
    "CREATE TRIGGER versions_no_change BEFORE UPDATE OR DELETE ON versions "
    "FOR EACH ROW EXECUTE FUNCTION versions_append_only()",
    "CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions "
    "FOR EACH STATEMENT EXECUTE FUNCTION versions_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("slug", name="uq_scenarios_slug"),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("scenario_schema", sa.Integer, nullable=True),
        sa.Column("saved_by", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=True),
        sa.UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_number"),
        sa.CheckConstraint("number >= 1", name="ck_versions_number_positive"),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True),
        sa.Column("base_version", sa.Integer, nullable=True),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("versions")  # drops its triggers
        op.execute("DROP FUNCTION versions_append_only()")
    else:
        op.drop_table("versions")
    op.drop_table("drafts")
    op.drop_table("scenarios")
