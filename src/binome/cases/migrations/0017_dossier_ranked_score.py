"""``Dossier.ranked_score``: the priority score of the requests of the queue's ranked tabs (« À traiter », « En
attente »), kept for one day by ``coordination.kept_priority``, and its indexes. On PostgreSQL, triggers keep it
honest: NULL (« to compute ») for a new request and as soon as one of the score's inputs changes — its urgency,
motives, commune, step, programme or date of request, or the UT of its commune; any other write than the refresh's
(which sets ``binome.kept_priority``) keeps the stored score, so that saving an instance read before a refresh
cannot write back the previous day's score. The derogations, the coverage plan and the settings are watched by
``coordination`` 0003. The SQLite demo has no triggers and always ranks live.

Outside the ranked steps the column holds 0, never read: NULL stays as rare as the requests to compute, which is
what PostgreSQL's statistics then estimate (with NULL on the 440,000 other dossiers at 500k, the planner expected
25,000 requests to score where there were none and read a wrong index: 40 ms instead of 0.1). The column is added
with a default of 0, at once, without writing the table (the existing rows read it from the catalogue), then the
default is dropped; the first refresh scores the ranked requests.
"""

from django.db import migrations, models

from binome.core.postgresql import on_postgresql


RANKED = "'received', 'to_contact', 'waiting_list', 'deferred'"  # the ranked tabs' steps (NEW + WAITING lists)

CHANGED = """
    NEW.urgent IS DISTINCT FROM OLD.urgent
    OR NEW.motives IS DISTINCT FROM OLD.motives
    OR NEW.commune_id IS DISTINCT FROM OLD.commune_id
    OR NEW.state IS DISTINCT FROM OLD.state
    OR NEW.programme_id IS DISTINCT FROM OLD.programme_id
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
"""

FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION cases_dossier_ranked_score() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR {CHANGED} THEN
        NEW.ranked_score := CASE WHEN NEW.state IN ({RANKED}) THEN NULL ELSE 0 END;
    ELSIF current_setting('binome.kept_priority', true) IS DISTINCT FROM 'on' THEN
        NEW.ranked_score := OLD.ranked_score;  -- only the refresh writes a score (NULL is always allowed)
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION cases_commune_ranked_score() RETURNS trigger AS $$
BEGIN
    -- Every row written, NULL or not: a refresh running meanwhile (REPEATABLE READ) then fails and starts again.
    UPDATE cases_dossier SET ranked_score = NULL WHERE commune_id = NEW.id AND state IN ({RANKED});
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER cases_dossier_ranked_score_new
    BEFORE INSERT ON cases_dossier FOR EACH ROW EXECUTE FUNCTION cases_dossier_ranked_score();
CREATE TRIGGER cases_dossier_ranked_score_change
    BEFORE UPDATE OF ranked_score, urgent, motives, commune_id, state, programme_id, created_at ON cases_dossier
    FOR EACH ROW WHEN (
        (NEW.ranked_score IS NOT NULL AND NEW.ranked_score IS DISTINCT FROM OLD.ranked_score) OR {CHANGED}
    ) EXECUTE FUNCTION cases_dossier_ranked_score();
CREATE TRIGGER cases_commune_ranked_score
    AFTER UPDATE OF unite_id ON territory_commune
    FOR EACH ROW WHEN (OLD.unite_id IS DISTINCT FROM NEW.unite_id) EXECUTE FUNCTION cases_commune_ranked_score();
"""

DROP = r"""
DROP TRIGGER IF EXISTS cases_dossier_ranked_score_new ON cases_dossier;
DROP TRIGGER IF EXISTS cases_dossier_ranked_score_change ON cases_dossier;
DROP TRIGGER IF EXISTS cases_commune_ranked_score ON territory_commune;
DROP FUNCTION IF EXISTS cases_commune_ranked_score();
DROP FUNCTION IF EXISTS cases_dossier_ranked_score();
"""

NEW = ["received", "to_contact"]
WAITING = ["deferred", "waiting_list"]
FIELD = models.IntegerField(blank=True, editable=False, null=True, verbose_name="score de priorité du jour")


def _field(model):
    field = FIELD.clone()
    field.set_attributes_from_name("ranked_score")
    field.model = model
    return field


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        model = apps.get_model("cases", "Dossier")
        schema_editor.add_field(model, _field(model))
        return
    schema_editor.execute("ALTER TABLE cases_dossier ADD COLUMN ranked_score integer NULL DEFAULT 0")
    schema_editor.execute("ALTER TABLE cases_dossier ALTER COLUMN ranked_score DROP DEFAULT")


def remove_column(apps, schema_editor):
    model = apps.get_model("cases", "Dossier")
    schema_editor.remove_field(model, _field(model))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_dossier_before_visit_index"),
        ("territory", "0005_unite_households"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="dossier", name="ranked_score", field=FIELD)],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=NEW, ranked_score__isnull=False),
                fields=["programme", "-ranked_score", "created_at", "id"],
                name="dossier_ranked_new",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=WAITING, ranked_score__isnull=False),
                fields=["programme", "-ranked_score", "created_at", "id"],
                name="dossier_ranked_waiting",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(state__in=NEW + WAITING, ranked_score__isnull=True),
                fields=["programme", "state"],
                name="dossier_unranked",
            ),
        ),
        migrations.RunPython(on_postgresql(FUNCTIONS), on_postgresql(DROP)),
    ]
