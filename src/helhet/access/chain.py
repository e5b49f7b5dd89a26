"""The access log's hash chain: each row's keyed hash covers its content and the previous row's hash.

One chain per municipality. A writer locks the municipality's chain for its transaction (PostgreSQL: an
advisory lock per municipality; SQLite: the IMMEDIATE transaction's write lock), reads the chain's last row,
numbers its rows after it, and hashes each with HMAC-SHA256 (key: settings.HELHET_ACCESS_LOG_KEY) over a
canonical form of its content and the previous hash. Because of the lock, two writers never append to the
same link. Nothing mutable is kept besides the rows, so the application's database role needs only INSERT
and SELECT on the log. `verify` walks a chain and names the first broken link.

On PostgreSQL the database sets `at` to now() on insert (a trigger, so a backdated row cannot be slipped
in); now() is the transaction's start, so the writer reads the same value with the last row and hashes that.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


# Two-key advisory lock: (this namespace, the municipality's id), held until the transaction ends.
ADVISORY_NAMESPACE = 4_808_437
_LOCK = "SELECT pg_advisory_xact_lock(%s, %s)"
_LAST = """
SELECT now(), last.seq, last.hash FROM (SELECT 1) AS one LEFT JOIN (
  SELECT seq, hash FROM access_accesslog WHERE municipality_id = %s ORDER BY seq DESC LIMIT 1
) AS last ON true
"""
_LAST_SQLITE = "SELECT seq, hash FROM access_accesslog WHERE municipality_id = %s ORDER BY seq DESC LIMIT 1"


def _last_link(municipality_id: int) -> tuple[int, str, datetime.datetime | None]:
    """Lock the municipality's chain for this transaction and return its last row's sequence number and hash
    (0 and the genesis hash for an empty chain) and, on PostgreSQL, the database's now().

    On PostgreSQL the last row is read in a statement after the lock's: the lock may have waited for another
    writer's commit, and under READ COMMITTED only a new statement sees that writer's rows. SQLite needs no
    lock of its own: the IMMEDIATE transaction holds the database's write lock from its start."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_LAST_SQLITE, [municipality_id])
            row = cursor.fetchone()
            return (row[0], row[1], None) if row else (0, GENESIS, None)
        cursor.execute(_LOCK, [ADVISORY_NAMESPACE, municipality_id])
        cursor.execute(_LAST, [municipality_id])
        now, seq, previous = cursor.fetchone()
        return (seq, previous, now) if seq is not None else (0, GENESIS, now)


def link(rows: Sequence["AccessLog"]) -> None:
    """Give unsaved AccessLog rows their time, sequence number and hash, after their chains' last rows.

    Must run inside the transaction that inserts the rows; per municipality one statement on SQLite and two on
    PostgreSQL (the lock, then the last row) besides the insert. Chains are locked in municipality order, so
    writers for several municipalities cannot deadlock. There is no mutable chain head: the last row is the
    head, so a row slipped in behind Helhet's back (which verify-access-log names, its hash being wrong)
    is followed like any other instead of blocking every writer."""
    if not rows:
        return
    by_municipality: dict[int, list[AccessLog]] = {}
    for row in rows:
        by_municipality.setdefault(row.municipality_id, []).append(row)
    for municipality_id in sorted(by_municipality):
        seq, previous, database_now = _last_link(municipality_id)
        now = database_now or timezone.now()
        for row in by_municipality[municipality_id]:
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
class Anchor:
    """A link noted earlier (from verify-access-log's output): row `seq` of a chain had hash `hash`."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        """'SEQ:HASH'; ValueError with a Norwegian message if it is not that."""
        seq, _, digest = text.partition(":")
        if (
            not seq.isdigit()
            or int(seq) < 1
            or len(digest) != 64
            or not all(c in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(
                "Et ankerpunkt skrives LØPENUMMER:HASH, for eksempel 1200:3f9a… (64 heksadesimale tegn)."
            )
        return cls(int(seq), digest)


@dataclass(frozen=True)
class ChainReport:
    municipality_id: int
    rows: int
    head_seq: int
    head_hash: str
    broken: BrokenLink | None
    breaks: int = 0

    @property
    def ok(self) -> bool:
        return self.broken is None


def _rows(municipality_id: int, after_seq: int, last_seq: int | None) -> Iterator["AccessLog"]:
    from helhet.access.models import AccessLog

    rows = AccessLog.objects.filter(municipality_id=municipality_id, seq__gt=after_seq)
    if last_seq is not None:
        rows = rows.filter(seq__lte=last_seq)
    return (
        rows.order_by("seq", "pk")
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


def verify(
    municipality_id: int,
    *,
    start: Anchor | None = None,
    expect: Sequence[Anchor] = (),
    stop: int | None = None,
) -> ChainReport:
    """Walk a municipality's chain from the first row (or from just after `start`, a link noted before older
    rows were deleted at the end of their retention, or before the key was changed) and name the first broken
    link. The walk goes on past a broken link from the hash stored there, so it counts every break and a row
    forged into the chain costs one break, not the rest of the chain. Each of `expect` must be in the chain
    with its hash: a link noted earlier (say, each night) that is gone means rows were cut off the end. With
    `stop`, the walk ends at that sequence number (the last row hashed with a key since changed)."""
    previous = start.hash if start else GENESIS
    expected_seq = (start.seq if start else 0) + 1
    expectations = {anchor.seq: anchor.hash for anchor in expect}
    count, breaks = 0, 0
    first: BrokenLink | None = None

    def broken(row: "AccessLog | None", seq: int, problem: str) -> None:
        nonlocal first, breaks
        breaks += 1
        if first is None:
            first = BrokenLink(
                municipality_id, row.pk if row else None, row.at if row else None, seq, problem
            )

    for row in _rows(municipality_id, expected_seq - 1, stop):
        count += 1
        if row.seq != expected_seq:
            if row.seq < expected_seq:
                broken(row, row.seq, f"løpenummer {row.seq} finnes to ganger eller står i feil rekkefølge")
            else:
                broken(
                    row,
                    row.seq,
                    f"rad(er) med løpenummer {expected_seq}–{row.seq - 1} mangler (slettet, eller denne raden "
                    "er satt inn utenom Helhet med et løpenummer for langt fram)",
                )
        elif not hmac.compare_digest(row.hash, row_digest(row, previous)):
            broken(
                row,
                row.seq,
                "hash stemmer ikke med innholdet og forrige rad: raden er endret, eller satt inn utenom Helhet",
            )
        if row.seq in expectations and expectations.pop(row.seq) != row.hash:
            broken(
                row,
                row.seq,
                "raden har ikke hashen som ble notert for dette løpenummeret (kjeden er byttet ut)",
            )
        previous = row.hash
        expected_seq = max(expected_seq, row.seq) + 1
    for seq in sorted(expectations):
        broken(
            None, seq, f"løpenummer {seq} ble notert tidligere, men finnes ikke (rader på slutten er slettet)"
        )
    head_hash = "" if previous == GENESIS else previous
    return ChainReport(municipality_id, count, expected_seq - 1, head_hash, first, breaks)
