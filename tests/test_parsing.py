"""Value parsers: the spellings people put in files -> typed values (table-driven)."""

import datetime as dt

import pyarrow as pa
import pytest

from loaders.contracts import vocab
from loaders.read import parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07-04 09:30", dt.datetime(2023, 7, 4, 9, 30)),
        ("2023/7/4 9:30", dt.datetime(2023, 7, 4, 9, 30)),
        ("2023年7月4日 9时30分", dt.datetime(2023, 7, 4, 9, 30)),
        ("2023年7月4日9时30分15秒", dt.datetime(2023, 7, 4, 9, 30, 15)),
        ("2023年7月4日", dt.datetime(2023, 7, 4)),
        ("2023-07-04T09:30:15.250", dt.datetime(2023, 7, 4, 9, 30, 15)),
        ("45111.395833", dt.datetime(2023, 7, 4, 9, 30)),  # Excel serial number
        ("2023-07-04T01:30:00Z", dt.datetime(2023, 7, 4, 9, 30)),  # UTC -> Shenzhen time
        ("2023-07-04 10:30:00+09:00", dt.datetime(2023, 7, 4, 9, 30)),
    ],
)
def test_datetimes_in_every_accepted_spelling(text, expected):
    parsed = parsing.parse_datetime(pa.array([text]))
    assert parsed.values.to_pylist() == [expected]
    assert not parsed.bad.any()


@pytest.mark.parametrize("text", ["bad", "2023-13-01", "2023-02-30 10:00", "12:30"])
def test_unreadable_datetimes_are_flagged(text):
    parsed = parsing.parse_datetime(pa.array([text]))
    assert parsed.values.to_pylist() == [None]
    assert parsed.bad.tolist() == [True]


def test_empty_cells_are_missing_not_bad():
    parsed = parsing.parse_datetime(pa.array(["", "  ", None]))
    assert parsed.values.to_pylist() == [None, None, None]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True), ("0", False), ("TRUE", True), ("false", False)],
)
def test_booleans(text, expected):
    assert parsing.parse_bool(pa.array([text])).values.to_pylist() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", "sea"), ("水路运输", "sea"), ("3", "rail"), ("铁路", "rail"), ("4", "road"), ("公路运输", "road"), ("5", "air"), ("Air", "air")],
)
def test_customs_transport_mode_codes_and_names(text, expected):
    assert parsing.parse_code(pa.array([text]), vocab.TRANSPORT_MODE).values.to_pylist() == [expected]


def test_unknown_code_is_flagged():
    parsed = parsing.parse_code(pa.array(["9"]), vocab.TRANSPORT_MODE)
    assert parsed.values.to_pylist() == [None] and parsed.bad.tolist() == [True]


def test_numbers_with_thousands_separators_and_integers():
    assert parsing.parse_number(pa.array(["1,200.5"])).values.to_pylist() == [1200.5]
    whole = parsing.parse_number(pa.array(["12", "1.5"]), integer=True)
    assert whole.values.to_pylist() == [12, None] and whole.bad.tolist() == [False, True]


def test_a_fraction_in_a_count_is_reported_as_not_whole_rather_than_not_a_number():
    parsed = parsing.parse_number(pa.array(["3", "1.5", "abc"]), integer=True)
    assert parsed.bad.tolist() == [False, True, True]
    assert parsed.not_whole.tolist() == [False, True, False]


def test_a_count_too_large_to_store_is_flagged_not_a_crash():
    parsed = parsing.parse_number(pa.array(["12", "99999999999999999999999"]), integer=True)
    assert parsed.values.to_pylist() == [12, None]
    assert parsed.bad.tolist() == [False, True]


def test_a_customs_office_name_matches_with_either_bracket_width():
    """Reference names use full-width brackets (蛇口（蛇口/赤湾/妈湾）); exports often use half-width ones."""
    from loaders.content import reference

    codes = reference.customs_code_spellings()
    parsed = parsing.parse_code(pa.array(["蛇口(蛇口/赤湾/妈湾)", "蛇口（蛇口/赤湾/妈湾）", "蛇口(赤湾)"]), codes)
    assert parsed.values.to_pylist()[:2] == ["5304", "5304"]
    assert parsed.bad.tolist() == [False, False, True]
