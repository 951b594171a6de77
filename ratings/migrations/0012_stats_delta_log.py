"""The delta log of the statistics rollups: the message triggers append each change (signed)
instead of updating the rollups, and ratings.services.stats.stats_fold sums the log into them.

The trigger is generated from ratings/stats/definitions.py and frozen here. Nothing is pending
when the trigger is replaced, so the rollups stay as they are. Going back, run `rebuild_stats`
afterwards: changes still in the log would be lost with it.
"""

from importlib import import_module

from django.db import migrations, models

TRIGGER = "\nCREATE OR REPLACE FUNCTION ratings_message_stats() RETURNS trigger AS $$\nBEGIN\n    -- A bulk load switches the trigger off for its transaction and adds its rows in one pass.\n    IF coalesce(current_setting('cur.stats_bulk', true), '') = 'on' THEN\n        RETURN NULL;\n    END IF;\n    IF TG_OP = 'INSERT' THEN\n        INSERT INTO ratings_statdelta (sign, registered_at, sector_id, category_id, municipality_id, agency_id, channel_id, kind_id, status, answered_at, deadline_at, first_response_at, first_response_due_at, rating, reopened_count, returned_count, is_overdue) SELECT 1, registered_at, sector_id, category_id, municipality_id, agency_id, channel_id, kind_id, status, answered_at, deadline_at, first_response_at, first_response_due_at, rating, reopened_count, returned_count, is_overdue FROM new_rows;\n    ELSIF TG_OP = 'DELETE' THEN\n        INSERT INTO ratings_statdelta (sign, registered_at, sector_id, category_id, municipality_id, agency_id, channel_id, kind_id, status, answered_at, deadline_at, first_response_at, first_response_due_at, rating, reopened_count, returned_count, is_overdue) SELECT -1, registered_at, sector_id, category_id, municipality_id, agency_id, channel_id, kind_id, status, answered_at, deadline_at, first_response_at, first_response_due_at, rating, reopened_count, returned_count, is_overdue FROM old_rows;\n    ELSE\n        -- Only messages whose counted columns changed (a new text or address changes nothing).\n        INSERT INTO ratings_statdelta (sign, registered_at, sector_id, category_id, municipality_id, agency_id, channel_id, kind_id, status, answered_at, deadline_at, first_response_at, first_response_due_at, rating, reopened_count, returned_count, is_overdue)\n        SELECT d.* FROM old_rows o JOIN new_rows n ON n.id = o.id\n        CROSS JOIN LATERAL (VALUES (-1, o.registered_at, o.sector_id, o.category_id, o.municipality_id, o.agency_id, o.channel_id, o.kind_id, o.status, o.answered_at, o.deadline_at, o.first_response_at, o.first_response_due_at, o.rating, o.reopened_count, o.returned_count, o.is_overdue), (1, n.registered_at, n.sector_id, n.category_id, n.municipality_id, n.agency_id, n.channel_id, n.kind_id, n.status, n.answered_at, n.deadline_at, n.first_response_at, n.first_response_due_at, n.rating, n.reopened_count, n.returned_count, n.is_overdue)) AS d\n        WHERE o.registered_at IS DISTINCT FROM n.registered_at OR o.sector_id IS DISTINCT FROM n.sector_id OR o.category_id IS DISTINCT FROM n.category_id OR o.municipality_id IS DISTINCT FROM n.municipality_id OR o.agency_id IS DISTINCT FROM n.agency_id OR o.channel_id IS DISTINCT FROM n.channel_id OR o.kind_id IS DISTINCT FROM n.kind_id OR o.status IS DISTINCT FROM n.status OR o.answered_at IS DISTINCT FROM n.answered_at OR o.deadline_at IS DISTINCT FROM n.deadline_at OR o.first_response_at IS DISTINCT FROM n.first_response_at OR o.first_response_due_at IS DISTINCT FROM n.first_response_due_at OR o.rating IS DISTINCT FROM n.rating OR o.reopened_count IS DISTINCT FROM n.reopened_count OR o.returned_count IS DISTINCT FROM n.returned_count OR o.is_overdue IS DISTINCT FROM n.is_overdue;\n    END IF;\n    RETURN NULL;\nEND $$ LANGUAGE plpgsql;\nDROP TRIGGER IF EXISTS ratings_message_stats ON feedback_message;\nDROP TRIGGER IF EXISTS ratings_message_stats_insert ON feedback_message;\nDROP TRIGGER IF EXISTS ratings_message_stats_update ON feedback_message;\nDROP TRIGGER IF EXISTS ratings_message_stats_delete ON feedback_message;\nCREATE TRIGGER ratings_message_stats_insert AFTER INSERT ON feedback_message\n    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();\nCREATE TRIGGER ratings_message_stats_update AFTER UPDATE ON feedback_message\n    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();\nCREATE TRIGGER ratings_message_stats_delete AFTER DELETE ON feedback_message\n    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();\n"

PREVIOUS_TRIGGER = import_module("ratings.migrations.0011_stats_trigger_day_lattice").TRIGGER


class Migration(migrations.Migration):

    dependencies = [
        ('ratings', '0011_stats_trigger_day_lattice'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatDelta',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('sign', models.SmallIntegerField()),
                ('registered_at', models.DateTimeField()),
                ('sector_id', models.BigIntegerField(null=True)),
                ('category_id', models.BigIntegerField(null=True)),
                ('municipality_id', models.BigIntegerField(null=True)),
                ('agency_id', models.BigIntegerField(null=True)),
                ('channel_id', models.BigIntegerField()),
                ('kind_id', models.BigIntegerField()),
                ('status', models.CharField(max_length=16)),
                ('answered_at', models.DateTimeField(null=True)),
                ('deadline_at', models.DateTimeField(null=True)),
                ('first_response_at', models.DateTimeField(null=True)),
                ('first_response_due_at', models.DateTimeField(null=True)),
                ('rating', models.SmallIntegerField(null=True)),
                ('reopened_count', models.SmallIntegerField()),
                ('returned_count', models.SmallIntegerField()),
                ('is_overdue', models.BooleanField()),
            ],
            options={
                'verbose_name': 'изменение сводок, ещё не учтённое',
                'verbose_name_plural': 'изменения сводок, ещё не учтённые',
            },
        ),
        migrations.RunSQL(TRIGGER, PREVIOUS_TRIGGER),
    ]
