#!/usr/bin/env python3
"""The Splink baseline for `dualcit bench`: the same generated files linked by
Splink 5 on DuckDB, timed the way an analyst would run it.

    python3 -m venv /tmp/spl && /tmp/spl/bin/pip install splink==5.0.0 duckdb unidecode
    dualcit generate --out-dir /tmp/d200 --registry-size 200000 --responses-size 50000
    /usr/bin/time -v /tmp/spl/bin/python scripts/splink_bench.py /tmp/d200 /tmp/d200/splink.csv

Splink reads no Cyrillic against Latin, no split full names and no dotted
dates, so the files are first brought to one form (names transliterated to
lower-case ASCII by unidecode, full names split surname-first, dates to ISO);
that step is timed apart. The model then follows Splink's own tutorial for
people: name and date-of-birth comparisons, the prior from a deterministic
rule, u by random sampling, m by EM on two blocking rules, prediction over the
union of three blocking rules at probability 0.5. The pairs found are scored
against truth.csv at Splink's default decision (probability >= 0.95 a match)
so the two tools are compared on the same truth. Nothing personal is printed.
"""

import csv
import re
import sys
import time
from pathlib import Path

from unidecode import unidecode

MATCH = 0.95


def iso(date):
    """A dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy or yyyy date as yyyy-mm-dd (None otherwise)."""
    d = date.strip()
    for pattern, order in ((r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})$", "dmy"), (r"(\d{4})-(\d{1,2})-(\d{1,2})$", "ymd")):
        m = re.match(pattern, d)
        if m:
            a, b, c = m.groups()
            y, mo, dd = (c, b, a) if order == "dmy" else (a, b, c)
            return f"{int(y):04d}-{int(mo):02d}-{int(dd):02d}"
    if re.match(r"\d{4}$", d):
        return f"{d}-01-01"
    return None


def name(text):
    return unidecode(text).lower().strip() or None


def prepare(src, out, source):
    rows = 0
    with open(src, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g)
        w.writerow(["unique_id", "source", "surname", "given_name", "patronymic", "dob", "sex"])
        for r in csv.DictReader(f):
            surname, given, patronymic = r.get("surname", ""), r.get("given_name", ""), r.get("patronymic", "")
            if not (surname or given) and r.get("full_name"):
                parts = r["full_name"].split()
                surname, given, patronymic = (parts + ["", "", ""])[:3]
            w.writerow([r["id"], source, name(surname), name(given), name(patronymic), iso(r.get("birth_date", "")), r.get("sex") or None])
            rows += 1
    return rows


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    t0 = time.perf_counter()
    work = out.parent
    prepare(data / "registry.csv", work / "splink_registry.csv", "registry")
    answers = sorted(data.glob("responses_*.csv"))
    with open(work / "splink_answers.csv", "w", newline="", encoding="utf-8") as g:
        g.write("unique_id,source,surname,given_name,patronymic,dob,sex\n")
        for i, p in enumerate(answers):
            tmp = work / f"splink_answers_{i}.csv"
            prepare(p, tmp, "answers")
            with open(tmp, encoding="utf-8") as f:
                next(f)
                g.writelines(f)
            tmp.unlink()
    t_prep = time.perf_counter() - t0

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t1 = time.perf_counter()
    db = DuckDBAPI()
    # Every column as text, so both sides type their dates alike.
    for table, f in (("registry", "splink_registry.csv"), ("answers", "splink_answers.csv")):
        db.duckdb_con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{work / f}', all_varchar = true)")
    reg = db.register("registry")
    ans = db.register("answers")
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("surname"),
            cl.NameComparison("given_name"),
            cl.NameComparison("patronymic"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("surname", "given_name"),
            block_on("substr(dob, 1, 4)", "surname"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker([reg, ans], settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match([block_on("surname", "given_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "given_name"))
    pairs = linker.inference.predict(threshold_match_probability=0.5)
    db.duckdb_con.execute(
        f"COPY (SELECT unique_id_l, unique_id_r, match_probability FROM {pairs.physical_name}) TO '{out}' (HEADER, DELIMITER ',')"
    )
    t_link = time.perf_counter() - t1

    truth = set()
    with open(data / "truth.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            truth.add((r["registry_id"], r["response_id"]))
    found = matched = right = 0
    with open(out, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a, b = r["unique_id_l"], r["unique_id_r"]
            key = (a, b) if a.startswith("KZ") else (b, a)
            found += 1
            if float(r["match_probability"]) >= MATCH:
                matched += 1
                right += key in truth
    precision = right / matched if matched else 0.0
    recall = right / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"splink {t_link:.2f} s linking (training and prediction) + {t_prep:.2f} s preparing the files; "
          f"{found} pairs >= 0.5; at >= {MATCH}: precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}")


if __name__ == "__main__":
    main()
