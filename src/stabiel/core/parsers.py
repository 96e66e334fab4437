"""JSON bodies for every API: a body nested too deep is a parse error (400), not a crash.

Python's JSON decoder recurses once per nesting level; 100,000 levels of `[` raise
RecursionError, which DRF's JSONParser does not turn into a ParseError (it only catches
ValueError), so the request ended as a server error.
"""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deep") from error
