"""The org chart as a picture: boxes on the page and in the council PDF, span warnings, two dates compared."""

import datetime
import shutil
import subprocess
import tempfile

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.organisation import services
from helhet.organisation.chart import chart_on
from helhet.organisation.chart_layout import compare
from helhet.organisation.models import Engagement, Staff, Unit, UnitParent
from tests import factories
from tests.insight.test_pages import build_organisation

D = datetime.date
START = D(2020, 1, 1)
MERGER = D(2024, 3, 1)


@pytest.fixture
def leader_client(client, municipality, home_care):
    client.force_login(factories.user(municipality, roles.LEADER, unit=home_care, leads=True))
    return client


def staff_in(municipality, unit, n, prefix):
    for i in range(n):
        person = Staff.objects.create(
            municipality=municipality, first_name=f"{prefix}{i}", last_name="Ansatt"
        )
        Engagement.objects.create(staff=person, unit=unit, fte="0.5", valid_from=START)


@pytest.fixture
def before_merger(municipality, home_care):
    """Helse og omsorg over two home-care zones with a team each; zone Sør has six staff."""
    area = factories.unit(municipality, "Helse og omsorg", kind="area")
    south = factories.unit(municipality, "Hjemmesykepleien sone Sør", kind="department", parent=area)
    UnitParent.objects.create(unit=home_care, parent=area, valid_from=factories.LONG_AGO)
    factories.unit(municipality, "Nattpatruljen", kind="team", parent=home_care)
    factories.unit(municipality, "Kveldsteamet", kind="team", parent=south)
    staff_in(municipality, south, 6, "Sør")
    return area, south


def test_the_page_draws_a_box_per_unit_with_leader_heads_and_fte(leader_client, before_merger):
    html = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01"}).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and 'aria-labelledby="orgchart-t orgchart-d"' in svg
    assert "Trediagram med 5 enheter" in svg
    assert svg.count('class="hh-orgchart__box') == 5
    assert "Hjemmesykepleien sone Sør" in svg and "6 ansatte · 3,0 årsverk" in svg
    assert "Leder: Test Leder" in svg or "Leder:" in svg
    assert "(arvet)" in svg  # the team under home care inherits its leader
    # The text list for screen readers stays in the page, after the picture.
    assert html.index("</svg>") < html.index('class="hh-org hh-org--root"')
    assert "arvet fra Hjemmesykepleien sone Nord" in html


def test_a_leader_over_the_span_limit_is_marked_in_the_box_in_words(
    leader_client, municipality, home_care, before_merger
):
    municipality.span_of_control_limit = 3
    municipality.save()
    staff_in(municipality, home_care, 4, "Nord")
    html = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01"}).content.decode()
    assert "hh-orgchart__box--over" in html
    assert "Lederspenn 4, over grensen 3" in html
    assert "1 ledere har flere direkte underordnede enn grensen på 3" in html


def pdf_pages(content: bytes) -> tuple[list[str], str]:
    """The text of each page and the first page's size line, read with poppler's tools."""
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if not (pdftotext and pdfinfo):
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        run = {"capture_output": True, "check": True, "text": True}
        text = subprocess.run([pdftotext, file.name, "-"], **run).stdout  # noqa: S603 - our own temp file
        info = subprocess.run([pdfinfo, file.name], **run).stdout  # noqa: S603
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    return text.split("\f"), size


def test_the_council_pdf_holds_the_same_boxes(leader_client, before_merger):
    response = leader_client.get(reverse("insight:chart_pdf"), {"dato": "2024-01-01"})
    assert response["Content-Type"] == "application/pdf"
    pages, size = pdf_pages(response.content)
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split("x"))
    assert width > height  # the picture gets a landscape page, fitted to it
    assert "Hjemmesykepleien sone Sør" in pages[0] and "Kveldsteamet" in pages[0]
    assert "6 ansatte · 3,0 årsverk" in pages[0]
    assert "Organisasjonskartet som liste" in " ".join(pages[1:])


def merge(municipality, home_care, south, area):
    return services.units_merge(
        units=[home_care, south],
        name="Hjemmetjenesten",
        kind="department",
        on=MERGER,
        parent=area,
        actor=None,
    )


def test_comparing_across_a_merger_names_the_units_ended_and_added_and_moved(
    leader_client, municipality, home_care, before_merger
):
    area, south = before_merger
    merge(municipality, home_care, south, area)
    result = compare(chart_on(municipality, D(2024, 2, 1)), chart_on(municipality, MERGER))
    assert [(c.unit, c.after) for c in result.ended] == [
        ("Hjemmesykepleien sone Nord", "slått sammen til Hjemmetjenesten"),
        ("Hjemmesykepleien sone Sør", "slått sammen til Hjemmetjenesten"),
    ]
    assert [c.unit for c in result.added] == ["Hjemmetjenesten"]
    assert "Hjemmesykepleien sone Nord" in result.added[0].after
    assert {c.unit for c in result.moved} == {"Kveldsteamet", "Nattpatruljen"}
    assert not result.renamed
    assert result.staff_before == result.staff_after == 7

    html = leader_client.get(reverse("insight:chart"), {"dato": "2024-02-01", "mot": "2024-03-01"}).content
    html = html.decode()
    assert html.count("<svg") == 2 + html.count('class="helhet-plot"')
    assert 'aria-labelledby="orgchart-a-t orgchart-a-d"' in html
    assert 'aria-labelledby="orgchart-b-t orgchart-b-d"' in html
    before, after = html.split('id="picture-b-heading"')
    assert "Hjemmesykepleien sone Sør" in before.split('id="picture-a-heading"')[1]
    assert "Hjemmetjenesten" in after and "Hjemmesykepleien sone Sør" not in after.split("</svg>")[0]
    changes = html.split('id="changes-heading"')[1].split("</table>")[0]
    assert "Avviklet" in changes and "Ny enhet" in changes and "Flyttet" in changes
    assert "slått sammen til Hjemmetjenesten" in changes


def test_a_unit_replaced_by_one_successor_with_its_staff_counts_as_renamed(municipality, before_merger):
    area, south = before_merger
    new = Unit.objects.create(
        municipality=municipality, name="Hjemmetjenesten sør", kind="department", valid_from=MERGER
    )
    UnitParent.objects.create(unit=new, parent=area, valid_from=MERGER)
    Unit.objects.filter(pk=south.pk).update(valid_to=MERGER - datetime.timedelta(days=1))
    Engagement.objects.filter(unit=south).update(valid_to=MERGER - datetime.timedelta(days=1))
    for engagement in Engagement.objects.filter(unit=south):
        Engagement.objects.create(staff=engagement.staff, unit=new, fte=1, valid_from=MERGER)
    result = compare(chart_on(municipality, D(2024, 1, 1)), chart_on(municipality, MERGER))
    assert [(c.before, c.after) for c in result.renamed] == [
        ("Hjemmesykepleien sone Sør", "Hjemmetjenesten sør")
    ]
    assert not result.added and not result.ended
    assert [(c.unit, c.before, c.after) for c in result.heads if c.unit == "Hjemmetjenesten sør"] == [
        ("Hjemmetjenesten sør", "6 (3,0)", "6 (6,0)")
    ]


def test_leader_changes_are_listed(municipality, home_care, before_merger):
    area, _south = before_merger
    boss = Staff.objects.create(municipality=municipality, first_name="Berit", last_name="Sjef")
    services.leadership_assign(unit=area, staff=boss, valid_from=MERGER, actor=None)
    result = compare(chart_on(municipality, D(2024, 1, 1)), chart_on(municipality, MERGER))
    assert [(c.unit, c.before, c.after) for c in result.leaders] == [
        ("Helse og omsorg", "ingen egen leder", "Berit Sjef")
    ]


def test_the_same_date_twice_shows_no_changes(leader_client, before_merger):
    html = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01", "mot": "2024-01-01"})
    assert "Ingen endringer i enheter" in html.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dato": "9999-12-31"}, "Datoen må være mellom"),
        ({"dato": "2024-01-01", "mot": "9999-12-31"}, "Datoen må være mellom"),
        ({"dato": "2024-01-01", "mot": "i går"}, "kunne ikke leses"),
        ({"dato": "x" * 5000, "mot": "y" * 5000}, "kunne ikke leses"),
    ],
)
def test_bad_dates_are_explained_and_today_shown(leader_client, before_merger, params, message):
    response = leader_client.get(reverse("insight:chart"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    pdf = leader_client.get(reverse("insight:chart_pdf"), params)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_nul_byte_in_a_date_is_refused_not_a_server_error(leader_client, before_merger):
    response = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01", "mot": "2024\x00-01-01"})
    assert response.status_code in (200, 400, 422)


def test_only_organisation_readers_see_the_picture(client, nurse, reception, outsider, before_merger):
    for user in (nurse, reception):
        client.force_login(user)
        assert client.get(reverse("insight:chart"), {"mot": "2024-01-01"}).status_code == 403
        assert client.get(reverse("insight:chart_pdf")).status_code == 403
    client.logout()
    assert client.get(reverse("insight:chart")).status_code == 302


def test_another_municipalitys_units_are_never_drawn(client, other_municipality, before_merger):
    leader = factories.user(
        other_municipality, roles.LEADER, unit=factories.unit(other_municipality, "Nabo helse"), leads=True
    )
    client.force_login(leader)
    html = client.get(reverse("insight:chart"), {"dato": "2024-01-01", "mot": "2024-06-01"}).content.decode()
    assert "Nabo helse" in html and "Hjemmesykepleien" not in html


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_comparison_uses_a_fixed_number_of_queries(
    size, leader_client, municipality, django_assert_max_num_queries
):
    build_organisation(
        municipality, **({} if size == "large" else {"units_per_level": (1, 2, 2, 1), "staff": 20})
    )
    with django_assert_max_num_queries(16):
        response = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01", "mot": "2024-06-01"})
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        assert leader_client.get(reverse("insight:chart_pdf"), {"dato": "2024-01-01"}).status_code == 200
