"""Numbering plans for valid numbers, derived with `phonenumbers` as an oracle.

Only facts are taken from phonenumbers (is this number valid, of which type,
how is it formatted nationally); no code is copied.
"""
import random

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

SAMPLES = 60
MAX_PREFIX = 7

_TYPES = {
    "mobile": (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
    "fixed": (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE),
}


def _possible_lengths(meta, kind):
    desc = meta.mobile if kind == "mobile" else meta.fixed_line
    lengths = [x for x in (desc.possible_length or ()) if x > 0]
    if not lengths:
        lengths = [x for x in (meta.general_desc.possible_length or ()) if x > 0]
    return sorted(set(lengths))


def template_for(num, nsn):
    """National format with '#' for each NSN digit, or None if the digits do
    not line up (the formatted digits must end with the NSN)."""
    text = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) < len(nsn):
        return None
    tail = digits[len(digits) - len(nsn):]
    if "".join(text[i] for i in tail) != nsn:
        return None
    chars = list(text)
    for i in tail:
        chars[i] = "#"
    out = "".join(chars)
    if "\t" in out or "\\" in out or "\n" in out:
        return None
    return out


def classify(cc_code, nsn, kind, region):
    try:
        num = phonenumbers.parse("+%d%s" % (cc_code, nsn))
    except phonenumbers.NumberParseException:
        return False, None
    if phonenumbers.national_significant_number(num) != nsn:
        return False, None
    # Valid for this region, not only for the calling code: +1 is shared by the US, Canada and
    # the Caribbean.
    if not phonenumbers.is_valid_number_for_region(num, region):
        return False, None
    if phonenumbers.number_type(num) not in _TYPES[kind]:
        return False, None
    return True, template_for(num, nsn)


def build_plan(region, kind, seed):
    """Entries (prefix, length, template, weight) for `kind` in `region`."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    cc_code = meta.country_code
    rng = random.Random("%s/%s/%d" % (region, kind, seed))
    entries = []
    for length in _possible_lengths(meta, kind):
        stack = [str(d) for d in range(9, -1, -1)]
        while stack:
            prefix = stack.pop()
            rest = length - len(prefix)
            if rest < 0:
                continue
            templates = set()
            valid = 0
            n = SAMPLES if rest > 0 else 1
            for _ in range(n):
                nsn = prefix + "".join(rng.choice("0123456789") for _ in range(rest))
                ok, tpl = classify(cc_code, nsn, kind, region)
                if ok:
                    valid += 1
                    templates.add(tpl)
            if valid == 0:
                continue
            if valid == n and len(templates) == 1 and None not in templates:
                entries.append((prefix, length, templates.pop(), 10 ** rest))
                continue
            if len(prefix) < MAX_PREFIX and rest > 0:
                stack.extend(prefix + str(d) for d in range(9, -1, -1))
    entries.sort(key=lambda e: (e[1], e[0]))
    return cc_code, entries


def draw(entries, rng):
    total = sum(e[3] for e in entries)
    pick = rng.randrange(total)
    for prefix, length, tpl, weight in entries:
        if pick < weight:
            nsn = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
            return nsn, tpl
        pick -= weight
    raise AssertionError("unreachable")


def render(tpl, nsn):
    it = iter(nsn)
    return "".join(next(it) if ch == "#" else ch for ch in tpl)


def validate(region, plans, n, seed):
    """Draw n numbers (type chosen 50/50 among the types with entries), check
    validity, type and national format.  Returns the valid share."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    rng = random.Random("validate/%s/%d" % (region, seed))
    kinds = sorted(k for k, v in plans.items() if v)
    good = 0
    for _ in range(n):
        kind = rng.choice(kinds)
        nsn, tpl = draw(plans[kind], rng)
        ok, got = classify(meta.country_code, nsn, kind, region)
        if ok and got == tpl:
            num = phonenumbers.parse("+%d%s" % (meta.country_code, nsn))
            if phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL) == render(tpl, nsn):
                good += 1
    return good / n
