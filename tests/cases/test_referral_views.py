"""The referral side: duplicates, drafts, milestone e-mails, self-referral, what a referrer sees."""

import datetime as dt
import html
import re
import secrets

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from binome.accounts.models import Membership, Role
from binome.cases import public_form, transitions
from binome.cases.duplicates import find_duplicates, fold, phone_digits
from binome.cases.models import Channel, Dossier, IncomeBand, ReferralDraft
from binome.cases.workflow import State
from binome.network.models import SourceFamily, move_referrer, start_posting
from binome.territory.models import CoverageYear
from tests.cases.test_views import login, referral_data
from tests.factories import UserFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


# Duplicates.


def test_fold_and_phone_digits_ignore_accents_case_spaces_and_prefix():
    assert fold("  Rue de l'Église ") == fold("rue de l eglise") == "rue de l eglise"
    assert fold("LE FÈVRE") == fold("le fevre")
    assert phone_digits("+33 3 84 12 34 56") == phone_digits("03.84.12.34.56") == "0384123456"


def test_duplicates_by_phone_name_or_address_among_open_dossiers_only(world, make_dossier):
    same_phone = make_dossier(last_name="Autre", phone="03 84 00 00 01", address="1 rue A")
    same_name = make_dossier(last_name="Lefèvre", phone="03 84 00 00 02", address="2 rue B")
    same_address = make_dossier(last_name="Tiers", phone="03 84 00 00 03", address="7, Rue de l'Église")
    make_dossier(last_name="Lefèvre", phone="03 84 00 00 04", commune=world.commune2)  # other commune
    closed = make_dossier(State.NOT_ELIGIBLE, last_name="Lefevre", phone="03 84 00 00 01")
    matches = find_duplicates(
        world.programme,
        last_name="LEFEVRE",
        phone="+33 3 84 00 00 01",
        address="7 rue de l eglise",
        commune=world.commune,
    )
    found = {m.dossier.pk: m.reasons for m in matches}
    assert found == {
        same_phone.pk: ("même téléphone",),
        same_name.pk: ("même nom dans la même commune",),
        same_address.pk: ("même adresse",),
    }
    assert closed.pk not in found


def test_duplicates_never_cross_programmes(world):
    from tests.factories import DossierFactory

    DossierFactory(commune=world.other_commune, phone="03 84 00 00 01", organisation=world.other_org)
    assert find_duplicates(world.programme, phone="03 84 00 00 01", commune=world.commune) == []


def test_referrer_is_warned_of_a_duplicate_and_may_confirm(world, make_dossier):
    existing = make_dossier(last_name="Vuillemin", phone="01 99 00 00 01")
    client = login(world.referrer_caf)  # another organisation: the reference is not revealed
    response = client.post(reverse("cases:referral_create"), referral_data(world))
    assert response.status_code == 200
    page = text(response)
    assert "Ce ménage a peut-être déjà une demande en cours." in page
    assert "même nom dans la même commune" in page
    assert existing.reference not in page
    assert "Cochez cette case si c'est bien une nouvelle demande." in page
    assert Dossier.objects.count() == 1
    response = client.post(reverse("cases:referral_create"), referral_data(world, confirm_duplicate="on"))
    assert response.status_code == 302
    new = Dossier.objects.exclude(pk=existing.pk).get()
    assert existing.reference in new.events.get().note


def test_coordinator_sees_the_duplicate_reference(world, make_dossier):
    existing = make_dossier(last_name="Vuillemin")
    response = login(world.coordinator).post(reverse("cases:referral_create"), referral_data(world))
    assert existing.reference in text(response)


# Drafts (autosave).


def test_draft_is_saved_and_restored_then_removed_on_submit(world):
    client = login(world.referrer)
    data = referral_data(world, phone="03 84")  # unfinished and invalid: kept all the same
    response = client.post(reverse("cases:referral_draft"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Brouillon enregistré" in text(response)
    page = text(client.get(reverse("cases:referral_create")))
    assert "Brouillon du" in page
    assert 'value="Vuillemin"' in page and 'value="03 84"' in page
    assert re.search(r'value="cold"[^>]*checked', page) and re.search(r'value="humidity"[^>]*checked', page)
    assert "Une demande commencée le" in text(client.get(reverse("cases:my_requests")))
    client.post(reverse("cases:referral_create"), referral_data(world))
    assert not ReferralDraft.objects.exists()


def test_a_draft_is_personal(world):
    login(world.referrer).post(reverse("cases:referral_draft"), referral_data(world))
    page = text(login(world.referrer_caf).get(reverse("cases:referral_create")))
    assert "Vuillemin" not in page


def test_draft_can_be_discarded(world):
    client = login(world.referrer)
    client.post(reverse("cases:referral_draft"), referral_data(world))
    client.post(reverse("cases:referral_draft"), {"discard": "1"})
    assert not ReferralDraft.objects.exists()


# Source family and attribution.


def test_new_request_records_its_source_family(world):
    login(world.referrer).post(reverse("cases:referral_create"), referral_data(world))
    assert Dossier.objects.get().source_family == SourceFamily.PARTNER_SOCIAL  # CCAS


def test_coordinator_attributes_a_request_to_a_workshop(world):
    from binome.network.models import MobilisationEvent

    workshop = MobilisationEvent.objects.create(
        programme=world.programme, kind="workshop", title="Atelier Énergie Logis", date=dt.date(2026, 3, 2)
    )
    data = referral_data(
        world, channel=Channel.PAPER, mobilisation_event=workshop.pk, referrer_name="Animatrice de l'atelier"
    )
    response = login(world.coordinator).post(reverse("cases:referral_create"), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.mobilisation_event, dossier.source_family, dossier.referrer_name) == (
        workshop,
        SourceFamily.WORKSHOP,
        "Animatrice de l'atelier",
    )
    assert list(workshop.dossiers.all()) == [dossier]


def test_referrer_cannot_attribute_to_an_event(world):
    from binome.network.models import MobilisationEvent

    workshop = MobilisationEvent.objects.create(
        programme=world.programme, kind="workshop", title="Atelier", date=dt.date(2026, 3, 2)
    )
    login(world.referrer).post(reverse("cases:referral_create"), referral_data(world, mobilisation_event=workshop.pk))
    assert Dossier.objects.get().mobilisation_event is None


# Milestone e-mails (locmem backend in the tests).


# The e-mails leave once the step is committed (``cases.chain`` listeners), hence the captured callbacks.


def test_referrer_gets_an_email_at_each_milestone_without_personal_data(world, django_capture_on_commit_callbacks):
    client = login(world.referrer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cases:referral_create"), referral_data(world))
    dossier = Dossier.objects.get()
    assert [m.to for m in mail.outbox] == [[world.referrer.email]]
    assert mail.outbox[0].subject.endswith(f"Demande {dossier.reference} bien reçue")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(dossier, "accept", user=world.coordinator, roles={Role.COORDINATOR})
    assert len(mail.outbox) == 2
    assert "la coordinatrice va appeler le ménage" in mail.outbox[1].body
    assert reverse("cases:detail", kwargs={"pk": dossier.pk}) in mail.outbox[1].body
    for message in mail.outbox:
        for personal in ("Vuillemin", "Odile", "rue du Pont", "84 12"):
            assert personal not in message.subject + message.body


def test_visit_booked_email_gives_the_date(world, make_dossier, django_capture_on_commit_callbacks):
    from tests.factories import VisitFactory

    dossier = make_dossier(State.TO_CONTACT)
    mail.outbox.clear()
    starts = timezone.make_aware(dt.datetime(2030, 3, 5, 9, 0))
    VisitFactory(dossier=dossier, advisor=world.advisor, coordinator=world.coordinator, starts_at=starts)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(dossier, "schedule", user=world.coordinator, roles={Role.COORDINATOR})
    # The referrer hears of the date; the energy advisor gets the preparation note of the same step.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.referrer.email, world.advisor.email])
    to_referrer = next(m for m in mail.outbox if m.to == [world.referrer.email])
    assert "prévue le mardi 5 mars 2030 à 09:00" in to_referrer.body


def test_back_dated_history_sends_nothing(world, make_dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_dossier(State.CLOSED)  # advance() records steps a month ago, like an import
    assert callbacks  # the steps were announced to the listeners…
    assert mail.outbox == []  # …which send nothing for history


def test_a_step_rolled_back_sends_nothing(world, make_dossier, django_capture_on_commit_callbacks):
    from django.db import transaction

    dossier = make_dossier()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            transitions.apply(dossier, "accept", user=world.coordinator, roles={Role.COORDINATOR})
            raise RuntimeError("the page failed after the step")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(dossier, "accept", user=world.coordinator, roles={Role.COORDINATOR})
    assert len(mail.outbox) == 1


def test_referrer_who_moved_is_replaced_by_the_organisation_address(
    world, make_dossier, django_capture_on_commit_callbacks
):
    dossier = make_dossier()
    world.ccas.email = "accueil@ccas-dole.example.org"
    world.ccas.save()
    move_referrer(world.referrer, world.caf, on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(dossier, "accept", user=world.coordinator, roles={Role.COORDINATOR})
    assert [m.to for m in mail.outbox] == [["accueil@ccas-dole.example.org"]]


# What a referrer sees.


def test_referrer_sees_the_requests_they_sent_and_the_manager_all_of_the_organisation(world, make_dossier):
    mine = make_dossier(last_name="Dumas")
    colleague = make_dossier(last_name="Collègue", referrer=None)  # same organisation, entered by phone
    other = make_dossier(last_name="Caf", organisation=world.caf, referrer=world.referrer_caf)
    page = text(login(world.referrer).get(reverse("cases:my_requests")))
    assert mine.reference in page
    assert colleague.reference not in page and other.reference not in page and "CAF" not in page
    assert login(world.referrer).get(reverse("cases:detail", kwargs={"pk": colleague.pk})).status_code == 404
    assert login(world.referrer).get(reverse("cases:detail", kwargs={"pk": other.pk})).status_code == 404

    Membership.objects.filter(user=world.referrer, role=Role.REFERRER).update(manages_organisation=True)
    page = text(login(world.referrer).get(reverse("cases:my_requests")))
    assert mine.reference in page and colleague.reference in page and "Les demandes de ma structure" in page
    assert other.reference not in page
    assert login(world.referrer).get(reverse("cases:detail", kwargs={"pk": other.pk})).status_code == 404


def test_referrer_who_changes_organisation_follows_the_new_one(world, make_dossier):
    old = make_dossier(last_name="Ancien")
    Membership.objects.filter(user=world.referrer, role=Role.REFERRER).update(manages_organisation=True)
    start_posting(world.referrer, world.ccas, on=dt.date(2024, 1, 1))
    move_referrer(world.referrer, world.caf, on=dt.date(2026, 1, 1))
    new = make_dossier(last_name="Nouveau", organisation=world.caf, referrer=world.referrer)
    colleague = make_dossier(last_name="Collègue", organisation=world.caf, referrer=world.referrer_caf)
    client = login(world.referrer)
    assert client.get(reverse("cases:detail", kwargs={"pk": old.pk})).status_code == 404
    assert client.get(reverse("cases:detail", kwargs={"pk": new.pk})).status_code == 200
    # Managing the CCAS said nothing of the CAF.
    assert client.get(reverse("cases:detail", kwargs={"pk": colleague.pk})).status_code == 404
    assert not Membership.objects.get(user=world.referrer, role=Role.REFERRER).manages_organisation
    history = list(world.referrer.postings.order_by("starts_on").values_list("organisation__name", "ends_on"))
    assert history == [("CCAS de Dole", dt.date(2025, 12, 31)), ("CAF du Jura", None)]


def test_my_requests_filters_open_and_ended(world, make_dossier):
    running = make_dossier(State.TO_CONTACT)
    ended = make_dossier(State.WITHDRAWN)
    client = login(world.referrer)
    open_page = text(client.get(reverse("cases:my_requests") + "?etape=en-cours"))
    ended_page = text(client.get(reverse("cases:my_requests") + "?etape=termines"))
    assert running.reference in open_page and ended.reference not in open_page
    assert ended.reference in ended_page and running.reference not in ended_page


def test_my_requests_show_who_sent_a_colleague_s_request_to_the_manager(world, make_dossier):
    own = make_dossier(last_name="Dumas", first_name="Léa")
    colleague = UserFactory(first_name="Anne", last_name="Roy")
    theirs = make_dossier(
        last_name="Roy", referrer=colleague, next_visit_at=timezone.make_aware(dt.datetime(2031, 5, 6, 9))
    )
    Membership.objects.filter(user=world.referrer, role=Role.REFERRER).update(manages_organisation=True)
    page = login(world.referrer).get(reverse("cases:my_requests")).content.decode()
    day = timezone.localtime(own.created_at).strftime("%d/%m/%Y")
    assert (
        f'<td><a class="ref" href="/dossiers/{own.pk}/">{own.reference}</a></td>\n      <td>DUMAS Léa</td>\n'
        f"      <td>{own.commune.name}</td>\n      <td>{day}</td>\n"
        '      <td><span class="state state--received">Demande reçue</span></td>\n      <td>—</td>'
    ) in page
    assert '<td>ROY Marie<br><small class="muted">par Anne Roy</small></td>' in page
    assert f'href="/dossiers/{theirs.pk}/"' in page and "<td>06/05/2031</td>" in page


def test_requests_received_at_the_same_time_each_come_on_one_page(world, make_dossier):
    """Imported requests share their date: the pages keep them in one order (none twice, none missing)."""
    dossiers = [make_dossier() for _ in range(55)]
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(created_at=timezone.now() - dt.timedelta(days=3))
    client = login(world.referrer)
    pages = [text(client.get(reverse("cases:my_requests"), {"page": number})) for number in ("1", "2")]
    seen = [reference for page in pages for reference in re.findall(r'class="ref" href="[^"]+">([^<]+)<', page)]
    assert sorted(seen) == sorted(d.reference for d in dossiers)


def test_report_summary_only_with_consent(world, make_dossier):
    shared = make_dossier(State.SENT, share_with_referrer=True)
    private = make_dossier(State.SENT, share_with_referrer=False)
    client = login(world.referrer)
    assert "Résumé partagé." in text(client.get(reverse("cases:detail", kwargs={"pk": shared.pk})))
    page = text(client.get(reverse("cases:detail", kwargs={"pk": private.pk})))
    assert "Résumé partagé." not in page
    assert "Le ménage n'a pas souhaité que le compte-rendu vous soit transmis." in page


# Self-referral (public form).


def self_data(world, **overrides):
    data = {
        "filled_by": "household",
        "last_name": "Girod",
        "first_name": "Lucie",
        "phone": "03 84 99 88 77",
        "email": "lucie.girod@example.org",
        "address": "12 rue Basse",
        "commune": world.commune.pk,
        "tenure": "private_tenant",
        "household_size": "2",
        "income_band": IncomeBand.TRES_MODESTE,
        "motives": ["cold"],
        "consent_contact": "on",
        "website": "",
        "shown_at": aged_token(60),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def aged_token(seconds: int) -> str:
    """A genuine one-use token of a form shown ``seconds`` ago (a new nonce each time)."""
    signer = signing.TimestampSigner(salt=public_form.SIGNER_SALT)
    stamp = signing.b62_encode(int(timezone.now().timestamp()) - seconds)
    value = f"{secrets.token_urlsafe(16)}{signer.sep}{stamp}"
    return f"{value}{signer.sep}{signer.signature(value)}"


def test_household_refers_itself_without_an_account(client, world, django_capture_on_commit_callbacks):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, self_data(world), follow=True)
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.source_family, dossier.referrer, dossier.state) == (
        Channel.SELF,
        SourceFamily.SELF,
        None,
        State.RECEIVED,
    )
    assert dossier.reference in text(response)
    assert [m.to for m in mail.outbox] == [["lucie.girod@example.org"]]
    assert "/dossiers/" not in mail.outbox[0].body  # no link to a page the household cannot open
    # It lands in the coordinator's queue, marked as such.
    page = text(login(world.coordinator).get(reverse("cases:detail", kwargs={"pk": dossier.pk})))
    assert "Demande du ménage (formulaire public)" in page
    queue = text(login(world.coordinator).get(reverse("coordination:queue")))
    assert dossier.reference in queue and "formulaire public (demande du ménage)" in queue


def test_self_referral_errors_are_in_french_and_keep_what_was_typed(client, world):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    response = client.post(url, self_data(world, phone="12", consent_contact=None))
    page = text(response)
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "Numéro de téléphone invalide" in page
    assert "Sans votre accord, le SLIME ne peut pas vous contacter." in page
    assert 'value="Girod"' in page and 'value="12 rue Basse"' in page


def test_honeypot_pretends_success_and_records_nothing(client, world):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    response = client.post(url, self_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", "now"])
def test_too_fast_or_forged_submission_is_asked_again_with_data_kept(client, world, token):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    shown_at = aged_token(0) if token == "now" else token
    response = client.post(url, self_data(world, shown_at=shown_at))
    assert response.status_code == 200
    assert not Dossier.objects.exists()
    assert "Merci de relire votre demande" in text(response)
    assert 'value="Girod"' in text(response)


def test_abuse_is_slowed_down_not_crashed(client, world):
    url = reverse("cases:self_referral", kwargs={"slug": "jura"})
    statuses = []
    for i in range(public_form.PER_ADDRESS + 2):
        data = self_data(world, phone=f"03 84 99 88 {10 + i}", email=f"menage{i}@example.org")
        statuses.append(client.post(url, data).status_code)
    assert statuses[: public_form.PER_ADDRESS] == [302] * public_form.PER_ADDRESS
    assert statuses[public_form.PER_ADDRESS :] == [429, 429]
    response = client.post(url, self_data(world, last_name="Patient"))
    assert response.status_code == 429
    assert "patientez quelques minutes" in text(response)
    assert 'value="Patient"' in text(response)
    assert Dossier.objects.count() == public_form.PER_ADDRESS
    # Another address is not affected.
    other = client.post(url, self_data(world, last_name="Voisin"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_unknown_programme_is_not_found(client, world):
    assert client.get(reverse("cases:self_referral", kwargs={"slug": "inconnu"})).status_code == 404


# The coordinator's hint.


def test_hint_tag_shows_eligibility_and_duplicates(world, make_dossier):
    CoverageYear.objects.create(programme=world.programme, year=timezone.localdate().year, unite=world.dole)
    first = make_dossier(household_size=1, declared_income=15000, motives=["cold"])
    second = make_dossier(household_size=1, declared_income=15000, motives=["cold"])
    rendered = Template("{% load referral %}{% referral_hints dossier %}").render(Context({"dossier": second}))
    assert "a priori éligible" in rendered
    assert "Unité territoriale couverte" in rendered
    assert first.reference in rendered and "Doublon possible" in rendered
    assert "RFR 15\xa0000 €" in rendered  # grouped as French writes numbers, never « 15000 »


def test_abandoned_drafts_are_forgotten_after_30_days(world):
    client = login(world.referrer)
    client.post(reverse("cases:referral_draft"), referral_data(world))
    ReferralDraft.objects.update(updated_at=timezone.now() - dt.timedelta(days=31))
    page = text(client.get(reverse("cases:referral_create")))
    assert "Vuillemin" not in page
    assert not ReferralDraft.objects.exists()
