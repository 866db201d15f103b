"""The text-report section "Folgekosten und Finanzierungslücken"."""

from __future__ import annotations

from mepcheck.checker import check_plan
from mepcheck.derived import compute_projection
from mepcheck.loading.load import load_plan_text
from mepcheck.report import render
from mepcheck.report.sections.costs import projection_lines, render_costs
from tests.conftest import plan_text


def _loaded(data: dict):
    return load_plan_text(plan_text(data), "plan.yaml")


def _tiny(data: dict) -> dict:
    data["massnahmen"] = [{
        "id": "m-nb", "titel": "Notebooks", "schule": "s1", "handlungsfeld": "endgeraete",
        "foerderkategorie": "mobiles_endgeraet", "geraetetyp": "notebook", "anzahl": 10,
        "einzelpreis": 600, "kostenart": "investition", "foerderprogramm": "dp20",
        "zuschuss": 5400, "jahr": 2026,
    }]
    data["folgekosten"] = [
        {"geraetetyp": "notebook", "ersatzzyklus_jahre": 5, "laufende_kosten_je_einheit": 50},
        {"geraetetyp": "interaktives_display", "ersatzzyklus_jahre": 8, "einzelpreis": 4000,
         "laufende_kosten_je_einheit": 100},
    ]
    return data


def test_rows_show_gap_per_year(minimal_plan: dict) -> None:
    plan = _loaded(_tiny(minimal_plan)).plan
    lines = projection_lines(compute_projection(plan))
    text = "\n".join(lines)
    # 2026: 6,000 investment + 20,000 annuity + 4,500 running + 80,000 support = 110,500;
    # budget row 2026: 90,000 → 20,500 unfunded
    row_2026 = next(line for line in lines if line.strip().startswith("2026"))
    assert "110.500,00" in row_2026 and "90.000,00" in row_2026 and "20.500,00" in row_2026
    assert "Haushalt zu niedrig" in row_2026
    # 2027: no budget row, annuity 21,200 + running 4,500 + support 80,000
    row_2027 = next(line for line in lines if line.strip().startswith("2027"))
    assert row_2027.rstrip().endswith("(keine Haushaltszeile)")
    assert "105.700,00" in row_2027
    row_2035 = next(line for line in lines if line.strip().startswith("2035"))
    assert "nach Förderende" in row_2035
    assert "genutzte Förderung bis 2030 (dp20)" in text
    assert "Ungedeckt insgesamt: 971.800,00 €" in text  # 20,500 + 9 × 105,700
    assert "Größte Lücke: 2027 mit 105.700,00 €" in text


def test_fully_budgeted_plan_without_federal_funding(minimal_plan: dict) -> None:
    data = minimal_plan
    data["haushalt"] = [{"jahr": y, "ersatzbeschaffung": 20000, "support": 80000,
                         "eigenmittel": 100000} for y in range(2026, 2031)]
    data["folgekosten"] = [{"geraetetyp": "interaktives_display", "ersatzzyklus_jahre": 8,
                            "einzelpreis": 4000, "laufende_kosten_je_einheit": 0}]
    lines = projection_lines(compute_projection(_loaded(data).plan))
    years = [line.split()[0] for line in lines if line.strip()[:4].isdigit()]
    assert years == ["2026", "2027", "2028", "2029", "2030"]
    assert "keine Bundesförderung" in lines[0]
    assert not any("nach Förderende" in line for line in lines)
    assert any("Alle projizierten Kosten sind im Haushalt veranschlagt." in line for line in lines)


def test_section_in_text_report(minimal_plan: dict) -> None:
    result = check_plan(_loaded(_tiny(minimal_plan)), engine="reference")
    text = render([result], "text")
    assert "Folgekosten und Finanzierungslücken" in text
    section = text.split("Folgekosten und Finanzierungslücken", 1)[1]
    assert "Jahr" in section and "ungedeckt" in section
    assert render_costs(result, None) == []
