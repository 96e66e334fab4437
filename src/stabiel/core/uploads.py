"""Refuse oversized uploads while they stream in, so a 2 GB file never fills memory or disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the chain: counts bytes and stops the upload past IMPORT_MAX_BYTES.

    The request gets `upload_too_large = True`, which the view turns into a plain message.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.request.upload_too_large = False
        self.received = 0
        if content_length and content_length > settings.IMPORT_MAX_BYTES + 1_000_000:
            self.request.upload_too_large = True

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if getattr(self.request, "upload_too_large", False):
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
