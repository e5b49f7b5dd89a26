"""The outbox: where a stored letter leaves Helhet for the person (digital post, or printed and posted).

`Outbox` is the seam; the setting HELHET_OUTBOX names the implementation by dotted path. `LocalFileOutbox`
writes the letter's stored PDF bytes (checked against their SHA-256) and a JSON envelope under
HELHET_OUTBOX_DIR (default HELHET_DATA_DIR/outbox), one folder per channel, and reads receipts dropped
beside them. A SvarUt implementation (KS Fiks) is meant to take its place: docs/digital-post.md maps the
fields. An implementation must be idempotent per letter and channel: sending the same letter on the same
channel again returns the first receipt and never delivers twice.
"""

import datetime
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

DEFAULT_OUTBOX = "helhet.casework.outbox.LocalFileOutbox"


@dataclass(frozen=True)
class Recipient:
    """Whom the letter goes to, as printed in it. The national ID addresses digital post (the mailbox is
    found by it) and is left empty for paper."""

    name: str
    address: str
    channel: str
    national_id: str = ""


@dataclass(frozen=True)
class DeliveryReceipt:
    """The outbox's answer to a send: its own id for the shipment and when it took it."""

    reference: str
    sent_at: datetime.datetime


@dataclass(frozen=True)
class ReceiptEvent:
    """A receipt the outbox has for a letter: «levert» (available and notified), «åpnet», or «feilet»."""

    letter_id: int
    channel: str
    status: str
    at: str
    reason: str = ""
    token: str = ""  # the implementation's own handle, passed back to receipt_done


class OutboxError(Exception):
    """The send failed for now (the service is down, the disk is full): try again later."""


class Undeliverable(Exception):
    """The letter cannot go this way at all (no digital mailbox, refused): another channel must take it."""


class Outbox(Protocol):
    def send(self, letter, recipient: Recipient) -> DeliveryReceipt: ...

    def receipts(self) -> Iterator[ReceiptEvent]: ...

    def receipt_done(self, event: ReceiptEvent) -> None: ...


def outbox() -> Outbox:
    cls = import_string(getattr(settings, "HELHET_OUTBOX", DEFAULT_OUTBOX))
    return cls()


def letter_bytes(letter) -> bytes:
    """The stored bytes, refused if they no longer match the SHA-256 stored with them."""
    data = bytes(letter.pdf)
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise Undeliverable(_("Det lagrede brevet stemmer ikke med sin SHA-256; det sendes ikke."))
    return data


class LocalFileOutbox:
    """Letters as files: `<dir>/<channel>/<letter id>.pdf` and `<letter id>.json` (the envelope). A receipt is
    a file `<letter id>.receipt.json` dropped beside them ({"status": "levert"|"åpnet"|"feilet",
    "at": ISO date or time, "reason": ...}); once recorded it is renamed `<letter id>.receipt.recorded.json`.
    File names carry the letter id only, never a name or a national ID."""

    def __init__(self, root: Path | str | None = None) -> None:
        configured = getattr(settings, "HELHET_OUTBOX_DIR", "") or Path(settings.DATA_DIR) / "outbox"
        self.root = Path(root or configured)

    def _folder(self, channel: str) -> Path:
        return self.root / channel

    def send(self, letter, recipient: Recipient) -> DeliveryReceipt:
        data = letter_bytes(letter)
        folder = self._folder(recipient.channel)
        pdf, envelope = folder / f"{letter.pk}.pdf", folder / f"{letter.pk}.json"
        reference = f"local:{recipient.channel}/{letter.pk}"
        if envelope.exists() and pdf.exists():
            # Sent before (a retry after a lost answer): the same receipt, no second delivery.
            stored = json.loads(envelope.read_text(encoding="utf-8"))
            if stored.get("sha256") == letter.sha256 and hashlib.sha256(pdf.read_bytes()).hexdigest() == (
                letter.sha256
            ):
                return DeliveryReceipt(reference, datetime.datetime.fromisoformat(stored["sent_at"]))
        sent_at = timezone.now()
        body = {
            "letter_id": letter.pk,
            "case_id": letter.case_id,
            "kind": letter.kind,
            "title": letter.title,
            "channel": recipient.channel,
            "recipient": {"name": recipient.name, "address": recipient.address},
            "sha256": letter.sha256,
            "size": letter.size,
            "sent_at": sent_at.isoformat(),
        }
        if recipient.national_id:
            body["recipient"]["national_id"] = recipient.national_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(pdf, data)
            if hashlib.sha256(pdf.read_bytes()).hexdigest() != letter.sha256:
                raise OutboxError(_("Brevet som ble skrevet til utboksen stemmer ikke med sin SHA-256."))
            _write_atomic(envelope, json.dumps(body, ensure_ascii=False, indent=2).encode())
        except OSError as error:
            raise OutboxError(
                _("Kunne ikke skrive til utboksen (%(error)s).") % {"error": error.strerror or error}
            ) from error
        return DeliveryReceipt(reference, sent_at)

    def receipts(self) -> Iterator[ReceiptEvent]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("*/*.receipt.json")):
            stem = path.name.removesuffix(".receipt.json")
            if not stem.isdigit():
                continue
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                body = {}
            if not isinstance(body, dict):
                body = {}
            yield ReceiptEvent(
                letter_id=int(stem),
                channel=path.parent.name,
                status=str(body.get("status", ""))[:20],
                at=str(body.get("at", ""))[:40],
                reason=str(body.get("reason", ""))[:300],
                token=str(path),
            )

    def receipt_done(self, event: ReceiptEvent) -> None:
        path = Path(event.token)
        if path.exists():
            path.rename(path.with_name(f"{event.letter_id}.receipt.recorded.json"))


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
