"""File suffixes that mean "a workbook" and the plain plan formats beside them."""

from __future__ import annotations

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods"})
"""Suffixes the loader hands to :mod:`mepcheck.workbook`; only ``.xlsx`` is read, the others
get a German explanation of how to save the file as ``.xlsx``."""

TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
