"""Downloading an answer's file (GET /attachments/<id>/).

Files are never served from MEDIA_URL: an agency's answer may carry residents' personal data, so a
file is given only to a user who may see its message, checked in the same query that finds it.
A file the user may not see is a 404, as its message is.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from feedback.access import visible_messages
from feedback.models import AnswerAttachment


@login_required
@require_GET
def download(request, pk: int):
    attachment = AnswerAttachment.objects.filter(pk=pk, answer__message__in=visible_messages(request.user).values("pk")).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    # Always a download, never shown inline: an uploaded HTML file must not run in the portal's origin.
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
