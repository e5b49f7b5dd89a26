"""The demo's workshop: closed, with a result that can be checked by hand."""

from fractions import Fraction

from helhet.demo import workshop as demo_workshop
from helhet.organisation.models import Workshop
from helhet.organisation.selectors import workshop_results


def test_the_demo_workshop_has_a_result_by_borda_count(municipality):
    demo_workshop.load(municipality)
    demo_workshop.load(municipality)  # loading twice adds nothing
    workshop = Workshop.objects.get(municipality=municipality)
    assert workshop.phase == "closed"
    results = workshop_results(workshop)
    # n = 5: places worth 4, 3, 2, 1, 0; Gruppe 2 left two themes unranked, (1 + 0) / 2 each.
    assert [(r.theme.name, r.total.points, r.total.rank) for r in results.themes] == [
        ("Tverrfaglig samarbeid", 7, 1),
        ("Ledelse og lederspenn", 6, 2),
        ("Attraktiv arbeidsgiver", 3, 3),
        ("Én dør inn", Fraction(5, 2), 4),
        ("Roller og fagmiljø", Fraction(3, 2), 5),
    ]
    assert len(results.considerations) == 10 and all(c.theme_id for c in results.considerations)
