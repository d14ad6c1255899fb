"""Alembic's environment for the scenario library.

The store runs the migrations itself (:func:`options.store_engine.prepare`) on a
connection it has already opened inside a writing transaction, passed in
``config.attributes["connection"]``; so the DDL and the revision stamp commit
together or not at all, and no ``alembic.ini`` or URL is read here.
"""

from __future__ import annotations

from alembic import context

from options.store_tables import METADATA


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("the library's migrations run through options.store.Store")
    context.configure(connection=connection, target_metadata=METADATA, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # run by Alembic (a test collector only imports the file)
    run_migrations()
