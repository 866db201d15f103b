"""Fixtures of the web tests: one application with one warm worker for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from mepcheck.web.app import WebSettings, create_app


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """A test client of the default application (one worker process, default limits)."""
    with TestClient(create_app(WebSettings(workers=1))) as c:
        yield c
