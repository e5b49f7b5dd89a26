"""Letters as tagged PDF in Norwegian (WeasyPrint, PDF/UA-1): the decision letter and the interim reply.

Everything printed comes from the decision, the case and the legal regime in force; this module only renders.
What was sent is kept by `casework.letter_store`, which renders once at sending and stores the bytes.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from helhet.casework import social
from helhet.casework.deadlines import appeal_deadline, interim_reply_due
from helhet.casework.models import GRANTING, Outcome
from helhet.catalogue.models import PaymentRule
from helhet.catalogue.selectors import NoLegalRegime, regime_version_for, regime_version_for_area
from helhet.core.calendar import local_today
from helhet.organisation.models import Staff

PDF_VARIANT = "pdf/ua-1"
# Letters are written in the person's målform (Person.letter_language), bokmål unless nynorsk is chosen.
NUMBER_WORDS = {
    1: "én",
    2: "to",
    3: "tre",
    4: "fire",
    5: "fem",
    6: "seks",
    7: "sju",
    8: "åtte",
    9: "ni",
    10: "ti",
    11: "elleve",
    12: "tolv",
}


NYNORSK_NUMBER_WORDS = {**NUMBER_WORDS, 1: "éi"}  # «veke» is feminine in nynorsk


def weeks_in_words(weeks: int, language: str = "nb") -> str:
    """3 → «tre uker» (nynorsk «tre veker»), 1 → «én uke» («éi veke»): the appeal deadline as the letter
    says it."""
    if language == "nn":
        number = NYNORSK_NUMBER_WORDS.get(weeks, str(weeks))
        return f"{number} veke" if weeks == 1 else f"{number} veker"
    number = NUMBER_WORDS.get(weeks, str(weeks))
    return f"{number} uke" if weeks == 1 else f"{number} uker"


@dataclass(frozen=True)
class Letterhead:
    """The deciding office as it stands in the letterhead and the closing."""

    municipality: str
    office_name: str
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    phone: str = ""
    email: str = ""

    @property
    def postal_line(self) -> str:
        return f"{self.postal_code} {self.postal_place}".strip()


@dataclass(frozen=True)
class Signature:
    """Who signs the letter, as printed: name, title and office."""

    name: str
    title: str
    office: str

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.name, self.title, self.office) if part)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    title: str
    recipient_name: str
    recipient_address: str
    signature: Signature


@dataclass(frozen=True)
class AppealTerms:
    """The appeal paragraph of a decision letter, every part from the decision's legal regime version."""

    weeks: int
    deadline_rule: str
    deadline_start: str
    lodged_with: str
    body: str
    body_rule: str
    form_rule: str
    document_access_rule: str
    ombud_text: str = ""
    language: str = "nb"

    @property
    def weeks_in_words(self) -> str:
        return weeks_in_words(self.weeks, self.language)


def _version(decision):
    """The regime version the decision is decided under (fixed at sending; for a draft, the one it was made under)."""
    if decision.regime_version_id is not None:
        return decision.regime_version
    try:
        return regime_version_for(decision.service, decision.sent_on or local_today())
    except NoLegalRegime:
        raise ValidationError(
            {
                "service": _("Tjenesten %(service)s har ikke noe rettsregime; brevet kan ikke lages.")
                % {"service": decision.service}
            }
        ) from None


def _case_version(case, on: datetime.date):
    """The regime version of the case's service area, for letters that belong to the case (interim reply)."""
    version = regime_version_for_area(case.municipality_id, case.service_area, on)
    if version is None:
        raise ValidationError(
            {"service_area": _("Sakens tjenesteområde har ikke noe rettsregime; brevet kan ikke lages.")}
        )
    return version


def _letterhead(case, version) -> Letterhead:
    return Letterhead(
        municipality=case.municipality.name,
        office_name=version.office_name,
        street_address=version.street_address,
        postal_code=version.postal_code,
        postal_place=version.postal_place,
        phone=version.phone,
        email=version.email,
    )


def _appeal_terms(version, language: str) -> AppealTerms:
    return AppealTerms(
        language=language,
        weeks=version.appeal_weeks,
        deadline_rule=version.expand(version.appeal_deadline_rule),
        deadline_start=version.appeal_deadline_start,
        lodged_with=version.appeal_lodged_with,
        body=version.appeal_body,
        body_rule=version.expand(version.appeal_body_rule),
        form_rule=version.expand(version.appeal_form_rule),
        document_access_rule=version.expand(version.document_access_rule),
        ombud_text=version.ombud_text if version.names_ombud else "",
    )


def signature_for(user, letterhead: Letterhead) -> Signature:
    """The signer's name and title (their staff title, else «Saksbehandler») with the deciding office."""
    title = Staff.objects.filter(user=user).values_list("title", flat=True).first() or _("Saksbehandler")
    return Signature(name=user.display_name, title=title, office=letterhead.office_name)


def _recipient(person) -> tuple[str, str]:
    address = "\n".join(
        part
        for part in (person.street_address, f"{person.postal_code} {person.postal_place}".strip())
        if part
    )
    return person.full_name, address


def _render(template: str, context: dict, language: str) -> bytes:
    return HTML(string=_html(template, context, language)).write_pdf(pdf_variant=PDF_VARIANT)


def _html(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def _decision_letter_parts(decision) -> tuple[dict, Signature | None, str]:
    """The decision letter's context (the same for the PDF and the page's live preview), its signature and
    its language (the person's målform)."""
    language = decision.case.person.letter_language
    with translation.override(language):
        context, signature = _decision_letter_context(decision, language)
    return context, signature, language


def _decision_letter_context(decision, language: str) -> tuple[dict, Signature | None]:
    case = decision.case
    draft = decision.state != "sent"
    version = _version(decision).in_written_form(language)
    letterhead = _letterhead(case, version)
    signer = decision.decided_by if not draft else None
    signature = signature_for(signer, letterhead) if signer is not None else None
    title = _("Vedtak om %(service)s") % {"service": decision.service.name.lower()}
    if draft:
        title = _("UTKAST – %(title)s") % {"title": title}
    name, address = _recipient(case.person)
    notified_on = decision.sent_on or local_today()
    context = {
        "title": title,
        "decision": decision,
        "case": case,
        "person": case.person,
        "recipient_name": name,
        "recipient_address": address,
        "letterhead": letterhead,
        "signature": signature,
        "appeal": _appeal_terms(version, language),
        "appeal_deadline": decision.appeal_deadline
        or appeal_deadline(notified_on, weeks=version.appeal_weeks),
        "legal_basis": version.expand_all(decision.legal_basis),
        "advance_notice": _advance_notice(decision, version),
        "refused": decision.outcome in (Outcome.DENIED, Outcome.REJECTED),
        "reduction": _reduction(decision),
        "delivery_presumed": bool(decision.delivered_on_presumed),
        "payment_rules": PaymentRule,
        "draft": draft,
        **social.letter_context(decision),
    }
    return context, signature


def decision_letter(decision) -> Rendered:
    """The decision letter. A draft is rendered live and marked UTKAST on every page and in its title, unsigned;
    a sent decision is signed by the one who decided (decision.decided_by)."""
    context, signature, language = _decision_letter_parts(decision)
    return Rendered(
        pdf=_render("casework/letters/decision.html", context, language),
        title=context["title"],
        recipient_name=context["recipient_name"],
        recipient_address=context["recipient_address"],
        signature=signature or Signature("", "", context["letterhead"].office_name),
    )


def decision_letter_html(decision) -> str:
    """The letter's own HTML (what the PDF is made from) for the decision page's live preview of a draft."""
    context, _signature, language = _decision_letter_parts(decision)
    return _html("casework/letters/decision.html", context, language)


@dataclass(frozen=True)
class Reduction:
    """What a superseding decision takes away, said plainly (forvaltningsloven § 25: the change and why)."""

    before: str
    after: str
    stopped: bool


def _reduction(decision) -> Reduction | None:
    from helhet.casework.services import _reduces as reduces  # the rule that also demands the § 16 notice

    old = decision.supersedes
    if old is None or not reduces(decision):
        return None

    def scope(d) -> str:
        if d.scope_amount and d.scope_unit:
            return f"{d.scope_amount.normalize():f} {d.get_scope_unit_display()}".replace(".", ",")
        return d.service.name.lower()

    stopped = decision.outcome not in GRANTING
    return Reduction(before=scope(old), after="" if stopped else scope(decision), stopped=stopped)


@dataclass(frozen=True)
class AdvanceNotice:
    sent_on: datetime.date
    comment_by: datetime.date | None
    rule: str


def _advance_notice(decision, version) -> AdvanceNotice | None:
    """The § 16 advance notice as recorded: its date, and the comment deadline where one is recorded."""
    if decision.advance_notice_sent_on is None:
        return None
    return AdvanceNotice(
        sent_on=decision.advance_notice_sent_on,
        comment_by=getattr(decision, "advance_notice_comment_by", None),
        rule=version.expand(version.advance_notice_rule),
    )


def interim_letter(case, *, signer) -> Rendered:
    """The interim reply (foreløpig svar), signed by the case worker who sends it; the § 11 a reference and the
    letterhead from the regime of the case's service area on the day it is sent."""
    language = case.person.letter_language
    version = _case_version(case, case.interim_reply_sent_on or local_today()).in_written_form(language)
    letterhead = _letterhead(case, version)
    with translation.override(language):
        signature = signature_for(signer, letterhead)
        title = _("Foreløpig svar på søknaden din")
    name, address = _recipient(case.person)
    pdf = _render(
        "casework/letters/interim.html",
        {
            "title": title,
            "case": case,
            "person": case.person,
            "recipient_name": name,
            "recipient_address": address,
            "letterhead": letterhead,
            "signature": signature,
            "interim_rule": version.expand(version.interim_rule),
            "legal_due": interim_reply_due(case.received_on),
        },
        language,
    )
    return Rendered(pdf=pdf, title=title, recipient_name=name, recipient_address=address, signature=signature)
