"""Nynorsk on the citizen's door (issue 13): every text a citizen reads on Min side and the public
service pages has a nynorsk translation, the language switch works without JavaScript and keeps the page,
and the pages then answer in nynorsk, in words as plain as the bokmål ones."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from helhet.casework.models import Status
from helhet.core.calendar import local_today
from helhet.portal import citizen_cases
from tests.portal.citizen_cases_world import citizen_with_cases
from tests.portal.citizen_helpers import citizen_client
from tests.portal.po_file import read

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "helhet"
PO = PACKAGE / "locale" / "nn" / "LC_MESSAGES" / "django.po"

# What a citizen sees: Min side and the public pages (portal), the page frame and the shared pieces on it,
# the error pages, and the services whose refusals reach a citizen's form. Paths as the .po names them.
CITIZEN_FILES = (
    r"portal/templates/portal/.+\.html",
    r"portal/(citizen_\w+|representation|acting|forms|views|selectors|statements|crisis)\.py",
    r"templates/(base|400|403|404|422)\.html",
    r"templates/includes/(footer|language_switch|error_summary|field|breadcrumbs|confirm|confirm_page|pagination)\.html",
    r"intake/citizen_services\.py",
    r"casework/(messaging|exemption_reasons)\.py",
    # The letters: written in the person's målform (Person.written_form).
    r"casework/templates/casework/letters/.+\.html",
    r"casework/letters\.py",
)
CITIZEN = re.compile("|".join(f"(?:{pattern})" for pattern in CITIZEN_FILES))
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]")


def citizen_entries():
    return [e for e in read(PO) if e.msgid and not e.obsolete and any(CITIZEN.fullmatch(f) for f in e.files)]


def test_every_citizen_text_has_a_nynorsk_translation_with_the_same_placeholders():
    entries = citizen_entries()
    assert len(entries) > 500  # the whole door, not a sample
    for entry in entries:
        assert "fuzzy" not in entry.flags, entry.msgid
        forms = [entry.msgstr[k] for k in sorted(entry.msgstr)]
        assert forms and all(form.strip() for form in forms), entry.msgid
        for n, form in enumerate(forms):
            source = entry.msgid_plural if entry.msgid_plural and n > 0 else entry.msgid
            wanted = sorted(PLACEHOLDER.findall(source))
            got = sorted(PLACEHOLDER.findall(form))
            # The singular of a plural may say "one" in words instead of %(n)s.
            if entry.msgid_plural and n == 0 and "%(n)s" not in source:
                wanted = [p for p in wanted if p != "%(n)s"]
            assert got == wanted, (entry.msgid, form)


LITERAL = re.compile(
    r"""\{%\s*translate\s+(["'])(.+?)\1|\b(?:_|gettext|gettext_lazy|pgettext)\(\s*(["'])((?:(?!\3).)+)\3\s*[,)]"""
)


def test_the_catalogue_is_up_to_date_with_the_citizen_code():
    """Every plain literal in the citizen's files is in the catalogue, so a new text cannot slip past
    untranslated (run makemessages -l nn and translate it)."""
    translated = {e.msgid for e in citizen_entries()}
    missing = []
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE).as_posix()
        if not path.is_file() or not CITIZEN.fullmatch(relative):
            continue
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2) or match.group(4)
            if "\\" not in text and text not in translated:
                missing.append((relative, text))
    assert not missing


def lix(texts: list[str]) -> float:
    """LIX (Björnsson's readability index): words per sentence + percentage of words longer than six letters."""
    text = " ".join(texts)
    words = re.findall(r"[^\W\d_]+", text)
    sentences = max(1, len(re.findall(r"[.!?:]+(?:\s|$)", text)))
    long_words = [w for w in words if len(w) > 6]
    return len(words) / sentences + 100 * len(long_words) / len(words)


def status_texts(language: str) -> list[str]:
    with translation.override(language):
        return [part for status in Status.values for part in citizen_cases.status_words(status)]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_status_explanations_are_plain_in_both_written_forms(language):
    # LIX below 30 is very easy text, 30-40 easy (everyday prose), 40-50 middling (newspapers), above 50
    # hard (official prose). The status of one's own case is read by everyone, often worried and not
    # always well: it should stay easy prose, below 35, in both written forms (today about 28 in bokmål
    # and 25 in nynorsk, whose short words "ikkje", "saka", "treng" count the same). A text that grows
    # official ("saksbehandlingen", "vedtaksbrevet") pushes it past.
    assert lix(status_texts(language)) < 35


# --- The switch and the pages in nynorsk ---


@pytest.fixture
def anne(world, case_worker, municipality):
    return citizen_with_cases(world, case_worker, municipality, today=local_today())[0]


def choose(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def switch_form(html: str) -> str:
    match = re.search(r'<form class="hh-language".*?</form>', html, re.S)
    assert match, "no language switch on the page"
    return match.group(0)


@pytest.mark.django_db
def test_the_switch_is_a_plain_form_that_keeps_the_page(client, anne):
    client = citizen_client(anne.national_id)
    cases = reverse("citizen:cases", args=[anne.pk])
    html = client.get(cases).content.decode()
    assert '<html lang="nb"' in html
    form = switch_form(html)
    assert 'method="post"' in form and f'action="{reverse("set_language")}"' in form
    assert f'name="next" value="{cases}"' in form
    assert "<legend" in form and "Målform" in form
    assert re.search(r'<button[^>]*name="language" value="nb"[^>]*>Bokmål</button>', form)
    assert re.search(r'<button[^>]*name="language" value="nn"[^>]*>Nynorsk</button>', form)
    assert "<script" not in form

    response = choose(client, "nn", cases)
    assert response.status_code == 302 and response["Location"] == cases


@pytest.mark.django_db
def test_min_side_answers_in_nynorsk_after_choosing_it(anne):
    client = citizen_client(anne.national_id)
    home = reverse("citizen:person", args=[anne.pk])
    choose(client, "nn", home)
    pages = {
        "citizen:person": ("Meldingar", "Meldinger"),
        "citizen:cases": ("Saka er avslutta", "Saken er avsluttet"),
        "citizen:apply": ("Kva er vanskeleg i kvardagen?", "Hva er vanskelig i hverdagen?"),
        "citizen:documents": ("Dokument i saka", "Dokumenter i saken"),
        "citizen:messages": (
            "Her kan du skrive til kommunen om ei sak",
            "Her kan du skrive til kommunen om en sak",
        ),
        "citizen:access_log": ("Kven har sett opplysningane mine", "Hvem har sett opplysningene mine"),
    }
    for name, (nynorsk, bokmal) in pages.items():
        html = client.get(reverse(name, args=[anne.pk])).content.decode()
        assert '<html lang="nn"' in html, name
        assert nynorsk in html, name
        assert bokmal not in html, name
        assert "Hopp til hovudinnhaldet" in html and "éi dør inn til helse" in html

    choose(client, "nb", home)
    html = client.get(reverse("citizen:cases", args=[anne.pk])).content.decode()
    assert '<html lang="nb"' in html and "Saken er avsluttet" in html


@pytest.mark.django_db
def test_the_public_service_pages_speak_nynorsk_without_logging_in(client, municipality):
    services = reverse("portal:services", args=[municipality.number])
    assert "Hva kan jeg få hjelp til?" in client.get(services).content.decode()
    response = choose(client, "nn", services)
    assert response["Location"] == services
    html = client.get(services).content.decode()
    assert '<html lang="nn"' in html and "Kva kan eg få hjelp til?" in html
    assert "Hva kan jeg få hjelp til?" not in html


@pytest.mark.django_db
def test_staff_pages_keep_bokmal_and_offer_no_switch(client, case_worker):
    client.force_login(case_worker)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="nb"' in html
    assert 'class="hh-language"' not in html


def test_the_access_log_keeps_a_citizens_reads_in_bokmal_whatever_the_page_language(anne):
    """Staff and auditors read the log: one wording, searchable, even when the citizen reads Min side in nynorsk."""
    from helhet.access.models import AccessLog

    client = citizen_client(anne.national_id)
    choose(client, "nn", "/innbygger/")
    assert 'lang="nn"' in client.get(reverse("citizen:messages", args=[anne.pk])).content.decode()
    assert AccessLog.objects.filter(person=anne).latest("pk").what == "Min side: meldinger"
