"""dualcit.link and the rest of the Python API against the CLI."""

from __future__ import annotations

import io
import json
import os

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import dualcit
from conftest import FIXTURE_RESPONSES, ROOT, assert_same_table, dualcit_cmd, read_cli_csv, run_cli


@pytest.fixture(autouse=True)
def _at_root(root, monkeypatch):
    monkeypatch.chdir(root)


def test_link_on_the_fixture_files_is_the_cli_matches_file(cli_fixtures):
    matches, rejects = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, return_rejects=True)
    want = read_cli_csv(cli_fixtures["matches"], matches.schema)
    assert matches.num_rows > 5
    assert_same_table(matches, want)
    assert matches.column_names[:6] == ["registry_id", "response_id", "response_country", "probability", "match_weight", "decision"]
    assert matches.schema.field("probability").type == pa.float64()
    assert matches.schema.field("response_line").type == pa.int64()
    # Rejects come back, never dropped: the CLI's rejects file, row for row.
    assert_same_table(rejects, read_cli_csv(cli_fixtures["rejects"], rejects.schema))


def test_a_precision_target_decides_as_the_cli_does(tmp_path):
    # A target above the fixture matches' mean probability: the run raises its match
    # threshold, in Python as on the command line.
    out = tmp_path / "m.csv"
    args = ["match", "--registry", "fixtures/registry.csv"]
    for r in FIXTURE_RESPONSES:
        args += ["--responses", r]
    run_cli(*args, "--precision-target", "0.9999999", "--out", str(out), "--quiet")
    stats: dict = {}
    got = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, precision_target=0.9999999, stats=stats)
    assert_same_table(got, read_cli_csv(out, got.schema))
    assert "below_precision_target" in got.column("review_reason").to_pylist()
    assert stats["decisions"]["raised_match_threshold"] is not None
    with pytest.raises(dualcit.DualcitError):
        dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, precision_target=1.5)


def _table_of_csv(path: str, encoding: str = "utf-8") -> pa.Table:
    with open(path, encoding=encoding) as f:
        text = f.read()
    import csv

    rows = list(csv.reader(io.StringIO(text), delimiter=';' if text.split('\n')[0].count(';') > text.split('\n')[0].count(',') else ','))
    return pa.table({h: [r[i] if i < len(r) else None for r in rows[1:]] for i, h in enumerate(rows[0])})


def test_link_on_tables_gives_the_cli_pairs_probabilities_and_decisions(cli_fixtures):
    import pandas as pd

    registry = pd.read_csv("fixtures/registry.csv", dtype=str, keep_default_na=False)
    ru = _table_of_csv("fixtures/responses_ru.csv")
    uz = __import__("pyarrow.json").json.read_json("fixtures/responses_uz.jsonl")
    ua = _table_of_csv("fixtures/responses_ua.cp1251.csv", "cp1251").cast(
        pa.schema([(n, pa.large_string()) for n in _table_of_csv("fixtures/responses_ua.cp1251.csv", "cp1251").column_names])
    )
    by = _table_of_csv("fixtures/responses_by.koi8r.csv", "koi8-r")
    by = pa.table({n: pa.array(by.column(n).to_pylist(), pa.string_view()) for n in by.column_names})
    matches = dualcit.link(registry, {f: t for f, t in zip(FIXTURE_RESPONSES, [ru, uz, ua, by])})
    want = read_cli_csv(cli_fixtures["matches"], matches.schema)
    # The JSON Lines file's lines are counted without a header; a table's row i is line i + 2.
    assert_same_table(matches, want, ignore=("response_line",))
    got_lines = [(f, l) for f, l in zip(matches.column("response_file").to_pylist(), matches.column("response_line").to_pylist())]
    want_lines = [(f, l) for f, l in zip(want.column("response_file").to_pylist(), want.column("response_line").to_pylist())]
    assert [(f, l - 1 if f.endswith(".jsonl") else l) for f, l in got_lines] == want_lines


def test_link_on_the_generated_set_is_the_cli_matches_file(generated):
    matches, rejects = dualcit.link(generated["registry"], generated["responses"], return_rejects=True, threads=2)
    want = read_cli_csv(generated["matches"], matches.schema)
    assert matches.num_rows > 1000
    assert_same_table(matches, want)
    assert_same_table(rejects, read_cli_csv(generated["rejects"], rejects.schema))
    # Through pandas data frames (string columns) too.
    import pandas as pd

    reg = pd.read_csv(generated["registry"], dtype=str, keep_default_na=False)
    resp = {p: pd.read_csv(p, dtype=str, keep_default_na=False) for p in generated["responses"]}
    from_frames = dualcit.link(reg, resp, threads=1)
    assert_same_table(from_frames, want)


def test_rejects_and_blanked_fields_come_back_with_their_lines():
    reg = pa.table({"id": ["K1", "K2", "K2", "K3"], "surname": ["Иванов", "Петров", "Петров", ""], "birth_date": ["17.05.1980", "31.02.1980", "01.01.1970", "1970"], "iin": ["", "", "123", ""]})
    resp = pa.table({"id": ["R1"], "surname": ["IVANOV"], "birth_date": ["1980-05-17"], "country": ["RU"]})
    matches, rejects = dualcit.link(reg, [resp], return_rejects=True, max_reject_share=None)
    r = rejects.to_pylist()
    assert [(x["file"], x["line"], x["field"]) for x in r] == [("registry", 3, "birth_date"), ("registry", 4, "iin"), ("registry", 5, "surname")]
    assert "field blanked, row kept" in r[1]["reason"]
    assert matches.column("registry_id").to_pylist() == ["K1"]


def test_too_many_rejects_raise_with_the_rejects():
    reg = pa.table({"id": ["K1", "K2", "K3"], "surname": ["Иванов", "", ""], "birth_date": ["17.05.1980", "1980", "1980"]})
    resp = pa.table({"id": ["R1"], "surname": ["IVANOV"], "country": ["RU"]})
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.link(reg, [resp])
    assert "2 of 3 rows rejected" in str(e.value)
    assert e.value.rejects.num_rows == 2


def test_errors_carry_file_line_and_field(tmp_path):
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.link(pa.table({"idx": ["1"], "surname": ["A"]}), [])
    assert (e.value.file, e.value.line, e.value.field) == ("registry", 1, "id")
    assert isinstance(e.value, ValueError)
    bad = tmp_path / "ru.csv"
    bad.write_text("id,surnme,dob\n1,Иванов,1980\n", encoding="utf-8")
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.link("fixtures/registry.csv", [("RU", str(bad))])
    assert e.value.file == str(bad) and e.value.line == 1 and e.value.field == "surname"
    assert "did you mean 'surname'" in str(e.value)
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.link("fixtures/registry.csv", [pa.table({"id": ["1"], "surname": ["A"]})])
    assert e.value.field == "country"
    with pytest.raises(dualcit.DualcitError):
        dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, passes=["no_such_pass"])
    with pytest.raises(dualcit.DualcitError) as e:
        dualcit.link(str(tmp_path / "missing.csv"), FIXTURE_RESPONSES)
    assert e.value.file == str(tmp_path / "missing.csv")


def test_settings_and_progress_reach_the_engine(cli_fixtures):
    seen = []
    st: dict = {}
    strict = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, progress=lambda s, d, t: seen.append((s, d, t)), threads=1, stats=st)
    assert len(st["passes"]) == 13 and st["decisions"] and "capped_pairs" in st["passes"][0]
    assert {s for s, _, _ in seen} >= {"normalize", "score"}
    assert all(d <= t for _, d, t in seen)
    loose = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, review_threshold=0.01, match_threshold=0.5, policy="score")
    assert loose.num_rows >= strict.num_rows
    one = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, passes="exact_date")
    assert set(one.column("blocking_pass").to_pylist()) <= {"exact_date"}
    model = json.loads(open("src/data/default_model.json", encoding="utf-8").read())
    assert_same_table(dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, model=model), strict)


def test_normalize():
    t = dualcit.normalize(["Нұрсұлтан", "Noursoultan", None])
    assert t.column_names[:3] == ["name", "canonical", "skeleton"]
    sk = t.column("skeleton").to_pylist()
    assert sk[0] == sk[1] and sk[2] is None
    assert t.column("script").to_pylist()[:2] == ["cyrillic", "latin"]
    assert t.column("key").to_pylist()[0] == t.column("key").to_pylist()[1]
    assert "skeleton" in dualcit.describe_name("Нұрсұлтан Әбішұлы")


def test_index_build_save_load_query(tmp_path):
    idx = dualcit.Index.build("fixtures/registry.csv")
    assert len(idx) > 10
    q = {"id": "q", "surname": "IVANOV", "given_name": "EVGENII", "patronymic": "PETROVICH", "birth_date": "1980-05-17", "sex": "M"}
    found = idx.query(q)
    assert found[0]["registry_id"] == "KZ0002" and found[0]["decision"] in ("match", "review")
    idx.save(tmp_path / "idx.bin")
    again = dualcit.Index.load(tmp_path / "idx.bin")
    assert again.query(q) == found
    assert dualcit.Index.from_bytes(idx.to_bytes()).query(q) == found
    with pytest.raises(dualcit.DualcitError) as e:
        idx.query({"surname": "IVANOV", "birth_date": "31.02.1980"})
    assert e.value.field == "birth_date"
    with pytest.raises(dualcit.DualcitError):
        dualcit.Index.load(tmp_path / "nothing.bin")
    # The largest blocks by key (personal data, asked for): the fixtures' shared date.
    exact = [b for b in idx.hot_blocks(2) if b["pass"] == "exact_date"]
    assert exact and exact[0]["records"] >= 2 and exact[0]["key"][0][0] == "birth_date"
    assert all(len(b["key"]) >= 1 and b["example_id"] for b in idx.hot_blocks(1))


def test_train_evaluate_report(tmp_path, cli_fixtures):
    m = dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES)
    ev = dualcit.evaluate("fixtures/truth.csv", m)
    assert ev["truth_pairs"] > 0 and ev["output_pairs"] == m.num_rows
    # The CLI's `evaluate --json` on its own matches file: the same figures, the ceiling
    # (read from the level columns) included.
    run_cli("evaluate", "--truth", "fixtures/truth.csv", "--matches", str(cli_fixtures["matches"]), "--json", str(tmp_path / "ev.json"))
    cli = json.loads((tmp_path / "ev.json").read_text())
    assert ev["ceiling"] is not None and ev["ceiling"] == cli["ceiling"]
    assert ev == cli
    assert dualcit.evaluate("fixtures/truth.csv", m.drop_columns(["family_level"]))["ceiling"] is None
    model, report = dualcit.train("fixtures/registry.csv", FIXTURE_RESPONSES, truth="fixtures/truth.csv", u_samples=2000, out=tmp_path / "m.json")
    assert "fields" in model or model
    assert (tmp_path / "m.json").exists()
    dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES, model=str(tmp_path / "m.json"))
    page = dualcit.report_html("fixtures/registry.csv", FIXTURE_RESPONSES, truth="fixtures/truth.csv")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Назарбаев" not in page


def test_link_on_polars_frames_and_arrow_streams(cli_fixtures):
    pl = pytest.importorskip("polars")
    reg = pl.read_csv("fixtures/registry.csv", infer_schema=False)
    ru = pl.read_csv("fixtures/responses_ru.csv", infer_schema=False)
    want = dualcit.link("fixtures/registry.csv", {"fixtures/responses_ru.csv": "fixtures/responses_ru.csv"})
    got = dualcit.link(reg, {"fixtures/responses_ru.csv": ru})
    assert got.num_rows > 0
    assert_same_table(got, want)

    class Stream:
        """Only the Arrow PyCapsule interface."""

        def __init__(self, t):
            self.t = t

        def __arrow_c_stream__(self, requested_schema=None):
            return self.t.__arrow_c_stream__(requested_schema)

    assert_same_table(dualcit.link(Stream(reg.to_arrow()), {"fixtures/responses_ru.csv": Stream(ru.to_arrow())}), want)


_SLIPS = (
    "id,surname,given_name,patronymc,birth_date,sex,country\n"
    "A1,IVANOV,EVGENII,PETROVICH,1980-05-17,M,KZ\n"
    "A2,PETROV,IVAN,,1970-01-02,M,XX\n"
    "A3,SIDOROV,OLEG,,1971-01-02,M,RU\n"
)


def test_input_warnings_are_the_cli_warnings(tmp_path):
    """A header one slip from `patronymic`, an unknown country code and an answer giving
    the registry's own country: dualcit.link warns with the CLI's words (file, line,
    column), and so does Index.build for the registry."""
    import subprocess
    import warnings

    answers = tmp_path / "answers.csv"
    answers.write_text(_SLIPS)
    cli = subprocess.run(
        dualcit_cmd() + ["match", "--registry", "fixtures/registry.csv", "--responses", str(answers), "--out", str(tmp_path / "m.csv"), "--quiet"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    want = [line.removeprefix("dualcit: warning: ") for line in cli.stderr.splitlines() if line.startswith("dualcit: warning: ")]
    assert len(want) == 3, cli.stderr
    with pytest.warns(dualcit.DualcitWarning) as got:
        dualcit.link("fixtures/registry.csv", [str(answers)])
    assert sorted(str(w.message) for w in got) == sorted(want)
    assert all(w.filename == __file__ for w in got), "the warning points at the caller's line"
    assert any("patronymc" in str(w.message) and ":1" in str(w.message) for w in got)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dualcit.link("fixtures/registry.csv", FIXTURE_RESPONSES)  # clean inputs: no warning
    registry = tmp_path / "registry.csv"
    registry.write_text(_SLIPS.replace(",KZ\n", ",RU\n").replace(",XX\n", ",RU\n"))
    with pytest.warns(dualcit.DualcitWarning, match="patronymc"):
        dualcit.Index.build(str(registry))
