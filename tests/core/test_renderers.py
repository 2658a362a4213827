"""The form renderer: Django's widget templates through Jinja2, the others (the admin's) through Django templates."""

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as JinjaTemplate

from binome.core.renderers import FormRenderer


class Sample(forms.Form):
    name = forms.CharField(label="Nom", max_length=20)
    heating = forms.ChoiceField(label="Chauffage", choices=[("gas", "Gaz d'un réseau"), ("wood", "Bois")])
    visited_on = forms.DateField(label="Visité le", widget=AdminDateWidget)


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_django_widgets_come_from_jinja2_the_admin_s_from_django_templates():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), JinjaTemplate)
    assert isinstance(renderer.get_template("admin/widgets/date.html"), DjangoTemplate)
    # Asked again, each name goes straight to the engine that holds it.
    assert isinstance(renderer.get_template("admin/widgets/date.html"), DjangoTemplate)
    with pytest.raises(TemplateDoesNotExist):
        renderer.get_template("nowhere/widget.html")


def test_a_form_renders_the_same_fields_values_and_escaping():
    form = Sample(data={"name": '<b>"Dupont"</b>', "heating": "gas", "visited_on": "31/02/2026"})
    html = str(form)
    assert 'name="name"' in html and 'maxlength="20"' in html
    assert 'value="&lt;b&gt;&#34;Dupont&#34;&lt;/b&gt;"' in html  # what was typed, escaped (Jinja2's entities)
    assert '<option value="gas" selected>Gaz d&#39;un réseau</option>' in html
    assert 'class="vDateField' in html  # the admin's widget, through the fallback
    assert "Saisissez une date valide." in html
