"""The referral side of a dossier: the fiche de demande, its draft, the referrer's pages, self-referral.

- ``referral_create``: a logged-in referrer fills the fiche with the household present, or the
  coordinator enters a request received by phone, e-mail or on paper (source recorded); what is typed
  is autosaved as a draft (``referral_draft``), and a household already in an open dossier is flagged.
- ``my_requests`` / ``referrer_detail``: what became of the requests of the referrer's organisation.
- ``self_referral``: the public form (no login) for households and phone-line operators, protected by
  a honeypot field, a one-use time token, caps per connection and per contact, and an alert to the
  coordinators on a flood (``public_form``): never a lock-out of every household, never a failure.
"""

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from binome.accounts.models import Role
from binome.cases import policies, public_form, request_rows
from binome.cases.forms import PublicReferralForm, ReferralForm
from binome.cases.models import Channel, EventKind, Motive, ReferralDraft
from binome.cases.services import save_new_dossier
from binome.cases.workflow import FINAL_STATES, OPEN_STATES, STATE_LABELS, State
from binome.core.text import draft_value
from binome.territory.models import CoverageYear, Programme


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
        notice = CoverageYear.waiting_notice(dossier.commune, timezone.localdate().year)
        if notice:
            messages.warning(request, notice)
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
    # Only the form's fields, each value clean and cut at its field's length: a pasted megabyte is not kept.
    fields = ReferralForm(programme=request.programme, roles=request.roles).fields
    data = {
        name: [draft_value(v, getattr(fields[name], "max_length", None)) for v in request.POST.getlist(name)[:20]]
        for name in request.POST
        if name in fields and name not in DRAFT_SKIPPED
    }
    ReferralDraft.objects.update_or_create(user=request.user, programme=request.programme, defaults={"data": data})
    saved_at = timezone.localtime().strftime("%H:%M")
    return HttpResponse(_("Brouillon enregistré à %(time)s.") % {"time": saved_at})


def my_requests(request):
    policies.require_role(request, Role.REFERRER)
    dossiers = policies.visible_dossiers(request)
    state = request.GET.get("etape", "")
    groups = {
        "en-cours": list(OPEN_STATES),
        "termines": list(FINAL_STATES),
    }
    if state in groups:
        dossiers = dossiers.filter(state__in=groups[state])
    # Only the columns shown (not the households' contact details), as values: ``request_rows`` prepares what the
    # template writes. Counted without the joins of those columns. Requests received at the same time (imported
    # ones) in a fixed order, each on one page.
    paginator = Paginator(dossiers.order_by("-created_at", "-pk").values(*request_rows.COLUMNS), 50)
    paginator.count = dossiers.count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = request_rows.rows(page.object_list, request.user)
    draft = ReferralDraft.objects.filter(user=request.user, programme=request.programme).only("updated_at").first()
    return render(request, "cases/my_requests.html", {"page": page, "etape": state, "draft": draft})


HIDDEN_FROM_REFERRER = ["approve_step", "return_for_changes", "submit_for_validation"]


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
        # What the household agreed to share (``policies.can_read_orientations``); relations by name, no import.
        "orientations": list(dossier.orientations.select_related("solution", "organisation"))
        if policies.can_read_orientations(request, dossier)
        else [],
        "orientations_shared": policies.can_read_orientations(request, dossier),
        "report": getattr(dossier, "report", None) if policies.can_read_report(request, dossier) else None,
        "report_sent": policies.report_sent(dossier),
        "motive_labels": [label for value, label in Motive.choices if value in dossier.motives],
    }
    return render(request, "cases/referrer_detail.html", context)


# Self-referral (public): the protections live in ``public_form``.


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


SLOW_DOWN = gettext_lazy(
    "Beaucoup de demandes ont été envoyées depuis votre connexion : patientez quelques minutes puis "
    "renvoyez le formulaire. Ce que vous avez saisi est conservé."
)
READ_AGAIN = gettext_lazy("Merci de relire votre demande puis de cliquer à nouveau sur « Envoyer ma demande ».")


def _record_self_referral(request, programme, form) -> None:
    dossier = form.save(commit=False)
    dossier.programme = programme
    dossier.channel = Channel.SELF
    dossier.consent_contact = True
    if form.cleaned_data["filled_by"] == "operator":
        note = _("Demande du ménage reçue par le formulaire public (saisie par l'accueil téléphonique).")
    else:
        note = _("Demande du ménage reçue par le formulaire public.")
    if public_form.flood(programme):
        note += " " + _("Reçue pendant un afflux inhabituel de demandes : vérifiez qu'elle est authentique.")
    save_new_dossier(dossier, user=None, note=note)
    request.session["self_referral_reference"] = dossier.reference


def _self_referral_post(request, programme):
    """(response or None, form, status, notice) of a submission; None: show the form again."""
    form = PublicReferralForm(request.POST, programme=programme)
    if request.POST.get("website"):
        # A bot filled the hidden field: answer as if all went well, record and count nothing.
        logger.info("self-referral honeypot filled for programme %s", programme.pk)
        return redirect("cases:self_referral_done", slug=programme.slug), form, 200, ""
    if not public_form.spend_token(request.POST.get("shown_at", "")):  # too fast, forged, stale or reused
        return None, form, 200, READ_AGAIN
    if public_form.address_over_limit(programme, _client_address(request)):
        # Slow down, do not fail: the visitor keeps what they typed and is told to wait.
        logger.warning("self-referral rate limit reached for programme %s", programme.pk)
        return None, form, 429, SLOW_DOWN
    if not form.is_valid():
        return None, form, 200, ""
    data = form.cleaned_data
    if public_form.contact_over_limit(programme, data["phone"], data.get("email", "")):
        # The household is already in the queue: a success page, nothing recorded, nothing revealed.
        logger.info("self-referral contact cap reached for programme %s", programme.pk)
        return redirect("cases:self_referral_done", slug=programme.slug), form, 200, ""
    _record_self_referral(request, programme, form)
    return redirect("cases:self_referral_done", slug=programme.slug), form, 200, ""


@login_not_required
def self_referral(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    status, notice = 200, ""
    if request.method == "POST":
        response, form, status, notice = _self_referral_post(request, programme)
        if response is not None:
            return response
        # Shown again with everything typed, the errors next to their fields and a fresh one-use token.
        data = request.POST.copy()
        data["shown_at"] = public_form.new_token()
        form = PublicReferralForm(data, programme=programme)
        form.is_valid()
    else:
        form = PublicReferralForm(initial={"shown_at": public_form.new_token()}, programme=programme)
    context = {"form": form, "programme": programme, "notice": notice}
    return render(request, "cases/self_referral.html", context, status=status)


@login_not_required
def self_referral_done(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    reference = request.session.pop("self_referral_reference", None)
    return render(request, "cases/self_referral_done.html", {"programme": programme, "reference": reference})
