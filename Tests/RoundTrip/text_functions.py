#!/usr/bin/env python3
"""Independent reader for the text built-ins (Docs/Values.md).

Reads the CSV file that Tests/ScenarioGoldenTests/TextFunctionReaderTests.swift generates and
recomputes every text function's column from the source columns, with Python's own string
handling and the tokenizer written out here from the documentation (not from the Swift code).
Prints one line per failing cell (at most 20) and a summary; exits 1 when a value differs.

Usage: text_functions.py FILE.csv
"""
import csv
import sys
import unicodedata

# The Unicode White_Space property (PropList.txt), which Python's str.isspace() does not match
# exactly (it also counts U+001C..U+001F).
WHITE_SPACE = {
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
    0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
    0x3000,
}


def is_space(c):
    return ord(c) in WHITE_SPACE


def is_word_char(c):
    return unicodedata.category(c)[0] in "LMN"


def words(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        if not is_word_char(text[i]):
            i += 1
            continue
        start = i
        i += 1
        while i < n:
            if is_word_char(text[i]):
                i += 1
            elif text[i] in "'\u2019" and i + 1 < n and is_word_char(text[i + 1]):
                i += 2
            else:
                break
        out.append(text[start:i])
    return out


def sentences(text):
    count, has_word, i, n = 0, False, 0, len(text)
    while i < n:
        c = text[i]
        if is_word_char(c):
            has_word = True
            i += 1
            continue
        if c in "\u3002\uff01\uff1f":
            count += has_word
            has_word = False
            i += 1
            continue
        if c in ".!?\u2026":
            j = i + 1
            while j < n and text[j] in ".!?\u2026":
                j += 1
            if j == n or is_space(text[j]):
                count += has_word
                has_word = False
            i = j
            continue
        i += 1
    return count + has_word


def trim(text):
    start, end = 0, len(text)
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def count_of(text, needle):
    return 0 if needle == "" else text.count(needle)


def pad(text, width, fill, left):
    missing = width - len(text)
    if missing <= 0:
        return text
    padding = (fill * (missing // len(fill) + 1))[:missing]
    return padding + text if left else text + padding


def format_number(x, decimals, sep):
    formatted = f"{x:,.{decimals}f}"
    return formatted.replace(",", sep)


def check(row):
    t = row["t"]
    ws = words(t)
    k, m = int(row["k"]), int(row["m"])
    needle = row["needle"]
    x, d = float(row["x"]), int(row["d"])
    expected = {
        "len": str(len(t)),
        "up": t.upper(),
        "low": t.lower(),
        "tr": trim(t),
        "sub": t[k - 1:k - 1 + m],
        "has": str(needle in t).lower(),
        "starts": str(t.startswith(needle)).lower(),
        "ends": str(t.endswith(needle)).lower(),
        "idx": str(t.find(needle) + 1),
        "cnt": str(count_of(t, needle)),
        "rep": t.replace(needle, "#") if needle else t,
        "twice": t * (k % 3),
        "joined": "|".join(v for v in (t, row["maybe"], row["k"]) if v != ""),
        "pl": pad(row["k"], 6, "0", True),
        "pr": pad(needle, 7, "-=", False),
        "wc": str(len(ws)),
        "sc": str(sentences(t)),
        "dwc": str(len({w.lower() for w in ws})),
        "fmt": format_number(x, d, ","),
        "fmt_plain": f"{x:.{d}f}",
    }
    problems = []
    for column, want in expected.items():
        if row[column] != want:
            problems.append(f"{column}: wrote {row[column]!r}, expected {want!r} (t={t!r})")
    mean = sum(len(w) for w in ws) / len(ws) if ws else 0.0
    if abs(float(row["mwl"]) - mean) > 1e-9 * max(1.0, mean):
        problems.append(f"mwl: wrote {row['mwl']}, expected {mean} (t={t!r})")
    # A null text gives a null result: the written field is empty exactly when the text is.
    if (row["maybe"] == "") != (row["maybe_wc"] == ""):
        problems.append(f"maybe_wc: wrote {row['maybe_wc']!r} for maybe={row['maybe']!r}")
    elif row["maybe"] != "" and row["maybe_wc"] != str(len(words(row["maybe"]))):
        problems.append(f"maybe_wc: wrote {row['maybe_wc']!r}, expected {len(words(row['maybe']))}")
    return problems


def main():
    path = sys.argv[1]
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    failures = 0
    cells = 0
    for i, row in enumerate(rows):
        problems = check(row)
        cells += 22
        for p in problems:
            failures += 1
            if failures <= 20:
                print(f"row {i + 1}: {p}")
    print(f"{len(rows)} rows, {cells} cells recomputed, {failures} differ")
    return 1 if failures or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
