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
3. The shares are merged on the executors, no machine holding every pair
   (``dualcit::SharePlan``): the ids of every share grouped by file and id (an id
   on several lines is rejected after its first accepted line); each share's
   look-alike strata summed into the run's plan on the driver (small: one summary
   per share) and shipped back; each share's pairs calibrated and decided on their
   own; the precision target's floor from the ``match`` probabilities grouped by
   value; the pairs' connected components (response record — registry person and
   country) found by label propagation with pointer jumping, and the one-to-one rule applied to each
   component by ``applyInArrow`` over buckets of components (one Python call per
   bucket, each component apart in Rust); the second floor, then each
   component finished (its output rows) the same way. Integer sums make the
   figures the one-machine run's whatever the split.

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

_PAIR_COLUMNS = "file int, line long, registry long, response_node long, person_node long, match_p double, pair binary"
_PAIR_NAMES = ["file", "line", "registry", "response_node", "person_node", "match_p", "pair"]

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
    seconds of each phase (``registry_index``, ``score_shares``, ``merge``) and the
    rounds the connected components took (``component_rounds``); ``stats``
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
    shares_df = _score_on_executors(spark, inputs, index_file, on_bad_field, on_bad_date, partitions)

    # 3. The merge, spread over the executors.
    try:
        info: dict[str, Any] = {}
        m, rejects, stats_json = _spread_merge(spark, reg, index, settings, [label for label, _, _ in inputs], shares_df, index_file, max_reject_share, lap, info)
    except dualcit.DualcitError as e:
        raise dualcit._attach_rejects(e)
    if stats is not None:
        stats.update(json.loads(stats_json))
    lap("merge")
    if timings is not None:
        timings["component_rounds"] = info["component_rounds"]
        timings["merge_steps"] = info["steps"]
    if return_rejects:
        return m, rejects
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


def _score_on_executors(spark: Any, inputs: list, index_file: str, on_bad_field: str, on_bad_date: str, partitions: int | None) -> tuple[Any, list]:
    """Each answer input scored in shares on the executors: the shares' DataFrame (file,
    first_line, share) and the persisted inputs it reads."""
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
    for sc in scored[1:]:
        shares_df = shares_df.unionAll(sc)
    return shares_df, persisted


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


def _padded(batch: pa.RecordBatch, schema: pa.Schema, **constants: Any) -> pa.RecordBatch:
    """`batch` under `schema`: its own columns, `constants` repeated, nulls elsewhere."""
    n = batch.num_rows
    cols = []
    for f in schema:
        if f.name in batch.schema.names:
            cols.append(batch.column(f.name).cast(f.type))
        elif f.name in constants:
            cols.append(pa.array([constants[f.name]] * n, f.type))
        else:
            cols.append(pa.nulls(n, f.type))
    return pa.RecordBatch.from_arrays(cols, schema=schema)


def _one(schema: pa.Schema, **values: Any) -> pa.RecordBatch:
    """A one-row batch under `schema`: `values`, nulls elsewhere."""
    return pa.RecordBatch.from_arrays([pa.array([values.get(f.name)], f.type) for f in schema], schema=schema)


def _floor(plan: bytes, pairs_df: Any) -> float | None:
    """The precision target's floor from the `match` probabilities, grouped by value."""
    groups = pairs_df.filter("match_p is not null").groupBy("match_p").count().collect()
    return _dualcit.precision_floor(plan, [g["match_p"] for g in groups], [int(g["count"]) for g in groups])


def _components(pairs_df: Any, rounds: dict[str, int] | None = None) -> Any:
    """Each pair's connected component, named by a node of it: over the edges response
    record — registry person and country, every node takes the smallest label among its
    edges' ends, then jumps to its label's label (pointer jumping: a long chain of
    namesakes collapses in a few rounds instead of one round per link). Labels are
    always nodes of the node's own component; when a round changes no label, the two
    ends of every edge agree, so each component has one label. Checkpointed every
    round so the plan stays short."""
    from pyspark.sql import functions as F

    edges = pairs_df.select(F.col("response_node").alias("a"), F.col("person_node").alias("b")).distinct().localCheckpoint()
    nodes = edges.select(F.col("a").alias("node")).union(edges.select(F.col("b").alias("node"))).distinct().withColumn("label", F.col("node")).localCheckpoint()
    n = 0
    while True:
        n += 1
        ends = edges.join(nodes.withColumnRenamed("node", "a").withColumnRenamed("label", "la"), "a").join(nodes.withColumnRenamed("node", "b").withColumnRenamed("label", "lb"), "b")
        low = ends.select("a", "b", F.least("la", "lb").alias("m"))
        proposed = low.select(F.col("a").alias("node"), "m").union(low.select(F.col("b").alias("node"), "m")).groupBy("node").agg(F.min("m").alias("m"))
        hooked = nodes.join(proposed, "node").select("node", "label", F.least("label", "m").alias("new"))
        # Pointer jumping: a node's new label is its label's label when that is smaller.
        parent = hooked.select(F.col("node").alias("new"), F.col("new").alias("grand"))
        jumped = hooked.join(parent, "new", "left").select("node", "label", F.least("new", F.coalesce("grand", "new")).alias("next")).localCheckpoint()
        changed = jumped.filter("next < label").limit(1).count()
        nodes = jumped.select("node", F.col("next").alias("label"))
        if changed == 0:
            break
    if rounds is not None:
        rounds["components"] = n
    return edges.join(nodes.withColumnRenamed("node", "a"), "a").select(F.col("a").alias("response_node"), F.col("b").alias("person_node"), "label")


def _spark_type(name: str, carried: bool) -> str:
    if not carried and name == "response_line":
        return "long"
    if not carried and (name == "probability" or name.endswith("_weight")):
        return "double"
    return "string"


def _spread_merge(spark: Any, reg: Any, index: Any, settings: Any, labels: list[str], scored: tuple[Any, list], index_file: str, max_reject_share: float | None, lap: Any, info: dict[str, Any]) -> tuple[Any, Any, str]:
    """The merge on the executors (README, "Spark"): matches and rejects DataFrames, stats JSON."""
    from pyspark.sql import functions as F

    import time

    shares_df, persisted = scored
    shares_df = shares_df.persist()
    cached = [shares_df]
    steps: dict[str, float] = {}
    info["steps"] = steps  # type: ignore[assignment]
    clock = [time.time()]

    def step(name: str) -> None:
        now = time.time()
        steps[name] = round(now - clock[0], 2)
        clock[0] = now

    # 1. Ids on several lines of a file: their first accepted line.
    def ids(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from dualcit import _dualcit as native

        for b in batches:
            for f, share in zip(b.column("file").to_pylist(), b.column("share").to_pylist()):
                t = native.share_ids(share)
                yield pa.RecordBatch.from_arrays([pa.array([f] * t.num_rows, pa.int32()), t.column(0), t.column(1), t.column(2)], names=["file", "id", "line", "accepted"])

    id_rows = shares_df.mapInArrow(ids, "file int, id string, line long, accepted boolean")
    repeated = (
        id_rows.groupBy("file", "id")
        .agg(F.count(F.lit(1)).alias("n"), F.min(F.when(F.col("accepted"), F.col("line"))).alias("first"))
        .filter("n > 1 and first is not null")
        .collect()
    )
    dups: dict[int, tuple[list[str], list[int]]] = {}
    for r in repeated:
        d = dups.setdefault(int(r["file"]), ([], []))
        d[0].append(r["id"])
        d[1].append(int(r["first"]))

    # 2. The plan, from every share's summary.
    def summaries(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from dualcit import _dualcit as native

        for b in batches:
            files = b.column("file").to_pylist()
            out = [native.share_summary(share, *dups.get(f, ([], []))) for f, share in zip(files, b.column("share").to_pylist())]
            yield pa.RecordBatch.from_arrays([pa.array(files, pa.int32()), pa.array(out, pa.binary())], names=["file", "summary"])

    summary_rows = [(int(r["file"]), bytes(r["summary"])) for r in shares_df.mapInArrow(summaries, "file int, summary binary").collect()]
    for p in persisted:
        p.unpersist()
    lap("score_shares")
    clock[0] = time.time()
    plan = _dualcit.plan_shares(settings, labels, summary_rows)

    # 3. Each share decided pair by pair: pairs, rejects and tallies in one schema.
    decided_schema = pa.schema(
        [("kind", pa.int32()), ("file", pa.int32()), ("line", pa.int64()), ("registry", pa.int64()), ("response_node", pa.int64()), ("person_node", pa.int64()), ("match_p", pa.float64()), ("pair", pa.binary()),
         ("r_kind", pa.int32()), ("seq", pa.int32()), ("r_file", pa.string()), ("field", pa.string()), ("reason", pa.string()), ("row", pa.string()), ("tally", pa.binary())]
    )

    def decide(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from dualcit import _dualcit as native

        for b in batches:
            for f, share in zip(b.column("file").to_pylist(), b.column("share").to_pylist()):
                pairs, rejects, tally = native.decide_share(plan, f, share, *dups.get(f, ([], [])))
                yield _padded(pairs, decided_schema, kind=0)
                r = pa.RecordBatch.from_arrays([rejects.column(i) for i in range(rejects.num_columns)], names=["file", "line", "r_kind", "seq", "r_file", "field", "reason", "row"])
                yield _padded(r, decided_schema, kind=1)
                yield _one(decided_schema, kind=2, file=f, tally=tally)

    decided = shares_df.mapInArrow(decide, ", ".join(f"{f.name} {_DDL[f.type]}" for f in decided_schema)).persist()
    cached.append(decided)
    tallies = [(int(r["file"]), bytes(r["tally"])) for r in decided.filter("kind = 2").select("file", "tally").collect()]
    step("decide_shares")
    per_file = [[0, 0] for _ in labels]
    for f, t in tallies:
        read, _, rejected = _dualcit.tally_rows(t)
        per_file[f][0] += read
        per_file[f][1] += rejected
    share_rejects = decided.filter("kind = 1").select(
        F.col("file").alias("_f"), F.col("line").alias("_o"), F.col("r_kind").alias("_k"), F.col("seq").alias("_s"), F.col("r_file").alias("file"), F.col("line"), "field", "reason", "row"
    )
    reg_rejects = _dualcit.rejects_of([reg])
    reg_table = pa.table(
        {"_f": pa.array([-1] * reg_rejects.num_rows, pa.int32()), "_o": pa.array(range(reg_rejects.num_rows), pa.int64()), "_k": pa.array([0] * reg_rejects.num_rows, pa.int32()), "_s": pa.array([0] * reg_rejects.num_rows, pa.int32()),
         **{c: reg_rejects.column(c) for c in ["file", "line", "field", "reason", "row"]}}
    )
    rejects = share_rejects.unionByName(_to_spark(spark, reg_table)) if reg_table.num_rows else share_rejects
    rejects = rejects.orderBy("_f", "_o", "_k", "_s").drop("_f", "_o", "_k", "_s")
    checked = [(reg.source, reg.read, reg.rejected)] + [(lab, pf[0], pf[1]) for lab, pf in zip(labels, per_file)]
    for source, read, rejected in checked:
        if max_reject_share is not None and read > 0 and rejected / read > max_reject_share:
            err = dualcit.DualcitError(
                f"{source}: {rejected} of {read} rows rejected ({rejected / read * 100:.0f}%), more than max_reject_share {max_reject_share}; the rejected rows and why are in the error's .rejects table; no matches returned (check the table's columns, or raise max_reject_share)"
            )
            err.file, err.line, err.field = None, None, None
            err.rejects = rejects.toArrow()
            for c in cached:
                c.unpersist()
            raise err

    # 4. The first floor, the components, the one-to-one rule per component.
    pairs_df = decided.filter("kind = 0").select(*_PAIR_NAMES)
    floor1 = _floor(plan, pairs_df)
    step("floor1")
    rounds: dict[str, int] = {}
    labelled = pairs_df.join(_components(pairs_df, rounds), ["response_node", "person_node"])
    step("components")
    component_schema = pa.schema([("label", pa.int64())] + [(n, decided_schema.field(n).type) for n in _PAIR_NAMES] + [("tally", pa.binary())])
    # Components go to tasks in buckets (one Python call per bucket, not per component);
    # Rust decides each component of a bucket apart.
    buckets = int(spark.conf.get("spark.sql.shuffle.partitions", "200"))
    labelled = labelled.withColumn("_bucket", F.pmod(F.xxhash64("label"), F.lit(buckets)))

    def one_to_one(table: pa.Table) -> pa.Table:
        from dualcit import _dualcit as native

        out, tally = native.decide_components(plan, floor1, table.select(["label"] + _PAIR_NAMES).combine_chunks().to_batches()[0])
        return pa.Table.from_batches([_padded(out, component_schema), _one(component_schema, tally=tally)])

    components = labelled.groupBy("_bucket").applyInArrow(one_to_one, ", ".join(f"{f.name} {_DDL[f.type]}" for f in component_schema)).persist()
    cached.append(components)
    tallies_all = [t for _, t in tallies] + [bytes(r["tally"]) for r in components.filter("tally is not null").select("tally").collect()]
    step("one_to_one")
    decided_pairs = components.filter("tally is null")
    floor2 = _floor(plan, decided_pairs)
    step("floor2")

    # 5. Each component finished: its rows, in output order; the registry's carried columns joined by position.
    columns = _dualcit.matches_columns(reg, plan)
    own = [c for c in columns if not c.startswith("registry.")]
    key_cols = [("_file", "int"), ("_line", "long"), ("_registry", "long")]
    final_ddl = ", ".join([f"`{c}` {_spark_type(c, c.startswith('response.'))}" for c in own] + [f"{k} {t}" for k, t in key_cols] + ["_tally binary"])

    final_schema = pa.schema([(c, {"long": pa.int64(), "double": pa.float64()}.get(_spark_type(c, c.startswith("response.")), pa.string())) for c in own] + [("_file", pa.int32()), ("_line", pa.int64()), ("_registry", pa.int64()), ("_tally", pa.binary())])

    def finish(table: pa.Table) -> pa.Table:
        from pyspark import SparkFiles

        from dualcit import _dualcit as native

        rows, tally = native.finish_components(plan, SparkFiles.get(index_file), floor2, table.select(_PAIR_NAMES).combine_chunks().to_batches()[0])
        return pa.Table.from_batches([_padded(rows, final_schema), _one(final_schema, _tally=tally)], schema=final_schema)

    finished = decided_pairs.withColumn("_bucket", F.pmod(F.xxhash64("label"), F.lit(buckets))).groupBy("_bucket").applyInArrow(finish, final_ddl).persist()
    cached.append(finished)
    tallies_all += [bytes(r["_tally"]) for r in finished.filter("_tally is not null").select("_tally").collect()]
    step("finish")
    m = finished.filter("_tally is null")
    extras = _dualcit.registry_extras(reg)
    if extras.num_columns > 1:
        m = m.join(_to_spark(spark, pa.Table.from_batches([extras])), "_registry")
    m = m.orderBy("_file", "_line", "_registry").select([F.col(f"`{c}`") for c in columns]).localCheckpoint()
    rejects = rejects.localCheckpoint()
    step("order")
    stats_json = _dualcit.spread_stats(settings, index, plan, summary_rows, tallies_all, floor1, floor2)
    info["component_rounds"] = rounds.get("components", 0)
    for c in cached:
        c.unpersist()
    return m, rejects, stats_json


_DDL = {pa.int32(): "int", pa.int64(): "long", pa.float64(): "double", pa.binary(): "binary", pa.string(): "string"}
