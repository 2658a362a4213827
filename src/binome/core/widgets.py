"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from binome.core.markup import escaped


class PlainSelect(forms.Select):
    """A select whose options are written in Python: a programme's hundreds of organisations or thousands of
    people, rendered through Django's option template one by one, cost tens to hundreds of milliseconds a page
    (and through ``format_html``, still ~20 µs an option). Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escaped(key)}"{" selected" if str(key) in selected else ""}>{escaped(label)}</option>'
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # noqa: S308 - every value escaped above
