"""The queue's « Suivi des orientations » ranks every sent dossier by its overdue call, its stale orientations and its
next call: each dossier's planned calls and open orientations are looked up in partial indexes holding only those
(16,000 planned calls and 3,000 open orientations among 530,000 and 490,000 in the 500k benchmark)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orientations", "0005_ordering_by_dossier_column"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                condition=models.Q(status="planned"), fields=["dossier", "due_on"], name="follow_up_planned_by_dossier"
            ),
        ),
        migrations.AddIndex(
            model_name="orientation",
            index=models.Index(
                condition=models.Q(status__in=["accepted", "in_progress", "proposed", "sent"]),
                fields=["dossier", "status_changed_at"],
                name="orientation_open_by_dossier",
            ),
        ),
    ]
