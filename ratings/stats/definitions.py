"""What the statistics rollups count, written once as SQL over a message row `r`.

The same expressions fold the delta log that the message triggers append to (every change to a
message, signed) into the rollups and rebuild the rollups from scratch, so the two can never
disagree. Periods follow the
registration time in the region's time zone (DESIGN.md: "today" is the region's today); shares
and counts are of the messages registered in a period (cohorts), whenever they were answered.
"""

from dataclasses import dataclass, field

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

# The lattice of small rollups the dashboards read (DESIGN.md: fast at 10M messages). The full
# monthly rollup above has a row per combination of eight keys: right for two-dimensional slices,
# but a dashboard summing one sector's year reads tens of thousands of its rows. Per sector and
# month, each single dimension gets its own rows (dim, value), plus a total row (dim ''), so a
# dashboard's one-dimensional breakdowns read a few hundred rows whatever the volume; per sector
# and day, one total row gives the trends.
LATTICE_DIMENSIONS = [
    # (dim, its value over a message r, the same over a row p of the monthly rollup)
    ("", "NULL", "NULL"),
    ("category", "r.category_id::text", "p.category_id::text"),
    ("municipality", "r.municipality_id::text", "p.municipality_id::text"),
    ("agency", "r.agency_id::text", "p.agency_id::text"),
    ("channel", "r.channel_id::text", "p.channel_id::text"),
    ("kind", "r.kind_id::text", "p.kind_id::text"),
    ("status", "r.status", "p.status"),
]
SECTOR_DAY_KEY = [("day", DAILY_KEY[0][1]), ("sector_id", "r.sector_id")]
# Per sector and day, the dimensions the daily rollup holds, one at a time: periods that are not
# whole months (the last 90 days) break a sector down by category without reading every
# category × municipality row of the daily rollup.
DAY_LATTICE_DIMENSIONS = [d for d in LATTICE_DIMENSIONS if d[0] in {"category", "municipality"}]


@dataclass(frozen=True)
class Rollup:
    """Rows of one rollup table: its key and measures as SQL over a message `r`.

    Several rollups may share a table (the sector lattice): `owns` picks the rows of the table
    that are this rollup's, for the consistency check. A coarser rollup can also be summed from
    a finer one (`parent`, with its key over the parent's row `p`): bulk loads do that instead of
    reading the messages once more.
    """

    name: str
    table: str
    key: list
    measures: list
    owns: str = "TRUE"
    parent: str = ""
    parent_key: list = field(default_factory=list)


ROLLUPS = [
    Rollup("monthly", "ratings_monthlystat", MONTHLY_KEY, MONTHLY_MEASURES),
    Rollup("daily", "ratings_dailystat", DAILY_KEY, DAILY_MEASURES),
    *(
        Rollup(
            f"sector_month:{dim or 'total'}", "ratings_sectormonthstat",
            [MONTHLY_KEY[0], ("sector_id", "r.sector_id"), ("dim", f"'{dim}'"), ("value", value)],
            MONTHLY_MEASURES, owns=f"dim = '{dim}'", parent="monthly",
            parent_key=[("month", "p.month"), ("sector_id", "p.sector_id"), ("dim", f"'{dim}'"), ("value", from_parent)],
        )
        for dim, value, from_parent in LATTICE_DIMENSIONS
    ),
    Rollup("sector_day", "ratings_sectordaystat", SECTOR_DAY_KEY, DAILY_MEASURES,
           parent="daily", parent_key=[("day", "p.day"), ("sector_id", "p.sector_id")]),
    *(
        Rollup(
            f"sector_day:{dim}", "ratings_sectordaydimstat", [*SECTOR_DAY_KEY, ("dim", f"'{dim}'"), ("value", value)],
            DAILY_MEASURES, owns=f"dim = '{dim}'", parent="daily",
            parent_key=[("day", "p.day"), ("sector_id", "p.sector_id"), ("dim", f"'{dim}'"), ("value", from_parent)],
        )
        for dim, value, from_parent in DAY_LATTICE_DIMENSIONS
    ),
]
ROLLUP_TABLES = list(dict.fromkeys(r.table for r in ROLLUPS))
ROLLUPS_BY_NAME = {r.name: r for r in ROLLUPS}

TZ_SETTING = "coalesce(nullif(current_setting('cur.time_zone', true), ''), 'Europe/Moscow')"


def _exprs(pairs) -> list[str]:
    return [expr.format(tz=TZ_SETTING) for _, expr in pairs]


def _upsert(rollup: Rollup, select: str) -> str:
    columns = [c for c, _ in rollup.key] + [c for c, _ in rollup.measures]
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c, _ in rollup.measures)
    return (
        f"INSERT INTO {rollup.table} AS s ({', '.join(columns)}) {select} "
        f"ON CONFLICT ({', '.join(c for c, _ in rollup.key)}) DO UPDATE SET {updates}"
    )


def grouped_select_sql(rollup: Rollup, where: str = "TRUE", source: str = "feedback_message", sign: int | str = 1) -> str:
    """SQL: the rollup's rows computed from the messages of `source` (alias r) matching `where`,
    each counted `sign` times: 1, −1, or an SQL expression such as the delta log's «r.sign»."""
    select = [f"{e} AS {c}" for (c, _), e in zip(rollup.key, _exprs(rollup.key), strict=True)]
    factor = "" if sign == 1 else f"{sign} * "
    select += [f"sum({factor}({e}))::bigint AS {c}" for (c, _), e in zip(rollup.measures, _exprs(rollup.measures), strict=True)]
    group = ", ".join(str(i + 1) for i in range(len(rollup.key)))
    return f"SELECT {', '.join(select)} FROM {source} r WHERE {where} GROUP BY {group}"


def aggregate_sql(rollup: Rollup, where: str = "TRUE", source: str = "feedback_message", sign: int | str = 1) -> str:
    """SQL: add (sign +1) or take away (-1) the messages of `source` matching `where` to the rollup."""
    return _upsert(rollup, grouped_select_sql(rollup, where, source, sign))


def derive_sql(rollup: Rollup, parent_rows: str) -> str:
    """SQL: add to a coarse rollup the sums of rows shaped like its parent rollup (alias p)."""
    select = [f"{e} AS {c}" for c, e in rollup.parent_key]
    select += [f"sum(p.{c})::bigint AS {c}" for c, _ in rollup.measures]
    group = ", ".join(str(i + 1) for i in range(len(rollup.parent_key)))
    return _upsert(rollup, f"SELECT {', '.join(select)} FROM {parent_rows} p GROUP BY {group}")


DELTA_TABLE = "ratings_statdelta"


def trigger_sql() -> str:
    """Statement-level triggers that append each statement's changes to the delta log.

    What a message adds to the rollups depends only on WATCHED_COLUMNS, so the log keeps those,
    with a sign: +1 for a new or changed message as it is now, −1 for a deleted or changed one as
    it was. Folding the log (ratings.services.stats.stats_fold) sums the signed rows into every
    rollup, each rollup row once per fold, whatever the number of statements behind it. Writers
    never touch a rollup row, so concurrent deliveries do not queue behind each other's locks.
    """
    columns = ", ".join(WATCHED_COLUMNS)
    changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in WATCHED_COLUMNS)
    before = ", ".join(f"o.{c}" for c in WATCHED_COLUMNS)
    after = ", ".join(f"n.{c}" for c in WATCHED_COLUMNS)
    return f"""
CREATE OR REPLACE FUNCTION ratings_message_stats() RETURNS trigger AS $$
BEGIN
    -- A bulk load switches the trigger off for its transaction and adds its rows in one pass.
    IF coalesce(current_setting('cur.stats_bulk', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {DELTA_TABLE} (sign, {columns}) SELECT 1, {columns} FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {DELTA_TABLE} (sign, {columns}) SELECT -1, {columns} FROM old_rows;
    ELSE
        -- Only messages whose counted columns changed (a new text or address changes nothing).
        INSERT INTO {DELTA_TABLE} (sign, {columns})
        SELECT d.* FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (-1, {before}), (1, {after})) AS d
        WHERE {changed};
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS ratings_message_stats ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_insert ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_update ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_delete ON feedback_message;
CREATE TRIGGER ratings_message_stats_insert AFTER INSERT ON feedback_message
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();
CREATE TRIGGER ratings_message_stats_update AFTER UPDATE ON feedback_message
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();
CREATE TRIGGER ratings_message_stats_delete AFTER DELETE ON feedback_message
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ratings_message_stats();
"""


DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS ratings_message_stats ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_insert ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_update ON feedback_message;
DROP TRIGGER IF EXISTS ratings_message_stats_delete ON feedback_message;
DROP FUNCTION IF EXISTS ratings_message_stats();
"""
