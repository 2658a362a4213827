"""How views fetch dossiers: always through the user's scope (``policies.visible_dossiers``), 404 outside it."""

from django.shortcuts import get_object_or_404

from binome.cases import policies


DOSSIER_RELATED = ("commune__unite", "organisation", "referrer", "advisor", "programme")


def dossier_for(request, pk, *, related=DOSSIER_RELATED, annotations=None, extend=None):
    """The dossier ``pk`` if the user may see it (with the relations every dossier page shows), else 404.
    What else a page reads with the dossier: ``annotations`` (name → expression) or ``extend(queryset)`` (the
    dossier page's blocks, ``chain.with_page_reads``)."""
    queryset = policies.visible_dossiers(request).select_related(*related)
    if annotations:
        queryset = queryset.annotate(**annotations)
    return get_object_or_404(extend(queryset) if extend else queryset, pk=pk)
