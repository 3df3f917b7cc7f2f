"""dualcit on Spark: the answers scored on the executors, exactly the one-machine result.

:func:`link` takes a registry DataFrame and answer DataFrames (PySpark 4) and
returns a Spark DataFrame with ``dualcit match``'s matches columns — the same
pairs, probabilities and decisions as :func:`dualcit.link` and the CLI on the
same rows. How (README, "Spark"):

1. The driver reads the registry with the CSV reader's rules and builds the
   registry index (term frequencies over the whole registry, the blocking
   entries), saves it and ships it to the executors with ``addFile`` (each
   executor process loads it once).
2. Each answer DataFrame is numbered in its order (``monotonically_increasing_id``
   plus per-partition offsets, so row ``i`` is line ``i + 2`` as in a CSV file) and
   ``mapInArrow`` hands each Arrow batch to Rust: the rows are read (every row a
   record or a located reject), blocked against the index (all passes; a pair
   found by an earlier pass is not scored again; blocks over a pass's cap are
   skipped and counted, never an executor crash) and scored, keeping the pairs at
   or above the review threshold *before* the run-wide look-alike correction,
   each record's look-alike strata and its probability mass below the threshold.
3. The driver merges the shares (small: the kept pairs and per-record counts):
   an id repeated across shares is rejected as a duplicate of its first line, the
   look-alike calibration is estimated from every answer's strata (as the
   one-machine run does), then the thresholds, the strict policy and the
   one-to-one rule decide, across all answers.

Executors need the ``dualcit`` wheel: ship it unpacked with ``spark.archives``
(``addPyFile`` of a wheel does not load a native module); see the README.
"""

from __future__ import annotations

import atexit
import json
import os
import tempfile
import uuid
from typing import Any, Iterator, Mapping, Sequence

import pyarrow as pa

import dualcit
from dualcit import _dualcit

__all__ = ["link"]

_ID_BITS = 33  # monotonically_increasing_id: partition id in the upper 31 bits, row in the lower 33


def _score_partitions(index_file: str, label: str, country: str | None, on_bad_field: str, on_bad_date: str, offsets: dict[int, int], file_no: int):
    """The mapInArrow function of one answer file (runs on the executors)."""

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import SparkFiles

        from dualcit import _dualcit as native

        path = SparkFiles.get(index_file)
        for b in batches:
            if b.num_rows == 0:
                continue
            # Rows in their file order (a repartitioned share may hold them in any order).
            t = pa.Table.from_batches([b]).sort_by("_dualcit_mid")
            mid = t.column("_dualcit_mid").to_pylist()
            mask = (1 << _ID_BITS) - 1
            lines = [offsets[m >> _ID_BITS] + (m & mask) + 2 for m in mid]
            data = dualcit._string_batch(t.drop_columns(["_dualcit_mid"]))
            share = native.score_share(path, label, data, lines, country, on_bad_field, on_bad_date)
            yield pa.RecordBatch.from_pydict(
                {"file": [file_no], "first_line": [min(lines)], "share": [share]},
                schema=pa.schema([("file", pa.int32()), ("first_line", pa.int64()), ("share", pa.binary())]),
            )

    return score


def _answer_inputs(responses: Any) -> list[tuple[str, Any, str | None]]:
    if isinstance(responses, Mapping):
        return [(str(k), v, None) for k, v in responses.items()]
    if not isinstance(responses, (list, tuple)):
        responses = [responses]
    out = []
    for i, r in enumerate(responses):
        if isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], str):
            out.append((f"responses[{i}]", r[1], r[0].upper()))
        else:
            out.append((f"responses[{i}]", r, None))
    return out


def link(
    registry_df: Any,
    responses_dfs: Any,
    *,
    model: Any = None,
    match_threshold: float | None = None,
    review_threshold: float | None = None,
    passes: Sequence[str] | str | None = None,
    policy: str | None = None,
    allow: Sequence[str] | None = None,
    precision_target: float | None = None,
    labels: Sequence[str] | None = None,
    return_rejects: bool = False,
    registry_country: str = "KZ",
    on_bad_field: str = "blank",
    on_bad_date: str = "reject",
    max_reject_share: float | None = 0.5,
    partitions: int | None = None,
    work_dir: str | None = None,
    timings: dict[str, float] | None = None,
    stats: dict[str, Any] | None = None,
    hot_blocks: list[dict[str, Any]] | None = None,
) -> Any:
    """Links a registry DataFrame with answer DataFrames on Spark.

    ``registry_df``: a Spark DataFrame (or a path / table read on the driver);
    ``responses_dfs``: a DataFrame, a list of them (a ``("RU", df)`` tuple gives
    the country of one without a country column), or a dict ``{label: df}``.
    Columns and aliases are the CSV input's; columns of other types are cast to
    strings. ``labels`` name the answer inputs in ``response_file`` and the
    rejects (default ``responses[i]``). ``partitions``: the answer rows are spread
    over this many tasks for scoring (default: twice the default parallelism; the
    rows are numbered in their order first, so the result does not depend on it).
    Other settings as :func:`dualcit.link`. ``timings``, a dict, receives the wall
    seconds of each phase (``registry_index``, ``score_shares``, ``merge``); ``stats``
    the run's counts as :func:`dualcit.link` gives them — per blocking pass the capped
    pairs and queries and the largest blocks (hot blocks are skipped for a query
    and counted there, never an executor crash). ``hot_blocks``, a list, receives the
    largest blocks of each pass by key (:meth:`dualcit.Index.hot_blocks`, from the
    driver's registry index): personal data, filled only when given.

    Returns a Spark DataFrame with the matches columns in the CLI's order and
    rows (the same pairs, probabilities and decisions as the one-machine run);
    ``return_rejects=True`` returns ``(matches, rejects)`` DataFrames.
    """
    from pyspark.sql import DataFrame, functions as F

    import time

    clock = {"t": time.time()}

    def lap(name: str) -> None:
        now = time.time()
        if timings is not None:
            timings[name] = round(now - clock["t"], 2)
        clock["t"] = now

    settings = dualcit._settings(model, match_threshold, review_threshold, passes, policy, allow, precision_target)
    inputs = _answer_inputs(responses_dfs)
    if labels is not None:
        if len(labels) != len(inputs):
            raise ValueError(f"{len(labels)} labels for {len(inputs)} answer inputs")
        inputs = [(str(lab), df, cc) for lab, (_, df, cc) in zip(labels, inputs)]
    spark = next((df.sparkSession for _, df, _ in inputs if isinstance(df, DataFrame)), None)
    if isinstance(registry_df, DataFrame):
        spark = registry_df.sparkSession
        reg_table = registry_df.select([F.col(f"`{c}`").cast("string").alias(c) for c in registry_df.columns]).toArrow()
    else:
        reg_table = registry_df
    if spark is None:
        raise TypeError("spark.link needs at least one Spark DataFrame")

    # 1. The registry index, built on the driver and shipped to the executors.
    reg = dualcit.read(reg_table, label="registry", country=registry_country, on_bad_field=on_bad_field, on_bad_date=on_bad_date)
    dualcit._warn(json.loads(_dualcit.input_warnings([reg])))
    index = _dualcit.Index.build(reg, settings)
    if hot_blocks is not None:
        hot_blocks.extend(json.loads(index.hot_blocks_json(5)))
    # The index holds the registry's names. Spark has no way to withdraw a file given to
    # addFile (every later task of the context fetches it again), so the driver's copy
    # is removed, with a directory made for it, when the driver process exits; Spark's
    # own copies live in its temporary directory until the context stops.
    own_dir = work_dir is None
    work = tempfile.mkdtemp(prefix="dualcit-spark-") if own_dir else work_dir
    index_file = f"dualcit-index-{uuid.uuid4().hex}.bin"
    index_path = os.path.join(work, index_file)
    atexit.register(_remove_index, index_path, work if own_dir else None)
    index.save(index_path)
    spark.sparkContext.addFile(index_path)
    lap("registry_index")
    files = _score_on_executors(spark, inputs, index_file, on_bad_field, on_bad_date, partitions, lap)

    # 3. The driver merges the shares: calibration over all answers, then the decisions.
    try:
        matches, rejects, stats_json = _dualcit.merge_shares(reg, index, settings, files, max_reject_share)
    except dualcit.DualcitError as e:
        raise dualcit._attach_rejects(e)
    if stats is not None:
        stats.update(json.loads(stats_json))
    lap("merge")
    m = _to_spark(spark, pa.Table.from_batches([matches]))
    if return_rejects:
        return m, _to_spark(spark, pa.Table.from_batches([rejects]))
    return m


def _remove_index(index_path: str, own_dir: str | None) -> None:
    """Removes the driver's copy of the registry index, and the directory made for it."""
    try:
        os.remove(index_path)
    except FileNotFoundError:
        pass
    if own_dir is not None:
        try:
            os.rmdir(own_dir)
        except OSError:
            pass


def _score_on_executors(spark: Any, inputs: list, index_file: str, on_bad_field: str, on_bad_date: str, partitions: int | None, lap: Any) -> list[tuple[str, list[bytes]]]:
    """Scores each answer input in shares on the executors; returns the shares per input."""
    from pyspark.sql import DataFrame, functions as F

    # 2. Each answer input scored in shares on the executors.
    scored = []
    persisted = []
    numbered_inputs = []
    for file_no, (label, df, cc) in enumerate(inputs):
        if not isinstance(df, DataFrame):
            df = spark.createDataFrame(pa.Table.from_batches([dualcit._string_batch(df)]))
        cols = df.columns
        # A header that cannot be used fails here, on the driver, with file/line/field.
        empty = pa.RecordBatch.from_arrays([pa.array([], pa.string()) for _ in cols], names=cols)
        probe = _dualcit.read_batch(label, empty, cc, on_bad_field, on_bad_date)
        # Its header warnings (a column one slip from a known one); the warnings about
        # rows (unknown country codes, answers giving the registry's country) would
        # need every row, and the executors do not return them.
        dualcit._warn([w for w in json.loads(probe.warnings_json()) if w.get("column") is not None], stacklevel=4)
        numbered = df.select([F.col(f"`{c}`").cast("string").alias(c) for c in cols] + [F.monotonically_increasing_id().alias("_dualcit_mid")])
        numbered = numbered.persist()
        persisted.append(numbered)
        numbered_inputs.append(numbered)
    # Rows per partition of every input, in one job: each row's line is its partition's
    # offset plus its place in the partition.
    per_partition = None
    for file_no, numbered in enumerate(numbered_inputs):
        part = numbered.select(F.lit(file_no).alias("f"), F.shiftright(F.col("_dualcit_mid"), _ID_BITS).alias("p"))
        per_partition = part if per_partition is None else per_partition.unionAll(part)
    counts = per_partition.groupBy("f", "p").count().collect() if per_partition is not None else []
    for file_no, ((label, _, cc), numbered) in enumerate(zip(inputs, numbered_inputs)):
        offsets, at = {}, 0
        for row in sorted((r for r in counts if r["f"] == file_no), key=lambda r: r["p"]):
            offsets[int(row["p"])] = at
            at += int(row["count"])
        fn = _score_partitions(index_file, label, cc, on_bad_field, on_bad_date, offsets, file_no)
        tasks = partitions or 2 * spark.sparkContext.defaultParallelism
        spread = numbered.repartition(tasks) if numbered.rdd.getNumPartitions() < tasks else numbered
        scored.append(spread.mapInArrow(fn, "file int, first_line long, share binary"))
    if not scored:
        raise ValueError("spark.link needs at least one answer input")
    shares_df = scored[0]
    for s in scored[1:]:
        shares_df = shares_df.unionAll(s)

    # The shares, collected on the driver.
    files: list[tuple[str, list[bytes]]] = [(label, []) for label, _, _ in inputs]
    for row in shares_df.collect():
        files[row["file"]][1].append(bytes(row["share"]))
    for p in persisted:
        p.unpersist()
    lap("score_shares")
    return files


def _to_spark(spark: Any, table: pa.Table) -> Any:
    """A pyarrow table as a Spark DataFrame (column names and types kept), through Arrow."""
    from pyspark.sql import types as T

    if table.num_rows > 0:
        return spark.createDataFrame(table)
    fields = []
    for f in table.schema:
        if pa.types.is_floating(f.type):
            t = T.DoubleType()
        elif pa.types.is_integer(f.type):
            t = T.LongType()
        else:
            t = T.StringType()
        fields.append(T.StructField(f.name, t, True))
    return spark.createDataFrame([], T.StructType(fields))
