"""The rules and system figures of seeds 003/004 that span tables, recomputed from the written
files of `scenarios/tutor_quality.scenario` (issue "The tutor-quality port holds every rule").

Each check reads only the CSV files (through the harness's reader) and the scenario's `now`;
the window's start is the first experiment's start_date (the scenario starts EXP001 there). A
rule must hold on every row; a figure must lie within 5 standard errors of its stated value,
with n counted from the files.
"""

from collections import Counter, defaultdict
from fractions import Fraction
import json
import math

DAY = 86400


def _flag(text):
    return None if text is None else text == "true"


def _num(text):
    return None if text is None else Fraction(text)


def checks(now, instant):
    """The checks, each `check(report, csv)`. `instant` parses a written date-time."""

    def window_start(csv):
        starts = [instant(r["start_date"]) for r in csv["experiments"].dicts() if r["experiment_id"] == "EXP001"]
        return starts[0]

    def rule(report, name, broken, total):
        report.check(not broken, f"rule '{name}': broken in {len(broken)} of {total} rows, e.g. {broken[:3]}")

    def figure(report, name, measured, target, tolerance):
        report.check(
            abs(measured - target) <= tolerance,
            f"figure '{name}': measured {measured:.4f}, stated {target:.4f} +- {tolerance:.4f}")

    # -- sessions and profiles ---------------------------------------------------------------

    def session_rules(report, csv):
        profiles = {p["tutor_id"]: p for p in csv["tutor_profiles"].dicts()}
        sessions = csv["sessions"].dicts()
        start = window_start(csv)
        names = {
            "session_completed = student_showed and tutor_showed":
                lambda s: _flag(s["session_completed"]) == (_flag(s["student_showed"]) and _flag(s["tutor_showed"])),
            "first sessions are completed sessions":
                lambda s: not _flag(s["is_first_session"]) or _flag(s["session_completed"]),
            "a session that did not take place has no rating or measurement":
                lambda s: _flag(s["session_completed"]) or all(
                    s[c] is None for c in ("student_rating", "student_satisfaction", "would_recommend",
                                           "empathy_score", "student_attention_pct")),
            "would_recommend = student_satisfaction >= 7.0":
                lambda s: s["would_recommend"] is None and s["student_satisfaction"] is None
                or _flag(s["would_recommend"]) == (_num(s["student_satisfaction"]) >= 7),
            "actual_duration_min = round(scheduled * uniform(0.85, 1.15))":
                lambda s: round(int(s["scheduled_duration_min"]) * 0.85) <= int(s["actual_duration_min"])
                <= round(int(s["scheduled_duration_min"]) * 1.15),
            "tutor_speak_ratio in 0.20..0.80":
                lambda s: s["tutor_speak_ratio"] is None or Fraction(1, 5) <= _num(s["tutor_speak_ratio"]) <= Fraction(4, 5),
            "only active tutors get sessions":
                lambda s: _flag(profiles[s["tutor_id"]]["active_status"]),
            "the subject is one of the tutor's subjects":
                lambda s: s["subject"] in profiles[s["tutor_id"]]["subjects_taught"].split(","),
            "sessions lie in the window":
                lambda s: start <= instant(s["session_datetime"]) < now,
        }
        for name, holds in names.items():
            rule(report, name, [k + 1 for k, s in enumerate(sessions) if not holds(s)], len(sessions))

    def profile_rules(report, csv):
        rows = csv["tutor_profiles"].dicts()

        def sessions_completed(p):
            m = int(p["months_experience"])
            return max(8, round(m * 8)) <= int(p["total_sessions_completed"]) <= min(3000, round(m * 25))

        def subjects(p):
            listed = p["subjects_taught"].split(",")
            return 1 <= len(listed) <= 3 and len(set(listed)) == len(listed) and listed[0] == p["primary_subject"]

        for name, holds in {
            "total_sessions_completed = round(months * uniform(8, 25)) clipped to 8..3000": sessions_completed,
            "1-3 distinct subjects, the primary first": subjects,
        }.items():
            rule(report, name, [k + 1 for k, p in enumerate(rows) if not holds(p)], len(rows))

    def weekend_ratio(report, csv):
        # "Weekends: ~30% lower volume", counting every session: sessions per weekend day over
        # sessions per weekday, each day of the window counted.
        start, sessions = window_start(csv), csv["sessions"].dicts()
        days = (now - start) // DAY
        weekend_days = sum(1 for d in range(days) if ((start // DAY + d) + 3) % 7 >= 5)
        weekday_days = days - weekend_days
        weekend = sum(1 for s in sessions if ((instant(s["session_datetime"]) // DAY) + 3) % 7 >= 5)
        weekday = len(sessions) - weekend
        if weekend_days == 0 or weekday_days == 0:
            report.note("weekend ratio: the window has no weekend day or no weekday")
            return
        ratio = (weekend / weekend_days) / (weekday / weekday_days)
        # The share p of weekend sessions is binomial; the ratio is p/(1-p) * D/W, whose standard
        # error is D/W * sqrt(p (1 - p) / n) / (1 - p)^2.
        n = len(sessions)
        p = weekend / n
        se = weekday_days / weekend_days * math.sqrt(p * (1 - p) / n) / (1 - p) ** 2
        figure(report, "weekend day sessions / weekday sessions ~ 0.7", ratio, 0.7, 5 * se)

    # -- aggregates ------------------------------------------------------------------------------

    def churn_rules(report, csv):
        profiles = {p["tutor_id"]: p for p in csv["tutor_profiles"].dicts()}
        rows = csv["tutor_aggregates"].dicts()
        broken_signals, broken_probability = [], []
        for k, a in enumerate(rows):
            p = profiles[a["tutor_id"]]
            r7, r30 = _num(a["avg_rating_7d"]), _num(a["avg_rating_30d"])
            engagement, first = _num(a["avg_engagement_score"]), _num(a["first_session_avg_rating"])
            signals = (
                (1 if r7 is not None and r30 is not None and r7 < r30 - Fraction(3, 10) else 0)
                + (1 if engagement is not None and engagement < Fraction(11, 2) else 0)
                + (1 if Fraction(p["reschedule_rate"]) > Fraction(15, 100) else 0)
                + (2 if first is not None and first < Fraction(7, 2) else 0)
                + (1 if int(p["no_show_count"]) > 2 else 0)
                + (1 if Fraction(int(a["total_sessions_7d"])) < Fraction(int(a["total_sessions_30d"]), 4) else 0)
            )
            if int(a["churn_signals_detected"]) != signals:
                broken_signals.append((k + 1, a["churn_signals_detected"], signals))
            # min(min(signals * 0.12, 0.85) + uniform(0, 0.1), 0.85), written with 3 decimals.
            low = min(Fraction(12, 100) * signals, Fraction(85, 100))
            high = min(low + Fraction(1, 10), Fraction(85, 100))
            half = Fraction(1, 2000)
            if not (low - half <= Fraction(a["churn_probability"]) <= high + half):
                broken_probability.append(k + 1)
        rule(report, "churn_signals_detected = the six signals of 003 (poor first sessions 2x)", broken_signals, len(rows))
        rule(report, "churn_probability = min(min(signals * 0.12, 0.85) + U(0, 0.1), 0.85)", broken_probability, len(rows))

    # -- interventions -----------------------------------------------------------------------------

    def intervention_rules(report, csv):
        aggregates = {a["tutor_id"]: a for a in csv["tutor_aggregates"].dicts()}
        rows = csv["interventions"].dicts()
        assignments = {(a["experiment_id"], a["tutor_id"]): a["variant"] for a in csv["experiment_assignments"].dicts()}
        by_tutor = defaultdict(list)
        for s in csv["sessions"].dicts():
            by_tutor[s["tutor_id"]].append(instant(s["session_datetime"]))

        def expected_type(a):
            if _flag(a["poor_first_session_flag"]):
                return "first_session"
            if a["churn_risk_level"] == "High":
                return "churn"
            if a["avg_rating_7d"] is not None and _num(a["avg_rating_7d"]) < Fraction(38, 10):
                return "quality"
            if a["technical_issue_rate"] is not None and _num(a["technical_issue_rate"]) > Fraction(15, 100):
                return "technical"
            return "engagement"

        def sessions_in(tutor, lo, hi):
            return sum(1 for t in by_tutor[tutor] if lo <= t < hi)

        factors = {"delivered": (Fraction(98, 100), Fraction(102, 100)), "opened": (Fraction(101, 100), Fraction(108, 100)),
                   "clicked": (Fraction(105, 100), Fraction(125, 100)), "responded": (Fraction(105, 100), Fraction(125, 100))}
        checks_ = {
            "only High/Medium churn-risk tutors": lambda i: aggregates[i["tutor_id"]]["churn_risk_level"] in ("High", "Medium"),
            "intervention_type by 003's priority order": lambda i: i["intervention_type"] == expected_type(aggregates[i["tutor_id"]]),
            "template_id = template_{type}_001": lambda i: i["template_id"] == f"template_{i['intervention_type']}_001",
            "sessions_before_count = the tutor's sessions in the 7 days before sent_at":
                lambda i: int(i["sessions_before_count"]) == sessions_in(i["tutor_id"], instant(i["sent_at"]) - 7 * DAY, instant(i["sent_at"])),
            "sessions_after_count = the tutor's sessions in the 7 days from sent_at":
                lambda i: int(i["sessions_after_count"]) == sessions_in(i["tutor_id"], instant(i["sent_at"]), instant(i["sent_at"]) + 7 * DAY),
            "status follows the timestamps":
                lambda i: (i["status"] == "delivered") == (i["opened_at"] is None)
                and (i["status"] in ("clicked", "responded")) == (i["clicked_at"] is not None)
                and (i["status"] == "responded") == (i["responded_at"] is not None),
            "opens 1-48 hours after sending, clicks 1-30 minutes after opening":
                lambda i: (i["opened_at"] is None or 3600 <= instant(i["opened_at"]) - instant(i["sent_at"]) <= 48 * 3600)
                and (i["clicked_at"] is None or 60 <= instant(i["clicked_at"]) - instant(i["opened_at"]) <= 1800),
            "engagement_after by outcome (success 5-25%, ignored +-2%, partial 1-8%)":
                lambda i: i["engagement_before"] is None or (
                    factors[i["status"]][0] * _num(i["engagement_before"]) - Fraction(1, 200) <= _num(i["engagement_after"])
                    <= factors[i["status"]][1] * _num(i["engagement_before"]) + Fraction(1, 200)),
            "an experiment link names the tutor's assignment and variant":
                lambda i: i["experiment_id"] is None
                or assignments.get((i["experiment_id"], i["tutor_id"])) == i["experiment_variant"],
        }
        for name, holds in checks_.items():
            rule(report, name, [k + 1 for k, i in enumerate(rows) if not holds(i)], len(rows))
        per_tutor = Counter(i["tutor_id"] for i in rows)
        rule(report, "at most 4 interventions per tutor", [t for t, c in per_tutor.items() if c > 4], len(per_tutor))

    # -- experiments -----------------------------------------------------------------------------

    def experiment_rules(report, csv):
        profiles = {p["tutor_id"]: p for p in csv["tutor_profiles"].dicts()}
        aggregates = csv["tutor_aggregates"].dicts()
        assigned = defaultdict(set)
        rows = csv["experiment_assignments"].dicts()
        for a in rows:
            assigned[a["experiment_id"]].add(a["tutor_id"])

        def active(a):
            return _flag(profiles[a["tutor_id"]]["active_status"])

        eligible = {
            "EXP001": {a["tutor_id"] for a in aggregates if active(a) and (
                _flag(a["poor_first_session_flag"]) or a["churn_risk_level"] in ("High", "Medium"))},
            "EXP002": {a["tutor_id"] for a in aggregates if active(a) and a["avg_engagement_score"] is not None
                       and _num(a["avg_engagement_score"]) <= Fraction(65, 10)},
            "EXP003": {a["tutor_id"] for a in aggregates if active(a) and a["avg_rating_30d"] is not None
                       and _num(a["avg_rating_30d"]) < 4},
            "EXP004": {a["tutor_id"] for a in aggregates if active(a) and a["churn_risk_level"] in ("High", "Medium")},
        }
        starts = {}
        shares = []
        for x in csv["experiments"].dicts():
            e = x["experiment_id"]
            starts[e] = instant(x["start_date"])
            if x["status"] == "completed":
                report.check(assigned[e] == eligible[e],
                             f"rule 'a completed experiment assigns every eligible tutor': {e} assigns "
                             f"{len(assigned[e])}, {len(eligible[e])} are eligible")
                report.check(int(x["sample_size"]) == len(assigned[e]),
                             f"rule 'sample_size of a completed experiment = its assignments': {e} says "
                             f"{x['sample_size']}, {len(assigned[e])} rows")
            else:
                report.check(assigned[e] <= eligible[e],
                             f"rule 'an active experiment assigns eligible tutors only': {e}")
                report.check(int(x["sample_size"]) == len(eligible[e]),
                             f"rule 'sample_size of an active experiment = its eligible tutors (the target)': "
                             f"{e} says {x['sample_size']}, {len(eligible[e])} eligible")
                if eligible[e]:
                    shares.append((len(assigned[e]), len(eligible[e])))
        broken = [k + 1 for k, a in enumerate(rows)
                  if not (starts[a["experiment_id"]] <= instant(a["assigned_at"]) <= starts[a["experiment_id"]] + DAY)]
        rule(report, "assigned_at on the experiment's first day", broken, len(rows))
        if shares:
            got, of = sum(s[0] for s in shares), sum(s[1] for s in shares)
            # 60-80% of the eligible tutors: 0.7 +- 0.1, plus 5 standard errors of a share.
            figure(report, "active experiments assign 60-80% of the eligible tutors", got / of, 0.7,
                   0.1 + 5 * math.sqrt(0.21 / of))

    # -- engagement events -----------------------------------------------------------------------

    def event_rules(report, csv):
        events = csv["engagement_events"].dicts()
        sessions = {s["session_id"]: s for s in csv["sessions"].dicts()}
        by_id = {e["event_id"]: e for e in events}
        interventions = {i["intervention_id"]: i for i in csv["interventions"].dicts()}
        aggregates = {a["tutor_id"]: a for a in csv["tutor_aggregates"].dicts()}
        profiles = {p["tutor_id"]: p for p in csv["tutor_profiles"].dicts()}
        start = window_start(csv)
        days = (now - start) / DAY

        def data(e):
            return json.loads(e["event_data"])

        def scheduled_follows_login(e):
            login = by_id.get(data(e).get("login_event_id"))
            return (login is not None and login["event_type"] == "login" and login["tutor_id"] == e["tutor_id"]
                    and 30 * 60 <= instant(e["timestamp"]) - instant(login["timestamp"]) <= 3600)

        def login_before_session(e):
            sid = data(e).get("session_id")
            if sid is None:
                return True
            s = sessions[sid]
            gap = instant(s["session_datetime"]) - instant(e["timestamp"])
            return s["tutor_id"] == e["tutor_id"] and 3600 <= gap <= 4 * 3600

        def completed_at_end(e):
            s = sessions[data(e)["session_id"]]
            return (_flag(s["session_completed"]) and s["tutor_id"] == e["tutor_id"]
                    and instant(e["timestamp"]) == instant(s["session_datetime"]) + 60 * int(s["actual_duration_min"]))

        def email(e, column):
            i = interventions[data(e)["intervention_id"]]
            return i["tutor_id"] == e["tutor_id"] and i[column] is not None and instant(i[column]) == instant(e["timestamp"])

        def coaching(e):
            a = aggregates[e["tutor_id"]]
            return a["churn_risk_level"] == "High" and _flag(profiles[e["tutor_id"]]["active_status"])

        by_type = {
            "session_scheduled": ("a scheduling event follows a login of its tutor by 30-60 minutes", scheduled_follows_login),
            "login": ("a session-linked login is 1-4 hours before its session", login_before_session),
            "session_completed": ("a session_completed event is at its session's end", completed_at_end),
            "email_opened": ("email_opened is its intervention's opened_at", lambda e: email(e, "opened_at")),
            "email_clicked": ("email_clicked is its intervention's clicked_at", lambda e: email(e, "clicked_at")),
            "coaching_scheduled": ("coaching goes to active High-risk tutors", coaching),
            "coaching_attended": ("coaching goes to active High-risk tutors", coaching),
        }
        for kind, (name, holds) in by_type.items():
            rows = [e for e in events if e["event_type"] == kind]
            rule(report, name, [r["event_id"] for r in rows if not holds(r)], len(rows))
        rule(report, "events lie in the window", [e["event_id"] for e in events
                                                  if not start <= instant(e["timestamp"]) < now], len(events))
        opened = sum(1 for i in interventions.values() if i["opened_at"] is not None)
        clicked = sum(1 for i in interventions.values() if i["clicked_at"] is not None)
        report.check(sum(1 for e in events if e["event_type"] == "email_opened") == opened
                     and sum(1 for e in events if e["event_type"] == "email_clicked") == clicked,
                     "rule 'one email event per opened or clicked intervention'")

        # Per tutor: profile updates 1-2 a month, messages 2-5 a month (rounded counts).
        counts = defaultdict(Counter)
        for e in events:
            counts[e["event_type"]][e["tutor_id"]] += 1
        for kind, lo, hi in (("profile_updated", 1, 2), ("message_sent", 2, 5)):
            low, high = round(lo * days / 30), round(hi * days / 30)
            broken = [t for t in profiles if not low <= counts[kind][t] <= high]
            rule(report, f"{kind}: {lo}-{hi} a month per tutor ({low}-{high} in the window)", broken, len(profiles))

        # Figures. "70% of logins lead to scheduling", over every login.
        logins = sum(counts["login"].values())
        scheduled = sum(counts["session_scheduled"].values())
        if logins:
            figure(report, "70% of logins lead to scheduling", scheduled / logins, 0.7,
                   5 * math.sqrt(0.21 / logins))
        # "2-5 logins per week per tutor": a tutor has round(logins_per_week * weeks) logins
        # with logins_per_week in 2..5, unless its session-linked logins alone are more (it then
        # has only those). So every active tutor has at least round(2 * weeks), and a tutor with
        # logins not tied to a session has at most round(5 * weeks).
        weeks = days / 7
        active = [t for t, p in profiles.items() if _flag(p["active_status"])]
        linked = Counter(e["tutor_id"] for e in events
                         if e["event_type"] == "login" and "session_id" in data(e))
        low, high = round(2 * weeks), round(5 * weeks)
        broken = [t for t in active if counts["login"][t] < low
                  or (counts["login"][t] > linked[t] and counts["login"][t] > high)]
        rule(report, f"2-5 logins a week per active tutor ({low}-{high} in the window)", broken, len(active))
        if active:
            rates = [counts["login"][t] / weeks for t in active]
            mean = sum(rates) / len(rates)
            # U(2, 5) has SD 0.87; + 0.2 for the rounding and the tutors whose linked logins
            # pass their number.
            figure(report, "logins a week per active tutor ~ 3.5", mean, 3.5,
                   5 * math.sqrt(0.75) / math.sqrt(len(rates)) + 0.2)

    return [session_rules, profile_rules, weekend_ratio, churn_rules, intervention_rules, experiment_rules, event_rules]
