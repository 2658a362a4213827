"""Insert many rows fast: PostgreSQL's COPY, or ``bulk_create`` on the other databases (the SQLite demo).

For loads of hundreds of thousands of rows (the historical import), building a model instance per row and
Django's batched INSERT cost most of the time; ``insert`` takes plain dicts of field name → value, fills the
fields left out with their defaults, and streams the rows into the table. The row ids are reserved from the
table's sequence first, so they are returned in the order of the rows.
"""

from django.db import connection, models
from django.utils import timezone


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def insert(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (field name → value; ``x_id`` for a foreign key) into ``model``'s table; their ids."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return [obj.pk for obj in created]
    now = timezone.now()
    fields = _columns(model)
    defaults = [(f.attname, _default(f, now)) for f in fields]
    # JSON values are adapted by their field; a default is adapted once for all the rows that keep it.
    json_fields = {f.attname: f for f in fields if isinstance(f, models.JSONField)}
    adapted = {name: field.get_db_prep_save(dict(defaults)[name], connection) for name, field in json_fields.items()}
    json_positions = [(i, name) for i, (name, _) in enumerate(defaults, start=1) if name in json_fields]
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} (id, {names}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = [pk] + [row.get(name, default) for name, default in defaults]
                for index, name in json_positions:
                    values[index] = (
                        json_fields[name].get_db_prep_save(row[name], connection) if name in row else adapted[name]
                    )
                copy.write_row(values)
    return ids
