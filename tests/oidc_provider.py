"""The local OpenID Connect provider of the tests (tests/oidc/provider.mjs), and a browser at its pages.

`running_provider(env)` starts the certified Node package `oidc-provider` on a free loopback port with
the clients the environment names (see provider.mjs), and yields its issuer. `at_provider` plays the user
at the provider's own login, consent and logout forms with `requests`, as a browser would, until the
provider sends the browser back to Helhet. Nothing of Helhet is mocked: Helhet talks to this provider over
HTTP as it would to the municipality's identity provider or to ID-porten.
"""

import contextlib
import logging
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"


@contextlib.contextmanager
def running_provider(env: dict[str, str]) -> Iterator[str]:
    """Start the test identity provider (npm ci first if its node_modules is missing); yield its issuer."""
    node = shutil.which("node")
    if node is None and os.environ.get("CI"):
        pytest.fail("Node.js is missing in CI: .ci/run installs it for the SSO tests' OIDC provider")
    if node is None:
        pytest.skip(
            "Node.js is not installed: the SSO tests run a real OIDC provider (oidc-provider) on node"
        )
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: needed once to install tests/oidc (npm ci)")
        subprocess.run(  # noqa: S603
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=PROVIDER_DIR,
            check=True,
            timeout=300,
        )
    errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(  # noqa: S603
        [node, "provider.mjs"],
        cwd=PROVIDER_DIR,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        watcher = selectors.DefaultSelector()
        watcher.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 20
        line = ""
        while time.monotonic() < deadline and not line.startswith("READY "):
            if process.poll() is not None:
                break
            if watcher.select(timeout=0.5):
                line = process.stdout.readline()
        if not line.startswith("READY "):
            process.kill()
            errors.seek(0)
            pytest.fail(f"the OIDC test provider did not start: {errors.read()[:2000]}")
        yield line.split()[1]
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        errors.seek(0)
        logging.getLogger(__name__).info("OIDC test provider said: %s", errors.read()[-4000:])
        errors.close()


class _Forms(HTMLParser):
    """The forms of a page: action, and the named inputs and buttons with their values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"id": attrs.get("id"), "action": attrs.get("action", ""), "fields": {}})
        elif tag in ("input", "button") and attrs.get("name"):
            owner = attrs.get("form")
            form = next((f for f in self.forms if f["id"] == owner), None) if owner else None
            form = form or (self.forms[-1] if self.forms else None)
            if form is not None and (tag == "input" or attrs.get("value")):
                form["fields"].setdefault(attrs["name"], attrs.get("value", ""))


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def at_provider(
    browser: requests.Session, url: str, login: str, seen: list[str], home: str = "http://testserver"
) -> str:
    """Play the user at the provider from `url` until it redirects back to `home`; return that URL.

    Fills in the provider's login form (any password), consent and logout forms; `seen` names the prompts
    met. A login of "!abort" follows the login page's «[ Cancel ]» link, as a user who cancels."""
    for _ in range(12):
        if url.startswith(home):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text[:500]
        forms = forms_of(response.text)
        assert forms, response.text[:500]
        form = forms[0]
        fields = dict(form["fields"])
        prompt = fields.get("prompt") or ("logout" if "xsrf" in fields else "?")
        seen.append(prompt)
        if prompt == "login" and login == "!abort":
            cancel = re.search(r'href="([^"]*/abort)"', response.text)
            assert cancel, response.text[:500]
            url = urljoin(url, cancel.group(1))
            continue
        if prompt == "login":
            fields.update(login=login, password="hva-som-helst")
        if prompt == "logout":
            fields["logout"] = "yes"
        response = browser.post(urljoin(url, form["action"]), data=fields, allow_redirects=False, timeout=10)
        assert response.is_redirect, response.text[:500]
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never sent the browser back to Helhet")
