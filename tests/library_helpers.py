"""Test helpers for the scenario library (options.store), shared by its own tests and
the command line's."""

from __future__ import annotations

from sqlalchemy import select

from options.store import Store
from options.store_engine import writing
from options.store_tables import scenarios, utc_now, versions


def insert_raw_version(s: Store, slug: str, number: int, scenario_json: str) -> None:
    """A version written behind the library's back (a hand edit of the database)."""
    with writing(s.engine) as conn:
        sid = conn.execute(select(scenarios.c.id).where(scenarios.c.slug == slug)).scalar_one()
        row = {"scenario_id": sid, "number": number, "scenario_json": scenario_json,
               "scenario_schema": 2, "saved_by": "someone", "saved_at": utc_now(),
               "message": "by hand", "summary_json": "{oops"}  # fmt: skip
        conn.execute(versions.insert().values(**row))
