"""Text-report section: follow-up costs per year and where they are not budgeted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mepcheck.derived.projection import Projection, compute_projection
from mepcheck.fmt import money
from mepcheck.report.sections import section

_STATUS = {"verified": "geprüft", "secondary": "Sekundärquelle", "unverified": "nicht verifiziert",
           "plan": "aus dem Plan"}
_COLUMNS = ("Jahr", "Investition", "Ersatz", "Betrieb*", "Gesamt", "Haushalt", "ungedeckt")


def _m(value: Decimal) -> str:
    return money(value, symbol=False)


def projection_lines(proj: Projection) -> list[str]:
    """The per-year table with totals and the assumptions used (German text)."""
    if not proj.years:
        return []
    first, last = proj.years[0].year, proj.years[-1].year
    horizon = proj.assumptions["horizon_years"]["value"]
    period = f"{proj.plan_start}–{proj.plan_end}" if proj.plan_end > proj.plan_start \
        else str(proj.plan_start)
    if proj.programmes:
        funding = (f"genutzte Förderung bis {proj.funding_end_year} "
                   f"({', '.join(proj.programmes)}), danach mindestens {horizon} Jahre")
    else:
        funding = f"keine Bundesförderung genutzt, mindestens {horizon} Jahre"
    out = [f"  Projektion {first}–{last}: Geltungszeitraum {period}, {funding}. Beträge in Euro."]
    rows = [_COLUMNS]
    notes = []
    for y in proj.years:
        operating = y.running + y.support + y.licences + y.energy
        note = []
        if y.after_funding and proj.programmes:
            note.append("nach Förderende")
        if not y.has_budget_row:
            note.append("keine Haushaltszeile")
        elif y.gap > 0:
            note.append("Haushalt zu niedrig")
        rows.append((str(y.year), _m(y.investment), _m(y.replacement), _m(operating),
                     _m(y.total), _m(y.budgeted), _m(y.gap)))
        notes.append(", ".join(note))
    widths = [max(len(r[i]) for r in rows) for i in range(len(_COLUMNS))]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        text = "  " + "  ".join(cells)
        if index and notes[index - 1]:
            text += f"  ({notes[index - 1]})"
        out.append(text.rstrip())
    in_period = sum((y.gap for y in proj.years if y.in_plan_period), Decimal("0.00"))
    total = f"  Ungedeckt insgesamt: {money(proj.total_gap)} – im Geltungszeitraum {money(in_period)}"
    if proj.programmes:
        total += f", nach dem Förderende {money(proj.gap_after_funding)}"
    out.append(total + ".")
    unfunded = [y for y in proj.years if y.gap > 0]
    if unfunded:
        worst = max(unfunded, key=lambda y: y.gap)
        out.append(f"  Größte Lücke: {worst.year} mit {money(worst.gap)} "
                   f"(davon Ersatz-Annuität ungedeckt {money(worst.replacement_gap)}).")
    else:
        out.append("  Alle projizierten Kosten sind im Haushalt veranschlagt.")
    out.append("  * Betrieb = laufende Kosten + Support + Lizenzen + Energie. Ersatz = Annuität "
               "Einheiten × Stückpreis ÷ Ersatzzyklus.")
    out.extend(_assumption_lines(proj))
    return out


def _assumption_lines(proj: Projection) -> list[str]:
    a = proj.assumptions
    energy = a["energy_price"]
    increase = a["price_increase"]
    out = [
        f"  Annahmen: Strompreis {str(energy['value']).replace('.', ',')} €/kWh "
        f"({_STATUS.get(energy['status'], energy['status'])}), Preissteigerung "
        f"{Decimal(str(increase['value'])) * 100:.1f} % jährlich ".replace(".", ",")
        + f"({_STATUS.get(increase['status'], increase['status'])}).",
    ]
    prices = proj.defaults_used.get("unit_prices", ())
    cycles = proj.defaults_used.get("replacement_cycles", ())
    if prices:
        out.append(f"  Richtwert-Stückpreise (nicht verifiziert, durch Angebotspreise ersetzen) für: "
                   f"{', '.join(prices)}.")
    if cycles:
        out.append(f"  Richtwert-Ersatzzyklen (Vorschlag, keine Norm) für: {', '.join(cycles)}.")
    if "cost_per_fte" in proj.defaults_used:
        fte = a["cost_per_fte"]
        out.append(f"  Supportpersonal mit {money(fte['value'])} je VZÄ gerechnet "
                   f"(Stuttgart 2023, {_STATUS.get(fte['status'], fte['status'])}).")
    return out


@section(60, "Folgekosten und Finanzierungslücken")
def render_costs(result: Any, plan: Any) -> list[str]:
    """Per year: projected costs, budget and the unfunded amount (from the projection)."""
    if plan is None:
        return []
    figures = getattr(result, "figures", None)
    return projection_lines(compute_projection(plan, figures))
