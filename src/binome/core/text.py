"""Sanitising text that comes from outside: what people type, paste or forge.

PostgreSQL refuses a NUL character in a text or JSON column, so a NUL typed, pasted or forged into any field
would turn a save (an autosave included) into a server error and lose what was typed. Other control characters
have no place in a name, an address or a note either. ``clean_text`` removes them all but the tab and the line
breaks; ``SanitiseInputMiddleware`` (``core.middleware``) applies it to every GET and POST value before a view
reads it, so forms, drafts and filters only ever see clean text.
"""

import re

from django.core.validators import MaxLengthValidator


# C0 controls but tab (\x09), line feed (\x0a) and carriage return (\x0d); DEL; C1 controls; the Unicode
# "noncharacters" U+FFFE and U+FFFF; lone surrogates (a broken UTF-16 pair cannot be stored as UTF-8).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """``value`` without control characters (tab and line breaks kept)."""
    return CONTROL.sub("", value)


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


DRAFT_MAX = 1000  # characters kept of a draft value whose field sets no limit (a number, a date, a choice)


def draft_value(value, max_length: int | None = None) -> str:
    """What a draft keeps of a typed value: clean text, cut at the field's ``max_length`` (``DRAFT_MAX`` if none),
    so that a pasted megabyte is neither stored nor shown again."""
    return clean_text(str(value))[: max_length or DRAFT_MAX]


def limit_length(field, max_length: int) -> None:
    """Give a form field (a model ``TextField``'s, say) a maximum length: validated, and told to the browser."""
    field.max_length = max_length
    field.validators.append(MaxLengthValidator(max_length))
    field.widget.attrs["maxlength"] = str(max_length)
