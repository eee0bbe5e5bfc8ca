import pytest

from kinerja.core.params import query_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("", None),
        (None, None),
        ("²", None),
        ("١٢", None),
        ("-3", None),
        ("1e3", None),
        ("9" * 19, None),
        ("9" * 18, int("9" * 18)),
    ],
)
def test_query_id_accepts_only_plain_positive_ids(raw, expected):
    assert query_id(raw) == expected
