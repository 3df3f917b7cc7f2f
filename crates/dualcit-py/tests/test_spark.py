"""dualcit.spark.link on local[2] against the CLI: the same pairs, probabilities and decisions."""

from __future__ import annotations

import io
import csv
import os
import time

import pyarrow as pa
import pytest

import dualcit
import dualcit.spark
from conftest import FIXTURE_RESPONSES, assert_same_table, read_cli_csv

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    import sys

    from pyspark.sql import SparkSession

    # The workers run this interpreter (the test environment, where dualcit is installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("dualcit-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
    yield s
    s.stop()


def _df_of_csv(spark, path: str, encoding: str = "utf-8", partitions: int = 3):
    """A CSV file as a Spark DataFrame of string columns, in file order."""
    with open(path, encoding=encoding, newline="") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=';' if text.split('\n')[0].count(';') > text.split('\n')[0].count(',') else ','))
    t = pa.table({h: [r[i] if i < len(r) else None for r in rows[1:]] for i, h in enumerate(rows[0])})
    return spark.createDataFrame(t.to_pandas()).repartition(1).coalesce(1) if partitions == 1 else _ordered(spark, t, partitions)


def _ordered(spark, t: pa.Table, partitions: int):
    """A DataFrame whose row order is the table's, split into `partitions` partitions."""
    pdf = t.to_pandas()
    rdd = spark.sparkContext.parallelize([tuple(r) for r in pdf.itertuples(index=False)], partitions)
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField(c, T.StringType(), True) for c in pdf.columns])
    return spark.createDataFrame(rdd, schema)


def test_spark_link_on_the_fixtures_is_the_cli(spark, root, cli_fixtures):
    os.chdir(root)
    import pandas as pd

    reg = _ordered(spark, pa.Table.from_pandas(pd.read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False)), 2)
    uz = __import__("pyarrow.json").json.read_json("fixtures/responses_uz.jsonl")
    answers = [
        _df_of_csv(spark, "fixtures/responses_ru.csv", partitions=3),
        _ordered(spark, uz, 2),
        _df_of_csv(spark, "fixtures/responses_ua.cp1251.csv", "cp1251", partitions=2),
        _df_of_csv(spark, "fixtures/responses_by.koi8r.csv", "koi8-r", partitions=2),
    ]
    t0 = time.time()
    matches, rejects = dualcit.spark.link(reg, answers, labels=FIXTURE_RESPONSES, return_rejects=True)
    got = matches.toArrow()
    print(f"spark fixtures: {time.time() - t0:.1f}s")
    want = read_cli_csv(cli_fixtures["matches"], got.schema)
    # A table's row i is line i + 2; the JSON Lines file counts lines without a header.
    assert_same_table(got, want, ignore=("response_line",))
    local = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES)
    assert got.column("response_line").to_pylist() == [
        l + 1 if f.endswith(".jsonl") else l for f, l in zip(local.column("response_file").to_pylist(), local.column("response_line").to_pylist())
    ]
    assert rejects.count() == read_cli_csv(cli_fixtures["rejects"]).num_rows


def test_spark_link_on_the_generated_set_is_the_cli(spark, generated):
    import pandas as pd

    reg = spark.createDataFrame(pd.read_csv(generated["registry"], dtype=str, keep_default_na=False))
    answers = {p: _ordered(spark, pa.Table.from_pandas(pd.read_csv(p, dtype=str, keep_default_na=False)), 4) for p in generated["responses"]}
    t0 = time.time()
    st: dict = {}
    matches, rejects = dualcit.spark.link(reg, answers, return_rejects=True, stats=st)
    got = matches.toArrow()
    local: dict = {}
    dualcit.link(generated["registry"], generated["responses"], stats=local)
    for k in ("passes", "decisions", "lookalike", "expected", "candidate_pairs", "response_records"):
        assert st[k] == local[k], k
    print(f"spark 20k x 5k: {time.time() - t0:.1f}s, {got.num_rows} pairs")
    want = read_cli_csv(generated["matches"], got.schema)
    assert got.num_rows > 1000
    assert_same_table(got, want)
    cli_rejects = read_cli_csv(generated["rejects"]).to_pylist()
    got_rejects = [{k: (str(v) if k == "line" else v) for k, v in r.asDict().items()} for r in rejects.collect()]
    assert got_rejects == cli_rejects


def test_spark_link_with_a_raised_match_threshold_is_the_local_run(spark, generated):
    """A precision target the matches miss raises the match threshold: both of the
    spread merge's floors (before and after the one-to-one rule, from probabilities
    grouped across executors) and the components give the one-machine decisions."""
    import pandas as pd

    reg = spark.createDataFrame(pd.read_csv(generated["registry"], dtype=str, keep_default_na=False))
    answers = [_ordered(spark, pa.Table.from_pandas(pd.read_csv(p, dtype=str, keep_default_na=False)), 3) for p in generated["responses"]]
    st: dict = {}
    got = dualcit.spark.link(reg, answers, precision_target=0.9999, stats=st, labels=generated["responses"]).toArrow()
    local: dict = {}
    want = dualcit.link(generated["registry"], generated["responses"], precision_target=0.9999, stats=local)
    assert local["decisions"]["below_precision_target"] > 0 and local["decisions"]["superseded"] > 0
    for k in ("decisions", "expected", "lookalike"):
        assert st[k] == local[k], k
    assert_same_table(got, want)


def test_spark_link_duplicates_across_partitions_and_errors(spark, root):
    os.chdir(root)
    rows = [("R1", "IVANOV", "EVGENII", "PETROVICH", "1980-05-17", "M", "RU"), ("R2", "X", "", "", "31.02.1980", "M", "RU")] * 3
    t = pa.table({c: [r[i] for r in rows] for i, c in enumerate(["id", "surname", "given_name", "patronymic", "birth_date", "sex", "country"])})
    df = _ordered(spark, t, 3)
    st_spark: dict = {}
    st_local: dict = {}
    m_spark, r_spark = dualcit.spark.link(spark.createDataFrame(pa.Table.from_pandas(__import__("pandas").read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False)).to_pandas()), [df], labels=["t"], return_rejects=True, max_reject_share=None, stats=st_spark)
    m_local, r_local = dualcit.link("fixtures/registry.csv", {"t": t}, return_rejects=True, max_reject_share=None, stats=st_local)
    assert_same_table(m_spark.toArrow(), m_local)
    # The repeats in later partitions were looked up there, but are not counted.
    for k in ("candidate_pairs", "passes", "response_records", "decisions", "expected"):
        assert st_spark[k] == st_local[k], k
    got = r_spark.toArrow()
    assert got.filter(pa.compute.equal(got.column("file"), "t")).to_pylist() == r_local.filter(pa.compute.equal(r_local.column("file"), "t")).to_pylist()
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.spark.link(df, [df.drop("country")])
    assert e.value.field == "country" and e.value.line == 1


def test_spark_link_with_a_hot_block_is_the_local_run_and_reports_the_cap(spark, root):
    """600 registry records of one name and date: blocks over a pass's cap (300 for
    name_only) are skipped for the queries that meet them and counted, not a crash."""
    os.chdir(root)
    import pandas as pd

    reg = pd.read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False)
    hot = pd.DataFrame({"id": [f"HOT{i:04d}" for i in range(600)], "surname": "Ахметов", "given_name": "Ержан", "patronymic": "Серикович", "birth_date": "01.01.1980", "sex": "М"})
    reg = pd.concat([reg, hot], ignore_index=True).fillna("")
    ans = pa.table({
        "id": [f"RU-H{i}" for i in range(6)] + ["RU-X"],
        "surname": ["AKHMETOV"] * 6 + ["IVANOV"],
        "given_name": ["ERZHAN"] * 6 + ["EVGENII"],
        "patronymic": ["SERIKOVICH"] * 3 + [""] * 3 + ["PETROVICH"],
        "birth_date": ["1980-01-01", "", "1981-03-02", "1980-01-01", "", "1980", "1980-05-17"],
        "country": ["RU"] * 7,
    })
    st_spark: dict = {}
    st_local: dict = {}
    hot_blocks: list = []
    m = dualcit.spark.link(spark.createDataFrame(reg), [_ordered(spark, ans, 3)], labels=["hot"], stats=st_spark, hot_blocks=hot_blocks)
    local = dualcit.link(reg, {"hot": ans}, stats=st_local)
    assert_same_table(m.toArrow(), local)
    assert local.num_rows > 600
    assert st_spark["passes"] == st_local["passes"]
    assert sum(p["capped_pairs"] for p in st_local["passes"]) > 0
    assert max(max(p["largest_blocks"] or [0]) for p in st_local["passes"]) >= 600
    # The hot block by key, asked for: the name_only pass's 600, read from the first of them.
    name_only = [b for b in hot_blocks if b["pass"] == "name_only"][0]
    assert (name_only["records"], name_only["example_id"]) == (600, "HOT0000")
    assert name_only["key"] == [["surname", "Ахметов"], ["given_name", "Ержан"], ["patronymic", "Серикович"]]
    sizes = [p for p in st_spark["passes"] if p["pass"] == "name_only"][0]["largest_blocks"]
    assert sizes[0] == name_only["records"]


_LEAVES_NOTHING = """
import sys, tempfile
import pandas as pd
from pyspark.sql import SparkSession
import dualcit, dualcit.spark
work, temp = sys.argv[1], sys.argv[2]
tempfile.tempdir = temp
spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
reg = spark.createDataFrame(pd.read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False))
answers = spark.createDataFrame(pd.read_csv("fixtures/responses_ru.csv", dtype=str, keep_default_na=False))
assert dualcit.spark.link(reg, [answers], work_dir=work).count() > 0
assert dualcit.spark.link(reg, [answers]).count() > 0
try:
    dualcit.spark.link(reg, [answers.drop("country")])
    raise SystemExit("a file without a country column was accepted")
except dualcit.DualcitError:
    pass
spark.stop()
"""


def test_spark_link_leaves_no_registry_index_on_the_driver(root, tmp_path):
    """The shipped index holds the registry's names: the driver's copy is gone when the
    driver exits (after a run and after a failed one), from a given work_dir and from
    the temporary directory it makes."""
    import subprocess
    import sys

    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    subprocess.run([sys.executable, "-c", _LEAVES_NOTHING, str(work), str(temp)], cwd=root, check=True, timeout=600)
    assert list(work.iterdir()) == []
    assert [p.name for p in temp.iterdir() if p.name.startswith("dualcit")] == []


def test_spark_link_warns_of_header_slips(spark, root, tmp_path):
    """The registry's warnings and each answer input's header warnings reach the caller."""
    import pandas as pd

    os.chdir(root)
    reg = spark.createDataFrame(pd.read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False))
    answers = pd.read_csv("fixtures/responses_ru.csv", dtype=str, keep_default_na=False).rename(columns={"patronymic": "patronymc"})
    with pytest.warns(dualcit.DualcitWarning, match="column 'patronymc'") as got:
        dualcit.spark.link(reg, {"ru": spark.createDataFrame(answers)}).count()
    ours = [w for w in got if issubclass(w.category, dualcit.DualcitWarning)]
    assert len(ours) == 1 and ours[0].filename == __file__
