"""Fact fields used by the funding rules (DigitalPakt 2019, Zusatzvereinbarungen, DP 2.0, Länder).

Python only derives figures here (sums, counts, differences in days, presence flags);
every threshold, date and Land value lives in the rule files and ``rules/laender.yaml``,
and the verdict is always the rule's condition.

Two conventions keep rules decidable:

* a missing *document or concept* becomes the status ``fehlt`` (the rule fails), never
  an absent field (which would make the rule "nicht entscheidbar");
* comparisons between two optional dates are pre-computed as a difference in days (or
  years), because a field used as ``{field: …}`` inside a condition is always required;
  year spans are derived here rather than written as ``{mul: [{option: …}, 365]}``, since
  durable-rules 2.0.28 miscomputes arithmetic on two constants (and divides integers
  without remainder).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

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
    FieldOfAction,
    FundingCategory,
    ParticipantGroup,
    Programme,
    SchoolCategory,
    Usage,
)
from mepcheck.model.finance import BudgetYear
from mepcheck.model.measure import Measure
from mepcheck.types import Land

ZERO = Decimal("0.00")

NETWORK_CATEGORIES = {FundingCategory.NETWORK, FundingCategory.WLAN}
"""Categories 1 and 2 of VV § 3 Abs. 1: the network a mobile device needs."""

NO_EQUIPMENT_CATEGORIES = {FundingCategory.ACCOMPANYING, FundingCategory.ADMINISTRATION,
                           FundingCategory.OTHER}
"""Categories without equipment of their own (nothing to inventory)."""

NO_FOLLOW_UP_TYPES = {DeviceType.SOFTWARE, DeviceType.OTHER}
"""Device types without a follow-up-cost category of their own (software: see 'lizenzen')."""

DP_FAMILY = {Programme.DP2019, Programme.ZV_SOFORT, Programme.ZV_ADMIN, Programme.ZV_TEACHERS}
"""The DigitalPakt 2019 and its three Zusatzvereinbarungen."""

DP2019_INVEST_FAMILY = {Programme.DP2019, Programme.ZV_SOFORT, Programme.ZV_TEACHERS}
"""Programmes whose investments an IT administrator under the ZV Administration may serve."""

COST_CLASSES: dict[str, str] = {
    "investiv": "Investitionen und Ersatzbeschaffung",
    "laufend": "laufende Kosten, Support, Lizenzen, Energie sowie Datenschutz und "
               "Informationssicherheit",
}
"""How a measure's cost type maps onto the columns of a budget row."""

MK_TOPICS = ("ausstattung", "internetanbindung", "paedagogik", "fortbildung")
"""Content keys of a Medienkonzept (``inhalte``) the NI rule looks at."""


def _days(later: dt.date | None, earlier: dt.date | None) -> int | None:
    if later is None or earlier is None:
        return None
    return (later - earlier).days


def _years(later: dt.date | None, earlier: dt.date | None) -> Decimal | None:
    """Elapsed years (365.25 days each), rounded to two decimals: five calendar years give 5.00."""
    days = _days(later, earlier)
    return None if days is None else (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.01"))


def _completion(m: Measure) -> dt.date | None:
    """Acceptance, else planned end: the date a completion deadline is measured against."""
    return m.acceptance or m.end


def _start(m: Measure) -> dt.date | None:
    """Förderrechtlicher Maßnahmenbeginn: the contract date, else the planned start."""
    return m.contract_date or m.start


def _dp2019(m: Measure) -> bool:
    return m.programme is Programme.DP2019


# --- plan ----------------------------------------------------------------------------------

add_fields(
    "plan",
    invest_allg_dp2019=F("money", "DP-2019-Investitionen an allgemeinbildenden Schulen und Förderschulen (G)"),
    mobil_allg_dp2019=F("money", "DP-2019-Kosten mobiler Endgeräte an allgemeinbildenden Schulen (D)"),
    mobil_max_schule_dp2019=F("money", "höchste DP-2019-Endgerätekosten einer allgemeinbildenden Schule"),
    mobil_anteil_dp2019=F("percent", "Anteil D an G"),
    dp2019_massnahmen=F("int", "Zahl der Maßnahmen mit Förderprogramm DigitalPakt 2019"),
    zuschuss_dp2019=F("money", "beantragte Zuschüsse aus dem DigitalPakt 2019"),
    traegerbudget=F("money", "Schulträgerbudget bzw. Höchstbetrag nach Landesanlage (DigitalPakt "
                             "2019: 'traegerbudget', sonst 'programmbudgets')"),
    traegerbudget_ueberschreitung=F("money", "DP-2019-Zuschüsse über dem Schulträgerbudget (0 = eingehalten)"),
    antragsteller=F("text", "wer beantragt (leer im Plan = der Schulträger)",
                    ("schultraeger", "schule", "foerderverein", "sonstige")),
    ersatzschule_genehmigt=F("bool", "freier Träger: genehmigte Ersatzschulen"),
    finanzschwach=F("bool", "finanzschwache Kommune (SH)"),
    grundstueck_berechtigt=F("bool", "Eigentum, Erbbaurecht oder vertragliche Investitionsberechtigung (SN)"),
    betrieb_konzept=F("text", "Status des Betriebs-, Wartungs- und Supportkonzepts", DOC),
    erklaerung_technologieoffen=F("bool", "Erklärung technologieoffen/erweiterungs- und anschlussfähig abgegeben"),
    gefoerdert_typen=F("int", "Gerätetypen aus DP 2019/ZV in Maßnahmen und Bestand"),
    gefoerdert_typen_ohne_folgekosten=F(
        "int", "Gerätetypen aus DP 2019/ZV (Maßnahmen und Bestand) ohne Folgekostenangabe"),
    gefoerdert_typen_ohne_folgekosten_liste=F("text", "diese Gerätetypen"),
    ifu_teilbetrag=F("money", "BY: iFU-Teilbetrag des Höchstbetrags"),
    ifu_zuschuss=F("money", "DP-2019-Zuschüsse für iFU-Maßnahmen an berufsbildenden Schulen"),
    ifu_teilbetrag_offen=F("money", "BY: nicht für iFU verplanter Teil des iFU-Teilbetrags"),
    zv_lehrkraefte_geraete=F("int", "Bestandsgeräte aus der ZV Leihgeräte für Lehrkräfte"),
    zv_lehrkraefte_schulen=F("int", "Schulen mit solchen Geräten"),
    zv_lehrkraefte_typen_ohne_ersatzzyklus=F(
        "int", "Gerätetypen dieser Geräte ohne Ersatzzyklus unter 'folgekosten'"),
    lehrkraft_ersatz_kostentraeger=F(
        "text", "wer den Ersatz der Lehrkräfte-Geräte bezahlt", ("land", "schultraeger", "offen", "fehlt")),
    rueckblick_vorhanden=F("bool", "Rückblick auf den vorherigen Plan vorhanden"),
    rueckblick_ziele=F("int", "Zahl der bewerteten Ziele des vorherigen Plans"),
    gefoerdert_bestand_ohne_zweckbindung=F(
        "int", "Bestandseinträge aus DP 2019/ZV ohne Angabe des Zweckbindungsendes"),
    beteiligung_schulleitungen=F("bool", "Schulleitungen beteiligt"),
    beteiligung_lehrkraefte=F("bool", "Lehrkräfte oder Medienbeauftragte beteiligt"),
    beteiligung_it=F("bool", "IT-Personal beteiligt"),
    beteiligung_schueler=F("bool", "Schülerinnen und Schüler bzw. Schülervertretung beteiligt"),
    beteiligung_eltern=F("bool", "Eltern bzw. Elternvertretung beteiligt"),
    beteiligung_fehlend=F("text", "nicht beteiligte Gruppen"),
    hf_infrastruktur=F("bool", "Handlungsfeld IT-Grundstruktur/Basisinfrastruktur behandelt"),
    hf_ausstattung=F("bool", "Handlungsfeld Ausstattung (Präsentationstechnik, Endgeräte) behandelt"),
    hf_software=F("bool", "Handlungsfeld Software, Inhalte, Plattformen behandelt"),
    hf_betrieb=F("bool", "Handlungsfeld Organisation, Betrieb und Support behandelt"),
    hf_qualifizierung=F("bool", "Handlungsfeld Qualifizierung/Fortbildung behandelt"),
    hf_finanzierung=F("bool", "Handlungsfeld Finanzierung behandelt"),
    hf_fehlend=F("text", "nicht behandelte Handlungsfelder"),
    haushalt_jahre_fehlend=F("int", "Jahre des Geltungszeitraums ohne Haushaltszeile"),
    haushalt_konsumtiv_summe=F("money", "laufende Kosten, Support, Lizenzen und Energie im Haushalt"),
    haushalt_jahre_ohne_finanzierung=F("int", "Haushaltsjahre mit Kosten, aber ohne Angabe der Finanzierung"),
    haushalt_zeilen=F("int", "Zahl der Haushaltszeilen ('haushalt')"),
    haushalt_kosten_summe=F("money", "Ausgaben aller Haushaltszeilen (Investitionen, Ersatz, laufende "
                                     "Kosten, Support, Lizenzen, Energie, Datenschutz)"),
    haushalt_eigenmittel_summe=F("money", "Eigenmittel aller Haushaltszeilen"),
    haushalt_zuschuesse_summe=F("money", "Zuschüsse aller Haushaltszeilen"),
    haushalt_drittmittel_summe=F("money", "Drittmittel aller Haushaltszeilen"),
    haushalt_finanzierung_summe=F("money", "Deckung aller Haushaltszeilen (Eigenmittel, Zuschüsse, "
                                           "Drittmittel)"),
    haushalt_deckungsluecke=F("money", "Ausgaben über der Deckung, alle Jahre zusammen (0 = gedeckt)"),
    massnahmen_eigenanteil_plan=F("money", "Eigenanteil der Maßnahmen ab Planbeginn bzw. erster Haushaltszeile (Kosten − Zuschuss)"),
    haushalt_eigenmittel_fehlbetrag=F("money", "Eigenanteil der Maßnahmen über den Eigenmitteln "
                                               "aller Haushaltszeilen (0 = gedeckt)"),
    kapitel_rahmenbedingungen=F("bool", "Kap. 2: Rahmenbedingungen angegeben ('rahmenbedingungen')"),
    kapitel_rueckblick=F("bool", "Kap. 3: Rückblick angegeben ('rueckblick')"),
    kapitel_bestandsaufnahme=F("bool", "Kap. 4: mindestens eine Schule mit Bestand oder Bandbreite"),
    kapitel_paedagogik=F("bool", "Kap. 5: mindestens eine Schule mit Medien- oder Einsatzkonzept"),
    kapitel_bedarf=F("bool", "Kap. 6: Ziele oder Beteiligung angegeben"),
    kapitel_massnahmen=F("bool", "Kap. 7: mindestens eine Maßnahme"),
    kapitel_betrieb=F("bool", "Kap. 8: Betriebs- und Supportkonzept angegeben ('betrieb')"),
    kapitel_qualifizierung=F("bool", "Kap. 9: Qualifizierung des Trägers oder Fortbildungsplanung "
                                     "einer Schule angegeben"),
    kapitel_datenschutz=F("bool", "Kap. 10: mindestens ein Dienst ('dienste')"),
    kapitel_nachhaltigkeit=F("bool", "Kap. 11: Abschnitt 'nachhaltigkeit' angegeben"),
    kapitel_finanzierung=F("bool", "Kap. 12: Haushalt oder Maßnahmen angegeben"),
    kapitel_zeitplan=F("bool", "Kap. 13: Meilensteine oder Termine von Maßnahmen angegeben"),
    kapitel_monitoring=F("bool", "Kap. 14: Monitoring-Indikatoren angegeben"),
    folgekosten_kategorien=F("int", "Gerätekategorien mit Folgekostenangaben ('folgekosten')"),
    monitoring_indikatoren=F("int", "Zahl der Monitoring-Indikatoren"),
    monitoring_verantwortlich=F("bool", "Verantwortung für das Monitoring benannt"),
    monitoring_pruefzyklus=F("bool", "Prüfzyklus angegeben"),
    monitoring_fortschreibung=F("bool", "Termin der nächsten Fortschreibung angegeben"),
)


def programme_budget(plan: Plan, programme: Programme) -> Decimal | None:
    """The Träger's budget of ``programme``; for the DigitalPakt 2019 'traegerbudget' first."""
    if programme is Programme.DP2019 and plan.carrier.carrier_budget is not None:
        return plan.carrier.carrier_budget
    amounts = [b.amount for b in plan.carrier.programme_budgets if b.programme is programme]
    return sum(amounts, ZERO) if amounts else None


def budget_start(plan: Plan) -> int:
    """First year the plan's budget speaks about: the plan's start or an earlier budget row."""
    return min([plan.meta.period.start, *(row.year for row in plan.budget)])


def in_budget_horizon(plan: Plan, m: Measure) -> bool:
    """A measure the plan's budget rows must finance: no year given, or from :func:`budget_start`.

    Measures of earlier years (e.g. DigitalPakt 2019 in a Fortschreibung) were financed before."""
    return m.budget_year is None or m.budget_year >= budget_start(plan)


def chapter_presence(plan: Plan) -> dict[str, bool]:
    """Whether the plan has any data for each chapter (MEP-KAPITEL-* rules; the document marks a
    gap exactly where one of them fails)."""
    return {
        "kapitel_rahmenbedingungen": plan.framework is not None,
        "kapitel_rueckblick": plan.retrospective is not None,
        "kapitel_bestandsaufnahme": any(s.inventory or s.bandwidth for s in plan.schools),
        "kapitel_paedagogik": any(s.media_concept or s.deployment_concept for s in plan.schools),
        "kapitel_bedarf": plan.goals is not None or bool(plan.participation),
        "kapitel_massnahmen": bool(plan.measures),
        "kapitel_betrieb": plan.operations is not None,
        "kapitel_qualifizierung": bool(plan.training) or any(s.training_plan for s in plan.schools),
        "kapitel_datenschutz": bool(plan.services),
        "kapitel_nachhaltigkeit": plan.sustainability is not None,
        "kapitel_finanzierung": bool(plan.budget) or bool(plan.measures),
        "kapitel_zeitplan": bool(plan.milestones) or any(m.start or m.end for m in plan.measures),
        "kapitel_monitoring": plan.monitoring is not None and bool(plan.monitoring.indicators),
    }


def _funded_types(plan: Plan) -> set[str]:
    """Device types of DP-funded measures and inventory (software is costed as licences)."""
    types = {m.device_type for m in plan.measures
             if m.programme in DP_FAMILY and m.device_type is not None
             and m.category not in NO_EQUIPMENT_CATEGORIES}
    types |= {item.device_type for s in plan.schools for item in s.inventory
              if item.programme in DP_FAMILY and item.category not in NO_EQUIPMENT_CATEGORIES}
    return {t.value for t in types - NO_FOLLOW_UP_TYPES}


def _participation(plan: Plan) -> dict[str, bool]:
    groups = {p.group for p in plan.participation}
    return {
        "Schulleitungen": ParticipantGroup.HEADS in groups,
        "Lehrkräfte/Medienbeauftragte": bool(groups & {ParticipantGroup.TEACHERS,
                                                       ParticipantGroup.MEDIA_COORDINATORS}),
        "IT-Personal": ParticipantGroup.IT in groups,
        "Schülerinnen und Schüler": ParticipantGroup.PUPILS in groups,
        "Eltern": ParticipantGroup.PARENTS in groups,
    }


def _fields_of_action(plan: Plan) -> dict[str, bool]:
    fields = {m.field for m in plan.measures}
    schools_documented = all(s.bandwidth is not None and s.coverage is not None for s in plan.schools)
    return {
        "IT-Grundstruktur": FieldOfAction.INFRASTRUCTURE in fields or schools_documented,
        "Ausstattung": bool(fields & {FieldOfAction.PRESENTATION, FieldOfAction.END_DEVICES})
        or any(s.inventory for s in plan.schools),
        "Software und Inhalte": bool(fields & {FieldOfAction.SOFTWARE, FieldOfAction.DEVICE_MANAGEMENT})
        or bool(plan.services) or bool(plan.licences),
        "Betrieb und Support": plan.operations is not None
        and plan.operations.concept.value != "fehlt",
        "Qualifizierung": bool(plan.training) or FieldOfAction.TRAINING in fields
        or any(s.training_plan is not None and s.training_plan.items for s in plan.schools),
        "Finanzierung": bool(plan.budget),
    }


@enricher("plan")
def _plan_funding(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan, fig = ctx.plan, ctx.figures
    carrier = plan.carrier
    values["invest_allg_dp2019"] = fig.general_investment_dp2019
    values["mobil_allg_dp2019"] = fig.general_mobile_dp2019
    values["mobil_max_schule_dp2019"] = fig.general_max_school_mobile_dp2019
    values["mobil_anteil_dp2019"] = fig.mobile_share_general_dp2019
    values["dp2019_massnahmen"] = sum(1 for m in plan.measures if _dp2019(m))
    values["zuschuss_dp2019"] = fig.grant_by_programme.get(Programme.DP2019.value, ZERO)
    budget_dp2019 = programme_budget(plan, Programme.DP2019)
    values["traegerbudget"] = budget_dp2019
    if budget_dp2019 is not None:
        values["traegerbudget_ueberschreitung"] = max(values["zuschuss_dp2019"] - budget_dp2019, ZERO)
    values["antragsteller"] = carrier.applicant or "schultraeger"
    values["ersatzschule_genehmigt"] = carrier.approved_substitute_school
    values["finanzschwach"] = carrier.financially_weak
    values["grundstueck_berechtigt"] = carrier.site_entitled
    values["betrieb_konzept"] = doc_status(plan.operations.concept if plan.operations else None)
    values["erklaerung_technologieoffen"] = plan.meta.technology_open is True
    covered = {c.device_type.value for c in plan.cost_categories}
    funded = _funded_types(plan)
    uncovered = sorted(funded - covered)
    values["gefoerdert_typen"] = len(funded)
    values["gefoerdert_typen_ohne_folgekosten"] = len(uncovered)
    values["gefoerdert_typen_ohne_folgekosten_liste"] = ", ".join(uncovered) or "keine"
    values["ifu_teilbetrag"] = carrier.ifu_allocation
    categories = {s.id: s.category for s in plan.schools}
    values["ifu_zuschuss"] = sum(
        (m.grant for m in plan.measures
         if m.ifu and _dp2019(m) and categories.get(m.school or "") is SchoolCategory.VOCATIONAL),
        ZERO,
    )
    if carrier.ifu_allocation is not None:
        values["ifu_teilbetrag_offen"] = max(carrier.ifu_allocation - values["ifu_zuschuss"], ZERO)
    teacher_items = [(s.id, item) for s in plan.schools for item in s.inventory
                     if item.programme is Programme.ZV_TEACHERS]
    cycles = {c.device_type for c in plan.cost_categories if c.replacement_cycle_years}
    values["zv_lehrkraefte_geraete"] = sum(item.quantity for _, item in teacher_items)
    values["zv_lehrkraefte_schulen"] = len({school for school, _ in teacher_items})
    values["zv_lehrkraefte_typen_ohne_ersatzzyklus"] = len(
        {item.device_type for _, item in teacher_items} - cycles)
    td = plan.teacher_devices
    values["lehrkraft_ersatz_kostentraeger"] = td.replacement_payer.value if td else "fehlt"
    retro = plan.retrospective
    values["rueckblick_vorhanden"] = retro is not None
    values["rueckblick_ziele"] = len(retro.goals) if retro else 0
    values["gefoerdert_bestand_ohne_zweckbindung"] = sum(
        1 for s in plan.schools for item in s.inventory
        if item.programme in DP_FAMILY and item.earmark_until is None
    )
    groups = _participation(plan)
    for key, label in zip(("schulleitungen", "lehrkraefte", "it", "schueler", "eltern"), groups,
                          strict=True):
        values[f"beteiligung_{key}"] = groups[label]
    values["beteiligung_fehlend"] = ", ".join(k for k, v in groups.items() if not v) or "keine"
    fields = _fields_of_action(plan)
    for key, label in zip(("infrastruktur", "ausstattung", "software", "betrieb", "qualifizierung",
                           "finanzierung"), fields, strict=True):
        values[f"hf_{key}"] = fields[label]
    values["hf_fehlend"] = ", ".join(k for k, v in fields.items() if not v) or "keine"
    years = {row.year for row in plan.budget}
    values["haushalt_jahre_fehlend"] = sum(1 for y in plan.meta.period.years if y not in years)
    values["haushalt_konsumtiv_summe"] = sum(
        (row.running + row.support + row.licences + row.energy for row in plan.budget), ZERO)
    values["haushalt_jahre_ohne_finanzierung"] = sum(
        1 for row in plan.budget if row.total_costs > 0 and row.total_funding == 0)
    costs = sum((row.total_costs for row in plan.budget), ZERO)
    funding = sum((row.total_funding for row in plan.budget), ZERO)
    own_funds = sum((row.own_funds for row in plan.budget), ZERO)
    own_share = sum((m.own_share for m in plan.measures if in_budget_horizon(plan, m)), ZERO)
    values["haushalt_zeilen"] = len(plan.budget)
    values["haushalt_kosten_summe"] = costs
    values["haushalt_eigenmittel_summe"] = own_funds
    values["haushalt_zuschuesse_summe"] = sum((row.total_grants for row in plan.budget), ZERO)
    values["haushalt_drittmittel_summe"] = sum((row.third_party for row in plan.budget), ZERO)
    values["haushalt_finanzierung_summe"] = funding
    values["haushalt_deckungsluecke"] = max(costs - funding, ZERO)
    values["massnahmen_eigenanteil_plan"] = own_share
    values["haushalt_eigenmittel_fehlbetrag"] = max(own_share - own_funds, ZERO)
    values.update(chapter_presence(plan))
    values["folgekosten_kategorien"] = len(plan.cost_categories)
    mon = plan.monitoring
    values["monitoring_indikatoren"] = len(mon.indicators) if mon else 0
    values["monitoring_verantwortlich"] = bool(mon and mon.owner)
    values["monitoring_pruefzyklus"] = bool(mon and mon.review_months)
    values["monitoring_fortschreibung"] = bool(mon and mon.next_update)


# --- schools -------------------------------------------------------------------------------

add_fields(
    "schule",
    plan_dp2019_massnahmen=F("int", "Zahl der DP-2019-Maßnahmen im ganzen Plan"),
    plan_stichtag=F("date", "Stichtag des Plans"),
    massnahmen_dp2019=F("int", "Zahl der DP-2019-Maßnahmen der Schule"),
    zuschuss_dp2019=F("money", "beantragte DP-2019-Zuschüsse der Schule"),
    bestand_fehlende_kategorien=F(
        "int", "Förderkategorien der DP-2019-Maßnahmen der Schule ohne Eintrag in der Bestandsaufnahme"),
    bestand_fehlende_kategorien_liste=F("text", "diese Förderkategorien"),
    mk_ausstattung=F("bool", "Medienkonzept behandelt die Ausstattungsplanung"),
    mk_internetanbindung=F("bool", "Medienkonzept behandelt die Internetanbindung"),
    mk_paedagogik=F("bool", "Medienkonzept behandelt pädagogischen Einsatz und Medienkompetenz"),
    mk_fortbildung=F("bool", "Medienkonzept behandelt die Fortbildungsplanung"),
    mk_inhalte_fehlend=F("text", "fehlende Inhalte des Medienkonzepts (von ausstattung, "
                                 "internetanbindung, paedagogik, fortbildung)"),
    medienkonzept_alter_jahre=F("number", "Alter des Medienkonzepts am Stichtag in Jahren"),
    mep_zertifikat=F("text", "BW: Status des MEP-Zertifikats bzw. der Freigabeempfehlung", DOC),
    sockelbetrag=F("money", "NI: Sockelbetrag der Schule laut Plan"),
    sockel_unverplant=F("money", "NI: Teil des Sockelbetrags laut Plan, der nicht an der Schule verplant ist"),
    schuldaten_bandbreite=F("bool", "aktuelle und verfügbare Bandbreite angegeben ('bandbreite')"),
    schuldaten_bestand=F("bool", "Bestandsaufnahme der Ausstattung angegeben ('bestand')"),
    schuldaten_abdeckung=F("bool", "LAN- und WLAN-Abdeckung angegeben ('abdeckung')"),
    schuldaten_fehlend=F("text", "fehlende Angaben zur Ausgangslage der Schule"),
)

SCHOOL_DATA = (
    ("schuldaten_bandbreite", "aktuelle und verfügbare Bandbreite ('bandbreite')"),
    ("schuldaten_bestand", "Bestandsaufnahme der Ausstattung ('bestand')"),
    ("schuldaten_abdeckung", "LAN- und WLAN-Abdeckung der Unterrichtsräume ('abdeckung')"),
)
"""The basic data of Kapitel 4 every school needs (MEP-KAPITEL-SCHULDATEN)."""


def _dp2019_by_school(plan: Plan) -> dict[str, list[Measure]]:
    out: dict[str, list[Measure]] = defaultdict(list)
    for m in plan.measures:
        if _dp2019(m) and m.school:
            out[m.school].append(m)
    return out


@enricher("schule")
def _school_funding(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan = ctx.plan
    school = plan.school_by_id(values["schule_id"])
    assert school is not None
    measures = ctx.once("dp2019_by_school", lambda: _dp2019_by_school(plan)).get(school.id, [])
    grant = ctx.figures.schools[school.id].grant_dp2019
    values["plan_dp2019_massnahmen"] = ctx.once(
        "dp2019_count", lambda: sum(1 for m in plan.measures if _dp2019(m)))
    values["plan_stichtag"] = plan.meta.reference_date
    values["massnahmen_dp2019"] = len(measures)
    values["zuschuss_dp2019"] = grant
    inventoried = {item.category for item in school.inventory}
    missing = sorted({m.category.value for m in measures
                      if m.category not in NO_EQUIPMENT_CATEGORIES and m.category not in inventoried})
    values["bestand_fehlende_kategorien"] = len(missing)
    values["bestand_fehlende_kategorien_liste"] = ", ".join(missing) or "keine"
    covers = set(school.media_concept.covers) if school.media_concept else set()
    for topic in MK_TOPICS:
        values[f"mk_{topic}"] = topic in covers
    values["mk_inhalte_fehlend"] = ", ".join(t for t in MK_TOPICS if t not in covers) or "keine"
    mk_date = school.media_concept.date if school.media_concept else None
    values["medienkonzept_alter_jahre"] = _years(plan.meta.reference_date, mk_date)
    values["mep_zertifikat"] = doc_status(school.mep_certificate)
    values["schuldaten_bandbreite"] = school.bandwidth is not None
    values["schuldaten_bestand"] = bool(school.inventory)
    values["schuldaten_abdeckung"] = school.coverage is not None
    values["schuldaten_fehlend"] = "; ".join(
        text for key, text in SCHOOL_DATA if not values[key]) or "keine"
    values["sockelbetrag"] = school.base_amount
    if school.base_amount is not None:
        values["sockel_unverplant"] = max(school.base_amount - grant, ZERO)


# --- measures ------------------------------------------------------------------------------

add_fields(
    "massnahme",
    land=F("text", "Land des Schulträgers", enum_values(Land)),
    traeger_art=F("text", "kommunal oder frei", ("kommunal", "frei")),
    finanzschwach=F("bool", "finanzschwache Kommune (SH)"),
    massnahmenbeginn=F("date", "förderrechtlicher Beginn: Vertragsschluss, sonst geplanter Beginn"),
    fertigstellung=F("date", "Abnahme, sonst geplantes Ende"),
    antrag_vor_beginn_tage=F("int", "Tage zwischen Antrag und Maßnahmenbeginn (negativ: Antrag danach)"),
    dp2019_beteiligt=F("bool", "DigitalPakt 2019 als Haupt- oder weiteres Programm"),
    weitere_zuschussprogramme=F("int", "weitere Zuschussprogramme (ohne Eigenmittel) für dieselbe Position"),
    fremdprogramme_ohne_dp_land=F(
        "int", "Zuschussprogramme derselben Position außer DigitalPakt 2019 und Land (z. B. EU, sonstige)"),
    schule_glasfaser=F("text", "Glasfaserstatus der Schule", ("vorhanden", "geplant", "nicht_geplant")),
    glasfaser_nach_fertigstellung_tage=F(
        "int", "Tage vom Ende der Maßnahme bis zum erwarteten Glasfaseranschluss der Schule"),
    schule_wlan_abdeckung=F("percent", "WLAN-Abdeckung der Unterrichtsräume der Schule"),
    schule_wlan_standard_angegeben=F("bool", "WLAN-Standard der Schule angegeben"),
    netz_massnahme_vorher=F(
        "bool", "an derselben Schule ist Vernetzung/WLAN geplant, spätestens zum Beginn dieser Maßnahme"),
    lehrkraft_geraete_dp2019=F("int", "DP-2019-Geräte für Lehrkraft-Arbeitsplätze an der Schule"),
    lehrkraft_geraete_quote_dp2019=F("percent", "diese Geräte je Lehrkraft der Schule"),
    schule_lehrkraefte=F("int", "Lehrkräfte der Schule"),
    verknuepft_kategorie=F("text", "Förderkategorie der verknüpften Maßnahme", enum_values(FundingCategory)),
    verknuepft_kostenart=F("text", "Kostenart der verknüpften Maßnahme", enum_values(CostType)),
    verknuepft_titel=F("text", "Titel der verknüpften Maßnahme"),
    schule_medienkonzept=F("text", "Status des Medienkonzepts der Schule", DOC),
    schule_einsatzkonzept=F("text", "Status des Einsatzkonzepts (TPEK) der Schule", DOC),
    schule_fortbildungsplanung=F("text", "Status der Fortbildungsplanung der Schule", DOC),
    schule_bestand_eintraege=F("int", "Einträge der Bestandsaufnahme der Schule"),
    schule_unterlagen=F("text", "Stand von Einsatzkonzept, Fortbildungsplanung und Bestandsaufnahme (Text)"),
    betrieb_konzept=F("text", "Status des Betriebs-, Wartungs- und Supportkonzepts des Trägers", DOC),
    haushalt_kostenklasse=F("text", "investive oder laufende Ausgabe im Haushalt",
                            tuple(COST_CLASSES)),
    haushalt_kostenklasse_text=F("text", "die Spalten des Haushalts, die diese Maßnahme bezahlen"),
    haushalt_jahr_im_plan=F("bool", "die Maßnahme hat ein Haushaltsjahr ('jahr' oder 'beginn'), und es "
                                    "liegt ab dem Planbeginn"),
    haushalt_jahr_vorhanden=F("bool", "für das Haushaltsjahr der Maßnahme gibt es eine Haushaltszeile"),
    jahr_haushalt_ansatz=F("money", "Ansatz dieser Kostenklasse in der Haushaltszeile des Jahres "
                                    "(0 ohne Zeile)"),
    jahr_massnahmen_kosten=F("money", "Kosten aller Maßnahmen dieser Kostenklasse im selben Jahr"),
    jahr_haushalt_fehlbetrag=F("money", "Maßnahmenkosten über dem Ansatz (0 = gedeckt)"),
)



def cost_class(m: Measure) -> str:
    return "investiv" if m.cost_type is CostType.INVESTMENT else "laufend"


def budget_amount(row: BudgetYear | None, cls: str) -> Decimal:
    """What a budget row sets aside for one cost class."""
    if row is None:
        return ZERO
    if cls == "investiv":
        return row.investment + row.replacement
    return row.running + row.support + row.licences + row.energy + row.dp_infosec


def _measure_costs_by_year(plan: Plan) -> dict[tuple[int, str], Decimal]:
    out: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for m in plan.measures:
        if m.budget_year is not None:
            out[(m.budget_year, cost_class(m))] += m.total_cost
    return out


def _network_by_school(plan: Plan) -> dict[str | None, list[Measure]]:
    out: dict[str | None, list[Measure]] = defaultdict(list)
    for other in plan.measures:
        if other.category in NETWORK_CATEGORIES:
            out[other.school].append(other)
    return out


def _teacher_devices_by_school(plan: Plan) -> dict[str | None, int]:
    out: dict[str | None, int] = defaultdict(int)
    for x in plan.measures:
        if _dp2019(x) and x.assignment is Assignment.TEACHER_WORKPLACE:
            out[x.school] += x.quantity or 0
    return out


def _network_before(ctx: FactContext, m: Measure) -> bool:
    """A network/WLAN measure at the same school that is planned no later than ``m`` starts."""
    start = m.start or m.contract_date
    for other in ctx.once("network_by_school", lambda: _network_by_school(ctx.plan)).get(m.school, ()):
        if other is m:
            continue
        other_done = other.end or other.start
        if start is None or other_done is None or other_done <= start:
            return True
    return False


@enricher("massnahme")
def _measure_funding(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan = ctx.plan
    m = plan.measures[int(fact.path[1])]
    carrier = plan.carrier
    values["land"] = carrier.land.value
    values["traeger_art"] = carrier.kind.value
    values["finanzschwach"] = carrier.financially_weak
    start, done = _start(m), _completion(m)
    values["massnahmenbeginn"] = start
    values["fertigstellung"] = done
    values["antrag_vor_beginn_tage"] = _days(start, m.application_date)
    values["dp2019_beteiligt"] = _dp2019(m) or Programme.DP2019 in m.other_programmes
    values["weitere_zuschussprogramme"] = len({p for p in m.other_programmes
                                               if p.is_grant and p is not m.programme})
    # the Land's own DigitalPakt co-financing (NI, MV, HE …) is no second programme
    values["fremdprogramme_ohne_dp_land"] = len({
        p for p in (m.programme, *m.other_programmes)
        if p.is_grant and p not in (Programme.DP2019, Programme.LAND)})
    values["betrieb_konzept"] = doc_status(plan.operations.concept if plan.operations else None)
    values["schule_unterlagen"] = "keine (trägerweite Maßnahme)"
    _measure_budget(ctx, m, values)
    if m.linked_measure:
        linked = plan.measure_by_id(m.linked_measure)
        if linked is not None:
            values["verknuepft_kategorie"] = linked.category.value
            values["verknuepft_kostenart"] = linked.cost_type.value
            values["verknuepft_titel"] = linked.title
    school = plan.school_by_id(m.school) if m.school else None
    if school is None:
        return
    if school.bandwidth is not None:
        values["schule_glasfaser"] = school.bandwidth.fibre.value
        values["glasfaser_nach_fertigstellung_tage"] = _days(school.bandwidth.fibre_expected, done)
    if school.coverage is not None:
        values["schule_wlan_abdeckung"] = school.coverage.wlan
        values["schule_wlan_standard_angegeben"] = bool(school.coverage.wlan_standard)
    else:
        values["schule_wlan_standard_angegeben"] = False
    values["netz_massnahme_vorher"] = _network_before(ctx, m)
    teacher_devices = ctx.once("teacher_devices_by_school",
                               lambda: _teacher_devices_by_school(plan)).get(school.id, 0)
    values["lehrkraft_geraete_dp2019"] = teacher_devices
    values["schule_lehrkraefte"] = school.teachers
    if school.teachers:
        values["lehrkraft_geraete_quote_dp2019"] = Decimal(teacher_devices) / school.teachers
    values["schule_medienkonzept"] = doc_status(school.media_concept)
    values["schule_einsatzkonzept"] = doc_status(school.deployment_concept)
    values["schule_fortbildungsplanung"] = doc_status(school.training_plan)
    values["schule_bestand_eintraege"] = len(school.inventory)
    values["schule_unterlagen"] = (
        f"Einsatzkonzept „{values['schule_einsatzkonzept']}“, Fortbildungsplanung "
        f"„{values['schule_fortbildungsplanung']}“, Bestandsaufnahme mit {len(school.inventory)} Einträgen"
    )


def _measure_budget(ctx: FactContext, m: Measure, values: dict[str, Any]) -> None:
    plan = ctx.plan
    cls = cost_class(m)
    values["haushalt_kostenklasse"] = cls
    values["haushalt_kostenklasse_text"] = COST_CLASSES[cls]
    year = m.budget_year
    values["haushalt_jahr_im_plan"] = False
    if year is None:
        return
    rows = ctx.once("budget_by_year", lambda: {r.year: r for r in plan.budget})
    row = rows.get(year)
    period = plan.meta.period
    start = ctx.once("budget_start", lambda: budget_start(plan))
    values["haushalt_jahr_im_plan"] = year >= start and (year <= period.end or row is not None)
    values["haushalt_jahr_vorhanden"] = row is not None
    amount = budget_amount(row, cls)
    needed = ctx.once("measure_costs_by_year", lambda: _measure_costs_by_year(plan))[(year, cls)]
    values["jahr_haushalt_ansatz"] = amount
    values["jahr_massnahmen_kosten"] = needed
    values["jahr_haushalt_fehlbetrag"] = max(needed - amount, ZERO)


# --- inventory -----------------------------------------------------------------------------

add_fields(
    "bestand",
    zweckbindung_rest_tage=F("int", "Tage von der geplanten Aussonderung bis zum Ende der Zweckbindung"),
    nutzung_bis_aussonderung_jahre=F("number", "Jahre von der Inbetriebnahme bis zur geplanten Aussonderung"),
)


@enricher("bestand")
def _inventory_funding(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    _, school_index, _, item_index = fact.path
    item = ctx.plan.schools[int(school_index)].inventory[int(item_index)]
    values["zweckbindung_rest_tage"] = _days(item.earmark_until, item.planned_retirement)
    values["nutzung_bis_aussonderung_jahre"] = _years(item.planned_retirement, item.commissioned)


# --- budget years --------------------------------------------------------------------------

add_fields(
    "haushaltsjahr",
    zuschuss_dp2019_zv=F("money", "Zuschüsse aus dem DigitalPakt 2019 und den Zusatzvereinbarungen"),
    eigenmittel_vorjahr=F("money", "Eigenmittel des Vorjahrs"),
    eigenmittel_rueckgang=F("money", "Rückgang der Eigenmittel gegenüber dem Vorjahr (0 = kein Rückgang)"),
    massnahmen_anzahl=F("int", "Maßnahmen mit diesem Haushaltsjahr"),
    massnahmen_eigenanteil=F("money", "Eigenanteil der Maßnahmen dieses Jahres (Kosten − Zuschuss)"),
    eigenmittel_fehlbetrag=F("money", "Eigenanteil der Maßnahmen über den Eigenmitteln des Jahres "
                                      "(0 = gedeckt)"),
)


def _measures_by_year(plan: Plan) -> dict[int, list[Measure]]:
    out: dict[int, list[Measure]] = defaultdict(list)
    for m in plan.measures:
        if m.budget_year is not None:
            out[m.budget_year].append(m)
    return out


@enricher("haushaltsjahr")
def _budget_funding(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    row = ctx.plan.budget[int(fact.path[1])]
    rows = {r.year: r for r in ctx.plan.budget}
    year_measures = ctx.once("measures_by_year", lambda: _measures_by_year(ctx.plan)).get(row.year, [])
    own_share = sum((m.own_share for m in year_measures), ZERO)
    values["massnahmen_anzahl"] = len(year_measures)
    values["massnahmen_eigenanteil"] = own_share
    values["eigenmittel_fehlbetrag"] = max(own_share - row.own_funds, ZERO)
    values["zuschuss_dp2019_zv"] = sum((g.amount for g in row.grants if g.programme in DP_FAMILY), ZERO)
    before = rows.get(row.year - 1)
    if before is not None:
        values["eigenmittel_vorjahr"] = before.own_funds
        values["eigenmittel_rueckgang"] = max(before.own_funds - row.own_funds, ZERO)


# --- items funded by the Zusatzvereinbarung Administration ---------------------------------

fact_type(
    "zv_admin_posten",
    "Ein aus der Zusatzvereinbarung Administration finanzierter Posten (Maßnahme oder Personal)", 8,
    quelle=F("text", "Maßnahme oder Supportpersonal", ("massnahme", "personal")),
    bezeichnung=F("text", "Titel der Maßnahme bzw. Rolle"),
    beginn=F("date", "Beginn"),
    ende=F("date", "Ende bzw. finanziert bis (Vertragslaufzeit)"),
    nutzung=F("text", "pädagogische oder Verwaltungsnutzung", enum_values(Usage)),
    dp_bezug=F("bool", "der Plan enthält Investitionen aus dem DigitalPakt 2019 oder den ZV "
                       "(Maßnahmen oder geförderter Bestand)"),
    zusaetzlich=F("bool", "nur Mehrausgaben gegenüber bestehenden Admin-Strukturen"),
    plan_bis=F("year", "letztes Jahr des Plans"),
    anschluss_noetig=F("bool", "der Plan reicht über das Finanzierungsende hinaus"),
    anschlussfinanzierung=F("text", "Programm der Anschlussfinanzierung", enum_values(Programme)),
)


def _dp_investment(plan: Plan) -> bool:
    return any(m.programme in DP2019_INVEST_FAMILY and m.cost_type is CostType.INVESTMENT
               for m in plan.measures) or any(
        item.programme in DP2019_INVEST_FAMILY for s in plan.schools for item in s.inventory)


@builder
def build_zv_admin(ctx: FactContext) -> Iterable[Fact]:
    """One fact per measure or staff position funded from the ZV Administration."""
    plan = ctx.plan
    dp_link = _dp_investment(plan)
    plan_end = plan.meta.period.end
    for i, m in enumerate(plan.measures):
        if m.programme is not Programme.ZV_ADMIN:
            continue
        end = m.end
        yield Fact("zv_admin_posten", ("massnahmen", i), {
            "quelle": "massnahme",
            "bezeichnung": m.title,
            "beginn": m.start,
            "ende": end,
            "nutzung": m.usage.value,
            "dp_bezug": dp_link,
            "zusaetzlich": m.additional,
            "plan_bis": plan_end,
            "anschluss_noetig": end is not None and end.year < plan_end,
            "anschlussfinanzierung": None,
        }, refs=(("massnahmen", m.id),), subject=m.title)
    if plan.operations is None:
        return
    for j, staff in enumerate(plan.operations.staff):
        if staff.funding is not Programme.ZV_ADMIN:
            continue
        end = staff.funded_until
        yield Fact("zv_admin_posten", ("betrieb", "personal", j), {
            "quelle": "personal",
            "bezeichnung": staff.role,
            "beginn": None,
            "ende": end,
            "nutzung": Usage.PEDAGOGICAL.value,
            "dp_bezug": dp_link,
            "zusaetzlich": staff.additional,
            "plan_bis": plan_end,
            "anschluss_noetig": end is None or end.year < plan_end,
            "anschlussfinanzierung": staff.follow_up_funding.value if staff.follow_up_funding else None,
        }, subject=staff.role)


# --- grants per programme -------------------------------------------------------------------

fact_type(
    "foerderprogramm",
    "Ein Zuschussprogramm des Plans: beantragte Zuschüsse, Zuschüsse im Haushalt, Budget des Trägers",
    12,
    programm=F("text", "Förderprogramm", enum_values(Programme)),
    programm_name=F("text", "Name des Programms"),
    massnahmen_anzahl=F("int", "Maßnahmen mit Zuschuss aus diesem Programm ab Planbeginn bzw. erster Haushaltszeile"),
    zuschuss_massnahmen=F("money", "in den Maßnahmen beantragte Zuschüsse (ab Planbeginn bzw. erster Haushaltszeile)"),
    zuschuss_haushalt=F("money", "Zuschüsse dieses Programms in den Haushaltszeilen"),
    zuschuss_differenz=F("money", "Betrag, um den Maßnahmen und Haushalt voneinander abweichen"),
    zuschuss_abweichung=F("text", "wo mehr steht", ("keine", "mehr_in_massnahmen", "mehr_im_haushalt")),
    zuschuss_abweichung_text=F("text", "die Abweichung in Worten"),
    programmbudget=F("money", "Budget bzw. Höchstbetrag des Trägers für dieses Programm"),
    budget_ueberschreitung=F("money", "beantragte Zuschüsse über dem Budget (0 = eingehalten)"),
)


@builder
def build_programmes(ctx: FactContext) -> Iterable[Fact]:
    """One fact per grant programme that the measures, budget rows or programme budgets name."""
    from mepcheck.labels import label

    plan = ctx.plan
    requested: dict[Programme, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[Programme, int] = defaultdict(int)
    for m in plan.measures:
        if m.programme.is_grant and m.grant > 0 and in_budget_horizon(plan, m):
            requested[m.programme] += m.grant
            counts[m.programme] += 1
    budgeted: dict[Programme, Decimal] = defaultdict(lambda: ZERO)
    for row in plan.budget:
        for g in row.grants:
            budgeted[g.programme] += g.amount
    allotted = {b.programme for b in plan.carrier.programme_budgets}
    for prog in Programme:
        if not prog.is_grant:
            continue
        budget = programme_budget(plan, prog)
        if prog not in requested and prog not in budgeted and prog not in allotted:
            continue
        asked, entered = requested[prog], budgeted[prog]
        where = "keine" if asked == entered else (
            "mehr_in_massnahmen" if asked > entered else "mehr_im_haushalt")
        yield Fact("foerderprogramm", ("foerderprogramme", prog.value), {
            "programm": prog.value,
            "programm_name": label(prog),
            "massnahmen_anzahl": counts[prog],
            "zuschuss_massnahmen": asked,
            "zuschuss_haushalt": entered,
            "zuschuss_differenz": abs(asked - entered),
            "zuschuss_abweichung": where,
            "zuschuss_abweichung_text": {
                "keine": "keine Abweichung",
                "mehr_in_massnahmen": "die Maßnahmen beantragen mehr, als der Haushalt einplant",
                "mehr_im_haushalt": "der Haushalt plant mehr ein, als die Maßnahmen beantragen",
            }[where],
            "programmbudget": budget,
            "budget_ueberschreitung": max(asked - budget, ZERO) if budget is not None else None,
        }, subject=label(prog))
