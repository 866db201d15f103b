"""`mepcheck rules changes` and the per-Land severity as a user sees them."""

from __future__ import annotations

from click.testing import CliRunner

from mepcheck.cli import cli
from mepcheck.rulebase import load_rulebase
from mepcheck.rules.profiles import resolve_profile


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_changes_since_the_previous_version_name_the_corrected_rules() -> None:
    result = run("rules", "changes", "--seit", "2026.11.0")
    assert result.exit_code == 0
    assert result.output.startswith("Regelwerk 2026.12.1 vom 02.12.2026")
    assert "Regelwerk 2026.12.0 vom 02.12.2026" in result.output
    for code in ("DP19-EIGENANTEIL", "ZV-ADMIN-PERIOD", "NACHH-LANDESVORGABE", "FOERD-VERWENDUNGSNACHWEIS",
                 "MEP-ZUSCHUSS-UEBER-KOSTEN", "DSGVO-LOESCHFRIST-LAND"):
        assert code in result.output
    assert "Schwere geändert: Fehler → Warnung" in result.output
    assert "Regelwerk 2026.11.0" not in result.output


def test_no_changes_after_the_current_version_and_a_bad_version_is_a_usage_error() -> None:
    assert "Keine Änderungen nach 2026.12.1" in run("rules", "changes", "--seit", "2026.12.1").output
    result = CliRunner().invoke(cli, ["rules", "changes", "--seit", "zwölf"])
    assert result.exit_code == 2 and "ungültig" in result.output


def test_tpek_runs_only_where_the_guideline_requires_it_at_application() -> None:
    """Review 2026-12: NI, RP and BW check their own equivalent; DP19-TPEK is silent there."""
    base = load_rulebase()
    for land, active in (("NI", False), ("RP", False), ("BW", False), ("SN", True), ("NW", True)):
        profile = resolve_profile("digitalpakt-2019", base.profiles, base.rules, base.land_table, land)
        assert ("DP19-TPEK" in profile.codes) is active, land


def test_rules_show_states_the_severity_per_land() -> None:
    result = run("rules", "show", "DP19-ABSCHLUSS")
    assert "Schwere je Land" in result.output and "Fehler: BW, NW, SN" in result.output


def test_rules_list_for_a_land_shows_the_severity_reported_there() -> None:
    """`rules list --land` agrees with the changelog: Fehler only where the source holds."""
    def severity(land: str, code: str) -> str:
        result = run("rules", "list", "--land", land)
        line = next(x for x in result.output.splitlines() if x.startswith(code + " "))
        return line.split()[1]

    assert severity("BB", "DP19-EIGENANTEIL") == "warning"
    assert severity("BY", "DP19-EIGENANTEIL") == "error"
    assert severity("SN", "DP19-NO-KUMULIERUNG") == "error"
    assert severity("nw", "DP19-NO-KUMULIERUNG") == "warning"
    plain = run("rules", "list").output
    assert next(x for x in plain.splitlines() if x.startswith("DP19-EIGENANTEIL ")).split()[1] == "error"
