"""The referral side of a dossier: the fiche de demande, its draft, the referrer's pages, self-referral.

- ``referral_create``: a logged-in referrer fills the fiche with the household present, or the
  coordinator enters a request received by phone, e-mail or on paper (source recorded); what is typed
  is autosaved as a draft (``referral_draft``), and a household already in an open dossier is flagged.
- ``my_requests`` / ``referrer_detail``: what became of the requests of the referrer's organisation.
- ``self_referral``: the public form (no login) for households and phone-line operators, protected by
  a honeypot field, a minimum filling time and a rate limit that answers "wait a moment" (HTTP 429)
  instead of failing.
"""

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.accounts.models import Role
from binome.cases import policies
from binome.cases.forms import PublicReferralForm, ReferralForm
from binome.cases.models import Channel, EventKind, Motive, ReferralDraft
from binome.cases.services import save_new_dossier
from binome.cases.workflow import FINAL_STATES, OPEN_STATES, STATE_LABELS, State
from binome.territory.models import Programme


logger = logging.getLogger(__name__)

DRAFT_SKIPPED = {"csrfmiddlewaretoken", "confirm_duplicate"}
DRAFT_DAYS = 30


def _draft_initial(draft) -> dict:
    initial = {}
    for key, values in draft.data.items():
        if key == "motives":
            initial[key] = values
        elif values:
            initial[key] = values[0]
    return initial


def referral_create(request):
    policies.require_role(request, Role.REFERRER, Role.COORDINATOR)
    programme = request.programme
    # Drafts hold household data: an abandoned one is forgotten after DRAFT_DAYS.
    ReferralDraft.objects.filter(updated_at__lt=timezone.now() - dt.timedelta(days=DRAFT_DAYS)).delete()
    draft = ReferralDraft.objects.filter(user=request.user, programme=programme).first()
    if request.method == "POST":
        form = ReferralForm(request.POST, programme=programme, roles=request.roles)
    else:
        form = ReferralForm(initial=_draft_initial(draft) if draft else None, programme=programme, roles=request.roles)
    if request.method == "POST" and form.is_valid():
        dossier = form.save(commit=False)
        dossier.programme = programme
        if Role.COORDINATOR in request.roles:
            dossier.referrer = None
        else:
            dossier.referrer = request.user
            dossier.organisation = request.organisations[0] if request.organisations else None
            dossier.channel = Channel.ONLINE
            dossier.referrer_name = ""
            dossier.mobilisation_event = None
        note = _("Demande enregistrée.")
        if form.duplicates:
            refs = ", ".join(m.dossier.reference for m in form.duplicates)
            note += " " + _("Doublon possible confirmé par l'auteur : %(refs)s.") % {"refs": refs}
        save_new_dossier(dossier, user=request.user, note=note)
        ReferralDraft.objects.filter(user=request.user, programme=programme).delete()
        messages.success(
            request,
            _("Demande %(reference)s enregistrée. Le SLIME va contacter le ménage.")
            % {"reference": dossier.reference},
        )
        return redirect("cases:detail", pk=dossier.pk)
    context = {
        "form": form,
        "draft": draft if request.method == "GET" else None,
        "duplicates": form.duplicates,
        "show_duplicate_refs": Role.COORDINATOR in request.roles,
    }
    return render(request, "cases/referral_form.html", context)


@require_POST
def referral_draft(request):
    """Autosave of the fiche (htmx): keeps what is typed, even unfinished or invalid."""
    policies.require_role(request, Role.REFERRER, Role.COORDINATOR)
    if request.POST.get("discard"):
        ReferralDraft.objects.filter(user=request.user, programme=request.programme).delete()
        if request.htmx:
            return HttpResponse(_("Brouillon effacé."))
        return redirect("cases:referral_create")
    data = {k: request.POST.getlist(k)[:20] for k in request.POST if k not in DRAFT_SKIPPED}
    data = {k: [v[:2000] for v in values] for k, values in data.items()}
    ReferralDraft.objects.update_or_create(user=request.user, programme=request.programme, defaults={"data": data})
    saved_at = timezone.localtime().strftime("%H:%M")
    return HttpResponse(_("Brouillon enregistré à %(time)s.") % {"time": saved_at})


def my_requests(request):
    policies.require_role(request, Role.REFERRER)
    dossiers = (
        policies.visible_dossiers(request)
        .select_related("commune", "referrer")
        .annotate(next_visit=F("next_visit_at"))
        .order_by("-created_at")
    )
    state = request.GET.get("etape", "")
    groups = {
        "en-cours": list(OPEN_STATES),
        "termines": list(FINAL_STATES),
    }
    if state in groups:
        dossiers = dossiers.filter(state__in=groups[state])
    page = Paginator(dossiers, 50).get_page(request.GET.get("page"))
    draft = ReferralDraft.objects.filter(user=request.user, programme=request.programme).only("updated_at").first()
    return render(request, "cases/my_requests.html", {"page": page, "etape": state, "draft": draft})


HIDDEN_FROM_REFERRER = ["validate_mission", "return_for_changes", "submit_for_validation"]


def referrer_detail(request, dossier):
    """What a referrer sees of a dossier: steps, visit date, orientations, report summary if consented."""
    steps = list(
        dossier.events.filter(kind=EventKind.TRANSITION)
        .exclude(transition__in=HIDDEN_FROM_REFERRER)
        .order_by("at", "pk")
        .values("at", "to_state")
    )
    for step in steps:
        step["label"] = STATE_LABELS[State(step["to_state"])]
    visit = dossier.visits.filter(status__in=["planned", "done"]).order_by("-starts_at").first()
    context = {
        "dossier": dossier,
        "steps": steps,
        "visit": visit,
        "orientations": list(dossier.orientations.all()),
        "report": getattr(dossier, "report", None) if policies.can_read_report(request, dossier) else None,
        "report_sent": policies.report_sent(dossier),
        "motive_labels": [label for value, label in Motive.choices if value in dossier.motives],
    }
    return render(request, "cases/referrer_detail.html", context)


# Self-referral (public).

MIN_SECONDS = 4  # a person needs longer than this to fill the form; a bot does not
MAX_AGE = 6 * 3600  # the form stays valid for a working half-day
RATE_PER_ADDRESS = 5  # submissions per address per window
RATE_PER_PROGRAMME = 200  # all submissions to one programme per window, whatever the address
RATE_WINDOW = 600  # seconds
SIGNER_SALT = "binome.self-referral"


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _over_limit(key: str, limit: int) -> bool:
    """Count one hit for ``key`` in the cache; True once ``limit`` is passed within the window.

    If the cache itself fails (Redis down), the form stays open rather than failing for everyone.
    """
    try:
        cache.add(key, 0, RATE_WINDOW)
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW)
            hits = 1
    except Exception:  # noqa: BLE001 - any cache outage
        logger.warning("rate-limit cache unavailable; self-referral accepted without counting")
        return False
    return hits > limit


def _shown_at_token() -> str:
    return signing.TimestampSigner(salt=SIGNER_SALT).sign("form")


def _token_age(token: str) -> float | None:
    """Seconds since the form was displayed, or None if the token is missing, forged or too old."""
    signer = signing.TimestampSigner(salt=SIGNER_SALT)
    try:
        signer.unsign(token, max_age=MAX_AGE)
        _value, stamp, _signature = token.rsplit(signer.sep, 2)
        return timezone.now().timestamp() - signing.b62_decode(stamp)
    except (signing.BadSignature, ValueError):
        return None


@login_not_required
def self_referral(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    status = 200
    notice = ""
    if request.method == "POST":
        form = PublicReferralForm(request.POST, programme=programme)
        address_key = f"self-referral:{programme.pk}:{_client_address(request)}"
        programme_key = f"self-referral:{programme.pk}"
        if _over_limit(address_key, RATE_PER_ADDRESS) or _over_limit(programme_key, RATE_PER_PROGRAMME):
            # Slow down, do not fail: the visitor keeps what they typed and is told to wait.
            logger.warning("self-referral rate limit reached for programme %s", programme.pk)
            status = 429
            notice = _(
                "Beaucoup de demandes ont été envoyées depuis votre connexion : patientez quelques minutes puis "
                "renvoyez le formulaire. Ce que vous avez saisi est conservé."
            )
        elif request.POST.get("website"):
            # A bot filled the hidden field: answer as if all went well, record nothing.
            logger.info("self-referral honeypot filled for programme %s", programme.pk)
            return redirect("cases:self_referral_done", slug=programme.slug)
        else:
            age = _token_age(request.POST.get("shown_at", ""))
            if age is None or age < MIN_SECONDS:
                notice = _("Merci de relire votre demande puis de cliquer à nouveau sur « Envoyer ma demande ».")
            elif form.is_valid():
                dossier = form.save(commit=False)
                dossier.programme = programme
                dossier.channel = Channel.SELF
                dossier.consent_contact = True
                operator = form.cleaned_data["filled_by"] == "operator"
                if operator:
                    note = _("Demande du ménage reçue par le formulaire public (saisie par l'accueil téléphonique).")
                else:
                    note = _("Demande du ménage reçue par le formulaire public.")
                save_new_dossier(dossier, user=None, note=note)
                request.session["self_referral_reference"] = dossier.reference
                return redirect("cases:self_referral_done", slug=programme.slug)
        # Shown again with everything typed, the errors next to their fields and a fresh time stamp.
        data = request.POST.copy()
        data["shown_at"] = _shown_at_token()
        form = PublicReferralForm(data, programme=programme)
        form.is_valid()
    else:
        form = PublicReferralForm(initial={"shown_at": _shown_at_token()}, programme=programme)
    context = {"form": form, "programme": programme, "notice": notice}
    return render(request, "cases/self_referral.html", context, status=status)


@login_not_required
def self_referral_done(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    reference = request.session.pop("self_referral_reference", None)
    return render(request, "cases/self_referral_done.html", {"programme": programme, "reference": reference})
