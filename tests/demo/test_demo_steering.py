"""The demo's budget lines: the Jura's 492,770 € for 2014–2017 (123,192.50 € a year), on the 2015 bilan."""

from binome.steering import figures


def test_the_2015_bilan_shows_the_jura_budget_and_the_cost_per_household_visited(programme):
    costs = figures.bilan(programme, 2015)["costs"]
    visited = figures.bilan(programme, 2015)["visits"]["total"]
    assert visited > 0
    assert (costs["budget"], costs["spend"], costs["cee_share"]) == (123192.5, 120343.35, 56412.4)
    assert costs["cee_share_percent"] == round(56412.4 * 100 / 120343.35, 1)
    assert costs["per_household_visited"] == round(120343.35 / visited, 2)
    assert costs["households_visited_in_years"] == visited
