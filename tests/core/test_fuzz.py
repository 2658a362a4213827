"""Fuzz: every URL of the permission matrix, as every role, with hostile values in every GET parameter and form field.

The rows come from ``tests/accounts/test_permissions.MATRIX`` as it stands when the test runs, so the pages the
other links add are fuzzed too. For each row, in the world of the matrix (its dossier at the row's step):

1. the fields are read from the pages themselves, as the roles that may use the row: every ``<form>`` (``action``,
   ``hx-post``, ``hx-get``) whose target is the row's URL, on the row's page or else on the dossier, diagnosis,
   visit, agenda and queue pages; the links' query parameters; the row's own data; and, for a GET, every parameter
   a view of Binôme reads (``GET_PARAMETERS``);
2. requests with hypothesis-generated values: Unicode digits (``²``, ``٣``), NUL and other control characters,
   100 kB strings, dates at year 1 and 9999 (ISO and French), negative and huge numbers, and a few plain strings:
   first every field hostile at once, as each of the ten roles (again as htmx for the roles let in); then each
   field alone, the others keeping the values the page offers (so that validation is passed and the code behind
   it is reached), ``BINOME_FUZZ_EXAMPLES`` rounds (default 2), the roles that may use the page taking turns;
3. after every request: no 5xx; every HTML page is sent ``Cache-Control: no-store``; and when the request was
   refused (a 4xx, a form shown again with its errors, an error message without a success one; autosaves excepted,
   which keep what is typed by design) nothing was written: the row count of every table of Binôme and the sum
   of every ``version`` column are unchanged.

The examples are derandomised (the same values each run, for CI); ``BINOME_FUZZ_EXAMPLES=20 BINOME_FUZZ_RANDOM=1``
searches further. The session ends with the number of requests sent (``tests/core/conftest.py``).
"""

import datetime as dt
import os
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlparse

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.core.cache import cache
from django.db import connection, models
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from binome.cases import public_form
from tests.accounts.test_permissions import MATRIX, ROLES, USER_ATTR, _url


EXAMPLES = int(os.environ.get("BINOME_FUZZ_EXAMPLES", "2"))
RANDOM = os.environ.get("BINOME_FUZZ_RANDOM", "") not in {"", "0"}

# Every GET parameter a view of Binôme reads (grep request.GET): sent all at once to every GET row.
GET_PARAMETERS = [
    *("etape", "etat", "ut", "source", "page", "jour", "vue", "dossier", "date", "time", "annee", "mois", "retour"),
    *("calcul", "debuts", "debut", "semaines"),
]
# Pages that keep what is typed, even invalid (autosaves): a refused field is stored as a draft by design.
AUTOSAVES = {"cases:referral_draft", "diagnosis:save_section", "diagnosis:kit_save"}
# Read receipts: what a page records of being shown (a validator opened this version), refused form included; the
# partner links log every use, a refused answer included (issue 12: "every use is logged").
READ_RECEIPTS = {"reports.VersionSeen", "orientations.PartnerLinkUse"}
# Pages that host the forms posted to other URLs.
HOSTS = ["cases:detail", "diagnosis:page", "visits:detail", "visits:agenda", "coordination:queue"]
HOST_ROLES = ["coordinator", "advisor", "chef_service", "referrer"]
LONG = "x" * 100_000  # 100 kB (ASCII: percent-decoding 100 k "é" costs 30 ms a request)

HOSTILE = st.one_of(
    st.sampled_from(["²", "٣", "１２", "\x00", "a\x00b", "\x1b[31m", LONG, "-1", "-9223372036854775809", "9" * 40]),
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),  # digits of every script
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "L", "N", "P", "S"]), max_size=12),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y").zfill(10), f"{d.isoformat()}T00:00"])
    ),
    st.sampled_from(["0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999", "0001-01-01T00:00", "24:00", "99:99"]),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["1e308", "NaN", "-inf", "0x10", "1_000", " 7 ", "3,5", "", "<script>alert(1)</script>"]),
)
ALL_AT_ONCE = ["²", "\x00", LONG, "0001-01-01", "9999-12-31", "-1", "9" * 40, "٣"]


class FormReader(HTMLParser):
    """The forms of a page: (method, target path, {field: value}), and the query parameters of its links."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[tuple[str, str, dict]] = []
        self.links: list[tuple[str, list[str]]] = []
        self._form = None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = "post" if (a.get("method", "").lower() == "post" or "hx-post" in a) else "get"
            target = a.get("hx-post") or a.get("action") or a.get("hx-get") or self.page_path
            self._form = (method, urlparse(target).path or self.page_path, {})
            self.forms.append(self._form)
        elif tag == "a" and "?" in a.get("href", ""):
            parsed = urlparse(a["href"])
            self.links.append((parsed.path or self.page_path, [k for k, _v in parse_qsl(parsed.query)]))
        if self._form is None or "name" not in a:
            return
        fields = self._form[2]
        if tag == "input" and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a or a["name"] not in fields:
                    fields[a["name"]] = a.get("value", "on")
            else:
                fields[a["name"]] = a.get("value", "")
        elif tag == "input":
            fields.setdefault(a["name"], "")
        elif tag == "select":
            self._select = a["name"]
            fields.setdefault(a["name"], "")
        elif tag == "option" and self._select and ("selected" in a or not fields.get(self._select)):
            fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea and self._form:
            self._form[2][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _read(client, path) -> FormReader:
    reader = FormReader(path)
    response = client.get(path)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        reader.feed(response.content.decode())
    if response.streaming:
        b"".join(response.streaming_content)
    return reader


def _host_paths(path, dossier) -> list[str]:
    """The row's own page first, then the pages whose forms post to other URLs."""
    paths = [path]
    if dossier is None:
        return [*paths, reverse("visits:agenda"), reverse("coordination:queue")]
    for name in HOSTS:
        if name == "visits:detail":
            visit = dossier.visits.first()
            if visit is not None:
                paths.append(reverse(name, kwargs={"pk": visit.pk}))
        elif name in {"visits:agenda", "coordination:queue"}:
            paths.append(reverse(name))
        else:
            paths.append(reverse(name, kwargs={"pk": dossier.pk}))
    return paths


def fields_of(row, path, dossier, clients, roles) -> dict:
    """The fields posted to (or read by) the row's URL ``path``, with the values the pages offer, as each of
    ``roles`` sees them (each role reads the pages in order until one holds a form for ``path``)."""
    fields = dict(row.data or {})
    for role in roles:
        for host in _host_paths(path, dossier):
            reader = _read(clients[role], host)
            found = [f for method, target, f in reader.forms if target == path and method == row.method]
            for form_fields in found:
                fields = {**form_fields, **fields}
            if row.method == "get":
                for target, names in reader.links:
                    if target == path:
                        fields = {**{n: "" for n in names}, **fields}
            if found or (row.method == "get" and host == path):
                break
    fields.pop("csrfmiddlewaretoken", None)
    return fields


# What the database holds: one query for the row count of every table of Binôme and every version total.


def _snapshot_sql() -> tuple[str, list[str]]:
    parts, labels = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("binome.") or model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.label in READ_RECEIPTS:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT count(*) FROM {table})")
        labels.append(f"rows of {model._meta.label}")
        for field in model._meta.concrete_fields:
            if field.name == "version" and isinstance(field, models.IntegerField):
                parts.append(f"(SELECT coalesce(sum({connection.ops.quote_name(field.column)}), 0) FROM {table})")
                labels.append(f"versions of {model._meta.label}")
    return "SELECT " + ", ".join(parts), labels


def snapshot(sql) -> dict:
    query, labels = sql
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(zip(labels, cursor.fetchone(), strict=True))


def changes(before: dict, after: dict) -> dict:
    return {label: (before[label], after[label]) for label in before if before[label] != after[label]}


def refused(response) -> bool:
    """A request the application refused: 4xx, a form shown again with errors, or an error without success."""
    if 400 <= response.status_code < 500:
        return True
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    levels = {m.level for m in queued}
    if constants.ERROR in levels and constants.SUCCESS not in levels:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
    return False


class Fuzzer:
    def __init__(self, row, path, clients, world, sql):
        self.row, self.path, self.clients, self.world, self.sql = row, path, clients, world, sql
        self.requests = 0

    def send(self, role, data, htmx=False):
        client = self.clients[role]
        before = snapshot(self.sql)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        if self.row.method == "get":
            response = client.get(self.path, data, **headers)
        else:
            response = client.post(self.path, data, **headers)
        self.requests += 1
        shown = {k: (v[:40] + "…" if len(v) > 40 else v) for k, v in data.items()}
        assert response.status_code < 500, f"{self.row.id} as {role}: {response.status_code} with {shown!r}"
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            assert "no-store" in response.get("Cache-Control", ""), f"{self.row.id}: a page left in caches"
        if refused(response) and self.row.name not in AUTOSAVES:
            written = changes(before, snapshot(self.sql))
            assert not written, f"{self.row.id} as {role}: {response.status_code} but wrote {written} with {shown!r}"
        if self.row.name in {"logout", "switch_programme"} and role != "anonymous":
            client.force_login(getattr(self.world, USER_ATTR[role]))  # back in the same session state
        if response.streaming:  # a file download holds its file open until read to the end
            b"".join(response.streaming_content)
        return response


def _clients(world) -> dict:
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(getattr(world, USER_ATTR[role]))
    return clients


def _allowed(row, role) -> bool:
    expected = row.expected[role]
    status = expected[0] if isinstance(expected, tuple) else expected
    target = expected[1] if isinstance(expected, tuple) else ""
    return status not in {403, 404, 405} and target not in {"login", "admin:login"}


@pytest.fixture
def open_public_form(monkeypatch):
    """The public form's token and caps let the fuzzed values through to the form (they are tested elsewhere)."""
    monkeypatch.setattr(public_form, "spend_token", lambda token: public_form.read_token(token) is not None)
    monkeypatch.setattr(public_form, "PER_ADDRESS", 10**6)
    monkeypatch.setattr(public_form, "PER_CONTACT", 10**6)
    cache.clear()
    yield
    cache.clear()


FUZZ_REQUESTS = []  # (row id, requests), for the summary printed at the end of the session


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_no_server_error_and_nothing_written_on_refusal(world, make_dossier, open_public_form, row):
    dossier = make_dossier(row.state, advisor=world.advisor) if row.state is not None else None
    path = _url(row, dossier, world)
    clients = _clients(world)
    allowed = [role for role in ROLES if _allowed(row, role)]
    fields = fields_of(row, path, dossier, clients, allowed or ["coordinator"])
    if row.name == "cases:transition":
        fields.setdefault("version", str(dossier.version))
    get_names = GET_PARAMETERS if row.method == "get" else []
    fuzzer = Fuzzer(row, path, clients, world, _snapshot_sql())
    names = list(fields) + [n for n in get_names if n not in fields]
    for role in ROLES:  # every field hostile at once, as every role (again as htmx for the roles let in)
        for shift in range(2 if role in allowed else 1):
            data = {name: ALL_AT_ONCE[(i + shift) % len(ALL_AT_ONCE)] for i, name in enumerate(names)}
            fuzzer.send(role, data, htmx=bool(shift))
    fuzz_fields = list(fields) or ([] if row.method == "post" else ["page"])
    rounds = {"n": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def each_field_alone(data):
        # One request per field and round; the roles that may use the page take turns, the htmx header too.
        htmx = rounds["n"] % 2 == 1
        for i, name in enumerate(fuzz_fields):
            role = allowed[(rounds["n"] + i) % len(allowed)]
            fuzzer.send(role, {**fields, name: data.draw(HOSTILE, label=f"{role}:{name}")}, htmx=htmx)
        rounds["n"] += 1

    if allowed:
        each_field_alone()
    FUZZ_REQUESTS.append((row.id, fuzzer.requests))
    assert fuzzer.requests >= len(ROLES) + len(allowed) + (len(fuzz_fields) if allowed else 0)  # all were sent


def test_the_harvest_finds_the_fields_of_a_form(world, make_dossier):
    """The fuzz reaches the fields: the booking form's are read from its page (a harvest that found nothing would
    make the fuzz above pass without testing anything)."""
    from binome.cases.workflow import State

    dossier = make_dossier(State.TO_CONTACT)
    row = next(r for r in MATRIX if r.name == "visits:book" and r.method == "post")
    path = reverse("visits:book", kwargs={"pk": dossier.pk})
    fields = fields_of(row, path, dossier, _clients(world), ["coordinator"])
    assert {"date", "time", "duration_minutes", "advisor", "preparation_note", "version"} <= set(fields)
    assert fields["version"] == str(dossier.version)


def test_a_refusal_that_writes_is_caught(world, make_dossier):
    """The invariant can fail: a refused request that wrote a row is reported."""
    from binome.cases.models import Dossier
    from tests.factories import DossierFactory

    sql = _snapshot_sql()
    before = snapshot(sql)
    DossierFactory(commune=world.commune)
    assert snapshot(sql) != before
    Dossier.objects.filter(pk=Dossier.objects.first().pk).update(version=7)
    assert snapshot(sql) != before
