#!/usr/bin/env python3
"""`dualcit.spark.link` (local[2]) against a CLI run on the same files: identical or not.

    dualcit match --registry D/registry.csv --responses RU=D/answers_ru.csv ... --out M.csv
    python scripts/spark_check.py --registry D/registry.csv --responses RU=D/answers_ru.csv ... --cli M.csv

The answers are given as the CLI was given them (`CC=FILE`, or `FILE` when the file has
a country column), so `response_file` is the same label. Every column of every row is
compared, in order; the first difference is printed (its column and row, no values
unless `--show-data`). Prints the Spark timings (nothing personal) and exits 1 on a
difference. Needs the dualcit wheel, pyarrow and pyspark (see the README, "Spark").
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--responses", action="append", required=True, help="CC=FILE or FILE, as given to dualcit match")
    ap.add_argument("--cli", required=True, help="the matches CSV of dualcit match on the same files")
    ap.add_argument("--partitions", type=int, default=8, help="spark.sql.shuffle.partitions")
    ap.add_argument("--show-data", action="store_true", help="print the differing values (personal data)")
    args = ap.parse_args()

    import pyarrow as pa
    import pyarrow.csv as pacsv
    from pyspark.sql import SparkSession

    import dualcit.spark

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.driver.memory", "6g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    read = lambda p: spark.read.option("header", True).option("escape", '"').csv(p)
    inputs, labels = [], []
    for r in args.responses:
        cc, _, path = r.rpartition("=")
        inputs.append((cc.upper(), read(path)) if cc else read(path))
        labels.append(path)
    t = time.time()
    timings: dict = {}
    got = dualcit.spark.link(read(args.registry), inputs, labels=labels, timings=timings).toArrow()
    wall = time.time() - t
    with open(args.cli, encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\r\n")
    types = {c: got.schema.field(c).type if c in got.schema.names else pa.string() for c in next(__import__("csv").reader([header]))}
    want = pacsv.read_csv(args.cli, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False))
    print(f"spark.link: {wall:.1f} s, {got.num_rows} rows; timings {timings}")
    if got.column_names != want.column_names:
        print(f"columns differ: spark {got.column_names} / cli {want.column_names}")
        return 1
    if got.num_rows != want.num_rows:
        print(f"rows differ: spark {got.num_rows} / cli {want.num_rows}")
        return 1
    for name in got.column_names:
        g, w = got.column(name).to_pylist(), want.column(name).to_pylist()
        if g != w:
            i = next(i for i, (a, b) in enumerate(zip(g, w)) if a != b)
            print(f"column {name!r} differs first at row {i}" + (f": {g[i]!r} != {w[i]!r}" if args.show_data else ""))
            return 1
    print(f"identical to {args.cli}: {got.num_rows} rows x {got.num_columns} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
