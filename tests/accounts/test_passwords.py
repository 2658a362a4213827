"""Password reset (e-mailed one-hour link) and change, with Django's views and French pages."""

import html
import re

from django.core import mail
from django.urls import reverse


NEW = "Une phrase de passe neuve 2026"


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_reset_by_e_mail_link_sets_a_new_password_once(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": world.coordinator.email}, follow=True)
    assert "Consultez votre messagerie" in text(response)
    (message,) = mail.outbox
    assert message.to == [world.coordinator.email] and "nouveau mot de passe" in message.subject
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in text(form)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Mot de passe changé" in text(done)
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password(NEW)
    assert "Ce lien ne fonctionne plus" in text(client.get(link, follow=True))


def test_reset_of_an_unknown_address_says_the_same_and_sends_nothing(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"}, follow=True)
    assert "Si un compte existe avec cette adresse" in text(response)
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_in_french(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "secret-password", "new_password1": "court", "new_password2": "court"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in text(response)
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password("secret-password")


def test_change_needs_the_old_password_and_keeps_the_session(client, world):
    client.force_login(world.coordinator)
    wrong = client.post(
        reverse("accounts:password_change"), {"old_password": "faux", "new_password1": NEW, "new_password2": NEW}
    )
    assert "ancien mot de passe est incorrect" in text(wrong)
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": "secret-password", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "vous restez connecté" in text(done)
    assert client.get(reverse("accounts:account")).status_code == 200
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password(NEW)


def test_the_login_page_links_to_the_reset(client):
    body = text(client.get(reverse("login")))
    assert reverse("accounts:password_reset") in body and "Mot de passe oublié ?" in body
