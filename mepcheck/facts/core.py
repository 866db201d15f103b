"""Core fact types: the plan, schools, inventory, measures, services and budget.

Family modules (``funding.py``, ``data_protection.py`` …) add fields to these
types with :func:`~mepcheck.facts.base.enricher`.
"""

from __future__ import annotations

from collections.abc import Iterable

from mepcheck.facts.base import (
    F,
    Fact,
    FactContext,
    builder,
    enum_values,
    fact_type,
)
from mepcheck.model.enums import (
    Assignment,
    CostType,
    DeviceType,
    DocStatus,
    FieldOfAction,
    FundingCategory,
    PlanKind,
    Programme,
    SchoolCategory,
    SchoolForm,
    ServiceKind,
    Usage,
)
from mepcheck.types import Land

DOC = enum_values(DocStatus)


def doc_status(concept) -> str:  # type: ignore[no-untyped-def]
    """Status of an optional concept; an absent concept counts as 'fehlt'."""
    if concept is None:
        return DocStatus.MISSING.value
    status = getattr(concept, "status", concept)
    return status.value


fact_type(
    "plan", "Der Plan als Ganzes mit Träger-Angaben und Gesamtsummen", 1,
    land=F("text", "Land des Schulträgers", enum_values(Land)),
    traeger_name=F("text", "Name des Schulträgers"),
    traeger_art=F("text", "kommunal oder frei", ("kommunal", "frei")),
    art=F("text", "Erstplan oder Fortschreibung", enum_values(PlanKind)),
    stichtag=F("date", "Stichtag der Prüfung"),
    zeitraum_von=F("year", "erstes Jahr des Plans"),
    zeitraum_bis=F("year", "letztes Jahr des Plans"),
    beschluss_status=F("text", "Status des Beschlusses", ("beschlossen", "geplant", "entwurf", "fehlt")),
    schulen_anzahl=F("int", "Zahl der Schulen"),
    schueler_gesamt=F("int", "Schülerinnen und Schüler insgesamt"),
    lehrkraefte_gesamt=F("int", "Lehrkräfte insgesamt"),
    massnahmen_anzahl=F("int", "Zahl der Maßnahmen"),
    dienste_anzahl=F("int", "Zahl der Dienste"),
    gesamtkosten=F("money", "Summe aller Maßnahmenkosten"),
    investitionen=F("money", "Summe der investiven Maßnahmen"),
    zuschuss_summe=F("money", "Summe der beantragten Zuschüsse"),
    eigenanteil_summe=F("money", "Summe der Eigenanteile"),
    geraete_gesamt=F("int", "Geräte in Bestand und Planung"),
    endgeraete_gesamt=F("int", "Endgeräte in Bestand und Planung"),
    kosten_je_schueler=F("money", "Maßnahmenkosten je Schülerin/Schüler"),
)

fact_type(
    "schule", "Eine Schule mit Bestandsaufnahme, Konzepten und Summen", 4,
    schule_id=F("text", "Kennung der Schule"),
    name=F("text", "Name der Schule"),
    schulform=F("text", "Schulform", enum_values(SchoolForm)),
    schulart=F("text", "allgemeinbildend, berufsbildend oder Förderschule", enum_values(SchoolCategory)),
    schueler=F("int", "Schülerinnen und Schüler"),
    lehrkraefte=F("int", "Lehrkräfte"),
    klassen=F("int", "Klassen"),
    unterrichtsraeume=F("int", "Unterrichtsräume"),
    bandbreite_aktuell=F("int", "aktuelle Bandbreite in Mbit/s"),
    bandbreite_verfuegbar=F("int", "maximal verfügbare Bandbreite in Mbit/s"),
    glasfaser=F("text", "Glasfaserstatus", ("vorhanden", "geplant", "nicht_geplant")),
    glasfaser_erwartet=F("date", "erwarteter Glasfaseranschluss"),
    lan_abdeckung=F("percent", "Anteil der Räume mit LAN"),
    wlan_abdeckung=F("percent", "Anteil der Räume mit WLAN"),
    medienkonzept=F("text", "Status des Medienkonzepts", DOC),
    medienkonzept_datum=F("date", "Datum des Medienkonzepts"),
    einsatzkonzept=F("text", "Status des technisch-pädagogischen Einsatzkonzepts", DOC),
    einsatzkonzept_datum=F("date", "Datum des Einsatzkonzepts"),
    fortbildungsplanung=F("text", "Status der Fortbildungsplanung", DOC),
    fortbildungen_anzahl=F("int", "Zahl geplanter Fortbildungen"),
    bestand_eintraege=F("int", "Zahl der Einträge der Bestandsaufnahme"),
    investitionen=F("money", "investive Maßnahmenkosten der Schule"),
    zuschuss=F("money", "beantragte Zuschüsse der Schule"),
    mobil_kosten=F("money", "Kosten mobiler Endgeräte der Schule"),
    mobil_kosten_dp2019=F("money", "Kosten mobiler Endgeräte aus dem DigitalPakt 2019"),
    massnahmen_anzahl=F("int", "Zahl der Maßnahmen der Schule"),
    endgeraete=F("int", "Endgeräte in Bestand und Planung"),
)

fact_type(
    "massnahme", "Eine geplante Maßnahme mit Kosten und Förderung", 7,
    massnahme_id=F("text", "Kennung der Maßnahme"),
    titel=F("text", "Titel der Maßnahme"),
    schule_id=F("text", "Kennung der Schule (leer = trägerweit)"),
    schule_name=F("text", "Name der Schule"),
    schulart=F("text", "Schulart der Schule", enum_values(SchoolCategory)),
    handlungsfeld=F("text", "Handlungsfeld", enum_values(FieldOfAction)),
    foerderkategorie=F("text", "Förderkategorie", enum_values(FundingCategory)),
    geraetetyp=F("text", "Gerätetyp", enum_values(DeviceType)),
    zuordnung=F("text", "Zuordnung der Geräte", enum_values(Assignment)),
    anzahl=F("int", "Stückzahl"),
    einzelpreis=F("money", "Stückpreis"),
    gesamtkosten=F("money", "Gesamtkosten (berechnet)"),
    kostenart=F("text", "Kostenart", enum_values(CostType)),
    foerderprogramm=F("text", "Förderprogramm", enum_values(Programme)),
    weitere_programme_anzahl=F("int", "Zahl weiterer Förderprogramme für dieselbe Position"),
    zuschuss=F("money", "beantragter Zuschuss"),
    eigenanteil=F("money", "Eigenanteil (berechnet)"),
    eigenanteil_quote=F("percent", "Eigenanteil je Gesamtkosten (berechnet)"),
    antrag=F("date", "Antragsdatum"),
    vertrag=F("date", "Vertragsschluss (Maßnahmenbeginn im förderrechtlichen Sinn)"),
    beginn=F("date", "Beginn"),
    ende=F("date", "Ende"),
    abnahme=F("date", "Abnahme"),
    verknuepft=F("bool", "mit einer anderen Maßnahme verknüpft"),
    nutzung=F("text", "pädagogische oder Verwaltungsnutzung", enum_values(Usage)),
    begruendung=F("bool", "Begründung angegeben"),
    server_begruendung=F("text", "Begründung für einen Schulserver",
                         ("bandbreite_kein_glasfaser_12_monate", "rechtliche_vorgabe", "spezielle_anwendung")),
    mehrwert=F("bool", "Mehrwert gegenüber Landesangeboten begründet"),
    selbstaendiger_abschnitt=F("bool", "selbständiger, noch nicht begonnener Abschnitt"),
    im_medienkonzept=F("bool", "vom Medienkonzept der Schule abgedeckt"),
    jahr=F("year", "Haushaltsjahr"),
)

fact_type(
    "bestand", "Ein Eintrag der Bestandsaufnahme einer Schule", 4,
    schule_id=F("text", "Kennung der Schule"),
    schule_name=F("text", "Name der Schule"),
    kategorie=F("text", "Förderkategorie", enum_values(FundingCategory)),
    geraetetyp=F("text", "Gerätetyp", enum_values(DeviceType)),
    anzahl=F("int", "Stückzahl"),
    anschaffungsjahr=F("year", "Anschaffungsjahr"),
    foerderprogramm=F("text", "Förderprogramm", enum_values(Programme)),
    inbetriebnahme=F("date", "Inbetriebnahme"),
    zweckbindung_bis=F("date", "Ende der Zweckbindung"),
    geplante_aussonderung=F("date", "geplante Aussonderung"),
    leihgeraet=F("bool", "Leihgerät"),
)

fact_type(
    "dienst", "Ein Dienst oder System, das personenbezogene Daten verarbeitet", 10,
    dienst_id=F("text", "Kennung des Dienstes"),
    name=F("text", "Name des Dienstes"),
    art=F("text", "Art des Dienstes", enum_values(ServiceKind)),
    produkt=F("text", "Produkt"),
    anbieter=F("text", "Anbieter"),
    personenbezogen=F("bool", "verarbeitet personenbezogene Daten"),
    schuelerdaten=F("bool", "verarbeitet Daten von Schülerinnen und Schülern"),
)

fact_type(
    "dsfa_entscheidung", "Die dokumentierte DSFA-Entscheidung zu einem Dienst", 10,
    dienst_ref=F("text", "interne Kennung des Dienstes, zu dem die Entscheidung gehört"),
    status=F("text", "Ergebnis", ("durchgefuehrt", "geplant", "nicht_erforderlich")),
    datum=F("date", "Datum der Entscheidung"),
)

fact_type(
    "haushaltsjahr", "Die Finanzierung eines Haushaltsjahrs", 12,
    jahr=F("year", "Haushaltsjahr"),
    investitionen=F("money", "Investitionen"),
    ersatzbeschaffung=F("money", "Ersatzbeschaffung"),
    laufende_kosten=F("money", "laufende Kosten"),
    support=F("money", "Support"),
    lizenzen=F("money", "Lizenzen"),
    energie=F("money", "Energie"),
    datenschutz_infosec=F("money", "Datenschutz und Informationssicherheit"),
    kosten_gesamt=F("money", "Kosten insgesamt"),
    eigenmittel=F("money", "Eigenmittel"),
    zuschuesse=F("money", "Zuschüsse insgesamt"),
    finanzierung_gesamt=F("money", "Finanzierung insgesamt"),
    haushaltsstelle=F("bool", "Haushaltsstelle angegeben"),
    beschlussstatus=F("text", "Beschlussstatus", ("beschlossen", "geplant", "entwurf", "fehlt")),
)

fact_type(
    "folgekostenkategorie", "Folgekosten- und Lebenszyklusangaben einer Gerätekategorie", 12,
    geraetetyp=F("text", "Gerätetyp", enum_values(DeviceType)),
    ersatzzyklus_jahre=F("int", "Ersatzzyklus in Jahren"),
    laufende_kosten_je_einheit=F("money", "jährliche laufende Kosten je Einheit"),
    nutzungsdauer_jahre=F("int", "geplante Nutzungsdauer in Jahren"),
    updates_bis_jahr=F("year", "Sicherheitsupdates zugesagt bis"),
    akku_tauschbar=F("bool", "Akku tauschbar"),
    akkutausch_budgetiert=F("bool", "Akkutausch budgetiert"),
    plattformen_anzahl=F("int", "Zahl der Plattformen/Betriebssysteme"),
)


def _school_values(ctx: FactContext, school) -> dict:  # type: ignore[no-untyped-def]
    fig = ctx.figures.schools[school.id]
    bw = school.bandwidth
    cov = school.coverage
    return {
        "schule_id": school.id,
        "name": school.name,
        "schulform": school.form.value,
        "schulart": school.category.value,
        "schueler": school.pupils,
        "lehrkraefte": school.teachers,
        "klassen": school.classes,
        "unterrichtsraeume": school.rooms,
        "bandbreite_aktuell": bw.current_mbit if bw else None,
        "bandbreite_verfuegbar": bw.available_mbit if bw else None,
        "glasfaser": bw.fibre.value if bw else None,
        "glasfaser_erwartet": bw.fibre_expected if bw else None,
        "lan_abdeckung": cov.lan if cov else None,
        "wlan_abdeckung": cov.wlan if cov else None,
        "medienkonzept": doc_status(school.media_concept),
        "medienkonzept_datum": school.media_concept.date if school.media_concept else None,
        "einsatzkonzept": doc_status(school.deployment_concept),
        "einsatzkonzept_datum": school.deployment_concept.date if school.deployment_concept else None,
        "fortbildungsplanung": doc_status(school.training_plan),
        "fortbildungen_anzahl": len(school.training_plan.items) if school.training_plan else 0,
        "bestand_eintraege": len(school.inventory),
        "investitionen": fig.investment,
        "zuschuss": fig.grant,
        "mobil_kosten": fig.mobile_cost,
        "mobil_kosten_dp2019": fig.mobile_cost_dp2019,
        "massnahmen_anzahl": fig.measures,
        "endgeraete": fig.end_devices,
    }


@builder
def build_core(ctx: FactContext) -> Iterable[Fact]:
    """Facts for the plan, its schools, inventory, measures, services and budget."""
    plan, fig = ctx.plan, ctx.figures
    yield Fact("plan", (), {
        "land": plan.carrier.land.value,
        "traeger_name": plan.carrier.name,
        "traeger_art": plan.carrier.kind.value,
        "art": plan.meta.kind.value,
        "stichtag": plan.meta.reference_date,
        "zeitraum_von": plan.meta.period.start,
        "zeitraum_bis": plan.meta.period.end,
        "beschluss_status": plan.meta.resolution.status.value if plan.meta.resolution else "fehlt",
        "schulen_anzahl": len(plan.schools),
        "schueler_gesamt": fig.pupils,
        "lehrkraefte_gesamt": fig.teachers,
        "massnahmen_anzahl": len(plan.measures),
        "dienste_anzahl": len(plan.services),
        "gesamtkosten": fig.total_cost,
        "investitionen": fig.total_investment,
        "zuschuss_summe": fig.total_grant,
        "eigenanteil_summe": fig.total_own_share,
        "geraete_gesamt": fig.devices_total,
        "endgeraete_gesamt": fig.end_devices_total,
        "kosten_je_schueler": fig.cost_per_pupil(),
    }, subject=plan.carrier.name)
    names = {s.id: s for s in plan.schools}
    for i, school in enumerate(plan.schools):
        yield Fact("schule", ("schulen", i), _school_values(ctx, school),
                   refs=(("schulen", school.id),), subject=school.name)
        for j, item in enumerate(school.inventory):
            yield Fact("bestand", ("schulen", i, "bestand", j), {
                "schule_id": school.id,
                "schule_name": school.name,
                "kategorie": item.category.value,
                "geraetetyp": item.device_type.value,
                "anzahl": item.quantity,
                "anschaffungsjahr": item.purchase_year,
                "foerderprogramm": item.programme.value if item.programme else None,
                "inbetriebnahme": item.commissioned,
                "zweckbindung_bis": item.earmark_until,
                "geplante_aussonderung": item.planned_retirement,
                "leihgeraet": item.loan_device,
            }, refs=(("schulen", school.id),), subject=f"{school.name}: {item.device_type.value}")
    for i, m in enumerate(plan.measures):
        school = names.get(m.school) if m.school else None
        total = m.total_cost
        refs: tuple[tuple[str, str], ...] = (("massnahmen", m.id),)
        if school:
            refs += (("schulen", school.id),)
        yield Fact("massnahme", ("massnahmen", i), {
            "massnahme_id": m.id,
            "titel": m.title,
            "schule_id": m.school,
            "schule_name": school.name if school else "trägerweit",
            "schulart": school.category.value if school else None,
            "handlungsfeld": m.field.value,
            "foerderkategorie": m.category.value,
            "geraetetyp": m.device_type.value if m.device_type else None,
            "zuordnung": m.assignment.value if m.assignment else None,
            "anzahl": m.quantity,
            "einzelpreis": m.unit_cost,
            "gesamtkosten": total,
            "kostenart": m.cost_type.value,
            "foerderprogramm": m.programme.value,
            "weitere_programme_anzahl": len(m.other_programmes),
            "zuschuss": m.grant,
            "eigenanteil": m.own_share,
            "eigenanteil_quote": (m.own_share / total) if total else None,
            "antrag": m.application_date,
            "vertrag": m.contract_date,
            "beginn": m.start,
            "ende": m.end,
            "abnahme": m.acceptance,
            "verknuepft": m.linked_measure is not None,
            "nutzung": m.usage.value,
            "begruendung": bool(m.justification),
            "server_begruendung": m.server_justification.value if m.server_justification else None,
            "mehrwert": bool(m.advantage),
            "selbstaendiger_abschnitt": m.separate_section,
            "im_medienkonzept": m.covered_by_media_concept,
            "jahr": m.budget_year,
        }, refs=refs, subject=m.title)
    for i, s in enumerate(plan.services):
        yield Fact("dienst", ("dienste", i), {
            "dienst_id": s.id,
            "name": s.name,
            "art": s.kind.value,
            "produkt": s.product,
            "anbieter": s.vendor,
            "personenbezogen": s.personal_data,
            "schuelerdaten": s.personal_data and any(x.value == "schueler" for x in s.subjects),
        }, refs=(("dienste", s.id),), subject=s.name)
        if s.dsfa is not None and s.dsfa.status.value != "fehlt":
            yield Fact("dsfa_entscheidung", ("dienste", i, "dsfa"), {
                "dienst_ref": f"dienste/{i}",
                "status": s.dsfa.status.value,
                "datum": s.dsfa.date,
            }, refs=(("dienste", s.id),), subject=s.name)
    for i, row in enumerate(plan.budget):
        grants = sum((g.amount for g in row.grants), start=row.own_funds * 0)
        yield Fact("haushaltsjahr", ("haushalt", i), {
            "jahr": row.year,
            "investitionen": row.investment,
            "ersatzbeschaffung": row.replacement,
            "laufende_kosten": row.running,
            "support": row.support,
            "lizenzen": row.licences,
            "energie": row.energy,
            "datenschutz_infosec": row.dp_infosec,
            "kosten_gesamt": row.total_costs,
            "eigenmittel": row.own_funds,
            "zuschuesse": grants,
            "finanzierung_gesamt": row.total_funding,
            "haushaltsstelle": bool(row.budget_line),
            "beschlussstatus": row.status.value if row.status else "fehlt",
        }, subject=f"Haushaltsjahr {row.year}")
    for i, cat in enumerate(plan.cost_categories):
        yield Fact("folgekostenkategorie", ("folgekosten", i), {
            "geraetetyp": cat.device_type.value,
            "ersatzzyklus_jahre": cat.replacement_cycle_years,
            "laufende_kosten_je_einheit": cat.running_cost_per_unit,
            "nutzungsdauer_jahre": cat.planned_life_years,
            "updates_bis_jahr": cat.update_support_until,
            "akku_tauschbar": cat.battery_replaceable,
            "akkutausch_budgetiert": cat.battery_swap_budgeted,
            "plattformen_anzahl": len(cat.platforms),
        }, subject=cat.device_type.value)
