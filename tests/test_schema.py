"""The JSON Schema of the plan (for editors) is stable and covers every chapter."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mepcheck.cli import cli


def test_schema_snapshot(snapshot) -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema == snapshot


def test_schema_has_every_chapter() -> None:
    schema = json.loads(CliRunner().invoke(cli, ["schema"]).output)
    keys = set(schema["properties"])
    for key in ("traeger", "plan", "rahmenbedingungen", "rueckblick", "schulen", "beteiligung",
                "ziele", "massnahmen", "betrieb", "qualifizierung", "dienste", "nachhaltigkeit",
                "haushalt", "folgekosten", "meilensteine", "monitoring", "ausnahmen"):
        assert key in keys, key
    assert set(schema["required"]) >= {"traeger", "plan", "schulen"}


def test_published_rule_schema_is_current(root) -> None:
    """docs/rule-schema.json is what `mepcheck rules schema` prints (regenerate if not)."""
    result = CliRunner().invoke(cli, ["rules", "schema"])
    assert result.exit_code == 0
    published = (root / "docs" / "rule-schema.json").read_text(encoding="utf-8")
    assert json.loads(result.output) == json.loads(published)
    assert {"code", "family", "severity", "legal_basis", "condition", "docs"} <= set(
        json.loads(published)["properties"])


def test_every_example_is_valid_under_the_published_schema(root) -> None:
    """Editors use `mepcheck schema`; the bundled examples must pass it (money and dates are
    written as YAML numbers and dates, so they are compared as the loader reads them)."""
    import datetime as dt

    import jsonschema
    import yaml

    schema = json.loads(CliRunner().invoke(cli, ["schema"]).output)

    def plain(node):
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        if isinstance(node, dt.date):
            return node.isoformat()
        return node

    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((root / "fixtures" / "examples").glob("*.yaml")):
        data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (path.name, errors[:5])
