"""The diagnosis in Chromium: twelve bills typed with the keyboard only, the indicators following; a pasted block of
rows; photo upload refusing a non-image and stripping the GPS position of a JPEG."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from binome.cases.workflow import State
from binome.diagnosis.models import DiagnosisSection, Photo
from tests.e2e.conftest import login


pytestmark = pytest.mark.django_db(transaction=True)

# Monthly electricity bills over 2025 (365 days): amounts add up to the yearly spending.
MONTHLY_KWH = [1200, 1050, 900, 600, 350, 250, 200, 200, 300, 650, 950, 1150]
AMOUNTS = [Decimal(k) * Decimal("0.1952") + Decimal("15.47") for k in MONTHLY_KWH]


def french(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


@pytest.fixture
def visited(world, make_dossier, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    dossier = make_dossier(State.VISITED, advisor=world.advisor)
    # The household was recorded earlier in the visit: 1 adult, 1 300 €/month.
    DiagnosisSection.objects.create(
        dossier=dossier, key="household", data={"persons_14_plus": 1}, updated_by=world.coordinator
    )
    DiagnosisSection.objects.create(
        dossier=dossier,
        key="resources",
        data={"rows": [{"source": "pension", "amount": "1300", "period": "month"}]},
        updated_by=world.coordinator,
    )
    return dossier


def diagnosis_url(live_server, dossier):
    return live_server.url + reverse("diagnosis:page", kwargs={"pk": dossier.pk})


def tile(page, key):
    return page.locator(f'[data-indicator="{key}"] .tile__value')


def test_twelve_bills_by_keyboard_update_the_indicators(page, live_server, world, visited):
    login(page, live_server, world.coordinator)
    page.goto(diagnosis_url(live_server, visited))
    expect(tile(page, "spend_total")).to_have_text("—")
    expect(tile(page, "tee")).to_have_text("—")

    page.locator("#bills-0-energy").focus()  # from here on, only the keyboard
    keyboard = page.keyboard
    for month, (kwh, amount) in enumerate(zip(MONTHLY_KWH, AMOUNTS, strict=True), start=1):
        end = f"01/{month + 1:02d}/2025" if month < 12 else "01/01/2026"
        keyboard.press("Tab")  # energy: électricité is the default
        for value in ("EDF", "Base", "6", f"01/{month:02d}/2025", end):
            keyboard.type(value)
            keyboard.press("Tab")
        keyboard.press("Tab")  # index début
        keyboard.press("Tab")  # index fin
        keyboard.press("Tab")  # relevé: réel
        keyboard.type(str(kwh))
        keyboard.press("Tab")
        keyboard.press("Tab")  # unité: kWh
        keyboard.type(french(amount))
        keyboard.press("Tab")
        keyboard.type("15,47")
        keyboard.press("Enter")  # next row, back to the energy column

    total = sum(AMOUNTS, Decimal(0))
    euros = f"{round(total):,}".replace(",", r"\s")
    expect(tile(page, "spend_total")).to_have_text(re.compile(rf"^{euros}\s?€ par an$"), timeout=15_000)
    expect(tile(page, "tee")).to_have_text(re.compile(r"^\d+,\d\s?%"))
    expect(page.locator("#status-bills")).to_have_text(re.compile("Enregistré à"))
    rows = DiagnosisSection.objects.get(dossier=visited, key="bills").data["rows"]
    assert len(rows) == 12
    assert [Decimal(r["quantity"]) for r in rows] == [Decimal(k) for k in MONTHLY_KWH]
    assert rows[11]["start"] == "2025-12-01" and rows[11]["end"] == "2026-01-01"
    # Expected TEE = yearly spending / (1 300 × 12).
    effort = (total / Decimal(15600) * 100).quantize(Decimal("0.1"))
    expect(tile(page, "tee")).to_contain_text(f"{effort}".replace(".", ","))


def test_pasting_rows_from_a_spreadsheet(page, live_server, world, visited):
    login(page, live_server, world.coordinator)
    page.goto(diagnosis_url(live_server, visited))
    block = "EDF\tBase\t6\t01/01/2025\t01/07/2025\nEDF\tBase\t6\t01/07/2025\t01/01/2026\n"
    page.locator("#bills-0-supplier").focus()
    page.evaluate(
        """(text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }""",
        block,
    )
    expect(page.locator("#bills-1-end")).to_have_value("01/01/2026")
    for row, (kwh, amount) in enumerate((("4000", "900"), ("2000", "500"))):
        page.locator(f"#bills-{row}-quantity").fill(kwh)
        page.locator(f"#bills-{row}-amount").fill(amount)
        page.locator(f"#bills-{row}-amount").dispatch_event("change")
    expect(tile(page, "spend_total")).to_have_text(re.compile(r"^1\s?400\s?€ par an$"), timeout=15_000)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (320, 240), (40, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "TabletteCam"  # make
    exif[0x8825] = {1: "N", 2: (46.0, 40.0, 12.0), 3: "E", 4: (5.0, 33.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_upload_refuses_a_non_image_and_strips_gps(page, live_server, world, visited, settings):
    login(page, live_server, world.advisor)
    page.goto(diagnosis_url(live_server, visited))
    photos = page.locator("#photos")
    photos.get_by_label("Photo ou image thermique").set_input_files(
        {"name": "releve.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.7 this is not a picture"}
    )
    photos.get_by_role("button", name="Ajouter la photo").click()
    expect(page.locator("#photos")).to_contain_text("n'est pas une image lisible")
    assert not Photo.objects.exists()

    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the test file really carries a GPS position
    page.locator("#photos").get_by_label("Photo ou image thermique").set_input_files(
        {"name": "combles.jpg", "mimeType": "image/jpeg", "buffer": original}
    )
    page.locator("#photos").get_by_label("Légende").fill("Combles non isolés")
    page.locator("#photos").get_by_role("button", name="Ajouter la photo").click()
    expect(page.locator("#photos img")).to_have_count(1)
    expect(page.locator("#photos")).to_contain_text("Combles non isolés")

    photo = Photo.objects.get()
    served = page.request.get(live_server.url + reverse("diagnosis:photo_file", args=[visited.pk, photo.pk]))
    assert served.status == 200
    with Image.open(io.BytesIO(served.body())) as image:
        assert image.size == (320, 240)
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif
    assert (settings.PRIVATE_MEDIA_ROOT / photo.image.name).read_bytes() == served.body()


def test_two_tablets_on_one_section_see_each_other_changes(page, browser, live_server, world, visited):
    other = browser.new_context(viewport={"width": 1024, "height": 768}, locale="fr-FR").new_page()
    try:
        for tablet in (page, other):
            login(tablet, live_server, world.coordinator)
            tablet.goto(diagnosis_url(live_server, visited))
        page.locator("#household-children_under_14").fill("2")
        page.locator("#household-children_under_14").blur()
        expect(page.locator("#status-household")).to_have_text(re.compile("^Enregistré à"))
        other.locator("#household-children_under_14").fill("3")
        other.locator("#household-children_under_14").blur()
        status = other.locator("#status-household")
        expect(status).to_contain_text("Modifié par quelqu'un d'autre")
        expect(status).to_contain_text("Enfants de moins de 14 ans = 2")
        assert DiagnosisSection.objects.get(dossier=visited, key="household").data["children_under_14"] == 2
        # Having seen it, the second tablet confirms its value: the next change is saved.
        other.locator("#household-children_under_14").fill("4")
        other.locator("#household-children_under_14").blur()
        expect(status).to_have_text(re.compile("^Enregistré à"))
        assert DiagnosisSection.objects.get(dossier=visited, key="household").data["children_under_14"] == 4
    finally:
        other.context.close()
