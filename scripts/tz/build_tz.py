#!/usr/bin/env python3
"""Build the time-zone rules embedded in Sources/ScenarioTimeZones/Generated/TimeZoneData.swift.

Usage (build time only; nothing here runs when the product runs):

    python3 -m venv /tmp/tzvenv
    /tmp/tzvenv/bin/pip install tzdata==2025.2
    /tmp/tzvenv/bin/python scripts/tz/build_tz.py

The rules come from the compiled TZif files of the `tzdata` package (the IANA time zone
database, public domain), pinned above: tzdata 2025.2 is IANA release 2025b. The same version
gives byte-identical output. For every zone name the output holds the UTC offset in force on
1970-01-01, every transition from then on to 2038 (those the TZif file lists, and
those found after them, see `extend`), and its POSIX TZ rule for the instants after the last of them. Zones with identical rules share one entry. The product reads
this data only, so its output does not depend on the machine's /usr/share/zoneinfo.
"""
import importlib.metadata
import importlib.resources
import os
import struct
import sys

PINNED = "2025.2"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Sources", "ScenarioTimeZones", "Generated", "TimeZoneData.swift")
EPOCH_1970 = 0


def read_tzif(data):
    """(initial offset at 1970, [(transition, offset)], footer) from a TZif v2+ file."""
    assert data[:4] == b"TZif", "not a TZif file"
    version = data[4]
    def counts(off):
        return struct.unpack(">6l", data[off + 20:off + 44])
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts(0)
    v1 = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    assert version >= ord("2"), "TZif version 1 has no 64-bit data"
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts(v1)
    p = v1 + 44
    times = struct.unpack(">%dq" % timecnt, data[p:p + 8 * timecnt]); p += 8 * timecnt
    idx = data[p:p + timecnt]; p += timecnt
    types = [struct.unpack(">lBB", data[p + 6 * i:p + 6 * i + 6]) for i in range(typecnt)]
    p += 6 * typecnt + charcnt + leapcnt * 12 + isstdcnt + isutcnt
    footer = data[p:].split(b"\n")[1].decode("ascii")
    # The offset before the first transition is that of the first non-DST type (RFC 8536 3.2).
    initial = next((t[0] for t in types if t[1] == 0), types[0][0])
    transitions = []
    for t, i in zip(times, idx):
        off = types[i][0]
        if t <= EPOCH_1970:
            initial = off
        elif not transitions or transitions[-1][1] != off:
            transitions.append((t, off))
    return initial, transitions, footer


def extend(name, transitions, initial, until=2_145_916_800):
    """The transitions after the last listed one up to 2038-01-01, found with zoneinfo (reading
    the same tzdata package). A slim TZif file stops listing transitions where its POSIX rule
    takes over, but that rule does not hold for the rest of that year (Europe/London's rule of
    1996 on would put 1995-10-23 in summer time) nor across gaps such as America/Grand_Turk's
    2015-2018 in Atlantic time; listing every transition to 2038 leaves the rule to the years
    after, where it is the database's own."""
    import datetime
    import zoneinfo
    zone = zoneinfo.ZoneInfo(name)
    def offset(t):
        return int(datetime.datetime.fromtimestamp(t, zone).utcoffset().total_seconds())
    start = transitions[-1][0] if transitions else 0
    out = list(transitions)
    current = offset(start)
    t = start
    while t < until:
        nxt = t + 86400
        if offset(nxt) != current:
            lo, hi = t, nxt
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == current:
                    lo = mid
                else:
                    hi = mid
            current = offset(hi)
            out.append((hi, current))
        t = nxt
    return out


def b36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = ""
    while True:
        out = digits[n % 36] + out
        n //= 36
        if n == 0:
            return sign + out


def main():
    version = importlib.metadata.version("tzdata")
    if version != PINNED:
        print(f"warning: tzdata {version} installed, {PINNED} pinned", file=sys.stderr)
    import tzdata
    import zoneinfo
    zoneinfo.reset_tzpath([])  # the tzdata package only, never the machine's files
    iana = tzdata.IANA_VERSION
    root = importlib.resources.files("tzdata").joinpath("zoneinfo")
    names = sorted(importlib.resources.files("tzdata").joinpath("zones").read_text().split())
    entries = []
    index = {}
    lines = []
    for name in names:
        data = root.joinpath(*name.split("/")).read_bytes()
        initial, transitions, footer = read_tzif(data)
        transitions = extend(name, transitions, initial)
        prev = 0
        parts = []
        for t, off in transitions:
            parts.append(b36(t - prev) + ":" + b36(off))
            prev = t
        body = b36(initial) + ";" + ",".join(parts) + ";" + footer
        if body not in index:
            index[body] = len(entries)
            entries.append(body)
        lines.append(f"{name}={index[body]}")
    rules = "\n".join(entries)
    zone_names = "\n".join(lines)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("// Generated by scripts/tz/build_tz.py from tzdata %s (IANA %s). Do not edit.\n" % (version, iana))
        f.write("// Each rule: the offset in force on 1970-01-01; transitions as base-36 'delta:offset'\n")
        f.write("// (seconds since the previous transition, the first since 1970; offset in seconds east\n")
        f.write("// of UTC); the POSIX TZ rule after the last transition. Names map to rules by index.\n\n")
        f.write("enum TimeZoneData {\n")
        f.write('  static let version = "%s"\n\n' % iana)
        f.write('  static let rules = """\n%s\n"""\n\n' % rules)
        f.write('  static let names = """\n%s\n"""\n' % zone_names)
        f.write("}\n")
    print(f"{len(names)} names, {len(entries)} distinct rules, {os.path.getsize(OUT)} bytes -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
