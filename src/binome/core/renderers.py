"""The form renderer: Django's own form and widget templates through Jinja2, the others through Django templates.

A diagnosis page renders about 150 widgets: through Django's template engine each costs ~0.3 ms on this machine,
half of the page's time (cProfile; ``docs/performance.md``, « Sixth pass »). Django ships the same templates for
Jinja2 (``django/forms/jinja2/``), which renders them about three times as fast. Widgets of other apps (the admin's,
django-filter's) only have Django templates: those are found by the fallback. Which engine holds a name is looked up
once per name and process (templates do not appear while a process runs).
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FormRenderer(BaseRenderer):
    def __init__(self):
        self._engine_of: dict[str, BaseRenderer] = {}

    @cached_property
    def fast(self) -> BaseRenderer:
        return Jinja2()

    @cached_property
    def fallback(self) -> BaseRenderer:
        return DjangoTemplates()

    def get_template(self, template_name):
        renderer = self._engine_of.get(template_name)
        if renderer is not None:
            return renderer.get_template(template_name)
        try:
            template = self.fast.get_template(template_name)
            renderer = self.fast
        except TemplateDoesNotExist:
            template = self.fallback.get_template(template_name)
            renderer = self.fallback
        self._engine_of[template_name] = renderer
        return template
