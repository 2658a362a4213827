"""Orientation pages: propose one, follow one (status, outcome, partner link), the follow-up questionnaire, the
partner's page (public, by its signed link) and the programme's outcome rates.

Views stay thin: the rules are in ``cases.policies`` (who may do what at which step), ``machine`` (the
orientation's moves), ``services`` / ``links`` / ``calls`` (what is written) and ``outcomes`` (the rates).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from binome.cases import policies
from binome.cases.selectors import dossier_for
from binome.core import memo
from binome.core.concurrency import StaleEdit
from binome.core.params import parse_int
from binome.orientations import calls, links, machine, outcomes, rates, services
from binome.orientations.forms import FollowUpForm, MoveForm, PartnerAnswerForm, ProposeForm, SendLinkForm
from binome.orientations.models import LinkAction, OrientationSettings, PartnerLinkUse


def _to_dossier(dossier):
    return redirect(reverse("cases:detail", kwargs={"pk": dossier.pk}) + "#orientations")


def _refuse_unless(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("Votre rôle ou l'étape du dossier ne permet pas cette action sur les orientations."))


@memo.page_scope
def add(request, pk):
    """Propose an orientation (the panel's form posts here; a refused one comes back with what was typed)."""
    dossier = dossier_for(request, pk)
    _refuse_unless(policies.can_propose_orientation(request, dossier))
    solutions = services.catalogue(dossier.programme)
    form = ProposeForm(request.POST or None, programme=dossier.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = services.Proposal(
            data["solution"], data["organisation"], data["partner_name"], data["household_step"]
        )
        try:
            services.propose(dossier, [proposal], user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Orientation enregistrée."))
            return _to_dossier(dossier)
    context = {"dossier": dossier, "form": form, "solutions": solutions}
    return render(request, "orientations/add.html", context)


def _orientation(dossier, orientation_pk):
    return get_object_or_404(services.with_carrier(dossier.orientations.all()), pk=orientation_pk)


def _move_form(orientation, data=None):
    initial = {"version": orientation.version, "outcome": orientation.outcome}
    initial.update({a.value: getattr(orientation, a.value) for a in machine.Amount})
    return MoveForm(data, initial=initial, current=orientation.status, amounts=orientation.solution.amounts)


@memo.page_scope
def update(request, pk, orientation_pk):
    """One orientation: where it stands, its history, the move to its next status, the link to its partner."""
    dossier = dossier_for(request, pk)
    _refuse_unless(policies.is_case_worker(request))
    orientation = _orientation(dossier, orientation_pk)
    can_manage = policies.can_manage_orientations(request, dossier)
    form, stale = _move_form(orientation), None
    if request.method == "POST":
        _refuse_unless(can_manage)
        form = _move_form(orientation, request.POST)
        if _shown_version(request.POST) not in {None, orientation.version}:
            # Changed since the page was shown: the other person's values first, what was typed kept.
            stale, form = (
                services.current_values(orientation),
                _rebound(request.POST, orientation, orientation.version),
            )
        elif form.is_valid():
            data = form.cleaned_data
            amounts = {f.name: data.get(f.name) for f in form.amount_fields}
            try:
                services.move(
                    orientation,
                    data["status"],
                    expected_version=data["version"],
                    user=request.user,
                    outcome=data["outcome"],
                    amounts=amounts,
                )
            except StaleEdit as exc:
                stale, orientation = exc.changes, services.refresh_orientation(orientation)
                form = _rebound(request.POST, orientation, exc.version)
            except machine.MoveRefused as exc:
                form.add_error("status", str(exc))
            else:
                messages.success(request, _("Orientation mise à jour."))
                return _to_dossier(dossier)
    return render(request, "orientations/orientation.html", _page_context(request, dossier, orientation, form, stale))


def _shown_version(post) -> int | None:
    return parse_int(post.get("version", ""), low=0)


def _rebound(post, orientation, version):
    """After a refused stale save: what was typed, on the current version and the statuses allowed now."""
    data = post.copy()
    data["version"] = version
    form = MoveForm(data, current=orientation.status, amounts=orientation.solution.amounts)
    form.is_valid()
    return form


def _page_context(request, dossier, orientation, form, stale, link_form=None):
    services.with_contacts([orientation])
    can_manage = policies.can_manage_orientations(request, dossier)
    active = [link for link in orientation.links.all() if link.used_at is None and link.revoked_at is None]
    for link in active:
        link.url = request.build_absolute_uri(reverse("orientations:partner", kwargs={"token": links.token_for(link)}))
    return {
        "dossier": dossier,
        "orientation": orientation,
        "form": form if can_manage and form.fields["status"].choices else None,
        "stale": stale,
        "can_manage": can_manage,
        "changes": list(orientation.changes.select_related("actor")),
        "active_links": [link for link in active if link.expires_at > timezone.now()],
        "link_uses": list(
            PartnerLinkUse.objects.filter(link__orientation=orientation).select_related("link").order_by("-at")
        ),
        "link_form": link_form or SendLinkForm(initial={"email": services.partner_email(orientation)}),
    }


@require_POST
def send_link(request, pk, orientation_pk):
    """Create a link for the partner to give news of this orientation, and e-mail it after the commit."""
    dossier = dossier_for(request, pk)
    _refuse_unless(policies.can_manage_orientations(request, dossier))
    orientation = _orientation(dossier, orientation_pk)
    form = SendLinkForm(request.POST)
    if not form.is_valid():
        context = _page_context(request, dossier, orientation, _move_form(orientation), None, link_form=form)
        return render(request, "orientations/orientation.html", context)
    from binome.orientations.tasks import send_partner_link

    with transaction.atomic():
        link = links.create(orientation, user=request.user, email=form.cleaned_data["email"])
        transaction.on_commit(lambda: send_partner_link.enqueue(link.pk))
    messages.success(
        request,
        _("Lien envoyé au partenaire : il est valable jusqu'au %(day)s.")
        % {"day": timezone.localtime(link.expires_at).strftime("%d/%m/%Y")},
    )
    return redirect("orientations:update", pk=dossier.pk, orientation_pk=orientation.pk)


# The follow-up calls.


@memo.page_scope
def follow_up(request, pk, follow_up_pk):
    """The follow-up questionnaire of one call, beside the values of the visit and the orientations' statuses."""
    dossier = dossier_for(request, pk)
    _refuse_unless(policies.is_case_worker(request))
    call = get_object_or_404(dossier.follow_ups, pk=follow_up_pk)
    can_record = policies.can_record_follow_up(request, dossier)
    report_day = calls.report_day(dossier)
    form, stale = FollowUpForm(instance=call, report_day=report_day), None
    if request.method == "POST":
        _refuse_unless(can_record)
        form = FollowUpForm(request.POST, instance=call, report_day=report_day)
        if form.is_valid():
            answers = {name: form.cleaned_data[name] for name in FollowUpForm.Meta.fields}
            try:
                calls.record_answers(call, answers, user=request.user, expected_version=form.cleaned_data["version"])
            except StaleEdit as exc:
                stale = exc.changes
                data = request.POST.copy()
                data["version"] = exc.version
                form = FollowUpForm(data, instance=call, report_day=report_day)
                form.is_valid()
            except calls.CallRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Réponses de l'appel de suivi enregistrées."))
                return _to_dossier(dossier)
    context = {
        "dossier": dossier,
        "call": call,
        "form": form,
        "stale": stale,
        "can_record": can_record,
        "report_day": report_day,
        "baseline": calls.record_baseline(dossier) if can_record else getattr(dossier, "baseline", None),
        "orientations": services.dossier_orientations(dossier),
        "max_attempts": OrientationSettings.for_programme(dossier.programme).follow_up_attempts,
    }
    return render(request, "orientations/follow_up.html", context)


@require_POST
def no_answer(request, pk, follow_up_pk):
    """A follow-up call that did not get through."""
    dossier = dossier_for(request, pk)
    _refuse_unless(policies.can_record_follow_up(request, dossier))
    call = get_object_or_404(dossier.follow_ups, pk=follow_up_pk)
    version = parse_int(request.POST.get("version", ""), low=0)
    if version is None:
        messages.error(request, _("Appel non enregistré : rechargez la page et recommencez."))
        return redirect("orientations:follow_up", pk=dossier.pk, follow_up_pk=call.pk)
    try:
        call = calls.record_no_answer(call, user=request.user, expected_version=version)
    except StaleEdit:
        messages.error(request, _("Cet appel de suivi vient d'être modifié par quelqu'un d'autre : vérifiez-le."))
    except calls.CallRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Appel sans réponse enregistré (%(n)s).") % {"n": call.attempts})
    return redirect("orientations:follow_up", pk=dossier.pk, follow_up_pk=call.pk)


# The partner's page.


@login_not_required
@never_cache
def partner(request, token):
    """What a partner reaches by its link: the household's name and commune, that orientation, and a form."""
    opened = links.open_link(token)
    if opened.link is None:
        raise Http404
    link = opened.link
    orientation = link.orientation
    form, stale, done = None, None, False
    if opened.refusal:
        links.log(link, opened.action)
    elif request.method == "POST":
        done, stale, form = _partner_post(request.POST, link, orientation)
    else:
        links.log(link, LinkAction.OPENED)
        form = PartnerAnswerForm(
            initial={"version": orientation.version, "outcome": orientation.outcome},
            current=orientation.status,
            amounts=orientation.solution.amounts,
            partner=True,
        )
    context = {
        "link": link,
        "orientation": services.refresh_orientation(orientation) if done else orientation,
        "dossier": orientation.dossier,
        "refusal": opened.refusal,
        "form": form if form is not None and form.fields["status"].choices and not done else None,
        "stale": stale,
        "done": done,
    }
    response = render(request, "orientations/partner.html", context, status=410 if opened.refusal else 200)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves the site; the form still posts its origin
    return response


def _partner_form(data, orientation):
    return PartnerAnswerForm(data, current=orientation.status, amounts=orientation.solution.amounts, partner=True)


def _partner_post(post, link, orientation):
    """The partner's answer: (done, stale changes, form to show)."""
    if _shown_version(post) not in {None, orientation.version}:
        links.log(link, LinkAction.REFUSED_MOVE, detail="version")
        return False, services.current_values(orientation), _partner_rebound(post, orientation)
    form = _partner_form(post, orientation)
    if not form.is_valid():
        links.log(link, LinkAction.REFUSED_MOVE, detail="formulaire")
        return False, None, form
    return _partner_answer(link, form)


def _partner_rebound(data, orientation):
    post = data.copy()
    post["version"] = orientation.version
    form = _partner_form(post, orientation)
    form.is_valid()
    return form


def _partner_answer(link, form):
    data = form.cleaned_data
    try:
        links.answer(
            link,
            status=data["status"],
            expected_version=data["version"],
            answered_by=data["answered_by"],
            outcome=data["outcome"],
            amounts={f.name: data.get(f.name) for f in form.amount_fields},
        )
    except StaleEdit as exc:
        orientation = services.refresh_orientation(link.orientation)
        link.orientation = orientation
        return False, exc.changes, _partner_rebound(form.data, orientation)
    except machine.MoveRefused as exc:
        form.add_error("status", str(exc))
        return False, None, form
    return True, None, form


# The programme's outcome rates.


def outcome_rates(request):
    """The four national rates by year and UT, with their numerators, denominators and definitions."""
    _refuse_unless(policies.can_read_outcomes(request))
    year = parse_int(request.GET.get("annee", ""), low=1900, high=2100)
    found = outcomes.table(request.programme, year)
    context = {
        "table": found,
        "definitions": [(label, definition) for label, _benchmark, definition in rates.DEFINITIONS.values()],
        "population": rates.POPULATION,
    }
    return render(request, "orientations/rates.html", context)
