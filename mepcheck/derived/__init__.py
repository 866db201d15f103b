"""Derived figures: computed from the plan, never typed by the user."""

from mepcheck.derived.figures import Figures, compute_figures

__all__ = ["Figures", "compute_figures"]
