"""dualcit for Python: link a population registry with partner-state answers.

The same engine as the ``dualcit`` CLI (Rust, through a native extension), so a
result never depends on which door was used: :func:`link` returns exactly the
rows, columns and values of ``dualcit match``'s matches file.

Inputs are file paths (CSV / JSON Lines in any encoding the CLI reads, read by
the CLI's own reader) or tables: pyarrow tables and record batches, pandas and
polars data frames, or anything with the Arrow PyCapsule interface
(``__arrow_c_stream__``). A table is read with the CSV reader's rules: the same
column names and aliases, extra columns carried as ``registry.<name>`` /
``response.<name>``, and every row a record or a located reject (a row ``i`` of
a table is "line" ``i + 2``, as in a CSV file with a header).

Example::

    import dualcit, pandas as pd
    registry = pd.read_csv("fixtures/registry.csv", dtype=str)
    matches, rejects = dualcit.link(registry, ["fixtures/responses_ru.csv"], return_rejects=True)
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any, Callable, Iterable, Mapping, Sequence, Union

import pyarrow as pa

from . import _dualcit
from ._dualcit import DualcitError

__all__ = [
    "DualcitError",
    "DualcitWarning",
    "Index",
    "Truth",
    "describe_name",
    "evaluate",
    "link",
    "normalize",
    "read",
    "report_html",
    "train",
]
__version__: str = _dualcit.__version__

PathLike = Union[str, "os.PathLike[str]"]
TableLike = Any  # pyarrow.Table / RecordBatch, pandas or polars DataFrame, or an Arrow PyCapsule stream
Input = Union[PathLike, TableLike, "_dualcit.Data"]

# DualcitError instances always carry these (None when unknown).
DualcitError.file = None  # type: ignore[attr-defined]
DualcitError.line = None  # type: ignore[attr-defined]
DualcitError.field = None  # type: ignore[attr-defined]


class DualcitWarning(UserWarning):
    """Something in the inputs that looks like a mistake, though the run goes on: a
    header one slip from a column dualcit reads (so that column is only carried as an
    extra), an unknown country code, answers giving the registry's own country, a
    file with no data rows. The CLI prints the same warnings on stderr. The text
    names the file, line and column, never a name or an id."""


def _warn(items: list[dict[str, Any]], stacklevel: int = 3) -> None:
    """Issues each engine warning as a DualcitWarning, in the words the CLI prints
    (``text``, formatted by the engine: file, line, column and message)."""
    for w in items:
        warnings.warn(w["text"], DualcitWarning, stacklevel=stacklevel)


# ---------------------------------------------------------------------------
# Inputs


def _to_arrow(table: TableLike) -> pa.Table:
    """Any supported table as a pyarrow Table."""
    if isinstance(table, pa.Table):
        return table
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table])
    mod = type(table).__module__.split(".")[0]
    if mod == "pandas":
        return pa.Table.from_pandas(table, preserve_index=False)
    if mod == "polars":
        return table.to_arrow()
    if hasattr(table, "__arrow_c_stream__"):
        return pa.table(table)
    if isinstance(table, Mapping):
        return pa.table({k: list(v) for k, v in table.items()})
    raise TypeError(
        f"expected a file path, a pyarrow Table, a pandas or polars DataFrame, or an Arrow stream; got {type(table).__name__}"
    )


def _string_batch(table: TableLike) -> pa.RecordBatch:
    """One record batch whose every column is a string column (Utf8, LargeUtf8 or Utf8View)."""
    t = _to_arrow(table)
    arrays = []
    for name, col in zip(t.column_names, t.columns):
        typ = col.type
        if pa.types.is_dictionary(typ):
            col = col.cast(typ.value_type)
            typ = col.type
        if not (pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_string_view(typ)):
            col = col.cast(pa.string())
            typ = col.type
        arr = pa.concat_arrays(col.chunks) if col.num_chunks > 0 else pa.array([], type=typ)
        arrays.append(arr)
    return pa.RecordBatch.from_arrays(arrays, names=[str(n) for n in t.column_names])


def _is_path(x: Any) -> bool:
    return isinstance(x, (str, os.PathLike))


def read(
    source: Input,
    *,
    label: str | None = None,
    country: str | None = None,
    on_bad_field: str = "blank",
    on_bad_date: str = "reject",
    encoding: str = "auto",
) -> "_dualcit.Data":
    """Reads one input (a path or a table) as the engine sees it.

    ``country`` is the country of rows that carry none (``--responses CC=FILE``,
    ``--registry-country``). ``label`` names a table in rejects and in the
    matches' ``response_file`` (a path is named by itself). Fails with
    :class:`DualcitError` (``.file``, ``.line``, ``.field``) when the input
    cannot be used at all (no id column, no name column, no country).
    """
    if isinstance(source, _dualcit.Data):
        return source
    if _is_path(source):
        return _dualcit.read_file(os.fspath(source), country, on_bad_field, on_bad_date, encoding)
    return _dualcit.read_batch(label or "table", _string_batch(source), country, on_bad_field, on_bad_date)


def _responses(responses: Any) -> list[tuple[str | None, Any, str | None]]:
    """(label, source, country) per answer input."""
    if isinstance(responses, Mapping):
        return [(str(k), v, None) for k, v in responses.items()]
    if _is_path(responses) or not isinstance(responses, (list, tuple)):
        responses = [responses]
    out = []
    for i, r in enumerate(responses):
        if isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], str) and len(r[0]) == 2 and r[0].isalpha():
            out.append((None, r[1], r[0].upper()))  # ("RU", table_or_path): the file's country
        else:
            out.append((None, r, None))
    return [(label or (None if _is_path(src) else f"responses[{i}]"), src, cc) for i, (label, src, cc) in enumerate(out)]


def _read_all(registry: Input, responses: Any, registry_country: str, on_bad_field: str, on_bad_date: str, encoding: str):
    reg = read(registry, label="registry", country=registry_country, on_bad_field=on_bad_field, on_bad_date=on_bad_date, encoding=encoding)
    resps = [
        read(src, label=label, country=cc, on_bad_field=on_bad_field, on_bad_date=on_bad_date, encoding=encoding)
        for label, src, cc in _responses(responses)
    ]
    return reg, resps


def _settings(model, match_threshold, review_threshold, passes, policy, allow, precision_target=None) -> "_dualcit.Settings":
    model_path = model_json = None
    if model is not None:
        if isinstance(model, Mapping):
            model_json = json.dumps(model)
        elif isinstance(model, str) and model.lstrip().startswith("{"):
            model_json = model
        else:
            model_path = os.fspath(model)
    if isinstance(passes, str):
        passes = [p for p in passes.split(",") if p.strip()]
    return _dualcit.Settings(
        model_path,
        model_json,
        match_threshold,
        review_threshold,
        list(passes) if passes is not None else None,
        policy,
        list(allow) if allow else None,
        precision_target,
    )


class _Tqdm:
    """The engine's progress as tqdm bars, one per stage."""

    def __init__(self) -> None:
        from tqdm.auto import tqdm  # noqa: F401  (checked by the caller)

        self._bar = None
        self._stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm.auto import tqdm

        if stage != self._stage or self._bar is None:
            if self._bar is not None:
                self._bar.close()
            self._bar = tqdm(total=total, desc=stage, unit="rec")
            self._stage = stage
        self._bar.n = done
        self._bar.refresh()
        if done >= total:
            self._bar.close()
            self._bar = None
            self._stage = None


def _progress(progress: Any) -> Callable[[str, int, int], None] | None:
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            return _Tqdm()
        except ImportError:
            return None
    if callable(progress):
        return progress
    raise TypeError("progress must be None, True (a tqdm bar when tqdm is installed) or a callable(stage, done, total)")


def _attach_rejects(err: DualcitError) -> DualcitError:
    if hasattr(err, "rejects") and isinstance(err.rejects, pa.RecordBatch):
        err.rejects = pa.Table.from_batches([err.rejects])
    return err


# ---------------------------------------------------------------------------
# Linking


def link(
    registry: Input,
    responses: Any,
    *,
    model: Any = None,
    match_threshold: float | None = None,
    review_threshold: float | None = None,
    passes: Sequence[str] | str | None = None,
    threads: int | None = None,
    policy: str | None = None,
    allow: Sequence[str] | None = None,
    precision_target: float | None = None,
    return_rejects: bool = False,
    progress: Any = None,
    registry_country: str = "KZ",
    on_bad_field: str = "blank",
    on_bad_date: str = "reject",
    encoding: str = "auto",
    max_reject_share: float | None = 0.5,
    stats: dict[str, Any] | None = None,
) -> pa.Table | tuple[pa.Table, pa.Table]:
    """Links a registry with answer files; the explained matches as a pyarrow Table.

    ``registry``: a path or a table; ``responses``: one input or a list of them
    (a ``("RU", input)`` tuple gives the country of an input without a country
    column, as ``--responses RU=FILE``), or a dict ``{label: table}``. The
    columns (and aliases) are those of the CSV input.

    The result has ``dualcit match``'s matches columns in its order and its rows
    in its order (response input, response row, registry row), with its values:
    ``probability`` (6 decimals), the ``*_weight`` columns (3 decimals) as
    float64, ``response_line`` as int64, everything else as strings. ``model`` is
    a model file path, its JSON text or a dict; ``policy`` ``"strict"`` (default)
    or ``"score"`` with ``allow`` contradictions; ``precision_target`` the least
    expected precision of the run's matches (``--precision-target``, default 0.995;
    0 turns it off); ``passes`` blocking pass names; ``threads`` the engine's worker
    threads (the output does not depend on it).

    ``return_rejects=True`` returns ``(matches, rejects)``; the rejects table
    (``file, line, field, reason, row``) lists every rejected row and every
    blanked field, as the CLI's rejects file. An input with more than
    ``max_reject_share`` of its rows rejected raises :class:`DualcitError`
    carrying them as ``.rejects`` (the CLI's exit 3; ``None`` disables the check).
    ``progress``: ``True`` for tqdm bars (when tqdm is installed) or a callable
    ``(stage, done, total)``. The GIL is released while the engine runs.
    ``stats``, a dict, receives the run's counts (``--stats``' ``link``: per blocking
    pass the pairs, capped pairs and largest blocks, the decisions, the look-alike
    calibration, the expected precision; no personal data). What looks like a mistake
    in the inputs (the CLI's warnings) is issued as :class:`DualcitWarning`.
    """
    settings = _settings(model, match_threshold, review_threshold, passes, policy, allow, precision_target)
    reg, resps = _read_all(registry, responses, registry_country, on_bad_field, on_bad_date, encoding)
    _warn(json.loads(_dualcit.input_warnings([reg, *resps], registry_country)))
    try:
        matches, rejects, stats_json = _dualcit.link(reg, resps, settings, threads, _progress(progress), max_reject_share)
    except DualcitError as e:
        raise _attach_rejects(e)
    if stats is not None:
        stats.update(json.loads(stats_json))
    m = pa.Table.from_batches([matches])
    if return_rejects:
        return m, pa.Table.from_batches([rejects])
    return m


def normalize(names: Iterable[str | None] | str, field: str = "surname") -> pa.Table:
    """What the engine sees in each name: ``name, canonical, skeleton, alt_skeleton,
    stem, script, language, key, alt_key`` (one row per name; ``field`` is
    ``"surname"``, ``"given_name"`` or ``"patronymic"``)."""
    if isinstance(names, str):
        names = [names]
    return pa.Table.from_batches([_dualcit.normalize([None if n is None else str(n) for n in names], field)])


def describe_name(name: str) -> str:
    """``dualcit normalize``'s description of one name."""
    return _dualcit.describe_name(name)


class Index:
    """A registry index: built once, queried one record at a time, saved and loaded.

    >>> idx = Index.build("fixtures/registry.csv")      # doctest: +SKIP
    >>> idx.query({"id": "q1", "surname": "IVANOV", "given_name": "EVGENII", "birth_date": "1980-05-17"})  # doctest: +SKIP
    """

    def __init__(self, inner: "_dualcit.Index") -> None:
        self._inner = inner

    @classmethod
    def build(
        cls,
        registry: Input,
        *,
        model: Any = None,
        match_threshold: float | None = None,
        review_threshold: float | None = None,
        passes: Sequence[str] | str | None = None,
        policy: str | None = None,
        allow: Sequence[str] | None = None,
        registry_country: str = "KZ",
        on_bad_field: str = "blank",
        on_bad_date: str = "reject",
    ) -> "Index":
        """Builds the index of a registry (a path or a table) with these settings."""
        reg = read(registry, label="registry", country=registry_country, on_bad_field=on_bad_field, on_bad_date=on_bad_date)
        _warn(json.loads(_dualcit.input_warnings([reg])))
        return cls(_dualcit.Index.build(reg, _settings(model, match_threshold, review_threshold, passes, policy, allow)))

    @classmethod
    def load(cls, path: PathLike) -> "Index":
        """Loads an index written by :meth:`save` (versioned and checksummed)."""
        return cls(_dualcit.Index.load(os.fspath(path)))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Index":
        """Decodes :meth:`to_bytes`."""
        return cls(_dualcit.Index.from_bytes(data))

    def save(self, path: PathLike) -> None:
        """Writes the index to ``path`` (atomically)."""
        self._inner.save(os.fspath(path))

    def to_bytes(self) -> bytes:
        """The index as bytes."""
        return self._inner.to_bytes()

    def __len__(self) -> int:
        return len(self._inner)

    def hot_blocks(self, n: int = 5) -> list[dict[str, Any]]:
        """The ``n`` largest blocks of each blocking pass by key, largest first: ``pass``,
        ``records`` (registry records under the key; the sizes ``stats`` reports as
        ``largest_blocks``), ``keys`` (keys of the example record with blocks of that
        size), ``example_id`` and ``key``, the example record's values of the parts the
        pass's key is made of (``[["birth_date", "1970-01-01"]]``). **Personal data**:
        to find a hot block (a placeholder date, a common name) and fix the data."""
        return json.loads(self._inner.hot_blocks_json(n))

    def query(self, record: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The registry persons matching one record (a dict with the CSV columns or
        aliases: ``id``, ``surname``, ``given_name``, ``patronymic``, ``birth_date``,
        ``sex``, ...), best first: ``registry_id``, ``probability``, ``decision``,
        ``explanation``, ... . A record the reader would reject raises
        :class:`DualcitError` with the field."""
        row = {str(k): ["" if v is None else str(v) for v in [v]] for k, v in record.items()}
        if not any(k.lower() in ("id", "record_id", "person_id", "uid", "ид") for k in row):
            row["id"] = ["query"]
        batch = pa.RecordBatch.from_pydict(row)
        return json.loads(self._inner.query_batch(batch))


# ---------------------------------------------------------------------------
# Training, evaluation, the HTML report


class Truth:
    """Known true pairs: a truth file path, a table with ``registry_id``,
    ``response_id`` (and ``country``), or a list of such pairs."""

    def __init__(self, source: Any) -> None:
        if isinstance(source, Truth):
            self._inner = source._inner
        elif _is_path(source):
            self._inner = _dualcit.Truth.read(os.fspath(source))
        else:
            if isinstance(source, list):
                rows = [(str(a), str(b), str(c[0]) if c else "") for a, b, *c in source]
            else:
                t = _to_arrow(source)
                cols = t.to_pydict()
                country = cols.get("country") or cols.get("response_country") or [""] * t.num_rows
                rows = [(str(a), str(b), "" if c is None else str(c)) for a, b, c in zip(cols["registry_id"], cols["response_id"], country)]
            self._inner = _dualcit.Truth.from_pairs(rows)

    def __len__(self) -> int:
        return len(self._inner)


def train(
    registry: Input,
    responses: Any,
    *,
    truth: Any = None,
    model: Any = None,
    passes: Sequence[str] | str | None = None,
    u_samples: int | None = None,
    seed: int | None = None,
    out: PathLike | None = None,
    registry_country: str = "KZ",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Estimates a model on your data (``dualcit train``): u from random pairs, m by
    guarded EM or from the labelled pairs of ``truth``. Returns ``(model, report)``
    as dicts; the model can be passed to :func:`link` as ``model=`` or written to
    ``out``."""
    reg, resps = _read_all(registry, responses, registry_country, "blank", "reject", "auto")
    settings = _settings(model, None, None, passes, None, None)
    t = Truth(truth)._inner if truth is not None else None
    model_json, report_json = _dualcit.train(reg, resps, settings, t, u_samples, seed)
    if out is not None:
        with open(os.fspath(out), "w", encoding="utf-8") as f:
            f.write(model_json)
    return json.loads(model_json), json.loads(report_json)


# The engine's fields, in the order of its level columns (``Field::ALL``).
_FIELDS = ("surname", "given_name", "patronymic", "birth_date", "sex", "iin", "family")


def evaluate(truth: Any, matches: Any) -> dict[str, Any]:
    """Precision, recall and F1 at the decisions, per country, a threshold sweep,
    calibration and the ceiling of decisions on the comparison levels (``dualcit evaluate``). ``matches``: the table :func:`link`
    returns (or a matches CSV path); ``truth``: see :class:`Truth`."""
    if _is_path(matches):
        import pyarrow.csv as pacsv

        matches = pacsv.read_csv(
            os.fspath(matches),
            convert_options=pacsv.ConvertOptions(column_types={"probability": pa.float64()}, strings_can_be_null=False),
        )
    t = _to_arrow(matches)
    cols = t.select(["registry_id", "response_id", "response_country", "probability", "decision"]).to_pydict()
    rows = [
        (str(a), str(b), str(c), float(p), d == "match")
        for a, b, c, p, d in zip(cols["registry_id"], cols["response_id"], cols["response_country"], cols["probability"], cols["decision"])
    ]
    # The level columns, when the table has them all: the ceiling groups pairs by them.
    level_cols = [f"{f}_level" for f in _FIELDS]
    levels = None
    if all(c in t.column_names for c in level_cols):
        lv = t.select(level_cols).to_pydict()
        levels = [[str(x) for x in row] for row in zip(*(lv[c] for c in level_cols))]
    return json.loads(_dualcit.evaluate(Truth(truth)._inner, rows, levels))


def report_html(
    registry: Input,
    responses: Any,
    *,
    truth: Any = None,
    personal_data: bool = False,
    model: Any = None,
    match_threshold: float | None = None,
    review_threshold: float | None = None,
    passes: Sequence[str] | str | None = None,
    policy: str | None = None,
    precision_target: float | None = None,
    threads: int | None = None,
    out: PathLike | None = None,
    registry_country: str = "KZ",
) -> str:
    """Links and renders the self-contained HTML analyst report (``--html``); with
    ``truth`` it includes the evaluation. Returns the page (and writes it to
    ``out`` when given). Names and dates appear only with ``personal_data=True``."""
    reg, resps = _read_all(registry, responses, registry_country, "blank", "reject", "auto")
    settings = _settings(model, match_threshold, review_threshold, passes, policy, None, precision_target)
    t = Truth(truth)._inner if truth is not None else None
    page = _dualcit.report_html(reg, resps, settings, t, personal_data, threads)
    if out is not None:
        with open(os.fspath(out), "w", encoding="utf-8") as f:
            f.write(page)
    return page
