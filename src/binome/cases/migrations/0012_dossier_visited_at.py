"""``Dossier.visited_at``, the first « visite réalisée », filled from the timeline; the events' (transition, at)
index now carries the dossier's id (the steering figures count a period's dossiers from the index alone)."""

from django.conf import settings
from django.db import migrations, models


FILL = """
UPDATE cases_dossier SET visited_at = (
    SELECT MIN(e.at) FROM cases_dossierevent e WHERE e.dossier_id = cases_dossier.id AND e.transition = 'mark_visited'
)
WHERE EXISTS (SELECT 1 FROM cases_dossierevent e WHERE e.dossier_id = cases_dossier.id AND e.transition = 'mark_visited')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_dossier_open_duplicate_indexes"),
        ("network", "0003_site_commune_set_null"),
        ("territory", "0005_unite_households"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="visited_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="première visite réalisée"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["programme", "visited_at"], name="dossier_programme_visited"),
        ),
        migrations.RemoveIndex(model_name="dossierevent", name="event_transition_at"),
        migrations.AddIndex(
            model_name="dossierevent",
            index=models.Index(fields=["transition", "at"], include=("dossier",), name="event_transition_at"),
        ),
    ]
