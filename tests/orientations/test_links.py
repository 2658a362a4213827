"""The partner's signed link: what it reveals, what it lets the partner do, its expiry, its single use, its log."""

import datetime as dt
import html
import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from binome.orientations import links, services
from binome.orientations.models import LinkAction, Orientation, PartnerLink
from tests.orientations.conftest import move


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def link(world, orientation):
    """The FSL orientation, accepted and sent to the CAF, with a link for the CAF."""
    Orientation.objects.filter(pk=orientation.pk).update(organisation=world.caf)
    sent_to_partner = move(orientation, "accepted", "sent", user=world.coordinator)
    return links.create(sent_to_partner, user=world.coordinator, email="fsl@caf.invalid")


def url(link):
    return reverse("orientations:partner", kwargs={"token": links.token_for(link)})


def test_the_link_reveals_only_the_name_the_commune_and_the_orientation(client, world, link, make_dossier):
    dossier = link.orientation.dossier
    dossier.phone, dossier.address, dossier.description = "03 84 99 12 34", "7 rue du Secret", "Dette de 612 €."
    dossier.save()
    services.propose(dossier, [{"solution": "cheque_energie"}], user=world.coordinator)
    other = make_dossier(last_name="Autrefamille")
    response = client.get(url(link))
    body = text(response)
    assert response.status_code == 200
    assert dossier.household_name in body and dossier.commune.name in body
    assert link.orientation.solution.name in body and "transmise au partenaire" in body
    for secret in ("03 84 99 12 34", "7 rue du Secret", "Dette de 612 €.", "Chèque énergie", dossier.reference):
        assert secret not in body, secret
    assert other.last_name.upper() not in body
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Referrer-Policy"] == "same-origin"
    assert "no-cache" in response["Cache-Control"]


def test_the_token_names_no_household_and_cannot_be_forged(client, link):
    token = links.token_for(link)
    assert link.orientation.dossier.last_name.lower() not in token.lower()
    pk, nonce = signing.loads(token, salt=links.SALT)
    assert client.get(reverse("orientations:partner", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    forged = signing.dumps([pk + 1, nonce], salt=links.SALT)
    assert client.get(reverse("orientations:partner", kwargs={"token": forged})).status_code == 404
    unsalted = signing.dumps([pk, nonce])
    assert client.get(reverse("orientations:partner", kwargs={"token": unsalted})).status_code == 404


def answer(client, link, **data):
    orientation = Orientation.objects.get(pk=link.orientation_id)
    payload = {"status": "in_progress", "answered_by": "Mme Roy, service FSL", "version": orientation.version}
    return client.post(url(link), {**payload, **data})


def test_the_partner_sets_status_and_outcome_once(client, world, link):
    response = answer(
        client, link, status="achieved", outcome="Aide accordée.", aid_amount="450", debt_settled="612,40"
    )
    assert "Merci, votre réponse est enregistrée." in text(response)
    orientation = Orientation.objects.get(pk=link.orientation_id)
    assert (orientation.status, orientation.outcome, str(orientation.aid_amount)) == (
        "achieved",
        "Aide accordée.",
        "450.00",
    )
    change = orientation.changes.last()
    assert (change.actor, change.link_id, change.answered_by) == (None, link.pk, "Mme Roy, service FSL")
    event = orientation.dossier.events.filter(kind="orientation").order_by("at", "pk").last()
    assert event.actor is None and "Réponse du partenaire par son lien." in event.note
    link.refresh_from_db()
    assert link.used_at is not None
    again = answer(client, link, status="abandoned")
    assert again.status_code == 410 and "Ce lien a déjà servi" in text(again)
    assert Orientation.objects.get(pk=link.orientation_id).status == "achieved"


def test_an_expired_link_is_refused(client, world, link, clock):
    clock.move_to(link.expires_at + dt.timedelta(minutes=1))
    response = client.get(url(link))
    assert response.status_code == 410 and "Ce lien a expiré le" in text(response)
    assert "Votre réponse" not in text(response)
    response = answer(client, link)
    assert response.status_code == 410
    assert Orientation.objects.get(pk=link.orientation_id).status == "sent"


def test_a_new_link_replaces_the_previous_one(client, world, link):
    newer = links.create(link.orientation, user=world.coordinator)
    response = answer(client, link)
    assert response.status_code == 410 and "remplacé par un plus récent" in text(response)
    assert answer(client, newer).status_code == 200
    assert Orientation.objects.get(pk=link.orientation_id).status == "in_progress"


def test_a_refused_answer_saves_nothing_and_keeps_what_was_typed(client, world, link):
    response = answer(client, link, status="achieved", aid_amount="-50", outcome="Montant à vérifier")
    body = text(response)
    assert response.status_code == 200
    assert "Le montant « aide accordée » ne peut pas être négatif." in body
    assert "Montant à vérifier" in body and "Mme Roy, service FSL" in body
    orientation = Orientation.objects.get(pk=link.orientation_id)
    assert (orientation.status, orientation.aid_amount) == ("sent", None)
    assert PartnerLink.objects.get(pk=link.pk).used_at is None  # the partner can correct and send again
    response = answer(client, link, status="accepted")
    assert "Sélectionnez un choix valide" in text(response)  # "accepted" is not offered to a partner
    assert Orientation.objects.get(pk=link.orientation_id).status == "sent"


def test_the_partner_is_told_when_the_slime_moved_the_orientation_meanwhile(client, world, link):
    shown = Orientation.objects.get(pk=link.orientation_id).version
    move(Orientation.objects.get(pk=link.orientation_id), "in_progress", user=world.coordinator)
    response = answer(client, link, status="achieved", version=shown, outcome="Accordée le 3.")
    body = text(response)
    assert "Le SLIME a mis à jour cette orientation pendant que vous répondiez." in body
    assert "Accordée le 3." in body
    assert Orientation.objects.get(pk=link.orientation_id).status == "in_progress"
    assert PartnerLink.objects.get(pk=link.pk).used_at is None


def test_every_use_is_logged(client, world, link, clock):
    client.get(url(link))
    answer(client, link, status="achieved", aid_amount="-1")
    answer(client, link)
    client.get(url(link))
    actions = list(link.uses.values_list("action", flat=True))
    assert actions == [LinkAction.OPENED, LinkAction.REFUSED_MOVE, LinkAction.ANSWERED, LinkAction.USED]


def test_the_coordinator_sends_the_link_by_e_mail_after_the_commit(
    world, link, django_capture_on_commit_callbacks, client
):
    client.force_login(world.coordinator)
    orientation = link.orientation
    target = reverse("orientations:send_link", kwargs={"pk": orientation.dossier_id, "orientation_pk": orientation.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"email": "instruction@caf.invalid"})
    assert response.status_code == 302
    newest = PartnerLink.objects.filter(orientation=orientation).first()
    assert newest.email == "instruction@caf.invalid" and newest.pk != link.pk
    link.refresh_from_db()
    assert link.revoked_at is not None
    (message,) = mail.outbox
    assert message.to == ["instruction@caf.invalid"]
    # The token is signed with the second it was made: read it back from the e-mail rather than re-sign it.
    (token,) = re.findall(r"/partenaire/([^/\s]+)/", message.body)
    assert links.open_link(token).link == newest and orientation.solution.name in message.subject
    assert orientation.dossier.last_name not in message.body and orientation.dossier.last_name not in message.subject
    assert newest.expires_at.date() == (newest.created_at + dt.timedelta(days=30)).date()


def test_a_wrong_address_is_refused_with_the_input_kept(client, world, link):
    client.force_login(world.coordinator)
    orientation = link.orientation
    target = reverse("orientations:send_link", kwargs={"pk": orientation.dossier_id, "orientation_pk": orientation.pk})
    response = client.post(target, {"email": "caf-at-jura"})
    assert response.status_code == 200 and "caf-at-jura" in text(response)
    assert "Saisissez une adresse de courriel valide." in text(response)
    assert PartnerLink.objects.filter(orientation=orientation).count() == 1


def test_links_expire_after_the_programme_s_number_of_days(world, orientation):
    from binome.orientations.models import OrientationSettings

    OrientationSettings.objects.create(programme=world.programme, link_days=8)
    created = links.create(orientation, user=world.coordinator)
    assert created.expires_at - created.created_at == dt.timedelta(days=8)
    assert links.open_link(links.token_for(created), now=timezone.now() + dt.timedelta(days=8, seconds=1)).refusal


def test_a_link_to_a_closed_dossier_no_longer_works(client, world, link):
    from binome.accounts.models import Role
    from binome.cases import transitions

    dossier = link.orientation.dossier
    transitions.apply(dossier, "close_with_reason", user=world.coordinator, roles={Role.COORDINATOR}, note="Décès.")
    response = answer(client, link, status="achieved")
    assert response.status_code == 410 and "Le SLIME a clôturé ce dossier" in text(response)
    assert Orientation.objects.get(pk=link.orientation_id).status == "sent"
