"""How views fetch dossiers: always through the user's scope (``policies.visible_dossiers``), 404 outside it."""

from django.shortcuts import get_object_or_404

from binome.cases import policies


DOSSIER_RELATED = ("commune__unite", "organisation", "referrer", "advisor", "programme")


def dossier_for(request, pk, *, related=DOSSIER_RELATED):
    """The dossier ``pk`` if the user may see it (with the relations every dossier page shows), else 404."""
    return get_object_or_404(policies.visible_dossiers(request).select_related(*related), pk=pk)
