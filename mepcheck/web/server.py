"""Run the web application with uvicorn: address checks, a free port, the URL printed."""

from __future__ import annotations

import errno
import ipaddress
import signal
import socket
from collections.abc import Callable
from typing import Any

from mepcheck.web.app import WebSettings, create_app

TOKEN_ENV = "MEPCHECK_WEB_TOKEN"


class ServeRefused(Exception):
    """The server must not start as asked (German message)."""


def is_loopback(host: str) -> bool:
    """Is ``host`` reachable only from this machine?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free port (kept open, so no race)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        reason = "Port belegt" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise ServeRefused(f"Adresse {host}:{port} nicht verfügbar ({reason}).") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(settings: WebSettings, host: str = "127.0.0.1", port: int = 0, *,
          insecure_no_auth: bool = False, announce: Callable[[str], None] = print) -> None:
    """Start the server and block until it is stopped (Ctrl+C)."""
    import uvicorn

    if not is_loopback(host) and not settings.token and not insecure_no_auth:
        raise ServeRefused(
            f"{host} ist von anderen Rechnern erreichbar, aber es ist keine Anmeldung "
            f"eingerichtet. Mit --token (oder der Umgebungsvariablen {TOKEN_ENV}) einen "
            "Zugangsschlüssel setzen, oder --insecure-no-auth angeben, wenn ein vorgeschalteter "
            "Server (Reverse Proxy) die Anmeldung übernimmt.")
    sock = bind(host, port)
    url = url_of(sock, host)
    app = create_app(settings)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            proxy_headers=False, server_header=False, date_header=True)

    def ready() -> None:
        announce(f"mepcheck läuft auf {url}  (beenden mit Strg+C)")
        if settings.token:
            announce("Anmeldung erforderlich: Benutzername beliebig"
                     + (f" ({settings.user})" if settings.user else "")
                     + ", Passwort ist der Zugangsschlüssel.")

    # Until uvicorn has its own handlers in place and the application has started, a
    # Ctrl-C or SIGTERM waits: it then ends the server the normal way instead of
    # interrupting the start half-way (an event loop left open, noise on the terminal).
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP) if _STOP else None

    class Server(uvicorn.Server):  # type: ignore[misc]
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            ready()  # the URL is printed when the server answers
            if blocked is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    try:
        Server(config).run(sockets=[sock])
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        sock.close()


_STOP = {signal.SIGINT, signal.SIGTERM} if hasattr(signal, "pthread_sigmask") else set()
