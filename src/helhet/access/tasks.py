"""Background jobs of the access layer (run by `helhet db_worker`)."""

import logging

from django.db import connection
from django_tasks import task

from helhet.access import chain, guards
from helhet.core.models import Municipality

security_log = logging.getLogger("helhet.security")


class AccessLogChainBroken(Exception):
    """A nightly walk found a broken access-log chain (or missing guards): the job fails with it."""


@task()
def verify_access_log() -> int:
    """Nightly: walk every municipality's access-log chain, as `helhet verify-access-log` does.

    Each break is logged on helhet.security at ERROR with the municipality's number, the sequence number,
    the row's id and the problem (no person, user or content of the row); then the job fails, so the
    task's result is FAILED and the break is seen. Returns the number of rows walked."""
    failures: list[str] = []
    missing = guards.missing(connection)
    if missing:
        security_log.error("access_log_guards_missing triggers=%s; run helhet migrate", ",".join(missing))
        failures.append("guards")
    rows = 0
    for number, pk in Municipality.objects.order_by("number").values_list("number", "pk"):
        result = chain.verify(pk)
        rows += result.rows
        if result.ok:
            security_log.info(
                "access_log_verified municipality=%s rows=%s head_seq=%s",
                number,
                result.rows,
                result.head_seq,
            )
            continue
        broken = result.broken
        assert broken is not None  # the chain is not whole
        security_log.error(
            "access_log_chain_broken municipality=%s seq=%s row=%s breaks=%s problem=%s; run "
            "`helhet verify-access-log --municipality %s` and follow the README's "
            "«Recovery notes for the access log»",
            number,
            broken.seq,
            broken.row_id if broken.row_id is not None else "-",
            result.breaks,
            broken.problem,
            number,
        )
        failures.append(number)
    if failures:
        raise AccessLogChainBroken(f"access log not whole: {', '.join(failures)}")
    return rows
