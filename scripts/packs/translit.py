"""Transliteration rules for the `latin` field of name lines (own code).

latin_for(name, lang) returns an ASCII lowercase string of a-z and '-'.

* Latin-script names: German (lang "de") writes ä ö ü as ae oe ue; every
  language writes ß as ss, æ as ae, œ as oe, ø as o, ł as l, đ/ð as d, þ as th;
  all other letters lose their diacritics (Unicode NFKD, combining marks
  dropped).  Spaces become '-', apostrophes, dots and other punctuation are
  dropped, runs of '-' collapse.
* Devanagari (hi): devanagari_to_latin() below, a simple phonetic scheme.
* Japanese and Chinese are not handled here (faker's romanized pairs /
  pypinyin readings are used by build_packs.py).
"""
import re
import unicodedata

_SPECIAL = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d",
    "Ð": "d", "þ": "th", "Þ": "th", "ı": "i",
}
_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"}


def clean_ascii(text):
    text = text.lower().replace(" ", "-")
    text = re.sub(r"[^a-z-]", "", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text


def latin_script_to_ascii(name, lang):
    out = []
    for ch in name:
        if lang == "de" and ch in _GERMAN:
            out.append(_GERMAN[ch])
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return clean_ascii("".join(out))


# --- Devanagari -> Latin -------------------------------------------------
# Consonants carry an inherent 'a'.  A virama (्) removes it, a vowel sign
# (matra) replaces it.  Long vowels are written like short ones (आ/ा a,
# ई/ी i, ऊ/ू u), as in common Indian name spellings.  Anusvara (ं) and
# chandrabindu (ँ) give 'n' ('m' before p/b/m), visarga (ः) 'h', nukta
# forms ज़ z, फ़ f, क़ q, ख़ kh, ग़ g, ड़ r, ढ़ rh.  ज्ञ is written 'gy'.
# Schwa deletion: the word-final inherent 'a' is dropped (unless the last
# consonant ends a cluster: आदित्य aditya, कृष्ण krishna), and, scanning right to left, a medial
# inherent 'a' is dropped in the context V C _ C V (vowel, consonant, this
# consonant's 'a', next consonant followed by a vowel), the usual simple rule
# (राजकुमार -> rajkumar, कमला -> kamla, सरिता -> sarita, राहुल -> rahul).
_CONS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh",
    "ज": "j", "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh",
    "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p",
    "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l",
    "व": "v", "श": "sh", "ष": "sh", "स": "s", "ह": "h", "ळ": "l",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f",
    "य़": "y",
}
_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e",
}
_MATRAS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "े": "e",
    "ै": "ai", "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e",
}
_VIRAMA = "्"
_NUKTA = "़"


def _dev_units(word):
    """Split a Devanagari word into units: ('C', latin, vowel or None, cluster)
    for consonants (vowel None = inherent a, '' = virama), ('V', latin) for
    independent vowels, ('N', latin) for nasal/visarga signs."""
    units = []
    i = 0
    w = unicodedata.normalize("NFC", word)
    # decompose precomposed nukta letters so that base + nukta is handled uniformly
    w = "".join(unicodedata.normalize("NFD", c) if c in "क़ख़ग़ज़ड़ढ़फ़य़" else c for c in w)
    while i < len(w):
        c = w[i]
        if c in _CONS or (c + _NUKTA) in _CONS:
            key = c
            if i + 1 < len(w) and w[i + 1] == _NUKTA and (c + _NUKTA) in _CONS:
                key = c + _NUKTA
                i += 1
            lat = _CONS[key]
            i += 1
            vowel = None
            if i < len(w) and w[i] == _VIRAMA:
                vowel = ""
                i += 1
            elif i < len(w) and w[i] in _MATRAS:
                vowel = _MATRAS[w[i]]
                i += 1
            units.append(["C", lat, vowel])
        elif c in _VOWELS:
            units.append(["V", _VOWELS[c]])
            i += 1
        elif c in "ंँ":
            units.append(["N", "n"])
            i += 1
        elif c == "ः":
            units.append(["N", "h"])
            i += 1
        elif c == _NUKTA:
            i += 1
        else:
            units.append(["X", c])
            i += 1
    return units


def devanagari_to_latin(text):
    words = []
    for word in text.split():
        u = _dev_units(word)
        # ज्ञ -> gy
        for k in range(len(u) - 1):
            if u[k][0] == "C" and u[k][1] == "j" and u[k][2] == "" and u[k + 1][0] == "C" and u[k + 1][1] == "n":
                u[k][1] = "g"
                u[k + 1][1] = "y"
        n = len(u)

        def has_vowel(k):
            if k < 0 or k >= n:
                return False
            if u[k][0] == "V":
                return True
            return u[k][0] == "C" and u[k][2] != ""

        # word-final schwa
        if n >= 2 and u[-1][0] == "C" and u[-1][2] is None and not (u[-2][0] == "C" and u[-2][2] == ""):
            u[-1][2] = ""
        # medial schwa deletion, right to left: V C _ C V
        for k in range(n - 2, 0, -1):
            if u[k][0] != "C" or u[k][2] is not None:
                continue
            nxt = u[k + 1] if k + 1 < n else None
            if nxt is None or nxt[0] != "C" or not has_vowel(k + 1):
                continue
            prev = u[k - 1]
            if not has_vowel(k - 1):
                continue
            if k - 1 == 0 and prev[0] == "V":
                # a single initial vowel plus consonant keeps the schwa (अमर amar)
                continue
            u[k][2] = ""
        out = []
        for k, unit in enumerate(u):
            if unit[0] == "C":
                out.append(unit[1] + ("a" if unit[2] is None else unit[2]))
            elif unit[0] == "N":
                if unit[1] == "n" and k + 1 < n and u[k + 1][0] == "C" and u[k + 1][1][:1] in ("p", "b", "m"):
                    out.append("m")
                else:
                    out.append(unit[1])
            elif unit[0] == "V":
                out.append(unit[1])
            else:
                out.append(unit[1])
        words.append("".join(out))
    return clean_ascii("-".join(words))


def latin_for(name, lang):
    if lang == "hi":
        return devanagari_to_latin(name)
    return latin_script_to_ascii(name, lang)
