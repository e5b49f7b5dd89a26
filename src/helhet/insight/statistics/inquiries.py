"""Inquiries by channel, and the share answered at once (besvart med en gang)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.disclosure import Shown, shown
from helhet.insight.statistics.figures import Figure, share, suppress_column, suppression_note
from helhet.insight.statistics.filters import Filters
from helhet.intake.models import Channel, Inquiry, InquiryOutcome


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes in Europe/Oslo: from the start of `start` to the start of the day after `end`."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def channel_counts(filters: Filters) -> dict[str, tuple[int, int]]:
    """Per channel: (inquiries, answered at once), one query."""
    low, high = bounds(filters.start, filters.end)
    rows = Inquiry.objects.filter(
        municipality=filters.municipality, received_at__gte=low, received_at__lt=high
    )
    if filters.unit_ids is not None:
        rows = rows.filter(responsible_unit_id__in=filters.unit_ids)
    return {
        row["channel"]: (row["total"], row["answered"])
        for row in rows.values("channel")
        .annotate(total=Count("pk"), answered=Count("pk", filter=Q(outcome=InquiryOutcome.ANSWERED)))
        .order_by()
    }


def inquiries_by_channel(filters: Filters) -> Figure:
    counts = channel_counts(filters)
    channels = [(value, label) for value, label in Channel.choices if value in counts]
    totals = suppress_column([counts[value][0] for value, _label in channels])
    # A channel's «answered at once» is hidden too when the rest of its inquiries are 1–4: the difference
    # would tell.
    hidden = [
        i
        for i, cell in enumerate(totals)
        if cell.suppressed or shown(counts[channels[i][0]][0] - counts[channels[i][0]][1]).suppressed
    ]
    answered_cells = suppress_column([counts[value][1] for value, _label in channels], also=hidden)
    total = sum(counts[value][0] for value, _label in channels)
    answered_total = sum(counts[value][1] for value, _label in channels)
    rows = []
    for (value, label), total_cell, answered_cell in zip(channels, totals, answered_cells, strict=True):
        n, answered = counts[value]
        visible = not total_cell.suppressed and not answered_cell.suppressed
        rows.append([str(label), total_cell, answered_cell, share(answered, n) if visible else None])
    if rows:
        rest_hidden = shown(total - answered_total).suppressed
        rows.append(
            [
                _("I alt"),
                shown(total),
                Shown(None) if rest_hidden and answered_total else shown(answered_total),
                None if rest_hidden else share(answered_total, total),
            ]
        )
    notes = [
        suppression_note(),
        _("«Besvart med en gang» vises bare når også resten av henvendelsene er 0 eller minst 5."),
    ]
    if filters.service is not None:
        notes.append(_("En henvendelse gjelder ingen bestemt tjeneste, så tjenestefilteret brukes ikke her."))
    return Figure(
        key="henvendelser",
        title=_("Henvendelser etter kanal"),
        description=_(
            "Søylene viser antall henvendelser i perioden per kanal, og hvor mange av dem som ble besvart med en gang."
        ),
        columns=[_("Kanal"), _("Henvendelser"), _("Besvart med en gang"), _("Andel besvart med en gang (%)")],
        rows=rows,
        kind="bar",
        plotted=(1, 2),
        unit_label=_("Antall"),
        notes=notes,
    )
