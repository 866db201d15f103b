"""Facts for the obligations added in rule set 2026.12.0: procurement law for funded
purchases, Verwendungsnachweise, staff-council co-determination, accessibility, AI functions,
the municipal economic comparison and special categories of personal data."""

from __future__ import annotations

from collections.abc import Iterable
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
from mepcheck.model.enums import (
    AiFunction,
    DocStatus,
    GrantReportStatus,
    ProcurementProcedure,
    Programme,
)

DOC = enum_values(DocStatus)
MISSING = "fehlt"


# service kinds that record what users do (activity, logins, messages) and so can serve to
# monitor staff, unless the plan says otherwise ('leistungskontrolle_moeglich: false')
MONITORING_KIND_VALUES = frozenset({"lernplattform", "mdm", "videokonferenz", "office_suite", "email",
                                    "messenger", "schulverwaltung", "cloudspeicher", "leistungsbewertung"})
HIGH_RISK = frozenset({AiFunction.GRADING, AiFunction.PROCTORING, AiFunction.ADMISSION})

add_fields(
    "dienst",
    leistungskontrolle_moeglich=F("bool", "kann Verhalten oder Leistung von Beschäftigten überwachen "
                                          "(Angabe im Plan, sonst aus der Art des Dienstes)"),
    personalrat=F("text", "Beteiligung der Personalvertretung (fehlt = nicht angegeben)", DOC),
    barrierefreiheit=F("text", "Barrierefreiheit geprüft bzw. erklärt (fehlt = nicht angegeben)", DOC),
    ki_genutzt=F("bool", "der Dienst hat KI-Funktionen"),
    ki_funktionen_text=F("text", "KI-Funktionen in Worten"),
    ki_emotionserkennung=F("bool", "KI-Funktion zur Emotionserkennung"),
    ki_hochrisiko=F("bool", "KI für Bewertung, Prüfungsaufsicht oder Zugangsentscheidungen (Anhang III Nr. 3)"),
    ki_kompetenz=F("text", "Maßnahmen zur KI-Kompetenz (fehlt = nicht angegeben)", DOC),
    besondere_kategorien=F("bool", "verarbeitet besondere Kategorien personenbezogener Daten (Art. 9 DSGVO)"),
)


@enricher("dienst")
def _obligations_service(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    service = ctx.plan.services[int(fact.path[1])]
    monitoring = service.staff_monitoring
    values["leistungskontrolle_moeglich"] = (service.kind.value in MONITORING_KIND_VALUES
                                             if monitoring is None else monitoring)
    values["personalrat"] = (service.staff_council or DocStatus.MISSING).value
    values["barrierefreiheit"] = (service.accessibility or DocStatus.MISSING).value
    functions = service.ai_functions
    values["ki_genutzt"] = bool(functions)
    values["ki_funktionen_text"] = ", ".join(f.value.replace("_", " ") for f in functions) or "keine"
    values["ki_emotionserkennung"] = AiFunction.EMOTION in functions
    values["ki_hochrisiko"] = any(f in HIGH_RISK for f in functions)
    values["ki_kompetenz"] = (service.ai_literacy or DocStatus.MISSING).value
    values["besondere_kategorien"] = bool(service.special_categories)


add_fields(
    "massnahme",
    vergabeverfahren=F("text", "Vergabeverfahren (fehlt = nicht angegeben)",
                       (*enum_values(ProcurementProcedure), MISSING)),
)


@enricher("massnahme")
def _obligations_measure(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    measure = ctx.plan.measures[int(fact.path[1])]
    values["vergabeverfahren"] = measure.procurement.value if measure.procurement else MISSING


add_fields(
    "plan",
    wirtschaftlichkeitsvergleich=F("text", "Wirtschaftlichkeitsvergleich mit Folgekosten (fehlt = nicht angegeben)", DOC),
    verwendungsnachweise_anzahl=F("int", "im Plan genannte Verwendungsnachweise"),
)


@enricher("plan")
def _obligations_plan(ctx: FactContext, fact: Fact, values: dict[str, Any]) -> None:
    plan = ctx.plan
    values["wirtschaftlichkeitsvergleich"] = (plan.meta.economic_comparison or DocStatus.MISSING).value
    values["verwendungsnachweise_anzahl"] = len(plan.grant_reports)


fact_type(
    "verwendungsnachweis",
    "Ein Verwendungsnachweis für Mittel aus dem DigitalPakt 2019 oder einer Zusatzvereinbarung", 3,
    programm=F("text", "Förderprogramm", enum_values(Programme)),
    programm_text=F("text", "Förderprogramm in Worten"),
    status=F("text", "Stand des Nachweises", enum_values(GrantReportStatus)),
    faellig=F("date", "Fälligkeit laut Plan"),
    eingereicht_am=F("date", "eingereicht am"),
    stichtag=F("date", "Stichtag des Plans"),
    land=F("text", "Land des Schulträgers"),
)

PROGRAMME_TEXT = {
    "dp2019": "DigitalPakt Schule 2019–2024",
    "zv_sofortausstattung": "Zusatzvereinbarung Sofortausstattung",
    "zv_administration": "Zusatzvereinbarung Administration",
    "zv_leihgeraete_lehrkraefte": "Zusatzvereinbarung Leihgeräte für Lehrkräfte",
    "dp20": "DigitalPakt 2.0",
}


@builder
def build_grant_reports(ctx: FactContext) -> Iterable[Fact]:
    """One fact per Verwendungsnachweis the plan lists."""
    plan = ctx.plan
    for i, report in enumerate(plan.grant_reports):
        programme = report.programme.value
        yield Fact("verwendungsnachweis", ("verwendungsnachweise", i), {
            "programm": programme,
            "programm_text": PROGRAMME_TEXT.get(programme, programme.replace("_", " ")),
            "status": report.status.value,
            "faellig": report.due,
            "eingereicht_am": report.submitted,
            "stichtag": plan.meta.reference_date,
            "land": plan.carrier.land.value,
        }, subject=PROGRAMME_TEXT.get(programme, programme))
