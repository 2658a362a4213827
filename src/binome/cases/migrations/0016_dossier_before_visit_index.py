"""The dossiers not visited yet, by id, with their programme and commune: the coverage plan looks each derogation's
dossier up in this small index rather than in the table (most derogations are of dossiers visited long ago)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_dossier_contacted_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=["deferred", "received", "scheduled", "to_contact", "waiting_list"]),
                fields=["id"],
                include=("programme", "commune"),
                name="dossier_before_visit",
            ),
        ),
    ]
