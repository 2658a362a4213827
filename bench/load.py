"""Load test: simulated users of every role walk their usual pages on gunicorn + PostgreSQL with the demo data.

Each simulated user logs in with a demo account of its role (several users may share one account, each with its
own session), then opens, one after the other with a pause between, the pages that role uses: the coordinator
the queue (and its filters, as htmx asks them), dossiers, the agenda, the coverage plan and the network; the
advisor his visits, the agenda and his dossiers; the chefs the reports to validate; the referrers their requests
and the request form; the administrator the admin and the jobs page. The run is bounded in time and in requests,
and only ever targets this machine (127.0.0.1, localhost or ::1).

It prints the requests per second, p50 / p95 / p99 per page (ms) and the errors. Goal on a 2-core machine: no
error and p95 ≤ 300 ms on every page (the login itself pays for the password hash, by design, and is listed apart).

Usage:
  .venv/bin/python bench/load.py --setup        # fresh database binome_load + demo + gunicorn (Procfile's web)
  .venv/bin/python bench/load.py --base http://127.0.0.1:8000   # against a server already running
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests


REPO = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PASSWORD = "demo"
# (role, demo account, number of simulated users)
ROLES = [
    ("coordinator", "coordinatrice", 14),
    ("advisor", "conseiller", 10),
    ("chef", "chef.mission", 4),
    ("chef", "chef.service", 4),
    ("referrer", "donneur.ccas", 5),
    ("referrer", "donneur.departement", 5),
    ("referrer", "donneur.caf", 5),
    ("admin", "admin", 3),
]
# The pages of each role: (label, path); "{dossier}" is one of the dossiers the user's lists link to.
PAGES = {
    "coordinator": [
        ("file des dossiers", "/dossiers/"),
        ("file filtrée (htmx)", "/dossiers/?etape=visites"),
        ("dossier", "/dossiers/{dossier}/"),
        ("dossier", "/dossiers/{dossier}/"),
        ("agenda", "/agenda/"),
        ("couverture", "/couverture/"),
        ("réseau", "/reseau/"),
        ("annuaire", "/reseau/annuaire/"),
    ],
    "advisor": [
        ("mes visites", "/visites/"),
        ("agenda", "/agenda/"),
        ("dossier", "/dossiers/{dossier}/"),
        ("diagnostic", "/dossiers/{dossier}/diagnostic/"),
    ],
    "chef": [
        ("file des dossiers", "/dossiers/"),
        ("file filtrée (htmx)", "/dossiers/?etape=validation"),
        ("dossier", "/dossiers/{dossier}/"),
        ("réseau", "/reseau/"),
    ],
    "referrer": [
        ("mes demandes", "/demandes/"),
        ("dossier (donneur)", "/dossiers/{dossier}/"),
        ("nouvelle demande", "/demandes/nouvelle/"),
    ],
    "admin": [
        ("administration", "/administration/"),
        ("tâches planifiées", "/administration/operations/jobrun/"),
    ],
}
DOSSIER_LINK = re.compile(r'href="/dossiers/(\d+)/"')


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.count += 1
            self.latencies[label].append(seconds * 1000)
            if error:
                self.errors[label] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{label}: {error}")


class Budget:
    """The run's bounds: a deadline and a maximum number of requests, shared by every simulated user.

    The logins come first (bounded by ``login_seconds``); the walk's clock starts when every user is logged in."""

    def __init__(self, login_seconds: float, max_requests: int):
        self.deadline = time.monotonic() + login_seconds
        self.left = max_requests
        self.lock = threading.Lock()
        self.walk_started = None

    def start_walk(self, seconds: float) -> None:
        with self.lock:
            self.walk_started = time.monotonic()
            self.deadline = self.walk_started + seconds

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def request(session, results, budget, label, method, url, **kwargs):
    if not budget.take():
        return None
    started = time.perf_counter()
    try:
        response = session.request(method, url, timeout=30, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        results.add(label, time.perf_counter() - started, type(exc).__name__)
        return None
    elapsed = time.perf_counter() - started
    error = None
    if response.status_code >= 400 or (
        response.status_code in (301, 302) and "/connexion/" in response.headers.get("Location", "")
    ):
        error = f"{response.status_code} {url}"
    results.add(label, elapsed, error)
    return response


def log_in(session, base, account, results, budget) -> bool:
    page = request(session, results, budget, "connexion (page)", "GET", f"{base}/connexion/")
    if page is None:
        return False
    data = {
        "username": f"{account}@demo.binome.fr",
        "password": PASSWORD,
        "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
    }
    response = request(
        session,
        results,
        budget,
        "connexion (mot de passe)",
        "POST",
        f"{base}/connexion/",
        data=data,
        headers={"Referer": f"{base}/connexion/"},
    )
    return response is not None and response.status_code == 302 and "sessionid" in session.cookies


def user(base, role, account, results, budget, think, ramp, seed, barrier):
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, ramp))  # users arrive over the first seconds, not all at the same instant
    session = requests.Session()
    logged_in = log_in(session, base, account, results, budget)
    try:
        barrier.wait()  # the walk starts when everybody is in
    except threading.BrokenBarrierError:
        pass
    if not logged_in:
        return
    dossiers: list[str] = []
    pages = PAGES[role]
    while time.monotonic() < budget.deadline and budget.left > 0:
        label, path = pages[rng.randrange(len(pages))]
        if "{dossier}" in path:
            if dossiers:
                path = path.format(dossier=rng.choice(dossiers))
            else:  # no dossier seen yet: the role's first page lists them
                label, path = pages[0]
        headers = {"HX-Request": "true"} if "htmx" in label else {}
        response = request(session, results, budget, label, "GET", base + path, headers=headers)
        if (
            response is not None
            and response.status_code == 200
            and "text/html" in response.headers.get("Content-Type", "")
        ):
            found = DOSSIER_LINK.findall(response.text)
            if found:
                dossiers = sorted(set(found))[:40]
        time.sleep(rng.uniform(*think))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(results: Results, seconds: float, users: int, walked: int) -> bool:
    total_errors = sum(results.errors.values())
    print(
        f"\n{users} utilisateurs simulés connectés, puis {seconds:.0f} s de navigation : {walked} pages, "
        f"{walked / seconds:.1f} requêtes/s ; {results.count} requêtes en tout, {total_errors} erreur(s)\n"
    )
    print(f"{'page':28} {'requêtes':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'erreurs':>8}")
    worst = 0.0
    for label in sorted(results.latencies, key=lambda k: -len(results.latencies[k])):
        values = results.latencies[label]
        p95 = percentile(values, 0.95)
        if not label.startswith("connexion (mot"):
            worst = max(worst, p95)
        print(
            f"{label:28} {len(values):>8} {statistics.median(values):>8.0f} {p95:>8.0f} "
            f"{percentile(values, 0.99):>8.0f} {max(values):>8.0f} {results.errors.get(label, 0):>8}"
        )
    everything = [v for values in results.latencies.values() for v in values]
    print(
        f"{'toutes':28} {len(everything):>8} {statistics.median(everything):>8.0f} "
        f"{percentile(everything, 0.95):>8.0f} {percentile(everything, 0.99):>8.0f} {max(everything):>8.0f} "
        f"{total_errors:>8}"
    )
    for example in results.examples:
        print("  erreur :", example)
    ok = total_errors == 0 and worst <= 300
    print(
        f"\nObjectif (0 erreur, p95 ≤ 300 ms par page hors mot de passe) : {'atteint' if ok else 'NON atteint'} "
        f"(pire p95 : {worst:.0f} ms)"
    )
    return ok


def run(base: str, users: int, seconds: float, max_requests: int, think: tuple[float, float], ramp: float) -> bool:
    results, budget = Results(), Budget(ramp + 120, max_requests)
    plan = [(role, account) for role, account, n in ROLES for _ in range(n)]
    random.Random(0).shuffle(plan)  # every role present in a smaller run too
    plan = (plan * (users // len(plan) + 1))[:users]
    barrier = threading.Barrier(users, action=lambda: budget.start_walk(seconds), timeout=ramp + 120)
    threads = [
        threading.Thread(
            target=user, args=(base, role, account, results, budget, think, ramp, i, barrier), daemon=True
        )
        for i, (role, account) in enumerate(plan)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + ramp + 180)
    walked = (time.monotonic() - budget.walk_started) if budget.walk_started else 0.0
    pages = sum(len(v) for label, v in results.latencies.items() if not label.startswith("connexion"))
    return report(results, max(walked, 1e-9), users, pages)


# --setup: a fresh database with the demo, and gunicorn as the Procfile starts it.


def setup(port: int, database_url: str) -> subprocess.Popen:
    parts = urlsplit(database_url)
    admin = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username or "postgres"}
    name = parts.path.lstrip("/")
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    static = REPO / "var" / "load-static"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("BINOME_", "DJANGO_", "DATABASE_URL"))}
    env = {
        **base_env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": database_url,
        "BINOME_SECRET_KEY": "load-test-" + "k" * 50,
        "BINOME_STATIC_ROOT": str(static),
        "BINOME_PRIVATE_MEDIA_ROOT": str(REPO / "var" / "load-private"),
        "BINOME_SECURE_COOKIES": "0",  # plain HTTP on the loopback
        "BINOME_SSL_REDIRECT": "0",  # …so no redirect to HTTPS (accounts)
        "BINOME_OTP_REQUIRED": "0",  # the demo accounts log in with their password only, as in debug
        "BINOME_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PORT": str(port),
    }
    for args in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "-m", "binome", *args], env=env, cwd=REPO, check=True)
    subprocess.run(
        [sys.executable, "-m", "binome", "load_demo", "--i-know-this-is-not-production"],
        env={**env, "BINOME_TASKS_IMMEDIATE": "1"},
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    web = next(
        line.split(":", 1)[1] for line in (REPO / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    server = subprocess.Popen(
        shlex.split(web),
        env=env,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(REPO / "var" / "load-gunicorn.log", "w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/connexion/", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("gunicorn n'a pas démarré (voir var/load-gunicorn.log)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=None, help="adresse d'un serveur déjà démarré (boucle locale seulement)")
    parser.add_argument("--setup", action="store_true", help="base neuve binome_load, démo, gunicorn sur --port")
    parser.add_argument("--port", type=int, default=8642)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/binome_load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="pause entre deux pages d'un utilisateur, en secondes",
    )
    parser.add_argument("--ramp", type=float, default=20, help="arrivée des utilisateurs étalée sur ces secondes")
    args = parser.parse_args()
    base = (args.base or f"http://127.0.0.1:{args.port}").rstrip("/")
    if urlsplit(base).hostname not in LOOPBACK:
        sys.exit(f"{base} : ce test ne vise que cette machine (127.0.0.1, localhost, ::1).")
    server = setup(args.port, args.database_url) if args.setup else None
    try:
        ok = run(base, args.users, args.seconds, args.max_requests, tuple(args.think), args.ramp)
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
