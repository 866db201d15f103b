"""Layout of the rendered pages: every example and the generated 400-school plan as PDF.

    .venv/bin/python bench/bench_layout.py [--sizes 400] [--png DIR]

For each document: pages, the time of assembly and of the PDF conversion, and the layout
checks of ``tests/test_assemble_pdf_layout.py`` (words broken across lines without a hyphen,
units alone at a line start). ``--png DIR`` also writes page images at 50 dpi (pdftoppm) to
look at. Needs LibreOffice and poppler-utils. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_assemble import synthetic_plan  # noqa: E402

from mepcheck.assemble.assembler import assemble_document  # noqa: E402
from mepcheck.assemble.package import read_entries  # noqa: E402
from mepcheck.assemble.pdf import docx_to_pdf  # noqa: E402
from mepcheck.assemble.textextract import part_text  # noqa: E402
from mepcheck.checker import check_plan  # noqa: E402
from mepcheck.loading import load_plan, load_plan_text  # noqa: E402
from tests.pdftext import broken_words, lonely_units, pdf_lines, words  # noqa: E402


def _measure(name: str, loaded, png: Path | None) -> None:
    import yaml  # noqa: F401

    t0 = time.perf_counter()
    result = check_plan(loaded, engine="reference")
    t1 = time.perf_counter()
    document = assemble_document(result)
    t2 = time.perf_counter()
    pdf = docx_to_pdf(document.docx)
    t3 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines()
                      if line.startswith("Pages:")), "?")
        lines = pdf_lines(path)
        if png is not None:
            png.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(png / name)],
                           check=False)
    vocab = words(part_text(read_entries(document.docx)["word/document.xml"])
                  .replace("\u00ad", ""))
    broken = broken_words(lines, vocab)
    alone = lonely_units(lines)
    print(f"{name:<28} {pages:>5} S. check {t1 - t0:6.1f}s  assemble {t2 - t1:6.1f}s  "
          f"pdf {t3 - t2:6.1f}s  gebrochene Wörter {len(broken):>3}  Einheit allein "
          f"{len(alone):>3}" + (f"  z. B. {broken[:3]} {alone[:3]}" if broken or alone else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400")
    parser.add_argument("--png", type=Path, default=None)
    args = parser.parse_args()
    for example in sorted((ROOT / "fixtures" / "examples").glob("*.yaml")):
        _measure(example.stem, load_plan(example), args.png)
    import yaml

    for size in [int(s) for s in args.sizes.split(",") if s]:
        text = yaml.safe_dump(synthetic_plan(size), allow_unicode=True, sort_keys=False)
        _measure(f"synthetisch-{size}-schulen", load_plan_text(text, f"{size}.yaml"), args.png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
