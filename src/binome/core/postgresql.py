"""SQL that only PostgreSQL runs: the migrations of the aggregates kept by triggers (``diagnosis.KitUsage``,
``cases.StateCount``). On another database (the SQLite demo) they do nothing, and the code reading those
aggregates counts the rows instead (``kept_by_triggers``)."""

from django.db import connection


def kept_by_triggers() -> bool:
    """Whether the aggregates kept by triggers exist: the readers read them, else count the rows."""
    return connection.vendor == "postgresql"


def on_postgresql(sql: str):
    """A ``RunPython`` function that runs ``sql`` statement by statement (as ``RunSQL`` does) on PostgreSQL only."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in schema_editor.connection.ops.prepare_sql_script(sql):
                schema_editor.execute(statement, params=None)

    return run
