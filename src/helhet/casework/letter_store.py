"""Letters frozen when sent: rendered once, in the sending transaction, and stored with their SHA-256.

The decision letter and the interim reply are stored as the bytes that were sent, with the name, address
and signature as printed. Nothing here updates a stored letter (the model and the database refuse it);
a download serves exactly the stored bytes.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.casework import delivery, letters
from helhet.casework.models import Case, CaseEvent, Decision, Letter, LetterKind
from helhet.core.history import history_record_create


def short_hash(sha256: str) -> str:
    return sha256[:12]


def _store(
    *, case: Case, decision: Decision | None, kind: str, rendered: letters.Rendered, acting_user, signer
):
    letter = Letter(
        case=case,
        decision=decision,
        kind=kind,
        title=rendered.title[:300],
        pdf=rendered.pdf,
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        size=len(rendered.pdf),
        rendered_at=timezone.now(),
        rendered_by=acting_user,
        recipient_name=rendered.recipient_name[:300],
        recipient_address=rendered.recipient_address[:500],
        signed_by=signer,
        signature=rendered.signature.text[:500],
    )
    letter.save()
    history_record_create(
        letter,
        actor=acting_user,
        fields=["kind", "title", "sha256", "size", "recipient_name", "signed_by"],
        scope=case,
    )
    CaseEvent.objects.create(
        case=case,
        actor=acting_user,
        kind="letter",
        text=(
            _("%(title)s laget og lagret som sendt (%(size)d byte, SHA-256 %(hash)s).")
            % {"title": letter.title, "size": letter.size, "hash": letter.sha256}
        )[:500],
    )
    # Queued for delivery in this transaction, sent once it commits (the day it is sent).
    delivery.letter_delivery_queue(letter=letter, acting_user=acting_user)
    return letter


@transaction.atomic
def decision_letter_store(*, decision: Decision, acting_user) -> Letter:
    """Render the letter of a decision that has just been sent and store it; signed by decision.decided_by."""
    if decision.state != "sent" or decision.decided_by_id is None:
        raise ValueError("Only a sent decision with the one who decided has a stored letter.")
    rendered = letters.decision_letter(decision)
    return _store(
        case=decision.case,
        decision=decision,
        kind=LetterKind.DECISION,
        rendered=rendered,
        acting_user=acting_user,
        signer=decision.decided_by,
    )


@transaction.atomic
def interim_letter_store(*, case: Case, acting_user) -> Letter:
    """Render the interim reply that has just been sent and store it; signed by the case worker who sent it."""
    if case.interim_reply_sent_on is None:
        raise ValueError("Only a sent interim reply has a stored letter.")
    rendered = letters.interim_letter(case, signer=acting_user)
    return _store(
        case=case,
        decision=None,
        kind=LetterKind.INTERIM_REPLY,
        rendered=rendered,
        acting_user=acting_user,
        signer=acting_user,
    )


def pdf_bytes(letter: Letter) -> bytes:
    """The stored bytes (PostgreSQL hands a BinaryField back as a memoryview)."""
    return bytes(letter.pdf)


def filename(letter: Letter) -> str:
    if letter.kind == LetterKind.DECISION:
        return f"vedtak-{letter.decision_id}-sak-{letter.case_id}.pdf"
    if letter.kind == LetterKind.INTERIM_REPLY:
        return f"forelopig-svar-sak-{letter.case_id}.pdf"
    return f"brev-{letter.pk}-sak-{letter.case_id}.pdf"
