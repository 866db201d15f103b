"""Security middleware: response headers, optional authentication, request size limit.

* Every response carries a Content-Security-Policy without any script source (the pages
  use no JavaScript at all), forbids framing (``frame-ancestors 'none'`` and
  ``X-Frame-Options: DENY``), sets ``nosniff``, ``Referrer-Policy: no-referrer`` and
  ``Cache-Control: no-store`` (results contain plan data and must not be cached).
* With a token (``mepcheck serve --token`` or the environment variable
  ``MEPCHECK_WEB_TOKEN``) every request must authenticate: HTTP Basic with the token as
  password (any user name; browsers ask for it) or ``Authorization: Bearer <token>``.
  Optionally ``--user`` fixes the Basic user name. Comparison is constant-time.
* A request body larger than the limit is refused with 413 before it is read.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from typing import Any

Scope = dict[str, Any]

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def authorized(header: str | None, token: str, user: str | None = None) -> bool:
    """Does an ``Authorization`` header carry the token (Bearer, or Basic password)?"""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.encode(), token.encode())
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        name, sep, password = decoded.partition(":")
        if not sep:
            return False
        user_ok = user is None or hmac.compare_digest(name.encode(), user.encode())
        return hmac.compare_digest(password.encode(), token.encode()) and user_ok
    return False


class SecurityMiddleware:
    """Pure ASGI middleware (works with streaming bodies and any response class)."""

    def __init__(self, app: Any, *, token: str | None, user: str | None, max_body: int):
        self.app = app
        self.token = token
        self.user = user
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in HEADERS if h[0] not in names]
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.token and not authorized(headers.get("authorization"), self.token, self.user):
            await _plain(send_with_headers, 401, "Anmeldung erforderlich: Benutzername und "
                         "Zugangsschlüssel (Token) eingeben.",
                         [(b"www-authenticate", b'Basic realm="mepcheck", charset="UTF-8"')])
            return
        length = headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = True
            if too_big:
                await _plain(send_with_headers, 413, _too_big(self.max_body))
                return
        received = 0
        limit = self.max_body

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        started = False

        async def tracked_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await _plain(send_with_headers, 413, _too_big(self.max_body))
        except Exception as exc:
            # The server's own log gets the type of an internal error only: a message or a
            # traceback could quote the plan. The page has already said "interner Fehler".
            logging.getLogger("mepcheck.web").error("interner Fehler: %s", type(exc).__name__)
            if not started:
                await _plain(send_with_headers, 500, "Interner Fehler.")


class BodyTooLarge(Exception):
    """The request body exceeded the limit while streaming."""


def _too_big(limit: int) -> str:
    return f"Anfrage zu groß: höchstens {limit // (1024 * 1024)} MB je Anfrage."


async def _plain(send: Any, status: int, text: str,
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})
