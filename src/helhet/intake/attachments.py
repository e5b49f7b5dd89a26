"""Vedlegg to an application: checked by their bytes, kept as a draft while the form is filled in, bound to
the application when it is sent and never changed after that.

A file is accepted when its first bytes say PDF, JPEG or PNG, whatever its name or the browser's content type
says; it is at most HELHET_ATTACHMENT_MAX_BYTES, and an application has at most HELHET_ATTACHMENT_MAX_FILES.
"""

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.models import User
from helhet.intake.models import Application, ApplicationAttachment, AttachmentType
from helhet.people.models import Person

# What the first bytes of each accepted type are (the file's "magic number").
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", AttachmentType.PDF),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
)
_EXTENSION = {AttachmentType.PDF: ".pdf", AttachmentType.JPEG: ".jpg", AttachmentType.PNG: ".png"}
NAME_MAX = 200
# A draft no one sent is removed after this long (the next upload by the same person clears it).
DRAFT_HOURS = 24


def max_files() -> int:
    return settings.HELHET_ATTACHMENT_MAX_FILES


def max_bytes() -> int:
    return settings.HELHET_ATTACHMENT_MAX_BYTES


def size_text(size: int) -> str:
    """A size in plain words: «2,4 MB», «310 kB»."""
    if size >= 1024 * 1024:
        number = f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")
        return _("%(n)s MB") % {"n": number}
    return _("%(n)s kB") % {"n": max(1, round(size / 1024))}


def sniff(head: bytes) -> str | None:
    """The accepted type the bytes begin with, or None."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def clean_name(name: str, content_type: str) -> str:
    """The file's own name without folders or control characters, at most NAME_MAX long, with an ending
    that says what it is."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".") or _("vedlegg")
    ending = _EXTENSION[AttachmentType(content_type)]
    if not base.lower().endswith(ending) and not (ending == ".jpg" and base.lower().endswith(".jpeg")):
        base = f"{base}{ending}"
    if len(base) > NAME_MAX:
        base = base[: NAME_MAX - len(ending)] + ending
    return base


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes


def check_file(name: str, content: bytes, *, size: int | None = None) -> CheckedFile:
    """The file if it is an accepted type by its bytes and within the size limit; else a Norwegian error
    that names the file. `size` is the whole file's when only its beginning was read (a huge upload)."""
    shown = re.split(r"[\\/]", name or "")[-1][:80].replace("\x00", "") or _("filen")
    size = max(size or 0, len(content))
    if not size:
        raise ValidationError(_("«%(name)s» er tom.") % {"name": shown}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("«%(name)s» er for stor (%(size)s). Hver fil kan være på høyst %(max)s.")
            % {"name": shown, "size": size_text(size), "max": size_text(max_bytes())},
            code="too_large",
        )
    content_type = sniff(content[:16])
    if content_type is None:
        raise ValidationError(
            _(
                "«%(name)s» er ikke en PDF, JPEG eller PNG. Lagre eller skann dokumentet som PDF og prøv igjen."
            )
            % {"name": shown},
            code="bad_type",
        )
    return CheckedFile(name=clean_name(name, content_type), content_type=content_type, content=content)


def drafts(*, person: Person, token: str, uploaded_by: User) -> QuerySet[ApplicationAttachment]:
    """The files uploaded to this form so far (without their bytes)."""
    if not token:
        return ApplicationAttachment.objects.none()
    return (
        ApplicationAttachment.objects.filter(
            person=person, draft_token=token, uploaded_by=uploaded_by, application__isnull=True
        )
        .defer("content")
        .order_by("uploaded_at", "pk")
    )


@transaction.atomic
def attachment_draft_add(
    *,
    acting_user: User,
    person: Person,
    token: str,
    files: Iterable[tuple[str, bytes] | tuple[str, bytes, int]],
) -> list[ApplicationAttachment]:
    """Check and keep files for the form with `token`; all or none. Refused in Norwegian when a file is not
    accepted or the form would have more than max_files(). Old drafts of the same uploader are cleared."""
    if not token or len(token) > 64:
        raise ValidationError({"attachments": _("Skjemaet er utløpt. Last siden på nytt og prøv igjen.")})
    checked = []
    errors = []
    for name, content, *whole in files:
        try:
            checked.append(check_file(name, content, size=whole[0] if whole else None))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    stale = timezone.now() - datetime.timedelta(hours=DRAFT_HOURS)
    ApplicationAttachment.objects.filter(
        uploaded_by=acting_user, application__isnull=True, uploaded_at__lt=stale
    ).delete()
    already = drafts(person=person, token=token, uploaded_by=acting_user).count()
    if already + len(checked) > max_files():
        raise ValidationError(
            {
                "attachments": _(
                    "Du kan legge ved høyst %(max)d filer. Du har allerede %(already)d og prøvde å legge til "
                    "%(new)d. Fjern noen, eller samle flere sider i én PDF."
                )
                % {"max": max_files(), "already": already, "new": len(checked)}
            }
        )
    return [
        ApplicationAttachment.objects.create(
            municipality_id=person.municipality_id,
            person=person,
            draft_token=token,
            name=file.name,
            content_type=file.content_type,
            size=len(file.content),
            sha256=hashlib.sha256(file.content).hexdigest(),
            content=file.content,
            uploaded_by=acting_user,
        )
        for file in checked
    ]


@transaction.atomic
def attachment_draft_remove(*, acting_user: User, person: Person, token: str, ids: Iterable[int]) -> int:
    """Take files off the form before it is sent; how many were removed."""
    removed, _detail = (
        drafts(person=person, token=token, uploaded_by=acting_user).filter(pk__in=list(ids)).delete()
    )
    return removed


def attachments_bind(*, application: Application, token: str, uploaded_by: User) -> int:
    """Inside the submit's transaction: the form's files become the application's, for good."""
    pending = drafts(person=application.person, token=token, uploaded_by=uploaded_by)
    if pending.count() > max_files():
        raise ValidationError(
            {"attachments": _("Du kan legge ved høyst %(max)d filer.") % {"max": max_files()}}
        )
    return pending.update(application=application, draft_token="")


def attachments_for_person(person: Person) -> list[ApplicationAttachment]:
    """The files the person's sent applications carry, newest first, without their bytes (Min side)."""
    return list(
        ApplicationAttachment.objects.filter(person=person, application__isnull=False)
        .select_related("application")
        .defer("content", "application__need", "application__what_matters")
        .order_by("-uploaded_at", "-pk")
    )


def attachments_for_application(application: Application) -> list[ApplicationAttachment]:
    return list(application.attachments.defer("content").order_by("uploaded_at", "pk"))
