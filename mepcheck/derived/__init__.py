"""Derived figures: computed from the plan, never typed by the user."""

from mepcheck.derived.figures import Figures, compute_figures
from mepcheck.derived.projection import (
    ASSUMPTIONS,
    Projection,
    ProjectionYear,
    compute_projection,
)

__all__ = [
    "ASSUMPTIONS",
    "Figures",
    "Projection",
    "ProjectionYear",
    "compute_figures",
    "compute_projection",
]
