"""The kit used per UT and item (``KitUsage``), maintained by PostgreSQL triggers and filled from the installations.

The triggers are PostgreSQL's (production and the tests); the SQLite demo keeps the table empty and sums the
installations (``diagnosis.services.kit_rows``), at its size."""

import django.db.models.deletion
from django.db import migrations, models

from binome.core.postgresql import on_postgresql


FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION diagnosis_kit_usage_add(p_unite bigint, p_item bigint, p_delta bigint) RETURNS void AS $$
BEGIN
    IF p_unite IS NULL OR p_item IS NULL OR p_delta = 0 THEN
        RETURN;
    END IF;
    IF p_delta < 0 THEN  -- never creates a row: the item or the UT may be being deleted
        UPDATE diagnosis_kitusage SET quantity = quantity + p_delta WHERE unite_id = p_unite AND item_id = p_item;
        RETURN;
    END IF;
    INSERT INTO diagnosis_kitusage (unite_id, item_id, quantity) VALUES (p_unite, p_item, p_delta)
    ON CONFLICT (unite_id, item_id) DO UPDATE SET quantity = diagnosis_kitusage.quantity + EXCLUDED.quantity;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diagnosis_kit_unite_of(p_dossier bigint) RETURNS bigint AS $$
    SELECT c.unite_id FROM cases_dossier d JOIN territory_commune c ON c.id = d.commune_id WHERE d.id = p_dossier
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION diagnosis_kit_installation_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM diagnosis_kit_usage_add(diagnosis_kit_unite_of(OLD.dossier_id), OLD.item_id, -OLD.quantity);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM diagnosis_kit_usage_add(diagnosis_kit_unite_of(NEW.dossier_id), NEW.item_id, NEW.quantity);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diagnosis_kit_dossier_moved() RETURNS trigger AS $$
DECLARE
    old_unite bigint := (SELECT unite_id FROM territory_commune WHERE id = OLD.commune_id);
    new_unite bigint := (SELECT unite_id FROM territory_commune WHERE id = NEW.commune_id);
    row record;
BEGIN
    IF old_unite IS DISTINCT FROM new_unite THEN
        FOR row IN SELECT item_id, quantity FROM diagnosis_kitinstallation WHERE dossier_id = NEW.id LOOP
            PERFORM diagnosis_kit_usage_add(old_unite, row.item_id, -row.quantity);
            PERFORM diagnosis_kit_usage_add(new_unite, row.item_id, row.quantity);
        END LOOP;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diagnosis_kit_commune_moved() RETURNS trigger AS $$
DECLARE
    row record;
BEGIN
    FOR row IN
        SELECT i.item_id, SUM(i.quantity) AS quantity FROM diagnosis_kitinstallation i
        JOIN cases_dossier d ON d.id = i.dossier_id WHERE d.commune_id = NEW.id GROUP BY i.item_id
    LOOP
        PERFORM diagnosis_kit_usage_add(OLD.unite_id, row.item_id, -row.quantity);
        PERFORM diagnosis_kit_usage_add(NEW.unite_id, row.item_id, row.quantity);
    END LOOP;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION refresh_kit_usage() RETURNS void AS $$
BEGIN
    DELETE FROM diagnosis_kitusage;
    INSERT INTO diagnosis_kitusage (unite_id, item_id, quantity)
    SELECT c.unite_id, i.item_id, SUM(i.quantity) FROM diagnosis_kitinstallation i
    JOIN cases_dossier d ON d.id = i.dossier_id JOIN territory_commune c ON c.id = d.commune_id
    GROUP BY c.unite_id, i.item_id;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER diagnosis_kit_installation_usage
    AFTER INSERT OR UPDATE OF quantity, item_id, dossier_id OR DELETE ON diagnosis_kitinstallation
    FOR EACH ROW EXECUTE FUNCTION diagnosis_kit_installation_changed();
CREATE TRIGGER diagnosis_kit_dossier_usage
    AFTER UPDATE OF commune_id ON cases_dossier
    FOR EACH ROW WHEN (OLD.commune_id IS DISTINCT FROM NEW.commune_id) EXECUTE FUNCTION diagnosis_kit_dossier_moved();
CREATE TRIGGER diagnosis_kit_commune_usage
    AFTER UPDATE OF unite_id ON territory_commune
    FOR EACH ROW WHEN (OLD.unite_id IS DISTINCT FROM NEW.unite_id) EXECUTE FUNCTION diagnosis_kit_commune_moved();

SELECT refresh_kit_usage();
"""

DROP = r"""
DROP TRIGGER IF EXISTS diagnosis_kit_installation_usage ON diagnosis_kitinstallation;
DROP TRIGGER IF EXISTS diagnosis_kit_dossier_usage ON cases_dossier;
DROP TRIGGER IF EXISTS diagnosis_kit_commune_usage ON territory_commune;
DROP FUNCTION IF EXISTS refresh_kit_usage();
DROP FUNCTION IF EXISTS diagnosis_kit_commune_moved();
DROP FUNCTION IF EXISTS diagnosis_kit_dossier_moved();
DROP FUNCTION IF EXISTS diagnosis_kit_installation_changed();
DROP FUNCTION IF EXISTS diagnosis_kit_unite_of(bigint);
DROP FUNCTION IF EXISTS diagnosis_kit_usage_add(bigint, bigint, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_dossier_open_duplicate_indexes"),
        ("diagnosis", "0002_sections_photos_kit"),
        ("territory", "0005_unite_households"),
    ]

    operations = [
        migrations.CreateModel(
            name="KitUsage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quantity", models.BigIntegerField(default=0)),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="diagnosis.kititem"
                    ),
                ),
                (
                    "unite",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territory.uniteterritoriale",
                    ),
                ),
            ],
            options={
                "verbose_name": "équipements posés par UT",
                "verbose_name_plural": "équipements posés par UT",
                "constraints": [models.UniqueConstraint(fields=("unite", "item"), name="kit_usage_unique")],
            },
        ),
        migrations.RunPython(on_postgresql(FUNCTIONS), on_postgresql(DROP)),
    ]
