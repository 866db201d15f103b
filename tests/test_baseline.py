"""Accepted findings (baseline): visible as "akzeptiert", counted, expiry and stale entries."""

from __future__ import annotations

import datetime as dt
import json

import yaml
from click.testing import CliRunner

from mepcheck.baseline import Baseline, Entry, apply_baseline, read_baseline
from mepcheck.checker import check_plan
from mepcheck.cli import cli
from mepcheck.findings import Status
from mepcheck.loading import load_plan
from tests.conftest import ROOT

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _failed_errors():
    result = check_plan(load_plan(LINDENAU))
    return result, [f for f in result.findings if f.blocking]


def _entry(f, **extra) -> Entry:
    return Entry.model_validate({"regel": f.code, "element": f.element, "grund": "geprüft, vertretbar",
                                 "pruefer": "M. Beispiel", "datum": "2026-12-01", **extra})


def test_apply_marks_only_matching_failed_findings() -> None:
    result, errors = _failed_errors()
    assert errors, "the example has error findings"
    target = errors[0]
    base = Baseline("b.yaml", (_entry(target), _entry(target, element="massnahmen[gibt-es-nicht]"),
                               _entry(target, traeger="Anderer Träger")), dt.date(2026, 12, 2))
    findings, used = apply_baseline(result.findings, result.carrier, base)
    accepted = [f for f in findings if f.status is Status.ACCEPTED]
    assert [(f.code, f.element) for f in accepted] == [(target.code, target.element)]
    assert accepted[0].acceptance.reviewer == "M. Beispiel"
    assert used == (0,)
    assert [e.element for e in base.stale(set(used))] == ["massnahmen[gibt-es-nicht]", target.element]
    assert len(findings) == len(result.findings)  # nothing dropped


def test_expired_entries_are_not_applied() -> None:
    result, errors = _failed_errors()
    base = Baseline("b.yaml", (_entry(errors[0], gueltig_bis="2026-11-30"),), dt.date(2026, 12, 2))
    findings, used = apply_baseline(result.findings, result.carrier, base)
    assert used == () and not any(f.status is Status.ACCEPTED for f in findings)
    assert base.expired == base.entries


def _baseline_file(tmp_path, entries) -> str:
    path = tmp_path / "akzeptiert.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "akzeptiert": entries}, allow_unicode=True),
                    encoding="utf-8")
    return str(path)


def test_check_with_baseline_counts_accepted_and_changes_the_exit_code(tmp_path) -> None:
    _, errors = _failed_errors()
    entries = [{"regel": f.code, "element": f.element, "grund": "vertretbar", "pruefer": "M. B.",
                "datum": "2026-12-01"} for f in errors]
    entries.append({"regel": "DP19-TPEK", "element": "schulen[gibt-es-nicht]", "grund": "alt",
                    "pruefer": "M. B.", "datum": "2026-01-01"})
    entries.append({"regel": errors[0].code, "element": errors[0].element, "grund": "abgelaufen",
                    "pruefer": "M. B.", "datum": "2020-01-01", "gueltig_bis": "2021-01-01"})
    path = _baseline_file(tmp_path, entries)
    plain = _run("check", str(LINDENAU), "--format", "json")
    assert plain.exit_code == 1
    out = _run("check", str(LINDENAU), "--format", "json", "--baseline", path)
    data = json.loads(out.stdout)
    assert data["summary"]["by_status"]["accepted"] == len(errors)
    accepted = [f for f in data["findings"] if f["status"] == "accepted"]
    assert len(accepted) == len(errors) and accepted[0]["accepted"]["reviewer"] == "M. B."
    assert data["summary"]["exit_code"] in (0, 2) and out.exit_code in (0, 2)
    assert "ohne Treffer" in out.stderr and "schulen[gibt-es-nicht]" in out.stderr
    assert "abgelaufen" in out.stderr
    text = _run("check", str(LINDENAU), "--baseline", path)
    assert "akzeptiert" in text.stdout and "vertretbar" in text.stdout


def test_baseline_errors_are_german_located_exit_2(tmp_path) -> None:
    path = _baseline_file(tmp_path, [{"regel": "DP19-TPEK", "element": "plan", "pruefer": "X Y",
                                      "datum": "2026-12-01", "farbe": "rot"}])
    out = CliRunner().invoke(cli, ["check", str(LINDENAU), "--baseline", path])
    assert out.exit_code == 2
    assert "akzeptiert.yaml:" in out.stderr and "grund" in out.stderr and "farbe" in out.stderr
    assert "Traceback" not in out.output
    try:
        read_baseline(tmp_path / "fehlt.yaml")
    except Exception as exc:
        assert "nicht gefunden" in str(exc)
    else:
        raise AssertionError


def test_baseline_command_writes_a_file_check_accepts(tmp_path) -> None:
    result_json = tmp_path / "ergebnis.json"
    _run("check", str(LINDENAU), "--format", "json", "-o", str(result_json))
    target = tmp_path / "baseline.yaml"
    out = _run("baseline", str(result_json), "-o", str(target), "--grund", "Erstprüfung akzeptiert",
               "--pruefer", "M. Beispiel", "--datum", "2026-12-01")
    assert out.exit_code == 0, out.output
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    failed = [f for f in json.loads(result_json.read_text(encoding="utf-8"))["findings"]
              if f["status"] == "failed"]
    assert len(written["akzeptiert"]) == len(failed)
    assert all(e["traeger"] == "Gemeinde Lindenau" and e["pruefer"] == "M. Beispiel"
               for e in written["akzeptiert"])
    again = _run("baseline", str(result_json), "-o", str(target), "--grund", "x y z", "--pruefer", "A B")
    assert again.exit_code == 2  # never overwrites without --force
    checked = _run("check", str(LINDENAU), "--format", "json", "--baseline", str(target))
    data = json.loads(checked.stdout)
    assert data["summary"]["by_status"]["failed"] == 0
    assert data["summary"]["by_status"]["accepted"] == len(failed)
    assert "ohne Treffer" not in checked.stderr
    missing = CliRunner().invoke(cli, ["baseline", str(result_json), "-o", str(tmp_path / "x.yaml")])
    assert missing.exit_code == 2 and "--grund" in missing.output


def test_baseline_from_a_plan_equals_baseline_from_its_result(tmp_path) -> None:
    result_json = tmp_path / "ergebnis.json"
    _run("check", str(LINDENAU), "--format", "json", "-o", str(result_json))
    args = ["--grund", "geprüft und vertretbar", "--pruefer", "M. B.", "--datum", "2026-12-01"]
    assert _run("baseline", str(result_json), "-o", str(tmp_path / "a.yaml"), *args).exit_code == 0
    assert _run("baseline", str(LINDENAU), "-o", str(tmp_path / "b.yaml"), *args).exit_code == 0
    a = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((tmp_path / "b.yaml").read_text(encoding="utf-8"))
    assert a == b and a["akzeptiert"]
    assert "&id" not in (tmp_path / "a.yaml").read_text(encoding="utf-8")  # no YAML anchors


def test_help_is_german() -> None:
    text = _run("baseline", "--help").stdout
    assert "[Pflicht]" in text and "[required]" not in text and "--grund" in text
