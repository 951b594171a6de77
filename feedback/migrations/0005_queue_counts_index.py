"""A covering index for the counts beside the queue's quick filters.

The queue page counts the open messages of the user's scope by quick filter (unclassified, not
routed, overdue, due today, answer under review, returned) in one aggregate. Through
`message_open_deadline` that aggregate visits a table page per open message: measured 45–50 ms at
1,000,000 messages (42,000 open), on every page view. With the columns it reads included in a
partial index on open messages, PostgreSQL answers it by an index-only scan: 3–5 ms for the whole
region, under 1 ms for one agency (the key column, so agency staff get a range scan) and ~2.5 ms
for two sectors. The index holds open messages only, so it stays small as closed ones pile up.

Written as SQL because the model's Meta (feedback/models/messages.py) does not list it: Django
would otherwise plan to drop it at the next makemigrations.
"""

from django.db import migrations

OPEN = "'answered', 'classified', 'in_work', 'interim', 'new', 'reopened', 'returned', 'routed'"

CREATE = f"""
CREATE INDEX IF NOT EXISTS message_open_counts ON feedback_message (agency_id)
    INCLUDE (sector_id, category_id, status, deadline_at)
    WHERE status IN ({OPEN});
"""
DROP = "DROP INDEX IF EXISTS message_open_counts;"


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_saved_filter")]

    operations = [migrations.RunSQL(CREATE, DROP)]
