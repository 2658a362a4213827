"""Read several querysets, of different models, in one SQL query (``UNION ALL``).

A page that shows a few rows of many kinds (a household's data export: its events, visits, notes, report…; an
agenda: working hours, absences and visits) would otherwise cost one query per kind. Here each queryset is a
branch of one ``UNION ALL``: the columns of every branch sit side by side, each branch fills its own and leaves the
others ``NULL`` (cast to their type, so that PostgreSQL matches the branches), a first column tells the branches
apart. Each branch keeps its own filters and its own order, and its values are converted by its own fields exactly
as when the queryset is read alone (dates, decimals, JSON…), on PostgreSQL and on SQLite.

``rows`` reads chosen columns (joins allowed: ``"dossier__commune__name"``); ``instances`` reads model instances
(their concrete fields; no ``select_related``).
"""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.query import EmptyQuerySet


def _ordering(queryset: QuerySet, names: Sequence[str]) -> list[str]:
    """The branch's order as names of its columns (``-`` for descending), the primary key last when it is read.
    Its explicit ``order_by``, else its model's ``Meta.ordering``; each must name a column read."""
    meta = queryset.model._meta
    given = list(queryset.query.order_by) or (list(meta.ordering) if queryset.query.default_ordering else [])
    found = []
    for item in given:
        if not isinstance(item, str):
            raise ValueError(f"{meta.label}: order by column names only, not {item!r}")
        descending, name = item.startswith("-"), item.lstrip("-")
        name = meta.pk.attname if name == "pk" else name
        if name not in names:
            raise ValueError(f"{meta.label}: the order {item!r} must name a column read")
        found.append(("-" if descending else "") + name)
    if meta.pk.attname in names and meta.pk.attname not in {n.lstrip("-") for n in found}:
        found.append(meta.pk.attname)  # a stable order where the given one leaves ties
    return found


def rows(*branches: tuple[QuerySet, Sequence[str]]) -> list[list[tuple]]:
    """The rows of each ``(queryset, column names)``, as tuples in the order of the names, each branch in its own
    order: one query for all of them (none when every queryset is empty)."""
    found: list[list[tuple]] = [[] for _ in branches]
    parts = []  # (branch index, its compiler, its SQL and parameters)
    for i, (queryset, names) in enumerate(branches):
        if isinstance(queryset, EmptyQuerySet):
            continue
        if queryset.query.is_sliced:
            raise ValueError(f"{queryset.model._meta.label}: a sliced queryset cannot be read with others")
        compiler = queryset.order_by().values_list(*names).query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # ``pk__in=[]``: nothing to read
            continue
        parts.append((i, compiler, sql, params))
    if not parts:
        return found
    connection = parts[0][1].connection
    # Each branch's columns sit at their own place; the other branches fill it with NULL cast to its type.
    width = {i: len(branches[i][1]) for i, *_rest in parts}
    start, place = 1, {}  # where each branch's columns start in a row (after the branch's number)
    for i, *_rest in parts:
        place[i] = start
        start += width[i]
    nulls = {
        i: [f"CAST(NULL AS {s[0].output_field.cast_db_type(connection)})" for s in compiler.select[: width[i]]]
        for i, compiler, _sql, _params in parts
    }
    selects, all_params, order = [], [], ["1"]
    for i, _compiler, sql, params in parts:
        columns = [column for j, *_rest in parts for column in ([f"t{i}.*"] if j == i else nulls[j])]
        selects.append(f"SELECT {i}, {', '.join(columns)} FROM ({sql}) t{i}")
        all_params.extend(params)
        queryset, names = branches[i]
        for item in _ordering(queryset, list(names)):
            position = place[i] + list(names).index(item.lstrip("-")) + 1  # SQL counts the columns from 1
            order.append(f"{position} DESC" if item.startswith("-") else str(position))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects) + " ORDER BY " + ", ".join(order), all_params)
        fetched = cursor.fetchall()
    by_branch: dict[int, list] = {i: [] for i, *_rest in parts}
    for row in fetched:
        by_branch[row[0]].append(row[place[row[0]] : place[row[0]] + width[row[0]]])
    # Each branch's values converted as its own query would convert them (its compiler's converters).
    for i, compiler, _sql, _params in parts:
        converters = compiler.get_converters([s[0] for s in compiler.select[: width[i]]])
        found[i] = [tuple(r) for r in compiler.apply_converters(by_branch[i], converters)]
    return found


def instances(*querysets: QuerySet) -> list[list]:
    """The model instances of each queryset (every concrete field), in its order: one query for all of them."""
    fields = [[f.attname for f in qs.model._meta.concrete_fields] for qs in querysets]
    found = rows(*zip(querysets, fields, strict=True))
    return [
        [qs.model.from_db(qs.db, names, values) for values in branch]
        for qs, names, branch in zip(querysets, fields, found, strict=True)
    ]
