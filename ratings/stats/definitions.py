"""What the statistics rollups count, written once as SQL over a message row `r`.

The same expressions build the trigger that keeps the rollups current as messages change and the
query that rebuilds them from scratch, so the two can never disagree. Periods follow the
registration time in the region's time zone (DESIGN.md: "today" is the region's today); shares
and counts are of the messages registered in a period (cohorts), whenever they were answered.
"""

import re

# (column, SQL expression over r) — the key of a row of the rollup.
MONTHLY_KEY = [
    ("month", "date_trunc('month', r.registered_at AT TIME ZONE {tz})::date"),
    ("sector_id", "r.sector_id"),
    ("category_id", "r.category_id"),
    ("municipality_id", "r.municipality_id"),
    ("agency_id", "r.agency_id"),
    ("channel_id", "r.channel_id"),
    ("kind_id", "r.kind_id"),
    ("status", "r.status"),
]

# (column, SQL expression over r) — what one message adds to its row.
MONTHLY_MEASURES = [
    ("received", "1"),
    ("answered", "(r.answered_at IS NOT NULL)::int"),
    ("answered_on_time", "(r.answered_at IS NOT NULL AND r.deadline_at IS NOT NULL AND r.answered_at <= r.deadline_at)::int"),
    ("answer_seconds", "coalesce(extract(epoch FROM r.answered_at - r.registered_at), 0)::bigint"),
    ("response_due", "(r.first_response_due_at IS NOT NULL)::int"),
    ("responded", "(r.first_response_at IS NOT NULL)::int"),
    ("responded_on_time", "(r.first_response_at IS NOT NULL AND r.first_response_due_at IS NOT NULL AND r.first_response_at <= r.first_response_due_at)::int"),
    ("rated", "(r.rating IS NOT NULL)::int"),
    ("rating_sum", "coalesce(r.rating, 0)"),
    ("rated_high", "coalesce(r.rating >= 4, false)::int"),
    ("reopened", "(r.reopened_count > 0)::int"),
    ("returned", "(r.returned_count > 0)::int"),
    ("overdue", "r.is_overdue::int"),
]

# Medians cannot be added up, so the rollup keeps how many answers (and first responses) took
# how long: counts per interval of hours. A median over any slice is then read off the summed
# counts (ratings.stats.histogram), the same way whether the counts come from the rollup or
# straight from the messages. Intervals are narrow where deadlines fall (hours for incidents,
# days for messages, 30 days for appeals) and bound the error of the estimate.
HOUR_EDGES = (1, 2, 4, 8, 12, 18, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720, 1080, 1440)
BUCKETS = len(HOUR_EDGES) + 1
_EDGES_SQL = "ARRAY[" + ", ".join(str(e) for e in HOUR_EDGES) + "]::float8[]"


def _bucket_measures(prefix: str, moment: str) -> list[tuple[str, str]]:
    hours = f"extract(epoch FROM {moment} - r.registered_at) / 3600.0"
    return [
        (f"{prefix}_h{k:02d}", f"coalesce(width_bucket({hours}, {_EDGES_SQL}) = {k}, false)::int")
        for k in range(BUCKETS)
    ]


ANSWER_BUCKETS = _bucket_measures("answer", "r.answered_at")
RESPONSE_BUCKETS = _bucket_measures("response", "r.first_response_at")
MONTHLY_MEASURES += ANSWER_BUCKETS + RESPONSE_BUCKETS

DAILY_KEY = [
    ("day", "(r.registered_at AT TIME ZONE {tz})::date"),
    ("sector_id", "r.sector_id"),
    ("category_id", "r.category_id"),
    ("municipality_id", "r.municipality_id"),
]
DAILY_MEASURES = [(name, sql) for name, sql in MONTHLY_MEASURES if name in {"received", "answered", "answered_on_time", "overdue"}]

# Columns of the message whose change can change a rollup: other updates (text, address,
# updated_at) skip the trigger's work.
WATCHED_COLUMNS = [
    "registered_at", "sector_id", "category_id", "municipality_id", "agency_id", "channel_id", "kind_id", "status",
    "answered_at", "deadline_at", "first_response_at", "first_response_due_at", "rating", "reopened_count",
    "returned_count", "is_overdue",
]

TABLES = {
    "ratings_monthlystat": (MONTHLY_KEY, MONTHLY_MEASURES),
    "ratings_dailystat": (DAILY_KEY, DAILY_MEASURES),
}

TZ_SETTING = "coalesce(nullif(current_setting('cur.time_zone', true), ''), 'Europe/Moscow')"


def _exprs(pairs, tz: str) -> list[str]:
    return [expr.format(tz=tz) for _, expr in pairs]


def upsert_from_row_sql(table: str) -> str:
    """plpgsql: add `sign` × the contribution of record `r` to its rollup row."""
    key, measures = TABLES[table]
    columns = [c for c, _ in key] + [c for c, _ in measures]
    values = _exprs(key, "tz") + [f"sign * ({e})" for e in _exprs(measures, "tz")]
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c, _ in measures)
    return (
        f"INSERT INTO {table} AS s ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(c for c, _ in key)}) DO UPDATE SET {updates};"
    )


def grouped_select_sql(table: str, where: str = "TRUE") -> str:
    """SQL: the rollup's rows computed directly from the messages matching `where` (alias r)."""
    key, measures = TABLES[table]
    tz = TZ_SETTING
    select = [f"{e} AS {c}" for (c, _), e in zip(key, _exprs(key, tz), strict=True)]
    select += [f"sum({e})::bigint AS {c}" for (c, _), e in zip(measures, _exprs(measures, tz), strict=True)]
    group = ", ".join(str(i + 1) for i in range(len(key)))
    return f"SELECT {', '.join(select)} FROM feedback_message r WHERE {where} GROUP BY {group}"


def aggregate_sql(table: str, where: str = "TRUE") -> str:
    """SQL: add the contribution of every message matching `where` (over alias r) to the rollup."""
    key, measures = TABLES[table]
    columns = [c for c, _ in key] + [c for c, _ in measures]
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c, _ in measures)
    return (
        f"INSERT INTO {table} AS s ({', '.join(columns)}) {grouped_select_sql(table, where)} "
        f"ON CONFLICT ({', '.join(c for c, _ in key)}) DO UPDATE SET {updates}"
    )


def _for_record(sql: str, record: str, sign: int) -> str:
    return re.sub(r"\br\.", f"{record}.", sql).replace("sign *", f"{sign} *")


def trigger_sql() -> str:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED_COLUMNS)
    apply_old = "\n".join(_for_record(upsert_from_row_sql(t), "OLD", -1) for t in TABLES)
    apply_new = "\n".join(_for_record(upsert_from_row_sql(t), "NEW", 1) for t in TABLES)
    return f"""
CREATE OR REPLACE FUNCTION ratings_message_stats() RETURNS trigger AS $$
DECLARE
    tz text := {TZ_SETTING};
BEGIN
    -- A bulk load switches the trigger off for its transaction and adds its rows in one pass.
    IF coalesce(current_setting('cur.stats_bulk', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {apply_old}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {apply_new}
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS ratings_message_stats ON feedback_message;
CREATE TRIGGER ratings_message_stats AFTER INSERT OR UPDATE OR DELETE ON feedback_message
    FOR EACH ROW EXECUTE FUNCTION ratings_message_stats();
"""


DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS ratings_message_stats ON feedback_message;
DROP FUNCTION IF EXISTS ratings_message_stats();
"""
