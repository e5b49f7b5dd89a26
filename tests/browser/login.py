"""The login steps after the password in the browser: set up or type the second factor."""

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests import factories


def second_factor(page, username: str) -> None:
    """After «Logg inn» with the password: enrol (reading the secret from the page) or type the code
    (computed from the device in the DB); nothing for roles without a second factor."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).not_to_have_text("Logg inn i Helhet")
    title = heading.inner_text()
    if title == "Sett opp tofaktorinnlogging":
        secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.get_by_label("Engangskode").fill(factories.totp_code(key))
        page.get_by_role("button", name="Bekreft og logg inn").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(title)
    elif title == "Engangskode":
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Engangskode").fill(factories.totp_code(device.bin_key, after_t=device.last_t))
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(title)


def open_menu(page) -> None:
    """On a phone the menu sits behind «Meny»; on a wide screen (>= 1024 px) it is always shown."""
    button = page.locator("summary", has_text="Meny")
    if button.is_visible():
        button.click()


def open_insight(page, tool: str) -> None:
    """The leaders' and analysts' tools sit behind one menu entry, «Organisasjon og innsikt»."""
    open_menu(page)
    page.get_by_role("link", name="Organisasjon og innsikt").first.click()
    page.get_by_role("main").get_by_role("link", name=tool, exact=True).click()
