"""Playwright journeys in Debian's Chromium against a live server, each page scanned with axe-core."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

# Two test processes share two cores with their browsers and live servers: give a page 10 s, not 5, to
# show what it is waited for, so a busy machine slows a journey down instead of failing it.
expect.set_options(timeout=10_000)

CHROMIUM = os.environ.get("HELHET_CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("HELHET_REQUIRE_BROWSER"):
            raise pytest.UsageError(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; install Debian's chromium to run these")
        for item in items:
            if "tests/browser/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail on any serious or critical axe-core violation on the current page."""

    def check(page):
        # A dialog fading in is measured half transparent: let running transitions end first.
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000
        )
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{page.url}: " + "; ".join(bad)

    return check


from tests.browser.citizen_login import idporten_live, idporten_live_issuer  # noqa: E402, F401 (fixtures)
