"""``Dossier.contacted_at``, the first answered call (``workflow.milestone``), filled from the timeline: each
dossier's earliest call event « ménage joint » (the events read once and grouped, not looked up per dossier).

The indexes of a programme's dossiers by date carry the columns the steering figures read of those rows (the date a
delay starts from, the source family, the commune for a UT), so that a period's figures are counted from the index
alone (an index-only scan, on the pages the visibility map knows all-visible)."""

from django.db import migrations, models


FILL = """
UPDATE cases_dossier SET contacted_at = first.at
FROM (
    SELECT dossier_id, MIN(at) AS at FROM cases_dossierevent
    WHERE kind = 'call' AND call_outcome = 'reached' GROUP BY dossier_id
) AS first
WHERE first.dossier_id = cases_dossier.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_dossier_sent_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="contacted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="premier appel abouti"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["programme", "contacted_at"],
                include=["created_at", "commune"],
                name="dossier_programme_contacted",
            ),
        ),
        migrations.RemoveIndex(model_name="dossier", name="dossier_programme_created"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["programme", "created_at"],
                include=["source_family", "commune", "organisation"],
                name="dossier_programme_created",
            ),
        ),
        migrations.RemoveIndex(model_name="dossier", name="dossier_programme_visited"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["programme", "visited_at"], include=["created_at", "commune"], name="dossier_programme_visited"
            ),
        ),
        migrations.RemoveIndex(model_name="dossier", name="dossier_programme_sent"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["programme", "sent_at"], include=["visited_at", "commune"], name="dossier_programme_sent"
            ),
        ),
    ]
