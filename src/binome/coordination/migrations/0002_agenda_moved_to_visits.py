# The agenda (working hours, absences, calendar feeds, agenda settings) moved to the visits app, so that the
# coordination builds on the visits and not the other way round. The three tables are renamed by
# visits.0003 and only leave this app's state here; the agenda settings' values were copied there.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0001_initial"),
        ("visits", "0003_agenda_from_coordination"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Absence"),
                migrations.DeleteModel(name="CalendarFeed"),
                migrations.DeleteModel(name="WorkingPeriod"),
            ],
        ),
        migrations.RemoveConstraint(model_name="coordinationsettings", name="coordination_settings_sane"),
        migrations.RemoveConstraint(model_name="coordinationsettings", name="coordination_settings_capacity"),
        migrations.RemoveField(model_name="coordinationsettings", name="average_speed_kmh"),
        migrations.RemoveField(model_name="coordinationsettings", name="road_factor"),
        migrations.RemoveField(model_name="coordinationsettings", name="slot_minutes"),
        migrations.RemoveField(model_name="coordinationsettings", name="weekly_capacity"),
        migrations.AddConstraint(
            model_name="coordinationsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("unreachable_attempts__gte", 1)),
                name="coordination_settings_attempts",
                violation_error_message="Au moins un appel avant « injoignable ».",
            ),
        ),
    ]
