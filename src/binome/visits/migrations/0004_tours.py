# Tour planning: the household's availability and location, the agenda's tour start and priority tolerance.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_next_visit_at"),
        ("territory", "0002_programme_is_demo"),
        ("visits", "0003_agenda_from_coordination"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendasettings",
            name="priority_tolerance_days",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="Une tournée proposée ne visite jamais un ménage prioritaire plus de ce nombre de jours après un ménage moins prioritaire.",
                verbose_name="tolérance de priorité (jours)",
            ),
        ),
        migrations.AddField(
            model_name="agendasettings",
            name="tour_start",
            field=models.ForeignKey(
                blank=True,
                help_text="La commune du bureau du binôme ; à défaut, la commune la plus peuplée du territoire.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="territory.commune",
                verbose_name="départ et retour des tournées",
            ),
        ),
        migrations.CreateModel(
            name="HouseholdAvailability",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("not_before", models.DateField(blank=True, null=True, verbose_name="pas avant le")),
                ("latitude", models.FloatField(blank=True, null=True, verbose_name="latitude du logement")),
                ("longitude", models.FloatField(blank=True, null=True, verbose_name="longitude du logement")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifié le")),
                (
                    "dossier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="availability", to="cases.dossier"
                    ),
                ),
            ],
            options={
                "verbose_name": "disponibilités du ménage",
                "verbose_name_plural": "disponibilités des ménages",
            },
        ),
        migrations.CreateModel(
            name="AvailabilityWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (0, "lundi"),
                            (1, "mardi"),
                            (2, "mercredi"),
                            (3, "jeudi"),
                            (4, "vendredi"),
                            (5, "samedi"),
                            (6, "dimanche"),
                        ],
                        verbose_name="jour",
                    ),
                ),
                ("starts", models.TimeField(verbose_name="de")),
                ("ends", models.TimeField(verbose_name="à")),
                (
                    "availability",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="windows",
                        to="visits.householdavailability",
                    ),
                ),
            ],
            options={
                "verbose_name": "plage de disponibilité",
                "verbose_name_plural": "plages de disponibilité",
                "ordering": ["weekday", "starts"],
            },
        ),
        migrations.AddConstraint(
            model_name="householdavailability",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                    models.Q(
                        ("latitude__gte", -90),
                        ("latitude__lte", 90),
                        ("longitude__gte", -180),
                        ("longitude__lte", 180),
                    ),
                    _connector="OR",
                ),
                name="household_availability_coordinates",
                violation_error_message="Indiquez la latitude et la longitude ensemble, en degrés.",
            ),
        ),
        migrations.AddConstraint(
            model_name="availabilitywindow",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends__gt", models.F("starts"))),
                name="availability_window_ordered",
                violation_error_message="La fin doit suivre le début.",
            ),
        ),
    ]
