"""``RankingDay``: the day the priority scores kept on a programme's requests were computed for
(``coordination.kept_priority``). On PostgreSQL, triggers say when the scores no longer hold: a change of the
programme's coverage plan or coordination settings makes the whole programme's day NULL (the queue ranks live until
the refresh), a derogation granted, withdrawn or moved makes its dossier's score NULL (when in a ranked step). The triggers write their row
even when it is NULL already: a refresh running meanwhile (REPEATABLE READ) then fails on it and starts again,
rather than storing scores computed from what it read before the change."""

from django.db import migrations, models

from binome.core.postgresql import on_postgresql


RANKED = "'received', 'to_contact', 'waiting_list', 'deferred'"  # the ranked tabs' steps (cases 0017)

FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION coordination_ranking_stale(p_programme bigint) RETURNS void AS $$
    INSERT INTO coordination_rankingday (programme_id, ranked_on) VALUES (p_programme, NULL)
    ON CONFLICT (programme_id) DO UPDATE SET ranked_on = NULL
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION coordination_programme_ranking_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM coordination_ranking_stale(OLD.programme_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.programme_id IS DISTINCT FROM OLD.programme_id) THEN
        PERFORM coordination_ranking_stale(NEW.programme_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION coordination_derogation_ranking() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE cases_dossier SET ranked_score = NULL WHERE id = OLD.dossier_id AND state IN ({RANKED});
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE cases_dossier SET ranked_score = NULL WHERE id = NEW.dossier_id AND state IN ({RANKED});
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER coordination_coverage_ranking
    AFTER INSERT OR DELETE ON territory_coverageyear
    FOR EACH ROW EXECUTE FUNCTION coordination_programme_ranking_changed();
CREATE TRIGGER coordination_coverage_ranking_change
    AFTER UPDATE ON territory_coverageyear
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION coordination_programme_ranking_changed();
CREATE TRIGGER coordination_settings_ranking
    AFTER INSERT OR DELETE ON coordination_coordinationsettings
    FOR EACH ROW EXECUTE FUNCTION coordination_programme_ranking_changed();
CREATE TRIGGER coordination_settings_ranking_change
    AFTER UPDATE ON coordination_coordinationsettings
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION coordination_programme_ranking_changed();
CREATE TRIGGER coordination_derogation_ranking
    AFTER INSERT OR DELETE ON coordination_derogation
    FOR EACH ROW EXECUTE FUNCTION coordination_derogation_ranking();
CREATE TRIGGER coordination_derogation_ranking_change
    AFTER UPDATE OF dossier_id ON coordination_derogation
    FOR EACH ROW WHEN (OLD.dossier_id IS DISTINCT FROM NEW.dossier_id) EXECUTE FUNCTION coordination_derogation_ranking();
"""

DROP = r"""
DROP TRIGGER IF EXISTS coordination_coverage_ranking ON territory_coverageyear;
DROP TRIGGER IF EXISTS coordination_coverage_ranking_change ON territory_coverageyear;
DROP TRIGGER IF EXISTS coordination_settings_ranking ON coordination_coordinationsettings;
DROP TRIGGER IF EXISTS coordination_settings_ranking_change ON coordination_coordinationsettings;
DROP TRIGGER IF EXISTS coordination_derogation_ranking ON coordination_derogation;
DROP TRIGGER IF EXISTS coordination_derogation_ranking_change ON coordination_derogation;
DROP FUNCTION IF EXISTS coordination_derogation_ranking();
DROP FUNCTION IF EXISTS coordination_programme_ranking_changed();
DROP FUNCTION IF EXISTS coordination_ranking_stale(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0002_agenda_moved_to_visits"),
        ("cases", "0017_dossier_ranked_score"),
        ("territory", "0005_unite_households"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankingDay",
            fields=[
                ("programme_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("ranked_on", models.DateField(blank=True, null=True, verbose_name="scores calculés pour le")),
            ],
            options={
                "verbose_name": "jour du classement",
                "verbose_name_plural": "jours du classement",
            },
        ),
        migrations.RunPython(on_postgresql(FUNCTIONS), on_postgresql(DROP)),
    ]
