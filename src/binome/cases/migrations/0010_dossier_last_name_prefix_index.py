"""The queue's search by the start of the household's name (``last_name__istartswith``): PostgreSQL compares
``UPPER(last_name) LIKE 'DUP%'``, which a b-tree on that expression with ``text_pattern_ops`` answers. SQLite (the
demo) has no such operator class and needs no index at its size: the index is PostgreSQL's only."""

from django.db import migrations


INDEX = "dossier_last_name_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON cases_dossier (UPPER("last_name"::text) text_pattern_ops)'
        )
        schema_editor.execute("ANALYZE cases_dossier")  # the expression's statistics, without which it is not used


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_dossier_referrer_organisation_created")]

    operations = [migrations.RunPython(create, drop)]
