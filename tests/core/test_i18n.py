"""Every user-facing text of the templates goes through Django's i18n.

The source language is French: msgids are French and ``LANGUAGE_CODE = "fr"``. A template that
shows French prose outside ``{% translate %}`` / ``{% blocktranslate %}`` cannot be extracted by
``makemessages``; this test finds such text.
"""

import ast
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

import binome


TEMPLATES = Path(binome.__file__).parent / "templates"

# Words that are the same in every language: the brand name and its one-letter mark in the header.
# Punctuation and symbols (—, ·, €, ×, →) hold no letter and are never flagged.
ALLOWED = re.compile(r"\b(?:Binôme|B)\b")

# Attributes whose value is read out or shown to the user.
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-placeholder", "aria-roledescription"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}

COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S)
BLOCK_TRANSLATE = re.compile(r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
TRANSLATE = re.compile(r"\{%\s*trans(?:late)?\s.*?%\}", re.S)
VARIABLE = re.compile(r"\{\{.*?\}\}", re.S)
TAG = re.compile(r"\{%.*?%\}", re.S)
# A literal shown as is by a filter: {{ x|default:"Aucun" }}, {{ b|yesno:"oui,non" }}.
SHOWN_LITERAL = re.compile(r"\|\s*(?:default|default_if_none|yesno)\s*:\s*([\"'])(.*?)\1")
LETTER = re.compile(r"[^\W\d_]")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and (
                name in TEXT_ATTRIBUTES
                or (name == "value" and tag == "input" and values.get("type") in BUTTON_INPUT_TYPES)
            ):
                self.texts.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def untranslated_texts(source: str) -> list[str]:
    """The text runs of a template that a user would read but that no translate tag wraps."""
    found = []
    source = COMMENT.sub(" ", source)
    source = BLOCK_TRANSLATE.sub(" ", source)
    source = TRANSLATE.sub(" ", source)
    for variable in VARIABLE.findall(source):
        found += [m.group(2) for m in SHOWN_LITERAL.finditer(variable) if LETTER.search(m.group(2))]
    source = VARIABLE.sub(" ", source)
    source = TAG.sub(" ", source)
    collector = _TextCollector()
    collector.feed(source)
    collector.close()
    for text in collector.texts:
        text = " ".join(text.split())
        if LETTER.search(ALLOWED.sub(" ", text)):
            found.append(text)
    return found


def test_the_checker_flags_raw_french_text():
    assert untranslated_texts("<p>Aucun dossier</p>") == ["Aucun dossier"]
    assert untranslated_texts('{% load i18n %}<p>{% translate "Aucun dossier" %} ok</p>') == ["ok"]
    assert untranslated_texts('<button aria-label="Fermer">×</button>') == ["Fermer"]
    assert untranslated_texts('<input type="submit" value="Envoyer">') == ["Envoyer"]
    assert untranslated_texts("{{ n }} personne{{ n|pluralize }}") == ["personne"]
    assert untranslated_texts('{{ b|yesno:"oui,non" }}') == ["oui,non"]
    assert untranslated_texts("<script>let a = 'b';</script><p>{# note #}Texte</p>") == ["Texte"]
    assert untranslated_texts("<title>Binôme · Bienvenue</title>") == ["Binôme · Bienvenue"]


def test_the_checker_accepts_translated_text_markup_and_symbols():
    source = """{% extends "base.html" %}{% load i18n %}
    {% block title %}{% translate "Dossiers" %}{% endblock %}
    {% comment %}Une remarque pour les développeurs{% endcomment %}
    <p class="muted">{{ a }} · {{ b }} — {{ c|default:"—" }} € ×</p>
    {% blocktranslate count n=size %}{{ n }} personne{% plural %}{{ n }} personnes{% endblocktranslate %}
    <a href="{% url 'coordination:queue' %}" title="{% translate 'Retour' %}">←</a>
    <input type="hidden" name="version" value="{{ v }}">
    {{ b|yesno:_("oui,non") }} <strong>Binôme</strong>"""
    assert untranslated_texts(source) == []


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_show_no_untranslated_text(path):
    assert untranslated_texts(path.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext tools are not installed")
def test_makemessages_extracts_the_french_msgids(tmp_path, settings, monkeypatch):
    """makemessages reads every template and Python string; the catalogue it writes is valid."""
    source = Path(binome.__file__).parent
    tree = tmp_path / "binome"
    shutil.copytree(source, tree, ignore=shutil.ignore_patterns("__pycache__", "static", "energy", "*.json"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["fr"], verbosity=0)
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    catalogue = po.read_text(encoding="utf-8")
    # msgids from a plain template, a plural block, an e-mail and Python code.
    assert "#: templates/cases/dossier_detail.html" in catalogue
    assert 'msgid "Prochaine étape"' in catalogue
    assert 'msgid "%(n)s personne"\nmsgid_plural "%(n)s personnes"' in catalogue
    assert 'msgid "%(minutes)s min"' in catalogue
    assert "#: cases/models.py:" in catalogue and 'msgid "nombre de personnes"' in catalogue
    assert "#: orientations/views.py:" in catalogue and 'msgid "Orientation enregistrée."' in catalogue
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)], check=True)


# Calls whose text argument reaches the user, and the position of that argument: flash messages,
# refusals and validation errors.
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
USER_TEXT_CALLS = {"PermissionDenied": 0, "ValidationError": 0, "add_error": 1}


def _user_text_argument(call):
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "messages":
        position = 2 if func.attr == "add_message" else 1 if func.attr in MESSAGE_LEVELS else None
    else:
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        position = USER_TEXT_CALLS.get(name)
    if position is None or len(call.args) <= position:
        return None
    return call.args[position]


def untranslated_python_texts(source: str) -> list[str]:
    """Literal French text passed straight to a message, a refusal or a validation error."""
    found = []
    for node in ast.walk(ast.parse(source)):
        arg = _user_text_argument(node) if isinstance(node, ast.Call) else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and LETTER.search(arg.value):
            found.append(arg.value)
        elif isinstance(arg, ast.JoinedStr):
            found.append(ast.unparse(arg))
    return found


def test_the_python_checker_flags_raw_messages():
    source = """
messages.success(request, "Fiche enregistrée.")
messages.error(request, _("Orientation non modifiée."))
raise PermissionDenied(f"Pas pour {role}")
form.add_error("image", str(exc))
form.add_error("date", "Date passée.")
logger.warning("rate limit reached for programme %s", pk)
raise ValidationError(_("Indiquez un motif."), code="missing")
"""
    assert untranslated_python_texts(source) == ["Fiche enregistrée.", "f'Pas pour {role}'", "Date passée."]


def _django_modules():
    # Pure modules (no Django import) cannot use Django's translation functions.
    return [
        path
        for path in sorted(Path(binome.__file__).parent.rglob("*.py"))
        if "migrations" not in path.parts and "django" in path.read_text(encoding="utf-8")
    ]


@pytest.mark.parametrize("path", _django_modules(), ids=lambda p: str(p.relative_to(TEMPLATES.parent)))
def test_django_modules_translate_the_messages_they_show(path):
    assert untranslated_python_texts(path.read_text(encoding="utf-8")) == []
