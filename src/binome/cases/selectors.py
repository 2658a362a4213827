"""How views fetch dossiers: always through the user's scope (``policies.visible_dossiers``), 404 outside it."""

from django.shortcuts import get_object_or_404

from binome.cases import policies


DOSSIER_RELATED = ("commune__unite", "organisation", "referrer", "advisor", "programme")


def dossier_for(request, pk, *, related=DOSSIER_RELATED, extend=None):
    """The dossier ``pk`` if the user may see it (with the relations every dossier page shows), else 404.
    ``extend(queryset)``: what else the page reads with the dossier (``chain.with_page_reads``)."""
    queryset = policies.visible_dossiers(request).select_related(*related)
    return get_object_or_404(extend(queryset) if extend else queryset, pk=pk)
