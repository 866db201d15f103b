"""The text of the "Anleitung" sheet, generated from the layout (sheets and parent columns)."""

from __future__ import annotations

from mepcheck.workbook.layout import CHOICES_TITLE, FINDINGS_TITLE, ROW_NUMBER, Layout

_INTRO = [
    ("Medienentwicklungsplan – Arbeitsmappe für mepcheck", "title"),
    ("Diese Arbeitsmappe enthält einen Medienentwicklungsplan (MEP) so, dass mepcheck ihn prüfen "
     "und daraus das MEP-Dokument erstellen kann. Jedes Blatt ist ein Teil des Plans.", ""),
    ("", ""),
    ("So füllen Sie die Mappe aus", "head"),
    ("• Auf Blättern mit Tabellen steht je Zeile ein Eintrag (eine Schule, eine Maßnahme, …). "
     "Leere Zeilen werden übersprungen.", ""),
    ("• Auf den Formularblättern (z. B. „Träger und Plan“) steht je Zeile eine Angabe; der Wert "
     "gehört in die Spalte „Wert“.", ""),
    ("• Spalten und Angaben mit * (orange hinterlegt) sind Pflicht, sobald es den Eintrag gibt.", ""),
    ("• Wenn Sie eine Zelle auswählen, erscheint ein Hinweis, was hineingehört. Bei Auswahlfeldern "
     "öffnet der Pfeil die Liste der erlaubten Werte (alle Listen stehen auf dem Blatt „"
     + CHOICES_TITLE + "“).", ""),
    ("• Beträge in Euro mit Cent (1.234,56 €), Anteile in Prozent (20 %), Daten als Datum "
     "(01.03.2026). Auch als Text geschrieben werden sie verstanden.", ""),
    ("• Mehrere Werte in einer Zelle (z. B. Plattformen) trennen Sie mit Semikolon "
     "(iPadOS; Windows) oder schreiben je Wert eine Zeile (Alt+Eingabe).", ""),
    ("• Einträge auf Unterblättern (z. B. „Bestand“) nennen in der ersten Spalte den Eintrag, zu "
     "dem sie gehören (bei „Bestand“ die Kennung der Schule).", ""),
    ("• Kennungen (Spalte „Id“) sind kurze, feste Namen aus Buchstaben, Ziffern, - und _ "
     "(z. B. gs-am-bach); Maßnahmen und Dienste verweisen mit ihnen auf Schulen.", ""),
    ("• Spaltenüberschriften dürfen Sie umbenennen; die ausgeblendete zweite Zeile (bzw. die "
     "ausgeblendete Spalte „Schlüssel“) darf nicht verändert werden – an ihr erkennt mepcheck "
     "die Spalten.", ""),
    ("• Formeln sind erlaubt; mepcheck liest den zuletzt berechneten Wert. Speichern Sie die "
     "Mappe deshalb in Excel oder LibreOffice, bevor Sie sie prüfen.", ""),
    ("• Nicht erlaubt: verbundene Zellen im Datenbereich, ausgeblendete Blätter mit Daten, "
     "Verknüpfungen zu anderen Dateien und Makros (.xlsm). Gespeichert wird als .xlsx.", ""),
    ("", ""),
    ("Prüfen", "head"),
    ("mepcheck check plan.xlsx – jeder Fehler nennt Blatt, Zelle und Feld, z. B. "
     "„plan.xlsx: Blatt „Schulen“, Zelle D7 (schueler): erwartet eine ganze Zahl, gefunden "
     "'viele'“.", ""),
    ("mepcheck convert plan.xlsx plan.yaml – dieselben Daten als YAML-Datei; "
     "mepcheck convert plan.xlsx geprueft.xlsx --befunde – mit dem Blatt „" + FINDINGS_TITLE
     + "“.", ""),
    ("", ""),
    ("Die Blätter", "head"),
]


def guide_rows(layout: Layout) -> list[tuple[str, str]]:
    """Rows of the guide: text and a style (``title``, ``head`` or plain)."""
    rows = list(_INTRO)
    for sheet in layout.sheets:
        if sheet.form:
            what = "Formular: eine Angabe je Zeile"
        elif sheet.parent is not None:
            ident = "laufende Nummer" if sheet.parent.identity == ROW_NUMBER else (
                sheet.parent.column(sheet.parent.identity or "").heading
                if sheet.parent.column(sheet.parent.identity or "") else sheet.parent.identity)
            what = (f"ein Eintrag je Zeile; erste Spalte: {ident} des Eintrags auf dem Blatt "
                    f"„{sheet.parent.title}“")
        else:
            what = "ein Eintrag je Zeile"
        required = sum(1 for c in sheet.columns if c.required)
        unit = "Angaben" if sheet.form else "Spalten"
        rows.append((f"„{sheet.title}“ – {what}; {len(sheet.columns)} {unit}, davon "
                     f"{required} Pflicht.", ""))
    return rows
