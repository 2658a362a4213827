"""The tester's inputs, one by one: each gave a server error or stored too much; each now gets a clear answer.

NUL bytes (PostgreSQL refuses them: the autosave was lost), Unicode digits, dates at year 1 or 9999, megabyte
texts, a small PNG of 49 million pixels, and pages of household data left in a shared computer's cache.
"""

import html
import io

import pytest
from django.urls import reverse
from PIL import Image, ImageFile

from binome.cases.models import Dossier, ReferralDraft
from binome.cases.workflow import State
from binome.diagnosis import images
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem
from binome.visits.models import Absence, Visit
from tests.cases.test_referral_views import aged_token, self_data


HX = {"HTTP_HX_REQUEST": "true"}


def text(response):
    return html.unescape(response.content.decode())


# NUL and other control characters.


def test_nul_in_a_diagnosis_autosave_is_stripped_and_the_autosave_kept(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = reverse("diagnosis:save_section", kwargs={"pk": dossier.pk, "key": "comfort"})
    response = client.post(url, {"version": "0", "comment": "Moisissures\x00 dans la chambre\x1b", "x\x00": "1"}, **HX)
    assert response.status_code == 200
    stored = DiagnosisSection.objects.get(dossier=dossier, key="comfort")
    assert stored.data["comment"] == "Moisissures dans la chambre" and stored.version == 1


def test_a_refused_value_is_kept_as_a_draft_without_nul_and_no_longer_than_its_field(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = reverse("diagnosis:save_section", kwargs={"pk": dossier.pk, "key": "comfort"})
    client.post(url, {"version": "0", "comment": "x" * 1_000_000, "cold_last_winter": "²\x00"}, **HX)
    draft = DiagnosisSection.objects.get(dossier=dossier, key="comfort").data["_draft"]
    assert draft == {"comment": "x" * 1000, "cold_last_winter": "²"}  # the field's 1 000 characters, not 1 MB
    page = client.get(reverse("diagnosis:page", kwargs={"pk": dossier.pk}))
    assert len(page.content) < 500_000


def test_the_referral_draft_keeps_clean_bounded_values_of_known_fields_only(client, world):
    client.force_login(world.referrer)
    data = {"last_name": "Vuil\x00lemin", "address": "x" * 1_000_000, "description": "a\x00b", "inconnu": "y"}
    assert client.post(reverse("cases:referral_draft"), data, **HX).status_code == 200
    stored = ReferralDraft.objects.get().data
    assert stored["last_name"] == ["Vuillemin"] and stored["description"] == ["ab"]
    assert len(stored["address"][0]) == 250  # the address field's length
    assert "inconnu" not in stored


def test_nul_in_the_calendar_feed_address_is_not_found(client):
    assert client.get("/agenda/flux/%00.ics").status_code == 404


def test_nul_in_a_cookie_is_dropped(client, world):
    client.cookies["sessionid"] = "abc\x00defghijkl"
    assert client.get(reverse("login")).status_code == 200


# Unicode digits and dates out of any sensible window, on the pages of the tester's report.


@pytest.mark.parametrize(
    "query", ["dossier=²", "jour=0001-01-01", "jour=9999-12-31", "vue=²&jour=²", "dossier=99999999999999999999"]
)
def test_the_agenda_ignores_what_does_not_parse(client, world, query):
    client.force_login(world.coordinator)
    response = client.get(reverse("visits:agenda") + "?" + query)
    assert response.status_code == 200


def test_the_programme_switch_ignores_unicode_digits(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("switch_programme"), {"programme": "²"})
    assert response.status_code == 302


def test_a_booking_at_year_1_or_9999_is_refused_in_french_and_books_nothing(client, world, make_dossier):
    dossier = make_dossier(State.TO_CONTACT)
    client.force_login(world.coordinator)
    for day in ("0001-01-01", "9999-12-31"):
        data = {"date": day, "time": "09:00", "duration_minutes": "²", "advisor": "²", "version": dossier.version}
        response = client.post(reverse("visits:book", kwargs={"pk": dossier.pk}), data)
        assert response.status_code == 200
        assert "Saisissez une date entre le" in text(response)
    assert not Visit.objects.exists()


def test_moving_a_visit_to_year_9999_is_refused(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    visit = dossier.visits.get()
    client.force_login(world.coordinator)
    url = reverse("visits:move", kwargs={"pk": visit.pk})
    response = client.post(url, {"date": "9999-12-31", "time": "23:59", "duration_minutes": "480", "seen": "²"})
    assert response.status_code == 200 and "Saisissez une date entre le" in text(response)
    assert Visit.objects.get(pk=visit.pk).starts_at == visit.starts_at


def test_an_absence_at_year_1_is_refused(client, world):
    client.force_login(world.advisor)
    data = {"action": "absence", "starts_on": "0001-01-01", "ends_on": "0001-01-02", "label": "Congés"}
    response = client.post(reverse("visits:availability"), data)
    assert "Saisissez une date entre le" in text(response)
    assert not Absence.objects.exists()


def test_kit_quantities_in_unicode_digits_are_refused(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    led = KitItem.objects.create(programme=world.programme, name="Ampoule LED", category="bill", unit_cost=4)
    client.force_login(world.advisor)
    url = reverse("diagnosis:kit_save", kwargs={"pk": dossier.pk})
    for raw in ("²", "٣", "-1", "101", "9" * 40):
        response = client.post(url, {f"item-{led.pk}": raw}, **HX)
        assert response.status_code == 200 and "Quantité entière entre 0 et 100." in text(response)
    assert not KitInstallation.objects.exists()


# Texts without a limit.


def test_the_public_form_description_has_a_limit(client, world):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    response = client.post(url, self_data(world, description="x" * 100_000, shown_at=aged_token(60)))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "4000" in text(response).replace("\u202f", "").replace(" ", "")


# Images: the pixel count is read from the header, before any decoding.


def test_a_small_png_of_49_million_pixels_is_refused_before_decoding(monkeypatch):
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 10_000
    decoded = []
    load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or load(self))
    with pytest.raises(images.ImageRefused, match="trop grande"):
        images.clean_image(out.getvalue())
    assert decoded == []  # decoding it cost 0.6 s and 370 MB of memory


def test_a_camera_jpeg_is_decoded_at_a_reduced_scale():
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), (120, 80, 40)).save(out, "JPEG", quality=50)
    cleaned = images.clean_image(out.getvalue())
    assert (cleaned.width, cleaned.height) == (images.MAX_SIDE, 1707)


# Caches.


def test_pages_of_household_data_are_not_stored(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.coordinator)
    for url in (reverse("cases:detail", kwargs={"pk": dossier.pk}), reverse("coordination:queue")):
        assert "no-store" in client.get(url)["Cache-Control"]
    public = client.get(reverse("cases:self_referral", kwargs={"slug": "jura"}))
    assert "no-store" in public["Cache-Control"]


def test_a_view_that_sets_its_own_cache_policy_keeps_it(client, world):
    from binome.visits.models import CalendarFeed

    feed = CalendarFeed.objects.create(user=world.advisor, programme=world.programme)
    response = client.get(reverse("visits:feed", kwargs={"token": feed.token}))
    assert response["Cache-Control"] == "private, max-age=300"  # calendar applications poll it
