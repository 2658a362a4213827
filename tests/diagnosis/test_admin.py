"""The kit catalogue in the admin: sealed to the administrator's programme, stock per team of that programme."""

import html

from django.urls import reverse

from binome.diagnosis.models import KitItem
from tests.factories import UniteFactory


def test_kit_catalogue_is_sealed_to_the_programme(client, world):
    KitItem.objects.create(programme=world.programme, name="Ampoule LED", category="bill", unit_cost=4)
    other = KitItem.objects.create(programme=world.other, name="Article d'ailleurs", category="bill", unit_cost=1)
    UniteFactory(programme=world.other, name="UT d'ailleurs")
    client.force_login(world.admin)
    listing = html.unescape(client.get(reverse("admin:diagnosis_kititem_changelist")).content.decode())
    assert "Ampoule LED" in listing and "Article d'ailleurs" not in listing
    response = client.get(reverse("admin:diagnosis_kititem_change", args=[other.pk]))
    assert response.status_code == 302
    form = html.unescape(client.get(reverse("admin:diagnosis_kititem_add")).content.decode())
    assert "Champagnole" in form and "UT d'ailleurs" not in form and "SLIME d'ailleurs" not in form


def test_kit_catalogue_is_closed_to_case_workers(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("admin:diagnosis_kititem_changelist"))
    assert response.status_code == 302
