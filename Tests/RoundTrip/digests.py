#!/usr/bin/env python3
"""Independent reader for the digest and identifier functions (Docs/Values.md).

Recomputes every digest, Base64 text, name-based UUID and check digit of the CSV file written by
Tests/ScenarioGoldenTests/DigestReaderTests.swift with Python's hashlib, base64 and uuid, and
checks the UUIDs' version and variant and the check digits' validity. Prints at most 20 failing
cells and a summary; exits 1 when a value differs.

Usage: digests.py FILE.csv
"""
import base64
import csv
import datetime
import hashlib
import re
import sys
import uuid


def luhn_valid(number):
    total = 0
    for k, c in enumerate(reversed(number)):
        d = int(c)
        if k % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mod97_valid(text):
    digits = "".join(str(int(c, 36)) for c in text)
    return int(digits) % 97 == 1


# The patterns of the scenario, as Python's re reads them.
PATTERNS = {
    "p_code": r"[A-Z]{3}-\d{4}",
    "p_zip": r"\d{5}(-\d{4})?",
    "p_phone": r"\(\d{3}\) \d{3}-\d{4}",
    "p_mixed": r"^(foo|ba[rz]){1,3}\.[^a-z ]{2}$",
    "p_word": r"(?:\w{2,4}\s?){1,3}",
    "p_text": r"""[\t"',;]{0,3}[é東-]x|y""",
    "upat": r"[A-Z]{3}\d{3}",
}


def check(row):
    s = row["s"]
    b = s.encode("utf-8")
    problems = []
    expected = {
        "h256": hashlib.sha256(b).hexdigest(),
        "h1": hashlib.sha1(b).hexdigest(),
        "h5": hashlib.md5(b).hexdigest(),
        "b64": base64.b64encode(b).decode("ascii"),
        "u5": str(uuid.uuid5(uuid.NAMESPACE_URL, s)),
    }
    for column, want in expected.items():
        if row[column] != want:
            problems.append(f"{column}: wrote {row[column]!r}, expected {want!r} (s={s!r})")
    u = uuid.UUID(row["u5"])
    if u.version != 5 or u.variant != uuid.RFC_4122:
        problems.append(f"u5: version {u.version}, variant {u.variant}")
    if not luhn_valid(row["card"]):
        problems.append(f"card: {row['card']} fails the Luhn check")
    for column, version in (("v4", 4), ("v7", 7)):
        u = uuid.UUID(row[column])
        if u.version != version or u.variant != uuid.RFC_4122 or str(u) != row[column]:
            problems.append(f"{column}: {row[column]} is not a canonical version {version} UUID")
    at = datetime.datetime.strptime(row["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    ms = int(at.timestamp()) * 1000
    if int(row["v7"].replace("-", "")[:12], 16) != ms:
        problems.append(f"v7: {row['v7']} does not hold {row['at']} ({ms} ms)")
    for column, pattern in PATTERNS.items():
        if re.fullmatch(pattern, row[column]) is None:
            problems.append(f"{column}: {row[column]!r} does not match {pattern}")
    iban = row["iban"]
    if not mod97_valid(iban[4:] + iban[:4]):
        problems.append(f"iban: {iban} fails ISO 7064 MOD 97-10")
    return problems


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    failures = 0
    for i, row in enumerate(rows):
        for p in check(row):
            failures += 1
            if failures <= 20:
                print(f"row {i + 1}: {p}")
    ids = sorted(int(row["uid"]) for row in rows)
    if ids != list(range(1, len(rows) + 1)):
        failures += 1
        print("uid: unique_int(1, 100000) is not a permutation of 1..100000")
    if len({row["upat"] for row in rows}) != len(rows):
        failures += 1
        print("upat: a unique_pattern text repeats")
    wide = {int(row["wide"]) for row in rows}
    if len(wide) != len(rows) or not all(-(2**63) < w < 2**63 for w in wide):
        failures += 1
        print("wide: a value repeats or leaves the range")
    # unique_text(s): s, then a 5-digit suffix (100,000 rows); the texts, and the suffixes, are unique.
    if not all(row["utext"].startswith(row["s"]) and re.fullmatch(r"\d{5}", row["utext"][len(row["s"]):])
               for row in rows):
        failures += 1
        print("utext: a unique_text value is not its base followed by 5 digits")
    if len({row["utext"] for row in rows}) != len(rows) or len({row["utext"][-5:] for row in rows}) != len(rows):
        failures += 1
        print("utext: a unique_text value (or suffix) repeats")
    repeated = len(rows) - len({row["v4"] for row in rows})
    if repeated:
        failures += 1
        print(f"v4: {repeated} repeated UUIDs")
    print(f"{len(rows)} rows, {failures} differ")
    return 1 if failures or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
