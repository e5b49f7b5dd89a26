"""The bounds the law and common sense put on a case's dates. Pure functions of the dates and `today`, each
raising a Norwegian ValidationError naming the field; the services call them, the tests drive them with
generated dates.

The window for a decision's own dates (start, evaluation, end) is chosen, not given by statute: no earlier
than one year before the application was received (a decision may grant from an earlier date, e.g. an
emergency stay already given, but not from years back) and no later than ten years after today (long stays
are open-ended; a date further out is a typing error).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DAYS_BEFORE_RECEIPT = 365
YEARS_AHEAD = 10


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def latest_decision_date(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def earliest_decision_date(received_on: datetime.date) -> datetime.date:
    return received_on - datetime.timedelta(days=DAYS_BEFORE_RECEIPT)


def check_decision_dates(
    *,
    received_on: datetime.date,
    today: datetime.date,
    start_date: datetime.date | None,
    review_date: datetime.date | None,
    end_date: datetime.date | None,
) -> None:
    earliest, latest = earliest_decision_date(received_on), latest_decision_date(today)
    errors = {}
    for field, day, label in (
        ("start_date", start_date, _("Fra-datoen")),
        ("review_date", review_date, _("Evalueringsdatoen")),
        ("end_date", end_date, _("Til-datoen")),
    ):
        if day is None:
            continue
        if day < earliest:
            errors[field] = _(
                "%(label)s kan ikke være mer enn ett år før søknaden kom (tidligst %(day)s)."
            ) % {"label": label, "day": _d(earliest)}
        elif day > latest:
            errors[field] = _("%(label)s kan ikke være mer enn ti år fram i tid (senest %(day)s).") % {
                "label": label,
                "day": _d(latest),
            }
    if errors:
        raise ValidationError(errors)


def check_advance_notice(
    *, sent_on: datetime.date | None, comment_by: datetime.date | None, today: datetime.date
) -> None:
    """fvl § 16: the notice is dated no later than today, and the comment deadline lies after it."""
    if sent_on is None:
        if comment_by is not None:
            raise ValidationError({"advance_notice_sent_on": _("Skriv når forhåndsvarselet ble sendt.")})
        return
    if sent_on > today:
        raise ValidationError(
            {"advance_notice_sent_on": _("Forhåndsvarselet kan ikke være sendt fram i tid.")}
        )
    if comment_by is not None and comment_by <= sent_on:
        raise ValidationError(
            {
                "advance_notice_comment_by": _(
                    "Fristen for å uttale seg må være etter datoen forhåndsvarselet ble sendt (%(day)s)."
                )
                % {"day": _d(sent_on)}
            }
        )


def check_sent_on(
    *,
    sent_on: datetime.date,
    received_on: datetime.date,
    today: datetime.date,
    advance_notice_sent_on: datetime.date | None = None,
    advance_notice_comment_by: datetime.date | None = None,
) -> None:
    """A decision is sent no earlier than the application came and no later than today; after a § 16 advance
    notice, it is sent after the notice and not before the person's deadline to comment has run out."""
    if sent_on > today:
        raise ValidationError({"sent_on": _("Vedtaket kan ikke sendes med en dato fram i tid.")})
    if sent_on < received_on:
        raise ValidationError(
            {
                "sent_on": _("Vedtaket kan ikke være sendt før søknaden kom (%(day)s).")
                % {"day": _d(received_on)}
            }
        )
    if advance_notice_sent_on is not None and advance_notice_sent_on >= sent_on:
        raise ValidationError(
            {
                "advance_notice_sent_on": _(
                    "Forhåndsvarselet må være sendt før vedtaket (fvl. § 16); det er datert %(day)s."
                )
                % {"day": _d(advance_notice_sent_on)}
            }
        )
    if advance_notice_comment_by is not None and sent_on < advance_notice_comment_by:
        raise ValidationError(
            {
                "sent_on": _(
                    "Fristen for å uttale seg til forhåndsvarselet løper til %(day)s; vedtaket kan ikke "
                    "sendes før den er ute."
                )
                % {"day": _d(advance_notice_comment_by)}
            }
        )


def check_delivered_on(*, delivered_on: datetime.date, sent_on: datetime.date, today: datetime.date) -> None:
    if delivered_on < sent_on:
        raise ValidationError({"delivered_on": _("Vedtaket kan ikke ha kommet fram før det ble sendt.")})
    if delivered_on > today:
        raise ValidationError({"delivered_on": _("Datoen vedtaket kom fram kan ikke være fram i tid.")})


def check_appeal_received(
    *, received_on: datetime.date, decision_sent_on: datetime.date, today: datetime.date
) -> None:
    if received_on > today:
        raise ValidationError({"received_on": _("En klage kan ikke være mottatt fram i tid.")})
    if received_on < decision_sent_on:
        raise ValidationError(
            {
                "received_on": _("Klagen kan ikke være mottatt før vedtaket ble sendt (%(day)s).")
                % {"day": _d(decision_sent_on)}
            }
        )


def check_interim_sent(*, sent_on: datetime.date, received_on: datetime.date, today: datetime.date) -> None:
    if sent_on > today:
        raise ValidationError({"sent_on": _("Det foreløpige svaret kan ikke være sendt fram i tid.")})
    if sent_on < received_on:
        raise ValidationError({"sent_on": _("Det foreløpige svaret kan ikke være sendt før søknaden kom.")})
