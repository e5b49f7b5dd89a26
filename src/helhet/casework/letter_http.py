"""HTTP answers for letters, shared by the pages and the API: a sent letter is served as its stored bytes
with their SHA-256 (ETag and X-Content-SHA256); a draft is rendered live and never cached."""

from django.http import HttpResponse, HttpResponseNotModified

from helhet.casework import letter_store, letters


def stored(request, letter) -> HttpResponse:
    etag = f'"{letter.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(letter_store.pdf_bytes(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{letter_store.filename(letter)}"'
    response["ETag"] = etag
    response["X-Content-SHA256"] = letter.sha256
    response["Cache-Control"] = "private, no-cache"
    return response


def draft(decision) -> HttpResponse:
    response = HttpResponse(letters.decision_letter(decision).pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="utkast-vedtak-{decision.pk}-sak-{decision.case_id}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
