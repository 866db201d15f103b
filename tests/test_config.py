"""Configuration files, --select/--ignore and custom profiles from rule folders."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from mepcheck.checker import check_plan
from mepcheck.cli import cli
from mepcheck.config import ConfigError, find_config, load_config, resolve_config
from mepcheck.loading import load_plan
from tests.conftest import ROOT

LINDENAU = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"


def _codes(out) -> set[str]:
    return {f["code"] for f in json.loads(out.stdout)["findings"]}


def _check(tmp_path, *args: str, monkeypatch=None):
    return CliRunner().invoke(cli, ["check", str(LINDENAU), *args], catch_exceptions=False)


def test_found_upwards_mepcheck_toml_before_pyproject(tmp_path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[tool.mepcheck]\nstrict = true\n", encoding="utf-8")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(deep) == tmp_path / "pyproject.toml"  # no [tool.mepcheck]: keep looking
    (tmp_path / "a" / "mepcheck.toml").write_text("jobs = 2\n", encoding="utf-8")
    assert find_config(deep) == tmp_path / "a" / "mepcheck.toml"
    assert resolve_config(None, False, deep).values == {"jobs": 2}
    assert resolve_config(None, True, deep).values == {}


def test_errors_are_german_and_located(tmp_path) -> None:
    path = tmp_path / "mepcheck.toml"
    path.write_text('profile = "land-nw"\njobs = 0\nfarbe = "rot"\nselect = [1]\ntimeout = -5\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert f"{path}:2 jobs: erwartet eine ganze Zahl" in text
    assert f"{path}:3 farbe: unbekannter Schlüssel" in text
    assert f"{path}:4 select: erwartet eine Liste" in text
    assert f"{path}:5 timeout: erwartet eine ganze Zahl von 0 bis 86400" in text
    path.write_text("timeout = 120\n", encoding="utf-8")
    assert load_config(path).values == {"timeout": 120}
    path.write_text("jobs = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kein gültiges TOML"):
        load_config(path)


def test_config_applies_and_the_command_line_wins(tmp_path, monkeypatch) -> None:
    (tmp_path / "mepcheck.toml").write_text('format = "json"\nselect = ["DSGVO-"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = _check(tmp_path)
    codes = _codes(out)
    assert codes and all(c.startswith("DSGVO-") for c in codes)
    out = _check(tmp_path, "--select", "DP19-TPEK,FOLGEK-")
    assert _codes(out) and all(c == "DP19-TPEK" or c.startswith("FOLGEK-") for c in _codes(out))
    text = _check(tmp_path, "--format", "text")
    assert text.stdout.startswith("mepcheck")
    plain = _check(tmp_path, "--no-config", "--format", "json")
    assert any(not c.startswith("DSGVO-") for c in _codes(plain))


def test_broken_config_exits_2(tmp_path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mepcheck]\nstrict = "ja"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["check", str(LINDENAU)])
    assert out.exit_code == 2 and "pyproject.toml:2 [tool.mepcheck] strict" in out.stderr
    other = tmp_path / "andere.toml"
    other.write_text("jobs = 1\n", encoding="utf-8")
    ok = CliRunner().invoke(cli, ["check", str(LINDENAU), "--config", str(other)])
    assert ok.exit_code in (0, 1, 2) and "strict" not in ok.stderr


def test_ignore_by_prefix_and_family_and_unknown_selection(tmp_path) -> None:
    all_codes = {f.code for f in check_plan(load_plan(LINDENAU)).findings}
    out = _check(tmp_path, "--no-config", "--format", "json", "--ignore", "DSGVO-", "--ignore",
                 "family:follow-up-costs")
    codes = _codes(out)
    assert codes and not any(c.startswith(("DSGVO-", "FOLGEK-")) for c in codes)
    assert codes < all_codes
    bad = CliRunner().invoke(cli, ["check", str(LINDENAU), "--no-config", "--select", "GIBT-ES-NICHT"])
    assert bad.exit_code == 2 and "GIBT-ES-NICHT" in bad.stderr


def test_custom_profile_in_a_rules_folder_extends_a_shipped_one(tmp_path) -> None:
    folder = tmp_path / "eigene-regeln"
    (folder / "profiles").mkdir(parents=True)
    (folder / "profiles" / "bezirk-nord.yaml").write_text(
        "name: bezirk-nord\ntitle: Bezirk Nord\ndescription: Profil der Bewilligungsstelle Nord.\n"
        "extends: land-nw\nignore: ['family:sustainability']\nseverity: {DP19-TPEK: warning}\n",
        encoding="utf-8")
    out = _check(tmp_path, "--no-config", "--format", "json", "--rules", str(folder),
                 "--profile", "bezirk-nord")
    assert out.exit_code in (0, 1, 2), out.output
    data = json.loads(out.stdout)
    assert data["rules"]["profile"] == "bezirk-nord"
    assert data["rules"]["profile_chain"][-2:] == ["land-nw", "bezirk-nord"]
    assert not any(f["family"] == "sustainability" for f in data["findings"])
    assert {f["severity"] for f in data["findings"] if f["code"] == "DP19-TPEK"} <= {"warning"}
    valid = CliRunner().invoke(cli, ["rules", "validate", str(folder)])
    assert valid.exit_code == 0 and "1 Profile" in valid.stdout, valid.output
    listed = CliRunner().invoke(cli, ["rules", "profiles", "--rules", str(folder)])
    assert "bezirk-nord" in listed.stdout and "erweitert land-nw" in listed.stdout
    clash = tmp_path / "doppelt"
    (clash / "profiles").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "profiles" / "land-nw.yaml", clash / "profiles" / "land-nw.yaml")
    out = CliRunner().invoke(cli, ["check", str(LINDENAU), "--no-config", "--rules", str(clash)])
    assert out.exit_code == 2 and "land-nw" in out.stderr
