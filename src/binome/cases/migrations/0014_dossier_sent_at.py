"""``Dossier.sent_at``, the compte-rendu sent, filled from the timeline (as ``visited_at`` in 0012)."""

from django.db import migrations, models


FILL = """
UPDATE cases_dossier SET sent_at = (
    SELECT MIN(e.at) FROM cases_dossierevent e WHERE e.dossier_id = cases_dossier.id AND e.transition = 'send_report'
)
WHERE EXISTS (SELECT 1 FROM cases_dossierevent e WHERE e.dossier_id = cases_dossier.id AND e.transition = 'send_report')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_state_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="compte-rendu envoyé le"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["programme", "sent_at"], name="dossier_programme_sent"),
        ),
    ]
