"""``Dossier.next_call_on``: the date of the dossier's first planned follow-up call, the order of the queue's « Suivi
des orientations », and the partial index of the dossiers followed in that order. A nullable column without a
default: added without writing the table. ``orientations`` 0008 fills it and keeps it with triggers (PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_dossier_state_queue_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="next_call_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="prochain appel de suivi"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=["sent"]),
                fields=["programme", "next_call_on", "created_at", "id"],
                name="dossier_follow_up_order",
            ),
        ),
    ]
