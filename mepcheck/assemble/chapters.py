"""The canonical chapter model as the document sees it: keys, titles, and why each is needed.

Titles come from :data:`mepcheck.rules.spec.CHAPTERS` (one source for reports and documents).
Each chapter names the plan data it is built from and the basis that requires it. A basis
is either an obligation (``erforderlich``) or a recommendation (``empfohlen``): a benchmark
is never presented as law (see the domain notes, "How sure each fact is").
"""

from __future__ import annotations

from dataclasses import dataclass

from mepcheck.rules.spec import CHAPTERS

REQUIRED = "erforderlich"
RECOMMENDED = "empfohlen"


@dataclass(frozen=True)
class ChapterSpec:
    """One chapter of the canonical model."""

    number: int
    key: str
    basis: str
    kind: str
    """``erforderlich`` (an obligation) or ``empfohlen`` (a recommendation)."""
    rules: tuple[str, ...] = ()
    """Rule codes that speak about this chapter's completeness (shown with a gap)."""

    @property
    def title(self) -> str:
        return CHAPTERS[self.number]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"


_SN_VII = "Länderrichtlinien zum DigitalPakt Schule (Wortlaut z. B. RL Digitale Schulen SN Ziffer VII Nr. 1"

CHAPTER_SPECS: tuple[ChapterSpec, ...] = (
    ChapterSpec(1, "introduction", "Kapitelmodell MEP (Beschlusslage, Geltungszeitraum)", REQUIRED),
    ChapterSpec(2, "framework", "Orientierungshilfen der Länder zur Medienentwicklungsplanung "
                "(Medienberatung NRW, NLQ, eGo-MV)", RECOMMENDED),
    ChapterSpec(3, "retrospective", "Fortschreibung: Rückblick mit Zielerreichung und "
                "Zweckbindung geförderter Geräte (MEP-STRUCT-FORTSCHREIBUNG-RUECKBLICK, "
                "DP19-ZWECKBINDUNG)", RECOMMENDED,
                ("MEP-STRUCT-FORTSCHREIBUNG-RUECKBLICK", "DP19-ZWECKBINDUNG")),
    ChapterSpec(4, "inventory", f"{_SN_VII} Buchst. b) – Bestandsaufnahme und Bandbreite je Schule, "
                "DP19-BESTANDSAUFNAHME", REQUIRED, ("DP19-BESTANDSAUFNAHME",)),
    ChapterSpec(5, "pedagogy", f"{_SN_VII} Buchst. h und i) – technisch-pädagogisches "
                "Einsatzkonzept und Fortbildungsplanung je Schule, DP19-TPEK", REQUIRED,
                ("DP19-TPEK", "DP19-FORTBILDUNGSPLANUNG", "MEP-STRUCT-SCHOOL-BASIS")),
    ChapterSpec(6, "needs", "Orientierungshilfen der Länder: Bedarfserhebung mit Beteiligung "
                "(MEP-STRUCT-BETEILIGUNG)", RECOMMENDED, ("MEP-STRUCT-BETEILIGUNG",)),
    ChapterSpec(7, "measures", f"{_SN_VII} Buchst. c bis f) – Kosten- und Finanzierungsplan "
                "je Schule, DP19-KOSTEN-FINANZIERUNGSPLAN", REQUIRED,
                ("DP19-KOSTEN-FINANZIERUNGSPLAN", "MEP-STRUCT-HANDLUNGSFELDER")),
    ChapterSpec(8, "operations", f"{_SN_VII} Buchst. g) – Konzept für Betrieb, Wartung und "
                "IT-Support, DP19-BWS-KONZEPT", REQUIRED, ("DP19-BWS-KONZEPT",)),
    ChapterSpec(9, "training", f"{_SN_VII} Buchst. i) – Fortbildungsplanung, "
                "DP19-FORTBILDUNGSPLANUNG", REQUIRED, ("DP19-FORTBILDUNGSPLANUNG",)),
    ChapterSpec(10, "data_protection", "DSGVO Art. 30 und 35 (Verzeichnis der "
                "Verarbeitungstätigkeiten, Datenschutz-Folgenabschätzung je Dienst)", REQUIRED),
    ChapterSpec(11, "sustainability", "§ 67 VgV und Beschaffungsleitfäden des Umweltbundesamts "
                "(Nachhaltigkeitskriterien)", RECOMMENDED),
    ChapterSpec(12, "finance", f"{_SN_VII} Buchst. c bis e) – Kosten- und Finanzierungsplan; "
                "NI SchIT-IVRdErl Nr. 4.1 (Folgekosten, DP19-FOLGEKOSTEN)", REQUIRED,
                ("MEP-STRUCT-FINANZPLAN-TCO", "DP19-FOLGEKOSTEN", "DP19-EIGENANTEIL")),
    ChapterSpec(13, "schedule", f"{_SN_VII} Buchst. f) – Zeitplan mit Beginn und Ende je "
                "Maßnahme", REQUIRED),
    ChapterSpec(14, "monitoring", "Orientierungshilfen der Länder: Indikatoren und "
                "Fortschreibungszyklus (MEP-STRUCT-MONITORING)", RECOMMENDED,
                ("MEP-STRUCT-MONITORING",)),
    ChapterSpec(15, "annexes", "Kapitelmodell MEP (Datenblätter je Schule, Kostentabellen, "
                "Beschlüsse)", REQUIRED),
)

BY_KEY: dict[str, ChapterSpec] = {c.key: c for c in CHAPTER_SPECS}
BY_NUMBER: dict[int, ChapterSpec] = {c.number: c for c in CHAPTER_SPECS}

assert sorted(BY_NUMBER) == sorted(CHAPTERS), "chapter registry out of step with rules.spec"

REQUIRED_KEYS: tuple[str, ...] = tuple(c.key for c in CHAPTER_SPECS)
"""Every chapter must appear in a document (required ones as content or a marked gap)."""
