"""Generate synthetic but realistic plans of a given size (deterministic, seeded)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FORMS = ["grundschule"] * 5 + ["gymnasium", "realschule", "gesamtschule", "oberschule",
                                "foerderschule", "berufsbildende_schule", "berufsschule"]
DOC = ["vorhanden"] * 6 + ["in_arbeit", "geplant", "fehlt"]


def generate_plan(schools: int, seed: int = 7) -> dict[str, Any]:
    """A plan with ``schools`` schools, ~8 inventory items and ~10 measures each,
    and a realistic share of gaps (missing concepts, caps exceeded, late acceptance)."""
    rng = random.Random(seed * 1000 + schools)
    base = yaml.safe_load((ROOT / "fixtures" / "cases" / "minimal.yaml").read_text(encoding="utf-8"))
    plan = dict(base)
    plan["plan"] = {**base["plan"], "titel": f"Benchmark-MEP mit {schools} Schulen"}
    plan["schulen"], plan["massnahmen"] = [], []
    for i in range(schools):
        form = rng.choice(FORMS)
        pupils = rng.randint(120, 1400) if "beruf" not in form else rng.randint(800, 3500)
        sid = f"s{i:03d}"
        plan["schulen"].append({
            "id": sid, "name": f"Schule {i:03d} ({form})", "schulform": form,
            "schueler": pupils, "lehrkraefte": max(8, pupils // 14), "klassen": max(4, pupils // 25),
            "unterrichtsraeume": max(6, pupils // 22),
            "bandbreite": {"aktuell_mbit": rng.choice([50, 100, 250, 1000]),
                           "verfuegbar_mbit": 1000, "glasfaser": rng.choice(["vorhanden", "geplant"])},
            "abdeckung": {"lan": round(rng.uniform(0.4, 1.0), 2), "wlan": round(rng.uniform(0.3, 1.0), 2)},
            "medienkonzept": {"status": rng.choice(DOC)},
            "einsatzkonzept": {"status": rng.choice(DOC)},
            "fortbildungsplanung": {"status": rng.choice(DOC)},
            "datenschutzbeauftragter": {"name": "Behördliche DSB", "rolle": "behoerdlich"},
            "nutzungsordnung": {"status": rng.choice(DOC)},
            "bestand": [
                {"kategorie": cat, "geraetetyp": dev, "anzahl": rng.randint(5, 120),
                 "anschaffungsjahr": rng.randint(2016, 2024),
                 "foerderprogramm": rng.choice(["dp2019", "eigenmittel", "zv_sofortausstattung"]),
                 "inbetriebnahme": f"{rng.randint(2020, 2024)}-0{rng.randint(1, 9)}-01",
                 "zweckbindung_bis": "2029-12-31",
                 "geplante_aussonderung": f"{rng.randint(2026, 2032)}-07-31"}
                for cat, dev in [("mobiles_endgeraet", "tablet"), ("mobiles_endgeraet", "notebook"),
                                 ("anzeige_interaktion", "interaktives_display"),
                                 ("anzeige_interaktion", "beamer"), ("wlan", "access_point"),
                                 ("vernetzung", "switch"), ("arbeitsgeraet", "desktop"),
                                 ("anzeige_interaktion", "dokumentenkamera")]
            ],
        })
        for j in range(10):
            kind = rng.choice([
                ("endgeraete", "mobiles_endgeraet", "tablet", 450), ("endgeraete", "mobiles_endgeraet", "notebook", 700),
                ("praesentationstechnik", "anzeige_interaktion", "interaktives_display", 4800),
                ("basisinfrastruktur", "wlan", "access_point", 600), ("basisinfrastruktur", "vernetzung", "switch", 1500),
                ("software_lernplattformen", "lehr_lern_infrastruktur", "software", 50),
            ])
            qty = rng.randint(2, 60)
            programme = rng.choice(["dp20", "dp20", "eigenmittel", "dp2019", "land"])
            total = qty * kind[3]
            grant = round(total * (0.9 if programme in ("dp20", "dp2019", "land") else 0), 2)
            measure = {
                "id": f"m{i:03d}-{j}", "titel": f"{kind[2]} für Schule {i:03d}", "schule": sid,
                "handlungsfeld": kind[0], "foerderkategorie": kind[1], "geraetetyp": kind[2],
                "zuordnung": "klassensatz", "anzahl": qty, "einzelpreis": kind[3],
                "kostenart": "investition", "foerderprogramm": programme, "zuschuss": grant,
                "beginn": f"{rng.randint(2025, 2029)}-0{rng.randint(1, 9)}-01",
            }
            if programme == "dp2019":
                measure["beginn"] = "2023-05-01"
                measure["abnahme"] = rng.choice(["2024-11-30", "2025-02-28"])
            plan["massnahmen"].append(measure)
    plan["dienste"] = [
        {"id": f"d{k}", "name": f"Dienst {k}", "art": art, "betroffene": ["schueler", "lehrkraefte"],
         "dsfa": {"schwellwertanalyse": "vorhanden", "status": rng.choice(["durchgefuehrt", "fehlt"])}}
        for k, art in enumerate(["lernplattform", "mdm", "videokonferenz", "office_suite", "email",
                                 "wlan_authentifizierung"])
    ]
    plan["haushalt"] = [
        {"jahr": year, "investitionen": 100000 * max(1, schools // 4), "laufende_kosten": 20000 * max(1, schools // 4),
         "support": 80000, "eigenmittel": 150000, "haushaltsstelle": "0221", "beschlussstatus": "geplant"}
        for year in range(2026, 2031)
    ]
    return plan


def plan_yaml(schools: int) -> str:
    return yaml.safe_dump(generate_plan(schools), allow_unicode=True, sort_keys=False)
