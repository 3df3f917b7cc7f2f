#!/usr/bin/env python3
"""crossgen - an independent synthetic test-data generator for dualcit.

Writes a Kazakhstan registry (registry.csv), answers of eight partner states
(answers_ru.csv ... answers_md.csv), the truth (truth.csv), the look-alikes
(lookalikes.csv) and a per-answer log of the errors applied (errors.csv).

    python3 scripts/crossgen/crossgen.py --seed 7 --registry-size 200000 \
        --answers-size 50000 --out-dir DIR [--lookalike-share 0.12]
    python3 scripts/crossgen/crossgen.py --selftest
    python3 scripts/crossgen/crossgen.py --check DIR

Python 3.11 standard library only.  Deterministic for a seed: every random
draw comes from random.Random instances seeded with strings derived from
--seed, and nothing iterates over a set or depends on hash().
See README.md next to this file for the model, its rates and its sources.
"""

import argparse
import bisect
import csv
import datetime as _dt
import os
import random
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import names_data as ND  # noqa: E402
import translit as TR    # noqa: E402

REF_YEAR = 2024
STATES = ["RU", "UZ", "KG", "UA", "BY", "TJ", "AZ", "MD"]
STATE_SHARE = {"RU": 34, "UZ": 16, "KG": 13, "UA": 10, "BY": 8, "TJ": 7,
               "AZ": 6, "MD": 6}
TRUE_SHARE = 0.40
KINDS = ["citizenship", "migration_registration", "visa", "property",
         "criminal_record", "identity_document"]

# ---------------------------------------------------------------------------
# rates of the error model (README.md lists the same numbers)

RATES = {
    "typo_surname": 0.03, "typo_given": 0.03, "typo_patronymic": 0.025,
    "fem_male_form_cyr": 0.03, "fem_male_form_lat": 0.08,
    "male_fem_form": 0.002,
    "kz_ov_drop": 0.03, "kz_ov_add": 0.20, "kz_uly_to_ov": 0.15,
    "kz_uly_bare": 0.05,
    "married": 0.08, "married_double": 0.30,
    "tj_zoda": 0.03, "tj_bare": 0.02,
    "ru_alias": 0.08, "diminutive": 0.005, "intl_form": 0.015,
    "host_cognate": 0.30, "swap_names": 0.02,
    "date_missing": 0.010, "date_year_only": 0.015,
    "date_placeholder": 0.012, "date_placeholder_ca": 0.025,
    "date_dm_swap": 0.010, "date_digit": 0.008, "date_day_pm1": 0.010,
    "date_year_pm1": 0.010, "date_century": 0.003,
    "reg_placeholder_real": 0.45,
    "sex_wrong": 0.003,
    "homoglyph": 0.004, "whitespace": 0.005, "yo_to_e": 0.75,
    "dup_same_state": 0.03, "cross_state": 0.05,
}

# ---------------------------------------------------------------------------
# name pools


class Entry:
    __slots__ = ("key", "pool", "sex", "w", "eras", "f", "prim")

    def __init__(self, key, pool, sex, w, eras, f, prim):
        self.key, self.pool, self.sex, self.w = key, pool, sex, w
        self.eras, self.f, self.prim = eras, f, prim

    def one(self, k):
        v = self.f.get(k)
        return v[0] if v else None

    def ru(self):
        return self.f["ru"][0]

    def cyr(self):
        """Canonical Cyrillic (with national letters if any)."""
        for k in ("kk", "ky", "tj", "uk", "be"):
            if k in self.f:
                return self.f[k][0]
        return self.f["ru"][0]


class Pool:
    def __init__(self, name, text, prim, sex):
        self.name, self.prim, self.sex = name, prim, sex
        self.entries = []
        for line in text.strip().splitlines():
            line = line.strip()
            if not line:
                continue
            toks = line.split()
            key = toks[0]
            w = 1.0
            f = {prim: [key]}
            eras = "omy"
            for t in toks[1:]:
                if "=" in t:
                    k, v = t.split("=", 1)
                    if k == "e":
                        eras = v
                    else:
                        f[k] = v.split(",")
                else:
                    w = float(t)
            if "ru" not in f:
                f["ru"] = [TR.cyr_to_ru(key)] if prim != "ru" else [key]
            self.entries.append(Entry(key, name, sex, w, eras, f, prim))
        self.by_key = {e.key: e for e in self.entries}
        self.cum = {}
        for era in "omy":
            c, tot = [], 0.0
            for e in self.entries:
                tot += e.w if era in e.eras else e.w * 0.15
                c.append(tot)
            self.cum[era] = c

    def sample(self, rng, era="m"):
        c = self.cum[era]
        return self.entries[bisect.bisect_right(c, rng.random() * c[-1])
                            if c[-1] else 0]


POOLS = {n: Pool(n, t, p, s) for n, t, p, s in ND.POOLS}
INVARIANT_POOLS = {"ko_s", "de_s", "md_s"}


def era_of(year):
    return "o" if year < 1965 else ("m" if year < 1990 else "y")


# ethnic groups of the registry: share (%), male pool, female pool, surnames
ETHNIC = [
    ("kazakh", 65.0, "kz_m", "kz_f", "kz"),
    ("russian", 20.0, "ru_m", "ru_f", "ru_s"),
    ("ukrainian", 3.0, "ru_m", "ru_f", "ua_s"),
    ("uzbek", 3.0, "uz_m", "uz_f", "uz_s"),
    ("uyghur", 2.0, "uy_m", "uy_f", "uy_s"),
    ("tatar", 1.6, "tt_m", "tt_f", "tt_s"),
    ("german", 1.6, "ru_m", "ru_f", "de_s"),
    ("korean", 0.9, "ru_m", "ru_f", "ko_s"),
    ("belarusian", 0.8, "ru_m", "ru_f", "by_s"),
    ("azerbaijani", 1.0, "az_m", "az_f", "az_s"),
    ("kyrgyz", 0.6, "kg_m", "kg_f", "kg_s"),
    ("tajik", 0.5, "tj_m", "tj_f", "tj_s"),
]
ETH = {e[0]: e for e in ETHNIC}
ETH["moldovan"] = ("moldovan", 0.0, "md_m", "md_f", "md_s")
TURKIC = {"kazakh", "uzbek", "uyghur", "tatar", "azerbaijani", "kyrgyz"}
CENTRAL_ASIAN = {"kazakh", "uzbek", "uyghur", "kyrgyz", "tajik"}

# which registry people a partner state answers about (weights)
STATE_ETHNIC = {
    "RU": {"kazakh": 55, "russian": 30, "ukrainian": 3, "tatar": 3,
           "german": 3, "korean": 2, "belarusian": 1, "uyghur": 1,
           "azerbaijani": 1, "uzbek": 1},
    "UZ": {"kazakh": 65, "uzbek": 25, "russian": 5, "uyghur": 2, "tatar": 1,
           "korean": 2},
    "KG": {"kazakh": 60, "kyrgyz": 12, "russian": 12, "uyghur": 8, "uzbek": 4,
           "tatar": 2, "korean": 2},
    "UA": {"russian": 35, "ukrainian": 30, "kazakh": 25, "german": 3,
           "belarusian": 3, "tatar": 2, "korean": 2},
    "BY": {"russian": 35, "belarusian": 25, "kazakh": 25, "ukrainian": 8,
           "german": 4, "tatar": 3},
    "TJ": {"kazakh": 50, "tajik": 20, "uzbek": 15, "russian": 10,
           "uyghur": 3, "tatar": 2},
    "AZ": {"kazakh": 45, "azerbaijani": 30, "russian": 15, "tatar": 4,
           "uyghur": 3, "ukrainian": 3},
    "MD": {"russian": 35, "ukrainian": 20, "kazakh": 30, "german": 5,
           "belarusian": 5, "korean": 2, "tatar": 3},
}
# population of each partner state, for unrelated natives
STATE_NATIVES = {
    "RU": {"russian": 85, "tatar": 8, "ukrainian": 4, "german": 3},
    "UZ": {"uzbek": 92, "russian": 5, "korean": 3},
    "KG": {"kyrgyz": 85, "russian": 8, "uzbek": 4, "uyghur": 3},
    "UA": {"ukrainian": 85, "russian": 15},
    "BY": {"belarusian": 70, "russian": 30},
    "TJ": {"tajik": 90, "uzbek": 7, "russian": 3},
    "AZ": {"azerbaijani": 92, "russian": 8},
    "MD": {"moldovan": 75, "russian": 15, "ukrainian": 10},
}

# script plans per state: (mode, orth-or-scheme, weight %)
PLANS = {
    "RU": [("cyr", "ru", 79), ("cyr", "kk", 3), ("lat", "icao_ru", 7),
           ("lat", "ru_pass_1997", 3), ("lat", "kz_pass", 2.5),
           ("lat", "kz_pass_y", 1), ("lat", "bgn_ru", 0.7),
           ("lat", "en_adhoc", 0.8), ("lat", "en_loose", 0.5),
           ("lat", "german", 0.5), ("lat", "french", 0.5),
           ("lat", "iso9", 0.4), ("lat", "alalc", 0.4),
           ("lat", "gost779b", 0.3), ("lat", "scientific", 0.2),
           ("lat", "kz_lat_2021", 0.1), ("lat", "kz_lat_2018", 0.1)],
    "UZ": [("lat", "uz_latin", 62), ("cyr", "ru", 20), ("cyr", "uzc", 5),
           ("lat", "icao_ru", 4), ("lat", "kz_pass", 3),
           ("lat", "en_adhoc", 2), ("lat", "kz_pass_y", 1.5),
           ("lat", "turkish", 0.5), ("lat", "en_loose", 1),
           ("lat", "french", 0.5), ("lat", "german", 0.5)],
    "KG": [("cyr", "ky", 55), ("cyr", "ru", 20), ("lat", "ky_pass", 14),
           ("lat", "ky_bgn", 4), ("lat", "kz_pass", 3), ("lat", "icao_ru", 2),
           ("lat", "en_adhoc", 1), ("lat", "turkish", 0.5),
           ("lat", "kz_lat_2018", 0.5)],
    "UA": [("cyr", "uk", 58), ("cyr", "ru", 10), ("lat", "uk_kmu2010", 22),
           ("lat", "uk_bgn", 3), ("lat", "uk_scholarly", 1),
           ("lat", "icao_ru", 2), ("lat", "polish", 1.5),
           ("lat", "german", 1), ("lat", "kz_pass", 1),
           ("lat", "en_adhoc", 0.5)],
    "BY": [("cyr", "ru", 45), ("cyr", "be", 25), ("lat", "be_pass", 17),
           ("lat", "be_nat2007", 5), ("lat", "be_bgn", 3),
           ("lat", "polish", 2), ("lat", "icao_ru", 1.5),
           ("lat", "kz_pass", 1), ("lat", "german", 0.5)],
    "TJ": [("cyr", "tj", 58), ("cyr", "ru", 20), ("lat", "tj_pass", 13),
           ("lat", "tj_bgn", 2), ("lat", "en_adhoc", 2),
           ("lat", "icao_ru", 2), ("lat", "kz_pass", 2),
           ("lat", "french", 1)],
    "AZ": [("lat", "az_latin", 60), ("lat", "az_latin_q", 12),
           ("cyr", "ru", 15), ("lat", "turkish", 5), ("lat", "icao_ru", 4),
           ("lat", "kz_pass", 2), ("lat", "en_adhoc", 2)],
    "MD": [("lat", "ro_latin", 55), ("cyr", "ru", 30), ("lat", "icao_ru", 6),
           ("lat", "french", 3), ("lat", "german", 2), ("lat", "polish", 1),
           ("lat", "scientific", 1), ("lat", "kz_pass", 1),
           ("lat", "alalc", 1)],
}
# Latin zones of passports carry no patronymic
PASSPORT_SCHEMES = {"icao_ru", "ru_pass_1997", "kz_pass", "kz_pass_y",
                    "ky_pass", "be_pass", "tj_pass", "uk_kmu2010"}
FULLNAME_SHARE = {"RU": 0.10, "UZ": 0.12, "KG": 0.05, "UA": 0.0, "BY": 0.0,
                  "TJ": 0.08, "AZ": 0.10, "MD": 0.10}
DATE_STYLES = {"RU": [("dot", 80), ("iso", 20)],
               "UZ": [("dot", 60), ("iso", 40)],
               "KG": [("dot", 85), ("iso", 15)],
               "UA": [("dot", 90), ("iso", 10)],
               "BY": [("dot", 95), ("iso", 5)],
               "TJ": [("dot", 70), ("slash", 30)],
               "AZ": [("dot", 60), ("slash", 40)],
               "MD": [("dot", 60), ("iso", 20), ("slash", 20)]}
# sex code styles (MF, Cyrillic МЖ, ISO 5218 12) and missing share
SEX_STYLES = {"RU": ([("MF", 60), ("MZh", 30), ("12", 10)], 0.02),
              "UZ": ([("MF", 80), ("12", 20)], 0.04),
              "KG": ([("MF", 55), ("MZh", 45)], 0.03),
              "UA": ([("MF", 70), ("MZh", 25), ("12", 5)], 0.02),
              "BY": ([("MF", 65), ("MZh", 35)], 0.02),
              "TJ": ([("MF", 60), ("MZh", 30), ("12", 10)], 0.06),
              "AZ": ([("MF", 90), ("12", 10)], 0.05),
              "MD": ([("MF", 85), ("12", 15)], 0.08)}
CAPS_CYR = {"RU": 0.06, "KG": 0.08}
KIND_W = {"true": [35, 18, 8, 12, 12, 15], "other": [20, 30, 15, 10, 10, 15]}


def wchoice(rng, items):
    """items: list of (value, weight)."""
    tot = sum(w for _, w in items)
    r = rng.random() * tot
    for v, w in items:
        r -= w
        if r < 0:
            return v
    return items[-1][0]


# ---------------------------------------------------------------------------
# persons


class Surname:
    __slots__ = ("kind", "entry", "style")

    def __init__(self, kind, entry, style=None):
        self.kind, self.entry, self.style = kind, entry, style


class Person:
    __slots__ = ("ethn", "sex", "given", "sur", "father", "y", "m", "d",
                 "ph", "reg_patr", "kk_mode", "iin", "native", "rid")

    def copy(self):
        p = Person()
        for k in Person.__slots__:
            setattr(p, k, getattr(self, k))
        return p


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def valid_date(y, m, d):
    return 1900 <= y <= REF_YEAR and 1 <= m <= 12 and 1 <= d <= days_in(y, m)


_YEARS = list(range(1935, 2009))


def _yw(y):
    if y < 1946:
        return 0.35
    if y < 1961:
        return 0.8
    if y < 1991:
        return 1.0
    if y < 2000:
        return 0.75
    return 1.0


_YCUM = []
_t = 0.0
for _y in _YEARS:
    _t += _yw(_y)
    _YCUM.append(_t)


def rand_year(rng):
    return _YEARS[bisect.bisect_right(_YCUM, rng.random() * _YCUM[-1])]


def rand_md(rng, y):
    m = rng.randint(1, 12)
    return m, rng.randint(1, days_in(y, m))


def given_pools(ethn, sex, rng):
    e = ETH[ethn]
    pool = e[2] if sex == "M" else e[3]
    if ethn == "german" and rng.random() < 0.35:
        pool = "de_m" if sex == "M" else "de_f"
    return pool


def draw_given(rng, ethn, sex, year, exclude=None):
    pool = POOLS[given_pools(ethn, sex, rng)]
    for _ in range(20):
        g = pool.sample(rng, era_of(year))
        if exclude is None or g.key != exclude:
            return g
    return g


def draw_father(rng, ethn, year):
    pool = ETH[ethn][2]
    if ethn == "german" and rng.random() < 0.3:
        pool = "de_m"
    return POOLS[pool].sample(rng, era_of(year - 28))


def draw_surname(rng, ethn, year, sex, father):
    sp = ETH[ethn][4]
    if sp == "kz":
        if year >= 1992 and rng.random() < 0.08:
            style = "uly" if rng.random() < 0.6 else "ov"
            return Surname("kz", father, style)
        r = rng.random()
        style = "ov" if r < 0.88 else ("bare" if r < 0.96 else "uly")
        return Surname("kz", POOLS["kz_root"].sample(rng), style)
    if sp == "ua_s" and rng.random() < 0.35:
        sp = "ru_s"
    if sp == "by_s" and rng.random() < 0.4:
        sp = "ru_s"
    if ethn == "kyrgyz" and year >= 1985 and sex == "M" and rng.random() < 0.12:
        return Surname("uulu", father)
    return Surname("fixed", POOLS[sp].sample(rng))


def draw_reg_patr(rng, p):
    r = rng.random()
    if p.ethn == "kazakh":
        if p.sur.kind == "kz" and p.sur.style == "uly":
            return "none" if r < 0.75 else "ru"
        if p.y < 1990:
            return "ru" if r < 0.82 else ("kz_join" if r < 0.92 else
                                          ("kz_sep" if r < 0.95 else "none"))
        return "ru" if r < 0.45 else ("kz_join" if r < 0.78 else
                                      ("kz_sep" if r < 0.88 else "none"))
    if p.sur.kind == "uulu":
        return "none"
    if p.ethn in TURKIC:
        return "ru" if r < 0.90 else ("none" if r < 0.98 else "kz_join")
    if p.ethn == "tajik":
        return "ru" if r < 0.9 else "none"
    return "ru" if r < 0.96 else "none"


def draw_kk_mode(rng, p):
    if p.ethn not in ("kazakh", "kyrgyz"):
        return "none"
    r = rng.random()
    if p.y < 1970:
        return "full" if r < 0.40 else ("none" if r < 0.90 else "partial")
    if p.y < 1990:
        return "full" if r < 0.55 else ("none" if r < 0.90 else "partial")
    return "full" if r < 0.75 else ("none" if r < 0.93 else "partial")


def draw_placeholder(rng, p):
    base = 0.08 if p.y < 1960 else (0.03 if p.y < 1980 else 0.008)
    if p.ethn not in CENTRAL_ASIAN:
        base *= 0.3
    return rng.random() < base


def make_person(rng, ethn, native=False, sex=None, year=None):
    p = Person()
    p.ethn = ethn
    p.sex = sex or ("M" if rng.random() < 0.5 else "F")
    p.y = year or rand_year(rng)
    p.m, p.d = rand_md(rng, p.y)
    p.given = draw_given(rng, ethn, p.sex, p.y)
    p.father = draw_father(rng, ethn, p.y)
    p.sur = draw_surname(rng, ethn, p.y, p.sex, p.father)
    p.reg_patr = draw_reg_patr(rng, p)
    p.kk_mode = draw_kk_mode(rng, p)
    p.ph = draw_placeholder(rng, p)
    p.iin = ""
    p.native = native
    p.rid = None
    return p


def make_sibling(rng, p, twin=False):
    q = p.copy()
    q.sex = "M" if rng.random() < 0.5 else "F"
    if twin:
        pass
    else:
        for _ in range(10):
            y = p.y + rng.choice([-1, 1]) * rng.randint(1, 12)
            if 1935 <= y <= 2008:
                break
        else:
            y = p.y
        q.y = y
        q.m, q.d = rand_md(rng, y)
        q.ph = draw_placeholder(rng, q)
    q.given = draw_given(rng, p.ethn, q.sex, q.y, exclude=p.given.key)
    if q.sur.kind == "kz" and q.sur.style == "uly":
        q.sur = Surname("kz", q.sur.entry, "uly")
    if rng.random() < 0.2:
        q.reg_patr = draw_reg_patr(rng, q)
    if rng.random() < 0.3:
        q.kk_mode = draw_kk_mode(rng, q)
    q.rid = None
    return q


# ---------------------------------------------------------------------------
# IIN (Kazakhstan individual identification number)

W1 = list(range(1, 12))
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def iin_check(d11):
    s = sum(a * b for a, b in zip(d11, W1)) % 11
    if s == 10:
        s = sum(a * b for a, b in zip(d11, W2)) % 11
        if s == 10:
            return None
    return s


def iin_valid(s):
    if len(s) != 12 or not s.isdigit():
        return False
    d = [int(c) for c in s]
    c = iin_check(d[:11])
    return c is not None and c == d[11]


def make_iin(rng, y, m, d, sex, used):
    cent = (3 if sex == "M" else 4) if y < 2000 else (5 if sex == "M" else 6)
    head = "%02d%02d%02d%d" % (y % 100, m, d, cent)
    for _ in range(200):
        serial = "%04d" % rng.randint(0, 9999)
        d11 = [int(c) for c in head + serial]
        c = iin_check(d11)
        if c is None:
            continue
        s = head + serial + str(c)
        if s not in used:
            used.add(s)
            return s
    return ""


# ---------------------------------------------------------------------------
# Cyrillic forms of names


def fold_ru(s):
    return TR.cyr_to_ru(s)


def given_cyr(e, orth, rng, tags=None):
    """A given name (Entry) in a Cyrillic orthography."""
    f = e.f
    if orth == "kk":
        if "kkalt" in f and rng.random() < 0.3:
            return f["kkalt"][0]
        return e.cyr() if e.prim in ("kk", "ky", "tj") else _ru_var(e, rng)
    if orth == "ru":
        return _ru_var(e, rng)
    if orth == "uk":
        if "uk" in f:
            if tags is not None and f["uk"][0] != f["ru"][0]:
                tags.append("given:national_uk")
            return rng.choice(f["uk"])
        return TR.ru_to_uk(_ru_var(e, rng))
    if orth == "be":
        if "be" in f:
            if tags is not None and f["be"][0] != f["ru"][0]:
                tags.append("given:national_be")
            return f["be"][0]
        return TR.ru_to_be(_ru_var(e, rng))
    if orth == "ky":
        if e.prim == "ky":
            return e.key
        if e.prim == "kk":
            return TR.kk_to_ky(e.key, e_to_eh=rng.random() < 0.4)
        return _ru_var(e, rng)
    if orth == "tj":
        if e.prim == "tj":
            return e.key
        if e.prim in ("kk", "ky"):
            return TR.kk_to_tj(e.key, final_i=rng.random() < 0.4)
        return TR.kk_to_tj(_ru_var(e, rng))
    if orth == "uzc":
        if "uz" in f:
            return TR.uz_to_cyr(f["uz"][0])
        return TR.kk_to_uzc(e.cyr() if e.prim in ("kk", "ky") else _ru_var(e, rng))
    raise ValueError(orth)


def _ru_var(e, rng):
    v = e.f["ru"]
    if e.prim in ("kk", "ky", "tj"):
        plain = fold_ru(e.key)
        cands = list(v) + ([plain] if plain not in v else [])
    else:
        cands = v
    if len(cands) == 1 or rng.random() < 0.75:
        return cands[0]
    return rng.choice(cands[1:])


def kz_root_form(e, orth, rng):
    if orth == "ru":
        return _ru_var(e, rng)
    return e.key


def kz_ending(root):
    last = root[-1].lower()
    if last == "й":
        return root[:-1], "ев"
    if last in TR.VOWELS or last in "жшчщц":
        return root, "ев"
    return root, "ов"


def feminize(s, orth):
    if orth in ("uk",):
        for a, b in (("ський", "ська"), ("цький", "цька")):
            if s.endswith(a):
                return s[:-len(a)] + b
        if re.search("(ов|ев|єв|ін|ин|їв)$", s):
            return s + "а"
        return s
    if orth == "be":
        for a, b in (("скі", "ская"), ("цкі", "цкая"), ("оў", "ова"),
                     ("еў", "ева"), ("ёў", "ёва")):
            if s.endswith(a):
                return s[:-len(a)] + b
        if re.search("(ін|ын|ов|ев)$", s):
            return s + "а"
        return s
    if orth in ("uz", "az"):
        if re.search("(ov|ev|yev|iyev)$", s):
            return s + "a"
        return s
    if orth == "ro":
        return s
    for a, b in (("ский", "ская"), ("цкий", "цкая"), ("ской", "ская"),
                 ("стой", "стая")):
        if s.endswith(a):
            return s[:-len(a)] + b
    if re.search("(ов|ев|ёв|ин|ын|ӯв)$", s):
        return s + "а"
    return s


def has_gender(sn):
    if sn.kind == "kz":
        return sn.style in ("ov", "uly")
    if sn.kind == "uulu":
        return True
    if sn.entry.pool in INVARIANT_POOLS:
        return False
    r = sn.entry.ru()
    return feminize(r, "ru") != r


def surname_cyr(sn, sex, orth, rng, style=None):
    """Surname in a Cyrillic orthography; sex selects the gender form."""
    style = style or sn.style
    if sn.kind == "kz":
        root = kz_root_form(sn.entry, "ru" if orth in ("ru", "uk", "be") else "kk", rng)
        if style == "bare":
            s = root
        elif style == "uly":
            s = root + ("ұлы" if sex == "M" else "қызы")
        else:
            r, end = kz_ending(root)
            s = r + end + ("а" if sex == "F" else "")
        return _conv_orth(s, orth, rng)
    if sn.kind == "uulu":
        fa = given_cyr(sn.entry, "ky" if orth not in ("ru", "uk", "be") else "ru", rng)
        s = fa + (" уулу" if sex == "M" else " кызы")
        return _conv_orth(s, orth, rng) if orth != "ky" else s
    e = sn.entry
    inv = e.pool in INVARIANT_POOLS
    if orth in ("uk", "be") and orth in e.f:
        s = e.f[orth][0]
    elif orth == "uk":
        s = TR.ru_to_uk(e.ru())
    elif orth == "be":
        s = TR.ru_to_be(e.ru())
    elif orth == "ky":
        s = e.key if e.prim == "ky" else e.ru()
    elif orth == "tj":
        s = e.key if e.prim == "tj" else TR.kk_to_tj(e.key if e.prim == "ky" else e.ru())
    elif orth == "uzc":
        s = TR.uz_to_cyr(e.f["uz"][0]) if "uz" in e.f else TR.kk_to_uzc(e.ru())
    elif orth == "kk":
        s = e.cyr() if e.prim in ("ky", "tj") else _ru_var(e, rng)
    else:
        s = _ru_var(e, rng)
    if sex == "F" and not inv:
        s = feminize(s, orth if orth in ("uk", "be") else "ru")
    return s


def _conv_orth(s, orth, rng):
    if orth == "kk":
        return s
    if orth == "ru":
        return fold_ru(s)
    if orth == "uk":
        return TR.ru_to_uk(fold_ru(s))
    if orth == "be":
        return TR.ru_to_be(fold_ru(s))
    if orth == "ky":
        return TR.kk_to_ky(s)
    if orth == "tj":
        return TR.kk_to_tj(s)
    if orth == "uzc":
        return TR.kk_to_uzc(s)
    raise ValueError(orth)


# patronymics ---------------------------------------------------------------

def patr_ru(f, sex, e=None):
    """Russian-style patronymic from a father's name in Russian (or Kazakh,
    Kyrgyz, Tajik) spelling."""
    if e is not None and "pm" in e.f and f == e.ru():
        return e.f["pm"][0] if sex == "M" else e.f["pf"][0]
    lo = f.lower()
    M = sex == "M"
    if lo.endswith("ий"):
        return f[:-2] + ("ьевич" if M else "ьевна")
    if lo[-1:] in ("й", "ь"):
        return f[:-1] + ("евич" if M else "евна")
    if lo[-1:] in TR.VOWELS or lo[-1:] in "жшчщц":
        return f + ("евич" if M else "евна")
    return f + ("ович" if M else "овна")


_UK_PATR = {"Микола": ("Миколайович", "Миколаївна"), "Ілля": ("Ілліч", "Іллівна"),
            "Яків": ("Якович", "Яківна"), "Федір": ("Федорович", "Федорівна"),
            "Лев": ("Левович", "Львівна")}


def patr_uk(f, sex, slavic=True):
    if f in _UK_PATR:
        return _UK_PATR[f][0 if sex == "M" else 1]
    lo = f.lower()
    if lo.endswith("й"):
        return f + "ович" if sex == "M" else f[:-1] + "ївна"
    if lo.endswith("ь"):
        return f + "ович" if sex == "M" else f[:-1] + "івна"
    if lo[-1:] in ("о", "а") and slavic:
        return f[:-1] + ("ович" if sex == "M" else "івна")
    if lo[-1:] in TR.VOWELS:
        return f + ("йович" if sex == "M" else "ївна")
    return f + ("ович" if sex == "M" else "івна")


_BE_PATR = {"Пётр": ("Пятровіч", "Пятроўна"), "Павел": ("Паўлавіч", "Паўлаўна"),
            "Юрый": ("Юр'евіч", "Юр'еўна"), "Міхаіл": ("Міхайлавіч", "Міхайлаўна"),
            "Ілья": ("Ільіч", "Ільінічна"), "Леў": ("Львовіч", "Львоўна")}


def patr_be(f, sex, slavic):
    if f in _BE_PATR:
        return _BE_PATR[f][0 if sex == "M" else 1]
    lo = f.lower()
    if lo[-2:] in ("ей", "эй", "ай", "ый", "ій", "ой"):
        return f[:-1] + ("евіч" if sex == "M" else "еўна")
    if lo.endswith("ь"):
        return f + ("евіч" if sex == "M" else "еўна")
    if lo.endswith("а") and slavic:
        return f[:-1] + ("авіч" if sex == "M" else "аўна")
    if lo[-1:] in TR.VOWELS:
        return f + ("евіч" if sex == "M" else "еўна")
    return f + ("авіч" if sex == "M" else "аўна")


# ---------------------------------------------------------------------------
# registry rendering


def apply_kk_mode(s, mode, rng):
    if mode == "full":
        return s
    if mode == "partial":
        return TR.partial_ru(s, rng)
    return fold_ru(s)


def yo(s, rng, rate):
    if "ё" in s or "Ё" in s:
        if rng.random() < rate:
            return s.replace("ё", "е").replace("Ё", "Е")
    return s


def registry_row(p, rng):
    mode = p.kk_mode
    if p.ethn == "kazakh":
        if mode == "none" and rng.random() < 0.5:
            g = _ru_var(p.given, rng)
        else:
            g = apply_kk_mode(given_cyr(p.given, "kk", rng), mode, rng)
        if p.sur.kind == "kz":
            sur = apply_kk_mode(surname_cyr(p.sur, p.sex, "kk", rng), mode, rng)
            if mode == "none" and p.sur.entry.f["ru"][0] != fold_ru(p.sur.entry.key) \
                    and rng.random() < 0.7:
                sur = surname_cyr(p.sur, p.sex, "ru", rng)
        else:
            sur = surname_cyr(p.sur, p.sex, "ru", rng)
        fa = p.father.key if p.father.prim == "kk" else p.father.ru()
    elif p.ethn == "kyrgyz":
        g = apply_kk_mode(p.given.key, mode, rng)
        sur = apply_kk_mode(surname_cyr(p.sur, p.sex, "ky", rng), mode, rng)
        fa = p.father.key
    else:
        g = given_cyr(p.given, "ru", rng)
        sur = surname_cyr(p.sur, p.sex, "ru", rng)
        fa = p.father.ru()
    if p.reg_patr == "ru":
        if p.ethn in ("kazakh", "kyrgyz"):
            pa = apply_kk_mode(patr_ru(fa, p.sex), mode, rng)
        else:
            pa = patr_ru(fa, p.sex, p.father)
    elif p.reg_patr in ("kz_join", "kz_sep"):
        sep = " " if p.reg_patr == "kz_sep" else ""
        pa = fa + sep + ("ұлы" if p.sex == "M" else "қызы")
        pa = apply_kk_mode(pa, mode if p.ethn in ("kazakh", "kyrgyz") else "none", rng)
    else:
        pa = ""
    g, sur, pa = (yo(x, rng, 0.75) for x in (g, sur, pa))
    if rng.random() < 0.01:
        g, sur, pa = g.upper(), sur.upper(), pa.upper()
    y, m, d = (p.y, 1, 1) if p.ph else (p.y, p.m, p.d)
    return [p.rid, sur, g, pa, "%02d.%02d.%04d" % (d, m, y), p.sex, p.iin]


# ---------------------------------------------------------------------------
# typos and other mess

_CYR_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
_LAT_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours(rows):
    nb = {}
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            s = []
            if i > 0:
                s.append(row[i - 1])
            if i + 1 < len(row):
                s.append(row[i + 1])
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(rows) and i < len(rows[rr]):
                    s.append(rows[rr][i])
            nb[c] = "".join(s)
    return nb


NB_CYR = _neighbours(_CYR_ROWS)
NB_LAT = _neighbours(_LAT_ROWS)
VIS_CYR = {"и": "н", "н": "и", "ш": "щ", "щ": "ш", "з": "э", "э": "з",
           "л": "п", "п": "л", "ц": "щ", "ь": "ъ", "е": "ё", "у": "ч"}
VIS_LAT = {"m": "rn", "l": "i", "i": "l", "u": "v", "v": "u", "n": "h",
           "c": "e", "e": "c", "h": "b", "y": "v"}


def typo(s, rng):
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 3:
        return s, None
    cyr = TR.is_cyrillic(s)
    op = wchoice(rng, [("drop", 25), ("double", 20), ("swap", 20),
                       ("neighbour", 25), ("visual", 10)])
    i = rng.choice(letters[1:])
    c = s[i]
    if op == "drop":
        return s[:i] + s[i + 1:], op
    if op == "double":
        return s[:i] + c + s[i:], op
    if op == "swap":
        j = i + 1 if i + 1 < len(s) and s[i + 1].isalpha() else i - 1
        if j < 0 or not s[j].isalpha() or s[j].lower() == c.lower():
            return s[:i] + s[i + 1:], "drop"
        a, b = min(i, j), max(i, j)
        return s[:a] + s[b] + s[a] + s[b + 1:], op
    lo = c.lower()
    if op == "neighbour":
        nb = (NB_CYR if cyr else NB_LAT).get(TR.cyr_to_ru(lo) if cyr else lo)
        if not nb:
            return s[:i] + s[i + 1:], "drop"
        r = rng.choice(nb)
    else:
        r = (VIS_CYR if cyr else VIS_LAT).get(lo)
        if not r:
            return s[:i] + c + s[i:], "double"
    if c.isupper():
        r = r.upper()
    return s[:i] + r + s[i + 1:], op


_HOMO = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
         "А": "A", "Е": "E", "О": "O", "Р": "P", "С": "C", "Х": "X", "К": "K",
         "М": "M", "Н": "H", "Т": "T", "В": "B"}


def homoglyph(s, rng):
    idx = [i for i, c in enumerate(s) if c in _HOMO]
    if not idx:
        return s, False
    i = rng.choice(idx)
    return s[:i] + _HOMO[s[i]] + s[i + 1:], True


UZ_APOS = [("ʻ", 40), ("'", 30), ("`", 10), ("‘", 8), ("’", 7), ("", 5)]


# ---------------------------------------------------------------------------
# similar names


def lev(a, b):
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_SIM = {}
_EXPL = {}
for _pool, _a, _b in ND.SIMILAR_PAIRS:
    _EXPL.setdefault((_pool, _a), []).append(_b)
    _EXPL.setdefault((_pool, _b), []).append(_a)


def similar_names(e):
    k = (e.pool, e.key)
    if k in _SIM:
        return _SIM[k]
    pool = POOLS[e.pool]
    a = e.ru().lower()
    res = []
    for o in pool.entries:
        if o.key == e.key:
            continue
        b = o.ru().lower()
        d = lev(a, b)
        if d <= 2 and abs(len(a) - len(b)) <= 2 and (a[0] == b[0] or d == 1) \
                and d < max(len(a), len(b)) // 2 + 1:
            res.append(o)
    for x in _EXPL.get(k, []):
        o = pool.by_key.get(x)
        if o is not None and o not in res:
            res.append(o)
    _SIM[k] = res
    return res


def similar_given(rng, e, year):
    c = similar_names(e)
    if c:
        return rng.choice(c)
    pool = POOLS[e.pool]
    a = e.ru().lower()
    same = sorted((lev(a, o.ru().lower()), i, o) for i, o in enumerate(pool.entries)
                  if o.key != e.key and o.ru()[0] == e.ru()[0])
    if same:
        return rng.choice(same[:3])[2]
    return draw_given(rng, "russian" if e.pool.startswith("ru") else "kazakh",
                      e.sex, year, exclude=e.key)


# ---------------------------------------------------------------------------
# answer rendering


def fmt_date(y, m, d, style):
    if style == "iso":
        return "%04d-%02d-%02d" % (y, m, d)
    if style == "slash":
        return "%02d/%02d/%04d" % (d, m, y)
    return "%02d.%02d.%04d" % (d, m, y)


def answer_date(p, state, rng, tags):
    style = wchoice(rng, DATE_STYLES[state])
    y, m, d = p.y, p.m, p.d
    if p.ph:
        if rng.random() < RATES["reg_placeholder_real"]:
            tags.append("date:reg_placeholder_real")
        else:
            m, d = 1, 1
    r = rng.random()
    acc = 0.0
    ph_rate = RATES["date_placeholder_ca"] if state in ("UZ", "KG", "TJ") \
        else RATES["date_placeholder"]
    for name, rate in (("missing", RATES["date_missing"]),
                       ("year_only", RATES["date_year_only"]),
                       ("placeholder", ph_rate),
                       ("dm_swap", RATES["date_dm_swap"]),
                       ("digit", RATES["date_digit"]),
                       ("day_pm1", RATES["date_day_pm1"]),
                       ("year_pm1", RATES["date_year_pm1"]),
                       ("century", RATES["date_century"])):
        acc += rate
        if r < acc:
            break
    else:
        name = None
    if name == "missing":
        tags.append("date:missing")
        return ""
    if name == "year_only":
        tags.append("date:year_only")
        if style == "dot" and rng.random() < 0.5:
            return "00.00.%04d" % y
        return "%04d" % y
    if name == "placeholder" and not (m == 1 and d == 1):
        tags.append("date:placeholder_answer")
        m, d = 1, 1
    elif name == "dm_swap" and d <= 12 and d != m:
        tags.append("date:dm_swap")
        m, d = d, m
    elif name == "digit":
        s = "%02d%02d%04d" % (d, m, y)
        for _ in range(8):
            pos = rng.choice([0, 1, 2, 3, 6, 7])
            dig = (int(s[pos]) + rng.choice([-1, 1])) % 10
            t = s[:pos] + str(dig) + s[pos + 1:]
            nd, nm, ny = int(t[:2]), int(t[2:4]), int(t[4:])
            if valid_date(ny, nm, nd) and (nd, nm, ny) != (d, m, y):
                tags.append("date:digit")
                d, m, y = nd, nm, ny
                break
    elif name == "day_pm1":
        dt = _dt.date(y, m, d) + _dt.timedelta(days=rng.choice([-1, 1]))
        if dt.year <= REF_YEAR:
            tags.append("date:day_pm1")
            y, m, d = dt.year, dt.month, dt.day
    elif name == "year_pm1":
        ny = y + rng.choice([-1, 1])
        if valid_date(ny, m, d) and ny <= REF_YEAR:
            tags.append("date:year_pm1")
            y = ny
    elif name == "century" and y >= 2000:
        tags.append("date:century")
        y -= 100
    return fmt_date(y, m, d, style)


def answer_sex(p, state, rng, tags):
    styles, miss = SEX_STYLES[state]
    if rng.random() < miss:
        tags.append("sex:missing")
        return ""
    s = p.sex
    if rng.random() < RATES["sex_wrong"]:
        tags.append("sex:wrong")
        s = "F" if s == "M" else "M"
    st = wchoice(rng, styles)
    if st == "MZh":
        return "М" if s == "M" else "Ж"
    if st == "12":
        return "1" if s == "M" else "2"
    return s


def doc_number(state, rng):
    if rng.random() < 0.02:
        return ""
    D = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa
    if state == "RU":
        r = rng.random()
        if r < 0.6:
            return "%02d%02d %s" % (rng.randint(1, 99), rng.randint(0, 24), D(6))
        if r < 0.8:
            return "%02d%02d%s" % (rng.randint(1, 99), rng.randint(0, 24), D(6))
        return "%d %s" % (rng.randint(70, 76), D(7))
    if state == "UZ":
        return rng.choice(["AA", "AB", "AC", "AD", "FA", "KA"]) + D(7)
    if state == "KG":
        return rng.choice(["AN", "AC", "ID", "PE"]) + D(7)
    if state == "UA":
        r = rng.random()
        if r < 0.4:
            return "".join(rng.choice("АВЕКМНОРСТХ") for _ in range(2)) + D(6)
        if r < 0.8:
            return D(9)
        return "F" + rng.choice("ABCEHKMPTX") + D(6)
    if state == "BY":
        return rng.choice(["MP", "HB", "KH", "AB", "BM", "MC"]) + D(7)
    if state == "TJ":
        return rng.choice(["A", "B"]) + D(8) if rng.random() < 0.6 else "4" + D(8)
    if state == "AZ":
        r = rng.random()
        return "AA" + D(7) if r < 0.5 else ("AZE" + D(8) if r < 0.8 else "C" + D(8))
    return rng.choice(["A", "B"]) + D(8)


def choose_patr_style(p, state, mode, scheme, rng):
    turkic = p.ethn in TURKIC
    reg_kz = p.reg_patr in ("kz_join", "kz_sep")
    if p.sur.kind == "uulu":
        return "none"
    r = rng.random()
    if mode == "lat" and scheme in PASSPORT_SCHEMES and rng.random() < 0.65:
        return "none"
    if p.reg_patr == "none" and p.rid is not None and rng.random() < 0.65:
        return "none"
    if state == "RU":
        if reg_kz:
            return "kz" if r < 0.35 else ("ru" if r < 0.90 else "none")
        return "ru" if r < 0.93 else "none"
    if state == "UZ":
        if turkic:
            if reg_kz and r < 0.05:
                return "kz"
            return "uz" if r < 0.58 else ("ru" if r < 0.85 else "none")
        return "ru" if r < 0.75 else ("uz" if r < 0.80 else "none")
    if state == "KG":
        if turkic:
            return "ky" if r < 0.45 else ("ru" if r < 0.85 else "none")
        return "ru" if r < 0.85 else "none"
    if state in ("UA", "BY"):
        if reg_kz and r < 0.10:
            return "kz"
        return "ru" if r < 0.89 else "none"
    if state == "TJ":
        return "ru" if r < 0.75 else "none"
    if state == "AZ":
        if turkic:
            return "az" if r < 0.55 else ("ru" if r < 0.70 else "none")
        return "az" if r < 0.25 else ("ru" if r < 0.60 else "none")
    # MD
    return "ru" if r < 0.15 else "none"


class Rendered:
    """One name component: Cyrillic text in orth, optional native Latin."""
    __slots__ = ("cyr", "lat")

    def __init__(self, cyr, lat=None):
        self.cyr, self.lat = cyr, lat


NATIVE_LATIN = {"uz_latin": "uz", "az_latin": "az", "az_latin_q": "az",
                "ro_latin": "ro"}


def render_answer(p, state, rng, kind):
    tags = []
    plan = wchoice(rng, [((m, s), w) for m, s, w in PLANS[state]])
    mode, what = plan
    scheme = what if mode == "lat" else None
    if scheme and scheme.startswith("kz_") and p.native:
        scheme = "icao_ru"
    if mode == "cyr":
        orth = what
    else:
        orth = TR.SCHEMES[scheme].source
        if orth == "kk" and rng.random() < 0.4:
            orth = "ru"
        if orth == "ky" and p.ethn not in ("kazakh", "kyrgyz"):
            orth = "ru"
    tags.append("script:%s:%s" % (mode, scheme or orth))
    native_key = NATIVE_LATIN.get(scheme)
    sex = p.sex

    # ---- surname
    sn = p.sur
    style = sn.style
    if sn.kind == "kz":
        r = rng.random()
        if style == "ov" and r < RATES["kz_ov_drop"]:
            style = "bare"
            tags.append("surname:ov_dropped")
        elif style == "bare" and r < RATES["kz_ov_add"]:
            style = "ov"
            tags.append("surname:ov_added")
        elif style == "uly" and r < RATES["kz_uly_to_ov"]:
            style = "ov"
            tags.append("surname:uly_to_ov")
        elif style == "uly" and r < RATES["kz_uly_to_ov"] + RATES["kz_uly_bare"]:
            style = "bare"
            tags.append("surname:uly_to_bare")
    sur_sex = sex
    if has_gender(sn) and not (sn.kind == "kz" and style == "bare"):
        lim = RATES["fem_male_form_lat"] if mode == "lat" else RATES["fem_male_form_cyr"]
        if sex == "F" and rng.random() < lim:
            sur_sex = "M"
            tags.append("surname:male_form")
        elif sex == "M" and rng.random() < RATES["male_fem_form"]:
            sur_sex = "F"
            tags.append("surname:female_form")
    sur_entries = [(sn, style, sur_sex)]
    if sex == "F" and p.y <= REF_YEAR - 22 and rng.random() < RATES["married"]:
        if rng.random() < 0.4:
            heth = wchoice(rng, list(STATE_NATIVES[state].items()))
        else:
            heth = p.ethn
        hus = make_person(rng, heth, sex="M", year=p.y)
        hs = hus.sur if hus.sur.kind != "uulu" else Surname("fixed", POOLS["ru_s"].sample(rng))
        if rng.random() < RATES["married_double"]:
            tags.append("surname:married_double")
            pair = [(sn, style, sur_sex), (hs, hs.style, "F")]
            if rng.random() < 0.3:
                pair.reverse()
            sur_entries = pair
        else:
            tags.append("surname:married_new")
            sur_entries = [(hs, hs.style, "F")]
    sur_parts = []
    for s_obj, s_style, s_sex in sur_entries:
        lat = None
        if s_obj.kind == "fixed":
            e = s_obj.entry
            if native_key and native_key in e.f:
                lat = e.f[native_key][0]
                if s_sex == "F" and e.pool not in INVARIANT_POOLS:
                    lat = feminize(lat, native_key)
            elif mode == "lat" and ("de" in e.f or "ko" in e.f) and rng.random() < 0.35:
                lat = rng.choice(e.f.get("de") or e.f.get("ko"))
                tags.append("surname:original_latin")
        sur_parts.append(Rendered(surname_cyr(s_obj, s_sex, orth, rng, s_style), lat))
    if state == "TJ" and sn.kind in ("kz", "fixed") and len(sur_parts) == 1 \
            and sur_parts[0].lat is None and p.ethn != "tajik" and style == sn.style:
        c = sur_parts[0].cyr
        m_ = re.search("(ов|ев|ова|ева)$", c)
        if m_:
            r = rng.random()
            if r < RATES["tj_zoda"]:
                sur_parts[0].cyr = c[:m_.start()] + "зода"
                tags.append("surname:tj_zoda")
            elif r < RATES["tj_zoda"] + RATES["tj_bare"]:
                sur_parts[0].cyr = c[:m_.start()]
                tags.append("surname:tj_bare")

    # ---- given name
    g = p.given
    gtxt = None
    glat = None
    alias_rate = RATES["ru_alias"] if mode == "cyr" else RATES["ru_alias"] / 2
    cog = g.f.get(state.lower()) if state in ("UZ", "TJ", "AZ") and g.prim == "kk" else None
    if "alias" in g.f and rng.random() < alias_rate:
        gtxt = g.f["alias"][0]
        tags.append("given:ru_alias")
        if orth == "uk":
            gtxt = TR.ru_to_uk(gtxt)
        elif orth == "be":
            gtxt = TR.ru_to_be(gtxt)
    elif "dim" in g.f and rng.random() < RATES["diminutive"]:
        gtxt = rng.choice(g.f["dim"])
        tags.append("given:diminutive")
        if orth == "uk":
            gtxt = TR.ru_to_uk(gtxt)
        elif orth == "be":
            gtxt = TR.ru_to_be(gtxt)
    elif cog and rng.random() < RATES["host_cognate"]:
        c = cog[0]
        if state == "TJ" and (orth == "tj" or mode == "lat"):
            gtxt = c
            tags.append("given:host_cognate")
        elif state == "UZ" and scheme == "uz_latin":
            glat = c
            tags.append("given:host_cognate")
        elif state == "UZ" and orth == "uzc":
            gtxt = TR.uz_to_cyr(c)
            tags.append("given:host_cognate")
        elif state == "AZ" and scheme in ("az_latin", "az_latin_q"):
            glat = c
            tags.append("given:host_cognate")
    elif mode == "lat" and "intl" in g.f and rng.random() < RATES["intl_form"]:
        glat = rng.choice(g.f["intl"])
        tags.append("given:intl")
    if gtxt is None:
        gtxt = given_cyr(g, orth, rng, tags)
    if glat is None and native_key and native_key in g.f:
        glat = g.f[native_key][0]
    if glat is None and mode == "lat" and "de" in g.f and rng.random() < 0.35:
        glat = g.f["de"][0]
    given_r = Rendered(gtxt, glat)

    # ---- patronymic
    pst = choose_patr_style(p, state, mode, scheme, rng)
    reg_cat = {"ru": "ru", "kz_join": "kz", "kz_sep": "kz", "none": "none"}[p.reg_patr]
    if p.rid is not None:
        if pst == "none" and reg_cat != "none":
            tags.append("patr:missing")
        elif pst != "none" and reg_cat == "none":
            tags.append("patr:extra")
        elif pst != reg_cat and pst != "none":
            tags.append("patr:style_%s>%s" % (reg_cat, pst))
    fa = p.father
    patr_r = Rendered("")
    if pst != "none":
        fa_lat = fa.f[native_key][0] if native_key and native_key in fa.f else None
        if pst == "ru":
            if orth == "uk":
                fu = given_cyr(fa, "uk", rng)
                pc = patr_uk(fu, sex, fa.pool in ("ru_m", "de_m"))
            elif orth == "be":
                fb = given_cyr(fa, "be", rng)
                pc = patr_be(fb, sex, fa.pool in ("ru_m", "de_m"))
            else:
                src = given_cyr(fa, orth if orth in ("kk", "ky", "tj", "uzc") else "ru", rng)
                pc = patr_ru(src if orth in ("kk", "ky", "tj", "uzc") else fa.ru(), sex,
                             fa if orth not in ("kk", "ky", "tj", "uzc") else None)
                if orth in ("tj",):
                    pc = TR.kk_to_tj(pc)
            patr_r = Rendered(pc)
        elif pst == "kz":
            src = given_cyr(fa, "kk" if orth == "kk" else "ru", rng)
            sep = " " if (p.reg_patr == "kz_sep") != (rng.random() < 0.3) else ""
            suf = ("ұлы" if sex == "M" else "қызы")
            pc = src + sep + suf
            patr_r = Rendered(pc if orth == "kk" else fold_ru(pc))
        elif pst == "ky":
            src = given_cyr(fa, "ky" if orth == "ky" else "ru", rng)
            patr_r = Rendered(src + (" уулу" if sex == "M" else " кызы"))
        elif pst == "uz":
            src = given_cyr(fa, "uzc", rng)
            suf = " ўғли" if sex == "M" else " қизи"
            lat = (fa_lat + (" oʻgʻli" if sex == "M" else " qizi")) if fa_lat else None
            if orth not in ("uzc",) and mode == "cyr":
                patr_r = Rendered(given_cyr(fa, orth, rng) + (" угли" if sex == "M" else " кизи"))
            else:
                patr_r = Rendered(src + suf, lat)
        elif pst == "az":
            if mode == "cyr":
                patr_r = Rendered(given_cyr(fa, "ru", rng) + (" оглы" if sex == "M" else " кызы"))
            else:
                lat = (fa_lat + (" oğlu" if sex == "M" else " qızı")) if fa_lat else None
                patr_r = Rendered(given_cyr(fa, "kk" if fa.prim == "kk" else "ru", rng)
                                  + (" оғлу" if sex == "M" else " қызы"), lat)

    # ---- to final strings
    def fin(rd):
        if not rd.cyr and not rd.lat:
            return ""
        if mode == "cyr":
            return rd.cyr
        if rd.lat:
            return rd.lat
        return TR.SCHEMES[scheme](rd.cyr)

    sur = "-".join(fin(x) for x in sur_parts)
    giv = fin(given_r)
    pat = fin(patr_r)
    fields = [sur, giv, pat]

    # ---- modifiers
    if mode == "cyr":
        fields = [yo(x, rng, RATES["yo_to_e"]) for x in fields]
        if rng.random() < CAPS_CYR.get(state, 0.04):
            fields = [x.upper() for x in fields]
            tags.append("caps")
    else:
        if scheme == "uz_latin" or any("ʻ" in x for x in fields):
            ap = wchoice(rng, UZ_APOS)
            if ap != "ʻ":
                fields = [x.replace("ʻ", ap) for x in fields]
                tags.append("uz_apostrophe:%s" % ("none" if ap == "" else "U+%04X" % ord(ap)))
        if any(TR.has_diacritics(x) for x in fields):
            strip = {"AZ": 0.15, "MD": 0.20}.get(state, 0.25)
            if scheme == "uz_latin":
                strip = 0.0
            if state == "MD" and rng.random() < 0.2:
                fields = [x.replace("ș", "ş").replace("ț", "ţ").replace("Ș", "Ş")
                          .replace("Ț", "Ţ") for x in fields]
                tags.append("ro_cedilla")
            elif rng.random() < strip:
                schwa = "e" if rng.random() < 0.7 else "a"
                fields = [TR.strip_diacritics(x, schwa) for x in fields]
                tags.append("diacritics_stripped")
        if rng.random() < TR.SCHEMES[scheme].caps_share:
            fields = [x.upper() for x in fields]
            tags.append("caps")
    for i, (name, rk) in enumerate((("surname", "typo_surname"),
                                    ("given", "typo_given"),
                                    ("patronymic", "typo_patronymic"))):
        if fields[i] and rng.random() < RATES[rk]:
            t, op = typo(fields[i], rng)
            if op:
                fields[i] = t
                tags.append("typo:%s:%s" % (name, op))
    if mode == "cyr" and rng.random() < RATES["homoglyph"]:
        i = rng.randrange(3)
        if fields[i]:
            fields[i], ok = homoglyph(fields[i], rng)
            if ok:
                tags.append("homoglyph")
    if rng.random() < RATES["whitespace"]:
        i = rng.randrange(2)
        fields[i] = fields[i] + " " if rng.random() < 0.5 else " " + fields[i]
        tags.append("whitespace")
    sur, giv, pat = fields
    full = ""
    if rng.random() < FULLNAME_SHARE[state] and " " not in sur.strip() \
            and " " not in giv.strip():
        tags.append("fullname_only")
        if mode == "cyr" or pat:
            full = " ".join(x.strip() for x in (sur, giv, pat) if x.strip())
        else:
            full = giv.strip() + " " + sur.strip()
        sur = giv = pat = ""
    elif rng.random() < RATES["swap_names"]:
        sur, giv = giv, sur
        tags.append("swap_names")
    date = answer_date(p, state, rng, tags)
    sx = answer_sex(p, state, rng, tags)
    doc = doc_number(state, rng)
    return [sur, giv, pat, full, date, sx, doc, kind], tags


# ---------------------------------------------------------------------------
# look-alikes

CLASSES = ["twin", "sibling", "namesake_same_dob_other_father", "cousin",
           "parent_or_child_same_name", "similar_given_name",
           "other_surname_man", "namesake_other_date"]


def other_father(rng, p):
    for _ in range(20):
        f = draw_father(rng, p.ethn, p.y)
        if f.key != p.father.key:
            return f
    return f


def make_lookalike(rng, p, cls):
    q = p.copy()
    q.rid = None
    if cls == "twin":
        if rng.random() < 0.15:
            q.sex = "F" if p.sex == "M" else "M"
            opp = ND.OPPOSITE_SEX.get(p.given.key)
            rev = {v: k for k, v in ND.OPPOSITE_SEX.items()}.get(p.given.key)
            pool = POOLS[given_pools(p.ethn, q.sex, rng)]
            cand = pool.by_key.get(opp or rev or "")
            if cand is None:
                same = [o for o in pool.entries if o.ru()[0] == p.given.ru()[0]]
                cand = rng.choice(same) if same else pool.sample(rng, era_of(p.y))
            q.given = cand
        else:
            r = rng.random()
            if r < 0.6:
                q.given = similar_given(rng, p.given, p.y)
            elif r < 0.85:
                pool = POOLS[p.given.pool]
                same = [o for o in pool.entries if o.key != p.given.key
                        and o.ru()[0] == p.given.ru()[0]]
                q.given = rng.choice(same) if same else similar_given(rng, p.given, p.y)
            else:
                q.given = draw_given(rng, p.ethn, p.sex, p.y, exclude=p.given.key)
    elif cls == "sibling":
        if rng.random() < 0.25:
            q.sex = "F" if p.sex == "M" else "M"
            q.given = draw_given(rng, p.ethn, q.sex, p.y)
        else:
            q.given = similar_given(rng, p.given, p.y)
        for _ in range(10):
            y = p.y + rng.choice([-1, 1]) * rng.randint(1, 8)
            if 1930 <= y <= 2010:
                break
        q.y = y
        q.m, q.d = rand_md(rng, y)
        q.ph = False
    elif cls == "namesake_same_dob_other_father":
        q.father = other_father(rng, p)
        if rng.random() < 0.3:
            q.reg_patr = draw_reg_patr(rng, q)
    elif cls == "cousin":
        q.father = other_father(rng, p)
        if rng.random() >= 0.25:
            for _ in range(10):
                y = p.y + rng.randint(-3, 3)
                m, d = rand_md(rng, y)
                if (y, m, d) != (p.y, p.m, p.d) and 1930 <= y <= 2010:
                    break
            q.y, q.m, q.d = y, m, d
            q.ph = False
    elif cls == "parent_or_child_same_name":
        gap = rng.randint(20, 35)
        older = (p.y >= 1972) if rng.random() < 0.85 else (p.y < 1972)
        y = p.y - gap if older else p.y + gap
        if y > 2010 or y < 1915:
            older = not older
            y = p.y - gap if older else p.y + gap
        y = max(1915, min(2010, y))
        q.y = y
        q.m = p.m
        q.d = min(p.d, days_in(y, p.m))
        q.ph = p.ph
        if older:
            q.father = other_father(rng, q)
        else:
            q.father = p.given if p.sex == "M" and rng.random() < 0.7 \
                else other_father(rng, q)
            if p.sex == "M" and q.father.sex != "M":
                q.father = other_father(rng, q)
        q.reg_patr = draw_reg_patr(rng, q)
        if q.sur.kind == "kz" and q.sur.style == "uly":
            q.sur = Surname("kz", q.father, "uly")
    elif cls == "similar_given_name":
        q.given = similar_given(rng, p.given, p.y)
    elif cls == "other_surname_man":
        for _ in range(20):
            s = draw_surname(rng, p.ethn, p.y, p.sex, p.father)
            if s.kind == "uulu":
                continue
            if s.entry.key != p.sur.entry.key:
                break
        if p.sur.kind == "kz" and s.kind == "kz":
            s = Surname("kz", s.entry, p.sur.style)
        q.sur = s
    elif cls == "namesake_other_date":
        for _ in range(20):
            y = rand_year(rng)
            if abs(y - p.y) >= 2:
                break
        q.y = y
        q.m, q.d = rand_md(rng, y)
        q.ph = False
    q.kk_mode = p.kk_mode
    return q


# ---------------------------------------------------------------------------
# generation


def split_counts(total, shares):
    keys = list(shares)
    tot = sum(shares.values())
    raw = [total * shares[k] / tot for k in keys]
    base = [int(x) for x in raw]
    rest = total - sum(base)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return dict(zip(keys, base))


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def generate(seed, reg_size, ans_size, out_dir, la_share=0.12, quiet=False):
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random("crossgen:%d:registry" % seed)

    # ---- registry
    eth_items = [(e[0], e[1]) for e in ETHNIC]
    persons = []
    while len(persons) < reg_size:
        p = make_person(rng, wchoice(rng, eth_items))
        persons.append(p)
        r = rng.random()
        if r < 0.004 and len(persons) < reg_size:
            persons.append(make_sibling(rng, p, twin=True))
        elif r < 0.12 and len(persons) < reg_size:
            persons.append(make_sibling(rng, p))
    rng.shuffle(persons)
    used_iin = set()
    by_eth = {}
    reg_rows = []
    for i, p in enumerate(persons):
        p.rid = "R%07d" % (i + 1)
        y, m, d = (p.y, 1, 1) if p.ph else (p.y, p.m, p.d)
        p.iin = "" if rng.random() < 0.02 else make_iin(rng, y, m, d, p.sex, used_iin)
        by_eth.setdefault(p.ethn, []).append(i)
        reg_rows.append(registry_row(p, rng))
    write_csv(os.path.join(out_dir, "registry.csv"),
              ["id", "surname", "given_name", "patronymic", "birth_date", "sex", "iin"],
              reg_rows)
    del reg_rows

    # ---- answer plan
    n_true = round(ans_size * TRUE_SHARE)
    n_la = min(round(ans_size * la_share), ans_size - n_true)
    n_un = ans_size - n_true - n_la
    q_true = split_counts(n_true, STATE_SHARE)
    q_la = split_counts(n_la, STATE_SHARE)
    q_un = split_counts(n_un, STATE_SHARE)
    arng = random.Random("crossgen:%d:answers" % seed)
    used_true = set()        # registry indexes already answered somewhere
    answered_in = {}         # idx -> list of states
    true_order = []          # all idx in first-answer order (for cross-state)

    def pick(state, cond=None):
        weights = [(e, w) for e, w in STATE_ETHNIC[state].items() if by_eth.get(e)]
        for _ in range(200):
            e = wchoice(arng, weights)
            idx = arng.choice(by_eth[e])
            if cond is None or cond(idx):
                return idx
        return idx

    truth, la_rows, err_rows = [], [], []
    summary = {}
    for state in STATES:
        items = []   # (category, person, kind, extra)
        state_true = []
        dup_done = set()
        for _ in range(q_true[state]):
            r = arng.random()
            idx = None
            if r < RATES["dup_same_state"] and state_true:
                cands = [i for i in state_true[-50:] if i not in dup_done]
                if cands:
                    idx = arng.choice(cands)
                    dup_done.add(idx)
            elif r < RATES["dup_same_state"] + RATES["cross_state"] and true_order:
                for _ in range(20):
                    c = arng.choice(true_order)
                    if state not in answered_in[c]:
                        idx = c
                        break
            if idx is None:
                idx = pick(state, lambda i: i not in used_true)
            if idx not in used_true:
                used_true.add(idx)
                true_order.append(idx)
            answered_in.setdefault(idx, [])
            if state not in answered_in[idx]:
                answered_in[idx].append(state)
            state_true.append(idx)
            items.append(("true", persons[idx], None, None))
        classes = [CLASSES[i % len(CLASSES)] for i in range(q_la[state])]
        arng.shuffle(classes)
        for cls in classes:
            if cls == "other_surname_man":
                idx = pick(state, lambda i: persons[i].sex == "M")
            else:
                idx = pick(state)
            q = make_lookalike(arng, persons[idx], cls)
            items.append(("la", q, cls, persons[idx].rid))
        for _ in range(q_un[state]):
            if arng.random() < 0.5:
                q = make_person(arng, wchoice(arng, list(STATE_NATIVES[state].items())),
                                native=True)
                items.append(("un", q, "native", None))
            else:
                q = make_person(arng, wchoice(arng, eth_items))
                items.append(("un", q, "kzmix", None))
        arng.shuffle(items)
        rows = []
        kinds_seen = {}
        for n, (cat, p, cls, base_rid) in enumerate(items, 1):
            rid = "%s-%07d" % (state, n)
            kw = KIND_W["true" if cat == "true" else "other"]
            kind = wchoice(arng, list(zip(KINDS, kw)))
            if cat == "true":
                prev = kinds_seen.get(p.rid)
                if prev:
                    kind = arng.choice([k for k in KINDS if k != prev])
                kinds_seen[p.rid] = kind
            row, tags = render_answer(p, state, arng, kind)
            origin = {"true": "origin:true", "la": "origin:lookalike:%s" % cls,
                      "un": "origin:unrelated:%s" % cls}[cat]
            tags.insert(0, origin)
            rows.append([rid] + row)
            if cat == "true":
                truth.append([p.rid, rid, state])
            elif cat == "la":
                la_rows.append([rid, state, base_rid, cls])
            err_rows.append([rid, state, ";".join(tags)])
        write_csv(os.path.join(out_dir, "answers_%s.csv" % state.lower()),
                  ["id", "surname", "given_name", "patronymic", "full_name",
                   "birth_date", "sex", "document_number", "response_kind"], rows)
        summary[state] = len(rows)
    write_csv(os.path.join(out_dir, "truth.csv"),
              ["registry_id", "response_id", "response_country"], truth)
    write_csv(os.path.join(out_dir, "lookalikes.csv"),
              ["response_id", "response_country", "registry_id", "class"], la_rows)
    write_csv(os.path.join(out_dir, "errors.csv"),
              ["response_id", "response_country", "errors"], err_rows)
    if not quiet:
        print("crossgen seed=%d registry=%d answers=%d (%s) truth=%d lookalikes=%d "
              "unrelated=%d" % (seed, len(persons), sum(summary.values()),
                                " ".join("%s=%d" % (s, summary[s]) for s in STATES),
                                len(truth), len(la_rows), n_un), file=sys.stderr)
    return summary


# ---------------------------------------------------------------------------
# checks

DATE_RE = re.compile(r"^(\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}|\d{4})$")


def check_dir(d, verbose=True):
    """Invariants on a generated directory; returns list of problems."""
    probs = []

    def read(name):
        with open(os.path.join(d, name), encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    reg = read("registry.csv")
    reg_ids = set()
    bad_iin = empty_iin = 0
    for r in reg:
        if r["id"] in reg_ids:
            probs.append("duplicate registry id %s" % r["id"])
        reg_ids.add(r["id"])
        if r["iin"] == "":
            empty_iin += 1
        elif not iin_valid(r["iin"]):
            bad_iin += 1
        else:
            dd, mm, yy = r["birth_date"].split(".")
            if r["iin"][:6] != yy[2:] + mm + dd:
                probs.append("IIN date mismatch %s" % r["id"])
            c = r["iin"][6]
            exp = {("M", "19"): "3", ("F", "19"): "4", ("M", "20"): "5", ("F", "20"): "6"}
            if exp.get((r["sex"], yy[:2])) != c:
                probs.append("IIN century/sex digit %s" % r["id"])
        if not DATE_RE.match(r["birth_date"]):
            probs.append("registry date %s" % r["id"])
        if not r["surname"] or not r["given_name"]:
            probs.append("registry name missing %s" % r["id"])
    if bad_iin:
        probs.append("%d invalid IIN check digits" % bad_iin)
    ans_ids = {}
    per_state = {}
    for s in STATES:
        rows = read("answers_%s.csv" % s.lower())
        ids = set()
        for r in rows:
            if r["id"] in ids:
                probs.append("duplicate answer id %s" % r["id"])
            ids.add(r["id"])
            if not (r["surname"] or r["given_name"] or r["full_name"]):
                probs.append("answer without name %s" % r["id"])
            if r["birth_date"] and not DATE_RE.match(r["birth_date"]):
                probs.append("answer date format %s" % r["id"])
            if r["birth_date"] and len(r["birth_date"]) == 10:
                t = r["birth_date"]
                if "-" in t:
                    y, m, dd = t.split("-")
                else:
                    dd, m, y = re.split("[./]", t)
                if not (m == "00" and dd == "00") and not valid_date(int(y), int(m), int(dd)):
                    probs.append("invalid date %s" % r["id"])
            if r["sex"] not in ("", "M", "F", "М", "Ж", "1", "2"):
                probs.append("sex code %s" % r["id"])
            if r["response_kind"] not in KINDS:
                probs.append("kind %s" % r["id"])
        ans_ids[s] = ids
        per_state[s] = len(rows)
    truth = read("truth.csv")
    tkeys = set()
    for t in truth:
        if t["registry_id"] not in reg_ids:
            probs.append("truth registry id missing %s" % t["registry_id"])
        if t["response_id"] not in ans_ids.get(t["response_country"], ()):
            probs.append("truth response id missing %s" % t["response_id"])
        tkeys.add((t["response_country"], t["response_id"]))
    la = read("lookalikes.csv")
    per_class = {}
    for t in la:
        if t["registry_id"] not in reg_ids:
            probs.append("lookalike registry id missing %s" % t["registry_id"])
        if t["response_id"] not in ans_ids.get(t["response_country"], ()):
            probs.append("lookalike response id missing %s" % t["response_id"])
        if (t["response_country"], t["response_id"]) in tkeys:
            probs.append("lookalike is also truth %s" % t["response_id"])
        per_class[t["class"]] = per_class.get(t["class"], 0) + 1
    errs = read("errors.csv")
    if len(errs) != sum(per_state.values()):
        probs.append("errors.csv has %d rows for %d answers" % (len(errs), sum(per_state.values())))
    if verbose:
        tr_state = {}
        for t in truth:
            tr_state[t["response_country"]] = tr_state.get(t["response_country"], 0) + 1
        la_state = {}
        for t in la:
            la_state[t["response_country"]] = la_state.get(t["response_country"], 0) + 1
        print("registry rows %d (IIN empty %d, invalid %d)" % (len(reg), empty_iin, bad_iin))
        print("state  answers  true  lookalike  unrelated")
        for s in STATES:
            print("%-5s %8d %5d %10d %10d" % (s, per_state[s], tr_state.get(s, 0),
                                             la_state.get(s, 0),
                                             per_state[s] - tr_state.get(s, 0) - la_state.get(s, 0)))
        print("truth pairs %d, distinct registry persons %d" %
              (len(truth), len({t["registry_id"] for t in truth})))
        print("look-alike classes: " + ", ".join("%s=%d" % (c, per_class.get(c, 0)) for c in CLASSES))
        print("problems: %d" % len(probs))
        for p in probs[:20]:
            print("  " + p)
    return probs


def files_identical(a, b):
    names = sorted(os.listdir(a))
    if names != sorted(os.listdir(b)):
        return False
    for n in names:
        with open(os.path.join(a, n), "rb") as f1, open(os.path.join(b, n), "rb") as f2:
            if f1.read() != f2.read():
                return False
    return True


def selftest():
    tmp = tempfile.mkdtemp(prefix="crossgen_selftest_")
    ok = True
    try:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        generate(11, 4000, 2000, a, quiet=True)
        generate(11, 4000, 2000, b, quiet=True)
        probs = check_dir(a, verbose=True)
        if probs:
            ok = False
        if not files_identical(a, b):
            print("FAIL: two runs with the same seed differ")
            ok = False
        else:
            print("determinism: identical outputs for the same seed")
        c = os.path.join(tmp, "c")
        generate(12, 4000, 2000, c, quiet=True)
        if files_identical(a, c):
            print("FAIL: different seeds gave identical outputs")
            ok = False
        # IIN algorithm on hand-computed values: 880115301233 (first weights,
        # sum 146 = 3 mod 11); 000000000101 (first sum 10, second weights give
        # 1); 00000000281x is invalid (10 with both weight sets).
        iin_cases = [(iin_check([int(x) for x in "88011530123"]), 3),
                     (iin_check([0] * 9 + [1, 0]), 1),
                     (iin_check([0] * 8 + [2, 8, 1]), None),
                     (iin_valid("880115301233"), True),
                     (iin_valid("880115301234"), False)]
        for got, want in iin_cases:
            if got != want:
                print("FAIL: IIN check digit %r != %r" % (got, want))
                ok = False
        if ok:
            print("IIN check-digit cases: OK")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--registry-size", type=int, default=200000)
    ap.add_argument("--answers-size", type=int, default=50000)
    ap.add_argument("--out-dir")
    ap.add_argument("--lookalike-share", type=float, default=0.12)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--check", metavar="DIR")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if a.check:
        return 1 if check_dir(a.check) else 0
    if not a.out_dir:
        ap.error("--out-dir is required")
    if not 0 <= a.lookalike_share <= 0.6:
        ap.error("--lookalike-share must be within 0..0.6")
    generate(a.seed, a.registry_size, a.answers_size, a.out_dir, a.lookalike_share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
