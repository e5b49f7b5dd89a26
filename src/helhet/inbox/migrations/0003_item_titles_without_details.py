"""Titles of items already handed on lose the free text they copied (an inquiry's words, a message's text):
from now on a title says only kind, unit and day. The change history already written cannot be changed."""

from django.db import migrations
from django.utils import timezone

LABELS = {
    "inquiry": "Videresendt henvendelse",
    "order": "Ny bestilling",
    "review": "Tverrfaglig vurdering",
    "review_request": "Anmodning om ny vurdering",
    "appeal": "Klage til ny vurdering",
    "deviation": "Avvik til oppfølging",
    "message": "Beskjed med frist",
    "action": "Oppfølgingspunkt fra møte",
    "plan_review": "Plan til revisjon",
    "coordinator": "Oppnevnt som koordinator",
}


def titles_without_details(apps, schema_editor):
    Item = apps.get_model("inbox", "Item")
    for item in Item.objects.select_related("for_unit").iterator(chunk_size=500):
        day = timezone.localtime(item.created_at).strftime("%d.%m.%Y")
        title = f"{LABELS.get(item.kind, item.kind)} – {item.for_unit.name} – {day}"[:200]
        if title != item.title:
            Item.objects.filter(pk=item.pk).update(title=title)


class Migration(migrations.Migration):
    dependencies = [("inbox", "0002_item_urgent")]

    operations = [migrations.RunPython(titles_without_details, migrations.RunPython.noop)]
