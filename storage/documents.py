"""Shared typing of raw MongoDB documents."""

from typing import Any

Document = dict[str, Any]
