"""The command line through click's CliRunner: exit codes, outputs, safety."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mepcheck import __version__
from mepcheck.cli import cli
from mepcheck.exitcodes import ExitCode
from tests.conftest import ROOT, plan_text

EXAMPLE = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_everywhere() -> None:
    for args in ([], ["check"], ["validate"], ["schema"], ["rules"], ["rules", "list"],
                 ["rules", "show"], ["rules", "validate"], ["rules", "test"], ["example"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Aufruf:" in result.output and "Optionen" in result.output


def test_validate_ok_and_broken() -> None:
    assert run("validate", str(EXAMPLE)).exit_code == ExitCode.OK
    broken = ROOT / "fixtures" / "broken" / "typ-schueler-text.yaml"
    result = CliRunner().invoke(cli, ["validate", str(broken)])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "schulen[0].schueler" in result.output
    assert "Traceback" not in result.output


def test_check_without_plan_uses_bundled_example() -> None:
    result = run("check")
    assert result.exit_code in (ExitCode.OK, ExitCode.FINDINGS)
    assert "Gemeinde Lindenau" in result.output
    assert "Zusammenfassung" in result.output


def test_check_json_contract() -> None:
    result = run("check", str(EXAMPLE), "--format", "json")
    data = json.loads(result.output)
    assert set(data) >= {"mepcheck", "rules", "plan", "summary", "findings"}
    assert data["mepcheck"] == __version__
    assert set(data["rules"]) >= {"version", "date", "profile"}
    assert set(data["plan"]) >= {"carrier", "land", "period", "sha256"}
    assert data["plan"]["carrier"] == "Gemeinde Lindenau"
    for finding in data["findings"]:
        assert set(finding) >= {"code", "severity", "status", "path", "message", "params",
                                "legal_basis", "remedy"}
    assert data["summary"]["exit_code"] == result.exit_code


def test_check_exit_code_one_on_error_findings(minimal_plan: dict, tmp_path: Path) -> None:
    minimal_plan["massnahmen"] = [
        {"id": f"m{i}", "titel": "Tablets", "schule": "s1", "handlungsfeld": "endgeraete",
         "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "tablet", "zuordnung": "klassensatz",
         "anzahl": 200, "einzelpreis": 500, "kostenart": "investition", "foerderprogramm": "dp2019",
         "zuschuss": 0} for i in range(2)
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text(minimal_plan), encoding="utf-8")
    result = run("check", str(path), "--format", "json", "--profile", "mep-basis")
    data = json.loads(result.output)
    assert any(f["code"] == "DP19-ENDGERAETE-CAP" and f["status"] == "failed" for f in data["findings"])
    assert result.exit_code == ExitCode.FINDINGS


def test_batch_continues_after_a_broken_plan(tmp_path: Path) -> None:
    broken = ROOT / "fixtures" / "broken" / "leer.yaml"
    result = CliRunner().invoke(cli, ["check", str(broken), str(EXAMPLE), "--format", "json"])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "leer.yaml" in result.output  # error reported (stderr is mixed into output)
    assert "Gemeinde Lindenau" in result.output  # the good plan was still checked


def test_output_file_is_atomic_and_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "bericht.json"
    first = run("check", str(EXAMPLE), "-f", "json", "-o", str(out))
    assert out.exists() and json.loads(out.read_text(encoding="utf-8"))["plan"]
    before = out.read_bytes()
    second = CliRunner().invoke(cli, ["check", str(EXAMPLE), "-f", "json", "-o", str(out)])
    assert second.exit_code == ExitCode.INPUT_ERROR or "existiert" in second.output
    assert out.read_bytes() == before
    third = run("check", str(EXAMPLE), "-f", "json", "-o", str(out), "--force")
    assert third.exit_code == first.exit_code
    assert not list(tmp_path.glob(".*.tmp"))


def test_input_is_never_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(cli, ["check", str(plan), "-o", str(plan), "--force"])
    assert result.exit_code != 0
    assert plan.read_bytes() == EXAMPLE.read_bytes()


def test_sarif_and_junit_are_valid() -> None:
    sarif = json.loads(run("check", str(EXAMPLE), "-f", "sarif").output)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["tool"]["driver"]["name"] == "mepcheck"
    for item in sarif["runs"][0]["results"]:
        assert item["ruleId"] in {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        assert item["level"] in ("error", "warning", "note")
    from lxml import etree

    junit = run("check", str(EXAMPLE), "-f", "junit").output
    tree = etree.fromstring(junit.encode())
    assert tree.tag == "testsuites"
    suite = tree[0]
    assert int(suite.get("tests")) == len(suite.findall("testcase"))
    assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))


def test_unknown_profile_is_an_input_error() -> None:
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE), "--profile", "gibtsnicht"])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "gibtsnicht" in result.output


def test_rules_list_show_and_validate(tmp_path: Path) -> None:
    listing = run("rules", "list")
    assert "DP19-ENDGERAETE-CAP" in listing.output
    shown = run("rules", "show", "DP19-ENDGERAETE-CAP")
    for heading in ("Was die Regel prüft", "Warum", "Rechtsgrundlage", "Optionen",
                    "Beispiel: verstößt", "Beispiel: erfüllt", "Bekannte Grenzen"):
        assert heading in shown.output
    assert "25.000,00 €" in shown.output  # default generated from the rule file
    assert "im Primärtext geprüft" in shown.output
    assert run("rules", "validate", str(ROOT / "rules")).exit_code == 0


def test_rules_validate_reports_file_rule_and_field(tmp_path: Path) -> None:
    family = tmp_path / "funding"
    family.mkdir()
    source = (ROOT / "rules" / "funding" / "DP19-ENDGERAETE-CAP.yaml").read_text(encoding="utf-8")
    (family / "DP19-ENDGERAETE-CAP.yaml").write_text(
        source.replace("mobil_max_schule_dp2019: {option: je_schule}",
                       "mobil_max_schule: {option: je_schule}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "DP19-ENDGERAETE-CAP.yaml" in result.output
    assert "DP19-ENDGERAETE-CAP" in result.output
    assert "mobil_max_schule" in result.output


def test_a_remedy_may_only_name_options(tmp_path: Path) -> None:
    """The remedy stands once for all places of a rule: a value of one place is refused."""
    family = tmp_path / "data-protection"
    family.mkdir()
    source = (ROOT / "rules" / "data-protection" / "DSGVO-LOESCHFRIST-LAND.yaml").read_text(encoding="utf-8")
    assert "{max_monate} Monate" in source
    (family / "DSGVO-LOESCHFRIST-LAND.yaml").write_text(
        source.replace("{max_monate} Monate nach Ende", "{konto_loeschung_monate} Monate nach Ende"),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "remedy: Platzhalter {konto_loeschung_monate} ist keine Option der Regel" in result.output
    # the shipped rule ({max_monate} is an option) passes `rules validate rules`, and its
    # cases check that the remedy is filled in (mepcheck.rules.cases)


def test_user_rules_without_python(tmp_path: Path) -> None:
    """A rule author adds a rule and its cases in a folder and runs them via the CLI."""
    family = tmp_path / "funding"
    family.mkdir()
    (family / "XT-SCHULE-GROSS.yaml").write_text("""
code: XT-SCHULE-GROSS
name: funding.extra.schule-gross
title: Eigene Regel – Schulgröße
family: funding
severity: warning
chapter: 4
validity: {edition: Eigene Vorgabe}
legal_basis:
  - {title: Interne Vorgabe des Trägers, url: "https://example.org/vorgabe", status: unverified}
options:
  max_schueler:
    type: int
    default: 1000
    description: Höchstzahl Schüler je Schule für die Regel
    source: {title: Interne Vorgabe, url: "https://example.org/vorgabe", status: unverified}
scope: schule
condition: {less_equal: {schueler: {option: max_schueler}}}
message: "{name} hat {schueler} Schülerinnen und Schüler (mehr als {max_schueler})."
remedy: Schule prüfen und gegebenenfalls aufteilen.
docs:
  checks: Ob eine Schule höchstens die eingestellte Zahl an Schülern hat.
  why: Interne Planungsvorgabe des Schulträgers als Beispiel für eigene Regeln.
  violating: Eine Schule mit 1500 Schülern.
  satisfying: Eine Schule mit 800 Schülern.
  limitations: Nur ein Beispiel.
""", encoding="utf-8")
    (family / "XT-SCHULE-GROSS.cases.yaml").write_text("""
rule: XT-SCHULE-GROSS
cases:
  - name: gross
    plan: {schulen: [{id: s1, name: Riesenschule, schulform: gymnasium, schueler: 1500, lehrkraefte: 90, klassen: 50, unterrichtsraeume: 60}]}
    expect: [{path: "schulen[0]", status: failed}]
  - name: klein
    expect: [{path: "schulen[0]", status: passed}]
""", encoding="utf-8")
    assert run("rules", "validate", str(tmp_path)).exit_code == 0
    result = run("rules", "test", str(tmp_path))
    assert "2 passed, 0 failed" in result.output
    assert result.exit_code == 0
    checked = run("check", str(EXAMPLE), "--rules", str(tmp_path), "-f", "json")
    codes = {f["code"] for f in json.loads(checked.output)["findings"]}
    assert "XT-SCHULE-GROSS" in codes


def test_parallel_batch_gives_the_same_report(tmp_path: Path) -> None:
    broken = ROOT / "fixtures" / "broken" / "leer.yaml"
    args = ["check", str(EXAMPLE), str(broken), str(EXAMPLE), "-f", "json"]
    serial = CliRunner().invoke(cli, args)
    parallel = CliRunner().invoke(cli, [*args, "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == ExitCode.INPUT_ERROR
    assert serial.stdout == parallel.stdout
    assert "3 Pläne geprüft: 0 ohne Fehler, 2 mit Fehlern, 1 nicht lesbar" in parallel.stderr


def _crash_on_absturz(path, *args):
    """Worker that dies like a SIGSEGV in the C extension for one plan."""
    import os

    from mepcheck.batch import check_one

    if Path(path).name == "absturz.yaml":
        os._exit(139)
    return check_one(path, *args)


def test_crashing_plan_is_isolated(tmp_path: Path) -> None:
    """A worker that dies (as durable-rules can) loses only its own plan."""
    from mepcheck.batch import check_many

    victim = tmp_path / "absturz.yaml"
    victim.write_bytes(EXAMPLE.read_bytes())
    outcomes = check_many([EXAMPLE, victim, EXAMPLE], jobs=2, worker=_crash_on_absturz)
    assert outcomes[0].result is not None and outcomes[2].result is not None
    assert outcomes[1].crash is not None and outcomes[1].result is None


def test_output_file_has_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "bericht.txt"
    run("check", str(EXAMPLE), "-o", str(out))
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_missing_condition_data_only_matters_where_the_rule_applies(tmp_path: Path) -> None:
    """A tablet-price rule is not applicable to cabling without a unit price, but a tablet
    without a unit price is undetermined (found by the user-level review)."""
    family = tmp_path / "funding"
    family.mkdir()
    (family / "XT-TABLET-PREIS.yaml").write_text("""
code: XT-TABLET-PREIS
name: funding.extra.tablet-preis
title: Eigene Regel – Tablet-Preis
family: funding
severity: warning
chapter: 7
validity: {edition: Eigene Vorgabe}
legal_basis:
  - {title: Interne Vorgabe des Trägers, url: "https://example.org/vorgabe", status: unverified}
options:
  max_preis:
    type: money
    default: 600
    description: Höchstpreis je Tablet
    source: {title: Interne Vorgabe, url: "https://example.org/vorgabe", status: unverified}
scope: massnahme
applies_when: {equals: {geraetetyp: tablet}}
condition: {less_equal: {einzelpreis: {option: max_preis}}}
message: "{titel}: Tablet für {einzelpreis} (mehr als {max_preis})."
remedy: Günstigeres Modell wählen oder begründen.
docs:
  checks: Ob Tablets höchstens den eingestellten Preis kosten.
  why: Interne Vorgabe des Trägers als Beispiel für eigene Regeln.
  violating: Ein Tablet für 900 €.
  satisfying: Ein Tablet für 450 €.
  limitations: Nur ein Beispiel.
""", encoding="utf-8")
    (family / "XT-TABLET-PREIS.cases.yaml").write_text("""
rule: XT-TABLET-PREIS
cases:
  - name: gemischt
    plan:
      massnahmen:
        - {id: m1, titel: Verkabelung, handlungsfeld: basisinfrastruktur, foerderkategorie: vernetzung, geraetetyp: verkabelung, pauschal: 5000, kostenart: investition, foerderprogramm: eigenmittel}
        - {id: m2, titel: Tablets teuer, handlungsfeld: endgeraete, foerderkategorie: mobiles_endgeraet, geraetetyp: tablet, anzahl: 10, einzelpreis: 900, kostenart: investition, foerderprogramm: eigenmittel}
        - {id: m3, titel: Tablets pauschal, handlungsfeld: endgeraete, foerderkategorie: mobiles_endgeraet, geraetetyp: tablet, pauschal: 4000, kostenart: investition, foerderprogramm: eigenmittel}
        - {id: m4, titel: Tablets günstig, handlungsfeld: endgeraete, foerderkategorie: mobiles_endgeraet, geraetetyp: tablet, anzahl: 10, einzelpreis: 450, kostenart: investition, foerderprogramm: eigenmittel}
    expect:
      - {path: "massnahmen[0]", status: not_applicable}
      - {path: "massnahmen[1]", status: failed}
      - {path: "massnahmen[2]", status: undetermined}
      - {path: "massnahmen[3]", status: passed}
""", encoding="utf-8")
    for engine in ("durable", "reference"):
        result = run("rules", "test", str(tmp_path), "--engine", engine)
        assert "1 passed, 0 failed" in result.output, result.output


def test_rules_test_reports_broken_rule_folder(tmp_path: Path) -> None:
    family = tmp_path / "funding"
    family.mkdir()
    (family / "XT-KAPUTT.yaml").write_text("code: XT-KAPUTT\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "test", str(tmp_path)])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "XT-KAPUTT" in result.output
    assert "Traceback" not in result.output


def test_land_codes_of_the_cli_match_the_model() -> None:
    from mepcheck.cli.rules_commands import LAND_CODES
    from mepcheck.types import Land

    assert tuple(x.value for x in Land) == LAND_CODES


def test_output_problems_are_input_errors_before_any_work(tmp_path: Path) -> None:
    existing = tmp_path / "r.json"
    existing.write_text("{}", encoding="utf-8")
    for args in (["-o", str(existing)], ["-o", str(tmp_path / "fehlt" / "r.json")]):
        result = CliRunner().invoke(cli, ["check", str(EXAMPLE), *args])
        assert result.exit_code == ExitCode.INPUT_ERROR, args
        assert "Zusammenfassung" not in result.output
    assert existing.read_text(encoding="utf-8") == "{}"


def test_machine_readable_output_lists_plans_that_could_not_be_read(tmp_path: Path) -> None:
    broken = tmp_path / "datum.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("stichtag: 2026-03-01",
                                                                  "stichtag: 2026-13-01"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(broken), str(EXAMPLE), "-f", "json"])
    assert result.exit_code == ExitCode.INPUT_ERROR
    data = json.loads(result.stdout)
    first, second = data["results"]
    assert first["error"]["issues"][0]["path"] == ["plan", "stichtag"]
    assert "kein gültiges Datum" in first["error"]["issues"][0]["message"]
    assert second["plan"]["carrier"] == "Gemeinde Lindenau"
    single = CliRunner().invoke(cli, ["check", str(broken), "-f", "json"])
    assert json.loads(single.stdout)["summary"]["exit_code"] == 2


def test_directory_and_missing_file_are_input_errors(tmp_path: Path) -> None:
    folder = tmp_path / "ordner.yaml"
    folder.mkdir()
    for target in (folder, tmp_path / "gibtsnicht.yaml"):
        result = CliRunner().invoke(cli, ["validate", str(target)])
        assert result.exit_code == ExitCode.INPUT_ERROR
        assert "Traceback" not in result.output


def test_click_messages_are_german() -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "xml"])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "Ungültiger Wert für" in result.output
    assert "Invalid value" not in result.output
    result = CliRunner().invoke(cli, ["chek"])
    assert "gibt es nicht" in result.output and "check" in result.output
