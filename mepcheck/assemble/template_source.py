"""The reviewable source of ``templates/mep.docx``: the bundled MEP template, built with python-docx.

Run ``python -m mepcheck.assemble.template_source [OUT]`` to rebuild the template (default:
``templates/mep.docx`` of the repository); a test checks that the committed file equals a
fresh build. The template uses only names of the view model
(:mod:`mepcheck.assemble.schema`), renders every chapter of the canonical chapter model
(as content, as a marked gap, or as "entfällt"), and keeps every Jinja tag in a run of its
own.

Layout: A4, Arial 10 pt, numbered chapter headings (Heading 1–3, which German Word shows
as "Überschrift 1–3"), a title page without header and footer, a table of contents field
that Word refreshes on opening (``w:updateFields``) whose cached result is a static list
of the chapters with PAGEREF page numbers (LibreOffice shows it as is), running header,
"Seite X von Y" in the footer, tables with a repeated header row and rows that do not
split across pages.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from mepcheck.assemble.chapters import BY_KEY, CHAPTER_SPECS
from mepcheck.assemble.docxkit import (
    BR,
    GREY,
    Col,
    Writer,
    add_field,
    field_char,
    instr_text,
    setup_settings,
    setup_styles,
)
from mepcheck.labels import label
from mepcheck.model.enums import FieldOfAction

MARK = "Befundmarke"
STRONG = "Hervorhebung"


def _bm(key: str) -> str:
    return f"_TocMEP{BY_KEY[key].number:02d}"


# --- building blocks ----------------------------------------------------------------------


def _chapter_heading(w: Writer, key: str, *, page_break: bool = False) -> None:
    spec = BY_KEY[key]
    w.heading(spec.heading, 1, bookmark_name=_bm(key), page_break=page_break)
    # the chapter's findings: per rule, or each one, or none (doc.findings_mode)
    _group_blocks(w, f"chapters.{key}.groups")


def _group_blocks(w: Writer, expr: str, style: str = "Befundhinweis") -> None:
    """Findings as blocks: rule and title, how many places, the places (or the one
    message), the remedy once."""
    w.tag(f"for g in {expr}")
    w.para(("{{ g.marker }}", MARK), " – {{ g.title }}",
           "{% if g.count > 1 %} ({{ g.count_text }}){% endif %}", BR,
           "{% if g.message %}{{ g.message }}{% else %}Betroffen: {{ g.places }}{% endif %}",
           "{% if g.remedy %}", BR, ("Abhilfe: ", STRONG), "{{ g.remedy }}{% endif %}",
           "{% if g.waiver %}", BR, "{{ g.waiver }}{% endif %}", style=style)
    w.tag("endfor")


def _gap_block(w: Writer, expr: str) -> None:
    """A clearly marked gap with the findings that report it."""
    w.para("{{ " + expr + ".label }}", style="Lücke Titel")
    w.para("{{ " + expr + ".missing }}", style="Lücke")
    _group_blocks(w, f"{expr}.groups", style="Lücke")
    w.tag(f"if {expr}.note")
    w.para("{{ " + expr + ".note }}", style="Lücke")
    w.tag("endif")
    w.para("", style="Kleiner Text")


def _begin_chapter(w: Writer, key: str, *, page_break: bool = False) -> None:
    """Heading, then either the gap or (after :func:`_end_chapter`) the content."""
    _chapter_heading(w, key, page_break=page_break)
    w.tag(f"if chapters.{key}.gap")
    _gap_block(w, f"chapters.{key}.gap")
    w.tag("else")


def _end_chapter(w: Writer) -> None:
    w.tag("endif")


def _empty_or_table(w: Writer, expr: str, empty: str, build: Any) -> None:
    w.tag(f"if {expr}")
    build()
    w.tag("else")
    w.para(empty)
    w.tag("endif")


def _chart(w: Writer, name: str) -> None:
    w.tag(f"if charts.{name}")
    w.para("{{ charts." + name + ".image }}", style="Bild")
    w.para("Abbildung: {{ charts." + name + ".caption }}", style="Caption")
    w.tag("endif")


def _marker_cell(text: str, marker: str = "r.marker") -> list[Any]:
    """Cell content with a finding marker on its own line when there is one."""
    return [text, "{% if " + marker + " %}", BR, ("{{ " + marker + " }}", MARK), "{% endif %}"]


def _findings_list(w: Writer, expr: str, intro: str) -> None:
    w.tag(f"if {expr}")
    w.para(intro, style="Heading 3")
    w.tag(f"for f in {expr}")
    w.para(("{{ f.marker }}", MARK), ": {{ f.message }}", "{% if f.remedy %}", BR,
           "Abhilfe: {{ f.remedy }}{% endif %}", style="Befundhinweis")
    w.tag("endfor")
    w.tag("endif")


# --- title page and contents --------------------------------------------------------------


def _title_page(w: Writer) -> None:
    w.tag("if charts.logo")
    w.para("{{ charts.logo.image }}", style="Bild")
    w.tag("else")
    for _ in range(3):
        w.para("", style="Kleiner Text")
    w.tag("endif")
    w.para("{{ doc.kind }} {{ doc.period }}", style="Subtitle")
    w.para("{{ doc.title }}", style="Title")
    w.para("{{ doc.carrier }} · {{ doc.land_name }}", style="Subtitle")
    w.para("", style="Kleiner Text")
    w.para("", style="Kleiner Text")
    w.kv([
        ("Schulträger", "{{ doc.carrier }} ({{ doc.carrier_type }})"),
        ("Land", "{{ doc.land_name }}"),
        ("Geltungszeitraum", "{{ doc.period }}"),
        ("Art des Plans", "{{ doc.kind }}"),
        ("Stand", "{{ doc.reference_date|date }}"),
        ("Version", "{{ doc.version }}"),
        ("Beschluss", "{{ doc.resolution_text }}"),
        ("Erstellt von", "{{ doc.author|dash }}"),
    ], widths=(4.0, 12.5))
    w.para("", style="Kleiner Text")
    w.para(("Prüfergebnis: ", STRONG), "{{ summary.verdict }}", style="Hinweiskasten")
    w.para("Geprüft mit dem Regelwerk {{ doc.ruleset_version }} vom "
           "{{ doc.ruleset_date|date }}, Profil „{{ doc.profile_title }}“"
           "{% if doc.profile_provisional %} (vorläufig){% endif %}. "
           "Die Befunde stehen an den betroffenen Stellen und vollständig in Anlage B.",
           style="Hinweiskasten")
    w.page_break()


def _contents(w: Writer) -> None:
    """The TOC field; its cached result is a static chapter list with PAGEREF page numbers."""
    w.para("Inhalt", style="TOC Heading")
    specs = list(CHAPTER_SPECS)
    for i, spec in enumerate(specs):
        p = w.doc.add_paragraph(style="toc 1")
        if i == 0:
            field_char(p, "begin")
            instr_text(p, 'TOC \\o "1-2" \\h \\z \\u')
            field_char(p, "separate")
        p.add_run(f"{spec.number}\t{spec.title}")
        p.add_run("\t")
        add_field(p, f"PAGEREF {_bm(spec.key)} \\h", placeholder="")
        if i == len(specs) - 1:
            field_char(p, "end")
    w.page_break()


# --- chapters -----------------------------------------------------------------------------


def _ch1(w: Writer) -> None:
    _chapter_heading(w, "introduction")
    w.heading("1.1 Auftrag und Beschlusslage", 2)
    w.para("Dieser Medienentwicklungsplan beschreibt für den Schulträger {{ doc.carrier }} "
           "({{ doc.land_name }}) Ausstattung, Betrieb, Qualifizierung und Finanzierung der "
           "digitalen Infrastruktur an {{ summary.schools }} "
           "{{ 'Schule' if summary.schools == 1 else 'Schulen' }} im Zeitraum {{ doc.period }}.")
    w.kv([
        ("Beschlusslage", "{{ doc.resolution_text }}"),
        ("Geltungszeitraum", "{{ doc.period }}"),
        ("Art des Plans", "{{ doc.kind }}{% if doc.previous_plan %} (vorheriger Plan: "
                          "{{ doc.previous_plan }}){% endif %}"),
        ("Stichtag", "{{ doc.reference_date|date }}"),
        ("Version", "{{ doc.version }}"),
        ("Erstellt von", "{{ doc.author|dash }}"),
        ("Ansprechpartner", "{{ doc.contact|dash }}"),
    ])
    w.heading("1.2 Vorgehen und Beteiligte", 2)
    w.tag("if doc.approach")
    w.para("{{ doc.approach }}")
    w.tag("else")
    w.para("Das Vorgehen bei der Erstellung ist im Plan nicht beschrieben.")
    w.tag("endif")
    w.para("Wer an der Bedarfserhebung beteiligt war, zeigt Kapitel 6.")
    w.heading("1.3 Überblick", 2)
    w.kv([
        ("Schulen", "{{ summary.schools|number }}"),
        ("Schülerinnen und Schüler", "{{ summary.pupils|number }}"),
        ("Lehrkräfte", "{{ summary.teachers|number }}"),
        ("Klassen / Unterrichtsräume", "{{ summary.classes|number }} / {{ summary.rooms|number }}"),
        ("Geräte (Bestand und geplant)", "{{ summary.devices_total|number }}, davon "
                                         "{{ summary.end_devices_total|number }} Endgeräte"),
        ("Schülerinnen und Schüler je Endgerät", "{{ summary.pupils_per_end_device|number }}"),
        ("Maßnahmen", "{{ summary.measures|number }}"),
        ("Kosten der Maßnahmen", "{{ summary.total_cost|money }} (davon Investitionen "
                                 "{{ summary.total_investment|money }})"),
        ("Beantragte Zuschüsse", "{{ summary.total_grant|money }}"),
        ("Eigenanteil", "{{ summary.total_own_share|money }} "
                        "({{ summary.own_share_ratio|percent }})"),
        ("Kosten je Schülerin/Schüler", "{{ summary.cost_per_pupil|money }}"),
        ("Prüfergebnis", "{{ summary.verdict }}"),
    ])


def _ch2(w: Writer) -> None:
    _begin_chapter(w, "framework")
    w.kv([
        ("Strategie des Landes", "{{ framework.land_strategy|dash }}"),
        ("KMK-Strategie „Bildung in der digitalen Welt“ berücksichtigt",
         "{{ framework.kmk_strategy|yesno }}"),
        ("Förderlandschaft", "{{ framework.funding_landscape|dash }}"),
        ("Erklärung: technologieoffen, erweiterungs- und anschlussfähig",
         "{{ doc.technology_open|yesno }}"),
    ], widths=(6.0, 10.5))
    w.tag("if framework.text")
    w.para("{{ framework.text }}")
    w.tag("endif")
    _end_chapter(w)
    w.heading("2.1 Vorgaben des Landes im Prüfprofil", 2)
    w.para("Der Plan wurde nach dem Prüfprofil „{{ doc.profile_title }}“ ({{ doc.profile }})"
           "{% if doc.profile_provisional %}, vorläufig{% endif %} geprüft.")
    w.tag("for n in doc.profile_notes")
    w.para("{{ n }}", style="List Bullet")
    w.tag("endfor")


def _ch3(w: Writer) -> None:
    _chapter_heading(w, "retrospective")
    w.tag("if chapters.retrospective.omitted")
    w.para("{{ chapters.retrospective.omitted }}")
    w.tag("elif chapters.retrospective.gap")
    _gap_block(w, "chapters.retrospective.gap")
    w.tag("else")
    w.heading("3.1 Zielerreichung", 2)
    w.para("Vorheriger Planungszeitraum: {{ retrospective.previous_period|dash }}.")
    w.tag("if retrospective.summary")
    w.para("{{ retrospective.summary }}")
    w.tag("endif")
    _empty_or_table(w, "retrospective.goals", "Im Rückblick sind keine Ziele aufgeführt.",
                    lambda: w.table([
                        Col("Ziel des vorherigen Plans", "{{ r.goal }}", 8.0),
                        Col("Stand", "{{ r.status }}", 3.0),
                        Col("Kommentar", "{{ r.comment|dash }}", 5.5),
                    ], "r in retrospective.goals"))
    w.tag("if retrospective.hurdles")
    w.para("Hürden bei der Umsetzung:", style="Heading 3")
    w.tag("for h in retrospective.hurdles")
    w.para("{{ h }}", style="List Bullet")
    w.tag("endfor")
    w.tag("endif")
    w.heading("3.2 Geförderte Ausstattung und Zweckbindung", 2)
    w.tag("endif")
    # the funded assets matter in every plan: funded devices must not leave before the end
    # of their Zweckbindung (DP19-ZWECKBINDUNG)
    w.tag("if (chapters.retrospective.omitted or chapters.retrospective.gap) "
          "and retrospective.funded_summary")
    w.para("Geförderte Ausstattung im Bestand und Ende der Zweckbindung:", style="Heading 3")
    w.tag("endif")
    w.tag("if retrospective.funded_summary")
    w.table([
        Col("Programm", "{{ r.programme }}", 4.3),
        Col("Positionen", "{{ r.positions|number }}", 2.0, right=True),
        Col("Geräte", "{{ r.devices|number }}", 1.8, right=True),
        Col("Zweckbindung endet", "{% if r.earmark_from %}{{ r.earmark_from|date }}"
                                  "{% if r.earmark_until != r.earmark_from %} bis "
                                  "{{ r.earmark_until|date }}{% endif %}{% else %}nicht "
                                  "angegeben{% endif %}", 4.6),
        Col("Aussonderung vor Ende der Zweckbindung", "{{ r.early_devices|number }} Geräte",
            3.8, right=True),
    ], "r in retrospective.funded_summary")
    w.para("Die einzelnen Positionen stehen in den Datenblättern der Schulen (Anlage A).",
           style="Kleiner Text")
    w.tag("endif")
    w.tag("if retrospective.funded_critical")
    w.para("Positionen mit Aussonderung vor Ende der Zweckbindung oder mit Befund:",
           style="Heading 3")
    w.table([
        Col("Schule", _marker_cell("{{ r.school }}"), 3.2),
        Col("Gerät", "{{ r.device }}", 2.4),
        Col("Anzahl", "{{ r.quantity|number }}", 1.4, right=True),
        Col("Programm", "{{ r.programme }}", 3.0),
        Col("Inbetrieb\u00ADnahme", "{{ r.commissioned|date }}", 2.1),
        Col("Zweck\u00ADbindung bis", "{{ r.earmark_until|date }}", 2.1),
        Col("Aus\u00ADsonde\u00ADrung geplant",
            ["{{ r.planned_retirement|date }}", "{% if r.early_retirement %}", BR,
             ("vor Ende der Zweckbindung", MARK), "{% endif %}"], 2.3),
    ], "r in retrospective.funded_critical")
    w.tag("endif")
    w.tag("if not retrospective.funded_summary and not chapters.retrospective.omitted")
    w.para("Im Bestand sind keine geförderten Geräte verzeichnet.")
    w.tag("endif")


def _ch4(w: Writer) -> None:
    _begin_chapter(w, "inventory")
    w.para("Die Bestandsaufnahme erfasst je Schule Schülerzahl, Klassen, Lehrkräfte und "
           "Unterrichtsräume, die Internetanbindung, die LAN- und WLAN-Abdeckung sowie die "
           "Geräte. Die ausführlichen Datenblätter stehen in Anlage A.")
    w.table([
        Col("Schule", _marker_cell("{{ r.name }}", "r.markers.inventory"), 3.0),
        Col("Schulform", "{{ r.form }}", 2.4),
        Col("Schüler", "{{ r.pupils|number }}", 1.55, right=True),
        Col("Klassen", "{{ r.classes|number }}", 1.6, right=True),
        Col("Räume", "{{ r.rooms|number }}", 1.45, right=True),
        Col("Bandbreite aktuell / verfügbar", "{{ r.bandwidth_text }}", 2.35, right=True),
        Col("WLAN", "{% if r.coverage %}{{ r.coverage.wlan|percent(0) }}{% else %}–{% endif %}",
            1.3, right=True),
        Col("Geräte", "{{ r.inventory_total|number }}", 1.45, right=True),
        Col("Daten\u00ADblatt", "{{ r.number }}", 1.4),
    ], "r in schools", footer=[
        "Summe", "", "{{ summary.pupils|number }}", "{{ summary.classes|number }}",
        "{{ summary.rooms|number }}", "", "", "", "",
    ])
    _chart(w, "devices")
    _end_chapter(w)


def _ch5(w: Writer) -> None:
    _begin_chapter(w, "pedagogy")
    w.para("Grundlage der Planung sind die Medienkonzepte der Schulen und ihre "
           "technisch-pädagogischen Einsatzkonzepte (TPEK). Die Fortbildungsplanung der "
           "Schulen steht in Kapitel 9.")
    w.table([
        Col("Schule", _marker_cell("{{ r.name }}", "r.markers.pedagogy"), 3.9),
        Col("Medienkonzept", "{{ r.media_concept }}", 3.1),
        Col("Einsatzkonzept (TPEK)", "{{ r.deployment_concept }}", 3.1),
        Col("Fortbildungs\u00ADplanung", "{{ r.training_plan }}", 3.1),
        Col("Nutzungsordnung", "{{ r.usage_policy }}", 3.3),
    ], "r in schools")
    _end_chapter(w)


def _ch6(w: Writer) -> None:
    _begin_chapter(w, "needs")
    w.heading("6.1 Beteiligung", 2)
    _empty_or_table(w, "needs.participation", "Im Plan ist keine Beteiligung dokumentiert.",
                    lambda: w.table([
                        Col("Gruppe", "{{ r.group }}", 5.0),
                        Col("Form", "{{ r.form }}", 4.5),
                        Col("Datum", "{{ r.date|date }}", 3.5),
                        Col("Anzahl", "{{ r.participants|number }}", 3.5, right=True),
                    ], "r in needs.participation"))
    w.heading("6.2 Ziele und Ausstattungsstandards", 2)
    w.tag("if needs.summary")
    w.para("{{ needs.summary }}")
    w.tag("endif")
    _empty_or_table(w, "needs.standards", "Im Plan sind keine Ausstattungsstandards je "
                    "Schulform festgelegt.",
                    lambda: w.table([
                        Col("Schulform", "{{ r.form }}", 4.0),
                        Col("Ausstattungsstandard", "{{ r.description }}", 12.5),
                    ], "r in needs.standards"))
    w.tag("if needs.priorities")
    w.para("Prioritäten:", style="Heading 3")
    w.tag("for p in needs.priorities")
    w.para("{{ p }}", style="List Bullet")
    w.tag("endfor")
    w.tag("endif")
    _end_chapter(w)


_MEASURE_COLS = [
    Col("Maßnahme", _marker_cell("{{ m.title }}", "m.marker"), 4.2),
    Col("Schule", "{{ m.school }}", 2.7),
    Col("Anzahl", "{{ m.quantity|number }}", 1.4, right=True),
    Col("Kosten", "{{ m.total_cost|money }}", 2.5, right=True),
    Col("Zuschuss", "{{ m.grant|money }}", 2.5, right=True),
    Col("Programm", "{{ m.programme }}", 2.05),
    Col("Jahr", "{{ m.year|dash }}", 1.15),
]


def _ch7(w: Writer) -> None:
    _begin_chapter(w, "measures")
    w.para("Die Maßnahmen sind nach Handlungsfeldern geordnet; Kosten sind Gesamtkosten "
           "(Stückpreis × Anzahl oder Pauschale), der Eigenanteil ist die Differenz zum "
           "Zuschuss.")
    for n, field in enumerate(FieldOfAction, start=1):
        w.heading(f"7.{n} {label(field)}", 2)
        expr = f"fields[{n - 1}]"
        w.tag(f"if {expr}.measures")
        w.table(_MEASURE_COLS, f"m in {expr}.measures", footer=[
            "Summe", "{{ " + expr + ".count }} "
            "{{ 'Maßnahme' if " + expr + ".count == 1 else 'Maßnahmen' }}", "",
            "{{ " + expr + ".total_cost|money }}", "{{ " + expr + ".total_grant|money }}",
            "", ""])
        w.tag("else")
        w.para("In diesem Handlungsfeld sind keine Maßnahmen geplant.")
        w.tag("endif")
    w.heading(f"7.{len(FieldOfAction) + 1} Maßnahmen je Schule", 2)
    w.table([
        Col("Schule", "{{ r.name }}", 4.2),
        Col("Maß\u00ADnahmen", "{{ r.count|number }}", 2.0, right=True),
        Col("Investitionen", "{{ r.investment|money }}", 2.75, right=True),
        Col("Laufend", "{{ r.running|money }}", 2.3, right=True),
        Col("Zuschuss", "{{ r.grant|money }}", 2.5, right=True),
        Col("Eigenanteil", "{{ r.own_share|money }}", 2.75, right=True),
    ], "r in measures_by_school", footer=[
        "Summe", "{{ measure_totals.count|number }}", "{{ measure_totals.investment|money }}",
        "{{ measure_totals.running|money }}", "{{ measure_totals.grant|money }}",
        "{{ measure_totals.own_share|money }}"])
    _end_chapter(w)


def _ch8(w: Writer) -> None:
    _begin_chapter(w, "operations")
    w.heading("8.1 Betriebs- und Supportkonzept", 2)
    w.kv([
        ("Konzept für Betrieb, Wartung und Support", "{{ operations.concept }}"),
        ("Betriebsmodell", "{{ operations.model }}"),
        ("Jährliche Kosten", "{{ operations.annual_cost|money }}"),
        ("Supportkapazität", "{{ operations.support_fte|number(2) }} Vollzeitäquivalente"
                             "{% if operations.devices_per_fte %} "
                             "({{ operations.devices_per_fte|number }} Endgeräte je VZÄ)"
                             "{% endif %}"),
        ("Service-Level", "{% if operations.service_level %}Reaktion "
                          "{{ operations.service_level.response_hours|number }} h, vor Ort "
                          "{{ operations.service_level.onsite_response_hours|number }} h, "
                          "Ticketsystem {{ operations.service_level.ticket_system|yesno }}"
                          "{% else %}nicht angegeben{% endif %}"),
        ("Beauftragung", "{{ operations.commissioning|dash }}"),
    ], widths=(6.0, 10.5))
    w.heading("8.2 Supportebenen und Personal", 2)
    _empty_or_table(w, "operations.levels", "Im Plan sind keine Supportebenen beschrieben.",
                    lambda: w.table([
                        Col("Ebene", "{{ r.level }}", 1.5),
                        Col("Zuständig", "{{ r.party }}", 3.5),
                        Col("Beschreibung", "{{ r.description|dash }}", 11.5),
                    ], "r in operations.levels"))
    w.tag("if operations.staff")
    w.table([
        Col("Rolle (Personal)", "{{ r.role }}", 5.2),
        Col("VZÄ", "{{ r.fte|number(2) }}", 1.4, right=True),
        Col("Personen", "{{ r.persons|number }}", 1.9, right=True),
        Col("Finanzierung", "{{ r.funding }}", 4.5),
        Col("finanziert bis", "{{ r.funded_until|date }}", 3.5),
    ], "r in operations.staff")
    w.tag("endif")
    w.tag("if operations.contracts")
    w.table([
        Col("Dienstleister (Vertrag)", "{{ r.provider }}", 5.3),
        Col("Stunden/Jahr", "{{ r.hours_per_year|number }}", 2.2, right=True),
        Col("VZÄ", "{{ r.fte|number(2) }}", 1.4, right=True),
        Col("Jahreskosten", "{{ r.annual_cost|money }}", 2.6, right=True),
        Col("Laufzeit bis", "{{ r.until|date }}", 5.0),
    ], "r in operations.contracts")
    w.tag("endif")
    w.tag("if operations.capacity")
    w.table([
        Col("Jahr", "{{ r.year }}", 4.0),
        Col("Supportkapazität (VZÄ)", "{{ r.fte|number(2) }}", 6.25, right=True),
        Col("Endgeräte je VZÄ", "{{ r.devices_per_fte|number }}", 6.25, right=True),
    ], "r in operations.capacity")
    w.tag("endif")
    w.heading("8.3 Netz, Geräte der Lehrkräfte und private Geräte", 2)
    w.kv([
        ("Trennung Verwaltungs-/pädagogisches Netz",
         "{% if operations.network %}{{ operations.network.separation }} (Segmente: "
         "{{ operations.network.segments }}){% else %}nicht angegeben{% endif %}"),
        ("Geräte der Lehrkräfte",
         "{% if operations.teacher_devices %}{{ operations.teacher_devices.model }}; Ersatz: "
         "{{ operations.teacher_devices.replacement_payer }}, Support: "
         "{{ operations.teacher_devices.support_payer }}, Ersatzzyklus "
         "{{ operations.teacher_devices.replacement_cycle_years|dash }} Jahre"
         "{% else %}nicht angegeben{% endif %}"),
        ("Private Geräte (BYOD)",
         "{% if operations.byod %}{% if operations.byod.planned %}geplant; Leihgerätepool "
         "{{ operations.byod.loan_pool|number }}, Sozialausgleich "
         "{{ operations.byod.social_budget|money }}{% else %}nicht geplant{% endif %}"
         "{% else %}nicht angegeben{% endif %}"),
    ], widths=(6.0, 10.5))
    _end_chapter(w)


def _ch9(w: Writer) -> None:
    _begin_chapter(w, "training")
    w.heading("9.1 Qualifizierung durch den Schulträger", 2)
    _empty_or_table(w, "training.carrier", "Der Plan nennt keine trägerweiten "
                    "Qualifizierungsmaßnahmen.",
                    lambda: w.table([
                        Col("Thema", "{{ r.topic }}", 6.5),
                        Col("Zielgruppe", "{{ r.audience }}", 3.5),
                        Col("Zeitraum", "{{ r.period|dash }}", 2.5),
                        Col("Anbieter", "{{ r.provider|dash }}", 4.0),
                    ], "r in training.carrier"))
    w.heading("9.2 Fortbildungsplanung der Schulen", 2)
    w.table([
        Col("Schule", "{{ r.school }}", 3.8),
        Col("Stand", "{{ r.status }}{% if r.date %} ({{ r.date|date }}){% endif %}", 2.7),
        Col("Fortbildungen", "{{ r.topics }}", 8.2),
        Col("Teil\u00ADneh\u00ADmende", "{{ r.participants|number }}", 1.8, right=True),
    ], "r in training.schools")
    _end_chapter(w)


def _ch10(w: Writer) -> None:
    _begin_chapter(w, "data_protection")
    w.heading("10.1 Organisation", 2)
    w.kv([
        ("Datenschutzbeauftragte(r) des Schulträgers", "{{ data_protection.dpo|dash }}"),
        ("Informationssicherheit",
         "{% if data_protection.security %}{{ data_protection.security.status }}"
         "{% if data_protection.security.basis %}, Grundlage "
         "{{ data_protection.security.basis }}{% endif %}"
         "{% if data_protection.security.owner %}, verantwortlich "
         "{{ data_protection.security.owner }}{% endif %}"
         "{% else %}nicht angegeben{% endif %}"),
        ("Prozess für Datenpannen", "{{ data_protection.incident_process }}"),
    ], widths=(6.0, 10.5))
    w.heading("10.2 Dienste mit personenbezogenen Daten", 2)
    w.para("Je Dienst: ob Auftragsverarbeitungsverträge (AVV), "
           "Verzeichnis der Verarbeitungstätigkeiten (VVT), Datenschutz-Folgenabschätzung "
           "(DSFA), Löschkonzept und technisch-organisatorische Maßnahmen (TOM) vorliegen und "
           "ob Daten in Drittländer gehen.")
    w.table([
        Col("Dienst", _marker_cell("{{ r.name }}{% if r.product %} ({{ r.product }})"
                                   "{% endif %}"), 3.4),
        Col("AVV", "{{ r.avv }}", 2.0),
        Col("VVT", "{{ r.vvt }}", 2.0),
        Col("DSFA", "{{ r.dsfa }}", 2.05),
        Col("Drittland", "{{ r.third_country }}", 3.05),
        Col("Löschung", "{{ r.deletion }}", 2.0),
        Col("TOM", "{{ r.toms }}", 2.0),
    ], "r in data_protection.services")
    w.heading("10.3 Angaben je Dienst", 2)
    w.tag("for r in data_protection.services")
    w.para("{{ r.name }} – {{ r.kind }}", style="Heading 3")
    w.kv([
        ("Produkt / Anbieter", "{{ r.product|dash }} / {{ r.vendor|dash }}"),
        ("Verantwortlich; Beziehungen", "{{ r.controller }}; {{ r.relationships }}"),
        ("Betroffene; Rechtsgrundlage", "{{ r.subjects }}; {{ r.legal_basis }}"),
        ("Schulen", "{{ r.schools }}"),
        ("DSFA; Schwellwertanalyse", "{{ r.dsfa }}; {{ r.dsfa_threshold }}"),
        ("Auftragsverarbeiter", "{{ r.processors }}"),
        ("Speicherorte; Drittland", "{{ r.locations }}; {{ r.third_country }}"),
        ("Informationspflichten; Nutzungsordnung",
         "{{ r.privacy_notice }}; {{ r.usage_policy }}"),
    ])
    w.tag("if doc.findings_mode == 'vollstaendig'")
    w.tag("for f in r.findings")
    w.para(("{{ f.marker }}", MARK), ": {{ f.message }}", style="Befundhinweis")
    w.tag("endfor")
    w.tag("endif")
    w.tag("endfor")
    _end_chapter(w)


def _ch11(w: Writer) -> None:
    _begin_chapter(w, "sustainability")
    w.heading("11.1 Beschaffung", 2)
    w.para("Beschaffungskriterien: {{ sustainability.criteria }}.")
    _empty_or_table(w, "sustainability.procurements", "Der Plan nennt keine Beschaffungen.",
                    lambda: w.table([
                        Col("Beschaffung", _marker_cell("{{ r.device }} ({{ r.id }})"), 3.3),
                        Col("Wert", "{{ r.estimated_value|money }}", 2.4, right=True),
                        Col("Umweltkriterien", "{{ r.env_criteria }}", 3.3),
                        Col("Zuschlags\u00ADkriterien", "{{ r.award_criteria }}", 3.0),
                        Col("Garantie / Ersatzteile (Jahre)",
                            "{{ r.warranty_years|dash }} / {{ r.spare_parts_years|dash }}", 2.3),
                        Col("Refur\u00ADbished geprüft", "{{ r.refurbished_considered|yesno }}",
                            2.2),
                    ], "r in sustainability.procurements"))
    w.heading("11.2 Nutzungsdauer und Updates", 2)
    _empty_or_table(w, "sustainability.lifecycle", "Der Plan nennt keine Nutzungsdauern.",
                    lambda: w.table([
                        Col("Gerätetyp", _marker_cell("{{ r.device }}",
                                                      "r.markers.sustainability"), 4.0),
                        Col("Nutzungsdauer (Jahre)", "{{ r.planned_life_years|dash }}", 3.0,
                            right=True),
                        Col("Updates bis", "{{ r.update_support_until|dash }}", 2.5,
                            right=True),
                        Col("Akku tauschbar", "{{ r.battery_replaceable|yesno }}", 2.5),
                        Col("Strom (kWh/Jahr)", "{{ r.annual_kwh|number }}", 4.5, right=True),
                    ], "r in sustainability.lifecycle"))
    w.heading("11.3 Lebensende der Geräte", 2)
    w.tag("if sustainability.end_of_life")
    w.kv([
        ("Konzept", "{{ sustainability.end_of_life.status }}"),
        ("Wiederverwendung vor Recycling", "{{ sustainability.end_of_life.reuse|yesno }}"),
        ("Zertifizierte Datenlöschung",
         "{{ sustainability.end_of_life.certified_erasure|yesno }}"
         "{% if sustainability.end_of_life.erasure_method %} "
         "({{ sustainability.end_of_life.erasure_method }}){% endif %}"),
        ("Rücknahme nach ElektroG/WEEE", "{{ sustainability.end_of_life.take_back|yesno }}"),
        ("Keine Bevorratung neuer Geräte", "{{ sustainability.end_of_life.no_stockpiling|yesno }}"),
        ("Verantwortlich", "{{ sustainability.end_of_life.owner|dash }}"),
    ], widths=(6.0, 10.5))
    w.tag("else")
    w.para("Ein Konzept für das Lebensende der Geräte ist im Plan nicht beschrieben.")
    w.tag("endif")
    w.tag("if sustainability.refurbished_share")
    w.para("Geplante aufbereitete (refurbished) Geräte: "
           "{{ sustainability.refurbished_share|number }}.")
    w.tag("endif")
    _end_chapter(w)


_EUR = "money(cents=False)"
"""Whole euros in the wide budget tables (eight-digit sums still fit a column)."""


def _year_findings(w: Writer, expr: str) -> None:
    """The findings of single years, listed below a table whose year cells carry counts."""
    w.tag("if doc.findings_mode == 'vollstaendig'")
    w.tag(f"for f in {expr}")
    w.para(("{{ f.marker }}", MARK), " ({{ f.place }}): {{ f.message }}", style="Befundhinweis")
    w.tag("endfor")
    w.tag("endif")


def _ch12(w: Writer) -> None:
    _begin_chapter(w, "finance")
    w.heading("12.1 Kosten und Finanzierung je Haushaltsjahr", 2)
    w.tag("if finance.budget_gap")
    _gap_block(w, "finance.budget_gap")
    w.tag("else")
    _chart(w, "budget")
    w.para("Beträge auf volle Euro gerundet.", style="Kleiner Text")
    w.table([
        Col("Jahr", _marker_cell("{{ r.year }}"), 2.0),
        Col("Investi\u00ADtionen", f"{{{{ r.investment|{_EUR} }}}}", 2.3, right=True),
        Col("Ersatz", f"{{{{ r.replacement|{_EUR} }}}}", 2.3, right=True),
        Col("Laufend", f"{{{{ r.running|{_EUR} }}}}", 2.3, right=True),
        Col("Support", f"{{{{ r.support|{_EUR} }}}}", 2.3, right=True),
        Col("Lizenzen, Energie, DS/IS",
            f"{{{{ (r.licences + r.energy + r.dp_infosec)|{_EUR} }}}}", 2.4, right=True),
        Col("Summe", f"{{{{ r.total|{_EUR} }}}}", 2.9, right=True),
    ], "r in finance.years", footer=[
        "Summe", f"{{{{ finance.totals.investment|{_EUR} }}}}",
        f"{{{{ finance.totals.replacement|{_EUR} }}}}", f"{{{{ finance.totals.running|{_EUR} }}}}",
        f"{{{{ finance.totals.support|{_EUR} }}}}",
        "{{ (finance.totals.licences + finance.totals.energy + finance.totals.dp_infosec)"
        f"|{_EUR} }}}}", f"{{{{ finance.totals.total|{_EUR} }}}}"])
    w.para("Finanzierung je Haushaltsjahr:", style="Heading 3")
    w.table([
        Col("Jahr", "{{ r.year }}", 1.5),
        Col("Eigenmittel", f"{{{{ r.own_funds|{_EUR} }}}}", 2.4, right=True),
        Col("Zuschüsse je Programm, Drittmittel", "{{ r.grants_text }}", 5.6),
        Col("Finanzierung", f"{{{{ r.funding_total|{_EUR} }}}}", 2.5, right=True),
        Col("Anteil Eigen\u00ADmittel", "{{ r.own_ratio|percent }}", 2.0, right=True),
        Col("Über-/Unter\u00ADdeckung", f"{{{{ r.balance|{_EUR} }}}}", 2.5, right=True),
    ], "r in finance.years", footer=[
        "Summe", f"{{{{ finance.totals.own_funds|{_EUR} }}}}", "{{ finance.totals.grants_text }}",
        f"{{{{ finance.totals.funding_total|{_EUR} }}}}", "{{ finance.totals.own_ratio|percent }}",
        f"{{{{ finance.totals.balance|{_EUR} }}}}"])
    w.table([
        Col("Jahr", "{{ r.year }}", 1.5),
        Col("Haushaltsstelle", "{{ r.budget_line|dash }}", 9.0),
        Col("Beschlussstatus", "{{ r.status }}", 6.0),
    ], "r in finance.years")
    _year_findings(w, "finance.year_findings")
    w.tag("endif")
    w.heading("12.2 Förderprogramme und Eigenanteil", 2)
    _empty_or_table(w, "finance.programmes", "Der Plan nennt keine Förderprogramme.",
                    lambda: w.table([
                        Col("Programm", _marker_cell("{{ r.programme }}"), 4.0),
                        Col("Kosten der Maßnahmen", "{{ r.measure_cost|money }}", 3.2, right=True),
                        Col("Beantragter Zuschuss", "{{ r.measure_grant|money }}", 3.2,
                            right=True),
                        Col("Zuschüsse im Haushalt", "{{ r.budget_grants|money }}", 3.2,
                            right=True),
                        Col("Budget des Trägers", "{{ r.budget|money }}", 2.9, right=True),
                    ], "r in finance.programmes"))
    _year_findings(w, "finance.programme_findings")
    w.para("Eigenanteil an den Maßnahmen: {{ finance.measures.own_share|money }} von "
           "{{ finance.measures.total|money }} ({{ finance.measures_own_share_ratio|percent }})."
           "{% if finance.years %} Davon muss der Haushalt "
           "{{ finance.own_share_in_budget|money }} tragen; er nennt Eigenmittel von "
           "{{ finance.own_funds_in_budget|money }}.{% endif %}"
           "{% if finance.carrier_budget %} Schulträgerbudget laut Landesanlage: "
           "{{ finance.carrier_budget|money }}.{% endif %}")
    w.tag("if finance.licences")
    w.para("Lizenzen:", style="Heading 3")
    w.table([
        Col("Produkt", _marker_cell("{{ r.product }}"), 3.6),
        Col("Einheit", "{{ r.unit }}", 1.9),
        Col("Preis", "{{ r.unit_price|money }}", 2.0, right=True),
        Col("Anzahl", "{{ r.count|number }}", 1.4, right=True),
        Col("Kosten/Jahr", "{{ r.annual_cost|money }}", 2.6, right=True),
        Col("Laufzeit", "{{ r.from_year }}–{{ r.until_year }}", 2.0),
        Col("Finanzierung", "{{ r.programme }}", 3.0),
    ], "r in finance.licences")
    w.tag("endif")
    w.heading("12.3 Folgekosten", 2)
    w.tag("if finance.lifecycle_gap")
    _gap_block(w, "finance.lifecycle_gap")
    w.tag("else")
    w.table([
        Col("Gerätetyp", _marker_cell("{{ r.device }}", "r.markers.finance"), 5.0),
        Col("Ersatzzyklus (Jahre)", "{{ r.replacement_cycle_years|dash }}", 3.5, right=True),
        Col("Laufende Kosten je Einheit und Jahr", "{{ r.running_cost_per_unit|money }}", 4.5,
            right=True),
        Col("Nutzungsdauer (Jahre)", "{{ r.planned_life_years|dash }}", 3.5, right=True),
    ], "r in finance.lifecycle")
    w.tag("endif")
    w.para("Die Projektion schreibt Investitionen, Ersatz (als Annuität), laufende Kosten, "
           "Support, Lizenzen und Energie bis {{ finance.projection.last_year }} fort "
           "und stellt sie den veranschlagten Mitteln gegenüber. Mit * markierte Jahre liegen "
           "nach dem Förderende {{ finance.projection.funding_end_year }}.")
    _chart(w, "follow_up")
    w.table([
        Col("Jahr", _marker_cell("{{ r.label }}"), 2.0),
        Col("Investi\u00ADtionen", f"{{{{ r.investment|{_EUR} }}}}", 2.0, right=True),
        Col("Ersatz", f"{{{{ r.replacement|{_EUR} }}}}", 2.0, right=True),
        Col("Laufend", f"{{{{ r.running|{_EUR} }}}}", 2.0, right=True),
        Col("Support", f"{{{{ r.support|{_EUR} }}}}", 2.0, right=True),
        Col("Lizenzen, Energie", f"{{{{ (r.licences + r.energy)|{_EUR} }}}}", 2.0, right=True),
        Col("Summe", f"{{{{ r.total|{_EUR} }}}}", 2.25, right=True),
        Col("Nicht gedeckt", f"{{{{ r.gap|{_EUR} }}}}", 2.25, right=True),
    ], "r in finance.projection.years", footer=[
        "Summe", "", "", "", "", "", "", f"{{{{ finance.projection.total_gap|{_EUR} }}}}"])
    w.para("Nicht gedeckt nach dem Förderende: {{ finance.projection.gap_after_funding|money }}."
           "{% if finance.projection.defaults_used %} Wo der Plan keine Werte nennt, rechnet "
           "die Projektion mit Richtwerten: {{ finance.projection.defaults_used }}.{% endif %}")
    _year_findings(w, "finance.projection.findings")
    w.para("Annahmen der Projektion:", style="Heading 3")
    w.table([
        Col("Annahme", "{{ r.label }}", 4.0),
        Col("Wert", "{{ r.value }}", 4.5),
        Col("Quelle", "{{ r.source }}", 6.0),
        Col("Stand", "{{ r.status }}", 2.0),
    ], "r in finance.projection.assumptions")
    _end_chapter(w)


def _ch13(w: Writer) -> None:
    _begin_chapter(w, "schedule")
    w.heading("13.1 Meilensteine", 2)
    _empty_or_table(w, "schedule.milestones", "Der Plan nennt keine Meilensteine.",
                    lambda: w.table([
                        Col("Datum", "{{ r.date|date }}", 2.3),
                        Col("Meilenstein", _marker_cell("{{ r.title }}"), 6.5),
                        Col("Verantwortlich", "{{ r.owner|dash }}", 3.7),
                        Col("Maßnahmen", "{{ r.measures }}", 4.0),
                    ], "r in schedule.milestones"))
    w.heading("13.2 Zeitplan der Maßnahmen", 2)
    _empty_or_table(w, "schedule.measures", "Der Plan enthält keine Maßnahmen.",
                    lambda: w.table([
                        Col("Maßnahme", _marker_cell("{{ m.title }}", "m.marker"), 4.6),
                        Col("Schule", "{{ m.school }}", 2.8),
                        Col("Beginn", "{{ m.start|date }}", 2.05),
                        Col("Ende", "{{ m.end|date }}", 2.05),
                        Col("Abnahme", "{{ m.acceptance|date }}", 2.05),
                        Col("Verantwortlich", "{{ m.responsible|dash }}", 2.95),
                    ], "m in schedule.measures"))
    _end_chapter(w)


def _ch14(w: Writer) -> None:
    _begin_chapter(w, "monitoring")
    w.table([
        Col("Indikator", "{{ r.name }}", 5.2),
        Col("Einheit", "{{ r.unit|dash }}", 2.2),
        Col("Ausgangs\u00ADwert", "{{ r.baseline|number }}", 1.9, right=True),
        Col("Zielwert", "{{ r.target|number }}", 1.8, right=True),
        Col("Zieljahr", "{{ r.year }}", 1.6),
        Col("Quelle", "{{ r.source|dash }}", 3.8),
    ], "r in monitoring.indicators")
    w.kv([
        ("Prüfzyklus", "{% if monitoring.review_months %}alle "
                       "{{ monitoring.review_months }} Monate{% else %}nicht angegeben"
                       "{% endif %}"),
        ("Nächste Fortschreibung", "{{ monitoring.next_update|dash }}"),
        ("Verantwortlich", "{{ monitoring.owner|dash }}"),
    ])
    _end_chapter(w)


def _ch15(w: Writer) -> None:
    _chapter_heading(w, "annexes", page_break=True)
    w.para("Anlage A enthält die Datenblätter der Schulen, Anlage B alle Prüfbefunde nach "
           "Kapitel und Schweregrad, Anlage C die Kosten je Schule und Anlage D den Beschluss "
           "und den Prüfvermerk.")
    # A: data sheets
    w.heading("Anlage A – Datenblätter der Schulen", 2)
    w.tag("for s in schools")
    w.para("{{ s.number }} {{ s.name }}", style="Heading 3")
    w.kv([
        ("Schulform / Schulart", "{{ s.form }} ({{ s.category }})"),
        ("Schüler / Lehrkräfte / Klassen / Räume",
         "{{ s.pupils|number }} / {{ s.teachers|number }} / {{ s.classes|number }} / "
         "{{ s.rooms|number }}"),
        ("Internetanbindung",
         "{% if s.bandwidth %}{{ s.bandwidth_text }}, Glasfaser {{ s.bandwidth.fibre }}"
         "{% if s.bandwidth.fibre_expected %} (erwartet {{ s.bandwidth.fibre_expected|date }})"
         "{% endif %}{% else %}nicht angegeben{% endif %}"),
        ("LAN / WLAN in Unterrichtsräumen",
         "{% if s.coverage %}{{ s.coverage.lan|percent(0) }} / {{ s.coverage.wlan|percent(0) }}"
         "{% if s.coverage.wlan_standard %} ({{ s.coverage.wlan_standard }}){% endif %}"
         "{% else %}nicht angegeben{% endif %}"),
        ("Endgeräte; Schüler je Endgerät",
         "{{ s.end_devices|number }}; {{ s.pupils_per_end_device|number }}"),
        ("Plattformen", "{{ s.platforms }}"),
        ("Datenschutzbeauftragte(r)", "{{ s.dpo|dash }}"),
        ("Support vor Ort (VZÄ)", "{{ s.onsite_fte|number(2) }}"),
        ("Kosten der Maßnahmen", "{{ s.figures.total|money }} (Zuschuss "
                                 "{{ s.figures.grant|money }}, Eigenanteil "
                                 "{{ s.figures.own_share|money }})"),
    ])
    w.tag("for g in s.gaps")
    w.para(("{{ g.label }}", STRONG), BR, "{{ g.missing }}", style="Lücke")
    w.tag("endfor")
    _group_blocks(w, "s.groups")
    w.tag("if s.inventory")
    w.table([
        Col("Gerät (Bestand)", _marker_cell("{{ r.device }}{% if r.loan %} (Leihgerät)"
                                            "{% endif %}"), 3.4),
        Col("Kategorie", "{{ r.category }}", 3.2),
        Col("Anzahl", "{{ r.quantity|number }}", 1.4, right=True),
        Col("Baujahr (Alter)", "{{ r.purchase_year|dash }}{% if r.age is not none %} "
                               "({{ r.age }} J.){% endif %}", 2.3),
        Col("Programm", "{{ r.programme }}", 2.4),
        Col("Zweck\u00ADbindung bis", "{{ r.earmark_until|date }}", 2.0),
        Col("Aus\u00ADsonde\u00ADrung", "{{ r.planned_retirement|date }}", 1.8),
    ], "r in s.inventory", footer=["Summe", "", "{{ s.inventory_total|number }}", "", "", "", ""])
    w.tag("endif")
    w.table([
        Col("Konzept", "{{ r.name }}", 5.5),
        Col("Stand", "{{ r.status }}", 3.0),
        Col("Datum", "{{ r.date|date }}", 2.3),
        Col("Inhalte", "{{ r.covers }}", 5.7),
    ], "r in s.concepts")
    w.tag("if s.measures")
    w.table([
        Col("Geplante Maßnahme", _marker_cell("{{ m.title }}", "m.marker"), 5.7),
        Col("Handlungsfeld", "{{ m.field }}", 3.5),
        Col("Kosten", "{{ m.total_cost|money }}", 2.6, right=True),
        Col("Zuschuss", "{{ m.grant|money }}", 2.6, right=True),
        Col("Jahr", "{{ m.year|dash }}", 2.1),
    ], "m in s.measures")
    w.tag("endif")
    w.tag("endfor")
    # B: findings
    w.heading("Anlage B – Prüfbefunde", 2, page_break=True)
    w.para("Geprüft mit dem Regelwerk {{ doc.ruleset_version }} vom {{ doc.ruleset_date|date }} "
           "(Profil {{ doc.profile_title }}): {{ findings.counts.total|number }} Prüfungen, "
           "davon {{ findings.counts.failed|number }} nicht erfüllt "
           "({{ findings.counts.errors|number }} Fehler, {{ findings.counts.warnings|number }} "
           "Warnungen, {{ findings.counts.infos|number }} Hinweise), "
           "{{ findings.counts.waived|number }} mit genehmigter Ausnahme, "
           "{{ findings.counts.undetermined|number }} nicht entscheidbar, "
           "{{ findings.counts.passed|number }} erfüllt und "
           "{{ findings.counts.not_applicable|number }} nicht anwendbar.")
    w.tag("if not findings.groups")
    w.para("Keine offenen Befunde.")
    w.tag("endif")
    w.tag("for g in findings.groups")
    w.para("{{ g.heading }} ({{ g.count }})", style="Heading 3")
    w.tag("for sg in g.severities")
    w.para("{{ sg.label }}", style="Tabellentitel")
    w.table([
        Col("Regel und Stelle", [("{{ f.code }}", STRONG), BR, "{{ f.place }}", BR,
                                 "{{ f.status_label }}"], 3.8),
        Col("Befund", ["{{ f.message }}", "{% if f.remedy and f.status == 'failed' %}", BR,
                       ("Abhilfe: ", STRONG), "{{ f.remedy }}{% endif %}",
                       "{% if f.waiver %}", BR, ("Ausnahme: ", STRONG), "{{ f.waiver }}",
                       "{% endif %}"], 8.2),
        Col("Grundlage", "{{ f.basis|dash }}", 4.5),
    ], "f in sg.findings")
    w.tag("endfor")
    w.tag("endfor")
    w.tag("if findings.evidence")
    w.para("Erfüllte und nicht anwendbare Prüfungen", style="Heading 3")
    w.table([
        Col("Regel", [("{{ r.code }}", STRONG), BR, "{{ r.title }}"], 5.0),
        Col("Ergebnis", "{{ r.status_label }}", 2.3),
        Col("Anzahl", "{{ r.count|number }}", 1.5, right=True),
        Col("Stellen", "{{ r.places }}", 7.7),
    ], "r in findings.evidence")
    w.tag("endif")
    # C: costs per school
    w.heading("Anlage C – Kosten je Schule", 2, page_break=True)
    w.table([
        Col("Schule", "{{ r.name }}", 4.2),
        Col("Maß\u00ADnahmen", "{{ r.count|number }}", 2.0, right=True),
        Col("Investitionen", "{{ r.investment|money }}", 2.75, right=True),
        Col("Laufend", "{{ r.running|money }}", 2.3, right=True),
        Col("Zuschuss", "{{ r.grant|money }}", 2.5, right=True),
        Col("Gesamt", "{{ r.total|money }}", 2.75, right=True),
    ], "r in measures_by_school", footer=[
        "Summe", "{{ measure_totals.count|number }}", "{{ measure_totals.investment|money }}",
        "{{ measure_totals.running|money }}", "{{ measure_totals.grant|money }}",
        "{{ measure_totals.total|money }}"])
    # D: resolution and audit note
    w.heading("Anlage D – Beschluss und Prüfvermerk", 2)
    w.kv([
        ("Beschluss", "{{ doc.resolution_text }}"),
        ("Plan", "{{ doc.title }}, Version {{ doc.version }}, Stichtag "
                 "{{ doc.reference_date|date }}"),
        ("Prüfsumme des Plans (SHA-256)", "{{ doc.plan_sha256 }}"),
        ("Regelwerk", "Version {{ doc.ruleset_version }} vom {{ doc.ruleset_date|date }}, "
                      "Fingerabdruck {{ doc.ruleset_fingerprint }}"),
        ("Prüfprofil", "{{ doc.profile_title }} ({{ doc.profile }})"),
        ("Erstellt mit", "{{ doc.generator }} (Regelmaschine {{ doc.engine }})"),
    ], widths=(5.0, 11.5))
    w.para("Die Dokumenteigenschaften enthalten Regelwerk, Prüfsumme des Plans, die "
           "Zusammenfassung der Befunde und eine Prüfsumme des Inhalts. "
           "„mepcheck verify DOKUMENT PLAN“ zeigt, ob dieses Dokument zum Plan gehört und ob es "
           "nachträglich verändert wurde.", style="Kleiner Text")
    # E: technical annex for the plan's author (assemble --technischer-anhang)
    w.tag("if doc.technical_annex")
    w.heading("Anlage E – Technische Angaben für die Planverfasser", 2, page_break=True)
    w.para("Die offenen Befunde mit ihrer Stelle in der Plandatei (Pfad und Zeile), zum "
           "Bearbeiten des Plans. Diese Anlage gehört nicht in die Fassung für den Auftraggeber.")
    w.tag("if findings.technical")
    w.table([
        Col("Regel", [("{{ f.code }}", STRONG), BR, "{{ f.status_label }}"], 4.2),
        Col("Stelle", "{{ f.place }}", 4.8),
        Col("Pfad in der Plandatei", "{{ f.path|dash }}", 5.6),
        Col("Zeile", "{{ f.line|dash }}", 1.9, right=True),
    ], "f in findings.technical")
    w.tag("else")
    w.para("Keine offenen Befunde.")
    w.tag("endif")
    w.tag("endif")


# --- document frame -----------------------------------------------------------------------


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_height = Cm(29.7)
    section.page_width = Cm(21.0)
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2.0)
    section.top_margin = Cm(2.2)
    section.bottom_margin = Cm(2.0)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run("{{ doc.carrier }} · Medienentwicklungsplan {{ doc.period }}")
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    run = footer.add_run("Version {{ doc.version }} · Stand {{ doc.reference_date|date }}\tSeite ")
    run.font.size = Pt(8)
    add_field(footer, "PAGE")
    footer.add_run(" von ").font.size = Pt(8)
    add_field(footer, "NUMPAGES")
    for r in footer.runs:
        r.font.size = Pt(8)
        r.font.color.rgb = GREY
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False


def build_template() -> bytes:
    """The bundled template as reproducible ``.docx`` bytes."""
    from mepcheck.assemble.package import core_xml, normalize_zip

    doc = Document()
    # start from an empty body
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}p") or child.tag.endswith("}tbl"):
            body.remove(child)
    setup_styles(doc)
    setup_settings(doc)
    _page_setup(doc)
    w = Writer(doc)
    _title_page(w)
    _contents(w)
    for build in (_ch1, _ch2, _ch3, _ch4, _ch5, _ch6, _ch7, _ch8, _ch9, _ch10, _ch11, _ch12,
                  _ch13, _ch14, _ch15):
        build(w)
    buf = io.BytesIO()
    doc.save(buf)
    # write the core properties ourselves: importing docxtpl/docxcompose changes how
    # python-docx serialises them, and the template must not depend on import order
    core = core_xml(title="Medienentwicklungsplan",
                    subject="Medienentwicklungsplan nach dem Kapitelmodell von mepcheck",
                    creator="mepcheck", keywords="MEP, Medienentwicklungsplan",
                    description="Vorlage, erzeugt aus mepcheck/assemble/template_source.py",
                    day=dt.date(2026, 1, 1), category="Vorlage")
    return normalize_zip(buf.getvalue(), replace={"docProps/core.xml": core})


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "templates" / "mep.docx"


def main(argv: list[str] | None = None) -> int:
    """``python -m mepcheck.assemble.template_source [OUT.docx]`` rebuilds the template."""
    args = sys.argv[1:] if argv is None else argv
    if args and (args[0].startswith("-") or not args[0].endswith(".docx")):
        print("Aufruf: python -m mepcheck.assemble.template_source [AUSGABE.docx]\n"
              "Ohne Argument wird templates/mep.docx neu erzeugt.")
        return 0 if args[0] in ("-h", "--help") else 2
    out = Path(args[0]) if args else default_output()
    from mepcheck.io import write_atomic

    write_atomic(out, build_template(), force=True)
    print(f"geschrieben: {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
