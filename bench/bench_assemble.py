"""Time the assembly of the MEP document for plans of 1, 10, 100 and 400 schools.

    .venv/bin/python bench/bench_assemble.py [--sizes 1,10,100,400] [--repeat 3] [--pdf]

The plans are synthetic: the schools, measures and services of the example plan
``gemeinde-lindenau`` are repeated with new ids, so every school has an inventory and
measures and every chapter has content. Reported per size: the check (for reference) and
the assembly split into view model, charts, render and packaging; the assembly is what the
target (400 schools under 5 s without PDF) is about. The last line states whether time grows
no faster than linearly (time per school of the largest plan at most 1.5 × that of 100).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mepcheck.assemble.charts import render_charts  # noqa: E402
from mepcheck.assemble.package import core_xml, finalize  # noqa: E402
from mepcheck.assemble.render import render_docx  # noqa: E402
from mepcheck.assemble.viewmodel import build_view_model  # noqa: E402
from mepcheck.checker import check_plan  # noqa: E402
from mepcheck.loading import load_plan_text  # noqa: E402

EXAMPLE = ROOT / "fixtures" / "examples" / "gemeinde-lindenau.yaml"
TEMPLATE = ROOT / "templates" / "mep.docx"


def synthetic_plan(schools: int) -> dict[str, Any]:
    """The example plan with ``schools`` schools (and their measures) instead of three."""
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    template_schools = base["schulen"]
    template_measures = [m for m in base["massnahmen"] if m.get("schule")]
    plan = copy.deepcopy(base)
    plan["schulen"] = []
    plan["massnahmen"] = [m for m in base["massnahmen"] if not m.get("schule")]
    for n in range(schools):
        src = template_schools[n % len(template_schools)]
        school = copy.deepcopy(src)
        school["id"] = f"s{n:04d}"
        school["name"] = f"{src['name']} {n + 1}"
        plan["schulen"].append(school)
        # every school gets the three school measures of the example (network, displays,
        # notebooks): about three measures per school, as in real plans
        for m in template_measures:
            measure = copy.deepcopy(m)
            measure["id"] = f"{m['id']}-{n:04d}"
            measure["schule"] = school["id"]
            measure["titel"] = f"{m['titel']} ({school['name']})"
            plan["massnahmen"].append(measure)
    linked = {m["id"] for m in plan["massnahmen"]}
    for m in plan["massnahmen"]:
        if m.get("verknuepft_mit") and m["verknuepft_mit"] not in linked:
            del m["verknuepft_mit"]
    for service in plan.get("dienste", []):
        service["schulen"] = [s for s in service.get("schulen", []) if s in
                              {x["id"] for x in plan["schulen"]}]
    for procurement in plan.get("nachhaltigkeit", {}).get("beschaffungen", []):
        procurement["massnahmen"] = [m for m in procurement.get("massnahmen", []) if m in linked]
    for milestone in plan.get("meilensteine", []):
        milestone["massnahmen"] = [m for m in milestone.get("massnahmen", []) if m in linked]
    return plan


def _time(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def run(size: int, repeat: int, pdf: bool) -> dict[str, float]:
    text = yaml.safe_dump(synthetic_plan(size), allow_unicode=True, sort_keys=False)
    loaded = load_plan_text(text, f"bench-{size}.yaml")
    template = TEMPLATE.read_bytes()
    t_check, result = _time(check_plan, loaded, engine="reference")
    rows: list[dict[str, float]] = []
    for _ in range(repeat):
        t_vm, vm = _time(build_view_model, result)
        t_charts, charts = _time(render_charts, vm)
        t_render, raw = _time(render_docx, template, vm, charts)
        core = core_xml(title="t", subject="s", creator="c", keywords="k", description="d",
                        day=loaded.plan.meta.reference_date)
        t_pack, docx = _time(finalize, raw, core=core, properties={"bench": "1"})
        rows.append({"viewmodel": t_vm, "charts": t_charts, "render": t_render,
                     "package": t_pack, "assemble": t_vm + t_charts + t_render + t_pack,
                     "bytes": float(len(docx))})
    out = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    out["check"] = t_check
    out["measures"] = float(len(loaded.plan.measures))
    if pdf:
        from mepcheck.assemble.pdf import docx_to_pdf

        out["pdf"], pdf_bytes = _time(docx_to_pdf, docx)
        out["pdf_bytes"] = float(len(pdf_bytes))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,400")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF conversion")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    render_charts(build_view_model(check_plan(load_plan_text(
        EXAMPLE.read_text(encoding="utf-8"), "warmup.yaml"), engine="reference")))  # imports
    print(f"{'Schulen':>7} {'Maßn.':>6} {'Prüfung':>8} {'Modell':>7} {'Grafik':>7} "
          f"{'Render':>7} {'Paket':>7} {'Dokument':>9} {'KB':>7}" + ("  PDF" if args.pdf else ""))
    results = {}
    for size in sizes:
        r = run(size, args.repeat, args.pdf)
        results[size] = r
        print(f"{size:>7} {int(r['measures']):>6} {r['check']:>7.2f}s {r['viewmodel']:>6.2f}s "
              f"{r['charts']:>6.2f}s {r['render']:>6.2f}s {r['package']:>6.2f}s "
              f"{r['assemble']:>8.2f}s {r['bytes'] / 1024:>7.0f}"
              + (f"  {r['pdf']:.1f}s" if args.pdf else ""), flush=True)
    if 100 in results and max(sizes) > 100:
        big = max(sizes)
        per_100 = results[100]["assemble"] / 100
        per_big = results[big]["assemble"] / big
        verdict = "linear oder besser" if per_big <= 1.5 * per_100 else "schlechter als linear"
        print(f"je Schule: {per_100 * 1000:.1f} ms bei 100, {per_big * 1000:.1f} ms bei {big} "
              f"Schulen – {verdict}")
        if big == 400:
            print(f"Ziel 400 Schulen < 5 s: {'erfüllt' if results[400]['assemble'] < 5 else 'VERFEHLT'}"
                  f" ({results[400]['assemble']:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
