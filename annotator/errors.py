"""The one exception type: a message a teacher can act on."""


class AnnotatorError(Exception):
    """Bad input. The message names the file, the item or field, and what to do."""

    def __init__(self, message: str, *, path: object = None, field: str | None = None,
                 code: str | None = None):
        self.path = None if path is None else str(path)
        self.field = field
        self.code = code  # what kind of problem, for tallies (gradebook.REASONS); may be None
        where = ", ".join(part for part in (self.path, field) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message
