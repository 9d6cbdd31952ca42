"""The one exception type: a message a teacher can act on."""


class AnnotatorError(Exception):
    """Bad input. The message names the file, the item or field, and what to do."""

    def __init__(self, message: str, *, path: object = None, field: str | None = None,
                 code: str | None = None):
        self.path = None if path is None else writable(str(path))
        self.field = field
        self.code = code  # what kind of problem, for tallies (gradebook.REASONS); may be None
        message = writable(message)
        where = ", ".join(part for part in (self.path, field) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython asks for this), the message alone, in red, instead of a
        screen of traceback through the package: the message says what to do."""
        return [f"\x1b[31m{type(self).__name__}\x1b[0m: {self}"]


def writable(text: str) -> str:
    """``text`` as UTF-8 can hold it: a file name that is not UTF-8 (a zip unpacked on Linux
    with Windows names) comes from the system with lone surrogates, which no table, report or
    terminal can take; they are written as escapes ("\\udcff")."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
