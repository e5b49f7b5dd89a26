"""An attachment as a download: its bytes as sent, never rendered in the browser's own origin."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from helhet.intake.models import ApplicationAttachment


def attachment_response(attachment: ApplicationAttachment) -> HttpResponse:
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
