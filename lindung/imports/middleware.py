"""Refuse an upload larger than any page accepts from its declared length, before its body is read."""

from django.shortcuts import render

from lindung.lib.sheets import MAX_WORKBOOK_BYTES

# The multipart envelope and the form's other fields ride along with the file.
MAX_REQUEST_BYTES = MAX_WORKBOOK_BYTES + 1024 * 1024


class UploadLimitMiddleware:
    """Django reads a whole request body before a view can look at the file's size; this looks first.

    DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, so a 200 MB CSV used to be
    received in full before it was refused. The biggest thing any page takes is
    one import file, so the limit holds for every URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            response = render(
                request,
                "imports/upload_too_large.html",
                {"size_mb": round(length / 1024 / 1024), "max_mb": MAX_WORKBOOK_BYTES // 1024 // 1024},
                status=413,
            )
            return response
        return self.get_response(request)
