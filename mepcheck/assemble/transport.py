"""JSON transport of a view model, charts and a template to the worker process and back.

The view model holds ``Decimal`` and ``date`` values; they travel as tagged objects
(``{"$dec": "1.50"}``, ``{"$date": "2026-03-01"}``), bytes as base64. Nothing is
pickled: the worker only ever parses JSON.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from mepcheck.assemble.charts import ChartData


def _encode(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        raise TypeError("datetime values do not belong in the view model")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, float):
        return {"$dec": repr(value)}
    raise TypeError(f"cannot transport {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            if "$dec" in value:
                return Decimal(value["$dec"])
            if "$date" in value:
                return dt.date.fromisoformat(value["$date"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def encode_request(command: str, template: bytes, view_model: dict[str, Any] | None,
                   charts: dict[str, ChartData | None] | None) -> bytes:
    """The worker's stdin."""
    payload = {
        "command": command,
        "template": base64.b64encode(template).decode("ascii"),
        "view_model": _encode({k: v for k, v in (view_model or {}).items() if k != "charts"}),
        "charts": {
            name: None if c is None else {
                "png": base64.b64encode(c.png).decode("ascii"), "caption": c.caption,
                "alt": c.alt, "width_cm": c.width_cm}
            for name, c in (charts or {}).items()
        },
    }
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode_request(raw: bytes) -> tuple[str, bytes, dict[str, Any], dict[str, ChartData | None]]:
    data = json.loads(raw)
    charts = {
        name: None if c is None else ChartData(png=base64.b64decode(c["png"]),
                                               caption=c["caption"], alt=c["alt"],
                                               width_cm=float(c["width_cm"]))
        for name, c in data["charts"].items()
    }
    view_model = _decode(data["view_model"])
    if data["view_model"] or charts:
        view_model["charts"] = {name: None for name in charts}
    return data["command"], base64.b64decode(data["template"]), view_model, charts


def encode_response(payload: dict[str, Any]) -> bytes:
    out = dict(payload)
    if isinstance(out.get("docx"), bytes):
        out["docx"] = base64.b64encode(out["docx"]).decode("ascii")
    return json.dumps(out, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode_response(raw: bytes) -> dict[str, Any]:
    data = json.loads(raw)
    if isinstance(data.get("docx"), str):
        data["docx"] = base64.b64decode(data["docx"])
    return data
