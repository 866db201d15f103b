"""``mepcheck diff``: findings matched by (rule, element key), plan changes per element."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from mepcheck.cli import cli
from mepcheck.diff import compare, compare_findings, plan_changes, read_side
from mepcheck.diff.findings import FindingRecord
from mepcheck.loading import load_plan_text
from tests.conftest import ROOT, plan_text

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def _data() -> dict:
    return yaml.safe_load(LINDENAU.read_text(encoding="utf-8"))


def _write(tmp_path, name: str, data: dict):
    path = tmp_path / name
    path.write_text(plan_text(data), encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_findings_are_matched_by_code_and_element() -> None:
    old = [FindingRecord("A-X", "massnahmen[m1]", "error", "failed", "alt"),
           FindingRecord("A-Y", "massnahmen[m1]", "warning", "failed", "bleibt"),
           FindingRecord("A-Z", "schulen[s1]", "warning", "failed", "wird schlimmer"),
           FindingRecord("A-W", "plan", "error", "failed", "fällt weg")]
    new = [FindingRecord("A-X", "massnahmen[m1]", "error", "passed", "gut"),
           FindingRecord("A-Y", "massnahmen[m1]", "warning", "failed", "bleibt"),
           FindingRecord("A-Z", "schulen[s1]", "error", "failed", "schlimmer"),
           FindingRecord("A-N", "massnahmen[m2]", "error", "failed", "neu"),
           FindingRecord("A-P", "massnahmen[m2]", "info", "passed", "erfüllt")]
    diff = compare_findings(old, new)
    assert [p.key for p in diff.resolved] == [("A-W", "plan"), ("A-X", "massnahmen[m1]")]
    assert [p.key for p in diff.new] == [("A-N", "massnahmen[m2]")]
    assert [p.key for p in diff.still_open] == [("A-Y", "massnahmen[m1]")]
    assert [p.key for p in diff.severity_changed] == [("A-Z", "schulen[s1]")]
    assert [p.key for p in diff.new_errors] == [("A-N", "massnahmen[m2]"), ("A-Z", "schulen[s1]")]


def _drop_references(data, ident: str) -> None:
    """Remove every list entry that refers to ``ident`` (milestones, procurements …)."""
    if isinstance(data, dict):
        for value in data.values():
            _drop_references(value, ident)
    elif isinstance(data, list):
        data[:] = [v for v in data if v != ident]
        for value in data:
            _drop_references(value, ident)


def test_plan_changes_name_elements_in_german() -> None:
    data = _data()
    old = load_plan_text(plan_text(data)).plan
    changed = json.loads(json.dumps(data, default=str))
    changed["schulen"].reverse()  # reordering alone is no change
    measure = changed["massnahmen"][0]
    measure["anzahl"] = measure.get("anzahl", 1) + 1 if "anzahl" in measure else measure.get("anzahl")
    removed = changed["massnahmen"].pop()
    _drop_references(changed, removed["id"])
    changed["massnahmen"].append({**measure, "id": "m-neu", "titel": "Neue Maßnahme"})
    new = load_plan_text(plan_text(changed)).plan
    texts = [c.text() for c in plan_changes(old, new)]
    assert any(t.startswith(f"Maßnahme massnahmen[{removed['id']}] entfallen") for t in texts), texts
    assert any(t.startswith("Maßnahme massnahmen[m-neu] hinzugekommen (Neue Maßnahme") for t in texts)
    if "anzahl" in data["massnahmen"][0]:
        mid = data["massnahmen"][0]["id"]
        assert any(t.startswith(f"massnahmen[{mid}]: anzahl ") for t in texts), texts
        assert any(t.startswith(f"massnahmen[{mid}]: gesamtkosten ") and "€" in t for t in texts)
    assert not any(t.startswith("schulen[") for t in texts), texts
    assert plan_changes(old, load_plan_text(plan_text(data)).plan) == []


def test_cli_text_and_exit_codes(tmp_path) -> None:
    data = _data()
    old = _write(tmp_path, "alt.yaml", data)
    same = _run("diff", str(old), str(old))
    assert same.exit_code == 0
    assert "0 neu" in same.stdout and "Änderungen am Plan (0)" in same.stdout
    worse = json.loads(json.dumps(data, default=str))
    worse["massnahmen"].append({"id": "m-smartphones", "titel": "Smartphones", "schule": worse["schulen"][0]["id"],
                                "handlungsfeld": "endgeraete", "foerderkategorie": "mobiles_endgeraet",
                                "geraetetyp": "smartphone", "zuordnung": "klassensatz", "anzahl": 10,
                                "einzelpreis": 300, "kostenart": "investition", "foerderprogramm": "dp2019",
                                "zuschuss": 5000})
    new = _write(tmp_path, "neu.yaml", worse)
    out = _run("diff", str(old), str(new))
    assert out.exit_code == 1, out.stdout
    assert "MEP-ZUSCHUSS-UEBER-KOSTEN massnahmen[m-smartphones]" in out.stdout
    assert "Maßnahme massnahmen[m-smartphones] hinzugekommen (Smartphones, 3.000,00 €)" in out.stdout
    back = _run("diff", str(new), str(old))
    assert back.exit_code == 0
    assert "Erledigt" in back.stdout and "Element entfallen" in back.stdout


def test_cli_json_and_earlier_results(tmp_path) -> None:
    old_plan = _write(tmp_path, "alt.yaml", _data())
    result = tmp_path / "alt.json"
    _run("check", str(old_plan), "--format", "json", "-o", str(result))
    changed = _data()
    changed["schulen"].reverse()
    new_plan = _write(tmp_path, "neu.yaml", changed)
    out = _run("diff", str(result), str(new_plan), "--format", "json")
    assert out.exit_code == 0, out.stdout
    data = json.loads(out.stdout)
    assert data["kind"] == "mepcheck-diff" and data["old"]["kind"] == "result"
    assert data["summary"]["new"] == 0 and data["summary"]["resolved"] == 0
    assert data["summary"]["still_open"] > 0
    assert data["plan_changes"] is None and data["notes"]
    side = read_side(result)
    assert compare(side, side).findings.counts()["still_open"] == data["summary"]["still_open"]


def test_bad_input_exits_2(tmp_path) -> None:
    broken = tmp_path / "kaputt.json"
    broken.write_text("{", encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(broken), str(LINDENAU)])
    assert out.exit_code == 2 and "kaputt.json" in out.stderr and "Traceback" not in out.output
    missing = CliRunner().invoke(cli, ["diff", str(tmp_path / "fehlt.yaml"), str(LINDENAU)])
    assert missing.exit_code == 2 and "nicht gefunden" in missing.stderr
    several = tmp_path / "mehrere.json"
    a, b = _write(tmp_path, "a.yaml", _data()), _write(tmp_path, "b.yaml", _data())
    several.write_text(_run("check", str(a), str(b), "--format", "json").stdout, encoding="utf-8")
    out = CliRunner().invoke(cli, ["diff", str(several), str(LINDENAU)])
    assert out.exit_code == 2 and "genau eines Plans" in out.stderr
