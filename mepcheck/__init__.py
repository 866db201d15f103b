"""mepcheck: rules-based compliance checker and document assembler for German
Medienentwicklungspläne (MEP)."""

__version__ = "0.1.0"
