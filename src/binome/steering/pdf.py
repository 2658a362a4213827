"""The yearly bilan as a PDF (WeasyPrint, the documents' font, the dashboard's SVG charts and tables)."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from binome.reports.documents import font_urls
from binome.steering import dashboard, docs
from binome.steering.figures import Period, Scope


logger = logging.getLogger(__name__)


class BilanError(Exception):
    """The PDF could not be produced (French message)."""


def render_bilan(programme, year: int, comments: str = "") -> bytes:
    from weasyprint import HTML

    board = dashboard.build(Scope(programme), Period.year(year))
    context = {
        "programme": programme,
        "year": year,
        "board": board,
        "f": board.figures,
        "definitions": docs.DEFINITIONS,
        "comments": comments.strip(),
        "fonts": font_urls(),
        "made_on": timezone.localdate(),
    }
    try:
        html = render_to_string("steering/bilan_pdf.html", context)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)
    except Exception as exc:  # noqa: BLE001 — any failure of the renderer becomes one clear message
        logger.exception("bilan %s of programme %s could not be rendered", year, programme.pk)
        raise BilanError("Le bilan n'a pas pu être produit en PDF. Réessayez plus tard.") from exc
