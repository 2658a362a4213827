"""The GET parameters of the coordinator's queue, parsed by a FilterSet.

A value that does not parse or that the page does not offer (``?ut=²``, another programme's UT, an unknown
source, a step outside the tab, ``?page=-1``) is ignored: the page shows as if it were absent, never an error.
"""

from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Q

from binome.cases.workflow import STATE_LABELS, State
from binome.coordination.queue import QUEUE_GROUPS, QueueQuery
from binome.core import together
from binome.network.models import Organisation
from binome.territory.models import UniteTerritoriale


DIRECT = "direct"  # the ``source`` of the requests that came without an organisation (phone, e-mail…)


class Choice(NamedTuple):
    """A UT or an organisation offered by the filter form."""

    pk: int
    name: str


class QueueParamsForm(forms.Form):
    """The parameters that do not filter the dossiers themselves: the tab, the step within it, the page.
    The step is applied within the tab by ``queue.build``: the tabs' counts ignore it."""

    etape = forms.ChoiceField(choices=[(key, label) for key, (label, _states) in QUEUE_GROUPS.items()], required=False)
    etat = forms.ChoiceField(choices=list(STATE_LABELS.items()), required=False)
    page = forms.IntegerField(min_value=1, required=False)


class SharedChoiceField(django_filters.fields.ChoiceField):
    """A choice field whose copies share its choices (never changed once set): a form deep-copies its fields for
    each instance, and copying the programme's 500 organisations cost ~2 ms a page at national scale."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # a shallow copy of the field, its widget copied


class SourceFilter(django_filters.ChoiceFilter):
    field_class = SharedChoiceField


class QueueFilter(django_filters.FilterSet):
    """``ut``, ``source`` and ``q`` (reference or name) filter the visible dossiers (tabs' counts included);
    ``etape``, ``etat``, ``page`` come from ``QueueParamsForm``. The choices are the programme's UTs and
    organisations, loaded once (one query for both) and kept for the filter form's options."""

    ut = django_filters.TypedChoiceFilter(field_name="commune__unite_id", coerce=int, empty_value=None)
    source = SourceFilter(method="filter_source")
    q = django_filters.CharFilter(method="filter_search", max_length=150)

    class Meta:
        form = QueueParamsForm

    def __init__(self, data, queryset, *, programme, default_group: str):
        super().__init__(data, queryset)
        self.default_group = default_group
        # Hundreds of organisations at national scale: their ids and names, not model instances.
        self.unites, self.organisations = (
            [Choice(*row) for row in rows]
            for rows in together.rows(  # in one query
                (UniteTerritoriale.objects.filter(programme=programme), ["id", "name"]),
                (Organisation.objects.filter(programme=programme).order_by("name"), ["id", "name"]),
            )
        )
        self.filters["ut"].extra["choices"] = [(u.pk, u.name) for u in self.unites]
        self.filters["source"].extra["choices"] = [(DIRECT, DIRECT), *((o.pk, o.name) for o in self.organisations)]

    def filter_source(self, queryset, name, value):
        if value == DIRECT:
            return queryset.filter(organisation__isnull=True)
        return queryset.filter(organisation_id=int(value))

    def filter_search(self, queryset, name, value):
        """A dossier by its reference (« 2026-0042 ») or its household by the start of the name, on indexes."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference=value.upper()) | Q(last_name__istartswith=value))

    def filter_queryset(self, queryset):
        # The form also holds the parameters of QueueParamsForm, which are not filters.
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, self._value(name))
        return queryset

    def _value(self, name):
        """The parsed value of a parameter, or None when absent or invalid."""
        self.form.is_valid()  # validates once; the invalid fields are left out of cleaned_data
        return self.form.cleaned_data.get(name)

    @property
    def group(self) -> str:
        return self._value("etape") or self.default_group

    @property
    def state(self) -> State | None:
        """The step chosen within the tab (ignored when it is not one of the tab's steps)."""
        value = self._value("etat")
        return State(value) if value and State(value) in QUEUE_GROUPS[self.group][1] else None

    def query(self) -> QueueQuery:
        return QueueQuery(
            dossiers=self.qs,
            group=self.group,
            state=self.state,
            page=self._value("page"),
            narrowed=bool(self._value("ut") or self._value("source") or self.state or self.search),
            by_step=not (self._value("source") or self.search),
            unite=self._value("ut"),
        )

    def selected(self) -> dict[str, str]:
        """The parameters in force, as the filter form and the links repeat them."""
        return {
            "etape": self.group,
            "ut": str(self._value("ut") or ""),
            "source": self._value("source") or "",
            "etat": self.state.value if self.state else "",
            "q": self.search,
        }

    @property
    def search(self) -> str:
        return (self._value("q") or "").strip()
