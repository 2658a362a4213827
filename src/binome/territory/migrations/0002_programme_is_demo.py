from django.db import migrations, models


# Must match binome.demo: its programme's slug and its users' e-mail domain (a migration does not import apps).
DEMO_SLUG = "jura"
DEMO_DOMAIN = "@demo.binome.fr"


def mark_existing_demo(apps, schema_editor):
    """A demo loaded before this field existed is recognised by its slug and its demo accounts, so that
    ``load_demo`` keeps reusing it; a real programme (no demo account) is never marked."""
    Programme = apps.get_model("territory", "Programme")
    Programme.objects.filter(slug=DEMO_SLUG, memberships__user__email__endswith=DEMO_DOMAIN).update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0001_initial"),
        ("accounts", "0002_membership_manages_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="is_demo",
            field=models.BooleanField(default=False, editable=False, verbose_name="programme de démonstration"),
        ),
        migrations.RunPython(mark_existing_demo, migrations.RunPython.noop),
    ]
