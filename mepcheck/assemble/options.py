"""What a document shows beyond the plan: findings in the body, a technical annex, a logo."""

from __future__ import annotations

from dataclasses import dataclass

from mepcheck.assemble.viewmodel.findings import FINDINGS_MODES

FINDINGS_LABELS = {
    "keine": "keine Befunde im Text (saubere Fassung für den Auftraggeber)",
    "gruppiert": "Befunde je Regel gruppiert",
    "vollstaendig": "jeder Befund an seiner Stelle",
}


@dataclass(frozen=True)
class DocumentOptions:
    """Choices for one document; the defaults give the consultant's working copy."""

    findings: str = "gruppiert"
    """``keine``, ``gruppiert`` or ``vollstaendig`` (see ``FINDINGS_MODES``)."""
    technical_annex: bool = False
    """Add Annex E with plan paths and line numbers for the plan's author."""
    logo: bytes | None = None
    """PNG or JPEG shown on the title page."""

    def __post_init__(self) -> None:
        if self.findings not in FINDINGS_MODES:
            raise ValueError(f"unknown findings mode {self.findings!r}")

    def recorded(self) -> dict[str, str]:
        """The options as document properties (``verify`` re-assembles with them)."""
        import hashlib

        return {
            "findings_mode": self.findings,
            "technical_annex": "ja" if self.technical_annex else "nein",
            "logo_sha256": hashlib.sha256(self.logo).hexdigest() if self.logo else "",
        }


__all__ = ["FINDINGS_LABELS", "FINDINGS_MODES", "DocumentOptions"]
