from django.db import migrations

# Decisions and escalations are evidence (Положение п.14–15): never updated; deleted only by an
# explicit purge that sets cur.purge for its transaction (as the messages' history).
IMMUTABLE = """
CREATE OR REPLACE FUNCTION roadmap_record_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('cur.purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Решения по документам не изменяются (%)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER roadmap_decision_immutable BEFORE UPDATE OR DELETE ON roadmap_decision
    FOR EACH ROW EXECUTE FUNCTION roadmap_record_immutable();
CREATE TRIGGER roadmap_escalation_immutable BEFORE UPDATE OR DELETE ON roadmap_riskescalation
    FOR EACH ROW EXECUTE FUNCTION roadmap_record_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS roadmap_decision_immutable ON roadmap_decision;
DROP TRIGGER IF EXISTS roadmap_escalation_immutable ON roadmap_riskescalation;
DROP FUNCTION IF EXISTS roadmap_record_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = [migrations.RunSQL(IMMUTABLE, DROP)]
