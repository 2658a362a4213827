"""Query expressions shared by the apps."""

from django.db.models import Func, IntegerField, Subquery, Value
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
