"""Indexes of the duplicate check (``duplicates.find_duplicates``): the open dossiers by phone (every database),
and on PostgreSQL by commune and folded name or address (``cases.models.Folded``: ``normalize`` and
``regexp_replace`` are PostgreSQL's; the SQLite demo compares in Python, at its size)."""

from django.db import migrations, models

import binome.cases.models


OPEN = "', '".join(binome.cases.models.OPEN_STATE_LIST)
FOLDED = binome.cases.models.Folded.template
INDEXES = {
    "dossier_open_commune_name": FOLDED % {"expressions": '"last_name"'},
    "dossier_open_commune_address": FOLDED % {"expressions": '"address"'},
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, folded in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_dossier (commune_id, ({folded})) WHERE state IN ('{OPEN}')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_dossier_last_name_prefix_index")]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["phone"],
                condition=models.Q(state__in=binome.cases.models.OPEN_STATE_LIST),
                name="dossier_open_phone",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
