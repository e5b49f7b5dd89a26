"""A crawl of the app as every role of the demo: from each start page, follow links breadth-first (same site,
no logout, no POST, a few pages of each kind) and find every server error, unexpected 403/404, page that
scrolls sideways on a phone (390 px) and serious or critical axe-core issue. Bounded in time: at most
PAGES_PER_ROLE pages and ROLE_SECONDS for each role (so every role is crawled, also on a busy machine).
The demo's citizens crawl Min side the same way: Anne Innbygger for herself, and Lene Berg as the mother of
Emma, 13, whose parents see only what parental responsibility needs."""

import re
import time
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from helhet.demo import citizens, citizens_family
from helhet.people.models import Person, Relative, Representation
from tests.browser.citizen_login import login_citizen_dev
from tests.browser.test_case_process import demo, log_in  # noqa: F401 (the demo fixture)
from tests.browser.test_worklist import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROLE_LOGINS = (
    "resepsjon",
    "saksbehandler",
    "tjenestekontorleder",
    "navleder",
    "tjenesteyter",
    "leder",
    "koordinator",
    "analytiker",
    "admin",
)
PAGES_PER_ROLE = 14
ROLE_SECONDS = 30
SKIPPED = re.compile(r"^/(logg-ut|logout|admin|api|static|media)(/|$)|/(logg-ut|logout)/")
SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
LINKS = "Array.from(document.querySelectorAll('a[href]')).filter(a => !a.hasAttribute('download')).map(a => a.href)"


def kind_of(path: str) -> str:
    """Pages of one kind share a path with the numbers taken out: one of each kind is enough."""
    return re.sub(r"\d+", "N", path)


def demo_citizen_logins() -> dict[str, str]:
    """name → fødselsnummer of the demo citizens who crawl Min side."""
    anne = Person.objects.get(first_name="Anne", last_name=citizens.LAST_NAME)
    mother = Relative.objects.get(
        person__first_name=citizens_family.CHILD_FIRST,
        person__last_name=citizens_family.CHILD_LAST,
        representation=Representation.PARENTAL_RESPONSIBILITY,
    )
    return {"innbygger Anne": anne.national_id, "innbygger Lene (mor)": mother.national_id}


def crawl_role(browser, live_server, username, axe, deadline, pid=""):
    """(url, what was wrong) for each finding, and how many pages were visited. With `pid`, a citizen."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    if pid:
        login_citizen_dev(page, live_server.url, pid)
    else:
        log_in(page, live_server, username)
    base = urlsplit(live_server.url)
    start = page.url
    queue, seen, findings, visited = deque([(start, "start")]), {kind_of(urlsplit(start).path)}, [], 0
    while queue and visited < PAGES_PER_ROLE and time.monotonic() < deadline:
        url, found_on = queue.popleft()
        response = context.request.get(url, max_redirects=5)
        where = f"{username} {urlsplit(url).path}?{urlsplit(url).query} (link on {found_on})"
        if response.status >= 500:
            findings.append(f"{where}: server error {response.status}")
            continue
        if response.status in (403, 404):
            findings.append(f"{where}: {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(url)
        visited += 1
        if page.evaluate(SIDEWAYS):
            width = page.evaluate("document.documentElement.scrollWidth")
            findings.append(f"{where}: scrolls sideways at 390 px ({width} px wide)")
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
        )
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:2]
                findings.append(f"{where}: axe {violation['id']} ({violation['impact']}) {targets}")
        here = urlsplit(page.url).path
        for href in page.evaluate(LINKS):
            link, _fragment = urldefrag(urljoin(page.url, href))
            parts = urlsplit(link)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or SKIPPED.search(parts.path):
                continue
            if kind_of(parts.path) in seen:
                continue
            seen.add(kind_of(parts.path))
            queue.append((link, here))
    context.close()
    return findings, visited


def test_every_role_crawls_the_app_without_errors_sideways_scrolling_or_axe_issues(
    browser,
    live_server,
    demo,  # noqa: F811
    axe,
    settings,
):
    settings.HELHET_CITIZEN_DEV_LOGIN = True
    findings, visited = [], {}
    logins = {username: "" for username in ROLE_LOGINS} | demo_citizen_logins()
    for username, pid in logins.items():
        deadline = time.monotonic() + ROLE_SECONDS
        found, visited[username] = crawl_role(browser, live_server, username, axe, deadline, pid)
        findings += found
    print(f"crawled pages per role: {visited}")
    assert all(count > 0 for count in visited.values()), f"a role's crawl never started: {visited}"
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings)
