"""Letters as PDF (WeasyPrint): the decision letter and the interim reply, in plain bokmål."""

from django.template.loader import render_to_string
from weasyprint import HTML

from helhet.casework import social
from helhet.casework.deadlines import appeal_deadline, appeal_weeks_of, interim_reply_due
from helhet.catalogue.models import PaymentRule


def _pdf(template: str, context: dict) -> bytes:
    return HTML(string=render_to_string(template, context)).write_pdf()


def decision_letter(decision) -> bytes:
    case = decision.case
    return _pdf(
        "casework/letters/decision.html",
        {
            "decision": decision,
            "case": case,
            "person": case.person,
            "municipality": case.municipality,
            "appeal_deadline": decision.appeal_deadline
            or appeal_deadline(decision.sent_on or case.received_on, weeks=appeal_weeks_of(decision)),
            "payment_rules": PaymentRule,
            "draft": decision.state != "sent",
            **social.letter_context(decision),
        },
    )


def interim_letter(case) -> bytes:
    return _pdf(
        "casework/letters/interim.html",
        {
            "case": case,
            "person": case.person,
            "municipality": case.municipality,
            "legal_due": interim_reply_due(case.received_on),
        },
    )
