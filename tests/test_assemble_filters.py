"""The German filters and the strict, escaping environment every template renders in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from jinja2 import UndefinedError

from mepcheck.assemble.jinja_env import make_environment

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("1234567.89"), f"1.234.567,89{NBSP}€"),
    (Decimal("0"), f"0,00{NBSP}€"),
    (1234567.891, f"1.234.567,89{NBSP}€"),
    ("68000.00", f"68.000,00{NBSP}€"),
    (Decimal("-3200.00"), f"-3.200,00{NBSP}€"),
    (None, "–"),
])
def test_money(value, expected) -> None:
    env = make_environment()
    assert env.from_string("{{ v|money }}").render(v=value) == expected


def test_money_in_whole_euros() -> None:
    env = make_environment()
    assert env.from_string("{{ v|money(cents=False) }}").render(v=Decimal("1234567.50")) == \
        f"1.234.568{NBSP}€"


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2026, 11, 23), "23.11.2026"),
    ("2026-11-23", "23.11.2026"),
    (None, "–"),
])
def test_date(value, expected) -> None:
    assert make_environment().from_string("{{ v|date }}").render(v=value) == expected


@pytest.mark.parametrize(("value", "template", "expected"), [
    (Decimal("0.2"), "{{ v|percent }}", "20,0 %"),
    (Decimal("0.4163"), "{{ v|percent }}", "41,6 %"),
    (Decimal("0.9"), "{{ v|percent(0) }}", "90 %"),
    (None, "{{ v|percent }}", "–"),
    (1224, "{{ v|number }}", "1.224"),
    (Decimal("3.6"), "{{ v|number }}", "3,6"),
    (1.4, "{{ v|number(2) }}", "1,40"),
    (True, "{{ v|yesno }}", "ja"),
    (False, "{{ v|yesno }}", "nein"),
    (None, "{{ v|yesno }}", "–"),
    ("", "{{ v|dash }}", "–"),
    (None, "{{ v }}", "–"),
])
def test_shares_numbers_and_empty_values(value, template, expected) -> None:
    assert make_environment().from_string(template).render(v=value) == expected


def test_escaping_is_on() -> None:
    env = make_environment()
    out = env.from_string("{{ v }}").render(v='F&E < 5 % > 3 "x" \'y\'')
    assert out == "F&amp;E &lt; 5 % &gt; 3 &#34;x&#34; &#39;y&#39;"


def test_undefined_names_and_attributes_fail() -> None:
    env = make_environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("{{ d.missing }}").render(d={"present": 1})
    with pytest.raises(UndefinedError):
        env.from_string("{% if d.missing %}x{% endif %}").render(d={})


def test_a_fresh_environment_per_document() -> None:
    assert make_environment() is not make_environment()
