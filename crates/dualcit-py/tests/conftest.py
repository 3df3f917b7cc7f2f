"""Shared fixtures: the repository, the CLI binary, CLI runs to compare with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURE_RESPONSES = [
    "fixtures/responses_ru.csv",
    "fixtures/responses_uz.jsonl",
    "fixtures/responses_ua.cp1251.csv",
    "fixtures/responses_by.koi8r.csv",
]


def dualcit_cmd() -> list[str]:
    """The CLI: $DUALCIT_BIN (set by .ci/python) or cargo run --release."""
    b = os.environ.get("DUALCIT_BIN")
    if b:
        return [b]
    built = ROOT / "target" / "release" / "dualcit"
    if built.exists():
        return [str(built)]
    return ["cargo", "run", "--quiet", "--release", "--"]


def run_cli(*args: str) -> None:
    subprocess.run(dualcit_cmd() + list(args), cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_cli_csv(path: Path, like: pa.Schema | None = None) -> pa.Table:
    """A CLI output CSV, every column as text except those typed like `like`."""
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        cols = next(csv.reader(f))
    types = {c: pa.string() for c in cols}
    if like is not None:
        for f in like:
            if f.name in types:
                types[f.name] = f.type
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli_fixtures(tmp_path_factory) -> dict[str, Path]:
    """The README's run command on the shipped fixtures."""
    out = tmp_path_factory.mktemp("cli") / "matches.csv"
    args = ["match", "--registry", "fixtures/registry.csv"]
    for r in FIXTURE_RESPONSES:
        args += ["--responses", r]
    run_cli(*args, "--out", str(out), "--quiet")
    return {"matches": out, "rejects": out.with_name("matches.rejects.csv")}


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, object]:
    """A generated 20k x 5k set and the CLI's matches on it."""
    d = tmp_path_factory.mktemp("gen")
    run_cli("generate", "--out-dir", str(d), "--registry-size", "20000", "--responses-size", "5000", "--seed", "42")
    responses = sorted(str(p) for p in d.iterdir() if p.name.startswith("responses"))
    out = d / "cli" / "matches.csv"
    out.parent.mkdir()
    args = ["match", "--registry", str(d / "registry.csv")]
    for r in responses:
        args += ["--responses", r]
    run_cli(*args, "--out", str(out), "--quiet")
    return {"dir": d, "registry": str(d / "registry.csv"), "responses": responses, "matches": out, "rejects": out.with_name("matches.rejects.csv")}


def assert_same_table(got: pa.Table, want: pa.Table, ignore: tuple[str, ...] = ()) -> None:
    """Same columns in the same order, same rows in the same order, same values."""
    assert got.column_names == want.column_names
    assert got.num_rows == want.num_rows, (got.num_rows, want.num_rows)
    for name in got.column_names:
        if name in ignore:
            continue
        g, w = got.column(name).to_pylist(), want.column(name).to_pylist()
        if g != w:
            bad = next(i for i, (a, b) in enumerate(zip(g, w)) if a != b)
            raise AssertionError(f"column {name!r} differs first at row {bad}: {g[bad]!r} != {w[bad]!r}")
