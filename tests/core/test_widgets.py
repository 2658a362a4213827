"""``PlainSelect`` writes its options in Python: escaped as Django would, the chosen value selected."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from binome.core.widgets import PlainSelect


def test_options_are_escaped_and_the_value_selected():
    widget = PlainSelect(
        attrs={"id": "source"},
        choices=[
            ("", gettext_lazy("Toutes")),
            ("direct", "Sans organisation"),
            (7, 'CCAS "Le Pont" & <Dole>'),
            ('8"><script>', "x"),
            (9, mark_safe("<em>déjà sûr</em>")),
        ],
    )
    assert widget.render("source", 7) == (
        '<select id="source" name="source">'
        '<option value="">Toutes</option>'
        '<option value="direct">Sans organisation</option>'
        '<option value="7" selected>CCAS &quot;Le Pont&quot; &amp; &lt;Dole&gt;</option>'
        '<option value="8&quot;&gt;&lt;script&gt;">x</option>'
        '<option value="9"><em>déjà sûr</em></option>'
        "</select>"
    )
    assert widget.render("source", None).count(" selected") == 1  # the empty choice, as Django's Select does
    assert '<option value="" selected>' in widget.render("source", None)
    assert '<option value="direct" selected>' in widget.render("source", "direct")
