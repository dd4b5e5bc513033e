"""Text that must stay on one line: names, titles, roles. Used by every app's fields."""

import re

from django.core.exceptions import ValidationError

# C0 control characters (CR, LF, tab and NUL among them), DEL, and the other characters
# Python and mail readers treat as line breaks.
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
SINGLE_LINE_MESSAGE = (
    "Keep this on one line: line breaks, tabs and other control characters cannot be used here."
)


def validate_single_line(value: object) -> None:
    if isinstance(value, str) and NOT_ONE_LINE.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


def one_line(text: str) -> str:
    """The text with each run of control characters and spaces made one space: for mail
    headers, where a line break would end the header (and fail the whole message)."""
    return re.sub(rf"(?:{NOT_ONE_LINE.pattern}|\s)+", " ", text).strip()
