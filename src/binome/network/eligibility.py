"""What the coordinator sees next to a request: the eligibility pre-check and the possible duplicates."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils import timezone

from binome.cases.duplicates import find_duplicates
from binome.cases.eligibility import Criteria, Request, precheck
from binome.energy.indicators import AnahCategory
from binome.network.models import NetworkSettings
from binome.territory.models import CoverageYear


def covered_at_request():
    """Whether the dossier's UT was covered the (local) year of the request, as an annotation
    (``unite_covered_at_request``): the dossier page reads it with the dossier."""
    return Exists(
        CoverageYear.objects.filter(unite_id=OuterRef("commune__unite_id"), year=ExtractYear(OuterRef("created_at")))
    )


def precheck_for(dossier):
    """The eligibility pre-check of a dossier, with its programme's criteria and coverage plan."""
    network = NetworkSettings.for_programme(dossier.programme)
    year = timezone.localtime(dossier.created_at).year
    covered = getattr(dossier, "unite_covered_at_request", None)
    if covered is None:
        covered = CoverageYear.objects.filter(unite_id=dossier.commune.unite_id, year=year).exists()
    criteria = Criteria(
        income_ceiling=AnahCategory(network.income_ceiling),
        require_covered_unite=network.require_covered_unite,
        min_motives=network.min_motives,
        priority_motives=frozenset(network.priority_motives),
    )
    request = Request(
        year=year,
        ile_de_france=dossier.programme.region_ile_de_france,
        household_size=dossier.household_size,
        declared_income=dossier.declared_income,
        income_band=dossier.income_band,
        unite_covered=covered,
        motives=frozenset(dossier.motives),
    )
    return precheck(request, criteria)


def referral_hints(dossier) -> dict:
    return {
        "precheck": precheck_for(dossier),
        "duplicates": find_duplicates(
            dossier.programme,
            last_name=dossier.last_name,
            phone=dossier.phone,
            address=dossier.address,
            commune=dossier.commune,
            exclude_pk=dossier.pk,
        ),
    }
