"""The citizen's own application on Min side: sent digitally, signed with the login (ID-porten).

Not the desk's path: there is no staff member taking it in, so no `_may_take_in` and no need-to-know check;
instead the one who logged in must be the applicant (an adult) or registered as the applicant's
representative with a representation that may sign (signer_check: a child's by a parent or guardian, an
adult's by fullmakt or guardian). Routing, the expected answer date, the consents' grounds and the
attachments are as for every application; casework opens one linked case per service area.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.models import AccessAction
from helhet.access.services import access_log_write
from helhet.catalogue.models import Service
from helhet.core.models import User
from helhet.intake import attachments
from helhet.intake.models import Application, ApplicationChannel, SignedBy
from helhet.intake.routing import AreaRoute
from helhet.intake.services import _application_file, signer_check
from helhet.people import grounds
from helhet.people.models import Person, Relative

TOKEN_MAX = 64


@dataclass(frozen=True)
class Signer:
    """Who signs the application with their login: the applicant (relative None) or a representative."""

    signed_by: str
    relative: Relative | None

    @property
    def log_reason(self) -> str:
        """The access log's ground, without anybody's fødselsnummer."""
        if self.relative is None:
            return _("Innbyggerens egen søknad på Min side")
        return grounds.citizen_ground(self.relative.representation, self.relative.person)


def citizen_signer(*, person: Person, pid: str, on: datetime.date) -> Signer:
    """Whether the citizen logged in with `pid` may sign an application for `person`, and as whom; a
    Norwegian refusal on the form otherwise (the same rules as the desk: intake.services.signer_check)."""
    if pid and person.national_id == pid:
        signer_check(person=person, signed_by=SignedBy.PERSON, representative=None, on=on)
        return Signer(SignedBy.PERSON, None)
    relatives = [
        relative
        for relative in Relative.objects.filter(person=person, national_id=pid).exclude(representation="")
        if pid
    ]
    if not relatives:
        raise ValidationError(
            {
                "signed_by": _(
                    "Du er ikke registrert som representant for denne personen og kan ikke søke for dem."
                )
            }
        )
    refusal: ValidationError | None = None
    for relative in relatives:  # with several registrations (verge and fullmakt), one that may sign is enough
        try:
            signer_check(person=person, signed_by=SignedBy.REPRESENTATIVE, representative=relative, on=on)
        except ValidationError as error:
            refusal = error
        else:
            return Signer(SignedBy.REPRESENTATIVE, relative)
    assert refusal is not None
    raise refusal


@dataclass(frozen=True)
class Filed:
    application: Application
    routes: list[AreaRoute]  # empty when the form had been sent before
    created: bool


def _token(form_token: str) -> str:
    token = (form_token or "").strip()
    if not token or len(token) > TOKEN_MAX or not token.isascii():
        raise ValidationError({"form_token": _("Skjemaet er utløpt. Fyll det ut på nytt.")})
    return token


@transaction.atomic
def application_submit_by_citizen(
    *,
    acting_user: User,
    pid: str,
    person: Person,
    form_token: str,
    need: str,
    what_matters: str = "",
    wished_services: Iterable[Service] = (),
    urgent: bool = False,
    consent_gp: bool = False,
    consent_hospital: bool = False,
    consent_nav: bool = False,
    consent_share: bool = False,
    sign_method: str = "",
    sign_acr: str = "",
    received_on: datetime.date,
) -> Filed:
    """File the application the citizen (or their representative) signed by sending it with their login. The
    form's one-time token makes a second submit (back button, double click) return the first application."""
    token = _token(form_token)
    earlier = Application.objects.filter(form_token=token).first()
    if earlier is not None:
        if earlier.person_id != person.pk or earlier.submitted_by_id != acting_user.pk:
            raise ValidationError({"form_token": _("Skjemaet er utløpt. Fyll det ut på nytt.")})
        return Filed(earlier, [], created=False)
    if not (need or "").strip():
        raise ValidationError({"need": _("Skriv hva som er vanskelig i hverdagen, med dine egne ord.")})
    signer = citizen_signer(person=person, pid=pid, on=received_on)
    application = Application(
        municipality=person.municipality,
        person=person,
        need=need or "",
        what_matters=what_matters or "",
        urgent=urgent,
        consent_gp=consent_gp,
        consent_hospital=consent_hospital,
        consent_nav=consent_nav,
        consent_share=consent_share,
        signed_by=signer.signed_by,
        representative=signer.relative,
        received_on=received_on,
        channel=ApplicationChannel.DIGITAL,
        submitted_by=acting_user,
        signed_at=timezone.now(),
        sign_method=(sign_method or "")[:20],
        sign_acr=(sign_acr or "")[:64],
        form_token=token,
    )
    try:
        with transaction.atomic():
            application, routes = _application_file(
                application, wished_services=wished_services, actor=acting_user
            )
    except IntegrityError:  # the same form sent twice at the same moment: the first one won
        earlier = Application.objects.filter(form_token=token, person=person).first()
        if earlier is None:
            raise
        return Filed(earlier, [], created=False)
    attachments.attachments_bind(application=application, token=token, uploaded_by=acting_user)
    access_log_write(
        user=acting_user,
        person=person,
        action=AccessAction.CREATE,
        what=_("Sendte søknad på Min side"),
        reason=signer.log_reason,
    )
    return Filed(application, routes, created=True)
