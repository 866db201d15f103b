"""Charts for the document, drawn with matplotlib (Agg, no pyplot state), reproducibly.

Each chart is a PNG at print resolution (200 dpi at 16 cm width, 9-point labels), in a
sober palette whose shades also differ in greyscale, with a German caption and an alt
text that states the numbers behind the picture. The PNG carries no software or date
metadata, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WIDTH_CM = 16.0
DPI = 200
PALETTE = ("#1F3B5C", "#4F7CAC", "#9DB9D8", "#5E5E5E", "#A6A6A6", "#D6C38F")
"""Dark to light blue, two greys and a sand tone: distinct hues and distinct grey values."""

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#4D4D4D",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#D9D9D9",
    "grid.linewidth": 0.6,
    "svg.hashsalt": "mepcheck",
    "path.simplify": True,
}


@dataclass(frozen=True)
class ChartData:
    """A rendered chart: PNG bytes, caption and alt text."""

    png: bytes
    caption: str
    alt: str
    width_cm: float = WIDTH_CM


def _euro(value: float) -> str:
    from mepcheck.fmt import number

    if abs(value) >= 1_000_000:
        return f"{number(Decimal(str(round(value / 1_000_000, 2))), 1)} Mio. €"
    if abs(value) >= 1_000:
        return f"{number(round(value / 1_000))} Tsd. €"
    return f"{number(round(value))} €"


def _money_text(value: Any) -> str:
    from mepcheck.fmt import money

    return money(value)


def _figure(height_cm: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    return fig, ax


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                bbox_inches="tight", pad_inches=0.05, facecolor="white")
    return buf.getvalue()


def _euro_axis(ax: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _euro(v)))
    ax.set_axisbelow(True)


def _stacked(ax: Any, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
             *, horizontal: bool = False, width: float = 0.62) -> None:
    positions = list(range(len(labels)))
    bottom = [0.0] * len(labels)
    for n, (name, values) in enumerate(series):
        if not any(values):
            continue
        color = PALETTE[n % len(PALETTE)]
        if horizontal:
            ax.barh(positions, values, height=width, left=bottom, label=name, color=color,
                    edgecolor="white", linewidth=0.5)
        else:
            ax.bar(positions, values, width=width, bottom=bottom, label=name, color=color,
                   edgecolor="white", linewidth=0.5)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels)


def _legend(ax: Any, ncol: int) -> None:
    handles, labels = ax.get_legend_handles_labels()
    # bars first (in stacking order), then the lines
    from matplotlib.lines import Line2D

    order = sorted(range(len(handles)), key=lambda i: isinstance(handles[i], Line2D))
    handles = [handles[i] for i in order]
    labels = [labels[i] for i in order]
    if handles:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=ncol,
                  frameon=False, handlelength=1.2, columnspacing=1.2)


def budget_chart(view_model: dict[str, Any]) -> ChartData | None:
    """Costs per budget year (investment, replacement, running) against the funding."""
    rows = view_model["finance"]["years"]
    if not rows:
        return None
    years = [r["year"] for r in rows]
    inv = [float(r["investment"]) for r in rows]
    repl = [float(r["replacement"]) for r in rows]
    run = [float(r["running"] + r["support"] + r["licences"] + r["energy"] + r["dp_infosec"])
           for r in rows]
    funding = [float(r["funding_total"]) for r in rows]
    fig, ax = _figure(8.0)
    _stacked(ax, years, [("Investitionen", inv), ("Ersatzbeschaffung", repl),
                         ("Laufende Kosten, Support, Lizenzen", run)])
    ax.plot(range(len(years)), funding, color="#000000", marker="D", markersize=4,
            linewidth=1.0, linestyle="--", label="Finanzierung (Eigenmittel, Zuschüsse, Drittmittel)")
    _euro_axis(ax)
    ax.set_title("Kosten und Finanzierung je Haushaltsjahr", loc="left")
    _legend(ax, 2)
    alt_rows = "; ".join(
        f"{r['year']}: Kosten {_money_text(r['total'])}, Finanzierung "
        f"{_money_text(r['funding_total'])}" for r in rows)
    return ChartData(
        png=_png(fig),
        caption="Kosten und Finanzierung je Haushaltsjahr (Tabelle in Kapitel 12)",
        alt=f"Säulendiagramm der Kosten je Haushaltsjahr mit der Finanzierung als Linie. {alt_rows}.",
    )


MAX_SCHOOL_BARS = 20
"""Above this many schools the device chart groups by Schulform (a bar per school would no
longer be legible in print)."""


def devices_chart(view_model: dict[str, Any]) -> ChartData | None:
    """Devices per school (or per Schulform for many schools): inventory and planned."""
    schools = view_model["schools"]
    if not schools:
        return None
    planned_by: dict[str, int] = defaultdict(int)
    for m in view_model["measures"]:
        if m["school_id"] and m["device"] and m["quantity"]:
            planned_by[m["school_id"]] += m["quantity"]
    if len(schools) <= MAX_SCHOOL_BARS:
        labels = [s["name"] for s in schools]
        stock = [s["inventory_total"] for s in schools]
        planned = [planned_by.get(s["id"], 0) for s in schools]
        by = "Schule"
    else:
        stock_f: dict[str, int] = defaultdict(int)
        plan_f: dict[str, int] = defaultdict(int)
        count_f: dict[str, int] = defaultdict(int)
        for s in schools:
            stock_f[s["form"]] += s["inventory_total"]
            plan_f[s["form"]] += planned_by.get(s["id"], 0)
            count_f[s["form"]] += 1
        forms = sorted(stock_f, key=lambda f: (-(stock_f[f] + plan_f[f]), f))
        labels = [f"{f} ({count_f[f]})" for f in forms]
        stock = [stock_f[f] for f in forms]
        planned = [plan_f[f] for f in forms]
        by = "Schulform"
    if not any(stock) and not any(planned):
        return None
    height = max(5.0, 1.6 + 0.62 * len(labels))
    fig, ax = _figure(height)
    _stacked(ax, labels, [("Bestand", stock), ("geplant (Maßnahmen)", planned)],
             horizontal=True, width=0.66)
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from mepcheck.fmt import number

    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(int(v))))
    ax.set_title(f"Geräte je {by}: Bestand und geplante Beschaffung", loc="left")
    _legend(ax, 2)
    alt_rows = "; ".join(f"{name}: {a} im Bestand, {b} geplant"
                         for name, a, b in zip(labels, stock, planned, strict=True))
    caption = f"Geräte je {by} (Bestand laut Bestandsaufnahme und geplante Stückzahlen)"
    if by == "Schulform":
        caption += "; in Klammern die Zahl der Schulen"
    return ChartData(png=_png(fig), caption=caption,
                     alt=f"Balkendiagramm der Geräte je {by}. {alt_rows}.")


def follow_up_chart(view_model: dict[str, Any]) -> ChartData | None:
    """Projected costs per year by component, with the budget and the end of funding."""
    proj = view_model["finance"]["projection"]
    rows = proj["years"]
    if not rows:
        return None
    labels = [str(r["year"]) for r in rows]
    series = [
        ("Investitionen", [float(r["investment"]) for r in rows]),
        ("Ersatz (Annuität)", [float(r["replacement"]) for r in rows]),
        ("Laufende Kosten", [float(r["running"]) for r in rows]),
        ("Support", [float(r["support"]) for r in rows]),
        ("Lizenzen", [float(r["licences"]) for r in rows]),
        ("Energie", [float(r["energy"]) for r in rows]),
    ]
    fig, ax = _figure(8.5)
    after = [i for i, r in enumerate(rows) if r["after_funding"]]
    if after:
        ax.axvspan(after[0] - 0.5, after[-1] + 0.5, color="#EFEFEF", zorder=0, linewidth=0)
        ax.text(after[0] - 0.4, 1.0, f"nach Förderende {proj['funding_end_year']}",
                transform=ax.get_xaxis_transform(), va="top", ha="left", fontsize=7.5,
                color="#4D4D4D")
    _stacked(ax, labels, series)
    # the budget line only where the plan has a budget year (no line at zero after it)
    budgeted = [float(r["budgeted"]) if (r["in_plan_period"] or r["budgeted"]) else float("nan")
                for r in rows]
    ax.plot(range(len(rows)), budgeted, color="#000000", marker="D", markersize=3.5,
            linewidth=1.0, linestyle="--", label="im Haushalt veranschlagt")
    _euro_axis(ax)
    ax.set_title("Folgekosten je Jahr (Projektion)", loc="left")
    _legend(ax, 4)
    alt_rows = "; ".join(f"{r['year']}: {_money_text(r['total'])}, veranschlagt "
                         f"{_money_text(r['budgeted'])}" for r in rows)
    return ChartData(
        png=_png(fig),
        caption=(f"Projizierte Folgekosten je Jahr; grau hinterlegt die Jahre nach dem "
                 f"Förderende {proj['funding_end_year']}"),
        alt=f"Gestapeltes Säulendiagramm der projizierten Kosten je Jahr mit den "
            f"veranschlagten Mitteln als Linie. {alt_rows}.",
    )


CHARTS = {"budget": budget_chart, "devices": devices_chart, "follow_up": follow_up_chart}


def render_charts(view_model: dict[str, Any]) -> dict[str, ChartData | None]:
    """Every chart of the document (``None`` where the plan has no data for it)."""
    import matplotlib

    with matplotlib.rc_context(_RC):
        charts = {name: make(view_model) for name, make in CHARTS.items()}
    charts["logo"] = None  # a picture from the user, set by the assembler (``--logo``)
    return charts
