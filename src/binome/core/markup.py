"""Pieces for HTML written in Python (long lists whose template rendering costs too much a row): escaping as the
template language does, and links to many objects of one kind without resolving the URL once per row."""

import html

from django.urls import reverse
from django.utils.safestring import SafeData


def escaped(value) -> str:
    """``conditional_escape`` without its lazy-object checks: what is marked safe as it is, the rest escaped."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


_PLACEHOLDER = 987654321  # a primary key in the reversed URL, replaced by each row's own


def url_pattern(name: str):
    """``pk → URL`` of the view ``name`` taking one primary key: reversed once, then filled in for each row."""
    url = reverse(name, args=[_PLACEHOLDER])
    return lambda pk: url.replace(str(_PLACEHOLDER), str(int(pk)))
