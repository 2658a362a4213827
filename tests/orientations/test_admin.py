"""The programme administrator edits the catalogue (with the partners carrying each solution) and the settings,
sealed to the programme."""

import html

from django.urls import reverse

from binome.orientations import services
from binome.orientations.models import OrientationSettings, Solution


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_catalogue_is_sealed_to_the_programme(client, world):
    services.ensure_catalogue(world.programme)
    services.ensure_catalogue(world.other)
    Solution.objects.filter(programme=world.other, kind="fsl").update(name="FSL d'ailleurs")
    client.force_login(world.admin)
    listing = text(client.get(reverse("admin:orientations_solution_changelist")))
    assert "Fonds de solidarité pour le logement (FSL) énergie ou eau" in listing and "FSL d'ailleurs" not in listing
    ours = Solution.objects.get(programme=world.programme, kind="fsl")
    form = text(client.get(reverse("admin:orientations_solution_change", args=[ours.pk])))
    assert "CCAS d'ailleurs" not in form
    # The partners are chosen inline by autocomplete, among the programme's organisations only.
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "orientations", "model_name": "solutionpartner", "field_name": "organisation", "term": "d"},
    ).json()["results"]
    names = {o["text"] for o in found}
    assert names == {"CAF du Jura", "CCAS de Dole"}  # not "CCAS d'ailleurs"
    theirs = Solution.objects.get(programme=world.other, kind="fsl")
    assert client.get(reverse("admin:orientations_solution_change", args=[theirs.pk])).status_code == 302


def test_wrong_follow_up_delays_are_refused_in_the_admin(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:orientations_orientationsettings_add"),
        {
            "programme": world.programme.pk,
            "stale_weeks": "6",
            "follow_up_months": "12, 3",
            "follow_up_attempts": "3",
            "link_days": "30",
        },
    )
    assert response.status_code == 200 and "Les délais vont croissant" in text(response)
    assert not OrientationSettings.objects.exists()


def test_a_coordinator_cannot_edit_the_catalogue(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("admin:orientations_solution_changelist")).status_code == 302
