"""The MEP as a Word document: view model, charts, templates, sandbox, integrity.

Modules, one concern each:

* :mod:`~mepcheck.assemble.chapters` – the canonical chapter model with the basis of each chapter
* :mod:`~mepcheck.assemble.schema` / :mod:`~mepcheck.assemble.shape` – the view model's contract
* :mod:`~mepcheck.assemble.viewmodel` – plan, figures, projection, findings → plain data
* :mod:`~mepcheck.assemble.charts` – matplotlib charts with alt text
* :mod:`~mepcheck.assemble.jinja_env` – locked sandbox, strict, escaping, German filters
* :mod:`~mepcheck.assemble.render` – docxtpl rendering, a fresh template per document
* :mod:`~mepcheck.assemble.archive` – zip-bomb and DTD checks before opening a file
* :mod:`~mepcheck.assemble.untrusted` / :mod:`~mepcheck.assemble.worker` – custom templates
  in a subprocess with memory and time limits
* :mod:`~mepcheck.assemble.templatecheck` / :mod:`~mepcheck.assemble.template_report` –
  ``mepcheck template check``
* :mod:`~mepcheck.assemble.package` – fixed properties, integrity data, stable zip bytes
* :mod:`~mepcheck.assemble.verify` – ``mepcheck verify``
* :mod:`~mepcheck.assemble.pdf` – PDF through LibreOffice
* :mod:`~mepcheck.assemble.template_source` – the source of ``templates/mep.docx``

This package module stays light (the worker process imports it); the public functions are
loaded on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AssembledDocument",
    "Limits",
    "TemplateRefused",
    "assemble_document",
    "bundled_template_path",
    "check_template_file",
    "verify_document",
]

_LAZY = {
    "AssembledDocument": "mepcheck.assemble.assembler",
    "assemble_document": "mepcheck.assemble.assembler",
    "bundled_template_path": "mepcheck.assemble.assembler",
    "Limits": "mepcheck.assemble.untrusted",
    "TemplateRefused": "mepcheck.assemble.untrusted",
    "check_template_file": "mepcheck.assemble.template_report",
    "verify_document": "mepcheck.assemble.verify",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
