"""Server time of every page of the URL conf, for each demo role, on a small and a large database, in one table.

Usage:
  .venv/bin/python bench/pages.py --small postgres://postgres@127.0.0.1:5432/binome_gen_1k \\
      --large postgres://postgres@127.0.0.1:5432/binome_gen_500k [--requests 30] [--warmup 5] [--only PATTERN] \\
      [--json out.json] [--pdf] [--max-probes 4]

One worker process per database (``DATABASE_URL`` set, ``binome.settings`` with ``DEBUG`` off) serves the pages
through Django's test ``Client`` in its own process, each demo account logged in with ``force_login``. The server
time of a request is the wall time of ``client.get`` (middlewares, view, template, response read), measured in the
worker; its SQL queries are counted on one more request of its own (``CaptureQueriesContext``). The parent sends the
requests of one page to both workers in turn (small, large, small, large…), so that the load of the machine falls on
both alike, and talks to them over stdin/stdout in JSON lines.

The pages come from the URL resolver: each GET page, with its parameters resolved to a real object of the database
that the role may see (the most recent dossier in the step the page is about, its visit, orientation, follow-up call
or document; the organisation and the referrer with the most requests; the last mobilisation event; the programme's
slug; an open partner link, a calendar feed's token). A first GET tells which roles get a 200: each of those is
measured. What is not measured is listed with its reason (POST only, rendered PDFs unless ``--pdf``, one-time
tokens, no object to address it with, no role gets a 200). A trivial view registered in the worker only
(``plancher``) is measured the same way: the floor of a request through every middleware.

Targets (flagged in the table): p95 on the large database ≤ 100 ms, p95 large / small ≤ 1.5, at most 15 queries,
and the same number of queries on both. See docs/performance.md, « Mesurer les pages ».
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode


REPO = Path(__file__).resolve().parent.parent
DEMO_DOMAIN = "demo.binome.fr"
# The demo accounts measured (e-mail local part = the role's label in the table), then the visitor without account.
ACCOUNTS = ["coordinatrice", "conseiller", "chef.mission", "chef.service", "donneur.ccas", "admin"]
ANONYMOUS = "anonyme"
ADMIN = "admin"
FLOOR = "plancher"  # the hello-world view registered in the worker only
FLOOR_PATH = "/__banc__/plancher/"

TARGET_P95_MS = 100.0
TARGET_RATIO = 1.5
TARGET_QUERIES = 15

# Not measured, whatever the role: the reason is printed with the list of skipped pages.
RENDERED_PDF = "PDF rendu par WeasyPrint à chaque requête (--pdf pour le mesurer)"
ONE_TIME_TOKEN = "jeton à usage unique envoyé par e-mail (un secret de la personne)"
SKIP = {
    "visits:letter": RENDERED_PDF,
    "reports:preview": RENDERED_PDF,
    "privacy:export_pdf": RENDERED_PDF,
    "steering:bilan_pdf": RENDERED_PDF,
    "accounts:invitation": ONE_TIME_TOKEN,
    "accounts:password_reset_confirm": ONE_TIME_TOKEN,
    "admin:view_on_site": "redirection vers la page de l'objet",
}
PDF_PAGES = {name for name, reason in SKIP.items() if reason == RENDERED_PDF}
ADMIN_OBJECT = "page d'un objet de l'admin (modification, suppression, historique…) : ses listes sont mesurées"
# Statuses measured as well as 200: the health check answers 503 when the task worker or the clock is not running
# (none is, beside the bench), after the same work.
MEASURED = {"health": {200, 503}}

# The steps a dossier page is about, tried first (most recent visible dossier in each); then the other steps.
STEPS = [
    "received",
    "to_contact",
    "waiting_list",
    "deferred",
    "scheduled",
    "visited",
    "in_review",
    "in_validation",
    "sent",
    "closed",
    "withdrawn",
    "unreachable",
    "not_eligible",
    "redirected",
]
STEP_HINTS = {
    "cases:detail": ["sent", "scheduled", "in_review"],
    "cases:edit": ["to_contact", "received", "scheduled"],
    "visits:book": ["to_contact", "received"],
    "visits:household_availability": ["to_contact", "received"],
    "visits:detail": ["scheduled", "visited"],
    "visits:letter": ["scheduled"],
    "diagnosis:page": ["scheduled", "visited", "in_review"],
    "diagnosis:note": ["scheduled", "visited", "in_review"],
    "reports:edit": ["in_review"],
    "reports:preview": ["in_review"],
    "reports:review": ["in_validation"],
    "reports:dispatch": ["sent", "in_validation"],
    "reports:document": ["sent", "closed"],
    "reports:referrer_document": ["sent", "closed"],
    "orientations:add": ["in_review", "in_validation", "sent"],
    "orientations:update": ["sent", "closed"],
    "orientations:follow_up": ["closed", "sent"],
    "privacy:export_json": ["closed", "sent"],
    "privacy:export_pdf": ["closed", "sent"],
    "privacy:erase": ["closed", "sent"],
}
# Parameters that name a variant of the page rather than an object: each value is a page of its own when several.
VALUES = {
    ("diagnosis:note", "side"): ["technical", "social"],
    ("cases:transition", "name"): ["mark_visited"],
    ("diagnosis:save_section", "key"): ["household"],
    ("reports:save_section", "key"): ["gestures"],
    ("reports:preview", "kind"): ["family"],
}

# Pages whose tabs are chosen by a GET parameter: each tab is measured as a page of its own (its label), in place of
# the page without the parameter (the role's default tab, one of them).
TABS = {"coordination:queue": "etape"}


def tab_values(name: str) -> list[str]:
    if name == "coordination:queue":
        from binome.coordination.queue import QUEUE_GROUPS

        return list(QUEUE_GROUPS)
    return []


@dataclass
class Page:
    name: str  # the URL name
    label: str  # the variant (a parameter's value, an admin application), or ""
    role: str
    path: str

    @property
    def key(self) -> str:
        return f"{self.name}{f'[{self.label}]' if self.label else ''} {self.role}"


@dataclass
class Skipped:
    name: str
    reason: str


@dataclass
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]


class Unresolved(Exception):
    """A parameter of the route has no object to point at in this database."""


# --- in the worker: Django is set up, pages are found and requested ---------------------------------------------


def worker_environment(database_url: str | None) -> list[str]:
    """The environment of a worker before ``django.setup()``: production settings, debug off. Returns notes."""
    notes = []
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "binome.settings"
    os.environ["BINOME_DEBUG"] = "0"
    if not os.environ.get("BINOME_SECRET_KEY"):
        os.environ["BINOME_ALLOW_INSECURE_KEY"] = "1"
    # force_login gives no second factor: with it required, every case role would be sent to the OTP page.
    os.environ["BINOME_OTP_REQUIRED"] = "0"
    notes.append("BINOME_OTP_REQUIRED=0 (force_login ne passe pas le second facteur)")
    static_root = Path(os.environ.get("BINOME_STATIC_ROOT", REPO / "var" / "static"))
    if not (static_root / "staticfiles.json").exists() and not os.environ.get("BINOME_PLAIN_STATIC"):
        os.environ["BINOME_PLAIN_STATIC"] = "1"
        notes.append("BINOME_PLAIN_STATIC=1 (pas de manifeste collectstatic dans STATIC_ROOT)")
    notes.append("DEBUG=0, requêtes HTTPS (secure=True), une connexion persistante par worker")
    sys.path.insert(0, str(REPO / "src"))
    return notes


def _floor_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


class Bench:
    """Finds the pages of the URL conf and requests them, in the current (set up) Django process.

    ``users`` maps a role's label to its user (None: the visitor without account); by default the demo accounts.
    Use as a context manager: it adds the floor view to the URL conf for its duration.
    """

    def __init__(self, users: dict | None = None, *, pdf: bool = False, max_probes: int = 4):
        self.users = users
        self.pdf = pdf
        self.max_probes = max_probes
        self.notes: list[str] = []
        self.pages: dict[str, Page] = {}
        self.clients: dict = {}
        self._requests: dict = {}
        self._pools: dict = {}

    # Setup

    def __enter__(self):
        import types

        from django.conf import settings
        from django.test.utils import override_settings
        from django.urls import clear_url_caches, path

        root = __import__(settings.ROOT_URLCONF, fromlist=["urlpatterns"])
        module = types.ModuleType("bench_pages_urls")
        module.urlpatterns = [
            path(FLOOR_PATH.strip("/") + "/", _login_not_required(_floor_view), name="bench_floor"),
            *root.urlpatterns,
        ]
        for handler in ("handler400", "handler403", "handler404", "handler500"):
            if hasattr(root, handler):
                setattr(module, handler, getattr(root, handler))
        sys.modules[module.__name__] = module
        self._urlconf = override_settings(ROOT_URLCONF=module.__name__)
        self._urlconf.enable()
        clear_url_caches()
        if self.users is None:
            self.users = demo_users(self.notes)
        self.clients = {role: self._client(user) for role, user in self.users.items()}
        return self

    def __exit__(self, *exc):
        from django.urls import clear_url_caches

        self._urlconf.disable()
        sys.modules.pop("bench_pages_urls", None)
        clear_url_caches()

    @staticmethod
    def _client(user):
        from django.test import Client

        client = Client(raise_request_exception=False, HTTP_HOST="localhost")
        if user is not None:
            client.force_login(user)
        return client

    def _request(self, role):
        """The request attributes a view sees for this role (programme, roles, organisations)."""
        if role not in self._requests:
            from django.contrib.auth.models import AnonymousUser
            from django.test import RequestFactory

            from binome.accounts.middleware import ProgrammeMembershipMiddleware

            request = RequestFactory().get("/")
            request.user = self.users[role] or AnonymousUser()
            request.session = {}
            self._requests[role] = ProgrammeMembershipMiddleware(lambda r: r)(request)
        return self._requests[role]

    # Requests

    def get(self, role: str, path: str):
        """One GET as this role; the response read to its end. Returns (milliseconds, status, response)."""
        client = self.clients[role]
        start = time.perf_counter()
        response = client.get(path, secure=True)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018
        elapsed = (time.perf_counter() - start) * 1000
        # Not response.close(): the client closed it already, and a second request_finished closes the connection.
        return elapsed, response.status_code, response

    def time(self, key: str) -> tuple[float, int]:
        page = self.pages[key]
        elapsed, status, _ = self.get(page.role, page.path)
        return elapsed, status

    def queries(self, key: str) -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        page = self.pages[key]
        with CaptureQueriesContext(connection) as captured:
            _, status, _ = self.get(page.role, page.path)
        return len(captured.captured_queries), status

    # Discovery

    def discover(self, only: str | None = None) -> tuple[list[Page], list[Skipped]]:
        """Every page of the URL conf each role gets a 200 on, and what was left out with its reason."""
        pattern = re.compile(only) if only else None
        pages: list[Page] = []
        skipped: list[Skipped] = []
        roles = list(self.users)
        logged = [r for r in roles if self.users[r] is not None]
        # Coordinator first: a 405 (POST only) is found on the first probe.
        order = sorted(roles, key=lambda r: (r != "coordinatrice", r == ANONYMOUS))
        for route in walk():
            if pattern and not any(pattern.search(f"{route.name} {role}") for role in roles):
                continue
            reason = self._static_skip(route)
            if reason:
                skipped.append(Skipped(route.name, reason))
                continue
            found, seen, post_only, unresolved = [], {}, False, set()
            for role in order:
                if pattern and not pattern.search(f"{route.name} {role}"):
                    continue
                try:
                    variants = self._variants(route, role)
                except Unresolved as missing:
                    unresolved.add(str(missing))
                    continue
                for label, candidates in variants:
                    status = None
                    for kwargs in candidates[: self.max_probes]:
                        path = _reverse(route.name, kwargs)
                        _, status, response = self.get(role, path)
                        if status in MEASURED.get(route.name, {200}):
                            found.extend(self._tabs(Page(route.name, label, role, path)))
                            break
                        if status == 405:
                            post_only = True
                            break
                        if status == 302 and _to_login(response):
                            break
                    if status is not None:
                        seen.setdefault(status, []).append(role)
                    if post_only:
                        break
                if post_only:
                    break
            if post_only:
                skipped.append(Skipped(route.name, "POST uniquement (405 sur GET)"))
                continue
            if not found and unresolved and logged:
                # No object to address the page with: a GET with a placeholder still tells a POST-only action.
                status = self._placeholder_status(route, logged)
                reason = (
                    "POST uniquement (405 sur GET)"
                    if status == 405
                    else f"aucun objet pour l'adresser dans cette base ({', '.join(sorted(unresolved))})"
                )
                skipped.append(Skipped(route.name, reason))
                continue
            if not found:
                statuses = "; ".join(f"{s} : {', '.join(rs)}" for s, rs in sorted(seen.items()))
                skipped.append(Skipped(route.name, f"aucun rôle n'obtient 200 ({statuses or 'non sondée'})"))
            pages.extend(found)
        for role in roles:
            pages.append(Page(FLOOR, "", role, FLOOR_PATH))
        self.pages = {page.key: page for page in pages}
        return pages, skipped

    def _tabs(self, page: Page) -> list[Page]:
        """The page, or each of its tabs (``TABS``) that its role gets a 200 on."""
        if page.name not in TABS:
            return [page]
        tabs = []
        for value in tab_values(page.name):
            path = f"{page.path}?{urlencode({TABS[page.name]: value})}"
            if self.get(page.role, path)[1] == 200:
                tabs.append(Page(page.name, value, page.role, path))
        return tabs

    def _static_skip(self, route: Route) -> str:
        if route.name in SKIP and not (self.pdf and route.name in PDF_PAGES):
            return SKIP[route.name]
        if route.name.startswith("admin:") and set(route.params) - {"app_label"}:
            return ADMIN_OBJECT
        return ""

    def _placeholder_status(self, route: Route, logged: list[str]) -> int:
        kwargs = {}
        for param in route.params:
            values = VALUES.get((route.name, param))
            kwargs[param] = values[0] if values else (0 if _is_int(route, param) else "x")
        role = "coordinatrice" if "coordinatrice" in logged else logged[0]
        return self.get(role, _reverse(route.name, kwargs))[1]

    def _variants(self, route: Route, role: str) -> list[tuple[str, list[dict]]]:
        """(label, candidate kwargs in order of preference) for each page of the route this role is probed on."""
        name, params = route.name, route.params
        if name.startswith("admin:"):
            if role != ADMIN:
                return []  # the admin is sealed to programme administrators (tests/accounts/test_permissions.py)
            if params == ("app_label",):
                return [(label, [{"app_label": label}]) for label in admin_app_labels()]
            return [("", [{}])]
        if route.pattern.startswith(("dossiers/<int:pk>/", "visites/<int:pk>/")):
            if self.users[role] is None:
                return []  # behind the login
            return self._dossier_variants(route, role)
        if not params:
            return [("", [{}])]
        resolver = OBJECTS.get(name)
        if resolver is None:
            raise Unresolved(", ".join(params))
        return resolver(self, role)

    def _dossier_variants(self, route: Route, role: str) -> list[tuple[str, list[dict]]]:
        name = route.name
        extra = [p for p in route.params if p != "pk"]
        fixed = {p: VALUES[(name, p)] for p in extra if (name, p) in VALUES}
        by_object = [p for p in extra if p not in fixed]
        relation = None
        if route.pattern.startswith("visites/"):
            relation = "visits"
        for param in by_object:
            if param not in RELATED:
                raise Unresolved(param)
            relation = RELATED[param][0]
        dossiers = self._dossier_pool(role, name, relation)
        if not dossiers:
            raise Unresolved(relation or "pk")
        candidates = []
        for dossier in dossiers:
            kwargs = {"pk": dossier}
            if route.pattern.startswith("visites/"):
                kwargs["pk"] = _latest_visit(dossier)
            for param in by_object:
                kwargs.update(RELATED[param][1](dossier))
            candidates.append(kwargs)
        if not fixed:
            return [("", candidates)]
        ((param, values),) = fixed.items()
        label = len(values) > 1
        return [(value if label else "", [{**c, param: value} for c in candidates]) for value in values]

    def _dossier_pool(self, role: str, name: str, relation: str | None) -> list[int]:
        """The most recent dossier the role sees in each step (the page's steps first), having ``relation``."""
        cache_key = (role, name, relation)
        if cache_key in self._pools:
            return self._pools[cache_key]
        from binome.cases import policies
        from binome.cases.models import Dossier

        request = self._request(role)
        pool = policies.visible_dossiers(request)
        if not pool.exists() and request.programme is not None:
            pool = Dossier.objects.filter(programme=request.programme)  # the administrator: its programme's
        if relation:
            pool = pool.filter(**{f"{relation}__isnull": False})
        hints = STEP_HINTS.get(name, [])
        found = []
        for step in [*hints, *[s for s in STEPS if s not in hints]]:
            pk = pool.filter(state=step).order_by("-created_at", "-pk").values_list("pk", flat=True).first()
            if pk is not None:
                found.append(pk)
            if len(found) >= self.max_probes:
                break
        self._pools[cache_key] = found
        return found

    def programme(self, role: str):
        """The role's programme; for the visitor without account, the coordinator's (the demo programme)."""
        programme = self._request(role).programme
        if programme is None and role != "coordinatrice" and "coordinatrice" in self.users:
            programme = self._request("coordinatrice").programme
        return programme

    # The protocol of the worker: one JSON object per line each way.

    def handle(self, message: dict) -> dict:
        command = message["cmd"]
        if command == "discover":
            self.pdf = bool(message.get("pdf", self.pdf))
            self.max_probes = int(message.get("max_probes", self.max_probes))
            pages, skipped = self.discover(message.get("only"))
            return {
                "pages": [{**asdict(p), "key": p.key} for p in pages],
                "skipped": [asdict(s) for s in skipped],
                "notes": self.notes,
            }
        if command == "time":
            elapsed, status = self.time(message["key"])
            return {"ms": elapsed, "status": status}
        if command == "queries":
            count, status = self.queries(message["key"])
            return {"queries": count, "status": status}
        raise ValueError(command)


def _login_not_required(view):
    from django.contrib.auth.decorators import login_not_required

    return login_not_required(view)


def demo_users(notes: list[str]) -> dict:
    from binome.accounts.models import User

    users = {}
    for local in ACCOUNTS:
        user = User.objects.filter(email=f"{local}@{DEMO_DOMAIN}", is_active=True).first()
        if user is None:
            notes.append(f"compte {local}@{DEMO_DOMAIN} absent : rôle non mesuré")
        else:
            users[local] = user
    users[ANONYMOUS] = None
    return users


def walk(patterns=None, prefix: str = "", namespace: str = "", params: tuple = ()):
    """Every route of the URL conf: its full name, pattern and parameter names (the resolvers' included)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = (*params, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner, here)
        elif isinstance(entry, URLPattern) and entry.name and entry.name != "bench_floor":
            yield Route(f"{namespace}{entry.name}", prefix + str(entry.pattern), here)


def admin_app_labels() -> list[str]:
    from django.contrib import admin

    return sorted({model._meta.app_label for model in admin.site._registry})


def _reverse(name: str, kwargs: dict) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


def _is_int(route: Route, param: str) -> bool:
    return f"<int:{param}>" in route.pattern


def _to_login(response) -> bool:
    from django.conf import settings
    from django.urls import reverse

    location = response.get("Location", "")
    return location.startswith((reverse(settings.LOGIN_URL), reverse("admin:login")))


def _latest_visit(dossier_pk: int) -> int:
    from binome.visits.models import Visit

    return Visit.objects.filter(dossier_id=dossier_pk).order_by("-starts_at", "-pk").values_list("pk", flat=True)[0]


def _latest(model, dossier_pk: int, *ordering: str) -> int:
    return model.objects.filter(dossier_id=dossier_pk).order_by(*ordering).values_list("pk", flat=True)[0]


def _orientation(dossier_pk):
    from binome.orientations.models import Orientation

    return {"orientation_pk": _latest(Orientation, dossier_pk, "-created_at", "-pk")}


def _follow_up(dossier_pk):
    from binome.orientations.models import FollowUp

    return {"follow_up_pk": _latest(FollowUp, dossier_pk, "rank", "pk")}


def _photo(dossier_pk):
    from binome.diagnosis.models import Photo

    return {"photo_pk": _latest(Photo, dossier_pk, "-uploaded_at", "-pk")}


def _document(dossier_pk):
    from binome.reports.models import Document

    kind, number = Document.objects.filter(dossier_id=dossier_pk).order_by("-pk").values_list("kind", "number").first()
    return {"kind": kind, "number": number}


# Parameters of dossier pages that name one of the dossier's objects: (the dossier's relation, kwargs from its pk).
RELATED = {
    "orientation_pk": ("orientations", _orientation),
    "follow_up_pk": ("follow_ups", _follow_up),
    "photo_pk": ("diagnosis_photos", _photo),
    "number": ("documents", _document),
    "kind": ("documents", lambda dossier_pk: {}),  # with "number"
}


def _organisation(bench, role):
    """The programme's organisation with the most requests: the heaviest of these pages."""
    from django.db.models import Count

    from binome.network.models import Organisation

    programme = bench.programme(role)
    pks = list(
        Organisation.objects.filter(programme=programme)
        .annotate(n=Count("dossiers"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:1]
    )
    if not pks:
        raise Unresolved("pk (organisation)")
    return [("", [{"pk": pk} for pk in pks])]


def _referrer(bench, role):
    """The programme's donneur d'alerte with the most requests."""
    from django.db.models import Count

    from binome.accounts.models import Role, User

    programme = bench.programme(role)
    pks = list(
        User.objects.filter(memberships__programme=programme, memberships__role=Role.REFERRER)
        .annotate(n=Count("referred_dossiers", distinct=True))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:1]
    )
    if not pks:
        raise Unresolved("user_pk (donneur d'alerte)")
    return [("", [{"user_pk": pk} for pk in pks])]


def _event(bench, role):
    from binome.network.models import MobilisationEvent

    programme = bench.programme(role)
    pks = list(
        MobilisationEvent.objects.filter(programme=programme).order_by("-date", "-pk").values_list("pk", flat=True)[:1]
    )
    if not pks:
        raise Unresolved("pk (événement de mobilisation)")
    return [("", [{"pk": pk} for pk in pks])]


def _task_failure(bench, role):
    from binome.core.models import TaskFailure

    programme = bench.programme(role)
    failures = TaskFailure.objects.filter(programme_id=getattr(programme, "pk", None)).order_by("-pk")
    pks = list(failures.values_list("pk", flat=True)[:1])
    if not pks:
        raise Unresolved("pk (tâche en échec)")
    return [("", [{"pk": pk} for pk in pks])]


def _slug(bench, role):
    programme = bench.programme(role)
    if programme is None:
        raise Unresolved("slug")
    return [("", [{"slug": programme.slug}])]


def _feed(bench, role):
    """A calendar feed is read without an account, by its token: the visitor's role only."""
    from binome.visits.models import CalendarFeed

    if bench.users[role] is not None:
        return []
    token = (
        CalendarFeed.objects.filter(revoked_at__isnull=True, user__is_active=True)
        .order_by("-created_at", "-pk")
        .values_list("token", flat=True)
        .first()
    )
    if token is None:
        raise Unresolved("token (abonnement d'agenda)")
    return [("", [{"token": token}])]


def _partner(bench, role):
    """The partner's page, by the signed token of the most recent open link (signed here with the site's key)."""
    from django.utils import timezone

    from binome.orientations import links
    from binome.orientations.models import PartnerLink

    if bench.users[role] is not None:
        return []
    link = (
        PartnerLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at", "-pk")
        .first()
    )
    if link is None:
        raise Unresolved("token (lien partenaire ouvert)")
    return [("", [{"token": links.token_for(link)}])]


# Pages outside a dossier whose parameters name an object: how to find one.
OBJECTS = {
    "network:organisation": _organisation,
    "network:referrer": _referrer,
    "network:event": _event,
    "network:event_edit": _event,
    "coordination:failed_task_relaunch": _task_failure,
    "cases:self_referral": _slug,
    "cases:self_referral_done": _slug,
    "visits:feed": _feed,
    "orientations:partner": _partner,
}


def worker_main() -> None:
    """A worker: reads one command per line on stdin, answers one line on the protocol's stdout."""
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed by the application goes to the log, not into the protocol
    notes = worker_environment(None)
    import django

    django.setup()
    with Bench() as bench:
        bench.notes[:0] = notes
        if os.environ.get("BENCH_GC_FREEZE", "1") == "1":
            # As gunicorn does after loading the application (operations.gunicorn_conf.post_worker_init).
            from binome.core.warmup import settle

            bench.notes.append(f"gc.freeze() après chargement, comme gunicorn : {settle()} objets gelés")
        else:
            bench.notes.append("sans gc.freeze() (--no-freeze)")
        protocol.write(json.dumps({"ready": True}) + "\n")
        for line in sys.stdin:
            message = json.loads(line)
            if message.get("cmd") == "quit":
                break
            try:
                reply = bench.handle(message)
            except Exception as error:  # noqa: BLE001 - reported to the parent, which stops
                reply = {"error": f"{type(error).__name__}: {error}"}
            protocol.write(json.dumps(reply) + "\n")


# --- in the parent: the workers, the alternation, the table --------------------------------------------------------


class Worker:
    """A worker process on one database, spoken to in JSON lines."""

    def __init__(self, label: str, database_url: str, *, freeze: bool = True):
        self.label = label
        self.log = Path(tempfile.gettempdir()) / f"bench-pages-{os.getpid()}-{label}.log"
        env = {**os.environ, "DATABASE_URL": database_url, "BENCH_GC_FREEZE": "1" if freeze else "0"}
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
            bufsize=1,
        )
        self._read()  # ready

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"le worker « {self.label} » s'est arrêté ; voir {self.log}")
        reply = json.loads(line)
        if "error" in reply:
            sys.exit(f"worker « {self.label} » : {reply['error']} (journal : {self.log})")
        return reply

    def call(self, message: dict) -> dict:
        self.process.stdin.write(json.dumps(message) + "\n")
        return self._read()

    def close(self) -> None:
        try:
            self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.process.wait(timeout=30)


class Local:
    """The same conversation with a ``Bench`` of this process (the tests)."""

    def __init__(self, bench: Bench):
        self.bench = bench

    def call(self, message: dict) -> dict:
        return json.loads(json.dumps(self.bench.handle(json.loads(json.dumps(message)))))


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at or above ``share`` of the sample."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Side:
    path: str = ""
    times: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    queries: int | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        return percentile(self.times, 0.95) if self.times else None


def measure(sides: dict, requests: int, warmup: int, discover: dict | None = None, progress=None) -> dict:
    """Discover on each side, then time every page on the sides that have it, alternating request by request.

    ``sides``: {"small": worker, "large": worker} (anything with ``call``); ``discover``: its options (only, pdf,
    max_probes). Returns {"pages": {key: {"page": …, "small": Side, "large": Side}}, "skipped": …, "notes": […]}.
    """
    found, skipped, notes = {}, {}, []
    for label, side in sides.items():
        reply = side.call({"cmd": "discover", **(discover or {})})
        for page in reply["pages"]:
            found.setdefault(page["key"], {"page": page})[label] = Side(path=page["path"])
        for item in reply["skipped"]:
            skipped.setdefault((item["name"], item["reason"]), []).append(label)
        notes += [n for n in reply["notes"] if n not in notes]
    keys = list(found)
    for index, key in enumerate(keys, 1):
        present = [label for label in sides if label in found[key]]
        if progress:
            progress(f"[{index}/{len(keys)}] {key}")
        for _ in range(warmup):
            for label in present:
                sides[label].call({"cmd": "time", "key": key})
        for _ in range(requests):
            for label in present:
                reply = sides[label].call({"cmd": "time", "key": key})
                found[key][label].times.append(reply["ms"])
                found[key][label].statuses.append(reply["status"])
        for label in present:
            reply = sides[label].call({"cmd": "queries", "key": key})
            found[key][label].queries = reply["queries"]
    return {"pages": found, "skipped": skipped, "notes": notes}


@dataclass
class Row:
    key: str
    name: str
    role: str
    status: str
    small_median: float | None
    small_p95: float | None
    large_median: float | None
    large_p95: float | None
    ratio: float | None
    small_queries: int | None
    large_queries: int | None
    small_path: str
    large_path: str
    flags: list[str]


def rows(results: dict) -> list[Row]:
    made = []
    for key, entry in results["pages"].items():
        small, large = entry.get("small", Side()), entry.get("large", Side())
        statuses = sorted(set(small.statuses) | set(large.statuses))
        ratio = large.p95 / small.p95 if small.p95 and large.p95 else None
        queries = [q for q in (small.queries, large.queries) if q is not None]
        flags = []
        if large.p95 is not None and large.p95 > TARGET_P95_MS:
            flags.append(f"p95>{TARGET_P95_MS:.0f}")
        if ratio is not None and ratio > TARGET_RATIO:
            flags.append(f"ratio>{TARGET_RATIO}")
        if queries and max(queries) > TARGET_QUERIES:
            flags.append(f"req>{TARGET_QUERIES}")
        if small.queries is not None and large.queries is not None and large.queries > small.queries:
            flags.append("req+")
        if statuses and statuses != [200]:
            flags.append("statut")
        page = entry["page"]
        made.append(
            Row(
                key=key,
                name=page["name"] + (f"[{page['label']}]" if page["label"] else ""),
                role=page["role"],
                status="/".join(map(str, statuses)) or "-",
                small_median=small.median,
                small_p95=small.p95,
                large_median=large.median,
                large_p95=large.p95,
                ratio=ratio,
                small_queries=small.queries,
                large_queries=large.queries,
                small_path=small.path,
                large_path=large.path,
                flags=flags,
            )
        )
    made.sort(key=lambda r: (r.ratio is None, -(r.ratio or 0), -(r.large_p95 or 0), r.key))
    return made


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def render(table: list[Row], results: dict | None = None) -> str:
    width = max([len(row.name) for row in table] + [20])
    header = (
        f"{'page':{width}} {'rôle':13} {'statut':>6} {'petit méd':>9} {'petit p95':>9} {'grand méd':>9} "
        f"{'grand p95':>9} {'ratio':>5} {'requêtes':>9}  alertes"
    )
    lines = [header, "-" * len(header)]
    for row in table:
        queries = f"{'-' if row.small_queries is None else row.small_queries}/" + (
            "-" if row.large_queries is None else str(row.large_queries)
        )
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
        lines.append(
            f"{row.name:{width}} {row.role:13} {row.status:>6} {_ms(row.small_median):>9} "
            f"{_ms(row.small_p95):>9} {_ms(row.large_median):>9} {_ms(row.large_p95):>9} {ratio:>5} "
            f"{queries:>9}  {' '.join(row.flags)}"
        )
    flagged = sum(1 for row in table if row.flags)
    lines.append("")
    lines.append(
        f"{len(table)} pages × rôles mesurées, {flagged} hors objectif (p95 grand ≤ {TARGET_P95_MS:.0f} ms, "
        f"ratio p95 grand/petit ≤ {TARGET_RATIO}, ≤ {TARGET_QUERIES} requêtes SQL, autant de requêtes sur les deux)"
    )
    if results:
        if results["skipped"]:
            lines += ["", "Non mesurées :"]
            admin_objects = 0
            for (name, reason), labels in sorted(results["skipped"].items()):
                if reason == ADMIN_OBJECT:
                    admin_objects += 1
                    continue
                where = "" if len(labels) == len(SIDES) else f" [{', '.join(labels)}]"
                lines.append(f"  {name:40} {reason}{where}")
            if admin_objects:
                lines.append(f"  {'admin:*_change, _delete, _history…':40} {ADMIN_OBJECT} ({admin_objects} pages)")
        if results["notes"]:
            lines += ["", "Réglages : " + " ; ".join(results["notes"])]
    return "\n".join(lines)


SIDES = ("small", "large")


def to_json(table: list[Row], results: dict, args: dict) -> dict:
    return {
        "arguments": args,
        "targets": {"p95_large_ms": TARGET_P95_MS, "ratio": TARGET_RATIO, "queries": TARGET_QUERIES},
        "notes": results["notes"],
        "rows": [asdict(row) for row in table],
        "samples": {
            key: {label: entry[label].times for label in SIDES if label in entry}
            for key, entry in results["pages"].items()
        },
        "skipped": [
            {"name": name, "reason": reason, "databases": labels}
            for (name, reason), labels in sorted(results["skipped"].items())
        ],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--small", help="DATABASE_URL de la petite base")
    parser.add_argument("--large", help="DATABASE_URL de la grande base")
    parser.add_argument("--requests", type=int, default=30, help="requêtes mesurées par page et par base (30)")
    parser.add_argument("--warmup", type=int, default=5, help="requêtes d'échauffement non mesurées (5)")
    parser.add_argument("--only", help="expression régulière sur « nom-d-url rôle » (ex. 'coordination:|cases:')")
    parser.add_argument("--pdf", action="store_true", help="mesurer aussi les PDF rendus par WeasyPrint")
    parser.add_argument("--max-probes", type=int, default=4, help="objets essayés au plus par page et rôle (4)")
    parser.add_argument("--json", type=Path, help="écrit aussi le résultat en JSON")
    parser.add_argument(
        "--no-freeze", action="store_true", help="sans gc.freeze() au démarrage des workers (gunicorn le fait)"
    )
    args = parser.parse_args(argv)
    if args.worker:
        worker_main()
        return
    if not args.small or not args.large:
        parser.error("--small et --large sont obligatoires")
    started = time.monotonic()
    freeze = not args.no_freeze
    sides = {"small": Worker("small", args.small, freeze=freeze), "large": Worker("large", args.large, freeze=freeze)}
    try:
        results = measure(
            sides,
            args.requests,
            args.warmup,
            discover={"only": args.only, "pdf": args.pdf, "max_probes": args.max_probes},
            progress=lambda text: print(text, file=sys.stderr, flush=True),
        )
    finally:
        for worker in sides.values():
            worker.close()
    table = rows(results)
    print(render(table, results))
    elapsed = time.monotonic() - started
    print(f"\n{elapsed:.0f} s ; petite base : {_safe(args.small)} ; grande base : {_safe(args.large)}")
    print(f"journaux des workers (erreurs des pages) : {sides['small'].log} {sides['large'].log}")
    if args.json:
        payload = to_json(
            table, results, {k: v for k, v in vars(args).items() if k not in {"worker", "json", "small", "large"}}
        )
        payload["databases"] = {"small": _safe(args.small), "large": _safe(args.large)}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False))


def _safe(url: str) -> str:
    """The database URL without its password."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


if __name__ == "__main__":
    main()
