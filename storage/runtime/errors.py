"""Why the database could not be made ready at start; the message tells the operator what to do."""


class DatabaseStartError(RuntimeError):
    """The data folder is in use, or the embedded server would not start."""
