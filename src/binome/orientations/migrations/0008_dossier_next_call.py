"""The dossier's next follow-up call (``cases.Dossier.next_call_on``) kept by PostgreSQL triggers, so that the queue's
« Suivi des orientations » reads its page from an index instead of looking up the planned calls of every dossier
followed (issue 20).

- A call planned, moved, answered, cancelled, deleted or given to another dossier: its dossier's (and former
  dossier's) date is recomputed from its planned calls, and written only when it changed.
- Any write of the column on the dossier (a full save of an instance read before a call changed) is replaced by the
  date its planned calls give: the column cannot hold anything else.
- ``refresh_next_calls()`` recomputes every dossier's date (run here once, and by ``bench/generate.py`` after a load
  with the triggers off).

The SQLite demo has no triggers: the queue orders its tab from the calls themselves there.
"""

from django.db import migrations

from binome.core.postgresql import on_postgresql


NEXT_CALL = "(SELECT min(f.due_on) FROM orientations_followup f WHERE f.dossier_id = {id} AND f.status = 'planned')"

FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION orientations_dossier_next_call() RETURNS trigger AS $$
BEGIN
    NEW.next_call_on := {NEXT_CALL.format(id="NEW.id")};
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION orientations_next_call_of(dossier bigint) RETURNS void AS $$
DECLARE
    next_on date := {NEXT_CALL.format(id="dossier")};
BEGIN
    UPDATE cases_dossier SET next_call_on = next_on WHERE id = dossier AND next_call_on IS DISTINCT FROM next_on;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION orientations_follow_up_next_call() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM orientations_next_call_of(OLD.dossier_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.dossier_id IS DISTINCT FROM OLD.dossier_id) THEN
        PERFORM orientations_next_call_of(NEW.dossier_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION refresh_next_calls() RETURNS void AS $$
    UPDATE cases_dossier d SET next_call_on = t.next_on
    FROM (
        SELECT coalesce(p.id, k.id) AS id, p.next_on
        FROM (SELECT dossier_id AS id, min(due_on) AS next_on FROM orientations_followup
              WHERE status = 'planned' GROUP BY dossier_id) p
        FULL JOIN (SELECT id FROM cases_dossier WHERE next_call_on IS NOT NULL) k ON k.id = p.id
    ) t
    WHERE d.id = t.id AND d.next_call_on IS DISTINCT FROM t.next_on;
$$ LANGUAGE sql;

CREATE TRIGGER orientations_dossier_next_call
    BEFORE UPDATE OF next_call_on ON cases_dossier
    FOR EACH ROW WHEN (NEW.next_call_on IS DISTINCT FROM OLD.next_call_on)
    EXECUTE FUNCTION orientations_dossier_next_call();
CREATE TRIGGER orientations_follow_up_next_call
    AFTER INSERT OR DELETE ON orientations_followup
    FOR EACH ROW EXECUTE FUNCTION orientations_follow_up_next_call();
CREATE TRIGGER orientations_follow_up_next_call_change
    AFTER UPDATE OF status, due_on, dossier_id ON orientations_followup
    FOR EACH ROW WHEN (
        NEW.status IS DISTINCT FROM OLD.status
        OR NEW.due_on IS DISTINCT FROM OLD.due_on
        OR NEW.dossier_id IS DISTINCT FROM OLD.dossier_id
    ) EXECUTE FUNCTION orientations_follow_up_next_call();

SELECT refresh_next_calls();
"""

DROP = r"""
DROP TRIGGER IF EXISTS orientations_follow_up_next_call_change ON orientations_followup;
DROP TRIGGER IF EXISTS orientations_follow_up_next_call ON orientations_followup;
DROP TRIGGER IF EXISTS orientations_dossier_next_call ON cases_dossier;
DROP FUNCTION IF EXISTS refresh_next_calls();
DROP FUNCTION IF EXISTS orientations_follow_up_next_call();
DROP FUNCTION IF EXISTS orientations_next_call_of(bigint);
DROP FUNCTION IF EXISTS orientations_dossier_next_call();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_dossier_next_call_on"),
        ("orientations", "0007_field_names_in_french"),
    ]

    operations = [migrations.RunPython(on_postgresql(FUNCTIONS), on_postgresql(DROP))]
