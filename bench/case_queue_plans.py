"""The case queue with its deadline board (/saker/) at scale: each query's plan and the page's server time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helhet_copy .venv/bin/python bench/case_queue_plans.py \
        --users saksbehandler,tjenestekontorleder --pages 1,50 --repeat 10 --save bench/explain/case_queue_after.txt

For each user and queue page it asks the page once to capture its queries, runs EXPLAIN (ANALYZE, BUFFERS)
of every SELECT of it (PostgreSQL only), prints each query's execution time and the rows it read, and times
--repeat requests through Django's test client (median and p95 of the server time, and of the SQL time of
the same requests). --save writes the plan of the slowest query seen to that file. Every request writes its
access-log rows as in production: run it on a copy of a bench database, never on shared data.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_cost import client_for, setup  # noqa: E402


def _explain(cursor, sql: str, params) -> tuple[float, str]:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    ms = float(plan.rsplit("Execution Time: ", 1)[1].split(" ms")[0])
    return ms, plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="saksbehandler,tjenestekontorleder")
    parser.add_argument("--pages", default="1,50", help="queue pages to ask for (?side=)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--save", default="", help="write the slowest query's plan here")
    args = parser.parse_args()
    setup()
    from django.db import connection

    slowest: tuple[float, str, str] = (0.0, "", "")
    for username in args.users.split(","):
        client = client_for(username)
        for page in args.pages.split(","):
            url = "/saker/" if page == "1" else f"/saker/?side={page}"
            assert client.get(url).status_code == 200  # warm-up
            captured: list[tuple[str, object]] = []

            def keep(execute, sql, params, many, context, captured=captured):
                captured.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(keep):
                client.get(url)
            print(f"\n{username} {url}: {len(captured)} queries")
            total = 0.0
            with connection.cursor() as cursor:
                for sql, params in captured:
                    if not sql.lstrip().upper().startswith("SELECT") or "FOR UPDATE" in sql:
                        continue
                    ms, plan = _explain(cursor, sql, params)
                    total += ms
                    print(f"  {ms:8.2f} ms  {sql[:150]}")
                    if ms > slowest[0]:
                        slowest = (ms, f"{username} {url}\n\n{sql}\n\nparams: {params!r}", plan)
            print(f"  {total:8.2f} ms in all (EXPLAIN ANALYZE execution times of the SELECTs)")
            wall, sql_ms = [], []
            for _ in range(args.repeat):
                spent: list[float] = []

                def timer(execute, sql, params, many, context, spent=spent):
                    started = time.perf_counter()
                    try:
                        return execute(sql, params, many, context)
                    finally:
                        spent.append(time.perf_counter() - started)

                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    assert client.get(url).status_code == 200
                    wall.append((time.perf_counter() - started) * 1000)
                sql_ms.append(sum(spent) * 1000)
            wall.sort()
            p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
            print(
                f"  page: median {statistics.median(wall):.1f} ms, p95 {p95:.1f} ms; "
                f"SQL of the same requests: median {statistics.median(sql_ms):.1f} ms"
            )
    if args.save and slowest[0]:
        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(f"{slowest[1]}\n\n{slowest[2]}\n")
        print(f"\nslowest query ({slowest[0]:.1f} ms) written to {args.save}")


if __name__ == "__main__":
    main()
