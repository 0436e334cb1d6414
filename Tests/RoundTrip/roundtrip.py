#!/usr/bin/env python3
"""Round-trip harness: holds a run's written files against each other, trusting nothing the
engine computed (issue "Fixtures that agree with themselves").

Given the CSV files of one run and the SQL scripts of the same run (sqlite and postgres
dialects), it
  1. reads the CSV files with its own RFC 4180 reader (an unquoted empty field is NULL, a quoted
     one the empty text);
  2. loads the sqlite scripts into a fresh in-memory SQLite database (Python's sqlite3 module,
     which is the real SQLite library), checks every foreign key with PRAGMA foreign_key_check,
     and compares every row and value with the CSV;
  3. loads the postgres scripts into a fresh PostgreSQL database with psql (when a server is
     configured), and compares every row and value with the CSV;
  4. checks every foreign key the SQLite schema declares against the CSV files themselves;
  5. recomputes every aggregate column the scenario's spec lists (below) from the source rows
     in the CSV files, in exact rational arithmetic on the written decimals, and compares it
     with the written value at its printed precision; and the rules (derived columns) the spec
     lists, row by row.

Equality at printed precision: a written value with k decimals must be the recomputed exact
value rounded half to even to k decimals. When the exact value is itself exactly half-way
between two k-decimal numbers, either neighbour is accepted: the engine computes with doubles,
whose tiny binary errors decide such a tie either way, and so would any other reader's.

Usage:
  roundtrip.py --spec NAME --now 2024-07-01T00:00:00 --tables a,b,c \
      --csv DIR --sqlite DIR --postgres DIR [--pg-host H --pg-port P --pg-user U]

Tables are listed in load order (a table after the tables it refers to). Without --pg-host (or
SCENARIO_PGHOST) the PostgreSQL part is skipped, and says so. Exit 0 when every check holds,
1 otherwise; every failed check is printed with the table, row and column.
"""

import argparse
import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import text_functions  # noqa: E402
import tutor_quality_rules  # noqa: E402

# ------------------------------------------------------------------------------------------------
# Reading CSV (RFC 4180), independent of the csv module so that NULL and "" stay apart.


def read_csv(path):
    """Returns (header, rows); a field is None for NULL (unquoted empty), else its text."""
    data = open(path, "rb").read().decode("utf-8")
    records, record, field = [], [], []
    quoted = False
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == '"' and not field and not quoted:
            # A quoted field: up to the closing quote, "" standing for one quote.
            i += 1
            text = []
            while True:
                if i >= n:
                    raise ValueError(f"{path}: unterminated quoted field")
                if data[i] == '"':
                    if i + 1 < n and data[i + 1] == '"':
                        text.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                text.append(data[i])
                i += 1
            field = text
            quoted = True
            continue
        if c == ",":
            record.append("".join(field) if (field or quoted) else None)
            field, quoted = [], False
        elif c == "\n" or (c == "\r" and i + 1 < n and data[i + 1] == "\n"):
            if c == "\r":
                i += 1
            record.append("".join(field) if (field or quoted) else None)
            records.append(record)
            record, field, quoted = [], [], False
        else:
            if quoted:
                raise ValueError(f"{path}: text after a closing quote")
            field.append(c)
        i += 1
    if field or quoted or record:
        record.append("".join(field) if (field or quoted) else None)
        records.append(record)
    header = records[0]
    rows = records[1:]
    for k, r in enumerate(rows):
        if len(r) != len(header):
            raise ValueError(f"{path}: row {k + 1} has {len(r)} fields, the header {len(header)}")
    return header, rows


class Table:
    def __init__(self, name, header, rows):
        self.name = name
        self.header = header
        self.rows = rows
        self.index = {c: i for i, c in enumerate(header)}

    def column(self, name):
        i = self.index[name]
        return [r[i] for r in self.rows]

    def dicts(self):
        return [dict(zip(self.header, r)) for r in self.rows]


# ------------------------------------------------------------------------------------------------
# Values as the files write them.

DATETIME_CSV = re.compile(r"^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$")
FIXED = re.compile(r"^-?\d+(\.(\d+))?$")


def exact(text):
    """The exact rational value of a written number."""
    return Fraction(text)


def decimals(text):
    m = FIXED.match(text)
    if not m:
        return None
    return len(m.group(2)) if m.group(2) else 0


def round_half_even(value, k):
    """A Fraction rounded to k decimals, ties to even, as a Fraction."""
    scaled = value * 10**k
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        floor += 1
    return Fraction(floor, 10**k)


def is_tie(value, k):
    scaled = value * 10**k
    return scaled - (scaled.numerator // scaled.denominator) == Fraction(1, 2)


def parse_instant(text):
    """Seconds since 1970 of a CSV date-time or date."""
    m = DATETIME_CSV.match(text)
    if m:
        y, mo, d, h, mi, s = (int(g) for g in m.groups())
        return int((dt.datetime(y, mo, d, h, mi, s) - dt.datetime(1970, 1, 1)).total_seconds())
    y, mo, d = (int(g) for g in text.split("-"))
    return int((dt.datetime(y, mo, d) - dt.datetime(1970, 1, 1)).total_seconds())


def flag(text):
    if text is None:
        return None
    if text not in ("true", "false"):
        raise ValueError(f"not a bool: {text!r}")
    return text == "true"


# ------------------------------------------------------------------------------------------------
# Results.


class Report:
    def __init__(self):
        self.ok = 0
        self.failures = []
        self.notes = []

    def check(self, holds, what):
        if holds:
            self.ok += 1
        else:
            self.failures.append(what)

    def fail(self, what):
        self.failures.append(what)

    def note(self, what):
        self.notes.append(what)


# ------------------------------------------------------------------------------------------------
# Databases against the CSV files.


def canonical(value, declared, from_db):
    """One text for a value of a column of the declared type (SQLite's or PostgreSQL's, as the
    database reports it), from either side: numbers as the double they read as, booleans as
    true/false, date-times as 'YYYY-MM-DD HH:MM:SS'."""
    if value is None:
        return None
    t = declared.upper()
    text = str(value)
    if t in ("BOOLEAN", "BOOL"):
        return {"t": "true", "true": "true", "f": "false", "false": "false"}.get(text.lower(), "?" + text)
    if t in ("INTEGER", "BIGINT"):
        # SQLite stores a bool as the integer 1 or 0.
        return {"true": "1", "false": "0"}.get(text) or str(int(value))
    if t in ("REAL", "DOUBLE PRECISION", "NUMERIC"):
        # -0.0 and 0.0 are the same number (a database may read "-0.000" as 0).
        return repr(float(value) + 0.0)
    if not from_db and DATETIME_CSV.match(text):
        return text[:-1].replace("T", " ")
    return text


def csv_cell_matches(csv_value, db_value, declared):
    return canonical(csv_value, declared, False) == canonical(db_value, declared, True)


def compare_rows(report, source, table, csv_table, columns, db_rows, ordered=True):
    """Compares a database table with its CSV file: the same columns, the same number of rows,
    and the same value in every cell; row by row in insertion order, or (when the database
    gives no insertion order) as sorted rows."""
    report.check(
        len(db_rows) == len(csv_table.rows),
        f"{source}: {table} has {len(db_rows)} rows, the CSV {len(csv_table.rows)}",
    )
    names = [c for c, _ in columns]
    if names != csv_table.header:
        report.fail(f"{source}: {table} columns {names} differ from the CSV header {csv_table.header}")
        return
    csv_rows = csv_table.rows
    if not ordered:
        def key(row, from_db):
            return [("" if v is None else "\1" + v) for v in
                    (canonical(x, declared, from_db) for x, (_, declared) in zip(row, columns))]
        csv_rows = sorted(csv_rows, key=lambda r: key(r, False))
        db_rows = sorted(db_rows, key=lambda r: key(r, True))
    mismatches = 0
    for k, (c, d) in enumerate(zip(csv_rows, db_rows)):
        for (name, declared), cv, dv in zip(columns, c, d):
            if not csv_cell_matches(cv, dv, declared):
                mismatches += 1
                if mismatches <= 5:
                    report.fail(f"{source}: {table} row {k + 1}, {name}: CSV {cv!r}, database {dv!r}")
    report.check(mismatches == 0, f"{source}: {table}: {mismatches} values differ")


def check_sqlite(report, tables, order, folder, csv):
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    for name in order:
        script = open(os.path.join(folder, name + ".sql"), encoding="utf-8").read()
        try:
            db.executescript(script)
        except sqlite3.Error as e:
            report.fail(f"sqlite: loading {name}.sql failed: {e}")
            return None
    violations = db.execute("PRAGMA foreign_key_check").fetchall()
    report.check(not violations, f"sqlite: foreign key violations: {violations[:5]}")
    for name in order:
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        columns = [(r[1], r[2] or "") for r in info]
        rows = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
        # A sole INTEGER primary key is the rowid itself, so rowid order is key order, not
        # insertion order: compare sorted rows then.
        keys = [r for r in info if r[5] > 0]
        by_key = len(keys) == 1 and (keys[0][2] or "").upper() == "INTEGER"
        compare_rows(report, "sqlite", name, csv[name], columns, rows, ordered=not by_key)
    # Declared foreign keys: (table, column, referenced table, referenced column).
    keys = []
    for name in order:
        for r in db.execute(f'PRAGMA foreign_key_list("{name}")'):
            keys.append((name, r[3], r[2], r[4]))
    return keys


def check_postgres(report, order, folder, csv, server):
    host, port, user = server
    env = dict(os.environ, PGTZ="UTC", PGDATESTYLE="ISO", PGOPTIONS="-c client_min_messages=warning")
    base = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", user]
    database = f"roundtrip_{os.getpid()}_{int.from_bytes(os.urandom(4), 'little')}"

    def psql(db, *args):
        return subprocess.run(base + ["-d", db] + list(args), capture_output=True, text=True, env=env)

    created = psql("postgres", "-c", f"CREATE DATABASE {database}")
    if created.returncode != 0:
        report.fail(f"postgres: cannot create a database: {created.stderr.strip()}")
        return
    try:
        files = []
        for name in order:
            files += ["-f", os.path.join(folder, name + ".sql")]
        load = psql(database, *files)
        if load.returncode != 0:
            report.fail(f"postgres: loading failed: {load.stderr.strip()[:500]}")
            return
        report.check(load.stderr.strip() == "", f"postgres: loading warned: {load.stderr.strip()[:500]}")
        for name in order:
            info = psql(
                database, "-A", "-t", "-F", "\t", "-c",
                "SELECT column_name, data_type FROM information_schema.columns "
                f"WHERE table_schema = 'public' AND table_name = '{name}' ORDER BY ordinal_position",
            )
            columns = [tuple(line.split("\t")) for line in info.stdout.splitlines() if line]
            # Each column as text the comparison reads: date-times and intervals normalized.
            select = []
            for col, declared in columns:
                q = f'"{col}"'
                if declared.startswith("timestamp"):
                    select.append(f"to_char({q}, 'YYYY-MM-DD HH24:MI:SS')")
                elif declared == "interval":
                    select.append(f"extract(epoch from {q})::bigint::text")
                elif declared == "boolean":
                    select.append(f"{q}::text")
                else:
                    select.append(f"{q}::text")
            with tempfile.TemporaryDirectory() as folder:
                out = os.path.join(folder, "rows.csv")
                copy = psql(
                    database, "-c",
                    f"\\copy (SELECT {', '.join(select)} FROM \"{name}\") TO '{out}' "
                    "WITH (FORMAT csv, NULL '\\N')",
                )
                if copy.returncode != 0:
                    report.fail(f"postgres: reading {name} failed: {copy.stderr.strip()}")
                    continue
                rows = read_pg_copy(out, len(columns))
            kinds = [(c, pg_kind(d)) for c, d in columns]
            csv_table = csv[name]
            # Durations are compared in seconds: convert the CSV side.
            converted = Table(name, csv_table.header, [
                [iso_duration_seconds(v) if kind == "INTERVAL" and v is not None else v for v, (_, kind) in zip(r, kinds)]
                for r in csv_table.rows
            ])
            compare_rows(report, "postgres", name, converted, kinds, rows, ordered=False)
    finally:
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def pg_kind(declared):
    return {
        "bigint": "BIGINT", "integer": "BIGINT", "double precision": "DOUBLE PRECISION",
        "numeric": "NUMERIC", "boolean": "BOOLEAN", "interval": "INTERVAL",
    }.get(declared, "TEXT")


def read_pg_copy(path, width):
    """COPY ... CSV output (no header; NULL written as an unquoted \\N), read with the same
    RFC 4180 reader under a made-up header."""
    body = open(path, encoding="utf-8").read()
    if not body:
        return []
    with_header = path + ".h"
    with open(with_header, "w", encoding="utf-8") as f:
        f.write(",".join(f"c{i}" for i in range(width)) + "\n" + body)
    _, rows = read_csv(with_header)
    # With NULL written as \N, an empty field is the empty text (PostgreSQL does not quote it),
    # which read_csv, following the scenario files' convention, reads as null.
    return [[None if v == "\\N" else "" if v is None else v for v in r] for r in rows]


def iso_duration_seconds(text):
    m = re.match(r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", text)
    if not m:
        return text
    sign, d, h, mi, s = m.groups()
    total = int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + int(s or 0)
    return str(-total if sign else total)


def check_foreign_keys(report, keys, csv):
    for table, column, target, target_column in keys:
        if target not in csv:
            report.fail(f"foreign key {table}.{column} -> {target}: no such CSV file")
            continue
        present = {v for v in csv[target].column(target_column) if v is not None}
        missing = [v for v in csv[table].column(column) if v is not None and v not in present]
        report.check(
            not missing,
            f"foreign key {table}.{column} -> {target}.{target_column}: {len(missing)} values "
            f"do not resolve, e.g. {missing[:3]}",
        )


# ------------------------------------------------------------------------------------------------
# Aggregates and rules, per scenario.


class Aggregate:
    """`function(argument) over source where filter at least N`, linked by `link` (a column of
    the source holding the parent's key `key`)."""

    def __init__(self, table, column, key, source, link, function, argument=None, where=None, at_least=0):
        self.table, self.column, self.key = table, column, key
        self.source, self.link = source, link
        self.function, self.argument = function, argument
        self.where = where or (lambda row: True)
        self.at_least = at_least

    def expected(self, csv):
        """parent key -> exact expected value (Fraction, int, or None)."""
        groups = {}
        for row in csv[self.source].dicts():
            if not self.where(row):
                continue
            value = None
            if self.argument is not None:
                text = row[self.argument]
                if text is None:
                    continue
                value = flag(text) if self.function == "rate" else exact(text)
            groups.setdefault(row[self.link], []).append(value)
        result = {}
        for parent in csv[self.table].column(self.key):
            values = groups.get(parent, [])
            n = len(values)
            if n < self.at_least or (n == 0 and self.function != "count"):
                result[parent] = None
            elif self.function == "count":
                result[parent] = n
            elif self.function == "mean":
                result[parent] = sum(values, Fraction(0)) / n
            elif self.function == "rate":
                result[parent] = Fraction(sum(1 for v in values if v), n)
            else:
                raise ValueError(self.function)
        return result


def compare_at_precision(report, where, written, expected):
    """A written number against an exact value, at the written number's precision."""
    if expected is None or written is None:
        report.check(expected is None and written is None, f"{where}: written {written!r}, recomputed {expected}")
        return 0
    if isinstance(expected, int):
        report.check(written == str(expected), f"{where}: written {written}, recomputed {expected}")
        return 0
    k = decimals(written)
    if k is None:
        report.fail(f"{where}: {written!r} is not in fixed notation")
        return 0
    w = exact(written)
    if is_tie(expected, k):
        lo = round_half_even(expected - Fraction(1, 10 ** (k + 6)), k)
        hi = round_half_even(expected + Fraction(1, 10 ** (k + 6)), k)
        report.check(w in (lo, hi), f"{where}: written {written}, recomputed {float(expected)!r} (a tie)")
        return 1
    report.check(
        w == round_half_even(expected, k),
        f"{where}: written {written}, recomputed {float(expected)!r} rounds to {float(round_half_even(expected, k))}",
    )
    return 0


def check_aggregates(report, spec, csv):
    ties = 0
    for agg in spec.get("aggregates", []):
        expected = agg.expected(csv)
        written = dict(zip(csv[agg.table].column(agg.key), csv[agg.table].column(agg.column)))
        for parent, value in expected.items():
            ties += compare_at_precision(report, f"{agg.table}.{agg.column} of {parent}", written[parent], value)
    if ties:
        report.note(f"{ties} aggregate values were exact ties at their precision (either neighbour accepted)")


def check_cross_table(report, spec, csv):
    for check in spec.get("checks", []):
        try:
            check(report, csv)
        except (KeyError, ValueError, TypeError, ZeroDivisionError) as error:
            report.fail(f"{check.__name__}: could not be recomputed from the files ({type(error).__name__}: {error})")


def check_rules(report, spec, csv):
    for table, name, rule in spec.get("rules", []):
        broken = []
        for k, row in enumerate(csv[table].dicts()):
            if not rule(row):
                broken.append(k + 1)
        report.check(not broken, f"rule '{name}' on {table}: broken in rows {broken[:5]} ({len(broken)} rows)")


def tutor_quality_spec(now):
    day = 86400

    def since(days):
        start = now - days * day
        return lambda row: row["session_datetime"] is not None and parse_instant(row["session_datetime"]) >= start

    def first(row):
        return flag(row["is_first_session"]) is True

    def a(column, function, argument=None, where=None, at_least=0):
        return Aggregate("tutor_aggregates", column, "tutor_id", "sessions", "tutor_id", function, argument, where, at_least)

    def risk(row):
        p = exact(row["churn_probability"])
        level = "High" if p >= Fraction(1, 2) else "Medium" if p >= Fraction(3, 10) else "Low"
        return row["churn_risk_level"] == level

    def poor_first(row):
        avg = row["first_session_avg_rating"]
        expected = avg is not None and exact(avg) < Fraction(7, 2)
        return flag(row["poor_first_session_flag"]) == expected

    return {
        "aggregates": [
            a("total_sessions_30d", "count", where=since(30)),
            a("total_sessions_7d", "count", where=since(7)),
            a("avg_rating_30d", "mean", "student_rating", since(30)),
            a("avg_rating_7d", "mean", "student_rating", since(7), at_least=3),
            a("avg_engagement_score", "mean", "engagement_score"),
            a("avg_empathy_score", "mean", "empathy_score"),
            a("avg_clarity_score", "mean", "clarity_score"),
            a("avg_student_satisfaction", "mean", "student_satisfaction"),
            a("first_session_count", "count", where=first),
            a("first_session_avg_rating", "mean", "student_rating", first),
            a("recommendation_rate", "rate", "would_recommend"),
            a("technical_issue_rate", "rate", "had_technical_issues"),
            a("sentiment_trend_7d", "mean", "overall_sentiment", since(7)),
        ],
        "rules": [
            ("tutor_aggregates", "poor_first_session_flag = first_session_avg_rating < 3.5", poor_first),
            ("tutor_aggregates", "churn_risk_level from churn_probability (0.5, 0.3)", risk),
        ],
        # The rules and system figures that span tables (Tests/RoundTrip/tutor_quality_rules.py).
        "checks": tutor_quality_rules.checks(now, parse_instant),
    }


def statistics_spec(now):
    return {
        "rules": [
            (
                "sessions", "would_recommend = student_satisfaction >= 7.0",
                lambda row: flag(row["would_recommend"]) == (exact(row["student_satisfaction"]) >= 7),
            ),
        ],
    }


def crm_spec(now):
    def line_total(row):
        return exact(row["line_total"]) == round_half_even(row_int(row["quantity"]) * exact(row["unit_price"]), 2)

    def row_int(text):
        return int(text)

    return {
        "rules": [
            ("order_items", "line_total = quantity * unit_price at 2 decimals", line_total),
            ("customers", "country_code is the locale's country", lambda r: r["country_code"] == r["locale"][-2:]),
            ("customers", "an email has one @", lambda r: r["email"].count("@") == 1),
            ("customers", "a national phone form exactly when there is a phone",
             lambda r: (r["phone"] is None) == (r["phone_national"] is None)),
            ("customers", "region_code is in the customer's country",
             lambda r: r["region_code"] is None or r["region_code"].startswith(r["country_code"] + "-")),
        ],
    }

def skill_training_spec(now):
    """Seed 002's port: every linguistic feature recomputed from response_text with the
    tokenizer of Docs/Values.md (text_functions.py, written from the documentation), the
    keyword counts with the normalisation the scenario's header states, the derived features
    from the behavioral ones, the labels' range, and the even spread over the 84 cells."""
    lists = {
        "first_person_count": ["i", "my", "me"],
        "collaborative_word_count": ["we", "our", "us", "together", "team"],
        "emotion_word_count": ["sad", "upset", "angry", "happy", "feel", "felt"],
        "reasoning_word_count": ["because", "if", "why", "then"],
        "planning_word_count": ["plan", "first", "goal", "next", "steps"],
    }
    skill_words = {
        "empathy": ["feel", "understand", "listened", "helped"],
        "collaboration": ["team", "together", "ideas", "everyone"],
        "problem_solving": ["idea", "tried", "steps", "checked"],
        "self_regulation": ["calm", "breath", "goal", "focus"],
    }
    positive = ["good", "great", "happy", "well", "kindness", "okay"]
    negative = ["sad", "upset", "angry", "hard", "frustrating", "quit"]

    def normalised(text):
        t = text.lower()
        for c in ".,!?":
            t = t.replace(c, " ")
        return " " + t.replace(" ", "  ") + " "

    def count(norm, keywords):
        return sum(norm.count(" " + k + " ") for k in keywords)

    def text_features(report, csv):
        for k, row in enumerate(csv["samples"].dicts()):
            text = row["response_text"]
            ws = text_functions.words(text)
            n, sentences = len(ws), text_functions.sentences(text)
            distinct = len({w.lower() for w in ws})
            norm = normalised(text)
            where = f"samples row {k + 1}"
            expected = {
                "word_count": n,
                "sentence_count": sentences,
                "char_count": len(text),
                "avg_word_length": Fraction(sum(len(w) for w in ws), n),
                "avg_sentence_length": Fraction(n, sentences),
                "unique_word_count": distinct,
                "lexical_diversity": Fraction(distinct, n),
                "comma_count": text.count(","),
                "question_count": text.count("?"),
                "skill_keyword_count": count(norm, skill_words[row["target_skill"]]),
                "sentiment_score": Fraction(count(norm, positive) - count(norm, negative), n),
            }
            for column, keywords in lists.items():
                expected[column] = count(norm, keywords)
            for column, value in expected.items():
                compare_at_precision(report, f"{where} {column}", row[column], value)

    def derived(report, csv):
        for k, row in enumerate(csv["samples"].dicts()):
            i = {c: int(row[c]) for c in ("retries", "hints_used", "tasks_completed", "help_requests", "collaboration_events")}
            where = f"samples row {k + 1}"
            engagement = Fraction(1, 2) * exact(row["session_minutes"]) / 60 + Fraction(1, 2) * exact(row["task_completion_rate"])
            compare_at_precision(report, f"{where} engagement_index", row["engagement_index"], min(max(engagement, Fraction(0)), Fraction(1)))
            compare_at_precision(report, f"{where} persistence_index", row["persistence_index"],
                                 Fraction(i["retries"], i["retries"] + i["hints_used"] + 1))
            compare_at_precision(report, f"{where} efficiency_index", row["efficiency_index"],
                                 Fraction(i["tasks_completed"], i["tasks_completed"] + i["hints_used"] + i["help_requests"] + 1))
            compare_at_precision(report, f"{where} social_index", row["social_index"],
                                 Fraction(i["collaboration_events"], i["collaboration_events"] + 4))

    def design(report, csv):
        cells = {}
        for row in csv["samples"].dicts():
            key = (row["target_skill"], row["skill_level"], row["grade"])
            cells[key] = cells.get(key, 0) + 1
        report.check(len(cells) == 84, f"samples cover {len(cells)} of the 4 x 3 x 7 cells")
        report.check(max(cells.values()) - min(cells.values()) <= 1,
                     f"cells differ by at most one sample ({min(cells.values())}..{max(cells.values())})")
        report.check(len(csv["samples"].dicts()[0]) == 38, "38 columns")
        for level, (lo, hi) in {"HIGH": ("0.62", "0.64"), "MEDIUM": ("0.50", "0.51"), "DEVELOPING": ("0.38", "0.40")}.items():
            scores = [sum(exact(r[c]) for c in ("empathy_score", "collaboration_score", "problem_solving_score",
                                                 "self_regulation_score")) / 4
                      for r in csv["samples"].dicts() if r["skill_level"] == level]
            mean = sum(scores) / len(scores)
            report.check(exact(lo) <= mean <= exact(hi), f"{level} average score {float(mean):.4f} in {lo}..{hi}")

    label = lambda c: (lambda r: Fraction(0) <= exact(r[c]) <= Fraction(1))  # noqa: E731
    return {
        "rules": [("samples", f"{c} in [0, 1]", label(c))
                  for c in ("empathy_score", "collaboration_score", "problem_solving_score", "self_regulation_score")],
        "checks": [text_features, derived, design],
    }


def tutoring_platform_spec(now):
    """Seed 001's port: each student with sessions has exactly one first session, their
    earliest (ties in time broken by row), recomputed from the written sessions."""

    def first_sessions(report, csv):
        by_student = {}
        for k, row in enumerate(csv["sessions"].dicts()):
            by_student.setdefault(row["student_id"], []).append((parse_instant(row["scheduled_at"]), k, row))
        for student, rows in by_student.items():
            firsts = [k for _, k, row in rows if flag(row["is_first_session"])]
            earliest = min(rows)[1]
            report.check(firsts == [earliest],
                         f"student {student}: first sessions at rows {[f + 1 for f in firsts]}, earliest is row {earliest + 1}")
        if "session_metrics" in csv:
            first = {r["session_id"]: flag(r["is_first_session"]) for r in csv["sessions"].dicts()}
            broken = [r["session_id"] for r in csv["session_metrics"].dicts()
                      if (r["first_session_success"] is None) == first[r["session_id"]]]
            report.check(not broken, f"first_session_success is set exactly for first sessions (broken: {broken[:5]})")

    return {"checks": [first_sessions]}


def toefl_sessions_spec(now):
    """Seed 000's port: 93 responses per session in task order with distinct questions of the
    task, times that add up within the session, the session's totals, its Rasch estimate and
    band recomputed from its responses, and each student's profile visible in the responses."""
    import math
    tasks = [("reading", 35), ("listening", 35), ("build_sentence", 10), ("email", 1), ("discussion", 1),
             ("listen_repeat", 7), ("interview", 4)]
    expected_tasks = [t for t, n in tasks for _ in range(n)]
    objective = {"reading", "listening", "build_sentence"}
    profiles = {  # common/toefl.scenario, seed 000 step 1
        "weak_student": (0.40, 0.35, 1, 2, 1, 2), "average_student": (0.60, 0.55, 3, 3, 3, 3),
        "good_student": (0.75, 0.70, 4, 4, 4, 4), "strong_student": (0.88, 0.85, 5, 5, 5, 5),
        "native_like": (0.95, 0.93, 5, 6, 5, 6)}

    def sessions_and_responses(report, csv):
        questions = {q["question_id"]: q for q in csv["questions"].dicts()}
        students = {s["student_id"]: s for s in csv["students"].dicts()}
        by_session = {}
        for r in csv["responses"].dicts():
            by_session.setdefault(r["session_id"], []).append(r)
        per_profile = {}
        for s in csv["sessions"].dicts():
            sid = s["session_id"]
            rows = sorted(by_session.get(sid, []), key=lambda r: int(r["position"]))
            report.check([int(r["position"]) for r in rows] == list(range(1, 94)), f"session {sid}: positions 1..93")
            report.check([r["task"] for r in rows] == expected_tasks, f"session {sid}: tasks in the seed's split")
            qs = [r["question_id"] for r in rows]
            report.check(len(set(qs)) == len(qs), f"session {sid}: a question twice")
            report.check(all(questions[r["question_id"]]["task"] == r["task"] for r in rows), f"session {sid}: a question of another task")
            start = parse_instant(s["created_at"])
            elapsed = 0
            for r in rows:
                elapsed += int(r["response_seconds"])
                report.check(parse_instant(r["answered_at"]) == start + elapsed,
                             f"session {sid} position {r['position']}: answered_at is not the start plus the times so far")
            report.check(s["total_seconds"] == str(elapsed), f"session {sid}: total_seconds {s['total_seconds']}, responses sum to {elapsed}")
            report.check(parse_instant(s["completed_at"]) == start + elapsed, f"session {sid}: completed_at")
            student = students[s["student_id"]]
            report.check(parse_instant(student["created_at"]) < start, f"session {sid}: the student is created after the session")
            scored = [r for r in rows if r["is_correct"] is not None]
            report.check(sorted({r["task"] for r in scored}) == sorted(objective), f"session {sid}: scored tasks")
            c = sum(1 for r in scored if flag(r["is_correct"]))
            n = len(scored)
            report.check(s["objective_correct"] == str(c) and s["objective_items"] == str(n), f"session {sid}: objective counts")
            theta = math.log((c + 0.5) / (n - c + 0.5))
            compare_at_precision(report, f"session {sid} irt_theta", s["irt_theta"], Fraction(theta))
            rated = [exact(r["ai_score"]) for r in rows if r["ai_score"] is not None]
            theta_written = float(exact(s["irt_theta"]))
            mean_rated = float(sum(rated) / len(rated)) if rated else 1.0
            band = round((1 + 5 / (1 + math.exp(-theta_written)) + mean_rated) / 2 * 2) / 2
            report.check(abs(float(exact(s["estimated_band"])) - band) < 1e-9, f"session {sid}: estimated_band {s['estimated_band']}, recomputed {band}")
            report.check(s["notes"] == "SYNTHETIC" and s["status"] == "completed", f"session {sid}: notes and status")
            profile = student["profile"]
            reading, listening, wlo, whi, slo, shi = profiles[profile]
            for r in rows:
                if r["ai_score"] is None:
                    continue
                lo, hi = (wlo, whi) if r["section"] == "writing" else (slo, shi)
                score = float(exact(r["ai_score"]))
                report.check(max(1, lo - 1.3) <= score <= min(6, hi + 0.99 + 1.3), f"session {sid} position {r['position']}: AI score {score} far from bands {lo}-{hi}")
            acc = per_profile.setdefault(profile, [0, 0, 0])
            acc[0] += sum(1 for r in rows if r["task"] == "reading" and flag(r["is_correct"]))
            acc[1] += 35
            acc[2] += 1
        # Each profile is recoverable: its reading accuracy within 5 standard errors (the
        # binomial, and the per-session noise of sd 0.05).
        for profile, (right, total, sessions) in per_profile.items():
            p = profiles[profile][0]
            tolerance = 5 * math.sqrt(p * (1 - p) / total) + 5 * 0.05 / math.sqrt(sessions)
            report.check(abs(right / total - p) <= tolerance, f"{profile}: reading accuracy {right / total:.3f}, profile {p}")
        report.check(all(u["username"].startswith("SYN_") for u in csv["students"].dicts()), "usernames start with SYN_")

    return {"checks": [sessions_and_responses]}


SPECS = {
    "crm_edge_cases": crm_spec,
    "tutor_quality": tutor_quality_spec,
    "tutor_quality_statistics": statistics_spec,
    "tutoring_platform": tutoring_platform_spec,
    "skill_training": skill_training_spec,
    "toefl_sessions": toefl_sessions_spec,
}


# ------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", required=True, choices=sorted(SPECS))
    parser.add_argument("--now", required=True, help="the scenario's now, e.g. 2024-07-01T00:00:00")
    parser.add_argument("--tables", required=True, help="table files in generation order, comma-separated")
    parser.add_argument("--csv", required=True)
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--pg-host", default=os.environ.get("SCENARIO_PGHOST"))
    parser.add_argument("--pg-port", default=os.environ.get("SCENARIO_PGPORT", "5432"))
    parser.add_argument("--pg-user", default=os.environ.get("SCENARIO_PGUSER", "postgres"))
    parser.add_argument("--require-pg", action="store_true", default=os.environ.get("SCENARIO_REQUIRE_PG") == "1")
    args = parser.parse_args()

    now = parse_instant(args.now.rstrip("Z") + ("Z" if "T" in args.now else ""))
    order = [t for t in args.tables.split(",") if t]
    report = Report()
    csv = {}
    for name in order:
        header, rows = read_csv(os.path.join(args.csv, name + ".csv"))
        csv[name] = Table(name, header, rows)

    keys = []
    if args.sqlite:
        keys = check_sqlite(report, csv, order, args.sqlite, csv) or []
        check_foreign_keys(report, keys, csv)
    if args.postgres:
        if args.pg_host:
            check_postgres(report, order, args.postgres, csv, (args.pg_host, args.pg_port, args.pg_user))
        elif args.require_pg:
            report.fail("postgres: required (SCENARIO_REQUIRE_PG=1) but no server is configured")
        else:
            report.note("postgres: skipped (no SCENARIO_PGHOST)")
    spec = SPECS[args.spec](now)
    check_aggregates(report, spec, csv)
    check_rules(report, spec, csv)
    check_cross_table(report, spec, csv)

    for note in report.notes:
        print(f"note: {note}")
    for failure in report.failures:
        print(f"FAILED: {failure}")
    print(f"roundtrip {args.spec}: {report.ok} checks hold, {len(report.failures)} do not "
          f"({len(keys)} foreign keys, {sum(len(t.rows) for t in csv.values())} rows)")
    return 0 if not report.failures else 1


if __name__ == "__main__":
    sys.exit(main())
