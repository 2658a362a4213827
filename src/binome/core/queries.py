"""Query expressions shared by the apps."""

from django.db.models import BooleanField, Expression, F, Func, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


def correlated_count(rows):
    """How many ``rows`` there are (a queryset filtered on an ``OuterRef``), as a subquery: a correlated count read
    from the rows' index for each row of the outer query, where a join would multiply the outer query's other
    counts."""
    return Coalesce(
        Subquery(
            rows.order_by().annotate(n=Func(Value(1), function="COUNT", output_field=IntegerField())).values("n")[:1]
        ),
        0,
    )


class InArray(Expression):
    """``column`` is one of the values of ``rows`` (a queryset of one column): on PostgreSQL
    ``column = ANY(ARRAY(subquery))``, elsewhere ``column IN (subquery)``.

    The array is computed once, before the outer query runs, and the outer rows are then read from ``column``'s
    index, one lookup per value. Written ``IN (subquery)``, PostgreSQL plans a semi-join from its estimates and may
    read the whole outer table to keep a few of its rows (every kit installation ever made, for one year's visited
    dossiers); use it when the values are a small part of the outer table and ``column`` is indexed."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, rows):
        super().__init__()
        self.column, self.rows = F(column), Subquery(rows.order_by())

    def get_source_expressions(self):
        return [self.column, self.rows]

    def set_source_expressions(self, exprs):
        self.column, self.rows = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        rows, rows_params = compiler.compile(self.rows)
        return f"{column} IN {rows}", (*column_params, *rows_params)

    def as_postgresql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        rows, rows_params = compiler.compile(self.rows)
        return f"{column} = ANY(ARRAY{rows})", (*column_params, *rows_params)
