"""The queue's one-step tabs in their order: (programme, state, urgent first, oldest first, id). It takes the place of
the (programme, state) index, which it serves as well (built before the old one is dropped)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_dossier_ranked_score"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["programme", "state", "-urgent", "created_at", "id"], name="dossier_state_queue_order"
            ),
        ),
        migrations.RemoveIndex(model_name="dossier", name="cases_dossi_program_af9053_idx"),
    ]
