"""Fact types and fields of the follow-up-cost rules (FOLGEK-…).

The cost-of-ownership projection (:mod:`mepcheck.derived.projection`) is part of
the derived figures: every projected year becomes a ``projektionsjahr`` fact that
rules compare against the budget. Absent sections are encoded as status
``fehlt`` or as ``False`` so that rules fail instead of becoming undecidable.
The device-category facts (``geraetekategorie``) and the operations facts are
shared with the sustainability rules (:mod:`.sustainability` adds its fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from mepcheck.derived.figures import support_fte
from mepcheck.derived.projection import (
    DEFAULT_UNIT_PRICES,
    Projection,
    compute_projection,
    measure_unit_prices,
)
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
from mepcheck.model import Plan
from mepcheck.model.enums import (
    Assignment,
    CostType,
    DeviceType,
    Party,
    Payer,
    Programme,
    ServiceKind,
    SupportModel,
    TeacherDeviceModel,
)

ZERO = Decimal("0.00")
FEDERAL = {Programme.DP2019, Programme.ZV_SOFORT, Programme.ZV_ADMIN, Programme.ZV_TEACHERS,
           Programme.DP20}

DEVICE_CLASS: dict[DeviceType, str] = {
    DeviceType.NOTEBOOK: "endgeraet_mobil",
    DeviceType.TABLET: "endgeraet_mobil",
    DeviceType.CONVERTIBLE: "endgeraet_mobil",
    DeviceType.SMARTPHONE: "endgeraet_mobil",
    DeviceType.DESKTOP: "endgeraet_stationaer",
    DeviceType.THIN_CLIENT: "endgeraet_stationaer",
    DeviceType.WORK_DEVICE: "endgeraet_stationaer",
    DeviceType.DISPLAY: "anzeige",
    DeviceType.WHITEBOARD: "anzeige",
    DeviceType.MONITOR: "anzeige",
    DeviceType.PROJECTOR: "anzeige",
    DeviceType.DOCUMENT_CAMERA: "anzeige",
    DeviceType.PRINTER: "drucker",
    DeviceType.ACCESS_POINT: "netz",
    DeviceType.SWITCH: "netz",
    DeviceType.FIREWALL: "netz",
    DeviceType.SERVER: "server",
}
"""Device classes the sustainability and follow-up-cost rules distinguish."""

CLASSES = ("endgeraet_mobil", "endgeraet_stationaer", "anzeige", "drucker", "netz", "server",
           "sonstige")
NOT_ENERGY = {DeviceType.SOFTWARE, DeviceType.CABLING, DeviceType.OTHER}
WITH_OS = {DeviceType.NOTEBOOK, DeviceType.TABLET, DeviceType.CONVERTIBLE, DeviceType.SMARTPHONE,
           DeviceType.DESKTOP, DeviceType.THIN_CLIENT, DeviceType.DISPLAY, DeviceType.SERVER}


def device_class(device_type: DeviceType) -> str:
    return DEVICE_CLASS.get(device_type, "sonstige")


def is_energy_relevant(device_type: DeviceType) -> bool:
    return device_type not in NOT_ENERGY


def projection_of(ctx: FactContext) -> Projection:
    """The projection of the context's plan, computed once per check and kept with it.

    It lives in the check's own :class:`FactContext` (never at module level), so a
    long-running process can never hand one plan's projection to another plan, also
    not after a check that failed half-way."""
    return ctx.once("projection", lambda: compute_projection(ctx.plan, ctx.figures))  # type: ignore[no-any-return]


def uses_federal_funding(plan: Plan) -> bool:
    """Whether the plan uses or holds DigitalPakt money (measures, budget, funded inventory)."""
    if any(m.programme in FEDERAL or FEDERAL & set(m.other_programmes) for m in plan.measures):
        return True
    if any(g.programme in FEDERAL and g.amount > 0 for row in plan.budget for g in row.grants):
        return True
    return any(item.programme in FEDERAL for s in plan.schools for item in s.inventory)


def _end_devices(units: dict[str, int]) -> int:
    return sum(n for t, n in units.items() if DeviceType(t).is_end_device)


# --- fact types ---------------------------------------------------------------------------------

fact_type(
    "projektionsjahr", "Ein Jahr der Folgekostenprojektion gegen den Haushalt", 12,
    jahr=F("year", "Jahr"),
    im_planzeitraum=F("bool", "Jahr liegt im Geltungszeitraum des Plans"),
    nach_foerderende=F("bool", "Jahr liegt nach dem Ende der genutzten Förderung"),
    foerderende_jahr=F("year", "letztes Jahr der genutzten Bundesförderung"),
    foerderung_genutzt=F("bool", "Plan nutzt DigitalPakt-Mittel (2019, Zusatzvereinbarungen oder 2.0)"),
    investitionen=F("money", "geplante investive Maßnahmen des Jahres"),
    ersatz_annuitaet=F("money", "Ersatz-Annuität: Σ Einheiten × Stückpreis ÷ Ersatzzyklus"),
    laufende_kosten=F("money", "laufende Kosten (Einheiten × Kosten je Einheit, Betriebsmaßnahmen)"),
    support=F("money", "Support (Personal und Verträge)"),
    lizenzen=F("money", "Lizenzen"),
    energie=F("money", "Energie"),
    folgekosten=F("money", "Folgekosten: Ersatz + laufende Kosten + Support + Lizenzen + Energie"),
    kosten_gesamt=F("money", "projizierte Kosten insgesamt"),
    haushalt_zeile=F("bool", "für das Jahr gibt es eine Haushaltszeile"),
    haushalt_kosten=F("money", "im Haushalt veranschlagte Kosten insgesamt (0 ohne Zeile)"),
    haushalt_ersatz=F("money", "im Haushalt veranschlagte Ersatzbeschaffung"),
    haushalt_laufend=F("money", "im Haushalt veranschlagte laufende Kosten, Support, Lizenzen, Energie"),
    haushalt_folgekosten=F("money", "im Haushalt veranschlagte Folgekosten (Ersatz + laufend)"),
    haushalt_lizenzen=F("money", "im Haushalt veranschlagte Lizenzen"),
    haushalt_support=F("money", "im Haushalt veranschlagter Support"),
    eigenmittel=F("money", "veranschlagte Eigenmittel"),
    zuschuesse=F("money", "veranschlagte Zuschüsse"),
    luecke=F("money", "ungedeckt: projizierte Kosten über dem Haushaltsansatz"),
    folgekosten_luecke=F("money", "ungedeckte Folgekosten"),
    ersatz_luecke=F("money", "ungedeckte Ersatz-Annuität"),
    haushaltsstelle=F("bool", "Haushaltsstelle angegeben"),
    beschlussstatus=F("text", "Beschlussstatus der Haushaltszeile",
                      ("beschlossen", "geplant", "entwurf", "fehlt")),
    endgeraete=F("int", "Endgeräte im Betrieb"),
    endgeraete_basisjahr=F("int", "Endgeräte im ersten Planjahr"),
    geraete_wachstum=F("percent", "Endgeräte im Jahr im Verhältnis zum ersten Planjahr"),
    support_wachstum=F("percent", "Supportkapazität (VZÄ je Jahr, sonst Supportansatz) im Verhältnis zum ersten Planjahr"),
)

fact_type(
    "folgekosten_plan", "Folgekosten des Plans im Überblick (aus der Projektion)", 12,
    foerderende_jahr=F("year", "letztes Jahr der genutzten Bundesförderung"),
    projektion_bis=F("year", "letztes Jahr der Projektion"),
    plan_von=F("year", "erstes Jahr des Plans"),
    plan_bis=F("year", "letztes Jahr des Plans"),
    luecke_gesamt=F("money", "ungedeckte Kosten über alle Projektionsjahre"),
    luecke_planzeitraum=F("money", "ungedeckte Kosten im Geltungszeitraum"),
    luecke_nach_foerderende=F("money", "ungedeckte Kosten nach dem Förderende"),
    kosten_jahr_durchschnitt=F("money", "durchschnittliche projizierte Kosten je Planjahr"),
    schueler_grundschule=F("int", "Schülerinnen und Schüler an Grundschulen"),
    schueler_weiterfuehrend=F("int", "Schülerinnen und Schüler an anderen Schulen"),
    schueler_gesamt=F("int", "Schülerinnen und Schüler insgesamt"),
    kosten_je_schueler_jahr=F("money", "durchschnittliche Jahreskosten je Schülerin/Schüler"),
    datenschutz_budget=F("money", "veranschlagte Mittel für Datenschutz und Informationssicherheit"),
    richtwerte_anzahl=F("int", "Zahl der Gerätetypen, für die Richtwerte statt Planwerten gelten"),
)

fact_type(
    "geraetekategorie", "Ein Gerätetyp im Betrieb mit seinen Folgekosten- und Lebenszyklusangaben", 12,
    geraetetyp=F("text", "Gerätetyp", enum_values(DeviceType)),
    geraeteklasse=F("text", "Geräteklasse", CLASSES),
    endgeraet=F("bool", "Endgerät"),
    mobil=F("bool", "mobiles Endgerät (Akku)"),
    energierelevant=F("bool", "verbraucht Strom"),
    betriebssystem=F("bool", "Gerät mit Betriebssystem (Sicherheitsupdates nötig)"),
    einheiten=F("int", "höchste Zahl der Einheiten im Geltungszeitraum"),
    folgekosten_angegeben=F("bool", "unter 'folgekosten' beschrieben"),
    ersatzzyklus_jahre=F("int", "Ersatzzyklus in Jahren"),
    laufende_kosten_je_einheit=F("money", "jährliche laufende Kosten je Einheit"),
    nutzungsdauer_jahre=F("int", "geplante Nutzungsdauer (ersatzweise Ersatzzyklus) in Jahren"),
    begruendung_nutzungsdauer=F("bool", "kürzere Nutzungsdauer begründet"),
    letzte_anschaffung=F("year", "Jahr der jüngsten Anschaffung dieses Typs"),
    nutzungsende_jahr=F("year", "jüngste Anschaffung + Nutzungsdauer"),
    zyklusende_jahr=F("year", "jüngste Anschaffung + Ersatzzyklus"),
    updates_bis_jahr=F("year", "Sicherheitsupdates zugesagt bis"),
    updates_reserve_nutzung=F("int", "Jahre Sicherheitsupdates über das Nutzungsende hinaus (negativ: Lücke)"),
    updates_reserve_zyklus=F("int", "Jahre Sicherheitsupdates über das Ende des Ersatzzyklus hinaus (negativ: Lücke)"),
    zyklus_minus_afa=F("int", "Ersatzzyklus minus AfA-Dauer in Jahren (negativ: Ersatz vor Ende der Abschreibung)"),
    akku_tauschbar=F("bool", "Akku tauschbar"),
    akkutausch_budgetiert=F("bool", "Akkutausch budgetiert"),
    jahresverbrauch_kwh=F("number", "Jahresverbrauch je Einheit in kWh"),
    afa_jahre=F("int", "Nutzungsdauer in der Anlagenbuchhaltung (AfA) in Jahren"),
    plattformen_anzahl=F("int", "Zahl der Plattformen/Betriebssysteme"),
    begruendung_plattformen=F("bool", "mehrere Plattformen begründet"),
    einzelpreis=F("money", "Stückpreis in der Projektion"),
    preisquelle=F("text", "Herkunft des Stückpreises", ("plan", "massnahmen", "richtwert", "keiner")),
    ersatz_annuitaet=F("money", "Ersatz-Annuität dieses Typs im letzten Planjahr"),
)

fact_type(
    "betrieb", "Das Betriebs-, Wartungs- und Supportkonzept mit Kapazitäten", 8,
    konzept=F("text", "Status des Betriebskonzepts", DOC),
    modell=F("text", "Supportmodell", enum_values(SupportModel)),
    dp_foerderung=F("bool", "Plan nutzt oder hält DigitalPakt-Mittel"),
    supportebenen_anzahl=F("int", "Zahl der beschriebenen Supportebenen"),
    service_level=F("bool", "Reaktionszeiten vereinbart"),
    ticketsystem=F("bool", "Ticketsystem vorhanden"),
    personal_personen=F("int", "Zahl der Personen im eigenen Supportpersonal"),
    personal_vzae=F("number", "eigenes Supportpersonal in VZÄ"),
    vertraege_anzahl=F("int", "Zahl der Supportverträge"),
    support_vzae=F("number", "technische Supportkapazität in VZÄ (Personal + Verträge)"),
    endgeraete_max=F("int", "höchste Zahl der Endgeräte im Geltungszeitraum"),
    geraete_je_vzae=F("number", "Endgeräte je VZÄ Support"),
    jahreskosten=F("money", "jährliche Kosten des Betriebs"),
    beauftragung=F("bool", "geregelt, wer Dienstleister beauftragen darf"),
)

fact_type(
    "support_personal", "Eine Stelle des Supportpersonals mit ihrer Finanzierung", 8,
    rolle=F("text", "Rolle"),
    vzae=F("number", "Vollzeitäquivalente"),
    personen=F("int", "Personen"),
    finanzierung=F("text", "Finanzierung", enum_values(Programme)),
    finanziert_bis=F("date", "finanziert bis"),
    anschlussfinanzierung=F("text", "Anschlussfinanzierung", enum_values(Programme)),
)

fact_type(
    "laufende_kostenposition", "Eine laufende Kostenposition (Betrieb, Support, Lizenz, Personal) mit ihrer Finanzierung", 12,
    quelle=F("text", "Art der Position", ("massnahme", "lizenz", "personal", "haushalt")),
    bezeichnung=F("text", "Bezeichnung"),
    programm=F("text", "finanzierendes Programm", enum_values(Programme)),
    betrag=F("money", "jährlicher Betrag bzw. Kosten der Position"),
)

fact_type(
    "lehrkraftgeraete", "Dienstgeräte für Lehrkräfte: Kostenträger für Ersatz und Support", 8,
    angaben=F("text", "Abschnitt 'lehrkraftgeraete' vorhanden", ("vorhanden", "fehlt")),
    geplant=F("bool", "Lehrkraftgeräte im Plan (Abschnitt, Maßnahmen oder Bestand)"),
    modell=F("text", "Modell", enum_values(TeacherDeviceModel)),
    kostentraeger_ersatz=F("text", "wer den Ersatz bezahlt", enum_values(Payer)),
    kostentraeger_support=F("text", "wer den Support bezahlt", enum_values(Payer)),
    ersatzzyklus_jahre=F("int", "Ersatzzyklus in Jahren"),
)

fact_type(
    "byod", "Nutzung privater Schülergeräte (BYOD) und ihre Folgekosten", 8,
    geplant=F("bool", "BYOD geplant"),
    leihgeraetepool=F("int", "Leihgeräte für den sozialen Ausgleich"),
    sozialausgleich_budget=F("money", "Budget für den sozialen Ausgleich"),
    support_budget=F("money", "Budget für Support heterogener Geräte"),
)

fact_type(
    "dienst_betrieb", "Ein Dienst aus Sicht von Lizenzen, Betrieb und Nachhaltigkeit", 12,
    dienst_id=F("text", "Kennung des Dienstes"),
    name=F("text", "Name des Dienstes"),
    art=F("text", "Art des Dienstes", enum_values(ServiceKind)),
    bereitgestellt_von=F("text", "wer den Dienst bereitstellt", (*enum_values(Party), "unbekannt")),
    betreiber=F("text", "wer den Dienst betreibt", (*enum_values(Party), "unbekannt")),
    extern_betrieben=F("bool", "in einem Rechenzentrum von Land, Dienstleister oder Anbieter betrieben"),
    lizenz_vorhanden=F("bool", "eine Lizenz ist dem Dienst zugeordnet"),
    lizenz_bis_jahr=F("year", "letztes Jahr der zugeordneten Lizenzen"),
    plan_bis=F("year", "letztes Jahr des Plans"),
)

add_fields(
    "schule",
    support_vor_ort_vzae=F("number", "Vor-Ort-Support an der Schule in VZÄ"),
    support_sla_vor_ort_stunden=F("number", "vereinbarte Vor-Ort-Reaktionszeit in Stunden (trägerweit)"),
)


# --- builders -------------------------------------------------------------------------------------


def _support_growth(plan: Plan, year: int) -> float:
    start = plan.meta.period.start
    ops = plan.operations
    capacity = {c.year: c.fte for c in ops.capacity} if ops is not None else {}
    if year in capacity and capacity.get(start):
        return round(capacity[year] / capacity[start], 4)
    rows = {r.year: r for r in plan.budget}
    base = rows.get(start)
    if base is not None and base.support > 0:
        row = rows.get(year)
        return round(float((row.support if row else ZERO) / base.support), 4)
    return 1.0


def _year_facts(ctx: FactContext, proj: Projection) -> Iterable[Fact]:
    plan = ctx.plan
    rows = {r.year: (i, r) for i, r in enumerate(plan.budget)}
    base_units = proj.years[0].units if proj.years else {}
    base_end = _end_devices(base_units)
    for y in proj.years:
        found = rows.get(y.year)
        row = found[1] if found else None
        path: tuple[str | int, ...] = ("haushalt", found[0]) if found else ("projektion", y.year)
        end = _end_devices(y.units)
        budget_followup = y.budgeted_replacement + y.budgeted_recurring
        followup = y.replacement + y.recurring
        yield Fact("projektionsjahr", path, {
            "jahr": y.year,
            "im_planzeitraum": y.in_plan_period,
            "nach_foerderende": y.after_funding,
            "foerderende_jahr": proj.funding_end_year,
            "foerderung_genutzt": bool(proj.programmes),
            "investitionen": y.investment,
            "ersatz_annuitaet": y.replacement,
            "laufende_kosten": y.running,
            "support": y.support,
            "lizenzen": y.licences,
            "energie": y.energy,
            "folgekosten": followup,
            "kosten_gesamt": y.total,
            "haushalt_zeile": row is not None,
            "haushalt_kosten": y.budgeted,
            "haushalt_ersatz": y.budgeted_replacement,
            "haushalt_laufend": y.budgeted_recurring,
            "haushalt_folgekosten": budget_followup,
            "haushalt_lizenzen": row.licences if row else ZERO,
            "haushalt_support": row.support if row else ZERO,
            "eigenmittel": y.own_funds,
            "zuschuesse": sum(y.grants.values(), ZERO),
            "luecke": y.gap,
            "folgekosten_luecke": max(followup - budget_followup, ZERO),
            "ersatz_luecke": y.replacement_gap,
            "haushaltsstelle": bool(row and row.budget_line),
            "beschlussstatus": row.status.value if row and row.status else "fehlt",
            "endgeraete": end,
            "endgeraete_basisjahr": base_end,
            "geraete_wachstum": round(end / max(base_end, 1), 4),
            "support_wachstum": _support_growth(plan, y.year),
        }, subject=f"Jahr {y.year}")


def _plan_fact(ctx: FactContext, proj: Projection) -> Fact:
    plan = ctx.plan
    in_period = [y for y in proj.years if y.in_plan_period]
    avg = (sum((y.total for y in in_period), ZERO) / len(in_period)).quantize(Decimal("0.01")) \
        if in_period else ZERO
    primary = sum(s.pupils for s in plan.schools if s.form.value == "grundschule")
    pupils = sum(s.pupils for s in plan.schools)
    defaults = {t for v in proj.defaults_used.values() for t in v if t != "personal"}
    values: dict[str, Any] = {
        "foerderende_jahr": proj.funding_end_year,
        "projektion_bis": proj.years[-1].year if proj.years else plan.meta.period.end,
        "plan_von": plan.meta.period.start,
        "plan_bis": plan.meta.period.end,
        "luecke_gesamt": proj.total_gap,
        "luecke_planzeitraum": sum((y.gap for y in in_period), ZERO),
        "luecke_nach_foerderende": proj.gap_after_funding,
        "kosten_jahr_durchschnitt": avg,
        "schueler_grundschule": primary,
        "schueler_weiterfuehrend": pupils - primary,
        "schueler_gesamt": pupils,
        "kosten_je_schueler_jahr": (avg / pupils).quantize(Decimal("0.01")) if pupils else None,
        "datenschutz_budget": sum((r.dp_infosec for r in plan.budget), ZERO),
        "richtwerte_anzahl": len(defaults),
    }
    return Fact("folgekosten_plan", (), values, subject="Folgekosten")


def _first_location(plan: Plan, device_type: DeviceType) -> tuple[str | int, ...]:
    for i, school in enumerate(plan.schools):
        for j, item in enumerate(school.inventory):
            if item.device_type is device_type:
                return ("schulen", i, "bestand", j)
    for i, m in enumerate(plan.measures):
        if m.device_type is device_type:
            return ("massnahmen", i)
    return ("folgekosten",)


def _latest_acquisition(plan: Plan, device_type: DeviceType) -> int:
    years = [item.purchase_year for s in plan.schools for item in s.inventory
             if item.device_type is device_type and item.purchase_year is not None]
    years += [m.budget_year or plan.meta.period.start for m in plan.measures
              if m.device_type is device_type and m.quantity
              and m.cost_type is CostType.INVESTMENT]
    return max(years) if years else plan.meta.period.start


def _category_facts(ctx: FactContext, proj: Projection) -> Iterable[Fact]:
    plan = ctx.plan
    in_period = [y for y in proj.years if y.in_plan_period]
    peak: dict[str, int] = {}
    for y in in_period:
        for t, n in y.units.items():
            peak[t] = max(peak.get(t, 0), n)
    entries: dict[DeviceType, int] = {}
    for i, cat in enumerate(plan.cost_categories):
        entries.setdefault(cat.device_type, i)
    types = sorted({DeviceType(t) for t, n in peak.items() if n} | set(entries),
                   key=lambda t: t.value)
    last = in_period[-1] if in_period else None
    measure_prices = measure_unit_prices(plan)
    for t in types:
        index = entries.get(t)
        cat = plan.cost_categories[index] if index is not None else None
        acquired = _latest_acquisition(plan, t)
        cycle = cat.replacement_cycle_years if cat and cat.replacement_cycle_years else None
        life = (cat.planned_life_years if cat and cat.planned_life_years else None) or cycle
        if cat is not None and cat.unit_price is not None:
            price, source = cat.unit_price, "plan"
        elif t in measure_prices:
            price, source = measure_prices[t], "massnahmen"
        elif t in DEFAULT_UNIT_PRICES:
            price, source = DEFAULT_UNIT_PRICES[t], "richtwert"
        else:
            price, source = None, "keiner"
        path = ("folgekosten", index) if index is not None else _first_location(plan, t)
        updates = cat.update_support_until if cat else None
        afa = cat.depreciation_years if cat else None
        life_end = acquired + life if life else None
        cycle_end = acquired + cycle if cycle else None
        yield Fact("geraetekategorie", path, {
            "geraetetyp": t.value,
            "geraeteklasse": device_class(t),
            "endgeraet": t.is_end_device,
            "mobil": t.is_mobile,
            "energierelevant": is_energy_relevant(t),
            "betriebssystem": t in WITH_OS,
            "einheiten": peak.get(t.value, 0),
            "folgekosten_angegeben": cat is not None,
            "ersatzzyklus_jahre": cycle,
            "laufende_kosten_je_einheit": cat.running_cost_per_unit if cat else None,
            "nutzungsdauer_jahre": life,
            "begruendung_nutzungsdauer": bool(cat and cat.life_justification),
            "letzte_anschaffung": acquired,
            "nutzungsende_jahr": life_end,
            "zyklusende_jahr": cycle_end,
            "updates_bis_jahr": updates,
            "updates_reserve_nutzung": updates - life_end if updates and life_end else None,
            "updates_reserve_zyklus": updates - cycle_end if updates and cycle_end else None,
            "zyklus_minus_afa": cycle - afa if cycle and afa else None,
            "akku_tauschbar": cat.battery_replaceable if cat else None,
            "akkutausch_budgetiert": cat.battery_swap_budgeted if cat else None,
            "jahresverbrauch_kwh": cat.annual_kwh if cat else None,
            "afa_jahre": afa,
            "plattformen_anzahl": len(cat.platforms) if cat else 0,
            "begruendung_plattformen": bool(cat and cat.platform_justification),
            "einzelpreis": price,
            "preisquelle": source,
            "ersatz_annuitaet": last.replacement_by_type.get(t.value, ZERO) if last else ZERO,
        }, subject=f"Gerätetyp {t.value}")


def _operations_facts(ctx: FactContext, proj: Projection) -> Iterable[Fact]:
    plan = ctx.plan
    ops = plan.operations
    fte = support_fte(plan)
    in_period = [y for y in proj.years if y.in_plan_period]
    devices = max((_end_devices(y.units) for y in in_period), default=0)
    values: dict[str, Any] = {
        "konzept": doc_status(ops.concept if ops else None),
        "modell": ops.model.value if ops and ops.model else None,
        "dp_foerderung": uses_federal_funding(plan),
        "supportebenen_anzahl": len({lvl.level for lvl in ops.levels}) if ops else 0,
        "service_level": bool(ops and ops.service_level and (
            ops.service_level.response_hours is not None
            or ops.service_level.onsite_response_hours is not None)),
        "ticketsystem": bool(ops and ops.service_level and ops.service_level.ticket_system),
        "personal_personen": sum(s.persons for s in ops.staff) if ops else 0,
        "personal_vzae": round(sum(s.fte for s in ops.staff), 3) if ops else 0.0,
        "vertraege_anzahl": len(ops.contracts) if ops else 0,
        "support_vzae": fte,
        "endgeraete_max": devices,
        "geraete_je_vzae": round(devices / fte, 1) if fte else None,
        "jahreskosten": ops.annual_cost if ops else None,
        "beauftragung": bool(ops and ops.commissioning_rules),
    }
    yield Fact("betrieb", ("betrieb",), values, subject="Betriebskonzept")
    if ops is None:
        return
    for i, s in enumerate(ops.staff):
        yield Fact("support_personal", ("betrieb", "personal", i), {
            "rolle": s.role,
            "vzae": s.fte,
            "personen": s.persons,
            "finanzierung": s.funding.value,
            "finanziert_bis": s.funded_until,
            "anschlussfinanzierung": s.follow_up_funding.value if s.follow_up_funding else None,
        }, subject=s.role)


def _running_cost_items(plan: Plan) -> Iterable[Fact]:
    for i, m in enumerate(plan.measures):
        if m.cost_type is CostType.INVESTMENT:
            continue
        for programme in (m.programme, *m.other_programmes):
            yield Fact("laufende_kostenposition", ("massnahmen", i), {
                "quelle": "massnahme", "bezeichnung": m.title, "programm": programme.value,
                "betrag": m.total_cost,
            }, refs=(("massnahmen", m.id),), subject=m.title)
    for i, lic in enumerate(plan.licences):
        yield Fact("laufende_kostenposition", ("lizenzen", i), {
            "quelle": "lizenz", "bezeichnung": lic.product, "programm": lic.programme.value,
            "betrag": lic.annual_cost,
        }, subject=lic.product)
    if plan.operations is not None:
        for i, s in enumerate(plan.operations.staff):
            yield Fact("laufende_kostenposition", ("betrieb", "personal", i), {
                "quelle": "personal", "bezeichnung": s.role, "programm": s.funding.value,
            }, subject=s.role)
    for i, row in enumerate(plan.budget):
        for programme in row.running_funded_by:
            yield Fact("laufende_kostenposition", ("haushalt", i), {
                "quelle": "haushalt", "bezeichnung": f"laufende Kosten {row.year}",
                "programm": programme.value,
                "betrag": row.running + row.support + row.licences + row.energy,
            }, subject=f"Haushaltsjahr {row.year}")


def _teacher_devices(plan: Plan) -> Fact:
    td = plan.teacher_devices
    in_measures = any(
        m.assignment is Assignment.PERSONAL_TEACHER or m.programme is Programme.ZV_TEACHERS
        for m in plan.measures
    )
    in_inventory = any(item.programme is Programme.ZV_TEACHERS
                       for s in plan.schools for item in s.inventory)
    return Fact("lehrkraftgeraete", ("lehrkraftgeraete",), {
        "angaben": "vorhanden" if td else "fehlt",
        "geplant": td is not None or in_measures or in_inventory,
        "modell": td.model.value if td else None,
        "kostentraeger_ersatz": td.replacement_payer.value if td else None,
        "kostentraeger_support": td.support_payer.value if td else None,
        "ersatzzyklus_jahre": td.replacement_cycle_years if td else None,
    }, subject="Lehrkraftgeräte")


def _byod(plan: Plan) -> Fact:
    b = plan.byod
    return Fact("byod", ("byod",), {
        "geplant": bool(b and b.planned),
        "leihgeraetepool": b.loan_pool if b else None,
        "sozialausgleich_budget": b.social_budget if b else None,
        "support_budget": b.support_budget if b else None,
    }, subject="BYOD")


def _service_facts(plan: Plan) -> Iterable[Fact]:
    for i, s in enumerate(plan.services):
        linked = [lic for lic in plan.licences if lic.service == s.id]
        yield Fact("dienst_betrieb", ("dienste", i), {
            "dienst_id": s.id,
            "name": s.name,
            "art": s.kind.value,
            "bereitgestellt_von": s.provided_by.value if s.provided_by else "unbekannt",
            "betreiber": s.operator.value if s.operator else "unbekannt",
            "extern_betrieben": s.operator in (Party.LAND, Party.PROVIDER, Party.VENDOR),
            "lizenz_vorhanden": bool(linked),
            "lizenz_bis_jahr": max((lic.until_year for lic in linked), default=None),
            "plan_bis": plan.meta.period.end,
        }, refs=(("dienste", s.id),), subject=s.name)


@builder
def build_follow_up_costs(ctx: FactContext) -> Iterable[Fact]:
    """Projection years, category, operations, running-cost and service facts."""
    proj = projection_of(ctx)
    yield from _year_facts(ctx, proj)
    yield _plan_fact(ctx, proj)
    yield from _category_facts(ctx, proj)
    yield from _operations_facts(ctx, proj)
    yield from _running_cost_items(ctx.plan)
    yield _teacher_devices(ctx.plan)
    yield _byod(ctx.plan)
    yield from _service_facts(ctx.plan)


@enricher("schule")
def _onsite_support(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    school = ctx.plan.school_by_id(values["schule_id"])
    ops = ctx.plan.operations
    values["support_vor_ort_vzae"] = school.onsite_fte if school else None
    values["support_sla_vor_ort_stunden"] = (
        ops.service_level.onsite_response_hours if ops and ops.service_level else None
    )



# --- budget cover (kommunales Haushaltsrecht: every year balanced) -------------------------

add_fields(
    "haushaltsjahr",
    drittmittel=F("money", "Mittel Dritter (Förderverein, Spenden, Sponsoring)"),
    deckungsluecke=F("money", "Ausgaben des Jahres, die weder Eigenmittel noch Zuschüsse noch "
                              "Drittmittel decken (0 = gedeckt)"),
)


@enricher("haushaltsjahr")
def _budget_cover(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    row = ctx.plan.budget[int(fact.path[1])]
    values["drittmittel"] = row.third_party
    values["deckungsluecke"] = max(row.total_costs - row.total_funding, ZERO)
