"""Invitation by e-mail, the admin sealed to the programme's people, role grants recorded and shown."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from binome.accounts.models import Membership, Role, RoleGrant, User
from tests.conftest import MONDAY_MORNING


def text(response) -> str:
    return html.unescape(response.content.decode())


def _invite(client, world, email="marie.invitee@example.org", role=Role.COORDINATOR, **extra):
    data = {
        "email": email,
        "first_name": "Marie",
        "last_name": "Invitée",
        "phone": "",
        "programme": world.programme.pk,
        "role": role,
        "organisation": "",
        **extra,
    }
    return client.post(reverse("admin:accounts_user_add"), data, follow=True)


def _link(message) -> str:
    return re.search(r"http://\S+/compte/invitation/\S+/", message.body).group(0)


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_the_add_page_reads_as_french(admin_client):
    body = text(admin_client.get(reverse("admin:accounts_user_add")))
    assert "Ajout de utilisateur" not in body
    assert "<title>Inviter une personne" in body
    assert "<h1>Inviter une personne</h1>" in body
    assert "Ajouter compte utilisateur" in body  # the breadcrumb: Django's "Ajouter" + the model's verbose name
    membership = text(admin_client.get(reverse("admin:accounts_membership_add")))
    assert "<title>Ajout de rôle dans un programme" in membership


def test_an_invited_user_is_listed_with_a_role_and_gets_a_one_time_link(
    admin_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client, world)
    assert "a été ajouté avec succès" in text(response)
    user = User.objects.get(email="marie.invitee@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, programme=world.programme, role=Role.COORDINATOR).exists()
    assert "marie.invitee@example.org" in text(admin_client.get(reverse("admin:accounts_user_changelist")))
    invitation = next(m for m in mail.outbox if m.to == ["marie.invitee@example.org"])
    assert "SLIME du Jura" in invitation.subject
    link = _link(invitation)

    anonymous = admin_client.__class__()
    form_page = anonymous.get(link, follow=True)
    assert "Bienvenue sur Binôme" in text(form_page)
    set_url = form_page.redirect_chain[-1][0]
    done = anonymous.post(
        set_url,
        {"new_password1": "Un mot de passe solide 42", "new_password2": "Un mot de passe solide 42"},
        follow=True,
    )
    assert "Votre mot de passe est enregistré" in text(done)
    user.refresh_from_db()
    assert user.check_password("Un mot de passe solide 42")
    # One use only: the link is dead once the password is set.
    assert "ne fonctionne plus" in text(admin_client.__class__().get(link, follow=True))
    login = anonymous.post(reverse("login"), {"username": user.email, "password": "Un mot de passe solide 42"})
    assert login.status_code == 302


def test_the_invitation_link_expires(admin_client, world, django_capture_on_commit_callbacks, settings):
    settings.INVITATION_TIMEOUT = 7 * 24 * 3600
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            _invite(admin_client, world)
        link = _link(mail.outbox[-1])
        traveller.shift(dt.timedelta(days=8))
        assert "ne fonctionne plus" in text(admin_client.__class__().get(link, follow=True))


def test_a_password_reset_token_is_not_an_invitation(admin_client, world, django_capture_on_commit_callbacks):
    from django.contrib.auth.tokens import default_token_generator

    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client, world)
    user = User.objects.get(email="marie.invitee@example.org")
    forged = re.sub(r"/[^/]+/$", f"/{default_token_generator.make_token(user)}/", _link(mail.outbox[-1]))
    assert "ne fonctionne plus" in text(admin_client.__class__().get(forged, follow=True))


def test_a_referrer_needs_an_organisation_of_the_programme(admin_client, world):
    response = _invite(admin_client, world, role=Role.REFERRER)
    assert "Un donneur d'alerte doit être rattaché à une organisation partenaire." in text(response)
    response = _invite(admin_client, world, role=Role.REFERRER, organisation=world.other_org.pk)
    assert "Sélectionnez un choix valide" in text(response)
    assert not User.objects.filter(email="marie.invitee@example.org").exists()
    response = _invite(admin_client, world, role=Role.REFERRER, organisation=world.ccas.pk)
    assert Membership.objects.get(user__email="marie.invitee@example.org").organisation == world.ccas


def test_the_organisation_is_typed_and_searched_within_the_programme(admin_client, world):
    """Hundreds of organisations by programme: the invitation page lists none of them, the search finds the
    programme's only, and a chosen one comes back selected when the form is shown again."""
    body = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'data-field-name="organisation"' in body and "admin-autocomplete" in body
    assert f'<option value="{world.ccas.pk}"' not in body and f'<option value="{world.caf.pk}"' not in body
    params = {"app_label": "accounts", "model_name": "membership", "field_name": "organisation", "term": ""}
    found = {int(item["id"]) for item in admin_client.get(reverse("admin:autocomplete"), params).json()["results"]}
    assert {world.ccas.pk, world.caf.pk} <= found and world.other_org.pk not in found
    again = _invite(admin_client, world, email=world.other_coordinator.email, organisation=world.ccas.pk)
    assert f'<option value="{world.ccas.pk}" selected>' in again.content.decode()


def test_an_admin_cannot_invite_into_another_programme(admin_client, world):
    response = _invite(admin_client, world, programme=world.other.pk)
    assert "Sélectionnez un choix valide" in text(response)
    assert not User.objects.filter(email="marie.invitee@example.org").exists()


def test_an_existing_address_is_refused_without_saying_where_it_is(admin_client, world):
    response = _invite(admin_client, world, email=world.other_coordinator.email)
    body = text(response)
    assert "Un compte existe déjà avec cette adresse" in body
    assert "SLIME d'ailleurs" not in body
    assert not Membership.objects.filter(user=world.other_coordinator, programme=world.programme).exists()


def test_the_membership_form_refuses_another_programme_s_user_and_does_not_name_him(admin_client, world):
    other = world.other_coordinator
    other.first_name, other.last_name = "Hélène", "Étrangère"
    other.save()
    response = admin_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": other.pk, "programme": world.programme.pk, "role": Role.COORDINATOR, "is_active": "on"},
        follow=True,
    )
    body = text(response)
    assert "Sélectionnez un choix valide" in body
    assert "Étrangère" not in body and other.email not in body
    assert not Membership.objects.filter(user=other, programme=world.programme).exists()


def test_the_user_lookup_finds_only_the_programme_s_people(admin_client, world):
    url = reverse("admin:autocomplete")
    params = {"app_label": "accounts", "model_name": "membership", "field_name": "user", "term": "example.org"}
    found = admin_client.get(url, params).json()["results"]
    ids = {int(item["id"]) for item in found}
    assert world.coordinator.pk in ids
    assert world.other_coordinator.pk not in ids and world.other_referrer.pk not in ids


def test_granting_a_role_is_recorded_and_mailed_to_the_other_admins(
    admin_client, world, django_capture_on_commit_callbacks
):
    second_admin = Membership.objects.create(user=world.chef_service, programme=world.programme, role=Role.ADMIN).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:accounts_membership_add"),
            {"user": world.admin.pk, "programme": world.programme.pk, "role": Role.COORDINATOR, "is_active": "on"},
        )
    grant = RoleGrant.objects.get(user=world.admin, role=Role.COORDINATOR)
    assert (grant.actor, grant.programme, grant.action, grant.self_granted) == (
        world.admin,
        world.programme,
        RoleGrant.Action.GRANTED,
        True,
    )
    assert [m.to for m in mail.outbox] == [[second_admin.email]]
    assert "s'est attribué ce rôle à lui-même" in mail.outbox[0].body
    # The list, in the admin of the programme, for the other administrators.
    admin_client.force_login(second_admin)
    listing = text(admin_client.get(reverse("admin:accounts_rolegrant_changelist")))
    assert "coordinatrice (animatrice)" in listing and str(world.admin) in listing


def test_changing_or_removing_a_role_is_recorded(admin_client, world, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(user=world.advisor, programme=world.programme)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    admin_client.post(
        url, {"user": world.advisor.pk, "programme": world.programme.pk, "role": Role.CHEF_MISSION, "is_active": "on"}
    )
    assert RoleGrant.objects.filter(user=world.advisor, role=Role.CHEF_MISSION, action="changed").exists()
    admin_client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert RoleGrant.objects.filter(user=world.advisor, action="withdrawn").exists()


def test_the_grants_of_another_programme_are_not_shown(admin_client, world):
    RoleGrant.objects.create(actor=None, user=world.other_coordinator, programme=world.other, role=Role.COORDINATOR)
    listing = text(admin_client.get(reverse("admin:accounts_rolegrant_changelist")))
    assert str(world.other_coordinator) not in listing


def test_the_invitation_is_resent_to_accounts_without_a_password_only(
    admin_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client, world)
    invited = User.objects.get(email="marie.invitee@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "resend_invitation", "_selected_action": [invited.pk, world.coordinator.pk]},
            follow=True,
        )
    assert "1 invitation renvoyée." in text(response)
    assert [m.to for m in mail.outbox] == [[invited.email]]
    assert "SLIME du Jura" in mail.outbox[0].subject
    assert _link(mail.outbox[0])


def test_the_role_grants_page_reads_in_a_constant_number_of_queries(
    admin_client, world, django_assert_max_num_queries
):
    url = reverse("admin:accounts_rolegrant_changelist")
    RoleGrant.objects.create(
        actor=world.admin, user=world.coordinator, programme=world.programme, role=Role.COORDINATOR
    )
    admin_client.get(url)  # warm the caches (content types, session)
    with django_assert_max_num_queries(14) as one:
        admin_client.get(url)
    for user in (world.advisor, world.advisor2, world.chef_mission, world.chef_service, world.referrer) * 4:
        RoleGrant.objects.create(actor=world.admin, user=user, programme=world.programme, role=Role.ADVISOR)
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(url)
