"""Typed failures of reading a file. The extraction core turns them into error rows."""

from __future__ import annotations

import re

# A line break and the spaces around it: an error row is one line, whatever a library says.
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


class ReadError(Exception):
    """A file could not be read (or only partly).

    ``error_type`` is a short CamelCase class of failure that lands in
    ``extraction_errors.error_type`` (EncryptedPDF, CorruptFile, UnsupportedFormat,
    EmptyFile, NoTextLayer, ...); ``message`` is one line a person can act on (line
    breaks in what it is given, e.g. a quoted library error, become one space).
    """

    def __init__(self, error_type: str, message: str) -> None:
        message = _LINE_BREAK.sub(" ", message).strip()
        super().__init__(message)
        self.error_type = error_type
        self.message = message

    def __str__(self) -> str:
        return self.message
