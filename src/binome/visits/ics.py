"""The private calendar feed of a member of the binôme (iCalendar, RFC 5545, built with ``icalendar``).

By default an event carries the dossier reference and the commune only; the household's name and
address appear only if the user opted in (and only for visits the user takes part in, hence may see).
"""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from binome.visits.models import Absence, Visit, VisitStatus


PAST_DAYS = 90


def build_feed(feed, roles, base_url: str) -> bytes:
    user = feed.user
    calendar = Calendar()
    calendar.add("prodid", "-//Binôme//Agenda du SLIME//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Binôme — {feed.programme.name}")
    calendar.add("x-wr-timezone", "Europe/Paris")
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    visits = (
        Visit.objects.filter(dossier__programme=feed.programme, starts_at__gte=since)
        .filter(Q(advisor=user) | Q(coordinator=user))
        .select_related("dossier__commune", "advisor", "coordinator")
        .annotate(change_count=Count("changes"))
        .order_by("starts_at")
    )
    now = timezone.now()
    for visit in visits:
        dossier = visit.dossier
        commune = dossier.commune
        postal = commune.postal_codes[0] if commune.postal_codes else ""
        event = Event()
        event.add("uid", f"visite-{visit.pk}@binome")
        event.add("dtstamp", now)
        event.add("dtstart", visit.starts_at)
        event.add("dtend", visit.ends_at)
        event.add("sequence", max(visit.change_count - 1, 0))
        summary = _("Visite SLIME %(ref)s — %(commune)s") % {"ref": dossier.reference, "commune": commune.name}
        location = f"{postal} {commune.name}".strip()
        description = [
            _("Avec %(advisor)s et %(coordinator)s.") % {"advisor": visit.advisor, "coordinator": visit.coordinator}
        ]
        if feed.show_names:
            summary = _("Visite SLIME %(ref)s — %(name)s, %(commune)s") % {
                "ref": dossier.reference,
                "name": dossier.household_name,
                "commune": commune.name,
            }
            location = f"{dossier.address}, {location}"
            if visit.preparation_note:
                description.append(_("Problème identifié : %(note)s") % {"note": visit.preparation_note})
            if visit.preparation_questions:
                description.append(_("Questions : %(questions)s") % {"questions": visit.preparation_questions})
        url = base_url.rstrip("/") + reverse("cases:detail", kwargs={"pk": dossier.pk})
        description.append(url)
        event.add("summary", summary)
        event.add("location", location)
        event.add("description", "\n".join(description))
        event.add("url", url)
        event.add("status", "CANCELLED" if visit.status == VisitStatus.CANCELLED else "CONFIRMED")
        event.add("geo", (commune.latitude, commune.longitude))
        calendar.add_component(event)
    for absence in Absence.objects.filter(user=user, programme=feed.programme, ends_at__gte=since):
        event = Event()
        event.add("uid", f"absence-{absence.pk}@binome")
        event.add("dtstamp", now)
        event.add("dtstart", absence.starts_at)
        event.add("dtend", absence.ends_at)
        event.add("summary", _("Absence — %(label)s") % {"label": absence.label} if absence.label else _("Absence"))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
