"""The catalogue records old and new values with the acting user; the ladder page shows them."""

import datetime

from django.urls import reverse

from helhet.catalogue import services
from helhet.catalogue.models import CareLevel
from helhet.core.models import ChangeRecord


def test_renaming_and_moving_a_step_show_old_and_new_on_the_ladder_page(client, municipality, admin_user):
    services.catalogue_install_defaults(municipality=municipality, on=datetime.date(2026, 11, 23))
    level = CareLevel.objects.get(municipality=municipality, position=0)
    old_name = level.name
    services.care_level_rename(
        acting_user=admin_user,
        level=level,
        name="Jeg klarer meg",
        description="",
        expected_version=level.version,
    )
    services.care_level_move(acting_user=admin_user, level=level, up=True)
    name = ChangeRecord.objects.get(object_type="catalogue.carelevel", field="name")
    assert (name.old_value, name.new_value, name.actor) == (old_name, "Jeg klarer meg", admin_user)
    moved = ChangeRecord.objects.get(object_type="catalogue.carelevel", object_id=level.pk, field="position")
    assert (moved.old_value, moved.new_value) == ("0", "1")
    client.force_login(admin_user)
    page = client.get(reverse("catalogue:ladder")).content.decode()
    assert "Endringshistorikk" in page and "Jeg klarer meg" in page and admin_user.display_name in page
