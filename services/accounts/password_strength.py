"""Refuses common and easily guessed passwords, offline: zxcvbn's frequency lists and pattern matching."""

from zxcvbn import zxcvbn

MIN_SCORE = 3  # zxcvbn's 0–4 scale; 3 = "safely unguessable: moderate protection from an offline slow-hash attack"
CHECKED_PREFIX = 72  # zxcvbn refuses longer input; its cost grows with length, and the first 72 characters decide
WEAK = "This password is too easy to guess."


def weakness(password: str, *, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why the password is too weak (zxcvbn's own warning and suggestion), or None. Takes a few milliseconds."""
    result = zxcvbn(password[:CHECKED_PREFIX], user_inputs=list(user_inputs))
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    parts = [feedback.get("warning") or WEAK, *feedback.get("suggestions", [])[:1]]
    return " ".join(part if part.endswith(".") else f"{part}." for part in parts if part)
