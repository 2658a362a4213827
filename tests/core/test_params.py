"""The parsing layer of request input (``core.params``, ``core.text``): what parses, is ignored or is refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import given, strategies as st

from binome.core.middleware import cleaned_query
from binome.core.params import (
    FACTS,
    BookingDateField,
    StrictIntegerField,
    WindowDateField,
    booking_window,
    choice_param,
    date_param,
    int_param,
    parse_date,
    parse_int,
    parse_time,
)
from binome.core.text import clean_text, draft_value


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("42", 42),
        ("-3", -3),
        ("007", 7),
        ("²", None),  # isdigit() is true, int() fails: the 500 of /agenda/?dossier=²
        ("٣", None),  # int() would take Arabic-Indic digits
        ("１２", None),  # fullwidth digits
        (" 7", None),
        ("1_000", None),
        ("+5", None),
        ("1e3", None),
        ("", None),
        ("-", None),
        ("9" * 19, None),  # more than a database integer
        ("9" * 5000, None),  # beyond Python's int() string limit
        (None, None),
        (["3"], None),
    ],
)
def test_parse_int_takes_ascii_digits_only(raw, parsed):
    assert parse_int(raw) == parsed


def test_parse_int_bounds():
    assert parse_int("5", 1, 10) == 5
    assert parse_int("0", 1, 10) is None and parse_int("11", 1, 10) is None


@given(st.text(max_size=30))
def test_parse_int_never_raises_and_agrees_with_int_on_ascii(value):
    parsed = parse_int(value)
    if parsed is not None:
        assert value.isascii() and int(value) == parsed


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("2026-11-23", dt.date(2026, 11, 23)),
        ("0001-01-01", None),  # the 500 of /agenda/?jour=0001-01-01: a week before it overflows
        ("9999-12-31", None),
        ("1899-12-31", None),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2100-12-31", dt.date(2100, 12, 31)),
        ("2026-02-30", None),
        ("２０２６-01-01", None),
        ("20261123", None),  # fromisoformat's basic format is not an ISO date of a form
        ("", None),
    ],
)
def test_parse_date_keeps_to_the_window_of_facts(raw, parsed):
    assert parse_date(raw) == parsed


def test_booking_window_is_two_years_around_today():
    start, end = booking_window(dt.date(2024, 2, 29))
    assert (start, end) == (dt.date(2022, 2, 28), dt.date(2026, 2, 28))
    window = booking_window(dt.date(2026, 11, 23))
    assert parse_date("2024-11-22", window) is None and parse_date("2028-11-24", window) is None
    assert parse_date("2028-11-23", window) == dt.date(2028, 11, 23)


@pytest.mark.parametrize(
    ("raw", "parsed"), [("09:30", dt.time(9, 30)), ("24:00", None), ("9:30", None), ("²9:30", None)]
)
def test_parse_time(raw, parsed):
    assert parse_time(raw) == parsed


def test_params_fall_back_to_their_default():
    query = QueryDict("dossier=²&jour=0001-01-01&vue=semaine&vue2=x&page=3")
    assert int_param(query, "dossier", 1) == 1
    assert int_param(query, "page", 1, low=1) == 3
    assert date_param(query, "jour", "today") == "today"
    assert choice_param(query, "vue", ["jour", "semaine"], "jour") == "semaine"
    assert choice_param(query, "vue2", ["jour", "semaine"], "jour") == "jour"


def test_window_date_field_refuses_in_french():
    field = WindowDateField(window=FACTS)
    assert field.clean("2026-11-23") == dt.date(2026, 11, 23)
    with pytest.raises(ValidationError) as refused:
        field.clean("0001-01-01")
    assert "Saisissez une date entre le 01/01/1900 et le 31/12/2100." in refused.value.messages
    booking = BookingDateField(required=False)
    assert booking.clean("") is None
    with pytest.raises(ValidationError, match="Saisissez une date entre le"):
        booking.clean("9999-12-31")


@pytest.mark.parametrize("raw", ["²", "٣", "1e3", " ", "9" * 30, "1.5"])
def test_strict_integer_field_refuses_what_is_not_ascii_digits(raw):
    with pytest.raises(ValidationError) as refused:
        StrictIntegerField().clean(raw)
    assert refused.value.messages == ["Saisissez un nombre entier."]
    assert StrictIntegerField().clean("12") == 12


def test_control_characters_are_removed_but_tabs_and_line_breaks_kept():
    assert clean_text("a\x00b\x01c\x7f\x9fd\ufffe") == "abcd"
    assert clean_text("ligne 1\r\nligne 2\tfin") == "ligne 1\r\nligne 2\tfin"
    assert clean_text("Éloïse — 3 € ½") == "Éloïse — 3 € ½"


def test_a_draft_value_is_clean_and_bounded():
    assert draft_value("a\x00" * 10, 5) == "aaaaa"
    assert len(draft_value("x" * 1_000_000)) == 1000


def test_the_middleware_cleans_keys_and_values_of_a_query():
    query = QueryDict("note=a%00b&na%00me=x&motifs=1&motifs=%002")
    cleaned = cleaned_query(query)
    assert cleaned["note"] == "ab" and cleaned["name"] == "x" and cleaned.getlist("motifs") == ["1", "2"]
    assert not cleaned._mutable
    plain = QueryDict("a=1")
    assert cleaned_query(plain) is plain  # nothing to clean, nothing copied


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2026", "Le 31/02/2026 n'existe pas : vérifiez le jour et le mois."),
        ("12/13/2026", "Le 12/13/2026 n'existe pas : vérifiez le jour et le mois."),
        ("le trois mars", "Date attendue au format jj/mm/aaaa."),
    ],
)
def test_a_date_that_does_not_exist_is_told_apart_from_a_wrong_format(typed, message):
    from binome.diagnosis.sections import day

    with pytest.raises(ValidationError) as refused:
        day("Date").clean(typed)
    assert refused.value.messages == [message]
