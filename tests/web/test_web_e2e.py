"""End-to-end: ``mepcheck serve`` in a subprocess, driven by headless Chromium (Debian's).

Playwright for Python is pointed at the system browser (``/usr/bin/chromium``); nothing is
downloaded at run time. Every page is screenshot into ``tests/web/artefacts/`` (ignored
by git) for a reviewer to look at. Skips with the reason when Chromium or Playwright is
missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from webhelpers import ARTEFACTS, EXAMPLES, ROOT

from mepcheck.checker import check_plan
from mepcheck.findings import Status
from mepcheck.loading import load_plan

CHROMIUM = os.environ.get("MEPCHECK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=de-DE"]

playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="Playwright für Python ist nicht installiert")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"Chromium fehlt ({CHROMIUM}); Debian: apt-get install chromium",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``mepcheck serve`` on 127.0.0.1 with a free port; yields the printed URL."""
    proc = subprocess.Popen([sys.executable, "-m", "mepcheck", "serve", "--workers", "2"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, f"keine Adresse ausgegeben: {line!r}"
        yield match.group(0)
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                              else shutil.which("chromium"), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="de-DE",
                                  accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def _failed(path: Path) -> set[str]:
    return {f.code for f in check_plan(load_plan(path)).findings if f.status is Status.FAILED}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_upload_each_example_shows_its_findings(server, page, example: str) -> None:
    page.goto(server)
    shot(page, "01-start")
    page.get_by_label("Plan-Datei").set_input_files(str(EXAMPLES / example))
    page.get_by_role("button", name="Plan prüfen").click()
    page.wait_for_selector("h1:has-text('Prüfergebnis')")
    shown = set(page.locator("a.code").all_inner_texts())
    assert _failed(EXAMPLES / example) <= shown
    assert page.locator(".verdict-text").inner_text().startswith("Exit-Status")
    shot(page, f"02-ergebnis-{Path(example).stem}")


def test_filter_and_download_the_word_document(server, page) -> None:
    from docx import Document

    page.goto(server)
    page.get_by_label("Plan-Datei").set_input_files(str(EXAMPLES / "gemeinde-lindenau.yaml"))
    page.get_by_role("button", name="Plan prüfen").click()
    page.get_by_label("Schwere").select_option("error")
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_selector("#treffer")
    severities = set(page.locator("li.finding .badge.sev-error, li.finding .badge.sev-warning, "
                                  "li.finding .badge.sev-info").all_inner_texts())
    assert severities == {"Fehler"}
    shot(page, "03-ergebnis-gefiltert")
    with page.expect_download() as info:
        page.get_by_role("button", name="Word-Dokument (MEP)").click()
    download = info.value
    assert download.suggested_filename == "gemeinde-lindenau.docx"
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Gemeinde Lindenau" in text and "Medienentwicklungsplan" in text


def test_keyboard_skip_link(server, page) -> None:
    page.goto(server)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    shot(page, "04-fokus-sprunglink")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_batch_in_the_browser(server, page) -> None:
    page.goto(server + "stapel")
    shot(page, "05-stapel-leer")
    bad = ARTEFACTS / "kaputt.yaml"
    ARTEFACTS.mkdir(exist_ok=True)
    bad.write_text("traeger: [\n", encoding="utf-8")
    page.get_by_label("Plan-Dateien").set_input_files(
        [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))] + [str(bad)])
    page.get_by_role("button", name="Pläne prüfen").click()
    page.wait_for_selector("table.overview")
    rows = page.locator("table.overview tbody tr")
    assert rows.count() == 5
    assert "1 nicht lesbar" in page.locator("[role=status]").inner_text()
    page.locator("button.sort", has_text="Fehler").first.click()
    page.wait_for_selector("th[aria-sort='ascending']")
    shot(page, "06-stapel-uebersicht")
    # at 1200 px the whole table is visible, the last column ("Befunde ansehen") included
    assert page.evaluate("(() => { const s = document.querySelector('.scroll');"
                         " return s.scrollWidth <= s.clientWidth; })()")
    page.get_by_role("button", name=re.compile("Befunde von gemeinde-lindenau.yaml")).click()
    page.wait_for_selector("h1:has-text('Prüfergebnis: Gemeinde Lindenau')")


def test_bad_file_shows_the_german_error(server, page) -> None:
    bad = ARTEFACTS / "falsch.yaml"
    ARTEFACTS.mkdir(exist_ok=True)
    bad.write_text("traeger: {name: X, land: NW}\nschulen:\n  - id: a\n    schueler: viele\n",
                   encoding="utf-8")
    page.goto(server)
    page.get_by_label("Plan-Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Plan prüfen").click()
    alert = page.get_by_role("alert")
    assert "falsch.yaml: Plan nicht lesbar" in alert.inner_text()
    assert "erwartet eine ganze Zahl" in alert.inner_text()
    shot(page, "07-fehler")


def test_rules_search_and_page(server, page) -> None:
    page.goto(server + "regeln")
    page.get_by_label("Suchbegriff").fill("Auftragsverarbeitung")
    page.get_by_role("button", name="Suchen").click()
    shot(page, "08-regeln-suche")
    page.get_by_role("link", name="DSGVO-AVV-DIENSTLEISTER").click()
    page.wait_for_selector("h2#warum")
    shot(page, "09-regel")


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AUDITED = {
    "start": "",
    "ergebnis": "ergebnis?beispiel=gemeinde-lindenau",
    "ergebnis-alle": "ergebnis?beispiel=freier-traeger-rosenstein&status=alle",
    "stapel": "stapel",
    "regeln": "regeln",
    "regel": "regeln/DSGVO-AVV-DIENSTLEISTER",
    "nicht-gefunden": "gibt-es-nicht",
}


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_pages_pass_the_automatic_wcag_checks(server, browser, name: str) -> None:
    """axe-core with the WCAG 2.0/2.1 A and AA rules (contrast, labels, names, tables, lang…).

    axe is injected by the test, so this context lets scripts past the page's CSP; the
    pages themselves contain none."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(server + AUDITED[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        assert result == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']} – {v['nodes']}"
                                       for v in result)
    finally:
        context.close()


def test_workbook_round_trip_in_the_browser(server, page) -> None:
    page.goto(server)
    with page.expect_download() as info:
        page.get_by_role("link", name="gemeinde-lindenau.xlsx").click()
    workbook = ARTEFACTS / "gemeinde-lindenau.xlsx"
    ARTEFACTS.mkdir(exist_ok=True)
    info.value.save_as(str(workbook))
    page.get_by_label("Plan-Datei").set_input_files(str(workbook))
    page.get_by_role("button", name="Plan prüfen").click()
    page.wait_for_selector("h1:has-text('Prüfergebnis: Gemeinde Lindenau')")
    assert _failed(EXAMPLES / "gemeinde-lindenau.yaml") <= set(page.locator("a.code").all_inner_texts())
    shot(page, "10-ergebnis-arbeitsmappe")
