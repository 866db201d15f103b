"""Waivers stay visible; expired waivers no longer apply; profiles select and override."""

from __future__ import annotations

from mepcheck.checker import WAIVER_EXPIRED, check_plan
from mepcheck.findings import Status
from mepcheck.loading import load_plan_text
from mepcheck.rulebase import load_rulebase
from mepcheck.rules.profiles import default_profile_name, resolve_profile
from tests.conftest import plan_text

SERVICE = {"id": "vk", "name": "Videokonferenz", "art": "videokonferenz", "betroffene": ["schueler"]}


def _with_waiver(plan: dict, **waiver) -> dict:
    plan["dienste"] = [dict(SERVICE)]
    plan["ausnahmen"] = [{
        "regel": "DSGVO-DSFA-SCHWELLWERT", "begruendung": "Pilotbetrieb bis zur Landeslösung, DSFA läuft.",
        "genehmigt_von": "Schulamt", "gueltig_bis": "2027-12-31", **waiver,
    }]
    return plan


def _finding(result, code, path_text):
    return next(f for f in result.findings if f.code == code and f.path_text == path_text)


def test_waiver_applies_and_stays_visible(minimal_plan: dict) -> None:
    result = check_plan(load_plan_text(plan_text(_with_waiver(minimal_plan, dienst="vk"))))
    finding = _finding(result, "DSGVO-DSFA-SCHWELLWERT", "dienste[0]")
    assert finding.status is Status.WAIVED
    assert finding.waiver is not None and finding.waiver.approved_by == "Schulamt"
    assert "DSFA-Entscheidung" in finding.message  # the original message is kept


def test_waiver_for_another_object_does_not_apply(minimal_plan: dict) -> None:
    plan = _with_waiver(minimal_plan, dienst="vk")
    plan["dienste"].append({**SERVICE, "id": "vk2", "name": "Zweite VK"})
    result = check_plan(load_plan_text(plan_text(plan)))
    assert _finding(result, "DSGVO-DSFA-SCHWELLWERT", "dienste[0]").status is Status.WAIVED
    assert _finding(result, "DSGVO-DSFA-SCHWELLWERT", "dienste[1]").status is Status.FAILED


def test_expired_waiver_is_reported_and_not_applied(minimal_plan: dict) -> None:
    plan = _with_waiver(minimal_plan, gueltig_bis="2025-12-31")
    result = check_plan(load_plan_text(plan_text(plan)))
    assert _finding(result, "DSGVO-DSFA-SCHWELLWERT", "dienste[0]").status is Status.FAILED
    expired = _finding(result, WAIVER_EXPIRED, "ausnahmen[0]")
    assert expired.status is Status.FAILED
    assert "abgelaufen" in expired.message


def test_waiver_needs_justification(minimal_plan: dict) -> None:
    import pytest

    from mepcheck.loading import PlanLoadError

    plan = _with_waiver(minimal_plan, begruendung="kurz")
    with pytest.raises(PlanLoadError, match="begruendung"):
        load_plan_text(plan_text(plan))


def test_profiles_extend_and_override() -> None:
    base = load_rulebase()
    basis = resolve_profile("mep-basis", base.profiles, base.rules, base.land_table, "NW")
    dp19 = resolve_profile("digitalpakt-2019", base.profiles, base.rules, base.land_table, "NW")
    assert dp19.chain == ("mep-basis", "digitalpakt-2019")
    assert set(dp19.codes) <= set(basis.codes)
    assert not [c for c in dp19.codes if "dp20" in base.rules[c].spec.tags]


def test_default_profile_by_land_and_date() -> None:
    import datetime as dt

    base = load_rulebase()
    name = default_profile_name(base.profiles, "BE", dt.date(2024, 6, 1))
    assert name == "digitalpakt-2019"
    assert default_profile_name(base.profiles, "BE", dt.date(2026, 1, 1)) == "digitalpakt-2.0"
    if "land-nw" in base.profiles:
        assert default_profile_name(base.profiles, "NW", dt.date(2026, 1, 1)) == "land-nw"


def test_profile_option_override_changes_verdict(minimal_plan: dict, tmp_path) -> None:
    import shutil

    from mepcheck.rulebase import load_rulebase as lrb
    from tests.conftest import ROOT

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "profiles" / "streng.yaml").write_text(
        "name: streng\ntitle: Strenger Test\ndescription: Setzt die Grenze je Schule herab.\n"
        "extends: mep-basis\noptions:\n  DP19-ENDGERAETE-CAP: {je_schule: 1000, anteil: 0.01}\n",
        encoding="utf-8")
    base = lrb(root=rules)
    strict = resolve_profile("streng", base.profiles, base.rules, base.land_table, "NW")
    assert strict.options["DP19-ENDGERAETE-CAP"]["je_schule"] == 1000
    assert strict.option_sources["DP19-ENDGERAETE-CAP"]["je_schule"] == "Profil streng"
