"""Fact types and fields of the sustainability rules (NACHH-…).

Procurement criteria are free lists in the plan; Python turns them into flags
(which label, which criterion, which award criterion) and the rule conditions
decide. An absent end-of-life concept is status ``fehlt`` with all its duties
``False``, so the rules fail instead of becoming undecidable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mepcheck.derived.projection import DEFAULT_CYCLES
from mepcheck.facts.base import (
    F,
    Fact,
    FactContext,
    add_fields,
    builder,
    enricher,
    enum_values,
    fact_type,
)
from mepcheck.facts.core import DOC, doc_status
from mepcheck.facts.families import follow_up_costs  # registers the shared fact types first
from mepcheck.facts.families.follow_up_costs import CLASSES, device_class, is_energy_relevant
from mepcheck.fmt import by_kind
from mepcheck.labels import label
from mepcheck.model.enums import CostType, DeviceType

TYPE1_LABELS = {"blauer_engel_de_uz_78", "tco_certified", "eu_ecolabel"}
MATERIAL = {"blauer_engel_de_uz_78", "tco_certified", "verpackung_recycling"}
ENERGY_PROOF = {"energieeffizienzklasse", "tec_werte", *TYPE1_LABELS, "epeat"}


def _norm(items: Iterable[str]) -> set[str]:
    return {i.strip().lower().replace("-", "_").replace(" ", "_") for i in items}


fact_type(
    "beschaffung", "Eine geplante Beschaffung (Ausschreibung) mit Umwelt- und Zuschlagskriterien", 11,
    beschaffung_id=F("text", "Kennung der Beschaffung"),
    geraetetyp=F("text", "Gerätetyp", enum_values(DeviceType)),
    geraeteklasse=F("text", "Geräteklasse", CLASSES),
    endgeraet=F("bool", "Endgerät"),
    mobil=F("bool", "mobiles Endgerät"),
    energierelevant=F("bool", "energieverbrauchsrelevante Lieferleistung"),
    geschaetzter_wert=F("money", "geschätzter Auftragswert"),
    kriterium_typ1_label=F("bool", "Typ-1-Umweltzeichen gefordert (Blauer Engel DE-UZ 78, TCO Certified, EU Ecolabel)"),
    kriterium_gleichwertig=F("bool", "gleichwertige Nachweise zugelassen („oder gleichwertig“)"),
    kriterium_energieeffizienzklasse=F("bool", "höchste Energieeffizienzklasse/-niveau gefordert"),
    kriterium_tec_werte=F("bool", "Energieverbrauchsdaten (TEC) gefordert"),
    kriterium_einzelkriterien=F("bool", "Umweltkriterien einzeln statt über ein Label (Energieklasse oder TEC-Werte)"),
    kriterium_material=F("bool", "Material-/Verpackungskriterien (TCO, DE-UZ 78 oder Recyclingverpackung)"),
    kriterium_de_uz_219=F("bool", "Blauer Engel DE-UZ 219 gefordert"),
    kriterium_energy_star=F("bool", "ENERGY STAR gefordert"),
    energienachweis_weitere=F("bool", "Energienachweis außer ENERGY STAR gefordert"),
    zuschlag_energieeffizienz=F("bool", "Energieeffizienz ist Zuschlagskriterium"),
    zuschlag_lebenszykluskosten=F("bool", "Lebenszykluskosten sind Zuschlagskriterium"),
    lcc_methode=F("bool", "Methode der Lebenszykluskosten angegeben"),
    garantie_jahre=F("int", "Garantie in Jahren"),
    ersatzteile_jahre=F("int", "Ersatzteilverfügbarkeit in Jahren"),
    nutzungsdauer_jahre=F("int", "geplante Nutzungsdauer des Gerätetyps (Plan, sonst Richtwert)"),
    ersatzteile_reserve=F("int", "Ersatzteiljahre minus Nutzungsdauer (negativ: Lücke)"),
    refurbished_geprueft=F("bool", "aufbereitete Geräte geprüft"),
    landesvorgaben_angewendet=F("bool", "verbindliche Landesvorgaben zur umweltfreundlichen Beschaffung angewendet"),
    kreislauf_begruendung=F("bool", "Beitrag zur Kreislaufwirtschaft begründet"),
)

fact_type(
    "nachhaltigkeit", "Nachhaltigkeitskonzept des Plans: Lebensende, Refurbished, Plattformen", 11,
    lebensende=F("text", "Status des Lebensende-Konzepts", DOC),
    wiederverwendung=F("bool", "Wiederverwendung/Weitergabe vor Recycling"),
    zertifizierte_loeschung=F("bool", "zertifizierte Datenlöschung"),
    ruecknahme_weee=F("bool", "WEEE-konforme Rücknahme"),
    keine_bevorratung=F("bool", "keine Bevorratung neuer Geräte über den Bedarf"),
    loeschverfahren=F("bool", "Löschverfahren beschrieben"),
    lebensende_verantwortlich=F("bool", "Verantwortliche Stelle benannt"),
    beschaffungen_anzahl=F("int", "Zahl der beschriebenen Beschaffungen"),
    endgeraete_geplant=F("int", "geplante neue Endgeräte (Maßnahmen)"),
    refurbished_geprueft=F("bool", "aufbereitete Geräte für mindestens eine Beschaffung geprüft oder eingeplant"),
    refurbished_geraete=F("int", "eingeplante aufbereitete Geräte"),
    plattformen_endgeraete=F("int", "Zahl verschiedener Plattformen über alle Endgeräte"),
)

add_fields(
    "dienst_betrieb",
    rz_nachweis=F("bool", "Effizienznachweis des Rechenzentrums (Label oder PUE) angegeben"),
    rz_label=F("text", "Label des Rechenzentrums"),
    pue=F("number", "PUE des Rechenzentrums"),
    client_anforderungen=F("bool", "Mindestanforderungen an die Endgeräte dokumentiert"),
)

assert follow_up_costs  # imported for its registrations


def _procurement_subject(p: Any, titles: dict[str, str]) -> str:
    """How a reader recognises a procurement: by its measure, else by device type and value
    (the id stays in the finding's path and element key)."""
    named = [titles[m] for m in p.measures if m in titles]
    if named:
        return f"Beschaffung für „{named[0]}“" + (" u. a." if len(named) > 1 else "")
    return f"Beschaffung {label(p.device_type.value)}, geschätzt {by_kind('money', p.estimated_value)}"


def _procurement_facts(ctx: FactContext) -> Iterable[Fact]:
    plan = ctx.plan
    sus = plan.sustainability
    if sus is None:
        return
    categories = {c.device_type: c for c in plan.cost_categories}
    titles = {m.id: m.title for m in plan.measures}
    for i, p in enumerate(sus.procurements):
        env = _norm(p.env_criteria)
        award = _norm(p.award_criteria)
        cat = categories.get(p.device_type)
        life = None
        if cat is not None:
            life = cat.planned_life_years or cat.replacement_cycle_years or None
        if life is None:
            life = DEFAULT_CYCLES.get(p.device_type)
        yield Fact("beschaffung", ("nachhaltigkeit", "beschaffungen", i), {
            "beschaffung_id": p.id,
            "geraetetyp": p.device_type.value,
            "geraeteklasse": device_class(p.device_type),
            "endgeraet": p.device_type.is_end_device,
            "mobil": p.device_type.is_mobile,
            "energierelevant": is_energy_relevant(p.device_type),
            "geschaetzter_wert": p.estimated_value,
            "kriterium_typ1_label": bool(env & TYPE1_LABELS),
            "kriterium_gleichwertig": "gleichwertig" in env,
            "kriterium_energieeffizienzklasse": "energieeffizienzklasse" in env,
            "kriterium_tec_werte": "tec_werte" in env,
            "kriterium_einzelkriterien": bool(env & {"energieeffizienzklasse", "tec_werte"}),
            "kriterium_material": bool(env & MATERIAL),
            "kriterium_de_uz_219": "de_uz_219" in env,
            "kriterium_energy_star": "energy_star" in env,
            "energienachweis_weitere": bool(env & ENERGY_PROOF),
            "zuschlag_energieeffizienz": "energieeffizienz" in award,
            "zuschlag_lebenszykluskosten": "lebenszykluskosten" in award,
            "lcc_methode": bool(p.lcc_method),
            "garantie_jahre": p.warranty_years,
            "ersatzteile_jahre": p.spare_parts_years,
            "nutzungsdauer_jahre": life,
            "ersatzteile_reserve": (p.spare_parts_years - life
                                    if p.spare_parts_years is not None and life else None),
            "refurbished_geprueft": bool(p.refurbished_considered),
            "landesvorgaben_angewendet": bool(p.land_rules_applied),
            "kreislauf_begruendung": bool(p.circularity_rationale),
        }, refs=tuple(("massnahmen", m) for m in p.measures), subject=_procurement_subject(p, titles))


def _sustainability_fact(ctx: FactContext) -> Fact:
    plan = ctx.plan
    sus = plan.sustainability
    eol = sus.end_of_life if sus else None
    platforms = {
        p.strip().lower() for c in plan.cost_categories if c.device_type.is_end_device
        for p in c.platforms
    }
    planned = sum(
        m.quantity or 0 for m in plan.measures
        if m.device_type is not None and m.device_type.is_end_device
        and m.cost_type is CostType.INVESTMENT
    )
    procurements = sus.procurements if sus else []
    return Fact("nachhaltigkeit", ("nachhaltigkeit",), {
        "lebensende": doc_status(eol),
        "wiederverwendung": bool(eol and eol.reuse),
        "zertifizierte_loeschung": bool(eol and eol.certified_erasure),
        "ruecknahme_weee": bool(eol and eol.take_back),
        "keine_bevorratung": bool(eol and eol.no_stockpiling),
        "loeschverfahren": bool(eol and eol.erasure_method),
        "lebensende_verantwortlich": bool(eol and eol.owner),
        "beschaffungen_anzahl": len(procurements),
        "endgeraete_geplant": planned,
        "refurbished_geprueft": any(p.refurbished_considered for p in procurements)
        or bool(sus and sus.refurbished_share),
        "refurbished_geraete": sus.refurbished_share if sus and sus.refurbished_share else 0,
        "plattformen_endgeraete": len(platforms),
    }, subject="Nachhaltigkeit")


@builder
def build_sustainability(ctx: FactContext) -> Iterable[Fact]:
    """Procurement facts and the plan's sustainability fact."""
    yield from _procurement_facts(ctx)
    yield _sustainability_fact(ctx)


@enricher("dienst_betrieb")
def _enrich_service(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    service = next((s for s in ctx.plan.services if s.id == values["dienst_id"]), None)
    hosting = service.hosting if service else None
    values["rz_nachweis"] = bool(hosting and (hosting.dc_label or hosting.pue is not None))
    values["rz_label"] = hosting.dc_label if hosting else None
    values["pue"] = hosting.pue if hosting else None
    values["client_anforderungen"] = bool(service and service.min_client_requirements)

