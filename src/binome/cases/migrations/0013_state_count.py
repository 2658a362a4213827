"""The dossiers by programme, UT and step (``StateCount``), as +1/-1 rows inserted by PostgreSQL triggers, filled
from the dossiers. PostgreSQL only (production and the tests); the SQLite demo counts the dossiers."""

from django.db import migrations, models

from binome.core.postgresql import on_postgresql


FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION cases_state_count_add(p_programme bigint, p_commune bigint, p_state text, p_delta bigint)
RETURNS void AS $$
    INSERT INTO cases_statecount (programme_id, unite_id, state, count)
    SELECT p_programme, c.unite_id, p_state, p_delta FROM territory_commune c WHERE c.id = p_commune
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION cases_state_count_dossier() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM cases_state_count_add(OLD.programme_id, OLD.commune_id, OLD.state, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM cases_state_count_add(NEW.programme_id, NEW.commune_id, NEW.state, 1);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cases_state_count_commune_moved() RETURNS trigger AS $$
BEGIN
    INSERT INTO cases_statecount (programme_id, unite_id, state, count)
    SELECT d.programme_id, u.unite_id, d.state, u.sign * COUNT(*)
    FROM cases_dossier d CROSS JOIN (VALUES (OLD.unite_id, -1), (NEW.unite_id, 1)) AS u (unite_id, sign)
    WHERE d.commune_id = NEW.id
    GROUP BY d.programme_id, u.unite_id, u.sign, d.state;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION refresh_state_counts() RETURNS void AS $$
BEGIN
    DELETE FROM cases_statecount;
    INSERT INTO cases_statecount (programme_id, unite_id, state, count)
    SELECT d.programme_id, c.unite_id, d.state, COUNT(*) FROM cases_dossier d
    JOIN territory_commune c ON c.id = d.commune_id GROUP BY d.programme_id, c.unite_id, d.state;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER cases_dossier_state_count
    AFTER INSERT OR DELETE ON cases_dossier
    FOR EACH ROW EXECUTE FUNCTION cases_state_count_dossier();
CREATE TRIGGER cases_dossier_state_count_change
    AFTER UPDATE OF state, commune_id, programme_id ON cases_dossier
    FOR EACH ROW WHEN (
        OLD.state IS DISTINCT FROM NEW.state
        OR OLD.commune_id IS DISTINCT FROM NEW.commune_id
        OR OLD.programme_id IS DISTINCT FROM NEW.programme_id
    ) EXECUTE FUNCTION cases_state_count_dossier();
CREATE TRIGGER cases_commune_state_count
    AFTER UPDATE OF unite_id ON territory_commune
    FOR EACH ROW WHEN (OLD.unite_id IS DISTINCT FROM NEW.unite_id) EXECUTE FUNCTION cases_state_count_commune_moved();

SELECT refresh_state_counts();
"""

DROP = r"""
DROP TRIGGER IF EXISTS cases_dossier_state_count ON cases_dossier;
DROP TRIGGER IF EXISTS cases_dossier_state_count_change ON cases_dossier;
DROP TRIGGER IF EXISTS cases_commune_state_count ON territory_commune;
DROP FUNCTION IF EXISTS refresh_state_counts();
DROP FUNCTION IF EXISTS cases_state_count_commune_moved();
DROP FUNCTION IF EXISTS cases_state_count_dossier();
DROP FUNCTION IF EXISTS cases_state_count_add(bigint, bigint, text, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_dossier_visited_at"),
        ("territory", "0005_unite_households"),
    ]

    operations = [
        migrations.CreateModel(
            name="StateCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("programme_id", models.BigIntegerField()),
                ("unite_id", models.BigIntegerField()),
                ("state", models.CharField(max_length=20)),
                ("count", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "dossiers par étape et UT",
                "verbose_name_plural": "dossiers par étape et UT",
                "indexes": [models.Index(fields=["programme_id", "unite_id", "state"], name="state_count_key")],
            },
        ),
        migrations.RunPython(on_postgresql(FUNCTIONS), on_postgresql(DROP)),
    ]
