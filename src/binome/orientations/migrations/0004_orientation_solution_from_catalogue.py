import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orientations", "0003_solutions_from_choices")]

    operations = [
        # A default on the old column, so that going back re-creates it on existing rows (then 0003 fills it).
        migrations.AlterField(
            model_name="orientation",
            name="solution",
            field=models.CharField(default="other", max_length=30, verbose_name="solution"),
        ),
        migrations.RemoveField(model_name="orientation", name="solution"),
        migrations.RenameField(model_name="orientation", old_name="catalogue_entry", new_name="solution"),
        migrations.AlterField(
            model_name="orientation",
            name="solution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orientations",
                to="orientations.solution",
                verbose_name="solution",
            ),
        ),
    ]
