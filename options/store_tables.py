"""The scenario library's tables, and the slugs that name its scenarios in URLs.

Three tables (SQLAlchemy Core; :mod:`options.migrations` creates them with Alembic):

- ``scenarios``: one row per named scenario — its ``slug`` (unique, for URLs and the
  command line), the ``name`` it was first saved under, whether it is ``archived``
  (hidden from the default list, never deleted) and when it was created;
- ``versions``: append-only — one row per save, numbered 1, 2, … within its scenario
  (unique together), with the scenario JSON exactly as saved, its schema number, who
  saved it, when (UTC), the message, and the results summary the caller computed,
  so that the library lists verdicts without appraising anything. Database triggers
  refuse any UPDATE or DELETE of a version;
- ``drafts``: unsaved edits kept for a page refresh, keyed by a random URL-safe token,
  tied to a scenario and the version they started from when there is one.

Times are stored as naive UTC (the same on SQLite, which has no time zones, and on
PostgreSQL) and read back as aware UTC datetimes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

SLUG_LENGTH = 80
DRAFT_ID_LENGTH = 64

METADATA = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC instant stored without a zone (naive UTC), read back as an aware datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


scenarios = Table(
    "scenarios",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("slug", String(SLUG_LENGTH), nullable=False),
    Column("name", Text, nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("slug", name="uq_scenarios_slug"),
)

versions = Table(
    "versions",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, ForeignKey("scenarios.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("scenario_json", Text, nullable=False),
    Column("scenario_schema", Integer, nullable=True),
    Column("saved_by", Text, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("message", Text, nullable=False),
    Column("summary_json", Text, nullable=True),
    UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_number"),
    CheckConstraint("number >= 1", name="ck_versions_number_positive"),
)

drafts = Table(
    "drafts",
    METADATA,
    Column("id", String(DRAFT_ID_LENGTH), primary_key=True),
    Column("scenario_id", Integer, ForeignKey("scenarios.id"), nullable=True),
    Column("base_version", Integer, nullable=True),
    Column("scenario_json", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


def slugify(name: str) -> str:
    """A scenario's name as a URL-safe key: lower case, words joined by hyphens.

    Accents are folded (NFKD, combining marks dropped) and case is folded, so
    ``"Café"`` and ``"cafe"`` give the same slug; letters of other scripts are
    kept. A name with no letters or digits gets ``scenario-`` and a short hash of
    the name, so different names of that kind still differ; a slug longer than
    :data:`SLUG_LENGTH` is cut and ends with a short hash of the whole.

    >>> slugify("ONS & Public Sector Flex (2007)"), slugify("Crème Brûlée – v2")
    ('ons-public-sector-flex-2007', 'creme-brulee-v2')
    >>> slugify("Straße"), slugify("!!!")
    ('strasse', 'scenario-e84c538e')
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = "-".join(w for w in re.split(r"[\W_]+", text) if w)
    if not slug:
        return "scenario-" + _hash(name)
    if len(slug) > SLUG_LENGTH:  # cut, and told apart from other long names by a hash
        return slug[: SLUG_LENGTH - 9].rstrip("-") + "-" + _hash(slug)
    return slug


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def utc_now() -> datetime:
    """Now, as an aware UTC datetime to the microsecond."""
    return datetime.now(UTC)
