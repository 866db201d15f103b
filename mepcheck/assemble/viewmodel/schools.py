"""Chapters 4 and 5 and Annex A: the school data sheets (inventory, bandwidth, concepts)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS
from mepcheck.assemble.gaps import GAP_RULES
from mepcheck.assemble.viewmodel.common import dec, status_text
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.assemble.viewmodel.wording import reader_text
from mepcheck.derived import Figures
from mepcheck.fmt import number as fmt_number
from mepcheck.labels import label, labels
from mepcheck.model import Plan
from mepcheck.model.school import School


def _concepts(school: School) -> list[dict[str, Any]]:
    rows = []
    for name, concept in (
        ("Medienkonzept", school.media_concept),
        ("Technisch-pädagogisches Einsatzkonzept", school.deployment_concept),
        ("Nutzungsordnung", school.usage_policy),
        ("Datenschutz-Geschäftsordnung", school.dp_rules_of_procedure),
        ("MEP-Zertifikat", school.mep_certificate),
    ):
        if concept is None and name in ("Datenschutz-Geschäftsordnung", "MEP-Zertifikat"):
            continue
        rows.append({
            "name": name,
            "status": label(concept.status) if concept else "nicht angegeben",
            "date": concept.date if concept else None,
            "covers": labels(concept.covers) if concept and concept.covers else "–",
        })
    tp = school.training_plan
    rows.append({"name": "Fortbildungsplanung",
                 "status": label(tp.status) if tp else "nicht angegeben",
                 "date": tp.date if tp else None,
                 "covers": (f"{len(tp.items)} Maßnahme{'' if len(tp.items) == 1 else 'n'}"
                            if tp and tp.items else "–")})
    return rows


_BESTAND = next(c for c in CHAPTER_SPECS if c.key == "inventory")


def _school_gaps(index: FindingIndex, i: int) -> list[dict[str, Any]]:
    """The gaps of one data sheet: the open findings of the school-data gap rules."""
    codes = {code for code, rule in GAP_RULES.items() if rule.place == "school"}
    return [{"label": f"Angabe fehlt – {_BESTAND.kind} nach {_BESTAND.basis}",
             "missing": f"{g['message']} ({g['marker']})"}
            for g in index.gaps_for(codes, "schulen", i)]


def build_schools(plan: Plan, figures: Figures, index: FindingIndex,
             measure_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ref_year = plan.meta.reference_date.year
    by_school: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in measure_rows:
        by_school[row["school_id"]].append(row)
    out = []
    for i, school in enumerate(plan.schools):
        fig = figures.schools[school.id]
        bw = school.bandwidth
        bandwidth = None
        bandwidth_text = "nicht angegeben"
        if bw is not None:
            bandwidth = {"current_mbit": bw.current_mbit, "available_mbit": bw.available_mbit,
                         "fibre": label(bw.fibre), "fibre_expected": bw.fibre_expected}
            avail = fmt_number(bw.available_mbit) if bw.available_mbit is not None else "–"
            bandwidth_text = f"{fmt_number(bw.current_mbit)} / {avail} Mbit/s"
        cov = school.coverage
        coverage = None if cov is None else {"lan": cov.lan, "wlan": cov.wlan,
                                             "wlan_standard": cov.wlan_standard}
        inventory = [{
            "device": label(item.device_type),
            "category": label(item.category),
            "quantity": item.quantity,
            "purchase_year": item.purchase_year,
            "age": ref_year - item.purchase_year if item.purchase_year else None,
            "programme": label(item.programme) if item.programme else "–",
            "earmark_until": item.earmark_until,
            "planned_retirement": item.planned_retirement,
            "loan": item.loan_device,
            "marker": index.marker(index.at("bestand", i, j)),
        } for j, item in enumerate(school.inventory)]
        items = index.at("schulen", i)
        dpo = school.dpo
        out.append({
            "number": f"A.{i + 1}",
            "id": school.id,
            "name": school.name,
            "form": label(school.form),
            "category": label(school.category),
            "pupils": school.pupils,
            "teachers": school.teachers,
            "classes": school.classes,
            "rooms": school.rooms,
            "bandwidth": bandwidth,
            "bandwidth_text": bandwidth_text,
            "coverage": coverage,
            "concepts": _concepts(school),
            "media_concept": status_text(school.media_concept),
            "deployment_concept": status_text(school.deployment_concept),
            "training_plan": status_text(school.training_plan.status if school.training_plan else None),
            "usage_policy": status_text(school.usage_policy),
            "inventory": inventory,
            "inventory_total": fig.devices_inventory,
            "end_devices": fig.end_devices,
            "pupils_per_end_device": (Decimal(school.pupils) / fig.end_devices).quantize(
                Decimal("0.1")) if fig.end_devices else None,
            "platforms": ", ".join(school.platforms) if school.platforms else "–",
            "dpo": f"{dpo.name} ({label(dpo.role)})" if dpo else None,
            "onsite_fte": dec(school.onsite_fte),
            "measures": by_school.get(school.id, []),
            "figures": {"investment": fig.investment, "running": fig.running,
                        "grant": fig.grant, "own_share": fig.own_share, "total": fig.total},
            "gaps": [{**g, "missing": reader_text(g["missing"])} for g in _school_gaps(index, i)],
            "marker": index.marker(items),
            "markers": index.chapter_markers(items),
            "findings": items,
            "groups": index.groups(items),
        })
    return out
