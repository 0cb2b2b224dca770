"""A logging filter that blanks portal link tokens (`t=…` in a query string) in every record,
whatever logger wrote it: the development server's request lines, Django's request warnings,
a proxy header echoed in an error."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"([?&]t=)[^&\s\"']+")


def redact(text: str) -> str:
    return _TOKEN.sub(r"\1[redacted]", text)


class RedactPortalTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
