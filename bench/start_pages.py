"""Server time of the analyst's and the administrator's start pages and of a person search, with the
EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helhet_x .venv/bin/python bench/start_pages.py
    … bench/start_pages.py --repeat 20 --explain-to bench/explain --suffix after

For each page: the median and p95 wall time over --repeat requests (after one warm-up) through Django's test
client as the demo user (second factor passed, as bench/page_cost.py), the SQL time and query count of the
same requests, and the slowest query of one request. With --explain-to, that query's plan is written to
<dir>/<page>_<suffix>.txt. Searches write access-log rows as in production: run it on a bench database only.
"""

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from page_cost import client_for, setup  # noqa: E402

PAGES = (
    ("analyst_start", "analytiker", "/"),
    ("admin_start", "admin", "/"),
    ("person_search", "resepsjon", "/personer/?q=hansen"),
    ("person_search_ha", "resepsjon", "/personer/?q=ha"),
    ("person_search_rare", "resepsjon", "/personer/?q=ødegå"),
)


def timed_request(client, url: str) -> tuple[float, list[tuple[float, str, tuple]]]:
    from django.db import connection

    queries: list[tuple[float, str, tuple]] = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(url)
        wall = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return wall, queries


def explain(sql: str, params: tuple) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", default="")
    parser.add_argument("--explain-to", default="")
    parser.add_argument("--suffix", default="after")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    print(f"database {settings.DATABASES['default']['NAME']}, median and p95 of {args.repeat}")
    print(f"{'page':22} {'p50 ms':>7} {'p95 ms':>7} {'SQL ms':>7} {'queries':>8}  slowest query")
    for name, username, url in PAGES:
        if args.only not in name:
            continue
        client = client_for(username)
        timed_request(client, url)  # warm-up
        walls, sqls, counts, slowest = [], [], [], (0.0, "", ())
        for _ in range(args.repeat):
            wall, queries = timed_request(client, url)
            walls.append(wall)
            sqls.append(sum(q[0] for q in queries))
            counts.append(len(queries))
            slowest = max([slowest, *queries], key=lambda q: q[0])
        walls.sort()
        p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
        print(
            f"{name:22} {statistics.median(walls):7.1f} {p95:7.1f} {statistics.median(sqls):7.1f} "
            f"{int(statistics.median(counts)):8d}  {slowest[0]:.1f} ms: {slowest[1][:90]}",
            flush=True,
        )
        if args.explain_to and connection.vendor == "postgresql":
            plan = explain(slowest[1], slowest[2])
            out = pathlib.Path(args.explain_to) / f"{name}_{args.suffix}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            sql = connection.ops.compose_sql(slowest[1], slowest[2])
            out.write_text(f"-- {url} as {username}\n{sql}\n\n{plan}\n")


if __name__ == "__main__":
    main()
