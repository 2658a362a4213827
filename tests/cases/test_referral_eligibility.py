"""The eligibility pre-check: Anah ceilings per year, region and household size, and the programme's criteria."""

import pytest

from binome.cases.eligibility import Criteria, Request, Status, Verdict, precheck
from binome.energy.indicators import AnahCategory


# The 2025 "très modestes" ceilings of the domain brief (§6), 1 to 5 persons, then per extra person.
TRES_MODESTES_2025 = {
    True: ([23768, 34884, 41893, 48914, 55961], 7038),
    False: ([17173, 25115, 30206, 35285, 40388], 5094),
}
MODESTES_2025_OTHER = [22015, 32197, 38719, 45234, 51775]


def brief_ceiling(idf: bool, size: int) -> int:
    by_size, extra = TRES_MODESTES_2025[idf]
    return by_size[size - 1] if size <= 5 else by_size[4] + (size - 5) * extra


def income(precheck_result):
    return next(line for line in precheck_result.lines if line.criterion == "income")


@pytest.mark.parametrize("idf", [True, False], ids=["ile-de-france", "autres-regions"])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 6, 7])
def test_income_at_the_ceiling_is_met_and_one_euro_above_is_not(idf, size):
    ceiling = brief_ceiling(idf, size)
    at = precheck(Request(year=2025, ile_de_france=idf, household_size=size, declared_income=ceiling))
    above = precheck(Request(year=2025, ile_de_france=idf, household_size=size, declared_income=ceiling + 1))
    assert at.ceiling == ceiling
    assert income(at).status is Status.MET
    assert income(above).status is Status.NOT_MET
    assert "ménage « très modeste »" in income(at).text
    assert "ménage « modeste »" in income(above).text


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_programme_retaining_the_modestes_ceiling_accepts_up_to_it(size):
    criteria = Criteria(income_ceiling=AnahCategory.MODESTE, require_covered_unite=False)
    ceiling = MODESTES_2025_OTHER[size - 1]
    ok = precheck(Request(2025, False, size, declared_income=ceiling, motives=frozenset({"cold"})), criteria)
    too_high = precheck(Request(2025, False, size, declared_income=ceiling + 1, motives=frozenset({"cold"})), criteria)
    assert ok.verdict is Verdict.LIKELY and ok.ceiling == ceiling
    assert too_high.verdict is Verdict.UNLIKELY


def test_regions_differ_for_the_same_income():
    # 20 000 € for one person: très modeste in Île-de-France (23 768), not elsewhere (17 173).
    idf = precheck(Request(2025, True, 1, declared_income=20000, unite_covered=True, motives=frozenset({"cold"})))
    other = precheck(Request(2025, False, 1, declared_income=20000, unite_covered=True, motives=frozenset({"cold"})))
    assert idf.verdict is Verdict.LIKELY
    assert other.verdict is Verdict.UNLIKELY


def test_a_year_without_its_own_table_uses_the_latest_earlier_one_and_says_so():
    result = precheck(Request(2026, False, 2, declared_income=25115, unite_covered=True, motives=frozenset({"cold"})))
    assert result.ceiling == 25115
    assert "barème 2025" in income(result).text


def test_a_year_before_any_table_leaves_income_to_check():
    result = precheck(Request(2015, False, 2, declared_income=10000, unite_covered=True, motives=frozenset({"cold"})))
    assert result.ceiling is None
    assert income(result).status is Status.UNKNOWN
    assert result.verdict is Verdict.TO_CHECK


@pytest.mark.parametrize(
    ("band", "status"),
    [
        ("tres_modeste", Status.MET),
        ("modeste", Status.NOT_MET),
        ("above", Status.NOT_MET),
        ("unknown", Status.UNKNOWN),
    ],
)
def test_declared_band_when_the_income_is_not_known(band, status):
    result = precheck(Request(2025, False, 3, income_band=band, unite_covered=True, motives=frozenset({"cold"})))
    assert income(result).status is status
    assert "30\u202f206 €" in income(result).text  # the ceiling for 3 persons is shown to the coordinator


def test_uncovered_unite_is_a_hint_unless_a_priority_motive():
    base = dict(year=2025, ile_de_france=False, household_size=1, declared_income=10000, unite_covered=False)
    plain = precheck(Request(**base, motives=frozenset({"cold"})))
    urgent = precheck(Request(**base, motives=frozenset({"cut_risk"})))
    assert plain.verdict is Verdict.UNLIKELY
    assert "liste d'attente" in plain.lines[1].text
    assert urgent.verdict is Verdict.LIKELY
    ignored = precheck(Request(**base, motives=frozenset({"cold"})), Criteria(require_covered_unite=False))
    assert ignored.verdict is Verdict.LIKELY
    assert [line.criterion for line in ignored.lines] == ["income", "motives"]


def test_minimum_number_of_motives_is_configurable():
    request = Request(2025, False, 1, declared_income=10000, unite_covered=True, motives=frozenset({"cold"}))
    assert precheck(request, Criteria(min_motives=2)).verdict is Verdict.UNLIKELY
    assert precheck(request, Criteria(min_motives=1)).verdict is Verdict.LIKELY


def test_bad_input_is_refused_with_a_french_message():
    with pytest.raises(ValueError, match="au moins une personne"):
        precheck(Request(2025, False, 0))
    with pytest.raises(ValueError, match="plafond retenu"):
        Criteria(income_ceiling=AnahCategory.INTERMEDIAIRE)
