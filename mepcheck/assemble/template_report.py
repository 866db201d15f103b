"""The result of ``mepcheck template check``: problems in German, error or warning each.

The analysis itself runs in the worker (:mod:`mepcheck.assemble.templatecheck`); this module
prepares the trial view model, calls the worker and turns its answer into problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mepcheck.assemble.chapters import CHAPTER_SPECS, REQUIRED
from mepcheck.assemble.charts import ChartData
from mepcheck.assemble.untrusted import Limits
from mepcheck.exitcodes import ExitCode

_GAPLESS = {"introduction", "annexes"}
"""Chapters that never have a gap (their data is always present)."""

# 1×1 white PNG: the trial render needs pictures, not real charts
_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63"
    "f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")


@dataclass(frozen=True)
class Problem:
    severity: str
    """``Fehler`` or ``Warnung``"""
    message: str


@dataclass
class TemplateReport:
    template: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "Fehler")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "Warnung")

    def exit_code(self, strict: bool = False) -> ExitCode:
        if self.errors or (strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def text(self) -> str:
        lines = [f"Vorlage {self.template}:"]
        if not self.problems:
            lines.append("  keine Probleme: alle Namen gibt es im Datenmodell, alle Kapitel "
                         "werden dargestellt, die Probe-Ausgabe ist vollständig.")
        for p in self.problems:
            lines.append(f"  {p.severity}: {p.message}")
        lines.append(f"Ergebnis: {self.errors} Fehler, {self.warnings} Warnungen.")
        return "\n".join(lines) + "\n"


def problems_from(answer: dict[str, Any]) -> list[Problem]:
    """Problems from the worker's ``check`` answer."""
    analysis = answer["analysis"]
    render = answer["render"]
    out: list[Problem] = []
    if analysis.get("syntax_error"):
        out.append(Problem("Fehler", f"Jinja-Syntaxfehler in {analysis['syntax_error']}"))
    for name in analysis["unknown"]:
        out.append(Problem("Fehler", f"Die Vorlage verwendet '{name}', das Datenmodell liefert "
                                     "diesen Namen nicht (Liste: mepcheck template vars)."))
    for kind in analysis["forbidden"]:
        out.append(Problem("Fehler", f"'{kind}' ist in Vorlagen nicht erlaubt (eine Vorlage ist "
                                     "eine einzige Datei)."))
    shown = set(analysis["chapters"])
    gaps = set(analysis["gaps"])
    for spec in CHAPTER_SPECS:
        severity = "Fehler" if spec.kind == REQUIRED else "Warnung"
        if not analysis["all_chapters"] and spec.key not in shown:
            out.append(Problem(severity, f"Kapitel {spec.heading} fehlt: die Vorlage verwendet "
                                         f"'chapters.{spec.key}' nicht ({spec.kind} nach "
                                         f"{spec.basis})."))
        elif spec.key not in _GAPLESS and spec.key not in gaps and not analysis["all_chapters"]:
            out.append(Problem(severity, f"Kapitel {spec.heading}: die Vorlage zeigt keine Lücke "
                                         f"an, wenn Angaben fehlen ('chapters.{spec.key}.gap' "
                                         "wird nicht verwendet)."))
    if not render["ok"]:
        out.append(Problem("Fehler", f"Probe-Ausgabe mit dem Beispielplan fehlgeschlagen: "
                                     f"{render['error']}"))
    for tag in render.get("leftover", [])[:10]:
        out.append(Problem("Fehler", f"In der Probe-Ausgabe steht noch ein Jinja-Tag: {tag}"))
    return out


def check_template_file(path: Path, plan: Path | None = None,
                        limits: Limits | None = None) -> TemplateReport:
    """Check a template file; raise ``TemplateRefused`` when it is refused outright."""
    from mepcheck.assemble.archive import ArchiveRefused, check_archive, refuse_external
    from mepcheck.assemble.assembler import read_template
    from mepcheck.assemble.untrusted import TemplateRefused, run_worker
    from mepcheck.assemble.viewmodel import build_view_model
    from mepcheck.checker import check_plan
    from mepcheck.examples import example_path
    from mepcheck.loading import load_plan

    data = read_template(path)
    try:
        refuse_external(check_archive(data))
    except ArchiveRefused as exc:
        raise TemplateRefused(str(exc)) from None
    loaded = load_plan(plan or example_path())
    result = check_plan(loaded, engine="reference")
    view_model = build_view_model(result)
    charts = {name: ChartData(png=_PIXEL, caption="Probe", alt="Probe", width_cm=1.0)
              for name in ("budget", "devices", "follow_up", "logo")}
    answer = run_worker("check", data, view_model, charts, limits or Limits())
    render = answer.get("render", {})
    leaks = answer.get("analysis", {}).get("leaks") or []
    if leaks:
        raise TemplateRefused(
            f"Vorlage abgelehnt: sie verwendet {', '.join(leaks)}; das schreibt Beschreibungen "
            "von Programmobjekten (oder Zufall) statt Werte ins Dokument.")
    if not render.get("ok") and render.get("kind") == "security":
        # a template that reaches for what the sandbox forbids is refused, not just faulty
        raise TemplateRefused(f"Vorlage abgelehnt: {render.get('error')}")
    return TemplateReport(template=path.name, problems=problems_from(answer))
