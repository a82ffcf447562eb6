"""Shared typing of raw MongoDB documents, and the one parser of ids that come from outside."""

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

Document = dict[str, Any]


def parse_object_id(value: str) -> ObjectId | None:
    """None for anything that is not a well-formed ObjectId: a guessed or malformed id finds nothing."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        return None
