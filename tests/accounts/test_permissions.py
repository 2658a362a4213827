"""Who may open which page: every URL name of the project × every role, plus what a referrer may read.

The matrix is the contract of ``cases.policies``: 404 when the dossier is outside the user's scope (so
its existence is not revealed), 403 when the user sees the dossier but may not do this, 302 to the login
page for an anonymous visitor. ``test_every_url_name_has_a_row`` fails when a URL is added without a row.
"""

import html
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from binome.cases.models import CallOutcome, EventKind
from binome.cases.workflow import State
from binome.orientations import calls, links, services
from binome.orientations.models import Orientation
from binome.visits.models import Visit
from tests.factories import DossierFactory


ROLES = [
    "anonymous",
    "referrer",  # donneur d'alerte of the dossier's organisation
    "referrer_other_org",  # donneur d'alerte of another organisation of the same programme
    "coordinator",
    "advisor",  # the energy advisor assigned to the dossier
    "advisor_other",  # an energy advisor of the programme, not assigned
    "chef_mission",
    "chef_service",
    "admin",  # programme administrator
    "other_programme_coordinator",
]
USER_ATTR = {
    "referrer": "referrer",
    "referrer_other_org": "referrer_caf",
    "coordinator": "coordinator",
    "advisor": "advisor",
    "advisor_other": "advisor2",
    "chef_mission": "chef_mission",
    "chef_service": "chef_service",
    "admin": "admin",
    "other_programme_coordinator": "other_coordinator",
}
TO_LOGIN = (302, "login")
TO_ADMIN_LOGIN = (302, "admin:login")
TO_DETAIL = (302, "cases:detail")


def expect(default, **by_role):
    """Expected status for every role: ``default`` unless overridden; anonymous goes to the login page."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, TO_LOGIN if role == "anonymous" else default) for role in ROLES}


# The dossier's scope: 404 outside it (other organisation, other advisor, admin, other programme).
CASE_STAFF = {"coordinator", "chef_mission", "chef_service"}


AGENDA_ROLES = ["coordinator", "advisor", "advisor_other", "other_programme_coordinator"]


def in_scope(status, **by_role):
    """Dossier pages: ``status`` for those who see the dossier, 404 for the others, then overrides."""
    seen = {r: status for r in ("referrer", "advisor", *CASE_STAFF)}
    return expect(404, **{**seen, **by_role})


def network_object(status, **by_role):
    """Network pages about one object of the programme: 404 for another programme's coordinator."""
    readers = dict.fromkeys(CASE_STAFF, status)
    return expect(403, **{**readers, "other_programme_coordinator": 404, **by_role})


def world_event(w):
    from binome.network.models import MobilisationEvent

    return MobilisationEvent.objects.get_or_create(
        programme=w.programme, title="Réunion", defaults={"kind": "meeting", "date": "2026-01-05"}
    )[0].pk


def world_task_failure(w):
    """A reminders' batch of the programme that failed three times (no dossier: the programme's own)."""
    from binome.core.models import TaskFailure

    return TaskFailure.objects.get_or_create(
        task="binome.visits.tasks.send_visit_reminders",
        programme_id=w.programme.pk,
        defaults={"args": ["2026-11-23"], "attempts": 3, "error": "smtplib.SMTPServerDisconnected"},
    )[0].pk


def world_export(w):
    """A long export of the programme, written and kept, asked by its coordinator."""
    from django.core.files.base import ContentFile

    from binome.steering.models import ExportLog

    log = ExportLog.objects.create(
        programme=w.programme, user=w.coordinator, dataset="dossiers", file_format="csv", rows=1, total=1
    )
    log.file.save("dossiers.csv", ContentFile(b"reference\r\nE-1\r\n"), save=False)
    ExportLog.objects.filter(pk=log.pk).update(file=log.file.name, status=ExportLog.Status.DONE)
    return log.pk


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: dict
    state: State | None = None  # dossier-scoped rows: the state where the action makes sense
    kwargs: dict = field(default_factory=dict)
    data: dict | None = None
    label: str = ""

    @property
    def id(self):
        return f"{self.name}:{self.method}{':' + self.label if self.label else ''}"


MATRIX = [
    # Pages outside any dossier.
    Row(
        "home",
        "get",
        expect(
            302,
            referrer=(302, "cases:my_requests"),
            referrer_other_org=(302, "cases:my_requests"),
            coordinator=(302, "coordination:queue"),
            advisor=(302, "visits:mine"),
            advisor_other=(302, "visits:mine"),
            chef_mission=(302, "coordination:queue"),
            chef_service=(302, "coordination:queue"),
            admin=(302, "admin:index"),
            other_programme_coordinator=(302, "coordination:queue"),
        ),
    ),
    Row("login", "get", expect((302, "home"), anonymous=200)),
    Row("logout", "get", expect(405)),
    Row("logout", "post", expect((302, "login"), anonymous=(302, "login"))),
    Row("health", "get", expect(200, anonymous=200)),
    Row("switch_programme", "get", expect(405)),
    Row("switch_programme", "post", expect((302, "home")), data={"programme": "0"}),
    Row("admin:index", "get", expect(TO_ADMIN_LOGIN, anonymous=TO_ADMIN_LOGIN, admin=200)),
    # Accounts: the invitation and the password reset are open to anyone (a dead link says so); the account page,
    # the password change and the second factor's pages are each user's own (tests/accounts/test_second_factor.py
    # turns the second factor on: here it is off, as in the rest of the suite).
    Row("accounts:account", "get", expect(200)),
    Row("accounts:invitation", "get", expect(200, anonymous=200), kwargs={"uidb64": "MA", "token": "x-y"}),
    Row("accounts:password_reset", "get", expect(200, anonymous=200)),
    Row("accounts:password_reset", "post", expect(200, anonymous=200), data={}),
    Row("accounts:password_reset_done", "get", expect(200, anonymous=200)),
    Row("accounts:password_reset_confirm", "get", expect(200, anonymous=200), kwargs={"uidb64": "MA", "token": "x-y"}),
    Row("accounts:password_reset_complete", "get", expect(200, anonymous=200)),
    Row("accounts:password_change", "get", expect(200)),
    Row("accounts:password_change", "post", expect(200), data={}),
    Row("accounts:password_change_done", "get", expect(200)),
    Row("accounts:otp_setup", "get", expect(200)),
    Row("accounts:otp_setup", "post", expect(200), data={"token": "abc"}),
    Row("accounts:otp_verify", "get", expect((302, "accounts:otp_setup"))),  # nobody has a device yet
    Row("accounts:otp_codes", "get", expect((302, "accounts:account"))),  # nothing to show but once
    Row("accounts:otp_new_codes", "get", expect(405)),
    Row("accounts:otp_new_codes", "post", expect((302, "accounts:otp_verify")), data={"x": "1"}),
    Row("coordination:queue", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row("cases:my_requests", "get", expect(403, referrer=200, referrer_other_org=200)),
    Row(
        "cases:referral_create",
        "get",
        expect(403, referrer=200, referrer_other_org=200, coordinator=200, other_programme_coordinator=200),
    ),
    Row(
        "cases:referral_create",
        "post",  # empty form: allowed roles get the form back with its errors
        expect(403, referrer=200, referrer_other_org=200, coordinator=200, other_programme_coordinator=200),
        data={},
    ),
    Row("cases:referral_draft", "get", expect(405)),
    Row(
        "cases:referral_draft",
        "post",  # autosave of the fiche: referrers and coordinators only
        expect(403, referrer=200, referrer_other_org=200, coordinator=200, other_programme_coordinator=200),
        data={"last_name": "Brouillon"},
    ),
    # The public self-referral form: open to everyone, logged in or not.
    Row("cases:self_referral", "get", expect(200, anonymous=200), kwargs={"slug": "jura"}),
    Row("cases:self_referral", "post", expect(200, anonymous=200), kwargs={"slug": "jura"}, data={}),
    Row("cases:self_referral_done", "get", expect(200, anonymous=200), kwargs={"slug": "jura"}),
    Row(
        "visits:mine",
        "get",
        expect(403, coordinator=200, advisor=200, advisor_other=200, other_programme_coordinator=200),
    ),
    # The network pages: read by the coordinator and the chefs, edited by the coordinator.
    *[
        Row(name, "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200)))
        for name in ("network:health", "network:directory", "network:events")
    ],
    Row("network:event_create", "get", expect(403, coordinator=200, other_programme_coordinator=200)),
    Row("network:event_create", "post", expect(403, coordinator=200, other_programme_coordinator=200), data={}),
    Row("network:organisation", "get", network_object(200), kwargs={"pk": lambda w: w.ccas.pk}),
    Row("network:referrer", "get", network_object(200), kwargs={"user_pk": lambda w: w.referrer.pk}),
    Row(
        "network:referrer",
        "post",  # empty form: the coordinator gets it back with its errors
        network_object(403, coordinator=200),
        kwargs={"user_pk": lambda w: w.referrer.pk},
        data={},
    ),
    Row("network:event", "get", network_object(200), kwargs={"pk": world_event}),
    Row("network:event", "post", network_object(403, coordinator=200), kwargs={"pk": world_event}, data={}),
    Row("network:event_edit", "get", network_object(403, coordinator=200), kwargs={"pk": world_event}),
    # Dossier pages.
    Row("cases:detail", "get", in_scope(200), State.SCHEDULED),
    Row("cases:detail", "get", in_scope(200), State.SENT, label="sent"),
    Row("cases:edit", "get", in_scope(403, coordinator=200), State.SCHEDULED),
    Row("cases:edit", "post", in_scope(403, coordinator=200), State.SCHEDULED, data={}),
    Row("cases:transition", "get", expect(405), State.SCHEDULED, {"name": "mark_visited"}),
    Row(
        "cases:transition",
        "post",  # refused transitions come back to the dossier with the message; see the tests below
        in_scope(TO_DETAIL),
        State.SCHEDULED,
        {"name": "mark_visited"},
        data={"note": ""},
    ),
    Row("coordination:call", "get", expect(405), State.SCHEDULED),
    Row(
        "coordination:call", "post", in_scope(403, coordinator=TO_DETAIL), State.SCHEDULED, data={"outcome": "reached"}
    ),
    Row("visits:book", "get", in_scope(403, coordinator=200), State.TO_CONTACT),
    Row("visits:book", "post", in_scope(403, coordinator=200), State.TO_CONTACT, data={}),
    Row("visits:record_past", "get", expect(405), State.TO_CONTACT),
    Row("visits:record_past", "post", in_scope(403, coordinator=200), State.TO_CONTACT, data={}),
    Row(
        "diagnosis:note",
        "get",
        in_scope(403, coordinator=200, advisor=200),
        State.SCHEDULED,
        {"side": "technical"},
        label="technical",
    ),
    Row(
        "diagnosis:note",
        "post",
        in_scope(403, coordinator=200, advisor=200),
        State.SCHEDULED,
        {"side": "technical"},
        data={},
        label="technical",
    ),
    Row(
        "diagnosis:note",
        "get",
        in_scope(403, coordinator=200),
        State.SCHEDULED,
        {"side": "social"},
        label="social",
    ),
    Row(
        "diagnosis:note",
        "post",
        in_scope(403, coordinator=200),
        State.SCHEDULED,
        {"side": "social"},
        data={},
        label="social",
    ),
    Row("diagnosis:note", "get", expect(404), State.SCHEDULED, {"side": "inconnu"}, label="unknown-side"),
    Row("reports:edit", "get", in_scope(403, coordinator=200, advisor=200), State.IN_REVIEW),
    Row("reports:edit", "post", in_scope(403, coordinator=200, advisor=200), State.IN_REVIEW, data={}),
    Row("reports:edit", "get", in_scope(403), State.IN_VALIDATION, label="after-review"),
    # The report: written in cross-reading by the binôme, validated by the chefs, sent by the coordinator.
    Row(
        "reports:save_section",
        "post",
        in_scope(403, coordinator=(302, "reports:edit"), advisor=(302, "reports:edit")),
        State.IN_REVIEW,
        {"key": "gestures"},
        data={"text": "Aérer chaque jour.", "version": "1"},
    ),
    Row(
        "reports:save_section",
        "post",
        in_scope(403),
        State.IN_VALIDATION,
        {"key": "gestures"},
        data={"x": "1"},
        label="frozen",
    ),
    Row(
        "reports:resolve_conflict",
        "post",
        in_scope(403, coordinator=404, advisor=404),
        State.IN_REVIEW,
        {"conflict_pk": 0},
        data={"keep": "mine"},
    ),
    Row(
        "reports:comment_add",
        "post",
        in_scope(403, coordinator=(302, "reports:edit"), advisor=(302, "reports:edit")),
        State.IN_REVIEW,
        data={"section": "findings", "text": "À préciser."},
    ),
    Row(
        "reports:comment_resolve",
        "post",
        in_scope(403, coordinator=404, advisor=404),
        State.IN_REVIEW,
        {"comment_pk": 0},
        data={"x": "1"},
    ),
    Row("reports:preview", "get", in_scope(403, coordinator=200, advisor=200), State.IN_REVIEW, {"kind": "landlord"}),
    Row("reports:review", "get", in_scope(403, chef_mission=200, chef_service=200), State.IN_VALIDATION),
    Row("reports:review", "get", in_scope(403), State.IN_REVIEW, label="before-submission"),
    Row("reports:decide", "post", in_scope(403, chef_mission=200, chef_service=200), State.IN_VALIDATION, data={}),
    Row(
        "reports:document",
        "get",
        in_scope(200, referrer=403),
        State.SENT,
        {"kind": "referrer", "number": 1},
    ),
    Row("reports:referrer_document", "get", in_scope(200, referrer=403), State.SENT),  # shared: see below
    Row("reports:dispatch", "get", in_scope(403, coordinator=200), State.SENT),
    Row("reports:dispatch", "post", in_scope(403, coordinator=200), State.SENT, data={}),
    Row("reports:dispatch", "get", in_scope(403), State.IN_REVIEW, label="before-validation"),
    Row("reports:consent", "post", in_scope(403, coordinator=200), State.SENT, data={}),
    # Orientations: proposed by the visitors while the report is written, by the chefs while they validate it,
    # then by the coordinator; followed by the coordinator (the form comes back with its errors: empty POST).
    Row("orientations:add", "get", in_scope(403, coordinator=200, advisor=200), State.IN_REVIEW),
    Row("orientations:add", "post", in_scope(403, coordinator=200, advisor=200), State.IN_REVIEW, data={}),
    Row(
        "orientations:add",
        "post",
        in_scope(403, coordinator=200, chef_mission=200, chef_service=200),
        State.IN_VALIDATION,
        data={},
        label="in-validation",
    ),
    Row("orientations:add", "post", in_scope(403), State.SCHEDULED, data={}, label="before-visit"),
    # The full diagnosis: case workers read it, never a donneur d'alerte; each side has its editor.
    Row("diagnosis:page", "get", in_scope(200, referrer=403), State.SCHEDULED),
    Row("diagnosis:save_section", "get", expect(405), State.SCHEDULED, {"key": "household"}),
    Row(
        "diagnosis:save_section",
        "post",
        in_scope(403, coordinator=(302, "diagnosis:page")),
        State.SCHEDULED,
        {"key": "household"},
        data={"version": "0"},
        label="social",
    ),
    Row(
        "diagnosis:save_section",
        "post",
        in_scope(403, advisor=(302, "diagnosis:page")),
        State.SCHEDULED,
        {"key": "dwelling"},
        data={"version": "0"},
        label="technical",
    ),
    Row(
        "diagnosis:save_section",
        "post",
        in_scope(403),
        State.IN_VALIDATION,
        {"key": "household"},
        data={"version": "0"},
        label="after-review",
    ),
    Row(
        "diagnosis:photo_upload",
        "post",
        in_scope(403, coordinator=(302, "diagnosis:page"), advisor=(302, "diagnosis:page")),
        State.SCHEDULED,
        data={"kind": "photo"},
    ),
    Row("diagnosis:photo_file", "get", in_scope(404, referrer=403), State.SCHEDULED, {"photo_pk": 0}),
    Row("diagnosis:photo_delete", "post", in_scope(404), State.SCHEDULED, {"photo_pk": 0}, data={"x": "1"}),
    Row(
        "diagnosis:kit_save", "post", in_scope(403, advisor=(302, "diagnosis:page")), State.SCHEDULED, data={"x": "1"}
    ),
    Row("orientations:update", "get", in_scope(200, referrer=403), State.SENT),
    Row("orientations:update", "post", in_scope(403, coordinator=200), State.SENT, data={"status": "accepted"}),
    Row("orientations:send_link", "get", expect(405), State.SENT),
    Row("orientations:send_link", "post", in_scope(403, coordinator=200), State.SENT, data={"email": "x"}),
    Row("orientations:follow_up", "get", in_scope(200, referrer=403), State.SENT),
    Row("orientations:follow_up", "post", in_scope(403, coordinator=200), State.SENT, data={}),
    Row("orientations:no_answer", "get", expect(405), State.SENT),
    Row(
        "orientations:no_answer",
        "post",
        in_scope(403, coordinator=(302, "orientations:follow_up")),
        State.SENT,
        data={"version": "0"},
    ),
    # The partner's page: public, reached by its signed link only (an unknown token is not found, logged in or not).
    Row("orientations:partner", "get", expect(404, anonymous=404), kwargs={"token": "inconnu"}),
    Row("orientations:partner", "get", expect(200, anonymous=200), State.SENT, label="valid-token"),
    Row("orientations:partner", "post", expect(200, anonymous=200), State.SENT, data={}, label="valid-token"),
    Row("orientations:rates", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    # Steering: the dashboard for the programme's staff, the historical import for its administrator.
    Row("steering:dashboard", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row(
        "steering:dashboard_figures",
        "get",
        expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200)),
    ),
    Row("steering:map", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row("steering:exports", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row("steering:exports", "post", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    # A long export's progress and file: only the user who asked (here the coordinator), 404 in another programme.
    Row(
        "steering:export_status",
        "get",
        expect(403, coordinator=200, other_programme_coordinator=404),
        kwargs={"pk": world_export},
    ),
    Row(
        "steering:export_file",
        "get",
        expect(403, coordinator=200, other_programme_coordinator=404),
        kwargs={"pk": world_export},
    ),
    # The budget lines: the coordinator (of any programme, for their own) and the programme administrator.
    Row("steering:budget", "get", expect(403, coordinator=200, admin=200, other_programme_coordinator=200)),
    Row("steering:budget", "post", expect(403, coordinator=200, admin=200, other_programme_coordinator=200), data={}),
    Row("steering:bilan_pdf", "get", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row("steering:bilan_pdf", "post", expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200))),
    Row("steering:import", "get", expect(403, admin=200)),
    Row("steering:import", "post", expect(403, admin=200), data={}),
    # Coordination: the shared agenda, calendar feeds, bulk actions, derogations.
    Row("visits:agenda", "get", expect(403, **dict.fromkeys(AGENDA_ROLES, 200))),
    Row("visits:availability", "get", expect(403, **dict.fromkeys(AGENDA_ROLES, 200))),
    Row("visits:availability", "post", expect(403, **dict.fromkeys(AGENDA_ROLES, 200)), data={}),
    Row(
        "coordination:coverage",
        "get",
        expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200)),
    ),
    Row("visits:feed_settings", "get", expect(403, **dict.fromkeys(AGENDA_ROLES, 200))),
    Row(
        "visits:feed_settings",
        "post",
        expect(403, **dict.fromkeys(AGENDA_ROLES, (302, "visits:feed_settings"))),
        data={},
    ),
    # The feed is reached by its private token only: an unknown token is not found, logged in or not.
    Row("visits:feed", "get", expect(404, anonymous=404), kwargs={"token": "inconnu"}),
    Row("coordination:bulk", "get", expect(405)),
    Row(
        "coordination:bulk",
        "post",
        expect(403, coordinator=(302, "coordination:queue"), other_programme_coordinator=(302, "coordination:queue")),
        data={},
    ),
    # Background tasks that failed at their last attempt: listed and relaunched by the coordinator only.
    Row("coordination:failed_tasks", "get", expect(403, coordinator=200, other_programme_coordinator=200)),
    Row("coordination:failed_task_relaunch", "get", expect(405), kwargs={"pk": world_task_failure}),
    Row(
        "coordination:failed_task_relaunch",
        "post",  # another programme's failure is not found
        expect(403, coordinator=(302, "coordination:failed_tasks"), other_programme_coordinator=404),
        kwargs={"pk": world_task_failure},
        data={"x": "1"},
    ),
    Row("coordination:derogation", "get", expect(405), State.TO_CONTACT),
    Row(
        "coordination:derogation",
        "post",
        in_scope(403, coordinator=TO_DETAIL),
        State.TO_CONTACT,
        data={"reason": "x"},
    ),
    # Visit pages (the visit of the scheduled dossier).
    Row("visits:detail", "get", in_scope(200, referrer=403), State.SCHEDULED),
    Row("visits:move", "get", expect(405), State.SCHEDULED),
    Row("visits:move", "post", in_scope(403, coordinator=200), State.SCHEDULED, data={}),
    Row("visits:cancel", "get", expect(405), State.SCHEDULED),
    Row("visits:cancel", "post", in_scope(403, coordinator=(302, "visits:detail")), State.SCHEDULED, data={}),
    Row("visits:letter", "get", in_scope(403, coordinator=200), State.SCHEDULED),
    Row("visits:household_told", "get", expect(405), State.SCHEDULED),
    Row(
        "visits:household_told",
        "post",
        in_scope(403, coordinator=(302, "visits:detail")),
        State.SCHEDULED,
        data={"channel": "sms"},
    ),
    # Planning: the tour proposal and its booking (coordinator), what the calls taught about a household, the
    # capacity and coverage simulator (coordinator and chefs).
    Row("visits:tours", "get", expect(403, coordinator=200, other_programme_coordinator=200)),
    Row("visits:tour_book", "get", expect(405)),
    Row("visits:tour_book", "post", expect(403, coordinator=200, other_programme_coordinator=200), data={}),
    Row("visits:tour_communes", "get", expect(403, coordinator=200, other_programme_coordinator=200)),
    Row("visits:household_availability", "get", in_scope(403, coordinator=200), State.TO_CONTACT),
    Row("visits:household_availability", "post", in_scope(403, coordinator=TO_DETAIL), State.TO_CONTACT, data={}),
    Row(
        "coordination:simulator",
        "get",
        expect(403, **dict.fromkeys([*CASE_STAFF, "other_programme_coordinator"], 200)),
    ),
    # Privacy: the trail for the programme's administrator (its DPO); a household's export and erasure on request
    # by the coordinator or the administrator, of their programme only (404 for another programme's dossier).
    Row("privacy:trail", "get", expect(403, admin=200)),
    *[
        Row(name, "get", expect(403, coordinator=200, admin=200, other_programme_coordinator=404), State.SCHEDULED)
        for name in ("privacy:export_json", "privacy:export_pdf", "privacy:erase")
    ],
    Row(
        "privacy:erase",
        "post",  # no reason, no confirmation: the form comes back with its errors, nothing erased
        expect(403, coordinator=200, admin=200, other_programme_coordinator=404),
        State.SCHEDULED,
        data={},
    ),
]


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_url_name_has_a_row():
    names = set(_url_names(get_resolver().url_patterns))
    # Django's admin is one block guarded by AdminSite.admin_view: its index stands for it in the matrix and
    # the row scoping is tested below.
    project = {n for n in names if not n.startswith("admin:")} | {"admin:index"}
    assert project == {row.name for row in MATRIX}


def text(response) -> str:
    """The page as the user reads it (HTML entities decoded)."""
    return html.unescape(response.content.decode())


def _location_name(response):
    return resolve(urlparse(response["Location"]).path).view_name


def _url(row, dossier, world=None):
    kwargs = {key: value(world) if callable(value) else value for key, value in row.kwargs.items()}
    if row.state is not None:
        kwargs["pk"] = dossier.pk
    if row.name in {"orientations:update", "orientations:send_link"}:
        kwargs["orientation_pk"] = dossier.orientations.get().pk
    if row.name in {"orientations:follow_up", "orientations:no_answer"}:
        calls.plan(dossier)
        kwargs["follow_up_pk"] = dossier.follow_ups.get(rank=1).pk
    if row.name == "orientations:partner" and row.state is not None:
        orientation = dossier.orientations.get()
        orientation = services.move(orientation, "accepted", expected_version=1, user=world.coordinator)
        orientation = services.move(orientation, "sent", expected_version=2, user=world.coordinator)
        del kwargs["pk"]
        kwargs["token"] = links.token_for(links.create(orientation, user=world.coordinator))
    # Addressed by the dossier, not by its visit.
    by_dossier = {"visits:book", "visits:record_past", "visits:household_availability"}
    if row.name.startswith("visits:") and row.name not in by_dossier and row.state is not None:
        kwargs["pk"] = dossier.visits.get().pk  # the visit's own pages; booking is addressed by the dossier
    return reverse(row.name, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_matrix(client, world, make_dossier, row, role):
    dossier = None
    if row.state is not None:
        dossier = make_dossier(row.state, advisor=world.advisor)
    if role != "anonymous":
        client.force_login(getattr(world, USER_ATTR[role]))
    data = row.data
    if row.name == "cases:transition" and data is not None:
        data = {**data, "version": dossier.version}
    if row.method == "get":
        response = client.get(_url(row, dossier, world))
    else:
        response = client.post(_url(row, dossier, world), data or {})
    response.close()  # a streamed file (a long export) is closed even though it is not read here
    expected = row.expected[role]
    if isinstance(expected, tuple):
        status, target = expected
        assert (response.status_code, _location_name(response) if response.status_code == 302 else None) == (
            status,
            target,
        )
    else:
        assert response.status_code == expected


# What the POSTs of the matrix changed, or did not: a 302 back to the dossier is not a success in itself.


def test_refused_transition_post_changes_nothing_and_says_why(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(world.referrer)
    url = reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "mark_visited"})
    response = client.post(url, {"version": dossier.version}, follow=True)
    assert "Votre rôle ne permet pas l'action « Visite réalisée »" in text(response)
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED


@pytest.mark.parametrize("who", ["coordinator", "advisor"])
def test_allowed_transition_post_moves_the_dossier(client, world, make_dossier, who):
    dossier = make_dossier(State.SCHEDULED)
    client.force_login(getattr(world, who))
    url = reverse("cases:transition", kwargs={"pk": dossier.pk, "name": "mark_visited"})
    client.post(url, {"version": dossier.version})
    dossier.refresh_from_db()
    assert dossier.state == State.VISITED


def test_call_post_by_a_non_coordinator_records_nothing(client, world, make_dossier):
    dossier = make_dossier(State.SCHEDULED)
    calls = dossier.events.filter(kind=EventKind.CALL).count()
    client.force_login(world.chef_mission)
    client.post(reverse("coordination:call", kwargs={"pk": dossier.pk}), {"outcome": "reached"})
    assert dossier.events.filter(kind=EventKind.CALL).count() == calls


def test_orientation_of_another_dossier_is_not_found(client, world, make_dossier):
    mine = make_dossier(State.SENT)
    other = make_dossier(State.SENT)
    client.force_login(world.coordinator)
    url = reverse("orientations:update", kwargs={"pk": mine.pk, "orientation_pk": other.orientations.get().pk})
    assert client.post(url, {"solution": "fsl", "status": "achieved"}).status_code == 404
    assert other.orientations.get().status == "proposed"


DOSSIER_URLS = [
    ("cases:detail", {}),
    ("cases:edit", {}),
    ("visits:book", {}),
    ("diagnosis:note", {"side": "technical"}),
    ("diagnosis:note", {"side": "social"}),
    ("reports:edit", {}),
    ("reports:review", {}),
    ("reports:dispatch", {}),
    ("diagnosis:page", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), DOSSIER_URLS)
def test_nobody_reaches_a_dossier_of_another_programme(client, world, name, kwargs):
    dossier = DossierFactory(commune=world.other_commune, organisation=world.other_org, referrer=world.other_referrer)
    url = reverse(name, kwargs={"pk": dossier.pk, **kwargs})
    for attr in ("coordinator", "chef_mission", "chef_service", "admin", "referrer", "advisor"):
        client.force_login(getattr(world, attr))
        assert client.get(url).status_code == 404, attr
    if name == "cases:detail":  # the dossier does exist: its own programme's coordinator opens it
        client.force_login(world.other_coordinator)
        assert client.get(url).status_code == 200


def test_switching_to_a_programme_one_does_not_belong_to_is_ignored(client, world, make_dossier):
    client.force_login(world.coordinator)
    client.post(reverse("switch_programme"), {"programme": world.other.pk})
    other_dossier = DossierFactory(commune=world.other_commune)
    assert client.get(reverse("cases:detail", kwargs={"pk": other_dossier.pk})).status_code == 404
    assert client.get(reverse("coordination:queue")).context["request"].programme == world.programme


def test_queue_of_the_other_programme_lists_none_of_ours(client, world, make_dossier):
    ours = make_dossier(last_name="Verguet")
    client.force_login(world.other_coordinator)
    body = text(client.get(reverse("coordination:queue")))
    assert ours.reference not in body
    assert "VERGUET" not in body


def test_my_requests_lists_only_the_organisation_s_dossiers(client, world, make_dossier):
    ours = make_dossier(last_name="Verguet")
    theirs = make_dossier(last_name="Poncet", organisation=world.caf, referrer=world.referrer_caf)
    client.force_login(world.referrer)
    body = text(client.get(reverse("cases:my_requests")))
    assert "VERGUET" in body and ours.reference in body
    assert "PONCET" not in body and theirs.reference not in body


# What the referrer reads on a dossier page.


def _confidential_dossier(world, make_dossier, state=State.SENT, share=True):
    dossier = make_dossier(state, share_with_referrer=share)
    from binome.cases import transitions

    transitions.record_event(
        dossier, EventKind.CALL, user=world.coordinator, call_outcome=CallOutcome.REACHED, note="Appel confidentiel."
    )
    Visit.objects.filter(dossier=dossier).update(preparation_note="Préparation confidentielle.")
    return dossier


def test_referrer_page_never_shows_diagnosis_call_or_internal_notes(client, world, make_dossier):
    dossier = _confidential_dossier(world, make_dossier)
    client.force_login(world.referrer)
    response = client.get(reverse("cases:detail", kwargs={"pk": dossier.pk}))
    body = text(response)
    assert response.templates[0].name == "cases/referrer_detail.html"
    assert "Résumé partagé." in body  # the page is the one with the report, and still:
    for secret in (
        "Combles non isolés.",  # technical diagnosis
        "Dette d'énergie.",  # social diagnosis
        "Appel confidentiel.",  # call note
        "Motif de test.",  # notes of the transitions
        "Préparation confidentielle.",  # visit preparation
        "Synthèse famille.",  # the report itself, beyond the summary
        "Synthèse technique.",
    ):
        assert secret not in body, secret


def test_case_workers_see_the_notes(client, world, make_dossier):
    dossier = _confidential_dossier(world, make_dossier)
    client.force_login(world.chef_mission)
    body = text(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})))
    assert "Combles non isolés." in body and "Appel confidentiel." in body


@pytest.mark.parametrize("share", [True, False])
@pytest.mark.parametrize("state", [State.IN_REVIEW, State.IN_VALIDATION, State.SENT, State.CLOSED])
def test_report_summary_reaches_the_referrer_only_when_shared_and_sent(client, world, make_dossier, share, state):
    dossier = make_dossier(state, share_with_referrer=share)
    from binome.reports.models import Report

    Report.objects.filter(dossier=dossier).update(summary_for_referrer="Résumé partagé.")
    client.force_login(world.referrer)
    body = text(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})))
    assert ("Résumé partagé." in body) == (share and state in {State.SENT, State.CLOSED})


# The Django admin: programme administrators only, each sealed to their programme.


def test_programme_admin_sees_only_their_programme_rows(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("admin:index")).status_code == 200
    communes = text(client.get(reverse("admin:territory_commune_changelist")))
    assert "39198" in communes and "39097" in communes
    assert world.other_commune.insee_code not in communes
    organisations = text(client.get(reverse("admin:network_organisation_changelist")))
    assert "CCAS de Dole" in organisations
    assert "CCAS d'ailleurs" not in organisations
    users = text(client.get(reverse("admin:accounts_user_changelist")))
    assert world.coordinator.email in users
    assert world.other_coordinator.email not in users
    memberships = text(client.get(reverse("admin:accounts_membership_changelist")))
    assert str(world.coordinator) in memberships
    assert str(world.other_coordinator) not in memberships
    programmes = text(client.get(reverse("admin:territory_programme_changelist")))
    assert "SLIME du Jura" in programmes and "SLIME d'ailleurs" not in programmes


def test_programme_admin_cannot_open_another_programme_row(client, world):
    client.force_login(world.admin)
    url = reverse("admin:territory_commune_change", args=[world.other_commune.pk])
    response = client.get(url)
    assert response.status_code == 302 and _location_name(response) == "admin:index"
    response = client.post(url, {"name": "Pirate"})
    assert response.status_code == 302
    world.other_commune.refresh_from_db()
    assert world.other_commune.name != "Pirate"


def test_programme_admin_forms_offer_only_their_programme_choices(client, world):
    client.force_login(world.admin)
    membership_form = text(client.get(reverse("admin:accounts_membership_add")))
    assert "CCAS d'ailleurs" not in membership_form
    assert "SLIME d'ailleurs" not in membership_form
    # The organisation is chosen by autocomplete (hundreds of them), among the programme's only.
    params = {"app_label": "accounts", "model_name": "membership", "field_name": "organisation", "term": "CCAS"}
    found = client.get(reverse("admin:autocomplete"), params).json()["results"]
    assert [o["text"] for o in found] == ["CCAS de Dole"]
    commune_form = text(client.get(reverse("admin:territory_commune_add")))
    assert "Dole" in commune_form
    assert world.other_commune.unite.name not in commune_form


@pytest.mark.parametrize("attr", ["coordinator", "referrer", "advisor", "chef_service", "other_coordinator"])
def test_other_roles_get_the_admin_login_refusal(client, world, attr):
    user = getattr(world, attr)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and _location_name(response) == "admin:login"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "autorisé à accéder à cette page" in text(page)
    assert client.get(reverse("admin:territory_commune_changelist")).status_code == 302


def test_orientations_are_listed_for_staff(client, world, make_dossier):
    dossier = make_dossier(State.SENT)
    Orientation.objects.filter(dossier=dossier).update(partner_name="Point conseil budget")
    client.force_login(world.coordinator)
    assert "Point conseil budget" in text(client.get(reverse("cases:detail", kwargs={"pk": dossier.pk})))


def test_programme_admin_logs_in_on_the_admin_login_page(client, world):
    response = client.post(
        reverse("admin:login"),
        {"username": world.admin.email, "password": "secret-password", "next": reverse("admin:index")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_page_refuses_other_roles_in_french(client, world):
    response = client.post(
        reverse("admin:login"),
        {"username": world.coordinator.email, "password": "secret-password", "next": reverse("admin:index")},
    )
    assert response.status_code == 200
    assert "L'administration est réservée aux administrateurs du programme." in text(response)
    assert client.get(reverse("admin:index")).status_code == 302
