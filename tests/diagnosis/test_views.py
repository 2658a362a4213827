"""The diagnosis page and its autosaving sections: who may read and edit, saving, stale edits, queries."""

import html
import io

import pytest
from django.urls import reverse
from PIL import Image

from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection, KitInstallation, KitItem, KitStock, Photo
from tests.factories import DossierFactory


HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def text(response):
    return html.unescape(response.content.decode())


def page_url(dossier):
    return reverse("diagnosis:page", kwargs={"pk": dossier.pk})


def save_url(dossier, key):
    return reverse("diagnosis:save_section", kwargs={"pk": dossier.pk, "key": key})


BILL = {
    "energy": "electricite",
    "supplier": "EDF",
    "contract": "Base",
    "power_kva": "6",
    "start": "01/01/2025",
    "end": "01/01/2026",
    "index_start": "",
    "index_end": "",
    "reading": "real",
    "quantity": "5 000",
    "unit": "kwh",
    "amount": "1 450,00",
    "subscription": "",
}


def grid_post(rows, version):
    data = {"version": str(version)}
    for name in BILL:
        data[name] = [row.get(name, "") for row in rows]
    return data


# --- who may read -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("advisor", 200),
        ("chef_mission", 200),
        ("chef_service", 200),
        ("referrer", 403),  # sees the dossier, never its diagnosis
        ("referrer_caf", 404),
        ("advisor2", 404),
        ("admin", 404),
        ("other_coordinator", 404),
    ],
)
def test_page_access(client, world, make_dossier, who, status):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    client.force_login(getattr(world, who))
    assert client.get(page_url(dossier)).status_code == status


def test_anonymous_goes_to_login(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    response = client.get(page_url(dossier))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_dossier_page_links_to_the_diagnosis(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    client.force_login(world.coordinator)
    assert page_url(dossier) in text(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})))


# --- the one-note-per-side editor ---------------------------------------------------------------------------------


def note_url(dossier, side):
    return reverse("diagnosis:note", kwargs={"pk": dossier.pk, "side": side})


@pytest.mark.parametrize("state", [State.SCHEDULED, State.VISITED, State.IN_REVIEW])
def test_note_editor_is_open_until_the_review_ends(client, world, make_dossier, state):
    dossier = make_dossier(state, advisor=world.advisor)
    client.force_login(world.advisor)
    assert client.get(note_url(dossier, "technical")).status_code == 200
    assert note_url(dossier, "technical") in text(client.get(page_url(dossier)))


def test_closed_note_editor_sends_its_author_back_with_a_message(client, world, make_dossier):
    dossier = make_dossier(State.IN_VALIDATION, advisor=world.advisor)
    client.force_login(world.coordinator)
    response = client.get(note_url(dossier, "social"), follow=True)
    assert response.redirect_chain == [(reverse("cases:detail", kwargs={"pk": dossier.pk}), 302)]
    assert "Le diagnostic se remplit entre la programmation de la visite et la relecture." in text(response)
    assert note_url(dossier, "social") not in text(client.get(page_url(dossier)))


@pytest.mark.parametrize("state", [State.VISITED, State.IN_VALIDATION])
def test_note_editor_of_the_other_side_is_forbidden_at_any_step(client, world, make_dossier, state):
    dossier = make_dossier(state, advisor=world.advisor)
    client.force_login(world.advisor)
    assert client.get(note_url(dossier, "social")).status_code == 403
    client.force_login(world.chef_mission)
    assert client.get(note_url(dossier, "technical")).status_code == 403


# --- who may edit which side ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "key", "status"),
    [
        ("coordinator", "household", 200),
        ("coordinator", "dwelling", 403),
        ("advisor", "dwelling", 200),
        ("advisor", "household", 403),
        ("chef_mission", "household", 403),
        ("chef_service", "dwelling", 403),
        ("referrer", "household", 403),
        ("advisor2", "dwelling", 404),
        ("other_coordinator", "household", 404),
    ],
)
def test_section_edit_rights(client, world, make_dossier, who, key, status):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    client.force_login(getattr(world, who))
    data = {"version": "0", "persons_14_plus": "2", "heated_surface": "80"}
    assert client.post(save_url(dossier, key), data, **HX).status_code == status
    assert DiagnosisSection.objects.filter(dossier=dossier).exists() == (status == 200)


def test_sections_are_read_only_after_review(client, world, make_dossier):
    dossier = make_dossier(State.IN_VALIDATION, advisor=world.advisor)
    client.force_login(world.coordinator)
    assert client.post(save_url(dossier, "household"), {"version": "0"}, **HX).status_code == 403
    page = text(client.get(page_url(dossier)))
    assert "Lecture seule." in page and "hx-post" not in page.split("indicateurs-title")[1].split("photos-title")[0]


def test_unknown_section_is_not_found(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED, advisor=world.advisor)
    client.force_login(world.coordinator)
    assert client.post(save_url(dossier, "inconnue"), {"version": "0"}, **HX).status_code == 404


# --- saving -------------------------------------------------------------------------------------------------------


def test_household_saves_and_indicators_follow(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    response = client.post(
        save_url(dossier, "household"), {"version": "0", "persons_14_plus": "2", "children_under_14": "1"}, **HX
    )
    body = text(response)
    assert 'id="version-household" value="1" hx-swap-oob="true"' in body
    assert "Enregistré à" in body
    assert 'data-indicator="uc"' in body and "1,8" in body  # 1 + 0.5 + 0.3
    assert 'id="nav-household" class="diag-nav__done" hx-swap-oob="true"' in body
    section = DiagnosisSection.objects.get(dossier=dossier, key="household")
    assert section.data["persons_14_plus"] == 2 and section.version == 1 and section.updated_by == world.coordinator
    page = text(client.get(page_url(dossier)))
    assert '<a href="#section-household" id="nav-household" class="diag-nav__done">' in page
    assert '<a href="#section-charges" id="nav-charges">' in page


def test_bills_grid_saves_rows_and_computes_spending(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    blank = dict.fromkeys(BILL, "") | {"energy": "gaz_naturel", "reading": "real", "unit": "kwh"}
    response = client.post(save_url(dossier, "bills"), grid_post([BILL, blank], 0), **HX)
    rows = DiagnosisSection.objects.get(dossier=dossier, key="bills").data["rows"]
    assert len(rows) == 1  # the blank row (drop-downs only) is ignored
    assert rows[0]["quantity"] == "5000" and rows[0]["amount"] == "1450" and rows[0]["start"] == "2025-01-01"
    assert "1\u00a0450\u00a0€ par an" in text(response)


def test_invalid_bill_row_is_kept_as_draft_with_a_french_message(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    bad = BILL | {"end": "31/02/2026", "amount": ""}
    response = client.post(save_url(dossier, "bills"), grid_post([BILL, bad], 0), **HX)
    body = text(response)
    assert (
        'id="err-bills-1-end"' in body
        and "31/02/2026 n" in body
        and "existe pas : vérifiez le jour et le mois." in body
    )
    assert "Ce champ est obligatoire." in body
    assert "corrigez les champs signalés" in body
    data = DiagnosisSection.objects.get(dossier=dossier, key="bills").data
    assert len(data["rows"]) == 1
    assert data["draft_rows"] == [{"position": 1, "raw": bad}]
    # Nothing typed is lost: the page shows the draft row with its error.
    page = text(client.get(page_url(dossier)))
    assert 'value="31/02/2026"' in page and "existe pas : vérifiez le jour et le mois." in page


def test_bill_unit_must_fit_the_energy(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    response = client.post(save_url(dossier, "bills"), grid_post([BILL | {"unit": "l"}], 0), **HX)
    assert "Unité impossible pour cette énergie" in text(response)


def test_quantity_from_indexes(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    row = BILL | {"quantity": "", "index_start": "12340", "index_end": "13600"}
    client.post(save_url(dossier, "bills"), grid_post([row], 0), **HX)
    assert DiagnosisSection.objects.get(dossier=dossier, key="bills").data["rows"][0]["quantity"] == "1260"


def test_simple_section_invalid_field_keeps_the_others(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    data = {"version": "0", "heated_surface": "quatre-vingts", "levels": "2", "dwelling_type": "maison"}
    body = text(client.post(save_url(dossier, "dwelling"), data, **HX))
    assert 'id="err-dwelling-heated_surface"' in body and "Saisissez un nombre." in body
    stored = DiagnosisSection.objects.get(dossier=dossier, key="dwelling").data
    assert stored["levels"] == 2 and stored["_draft"] == {"heated_surface": "quatre-vingts"}
    assert 'value="quatre-vingts"' in text(client.get(page_url(dossier)))


def test_stale_save_is_refused_and_shows_the_other_change(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = save_url(dossier, "household")
    client.post(url, {"version": "0", "persons_14_plus": "2"}, **HX)
    client.post(url, {"version": "1", "persons_14_plus": "3"}, **HX)  # another tablet, same account
    body = text(client.post(url, {"version": "1", "persons_14_plus": "4"}, **HX))
    assert "Modifié par quelqu'un d'autre" in body and "Personnes de 14 ans et plus = 3" in body
    assert 'id="version-household" value="2"' in body  # the next save, made knowingly, wins
    assert DiagnosisSection.objects.get(dossier=dossier, key="household").data["persons_14_plus"] == 3


def test_stale_save_without_htmx_says_nothing_was_saved(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = save_url(dossier, "household")
    client.post(url, {"version": "0", "persons_14_plus": "2"})
    client.post(url, {"version": "1", "persons_14_plus": "3"})
    response = client.post(url, {"version": "1", "persons_14_plus": "4"}, follow=True)
    assert "vos changements n'ont pas été enregistrés" in text(response)
    assert DiagnosisSection.objects.get(dossier=dossier, key="household").data["persons_14_plus"] == 3


def test_refused_multiple_choice_is_kept_as_a_list(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    data = {"version": "0", "cold_last_winter": "yes", "cold_reasons": ["poor_insulation", "inconnue"]}
    body = text(client.post(save_url(dossier, "comfort"), data, **HX))
    assert 'id="err-comfort-cold_reasons"' in body and "corrigez les champs signalés" in body
    stored = DiagnosisSection.objects.get(dossier=dossier, key="comfort").data
    assert stored["cold_last_winter"] == "yes"
    assert stored["_draft"] == {"cold_reasons": ["poor_insulation", "inconnue"]}


def test_two_first_saves_do_not_crash(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    url = save_url(dossier, "household")
    client.post(url, {"version": "0", "persons_14_plus": "2"}, **HX)
    body = text(client.post(url, {"version": "0", "persons_14_plus": "5"}, **HX))
    assert "Modifié par quelqu'un d'autre" in body
    assert DiagnosisSection.objects.filter(dossier=dossier).count() == 1


def test_without_htmx_the_save_redirects_back(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    response = client.post(save_url(dossier, "comfort"), {"version": "0", "cold_last_winter": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("#section-comfort")
    assert DiagnosisSection.objects.get(dossier=dossier, key="comfort").data["cold_last_winter"] == "yes"


@pytest.mark.parametrize("months", [1, 11])
def test_queries_do_not_grow_with_rows(client, world, make_dossier, django_assert_max_num_queries, months):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    rows = [BILL | {"start": f"01/{m:02d}/2025", "end": f"01/{m + 1:02d}/2025"} for m in range(1, months + 1)]
    # session, user, memberships, dossier, save, reload, panel; +1: the new section's entry in the audit trail
    with django_assert_max_num_queries(9):
        client.post(save_url(dossier, "bills"), grid_post(rows, 0), **HX)
    for n in range(months):
        KitItem.objects.create(programme=world.programme, name=f"Article {n}", category="bill", unit_cost=5)
    with django_assert_max_num_queries(12):  # +1: the read of the diagnosis recorded (core.audit.record_read)
        response = client.get(page_url(dossier))
    assert text(response).count('class="sheet__row"') >= months + 1


# --- photos -------------------------------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (46.0, 40.0, 12.0), 3: "E", 4: (5.0, 33.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client, dossier, content, name="photo.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("diagnosis:photo_upload", kwargs={"pk": dossier.pk})
    return client.post(
        url, {"image": SimpleUploadedFile(name, content), "kind": "thermal", "caption": "Combles"}, **HX
    )


def test_photo_upload_strips_gps_and_is_served_only_to_the_team(client, world, make_dossier, private_media):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    with Image.open(io.BytesIO(jpeg_with_gps())) as original:
        assert original.getexif().get_ifd(0x8825)
    response = upload(client, dossier, jpeg_with_gps())
    assert response.status_code == 200
    photo = Photo.objects.get(dossier=dossier)
    assert photo.side == "technical" and photo.kind == "thermal"
    path = private_media / photo.image.name
    assert path.exists()
    with Image.open(path) as stored:
        assert not stored.getexif() and not stored.getexif().get_ifd(0x8825)
    url = reverse("diagnosis:photo_file", kwargs={"pk": dossier.pk, "photo_pk": photo.pk})
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served.content == path.read_bytes()
    for who, status in (("referrer", 403), ("advisor2", 404), ("other_coordinator", 404), ("chef_service", 200)):
        client.force_login(getattr(world, who))
        assert client.get(url).status_code == status, who
    client.logout()
    assert client.get(url).status_code == 302


def test_photo_of_another_dossier_is_not_found(client, world, make_dossier):
    mine = make_dossier(State.VISITED, advisor=world.advisor)
    other = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    upload(client, other, jpeg_with_gps())
    photo = Photo.objects.get(dossier=other)
    url = reverse("diagnosis:photo_file", kwargs={"pk": mine.pk, "photo_pk": photo.pk})
    assert client.get(url).status_code == 404


def test_non_image_is_refused_in_french(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    body = text(upload(client, dossier, b"%PDF-1.4 not an image", name="facture.jpg"))
    assert "n'est pas une image lisible" in body
    assert not Photo.objects.exists()


def test_photo_upload_refused_to_readers(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    for who, status in (("chef_mission", 403), ("referrer", 403), ("advisor2", 404)):
        client.force_login(getattr(world, who))
        assert upload(client, dossier, jpeg_with_gps()).status_code == status
    assert not Photo.objects.exists()


# --- kit ----------------------------------------------------------------------------------------------------------


def test_kit_installation_cost_and_stock(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    led = KitItem.objects.create(
        programme=world.programme, name="Ampoule LED", category="bill", unit_cost=4, expected_saving_eur=8
    )
    strip = KitItem.objects.create(programme=world.programme, name="Boudin de porte", category="comfort", unit_cost=15)
    KitItem.objects.create(programme=world.other, name="Article d'ailleurs", category="bill", unit_cost=1)
    KitStock.objects.create(item=led, unite=world.dole, quantity=50)
    client.force_login(world.advisor)
    url = reverse("diagnosis:kit_save", kwargs={"pk": dossier.pk})
    body = text(client.post(url, {f"item-{led.pk}": "5", f"item-{strip.pk}": "3"}, **HX))
    assert "65,00 €" in body and "dépassé" in body  # 5 × 4 + 3 × 15 = 65 > 60
    assert f'id="kit-stock-{led.pk}" hx-swap-oob="true">45<' in body
    assert dict(KitInstallation.objects.values_list("item__name", "quantity")) == {
        "Ampoule LED": 5,
        "Boudin de porte": 3,
    }
    body = text(client.post(url, {f"item-{led.pk}": "abc", f"item-{strip.pk}": "0"}, **HX))
    assert "Quantité entière entre 0 et 100." in body
    assert dict(KitInstallation.objects.values_list("item__name", "quantity")) == {"Ampoule LED": 5}
    page = text(client.get(page_url(dossier)))
    assert "Article d'ailleurs" not in page


def test_kit_is_filled_by_the_advisor_only(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    url = reverse("diagnosis:kit_save", kwargs={"pk": dossier.pk})
    for who, status in (("coordinator", 403), ("chef_mission", 403), ("referrer", 403), ("other_coordinator", 404)):
        client.force_login(getattr(world, who))
        assert client.post(url, {}, **HX).status_code == status


def test_nobody_reaches_another_programme(client, world):
    dossier = DossierFactory(commune=world.other_commune, organisation=world.other_org, referrer=world.other_referrer)
    for who in ("coordinator", "chef_mission", "advisor", "referrer"):
        client.force_login(getattr(world, who))
        assert client.get(page_url(dossier)).status_code == 404
        assert client.post(save_url(dossier, "household"), {"version": "0"}, **HX).status_code == 404


def test_photo_is_removed_by_its_side_only(
    client, world, make_dossier, private_media, django_capture_on_commit_callbacks
):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    upload(client, dossier, jpeg_with_gps())
    photo = Photo.objects.get()
    path = private_media / photo.image.name
    url = reverse("diagnosis:photo_delete", kwargs={"pk": dossier.pk, "photo_pk": photo.pk})
    for who, status in (("coordinator", 403), ("chef_mission", 403), ("referrer", 403), ("other_coordinator", 404)):
        client.force_login(getattr(world, who))
        assert client.post(url, **HX).status_code == status, who
    assert Photo.objects.exists() and path.exists()
    client.force_login(world.advisor)
    assert "Retirer" in text(client.get(page_url(dossier)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, **HX)
    assert response.status_code == 200 and "Aucune photo." in text(response)
    assert not Photo.objects.exists() and not path.exists()


def test_oversized_upload_is_refused_before_reading(client, world, make_dossier, monkeypatch):
    from binome.diagnosis import views

    monkeypatch.setattr(views, "MAX_BYTES", 100)
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.advisor)
    body = text(upload(client, dossier, jpeg_with_gps()))
    assert "Le fichier dépasse" in body and not Photo.objects.exists()


def test_numbers_come_back_in_french(client, world, make_dossier):
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    client.force_login(world.coordinator)
    client.post(save_url(dossier, "bills"), grid_post([BILL | {"amount": "245,95", "subscription": "30,5"}], 0), **HX)
    assert DiagnosisSection.objects.get(dossier=dossier, key="bills").data["rows"][0]["amount"] == "245.95"
    page = text(client.get(page_url(dossier)))
    assert 'value="245,95"' in page and 'value="30,5"' in page and 'value="01/01/2025"' in page
