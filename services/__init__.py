"""Use cases and domain rules. Never imports nicegui; reaches MongoDB only through storage/."""
