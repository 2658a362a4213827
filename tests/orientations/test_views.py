"""The pages as people use them: the orientation block and screen, proposing, moving with bad input, the
follow-up questionnaire, the outcome rates page, and their query counts."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.cases.workflow import State
from binome.orientations import calls, services
from binome.orientations.models import FollowUp, Orientation, Solution, SolutionPartner
from tests.orientations.conftest import move


def text(response) -> str:
    return html.unescape(response.content.decode())


def field_error(response, name) -> str:
    found = re.search(rf'<p class="error" id="id_{name}_error">(.*?)</p>', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def update_url(orientation):
    return reverse("orientations:update", kwargs={"pk": orientation.dossier_id, "orientation_pk": orientation.pk})


# The dossier page.


def test_the_dossier_page_shows_each_orientation_with_its_partner_and_the_calls(client, world, orientation):
    Orientation.objects.filter(pk=orientation.pk).update(organisation=world.caf)
    client.force_login(world.coordinator)
    body = text(client.get(reverse("cases:detail", kwargs={"pk": orientation.dossier_id})))
    assert "Orientations et suivi" in body and orientation.solution.name in body and "CAF du Jura" in body
    assert "Mettre à jour" in body and "proposée" in body
    assert "À 3 mois" in body and "À 12 mois" in body and "Faire l'appel" in body


def test_the_orientation_block_runs_in_constant_queries(client, world, sent):
    dossier = sent()
    client.force_login(world.coordinator)
    url = reverse("cases:detail", kwargs={"pk": dossier.pk})
    few = queries(client, url)
    services.propose(
        dossier, [{"solution": k} for k in ("cheque_energie", "works_aid", "legal_advice")], user=world.coordinator
    )
    for orientation in dossier.orientations.all():
        move(orientation, "accepted", user=world.coordinator)
    assert queries(client, url) == few


def test_a_referrer_sees_the_orientations_only_when_the_household_agreed(client, world, make_dossier):
    for share in (True, False):
        dossier = make_dossier(State.SENT, share_with_referrer=share)
        Orientation.objects.filter(dossier=dossier).update(partner_name="Point conseil budget de Dole")
        client.force_login(world.referrer)
        body = text(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})))
        assert ("Point conseil budget de Dole" in body) == share


# Proposing.


def test_the_coordinator_proposes_an_orientation_from_the_catalogue(client, world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    services.ensure_catalogue(world.programme)
    legal = Solution.objects.get(programme=world.programme, kind="legal_advice")
    client.force_login(world.advisor)
    add = reverse("orientations:add", kwargs={"pk": dossier.pk})
    response = client.post(
        add, {"solution": legal.pk, "organisation": world.caf.pk, "household_step": "Appeler l'ADIL."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#orientations")
    created = dossier.orientations.get(solution=legal)
    assert (created.organisation, created.household_step, created.created_by) == (
        world.caf,
        "Appeler l'ADIL.",
        world.advisor,
    )


def test_a_refused_proposal_keeps_what_was_typed(client, world, make_dossier):
    dossier = make_dossier(State.IN_REVIEW)
    before = dossier.orientations.count()
    client.force_login(world.coordinator)
    add = reverse("orientations:add", kwargs={"pk": dossier.pk})
    response = client.post(
        add,
        {"solution": "", "organisation": world.caf.pk, "partner_name": "Mairie", "household_step": "Rappeler lundi"},
    )
    assert response.status_code == 200
    assert field_error(response, "solution") == "Ce champ est obligatoire."
    assert "pas les deux" in field_error(response, "partner_name")
    assert "Rappeler lundi" in text(response) and 'value="Mairie"' in response.content.decode()
    assert dossier.orientations.count() == before


# Moving an orientation.


def post_move(client, orientation, **data):
    orientation = Orientation.objects.get(pk=orientation.pk)
    return client.post(update_url(orientation), {"version": orientation.version, **data})


def test_the_coordinator_takes_an_orientation_to_achieved_with_its_amounts(client, world, orientation):
    client.force_login(world.coordinator)
    for status in ("accepted", "sent", "in_progress"):
        assert post_move(client, orientation, status=status).status_code == 302
    response = post_move(
        client, orientation, status="achieved", outcome="FSL accordé.", aid_amount="1 250,50 €", debt_settled="300"
    )
    assert response.status_code == 302
    done = Orientation.objects.get(pk=orientation.pk)
    assert (done.status, str(done.aid_amount), str(done.debt_settled)) == ("achieved", "1250.50", "300.00")
    assert list(done.changes.values_list("to_status", flat=True)) == [
        "proposed",
        "accepted",
        "sent",
        "in_progress",
        "achieved",
    ]
    page = text(client.get(update_url(done)))
    assert "Cette orientation est terminée" in page and re.search(r"1\s250,50 €", page)


def link_email_offered(response) -> str:
    found = re.search(r'<input type="email" name="email"[^>]*value="([^"]*)"', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def test_the_orientation_page_offers_the_carrier_s_address_else_the_partner_s_in_the_same_queries(
    client, world, orientation
):
    """The address proposed for the partner's link, and the contact shown, come with the orientation: one with a
    partner that carries its solution costs no more queries than one with no partner yet."""
    client.force_login(world.coordinator)
    url = update_url(orientation)
    plain = queries(client, url)
    assert link_email_offered(client.get(url)) == ""
    world.caf.email = "accueil@caf.invalid"
    world.caf.save()
    Orientation.objects.filter(pk=orientation.pk).update(organisation=world.caf)
    assert link_email_offered(client.get(url)) == "accueil@caf.invalid"
    SolutionPartner.objects.create(
        solution=orientation.solution, organisation=world.caf, contact="Service FSL : 03 84 00 00 00", email=""
    )
    assert link_email_offered(client.get(url)) == "accueil@caf.invalid"  # no address of its own: the CAF's
    SolutionPartner.objects.filter(solution=orientation.solution).update(email="fsl@caf.invalid")
    response = client.get(url)
    assert link_email_offered(response) == "fsl@caf.invalid"
    assert "Service FSL : 03 84 00 00 00" in text(response)
    assert queries(client, url) == plain


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "achieved"}, "status", "Sélectionnez un choix valide"),  # not offered from "proposée"
        ({"status": ""}, "status", "Ce champ est obligatoire."),
    ],
)
def test_a_move_the_machine_forbids_is_refused(client, world, orientation, data, field, message):
    client.force_login(world.coordinator)
    response = post_move(client, orientation, **data)
    assert response.status_code == 200 and message in field_error(response, field)
    assert Orientation.objects.get(pk=orientation.pk).status == "proposed"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-450", "Le montant « aide accordée » ne peut pas être négatif."),
        ("4500000", "sans doute une erreur de saisie"),
        ("beaucoup", "Saisissez un nombre."),
    ],
)
def test_a_negative_or_absurd_amount_is_refused_and_nothing_saved(client, world, orientation, amount, message):
    client.force_login(world.coordinator)
    move(orientation, "accepted", "sent", user=world.coordinator)
    response = post_move(
        client, orientation, status="achieved", aid_amount=amount, outcome="Accordé par le Département"
    )
    assert response.status_code == 200
    assert message in field_error(response, "aid_amount")
    assert "Accordé par le Département" in text(response) and f'value="{amount}"' in response.content.decode()
    saved = Orientation.objects.get(pk=orientation.pk)
    assert (saved.status, saved.aid_amount, saved.outcome) == ("sent", None, "")


def test_a_stale_move_shows_the_other_person_s_values_and_keeps_the_input(client, world, orientation):
    client.force_login(world.coordinator)
    shown = Orientation.objects.get(pk=orientation.pk).version
    move(orientation, "accepted", "sent", user=world.chef_mission)
    response = client.post(update_url(orientation), {"version": shown, "status": "refused", "outcome": "Ne veut pas."})
    body = text(response)
    assert "Quelqu'un d'autre a enregistré cette fiche" in body
    assert "transmise au partenaire" in body and "Ne veut pas." in body
    assert Orientation.objects.get(pk=orientation.pk).status == "sent"


# The follow-up questionnaire.


def questionnaire(client, call, **data):
    call = FollowUp.objects.get(pk=call.pk)
    url = reverse("orientations:follow_up", kwargs={"pk": call.dossier_id, "follow_up_pk": call.pk})
    payload = {"version": call.version, "contacted_on": timezone.localdate().strftime("%d/%m/%Y"), "cold_now": "no"}
    return client.post(url, {**payload, "bills": "lower", **data})


def test_the_questionnaire_is_recorded(client, world, sent):
    call = sent().follow_ups.get(rank=1)
    client.force_login(world.coordinator)
    response = questionnaire(client, call, first_steps=["bills", "kit"], works_done="yes", restriction="never")
    assert response.status_code == 302
    done = FollowUp.objects.get(pk=call.pk)
    assert (done.status, done.first_steps, done.works_done, done.aid_obtained, done.cold_now) == (
        "answered",
        ["bills", "kit"],
        True,
        None,
        False,
    )


def test_a_call_dated_before_the_report_is_refused_with_nothing_saved(client, world, sent):
    dossier = sent()
    call = dossier.follow_ups.get(rank=1)
    report_day = calls.report_day(dossier)
    client.force_login(world.coordinator)
    before = (report_day - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = questionnaire(client, call, contacted_on=before, comment="Rappelée avant l'envoi ?")
    assert response.status_code == 200
    assert field_error(response, "contacted_on") == (
        f"L'appel de suivi ne peut pas précéder l'envoi du compte-rendu (le {report_day:%d/%m/%Y}) : vérifiez la date."
    )
    assert "Rappelée avant l'envoi ?" in text(response)
    assert FollowUp.objects.get(pk=call.pk).status == "planned"


def test_the_questionnaire_asks_the_cold_and_the_bills(client, world, sent):
    call = sent().follow_ups.get(rank=1)
    client.force_login(world.coordinator)
    response = questionnaire(client, call, cold_now="", bills="")
    assert field_error(response, "cold_now") == "Ce champ est obligatoire."
    assert field_error(response, "bills") == "Ce champ est obligatoire."


def test_the_questionnaire_shows_the_visit_s_values(client, world, make_dossier):
    from binome.diagnosis.models import DiagnosisSection

    dossier = make_dossier(State.SENT)
    DiagnosisSection.objects.create(
        dossier=dossier,
        key="comfort",
        data={"cold_last_winter": "yes", "restrictions": []},
        updated_by=world.coordinator,
    )
    calls.plan(dossier)
    client.force_login(world.coordinator)
    call = dossier.follow_ups.get(rank=1)
    body = text(client.get(reverse("orientations:follow_up", kwargs={"pk": dossier.pk, "follow_up_pk": call.pk})))
    assert "À la visite : avait froid" in body and "À la visite : ne se restreignait pas" in body


def test_no_answer_counts_an_attempt(client, world, sent):
    call = sent().follow_ups.get(rank=1)
    client.force_login(world.coordinator)
    url = reverse("orientations:no_answer", kwargs={"pk": call.dossier_id, "follow_up_pk": call.pk})
    response = client.post(url, {"version": call.version}, follow=True)
    assert "Appel sans réponse enregistré (1)." in text(response)
    response = client.post(url, {"version": call.version}, follow=True)  # the page shown before the first one
    assert "vient d'être modifié" in text(response)
    assert FollowUp.objects.get(pk=call.pk).attempts == 1


# The outcome rates page.


def answered(dossier, user, **answers):
    call = dossier.follow_ups.get(rank=1)
    payload = {"contacted_on": timezone.localdate(), "cold_now": False, "bills": "same", **answers}
    calls.record_answers(call, payload, user=user, expected_version=call.version)


def test_the_rates_page_gives_the_counts_and_the_definitions(client, world, sent):
    from binome.orientations.models import Baseline

    a, b, c = sent(), sent(commune=world.commune2), sent()
    Baseline.objects.filter(dossier__in=[a, b]).update(cold=True)
    answered(a, world.coordinator, first_steps=["bills"], bills="lower")  # first action, no longer cold, savings
    answered(b, world.coordinator, aid_obtained=True, cold_now=True)  # first and engaging action, still cold
    client.force_login(world.chef_service)
    response = client.get(reverse("orientations:rates"))
    body = text(response)
    assert "3 comptes-rendus envoyés, 2 ménages joints au suivi, 0 injoignables, 1 pas encore joints" in body
    assert "2 ménages sur 2" in body  # first action
    assert "1 ménages sur 2" in body  # engaging, no longer cold (1/2), savings (1/2)
    assert "repère national : 84 %" in body and "repère national : 30 %" in body
    assert "Comment sont calculés ces chiffres ?" in body
    assert "divisés par les ménages joints qui avaient froid à la visite" in body
    assert "Dole" in body and "Champagnole" in body
    assert c.last_name.upper() not in body and a.reference not in body


def test_the_rates_page_runs_in_constant_queries(client, world, sent):
    client.force_login(world.coordinator)
    url = reverse("orientations:rates")
    answered(sent(), world.coordinator)
    queries(client, url)  # computes the programme's summary
    answered(sent(commune=world.commune2), world.coordinator, bills="lower")
    refreshed = queries(client, url)  # the data changed: recomputed (at once, with the immediate backend)
    fresh = queries(client, url)  # read from the summary
    for _ in range(5):
        answered(sent(commune=world.commune2), world.coordinator, bills="lower")
    assert queries(client, url) == refreshed
    assert queries(client, url) == fresh
    assert fresh <= 6  # session, user, membership, the summary, BEGIN / COMMIT


def test_an_unknown_year_falls_back_to_the_latest(client, world, sent):
    answered(sent(), world.coordinator)
    client.force_login(world.coordinator)
    body = text(client.get(reverse("orientations:rates"), {"annee": "1999"}))
    assert f"{timezone.localdate().year} : 1 comptes-rendus envoyés" in body or "comptes-rendus envoyés" in body
    assert client.get(reverse("orientations:rates"), {"annee": "<script>"}).status_code == 200
