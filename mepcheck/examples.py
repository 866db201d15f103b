"""The example plans shipped with mepcheck."""

from __future__ import annotations

from pathlib import Path

DEFAULT_EXAMPLE = "gemeinde-lindenau"


def examples_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / "examples"
    return packaged if packaged.is_dir() else here.parent / "fixtures" / "examples"


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    path = examples_dir() / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in examples_dir().glob("*.yaml")))
        raise FileNotFoundError(f"Beispiel '{name}' gibt es nicht (vorhanden: {known})")
    return path
