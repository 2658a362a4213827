from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_event_dossier_transition_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["referrer", "created_at"], name="dossier_referrer_created"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["organisation", "created_at"], name="dossier_organisation_created"),
        ),
    ]
