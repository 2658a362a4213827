"""The stylesheet and htmx are found by Django's static finders and served by the pages."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_vendored_and_own_static_files_are_found():
    assert finders.find("binome/binome.css")
    htmx = finders.find("vendor/htmx.min.js")
    assert htmx and "htmx" in Path(htmx).read_text(encoding="utf-8")[:2000]


def test_login_page_links_the_stylesheet_and_htmx(client):
    html = client.get(reverse("login")).content.decode()
    assert 'href="/static/binome/binome.css"' in html
    assert 'src="/static/vendor/htmx.min.js"' in html


def test_read_only_and_disabled_fields_do_not_look_editable():
    """A rule of the stylesheet tints and dashes them (they looked like any other field)."""
    import re

    css = Path(finders.find("binome/binome.css")).read_text(encoding="utf-8")
    rules = {selector.strip(): body for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)}
    styled = [body for sel, body in rules.items() if "input:disabled" in sel and "input[readonly]" in sel]
    assert styled and "background" in styled[0] and "dashed" in styled[0]
