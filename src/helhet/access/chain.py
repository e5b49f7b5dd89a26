"""The access log's hash chain: each row's keyed hash covers its content and the previous row's hash.

One chain per municipality. A writer moves the municipality's `AccessLogHead` on by the number of rows it
writes (an UPDATE, which locks the head row until the transaction ends), reads the hash of the row before
its first, numbers its rows, and hashes each with HMAC-SHA256 (key: settings.HELHET_ACCESS_LOG_KEY)
over a canonical form of its content and the previous hash. Because the head is locked, two writers never
append to the same link; on SQLite the IMMEDIATE transactions already serialize writers. `verify` walks a
chain and names the first broken link.

On PostgreSQL the database sets `at` to now() on insert (a trigger, so a backdated row cannot be slipped
in); now() is the transaction's start, so the writer reads the same value with the head and hashes that.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "v1"
GENESIS = "0" * 64
DEV_KEY = "helhet-access-log-development-key-not-for-production"

if TYPE_CHECKING:  # the models import this module
    from helhet.access.models import AccessLog


def _key() -> bytes:
    return (getattr(settings, "HELHET_ACCESS_LOG_KEY", "") or DEV_KEY).encode()


def canonical_time(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_digest(row: "AccessLog", previous_hash: str) -> str:
    """The keyed hash of one row (an AccessLog, or anything with its fields) after `previous_hash`."""
    content = [
        FORMAT,
        row.municipality_id,
        row.seq,
        previous_hash,
        canonical_time(row.at),
        row.person_id,
        row.user_id,
        row.action,
        row.what,
        row.reason,
        row.channel,
    ]
    message = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


_RESERVE = "UPDATE access_accessloghead SET seq = seq + %s WHERE municipality_id = %s RETURNING seq"
# SQLite serializes writers, so the previous row's hash can be read in the same statement.
_RESERVE_SQLITE = """
UPDATE access_accessloghead SET seq = seq + %s WHERE municipality_id = %s
RETURNING seq, (SELECT a.hash FROM access_accesslog a WHERE a.municipality_id = access_accessloghead.municipality_id
                AND a.seq = access_accessloghead.seq - %s)
"""
_PREVIOUS = "SELECT hash, now() FROM access_accesslog WHERE municipality_id = %s AND seq = %s"


def _reserve(municipality_id: int, count: int) -> tuple[Any, ...] | None:
    """Lock the municipality's chain head and move it on by `count`; return the last sequence number reserved,
    the hash of the row before the first, and (PostgreSQL) the database's now().

    On PostgreSQL the previous hash is read in a statement of its own: the UPDATE may have waited for another
    writer's commit, and under READ COMMITTED only a new statement sees that writer's rows."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_RESERVE_SQLITE, [count, municipality_id, count])
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row
        cursor.execute(_RESERVE, [count, municipality_id])
        reserved = cursor.fetchone()
        if reserved is None:
            return None
        last_seq = reserved[0]
        cursor.execute(_PREVIOUS, [municipality_id, last_seq - count])
        previous = cursor.fetchone()
        if previous is None:
            cursor.execute("SELECT now()")
            return last_seq, None, cursor.fetchone()[0]
        return last_seq, previous[0], previous[1]


def link(rows: Sequence["AccessLog"]) -> None:
    """Give unsaved AccessLog rows their time, sequence number and hash, moving their municipalities' heads.

    Must run inside the transaction that inserts the rows; one statement per municipality besides the insert.
    Heads are locked in municipality order, so writers for several municipalities cannot deadlock."""
    from helhet.access.models import AccessLogHead

    if not rows:
        return
    by_municipality: dict[int, list[AccessLog]] = {}
    for row in rows:
        by_municipality.setdefault(row.municipality_id, []).append(row)
    now = timezone.now()
    for municipality_id in sorted(by_municipality):
        batch = by_municipality[municipality_id]
        reserved = _reserve(municipality_id, len(batch))
        if reserved is None:  # the municipality's first row ever
            AccessLogHead.objects.bulk_create(
                [AccessLogHead(municipality_id=municipality_id)], ignore_conflicts=True
            )
            reserved = _reserve(municipality_id, len(batch))
        assert reserved is not None  # the head exists now
        last_seq, previous = reserved[0], reserved[1] or GENESIS
        if len(reserved) > 2:
            now = reserved[2]
        seq = last_seq - len(batch)
        for row in batch:
            seq += 1
            row.at = now
            row.seq = seq
            row.hash = row_digest(row, previous)
            previous = row.hash


@dataclass(frozen=True)
class BrokenLink:
    """The first place a chain does not hold: the row (if there is one), its time, and what is wrong."""

    municipality_id: int
    row_id: int | None
    at: datetime.datetime | None
    seq: int
    problem: str


@dataclass(frozen=True)
class ChainReport:
    municipality_id: int
    rows: int
    head_seq: int
    head_hash: str
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _rows(municipality_id: int) -> Iterator["AccessLog"]:
    from helhet.access.models import AccessLog

    return (
        AccessLog.objects.filter(municipality_id=municipality_id)
        .order_by("seq", "pk")
        .only(
            "pk",
            "municipality_id",
            "seq",
            "hash",
            "at",
            "person_id",
            "user_id",
            "action",
            "what",
            "reason",
            "channel",
        )
        .iterator(chunk_size=5000)
    )


def verify(municipality_id: int) -> ChainReport:
    """Walk a municipality's chain from the first row; stop at the first broken link."""
    from helhet.access.models import AccessLogHead

    head = AccessLogHead.objects.filter(pk=municipality_id).first()
    head_seq = head.seq if head else 0
    previous, expected_seq, count = GENESIS, 1, 0

    def report(broken: BrokenLink | None = None) -> ChainReport:
        return ChainReport(municipality_id, count, head_seq, "" if previous == GENESIS else previous, broken)

    for row in _rows(municipality_id):
        count += 1
        if row.seq != expected_seq:
            if row.seq < expected_seq:
                problem = f"løpenummer {row.seq} finnes to ganger eller står i feil rekkefølge"
            else:
                problem = f"rad(er) med løpenummer {expected_seq}–{row.seq - 1} mangler (slettet)"
            return report(BrokenLink(municipality_id, row.pk, row.at, row.seq, problem))
        if not hmac.compare_digest(row.hash, row_digest(row, previous)):
            problem = "hash stemmer ikke med innholdet og forrige rad: raden er endret, eller satt inn utenom Helhet"
            return report(BrokenLink(municipality_id, row.pk, row.at, row.seq, problem))
        previous = row.hash
        expected_seq += 1
    if head_seq != expected_seq - 1:
        problem = (
            f"kjedehodet sier løpenummer {head_seq}, men siste rad har {expected_seq - 1} "
            "(rader på slutten er slettet, eller hodet er endret)"
        )
        return report(BrokenLink(municipality_id, None, None, expected_seq - 1, problem))
    return report()
