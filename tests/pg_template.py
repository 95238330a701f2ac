"""A PostgreSQL database put back, between tests, to what a fresh ``store.open`` leaves.

Migrating an empty schema takes far longer than most store tests, so the session's
database is migrated once and then emptied before each test instead: every table is
emptied, the rows the migrations seeded are copied back and every sequence is set to
where the migrations left it. Nothing here knows the migrations: what to restore is read
from the database right after ``store.open`` migrated it. Rows are deleted rather than
truncated (a TRUNCATE of every table costs ~0.4 s, a DELETE a few milliseconds), except in
the tables a test filled past a megabyte.

Before each reset the schema (columns, types, collations, defaults, indexes,
constraints, triggers, views, functions) is compared with the migrated one; when a test
changed it, or emptied the schema, the next reset migrates afresh. The role must be a
superuser (the throwaway cluster's ``postgres`` is; so must ``$PROFILES_TEST_PG_URL``'s be),
for the seeded rows go back with foreign-key triggers off.
"""

from __future__ import annotations

import io

import psycopg2

import store

_SCHEMA = """
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) FROM (
    SELECT format('rel %s %s', c.relname, c.relkind) AS item
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT format('col %s.%s %s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                  a.attcollation::regcollation, a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'idx ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trg ' || pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT format('view %s %s', c.relname, pg_get_viewdef(c.oid))
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
    UNION ALL
    SELECT 'fn ' || pg_get_functiondef(p.oid)
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
) AS schema
"""

_TABLES = """
SELECT c.oid::regclass::text FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 1
"""

_LARGE = "SELECT t FROM unnest(%s::text[]) AS t WHERE pg_total_relation_size(t::regclass) > %s"
_LARGE_BYTES = 1 << 20

_SEQUENCES = """
SELECT format('%I', sequencename), coalesce(last_value, start_value), last_value IS NOT NULL
FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1
"""


class PgTemplate:
    """The session's PostgreSQL database and the migrated state each store test starts from."""

    def __init__(self, url: str) -> None:
        """Connect to ``url`` (the database is migrated at the first ``reset()``)."""
        self.url = url
        self._conn = psycopg2.connect(url)
        self._conn.autocommit = True
        with self._conn.cursor() as cur:
            # A test that left a transaction open would block the reset: fail, do not hang.
            cur.execute("SET lock_timeout = '60s'")
        self._schema: str | None = None
        self._tables: list[str] = []
        self._rows: dict[str, str] = {}
        self._sequences: list[tuple[str, int, bool]] = []

    def close(self) -> None:
        """Close the connection used for resets."""
        self._conn.close()

    def empty_schema(self) -> None:
        """Drop every table: the database is as new, never opened by the store."""
        with self._conn.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")

    def reset(self) -> None:
        """Put the database in the state a fresh ``store.open`` leaves (the store is closed)."""
        if self._schema is None or self._current_schema() != self._schema:
            self._migrate()
            return
        with self._conn.cursor() as cur:
            cur.execute("BEGIN")
            try:
                # Seeded rows go back in any order: foreign keys are not checked meanwhile.
                cur.execute("SET LOCAL session_replication_role = replica")
                # A table a test filled is truncated, so later tests do not scan dead rows.
                cur.execute(_LARGE, (self._tables, _LARGE_BYTES))
                large = [row[0] for row in cur.fetchall()]
                if large:
                    cur.execute(f"TRUNCATE {', '.join(large)} CASCADE")
                cur.execute("; ".join(f"DELETE FROM {table}" for table in self._tables if table not in large))
                for table, data in self._rows.items():
                    cur.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(data))
                if self._sequences:
                    calls = ", ".join("setval(%s, %s, %s)" for _ in self._sequences)
                    cur.execute(f"SELECT {calls}", [v for seq in self._sequences for v in seq])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def _current_schema(self) -> str:
        with self._conn.cursor() as cur:
            cur.execute(_SCHEMA)
            return str(cur.fetchone()[0])

    def _migrate(self) -> None:
        """Migrate an empty schema with ``store.open`` and note what it left."""
        self.empty_schema()
        store.open(self.url)
        store.close()
        self._schema = self._current_schema()
        with self._conn.cursor() as cur:
            cur.execute(_TABLES)
            self._tables = [row[0] for row in cur.fetchall()]
            self._rows = {}
            for table in self._tables:
                out = io.StringIO()
                cur.copy_expert(f"COPY {table} TO STDOUT", out)
                if out.getvalue():
                    self._rows[table] = out.getvalue()
            cur.execute(_SEQUENCES)
            self._sequences = [(name, int(value), bool(called)) for name, value, called in cur.fetchall()]
