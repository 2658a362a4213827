"""The directory's search: a name, a type of organisation, a commune served; parsed by a FilterSet.

A value the form refuses (an unknown type, a name too long) is ignored: the directory shows as if it were absent.
The commune is typed (a name or its INSEE code): an organisation serves it when it has a site there, lists it
among its communes, or lists none and serves its UT (or no UT at all: the whole territory).
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from binome.network.models import Organisation, OrganisationKind, Site
from binome.territory.models import Commune


class DirectoryFilter(django_filters.FilterSet):
    nom = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Nom"), max_length=100)
    type = django_filters.ChoiceFilter(field_name="kind", choices=OrganisationKind.choices, label=_("Type"))
    commune = django_filters.CharFilter(method="filter_commune", label=_("Commune servie"), max_length=100)

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data, queryset, *, programme):
        super().__init__(data, queryset)
        self.programme = programme

    def filter_commune(self, queryset, name, value):
        communes = Commune.objects.filter(unite__programme=self.programme).filter(
            Q(name__icontains=value) | Q(insee_code=value)
        )
        listed = Organisation.communes.through.objects.filter(organisation=OuterRef("pk"))
        units = Organisation.unites.through.objects.filter(organisation=OuterRef("pk"))
        return queryset.filter(
            Exists(Site.objects.filter(organisation=OuterRef("pk"), commune__in=communes))
            | Exists(listed.filter(commune__in=communes))
            | (
                ~Exists(listed)
                & (Exists(units.filter(uniteterritoriale__in=communes.values("unite"))) | ~Exists(units))
            )
        )

    def filter_queryset(self, queryset):
        # A refused value is ignored rather than emptying the list.
        self.form.is_valid()
        for name, filter_ in self.filters.items():
            value = self.form.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = filter_.filter(queryset, value)
        return queryset
