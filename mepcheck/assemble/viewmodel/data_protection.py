"""Chapter 10: data protection per service."""

from __future__ import annotations

from typing import Any

from mepcheck.assemble.viewmodel.common import status_text
from mepcheck.assemble.viewmodel.findings import FindingIndex
from mepcheck.labels import label, labels
from mepcheck.model import Plan


def _services(plan: Plan, index: FindingIndex) -> list[dict[str, Any]]:
    names = {s.id: s.name for s in plan.schools}
    rows = []
    for i, s in enumerate(plan.services):
        items = index.at("dienste", i)
        if s.transfer is not None:
            t = s.transfer
            third = label(t.mechanism)
            if t.dpf_certified is not None:
                third += ", DPF-zertifiziert" if t.dpf_certified else ", nicht DPF-zertifiziert"
        elif any(loc.upper() not in ("DE", "EU") for loc in s.locations):
            third = "nicht angegeben"
        else:
            third = "keine"
        avv = labels(p.avv for p in s.processors) if s.processors else "–"
        dsfa = "nicht angegeben"
        threshold = "nicht angegeben"
        if s.dsfa is not None:
            dsfa = label(s.dsfa.status)
            threshold = label(s.dsfa.threshold_analysis)
        rows.append({
            "id": s.id,
            "name": s.name,
            "kind": label(s.kind),
            "product": s.product,
            "vendor": s.vendor,
            "controller": label(s.controller) if s.controller else "nicht angegeben",
            "relationships": "; ".join(f"{label(r.party)}: {label(r.type)} "
                                       f"(Vertrag {label(r.document)})"
                                       for r in s.relationships) or "–",
            "subjects": labels(s.subjects),
            "legal_basis": label(s.legal_basis) if s.legal_basis else "nicht angegeben",
            "schools": ", ".join(names.get(x, x) for x in s.schools) if s.schools
            else "alle Schulen",
            "processors": "; ".join(
                f"{p.name}" + (f" ({p.seat})" if p.seat else "") + f": AVV {label(p.avv)}"
                for p in s.processors) or "–",
            "avv": avv,
            "vvt": status_text(s.vvt),
            "dsfa": dsfa,
            "dsfa_threshold": threshold,
            "third_country": third,
            "locations": ", ".join(s.locations) if s.locations else "–",
            "deletion": status_text(s.deletion.concept if s.deletion else None),
            "toms": status_text(s.toms),
            "privacy_notice": status_text(s.privacy_notice),
            "usage_policy": status_text(s.usage_policy),
            "marker": index.marker(items),
            "findings": items,
        })
    return rows


def build_data_protection(plan: Plan, index: FindingIndex) -> dict[str, Any]:
    c = plan.carrier
    sec = c.security
    return {
        "dpo": f"{c.dpo.name} ({label(c.dpo.role)})" + (f", {c.dpo.contact}" if c.dpo.contact else "")
        if c.dpo else None,
        "security": None if sec is None else {"basis": sec.basis, "status": label(sec.status),
                                              "owner": sec.owner},
        "incident_process": status_text(c.incident_process),
        "services": _services(plan, index),
    }
