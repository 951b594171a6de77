"""Rules the database keeps by itself, whatever code path writes to it."""

from django.db import migrations

UPDATED_AT = """
CREATE OR REPLACE FUNCTION feedback_message_touch() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER feedback_message_touch BEFORE UPDATE ON feedback_message
    FOR EACH ROW EXECUTE FUNCTION feedback_message_touch();
"""

# History is evidence (Положение п.14–15): never updated; deleted only by an explicit purge that
# sets cur.purge for its transaction (removing test data or a whole message by court order).
IMMUTABLE_HISTORY = """
CREATE OR REPLACE FUNCTION feedback_event_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('cur.purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'История сообщения не изменяется (%)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER feedback_event_immutable BEFORE UPDATE OR DELETE ON feedback_messageevent
    FOR EACH ROW EXECUTE FUNCTION feedback_event_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS feedback_message_touch ON feedback_message;
DROP FUNCTION IF EXISTS feedback_message_touch();
DROP TRIGGER IF EXISTS feedback_event_immutable ON feedback_messageevent;
DROP FUNCTION IF EXISTS feedback_event_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunSQL(UPDATED_AT + IMMUTABLE_HISTORY, DROP)]
