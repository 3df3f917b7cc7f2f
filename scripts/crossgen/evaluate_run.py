#!/usr/bin/env python3
"""Diagnose a dualcit run on a crossgen data set (counts only, no names).

    python3 scripts/crossgen/evaluate_run.py --data DIR --matches M.csv \
        [--stats S.json]

Prints: rejects (by reason), link.expected.match_precision, false matches
(decision = match, pair not in truth) split into look-alikes by class,
true answers matched to the wrong registry person and unrelated answers, and
for the true pairs the matcher did not write at all a breakdown by the errors
crossgen applied (from DIR/errors.csv), next to each error's rate among all
true pairs.
"""

import argparse
import collections
import csv
import json
import os
import re


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def norm_tag(t):
    """typo:surname:drop -> typo:surname ; date:digit stays ; script kept."""
    if t.startswith("typo:"):
        return ":".join(t.split(":")[:2])
    if t.startswith("uz_apostrophe:"):
        return "uz_apostrophe"
    if t.startswith("patr:style_"):
        return t
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--matches", required=True)
    ap.add_argument("--stats")
    a = ap.parse_args()
    D = a.data
    truth = read(os.path.join(D, "truth.csv"))
    la = read(os.path.join(D, "lookalikes.csv"))
    errs = {(r["response_country"], r["response_id"]): r["errors"].split(";")
            for r in read(os.path.join(D, "errors.csv"))}
    tset = {(t["response_country"], t["response_id"], t["registry_id"]) for t in truth}
    tresp = {(t["response_country"], t["response_id"]) for t in truth}
    laset = {(r["response_country"], r["response_id"]): (r["registry_id"], r["class"]) for r in la}
    m = read(a.matches)

    rej = a.matches + ".rejects.csv"
    if os.path.exists(rej):
        rr = read(rej)
        c = collections.Counter((r.get("field", ""), re.sub(r"\d+", "N", r.get("reason", ""))) for r in rr)
        print("rejects file rows: %d" % len(rr))
        for (f, reason), n in c.most_common(15):
            print("  %6d  %s  %s" % (n, f, reason))
    else:
        print("rejects file: none written")
    if a.stats:
        st = json.load(open(a.stats))
        print("link.expected.match_precision = %s" % st["link"]["expected"]["match_precision"])

    written = set()
    fm = collections.Counter()
    fm_tot = 0
    for r in m:
        key = (r["response_country"], r["response_id"], r["registry_id"])
        written.add(key)
        if r["decision"] != "match" or key in tset:
            continue
        fm_tot += 1
        rk = (r["response_country"], r["response_id"])
        if rk in laset:
            base, cls = laset[rk]
            fm["lookalike:%s:%s" % (cls, "its base person" if base == r["registry_id"]
                                    else "another registry person")] += 1
        elif rk in tresp:
            fm["true answer linked to the wrong registry person"] += 1
        else:
            o = [t for t in errs.get(rk, []) if t.startswith("origin:")]
            fm["unrelated (%s)" % (o[0].split(":")[-1] if o else "?")] += 1
    print("false matches (decision = match, not in truth): %d" % fm_tot)
    for k, n in sorted(fm.items(), key=lambda x: (-x[1], x[0])):
        print("  %6d  %s" % (n, k))
    la_cls = collections.Counter(c for _, c in laset.values())
    la_hit = collections.Counter()
    for r in m:
        rk = (r["response_country"], r["response_id"])
        if r["decision"] == "match" and rk in laset and laset[rk][0] == r["registry_id"]:
            la_hit[laset[rk][1]] += 1
    print("look-alikes matched to their base person, by class (matched / generated):")
    for c in sorted(la_cls):
        print("  %-34s %5d / %5d  (%.1f%%)" % (c, la_hit[c], la_cls[c], 100.0 * la_hit[c] / la_cls[c]))

    # true pairs not written at all
    missing = [k for k in tset if k not in written]
    print("true pairs: %d, not written at all: %d" % (len(tset), len(missing)))
    all_c = collections.Counter()
    miss_c = collections.Counter()
    for k in tset:
        for t in set(norm_tag(x) for x in errs[(k[0], k[1])] if not x.startswith("origin:")):
            all_c[t] += 1
    n_noerr = 0
    noerr_script = collections.Counter()
    per_state = collections.Counter()
    for k in missing:
        tags = [norm_tag(x) for x in errs[(k[0], k[1])] if not x.startswith("origin:")]
        per_state[k[0]] += 1
        for t in set(tags):
            miss_c[t] += 1
        real = [t for t in tags if not t.startswith("script:") and t not in
                ("caps", "given:national_uk", "given:national_be", "uz_apostrophe",
                 "diacritics_stripped", "ro_cedilla")]
        if not real:
            n_noerr += 1
            noerr_script[[t for t in tags if t.startswith("script:")][0]] += 1
    print("  by state: " + ", ".join("%s=%d" % kv for kv in sorted(per_state.items())))
    print("  tag among the missed pairs (count, share of missed, share of the tag's true pairs missed):")
    for t, n in sorted(miss_c.items(), key=lambda x: (-x[1], x[0])):
        if t.startswith("script:"):
            continue
        print("    %6d  %5.1f%%  %5.1f%% of %d  %s" % (n, 100.0 * n / max(1, len(missing)),
                                                    100.0 * n / all_c[t], all_c[t], t))
    print("  missed pairs with no error besides script / case / national form: %d" % n_noerr)
    for t, n in noerr_script.most_common():
        print("    %6d  %s (share of that script's true pairs missed: %.1f%%)"
              % (n, t, 100.0 * miss_c[t] / all_c[t]))
    print("  script of the missed pairs (count / true pairs in that script):")
    for t, n in sorted(miss_c.items(), key=lambda x: (-x[1], x[0])):
        if t.startswith("script:"):
            print("    %6d / %6d  %s" % (n, all_c[t], t))

    # true pairs written, but not as decision = match
    dec = {}
    for r in m:
        key = (r["response_country"], r["response_id"], r["registry_id"])
        if key in tset:
            dec[key] = r["decision"]
    match_c = collections.Counter()
    for k in tset:
        if dec.get(k) == "match":
            for t in set(norm_tag(x) for x in errs[(k[0], k[1])] if not x.startswith("origin:")):
                match_c[t] += 1
    n_match = sum(1 for k in tset if dec.get(k) == "match")
    print("true pairs as decision = match: %d of %d (%.1f%%)" % (n_match, len(tset), 100.0 * n_match / len(tset)))
    print("  share of the tag's true pairs that reach decision = match (tags on >= 100 pairs):")
    rows = [(100.0 * match_c[t] / n, t, n) for t, n in all_c.items() if n >= 100]
    for share, t, n in sorted(rows):
        print("    %5.1f%% of %6d  %s" % (share, n, t))
    clean = [k for k in tset if not [x for x in errs[(k[0], k[1])] if not x.startswith(("origin:", "script:"))]]
    cm = sum(1 for k in clean if dec.get(k) == "match")
    print("  pairs with no tag except the script: %d, as match %d (%.1f%%)"
          % (len(clean), cm, 100.0 * cm / max(1, len(clean))))


if __name__ == "__main__":
    main()
