"""Every page and error path of the web application, through Starlette's test client."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html import unescape

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from webhelpers import EXAMPLES, hidden, text_of

from mepcheck.checker import check_plan
from mepcheck.findings import Status
from mepcheck.loading import PlanLoadError, load_plan
from mepcheck.web.app import WebSettings, create_app

LINDENAU = EXAMPLES / "gemeinde-lindenau.yaml"


def _failed_codes(path) -> set[str]:
    result = check_plan(load_plan(path))
    return {f.code for f in result.findings if f.status is Status.FAILED}


def _upload(client, name: str, data: bytes, **fields):
    return client.post("/ergebnis", files={"plan": (name, data, "application/octet-stream")},
                       data=fields)


def _codes_on(html: str) -> list[str]:
    return re.findall(r'<a class="code" href="/regeln/([A-Z0-9-]+)">', html)


def test_start_page_is_german_accessible_and_safe(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="de">' in html
    assert 'href="#inhalt"' in html and 'id="inhalt"' in html  # skip link and its target
    for field in ("plan", "profil", "stichtag"):  # every input has a label
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert "<script" not in html
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    assert 'scope="col"' in html and 'scope="row"' in html


def test_stylesheet_has_visible_focus(client) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200
    assert ":focus-visible" in r.text and "outline: 3px" in r.text


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_example_result_lists_every_failed_rule(client, example: str) -> None:
    r = client.get(f"/ergebnis?beispiel={example}")
    assert r.status_code == 200
    shown = set(_codes_on(r.text))
    assert _failed_codes(EXAMPLES / f"{example}.yaml") <= shown


def test_result_page_has_verdict_services_projection_and_chart(client) -> None:
    html = client.get("/ergebnis?beispiel=gemeinde-lindenau").text
    result = check_plan(load_plan(LINDENAU))
    text = text_of(html)
    assert f"Exit-Status {int(result.exit_code())}" in text
    counts = result.counts()
    assert f"Zusammenfassung aller {counts['total']} Prüfungen" in text
    assert "Datenschutz je Dienst" in text and "Videokonferenz" in text
    assert "Folgekosten und Finanzierungslücken" in text
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="Gestapeltes', html)
    assert "Rechtsgrundlage:" in text and "Abhilfe:" in text
    # grouped by chapter, in chapter order
    chapters = [int(n) for n in re.findall(r'<h3 id="kap-(\d+)">', html)]
    assert chapters == sorted(chapters) and chapters


def test_filters_by_status_severity_family_and_school(client) -> None:
    result = check_plan(load_plan(LINDENAU))
    base = "/ergebnis?beispiel=gemeinde-lindenau"
    errors = client.get(base + "&status=failed&schwere=error").text
    expected = sorted(f.code for f in result.findings
                      if f.status is Status.FAILED and f.severity.value == "error")
    assert sorted(_codes_on(errors)) == expected
    passed = client.get(base + "&status=passed&familie=sustainability").text
    assert set(re.findall(r'<li class="finding status-(\w+)', passed)) <= {"passed"}
    assert len(_codes_on(passed)) == sum(1 for f in result.findings if f.status is Status.PASSED
                                         and f.family == "sustainability")
    school = result.plan.schools[0]
    only = client.get(base + f"&status=alle&schule={school.id}").text
    wheres = re.findall(r'<span class="where">([^<(]+)', only)
    assert wheres and all(w.strip().startswith(("schulen[0]", "massnahmen[")) for w in wheres)
    assert f'<option value="{school.id}" selected>' in only


def test_unknown_filter_values_fall_back_to_defaults(client) -> None:
    r = client.get("/ergebnis?beispiel=gemeinde-lindenau&status=<x>&schwere=zzz&seite=abc")
    assert r.status_code == 200
    assert '<option value="offen" selected>' in r.text


def test_passed_findings_are_paged(client) -> None:
    html = client.get("/ergebnis?beispiel=landkreis-hohenwald&status=alle").text
    assert "Seite 1 von" in html and html.count('<nav class="pages"') == 2  # above and below
    assert len(_codes_on(html)) == 200
    page2 = client.get("/ergebnis?beispiel=landkreis-hohenwald&status=alle&seite=2").text
    assert "Seite 2 von" in page2 and _codes_on(page2) != _codes_on(html)


def test_uploaded_plan_travels_once_and_pages_without_state(client) -> None:
    big = EXAMPLES / "landkreis-hohenwald.yaml"
    page = _upload(client, big.name, big.read_bytes(), status="alle").text
    assert len(hidden(page, "plan_daten")) == 1  # one form; every button refers to it
    assert page.count('form="plan"') >= 8
    assert 'name="seite" value="2"' in page
    form = {"plan_name": big.name, "plan_daten": hidden(page, "plan_daten")[0], "profil": "",
            "stichtag": "", "status": "alle", "schwere": "alle", "familie": "alle",
            "schule": "alle", "seite": "2"}
    second = client.post("/ergebnis", data=form).text
    assert "Seite 2 von" in second and _codes_on(second) != _codes_on(page)


def test_upload_yaml_and_json(client) -> None:
    data = LINDENAU.read_bytes()
    r = _upload(client, "mein-plan.yaml", data)
    assert r.status_code == 200 and "Gemeinde Lindenau" in r.text
    assert "mein-plan.yaml" in r.text
    as_json = json.dumps(yaml.safe_load(data), default=str, ensure_ascii=False).encode()
    r = _upload(client, "mein-plan.json", as_json)
    assert r.status_code == 200 and "Gemeinde Lindenau" in r.text


def test_chosen_profile_and_reference_date_apply(client) -> None:
    r = _upload(client, "p.yaml", LINDENAU.read_bytes(), profil="digitalpakt-2019", stichtag="2027-06-30")
    assert r.status_code == 200
    text = text_of(r.text)
    assert "Stichtag 30.06.2027" in text and "(digitalpakt-2019)" in text


@pytest.mark.parametrize("fields, message", [
    ({"profil": "gibt-es-nicht"}, "Profil 'gibt-es-nicht' gibt es nicht"),
    ({"stichtag": "morgen"}, "Stichtag 'morgen' ist kein Datum"),
])
def test_bad_options_give_german_errors(client, fields, message) -> None:
    r = _upload(client, "p.yaml", LINDENAU.read_bytes(), **fields)
    assert r.status_code == 400
    assert message in unescape(r.text)


def test_bad_file_gives_the_same_german_errors_as_the_cli(client, tmp_path) -> None:
    bad = b"traeger: {name: X, land: NW}\nschulen:\n  - id: a\n    schueler: viele\n"
    path = tmp_path / "kaputt.yaml"
    path.write_bytes(bad)
    with pytest.raises(PlanLoadError) as caught:
        load_plan(path)
    expected = [str(i).replace(str(path), "kaputt.yaml") for i in caught.value.issues]
    r = _upload(client, "kaputt.yaml", bad)
    assert r.status_code == 422
    shown = [unescape(x) for x in re.findall(r"<li><code>(.*?)</code></li>", r.text, re.S)]
    assert shown == expected
    assert f"kaputt.yaml: Plan nicht lesbar, {len(expected)} Fehler" in unescape(r.text)
    assert "Traceback" not in r.text and str(tmp_path) not in r.text


@pytest.mark.parametrize("name, data, message", [
    ("plan.txt", b"x", "unbekanntes Format"),
    ("plan.yaml", b"\xff\xfe\x00", "keine UTF-8-Datei"),
    ("plan.yaml", b"- 1\n- 2\n", "ein Plan ist ein Abschnitt"),
    ("../../etc/passwd.yaml", b"a: [", "passwd.yaml"),
])
def test_unreadable_uploads(client, name, data, message) -> None:
    r = _upload(client, name, data)
    assert r.status_code == 422
    assert message in unescape(r.text)
    assert "/etc/" not in r.text


def test_no_file_chosen(client) -> None:
    r = client.post("/ergebnis", data={"profil": ""})
    assert r.status_code == 400
    assert "Keine Datei ausgewählt" in unescape(r.text)
    r = client.get("/ergebnis")
    assert r.status_code == 400 and "Kein Plan angegeben" in unescape(r.text)


def test_everything_is_escaped(client) -> None:
    data = yaml.safe_load(LINDENAU.read_text(encoding="utf-8"))
    data["traeger"]["name"] = "<script>alert(1)</script> & Co"
    r = _upload(client, '"><img src=x onerror=alert(1)>.yaml',
                yaml.safe_dump(data, allow_unicode=True).encode())
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in r.text
    assert "<img src=x" not in r.text


def test_round_trip_of_the_hidden_plan_and_tampering(client) -> None:
    page = _upload(client, "rund.yaml", LINDENAU.read_bytes()).text
    packed, = hidden(page, "plan_daten")[:1]
    again = client.post("/ergebnis", data={"plan_name": "rund.yaml", "plan_daten": packed,
                                           "status": "failed", "schwere": "error"})
    assert again.status_code == 200 and "Gemeinde Lindenau" in again.text
    assert '<option value="error" selected>' in again.text
    broken = client.post("/ergebnis", data={"plan_name": "rund.yaml", "plan_daten": "%%%"})
    assert broken.status_code == 400 and "beschädigt" in unescape(broken.text)


def _download(client, page: str, kind: str):
    form = {"plan_name": hidden(page, "plan_name")[0], "plan_daten": hidden(page, "plan_daten")[0],
            "profil": "", "stichtag": ""}
    return client.post(f"/download/{kind}", data=form)


def test_downloads_word_json_sarif(client) -> None:
    page = _upload(client, "lindenau.yaml", LINDENAU.read_bytes()).text
    result = check_plan(load_plan(LINDENAU))
    docx = _download(client, page, "docx")
    assert docx.status_code == 200
    assert 'filename="lindenau.docx"' in docx.headers["content-disposition"]
    document = Document(io.BytesIO(docx.content))
    assert any("Gemeinde Lindenau" in p.text for p in document.paragraphs)
    report = json.loads(_download(client, page, "json").content)
    assert report["plan"]["carrier"] == "Gemeinde Lindenau"
    assert len(report["findings"]) == len(result.findings)
    sarif = json.loads(_download(client, page, "sarif").content)
    assert sarif["version"] == "2.1.0"
    assert _download(client, page, "exe").status_code == 404


def test_workbooks_blank_example_upload_and_with_findings(client) -> None:
    from mepcheck.workbook.writer import workbook_bytes

    start = client.get("/").text
    assert 'href="/vorlage.xlsx"' in start and ".xlsx" in start
    blank = client.get("/vorlage.xlsx")
    assert blank.status_code == 200 and blank.headers["content-type"].endswith(".sheet")
    assert load_workbook(io.BytesIO(blank.content)).sheetnames
    example = client.get("/beispiele/gemeinde-lindenau.xlsx")
    assert example.status_code == 200
    r = _upload(client, "lindenau.xlsx", example.content)
    assert r.status_code == 200 and "Gemeinde Lindenau" in r.text
    assert set(_codes_on(r.text)) >= _failed_codes(LINDENAU)
    own = workbook_bytes(load_plan(LINDENAU).plan)[0]
    assert _upload(client, "eigen.xlsx", own).status_code == 200
    page = _upload(client, "lindenau.yaml", LINDENAU.read_bytes()).text
    with_findings = _download(client, page, "xlsx")
    assert 'filename="lindenau-befunde.xlsx"' in with_findings.headers["content-disposition"]
    assert "Befunde" in load_workbook(io.BytesIO(with_findings.content)).sheetnames
    broken = _upload(client, "kaputt.xlsx", b"PK\x03\x04 kein zip")
    assert broken.status_code == 422 and "kaputt.xlsx" in unescape(broken.text)


def test_example_downloads_and_pdf_without_libreoffice(client, monkeypatch) -> None:
    from mepcheck.web import app as web_app

    r = client.get("/beispiele/gemeinde-lindenau.yaml")
    assert r.status_code == 200 and r.content == LINDENAU.read_bytes()
    assert client.get("/beispiele/nichts.yaml").status_code == 404
    monkeypatch.setattr(web_app, "_pdf_available", lambda: False)
    page = client.get("/ergebnis?beispiel=gemeinde-lindenau").text
    assert "PDF ist nicht verfügbar" in page and 'action="/download/pdf"' not in page
    r = client.post("/download/pdf", data={"beispiel": "gemeinde-lindenau"})
    assert r.status_code == 501 and "LibreOffice" in r.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice fehlt (soffice)")
def test_pdf_download_with_libreoffice(client) -> None:
    r = client.post("/download/pdf", data={"beispiel": "gemeinde-lindenau"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert 'filename="gemeinde-lindenau.pdf"' in r.headers["content-disposition"]


def test_internal_errors_show_no_trace_and_log_no_content(client, monkeypatch, caplog) -> None:
    from mepcheck.web import app as web_app

    def broken() -> None:
        raise RuntimeError("geheimer Planinhalt")

    monkeypatch.setattr(web_app, "_examples", broken)
    r = client.get("/")
    assert r.status_code == 500
    assert "interner Fehler" in r.text and "geheimer" not in r.text and "Traceback" not in r.text
    assert "geheimer" not in caplog.text and "RuntimeError" in caplog.text


def test_batch_overview_sorting_links_and_csv(client) -> None:
    files = [("plaene", (p.name, p.read_bytes(), "application/yaml"))
             for p in (EXAMPLES / "gemeinde-lindenau.yaml", EXAMPLES / "freier-traeger-rosenstein.yaml")]
    files.append(("plaene", ("kaputt.yaml", b"traeger: [", "application/yaml")))
    r = client.post("/stapel", files=files)
    assert r.status_code == 200
    text = text_of(r.text)
    assert "3 Pläne:" in text and "1 nicht lesbar" in text
    assert "kaputt.yaml: Plan nicht lesbar" in text
    names = hidden(r.text, "plan_name")
    assert names[:3] == ["gemeinde-lindenau.yaml", "freier-traeger-rosenstein.yaml", "kaputt.yaml"]
    form = {"plan_name": names[:3], "plan_daten": hidden(r.text, "plan_daten")[:3], "profil": ""}
    by_carrier = client.post("/stapel?sortierung=traeger", data=form).text
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>', by_carrier)
    assert rows[0] == "kaputt.yaml"  # empty carrier sorts first
    assert 'aria-sort="ascending"' in by_carrier
    desc = client.post("/stapel?sortierung=traeger&richtung=ab", data=form).text
    assert re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>', desc) == rows[::-1]
    entry = client.post("/ergebnis?eintrag=1", data=form)
    assert entry.status_code == 200 and "Prüfergebnis: " in entry.text
    assert "freier-traeger-rosenstein.yaml" in entry.text
    sheet = client.post("/stapel/uebersicht.csv", data=form)
    assert sheet.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:3] == ["Datei", "Schulträger", "Land"] and len(table) == 4
    result = table[0].index("Ergebnis")
    assert table[1][1] == "Gemeinde Lindenau" and table[1][result] == "Fehler gefunden"
    assert table[3][0] == "kaputt.yaml" and table[3][result].startswith("nicht lesbar")
    book = load_workbook(io.BytesIO(client.post("/stapel/uebersicht.xlsx", data=form).content))
    assert book.sheetnames == ["Pläne", "Befunde"]
    plans = [row[0] for row in book["Pläne"].iter_rows(min_row=2, values_only=True)]
    assert plans == ["gemeinde-lindenau.yaml", "freier-traeger-rosenstein.yaml", "kaputt.yaml"]
    failed = sum(1 for f in check_plan(load_plan(LINDENAU)).findings if f.status is Status.FAILED)
    assert sum(1 for r in book["Befunde"].iter_rows(min_row=2, values_only=True)
               if r[0] == "gemeinde-lindenau.yaml") == failed


def test_batch_without_files(client) -> None:
    assert client.get("/stapel").status_code == 200
    r = client.post("/stapel", data={"profil": ""})
    assert r.status_code == 400 and "Keine Dateien ausgewählt" in unescape(r.text)


def test_rules_browse_search_and_show(client) -> None:
    r = client.get("/regeln")
    assert r.status_code == 200 and "DSGVO-AVV-DIENSTLEISTER" in r.text
    found = client.get("/regeln?q=auftragsverarbeitung&familie=data-protection").text
    codes = re.findall(r'<a href="/regeln/([A-Z0-9-]+)">', found)
    assert "DSGVO-AVV-DIENSTLEISTER" in codes and all(c.startswith("DSGVO") for c in codes)
    none = client.get("/regeln?q=<zzz>").text
    assert "0 Regeln gefunden" in none and "&lt;zzz&gt;" in none
    doc = client.get("/regeln/dsgvo-avv-dienstleister")
    assert doc.status_code == 200
    assert '<h2 id="warum">Warum</h2>' in doc.text and "<pre>" in doc.text
    assert client.get("/regeln/GIBT-ES-NICHT").status_code == 404


def test_unknown_page_is_german(client) -> None:
    r = client.get("/gibt-es-nicht")
    assert r.status_code == 404 and "Diese Seite gibt es nicht." in r.text


def test_limits_on_size_and_count() -> None:
    settings = WebSettings(workers=1, max_file_bytes=1000, max_files=2, max_body_bytes=50_000)
    from starlette.testclient import TestClient

    with TestClient(create_app(settings)) as small:
        r = _upload(small, "gross.yaml", b"#" * 2000)
        assert r.status_code == 413 and "Datei zu groß" in unescape(r.text)
        r = _upload(small, "riesig.yaml", b"#" * 60_000)
        assert r.status_code == 413 and "Anfrage zu groß" in unescape(r.text)
        files = [("plaene", (f"p{i}.yaml", b"a: 1\n", "application/yaml")) for i in range(3)]
        r = small.post("/stapel", files=files)
        assert r.status_code == 400 and "Zu viele Dateien" in unescape(r.text)


def test_token_authentication() -> None:
    import base64

    from starlette.testclient import TestClient

    token = "geheim-und-lang-genug"
    with TestClient(create_app(WebSettings(workers=1, token=token))) as locked:
        r = locked.get("/")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
        assert r.headers["x-frame-options"] == "DENY"
        basic = base64.b64encode(f"amt:{token}".encode()).decode()
        assert locked.get("/", headers={"Authorization": f"Basic {basic}"}).status_code == 200
        assert locked.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert locked.get("/", headers={"Authorization": "Bearer falsch"}).status_code == 401
        wrong = base64.b64encode(b"amt:falsch").decode()
        assert locked.get("/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
