"""A person's access log as CSV (semicolon-separated, UTF-8 with BOM, as Norwegian spreadsheets read it),
streamed in batches so a long log never sits whole in memory."""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.models import AccessLog
from helhet.access.selectors import access_log_rows
from helhet.core.spreadsheet import safe_cell

BATCH = 500


def _batches(entries: Iterable[AccessLog]) -> Iterator[list[AccessLog]]:
    iterator = iter(entries)
    while batch := list(islice(iterator, BATCH)):
        yield batch


class _Line:
    """csv.writer writes into this and we hand the line on."""

    def write(self, value: str) -> str:
        return value


def header() -> list[str]:
    return [
        _("Tidspunkt"),
        _("Hvem"),
        _("Enhet"),
        _("Rolle"),
        _("Handling"),
        _("Nødtilgang"),
        _("Kanal"),
        _("Hva"),
        _("Hvorfor"),
    ]


def lines(entries: Iterable[AccessLog], *, notice: str = "") -> Iterator[str]:
    """The CSV's lines: the notice of a partial log (if any) on a line of its own, a header, then one line per
    row (units and roles looked up per batch)."""
    writer = csv.writer(_Line(), delimiter=";")
    first = writer.writerow([safe_cell(notice)]) if notice else ""
    yield "\ufeff" + first + writer.writerow(header())
    for batch in _batches(entries):
        for row in access_log_rows(batch):
            yield writer.writerow(
                [
                    timezone.localtime(row.at).strftime("%d.%m.%Y %H:%M:%S"),
                    safe_cell(row.who),
                    safe_cell(row.unit),
                    safe_cell(row.role),
                    row.action_label,
                    _("Ja") if row.emergency else "",
                    row.channel,
                    safe_cell(row.what),
                    safe_cell(row.why),
                ]
            )
