#!/usr/bin/env python3
"""The Spark benchmark: `dualcit.spark.link` on local[2] beside the CLI, same run, same files.

    cargo build --release --bin dualcit
    python3 -m venv /tmp/sb && /tmp/sb/bin/pip install -r crates/dualcit-py/requirements-test.txt
    /tmp/sb/bin/maturin build --release -m crates/dualcit-py/Cargo.toml -o /tmp/wheels
    /tmp/sb/bin/pip install /tmp/wheels/dualcit-*.whl
    /tmp/sb/bin/python scripts/spark_bench.py --registry-size 1000000 --responses-size 250000 --work /tmp/sb1m

Steps, each timed by wall clock (nothing personal is printed):

1. `dualcit generate` (seed 42) unless the files are there;
2. the CLI: `dualcit match` on the files;
3. Spark local[2]: the files read by `spark.read.csv` (every column a string),
   `dualcit.spark.link`, the matches collected; checked equal to the CLI's
   (pairs, probabilities, decisions: every column but `response_file`);
4. the same with a hot block added: 4,000 registry records of one name and one
   birth date and 40 answers of that person appended (`--hot 0` skips it).

The figures go to stdout as JSON, with a projection of phase 1 (the executors'
scoring) to a larger registry and answer volume from the measured per-answer
cost (see the README, "Spark", for how it is made and what it assumes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli() -> list[str]:
    b = os.environ.get("DUALCIT_BIN") or str(ROOT / "target" / "release" / "dualcit")
    return [b]


def run(args: list[str]) -> float:
    t = time.time()
    subprocess.run(cli() + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - t


def add_hot_block(src: Path, dst: Path, n: int) -> None:
    """A copy of the generated files with a hot block: `n` registry records of one
    name and date (a placeholder-like 01.01.1980), and 40 answers of that person."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.suffix == ".csv":
            shutil.copy(f, dst / f.name)
    with open(dst / "registry.csv", "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for i in range(n):
            w.writerow([f"HOT{i:06d}", "Ахметов", "Ержан", "Серикович", "01.01.1980", "M", "KZ", ""])
    with open(dst / "responses_ru.csv", "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for i in range(40):
            w.writerow([f"RU-HOT{i:03d}", "AKHMETOV", "ERZHAN", "SERIKOVICH", "", "1980-01-01", "M", "RU", "", "citizenship"])


def spark_run(spark, d: Path, responses: list[Path]) -> tuple[float, object]:
    import pyarrow as pa

    import dualcit.spark

    t = time.time()
    read = lambda p: spark.read.option("header", True).option("escape", '"').option("inferSchema", False).csv(str(p))
    phases: dict[str, float] = {}
    matches = dualcit.spark.link(read(d / "registry.csv"), {str(p): read(p) for p in responses}, timings=phases)
    table = matches.toArrow()
    rounds, steps = phases.pop("component_rounds", None), phases.pop("merge_steps", None)
    phases["to_spark_and_collect"] = round(time.time() - t - sum(phases.values()), 2)
    if rounds is not None:
        phases["component_rounds"] = rounds
        phases["merge_steps"] = steps
    return time.time() - t, table, phases


def same(got, cli_csv: Path) -> bool:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(cli_csv, encoding="utf-8", newline="") as f:
        cols = next(csv.reader(f))
    types = {c: pa.string() for c in cols}
    for fld in got.schema:
        if fld.name in types:
            types[fld.name] = pa.float64() if pa.types.is_floating(fld.type) else (pa.int64() if pa.types.is_integer(fld.type) else pa.string())
    want = pacsv.read_csv(cli_csv, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False))
    if got.column_names != want.column_names or got.num_rows != want.num_rows:
        return False
    # Spark gives null for an empty text cell; the CLI's CSV an empty string.
    norm = lambda xs: ["" if x is None else x for x in xs]
    return all(norm(got.column(c).to_pylist()) == norm(want.column(c).to_pylist()) for c in got.column_names if c != "response_file")


def bench(spark, d: Path, label: str) -> dict:
    responses = sorted(p for p in d.iterdir() if p.name.startswith("responses_"))
    out = d / "cli" / "matches.csv"
    out.parent.mkdir(exist_ok=True)
    args = ["match", "--registry", str(d / "registry.csv")]
    for p in responses:
        args += ["--responses", str(p)]
    cli_s = run(args + ["--out", str(out), "--quiet", "--stats", str(out.with_name("stats.json"))])
    spark_s, table, phases = spark_run(spark, d, responses)
    answers = sum(sum(1 for _ in open(p, encoding="utf-8")) - 1 for p in responses)
    stats = json.loads(out.with_name("stats.json").read_text())
    return {
        "data": label,
        "answers": answers,
        "pairs_written": table.num_rows,
        "candidate_pairs": stats["link"]["candidate_pairs"],
        "cli_seconds": round(cli_s, 1),
        "spark_local2_seconds": round(spark_s, 1),
        "spark_over_cli": round(spark_s / cli_s, 2),
        "spark_phases_seconds": phases,
        "cli_stage_seconds": {k: round(v["secs"] + v["nanos"] / 1e9, 2) for k, v in stats["link"]["timings"].items()} | {"read": round(stats["read_seconds"], 2)},
        "identical_to_cli": same(table, out),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--registry-size", type=int, default=1_000_000)
    ap.add_argument("--responses-size", type=int, default=250_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--hot", type=int, default=4000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dualcit-spark-bench"))
    a = ap.parse_args()

    d = a.work / "data"
    if not (d / "registry.csv").exists():
        run(["generate", "--out-dir", str(d), "--registry-size", str(a.registry_size), "--responses-size", str(a.responses_size), "--seed", str(a.seed)])

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("dualcit-spark-bench")
        .config("spark.driver.memory", "8g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.maxResultSize", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    results = [bench(spark, d, f"{a.registry_size} x {a.responses_size}")]
    if a.hot:
        h = a.work / "hot"
        add_hot_block(d, h, a.hot)
        results.append(bench(spark, h, f"{a.registry_size} x {a.responses_size} + hot block {a.hot}"))
        results[-1]["slowdown_vs_no_hot_block"] = round(results[-1]["spark_local2_seconds"] / results[0]["spark_local2_seconds"], 2)
    spark.stop()
    print(json.dumps({"machine": f"{os.cpu_count()} cores", "results": results}, indent=2))


if __name__ == "__main__":
    main()
