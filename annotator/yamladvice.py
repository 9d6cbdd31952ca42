"""What a teacher's YAML gets wrong, said so that they can put it right.

When YAML cannot read a key, ``yaml_problem`` names the line and its likely cause (a tab, a
field or an item's dash out of line, an unquoted ': ', an unclosed quote), and every other line
with the same kind of slip. When YAML reads a key, but not as written, ``cut_by_comments`` (a
'#' that cut a why) and ``ids_not_as_written`` (``id: yes`` read as true) say so, and
``repeated_key`` explains a field written twice. ``annotator.key`` reads keys and calls these.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from annotator.key import RepeatedKeyError


_FIELD_LINE = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?\s*$")


def yaml_problem(text: str, exc: yaml.YAMLError, field_names: Collection[str]) -> str:
    """What YAML could not read, where, and what to do; with every other line that has one
    of the common problems (a tab, a field or an item's dash indented unlike the others, an
    unquoted ': '), so that one round finds them all. ``field_names``: the fields of the
    key's format, whose lines must line up."""
    lines = text.splitlines()
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    hints = _line_hints(lines, field_names, mark.line if mark else None)
    if mark and opened and "quoted scalar" in str(getattr(exc, "context", "")) and \
            opened.line != mark.line and opened.line < len(lines):
        shown = _shown(lines[opened.line])
        quote = lines[opened.line][opened.column:opened.column + 1] or '"'
        to = "the end of the file" if mark.line >= len(lines) - 1 else f"line {mark.line + 1}"
        message = (f"is not valid YAML: the {quote} opened on line {opened.line + 1} ({shown}) "
                   f"is never closed, so YAML read on to {to}. Close it with a {quote} at "
                   "the end of that line's text.")
        lines_done = {opened.line}
    else:
        where = f" at line {mark.line + 1}" if mark else ""
        # YAML often stops a line after the slip ('label:hedge' is read on into the next line)
        cause = next((n for n in (mark.line, mark.line - 1) if n in hints), None) if mark \
            else None
        hint = hints[cause] if cause is not None else "Check the indentation and quoting there."
        message = f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}. {hint}"
        lines_done = {cause} if cause is not None else set()
    others = [hint for n, hint in sorted(hints.items()) if n not in lines_done]
    if others:
        message += ("\nThese lines have the same kind of problem; put them right too:\n" +
                    "\n".join(f"  {hint}" for hint in others))
    return message


def _shown(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 80 else line[:77] + "…"


@dataclass
class _Field:
    """A field line met on the way down the file: where it is and where it belongs."""

    n: int
    found: re.Match
    column: int  # where its name is
    belongs: int  # where its name should be: the column siblings below must line up with


def _line_hints(lines: list[str], field_names: Collection[str],
                error_line: int | None = None) -> dict[int, str]:
    """Every line (by index) with a likely cause of a YAML error: a tab in its indentation,
    a field indented unlike the field above it, an item's dash placed unlike the other
    items' dashes, or an unquoted value holding ': ' (or a line that goes on with one).
    Lines inside a ``|`` or ``>`` block are text. One walk down the file, so a key of any
    length is read in a time that grows with its length; ``error_line`` (where YAML
    stopped) also gets the ': ' advice when it ends with ':'."""
    hints: dict[int, str] = {}
    block = None  # the column of the field that opened a | or > block
    above: _Field | None = None  # the last field line
    columns: set[int] = set()  # where the fields above belong
    list_dash = None  # how far the current list's items put their dash in
    item: tuple[int, int, int] | None = None  # a misplaced dash: line, move, its name's column
    shift = 0  # how far the current item must move, when all of it is misplaced
    for n, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if block is not None and (not line.strip() or indent > block):
            continue
        block = None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" in line[:indent]:
            hints[n] = _tab_hint(lines, n)
            continue
        found = _FIELD_LINE.fullmatch(line)
        hint = None if found else _glued_hint(lines, n, field_names)
        if found:
            column = len(found[1])
            belongs = column
            if "-" in found[1]:  # a new item: its dash lines up with the other items'
                dash, shift = found[1].index("-"), 0
                if list_dash is None:
                    list_dash = dash
                item = None
                if dash != list_dash:
                    item = (n, list_dash - dash, column)
                    belongs = column + list_dash - dash
                    hint = _dash_hint(lines, n, list_dash)
            else:
                if item is not None:  # the first field under a misplaced dash
                    first, move, name_column = item
                    if column == name_column:  # the whole item is where its dash is
                        shift = move
                        hints[first] = _dash_hint(lines, first, list_dash, whole=True)
                        above.belongs = name_column
                    item = None
                if above is not None and found[2] in field_names:
                    hint = _indent_hint(lines, n, found, above, columns)
                    if hint:
                        belongs = above.belongs
                if list_dash is not None and not hint and column + shift <= list_dash:
                    list_dash, shift = None, 0  # a field outside the list: a new list
            columns.add(belongs)
            if found[3] and found[3][0] in "|>":
                block = column
        if hint is None and ": " in _without_comment(line) + (" " if n == error_line else ""):
            lined_up = found and found[2] in field_names and above is not None
            hint = _colon_hint(lines, n, None if lined_up else above and above.found)
        if hint:
            hints[n] = hint
        if found:
            above = _Field(n, found, len(found[1]), belongs)
    return hints


_GLUED = re.compile(r"\s*(-?)(\s*)([A-Za-z_][\w-]*):(\S.*)?(?:\s.*)?")


def _glued_hint(lines: list[str], line: int, field_names: Collection[str]) -> str | None:
    """A field's line with no space after its item's dash ('-id: h1') or after its colon
    ('label:hedge'): YAML reads it as text, not as a field."""
    found = _GLUED.fullmatch(lines[line])
    if not found or found[3] not in field_names:
        return None
    dash, colon = bool(found[1]) and not found[2], found[4] is not None
    if not (dash or colon):
        return None
    fixed = lines[line].strip()
    if dash:
        fixed = "- " + fixed[1:]
    if colon:
        fixed = fixed.replace(f"{found[3]}:", f"{found[3]}: ", 1)
    after = " and ".join(part for part in ("its dash" if dash else "",
                                           f"the colon of {found[3]}:" if colon else "") if part)
    return (f"Line {line + 1} ({_shown(lines[line])}) has no space after {after}, so YAML "
            f"reads it as text, not as a field. Write a space there: {_shown(fixed)}")


def _without_comment(line: str) -> str:
    return re.split(r"\s#", line, maxsplit=1)[0]


def _tab_hint(lines: list[str], line: int) -> str:
    return (f"Line {line + 1} ({_shown(lines[line])}) is indented with a tab, and YAML needs "
            "spaces: replace the tab with spaces, as many as the line it lines up with.")


def _spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _dash_hint(lines: list[str], line: int, theirs: int, whole: bool = False) -> str:
    """An item whose '- ' is further in or out than the other items' ("- id:" at the start
    of the line where the others have "  - id:"); ``theirs``: how far in the others' dashes
    are. ``whole``: the lines under it are misplaced with it, so the whole item moves."""
    found = _FIELD_LINE.fullmatch(lines[line])
    dash = found[1].index("-")
    move = theirs - dash
    way = f"{_spaces(abs(move))} {'right' if move > 0 else 'left'}"
    what = (f"move the whole item (its '- {found[2]}:' line and the lines under it) {way}"
            if whole else f"move '- {found[2]}:' {way}")
    return (f"Line {line + 1} ({_shown(lines[line])}) has {_spaces(dash)} before its item's "
            f"dash, where the other items have {_spaces(theirs)} before theirs: {what}, so "
            "that the dashes line up.")


def _indent_hint(lines: list[str], line: int, found: re.Match, above: _Field,
                 columns: set[int]) -> str | None:
    """A field of the key's format indented unlike its sibling above ("label:" at four
    spaces, then " quote:" at five)."""
    column, their = len(found[1]), above.belongs
    if column == their or (column > their and not above.found[3]):  # a field inside "min:"
        return None
    if column < their and column in columns:
        return None  # back out of a nested field, as YAML means it
    moved = ", once moved," if above.belongs != above.column else ""
    return (f"Line {line + 1} ({_shown(lines[line])}) is indented by {_spaces(column)}, but "
            f"the field above it ({above.found[2]}, line {above.n + 1}){moved} by {their}: the "
            f"fields of one item must line up. Indent {found[2]}: by exactly {their} spaces.")


def _colon_hint(lines: list[str], line: int, above: re.Match | None) -> str | None:
    """For "mapping values are not allowed here": a value such as a why that holds ': ' must
    be in double quotes. Shows the line, and the line as it should be. ``above``: the
    nearest field line above."""
    current = lines[line]
    indent = len(current) - len(current.lstrip())
    if above and above[3] and above[3][0] not in "\"'|>" and indent > len(above[1]):
        return (f"Line {line + 1} ({current.strip()}) goes on with the {above[2]} above it "
                "and holds ': ' (a colon and a space), which YAML reads as the start of a "
                f"field. Put the whole {above[2]} in double quotes, from its first word to its "
                "last.")
    found = _FIELD_LINE.fullmatch(current)
    if not found or not found[3] or found[3][0] in "\"'[{|>&*!" or \
            ": " not in _without_comment(found[3]) + " ":
        return None
    name, value = found[2], found[3]
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    quoted = f'{name}: "{escaped}"'
    if len(quoted) > 100:
        quoted = f'{name}: "{escaped[:70].rstrip()} … (to the end of the line)"'
    inner = ', with a backslash before each " inside it' if '"' in value else ""
    return (f"Line {line + 1} ({_shown(current)}) holds ': ' (a colon and a space) in its "
            f"{name}, which YAML reads as the start of another field. Put the {name} in double "
            f"quotes{inner}: {quoted}")


_TEXT_FIELDS = ("why", "quote", "min", "max")


def cut_by_comments(text: str, root: yaml.Node | None,
                     article_text: str | None = None) -> list[str]:
    """A plain (unquoted) why, quote, min or max followed on its line by '#': YAML reads
    ' #' as the start of a comment, so "Approximator #1 in the story" is read as
    "Approximator". A '#' with text right after it ('#1') is likely meant as text. One with
    a space after it and one space before it ('reportedly # note') may be either: for a
    quote, min or max the article says (a warning only when the whole text is in
    ``article_text``); for a why the warning asks. A comment set off on purpose, two spaces
    or more then '# ' as the format's example writes them, is left alone."""
    if not isinstance(root, yaml.MappingNode):
        return []
    lines = text.splitlines()
    found = []
    for k, v in root.value:
        if not (isinstance(k, yaml.ScalarNode) and k.value in ("items", "distractors")
                and isinstance(v, yaml.SequenceNode)):
            continue
        for n, node in enumerate(v.value):
            if not isinstance(node, yaml.MappingNode):
                continue
            where = f"distractors[{n}]" if k.value == "distractors" else _field_of(
                [("items", v), (n, node)])
            for name_node, value in node.value:
                name = getattr(name_node, "value", None)
                if name not in _TEXT_FIELDS or not isinstance(value, yaml.ScalarNode) or \
                        value.style is not None or value.end_mark.line >= len(lines):
                    continue
                rest = lines[value.end_mark.line][value.end_mark.column:]
                cut = re.match(r"([ \t]+)#(.*)", rest)
                if not cut or (len(cut[1]) >= 2 and cut[2][:1] in (" ", "")):
                    continue
                whole = f"{value.value} #{cut[2]}".rstrip()
                escaped = whole.replace("\\", "\\\\").replace('"', '\\"')
                quoted = f'{name}: "{escaped}"'
                line = value.end_mark.line + 1
                if cut[2][:1] in (" ", ""):  # 'x # note': a comment, or text?
                    if name != "why":
                        if article_text is not None and whole in article_text:
                            found.append(
                                f"{where}.{name} (line {line}): the article has "
                                f"{whole!r}, but YAML reads ' #' as the start of a comment, "
                                f"so the {name} is only {value.value!r}. If you meant the "
                                f"whole text, put it in double quotes: {quoted}; if the "
                                "'#' starts a comment, put two spaces before it.")
                        continue
                    found.append(
                        f"{where}.why (line {line}): if '#{cut[2].rstrip()}' is part of the "
                        "why, it is dropped, because YAML reads ' #' as the start of a comment, "
                        f"so the why is only {value.value!r}: put it all in double quotes: "
                        f"{quoted}. If it is a comment, put two spaces before the '#' and this "
                        "warning goes.")
                    continue
                found.append(
                    f"{where}.{name} (line {line}): the text after '#' "
                    f"(#{cut[2].rstrip()}) is dropped, because YAML reads ' #' as the start of "
                    f"a comment, so the {name} is only {value.value!r}. If the '#' belongs to "
                    f"the {name}, put it all in double quotes: {quoted}; if it "
                    "starts a comment, put two spaces and '# ' before it.")
    return found


def ids_not_as_written(data: object, root: yaml.Node | None) -> list[str]:
    """Item ids YAML read as something else than the text written (yes, no, on and off as
    true or false, 010 as the number 8): the item gets another id than the key shows."""
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode) or \
            not isinstance(data.get("items"), list):
        return []
    sequence = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and
                     k.value == "items" and isinstance(v, yaml.SequenceNode)), None)
    found = []
    for raw, node in zip(data["items"], sequence.value if sequence else ()):
        if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
            continue
        written = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and
                        k.value == "id" and isinstance(v, yaml.ScalarNode)), None)
        value = raw.get("id")
        if written is None or written.style is not None or not isinstance(value, int) or \
                str(value) == written.value:
            continue
        read = ("true" if value else "false") if isinstance(value, bool) else \
            f"the number {value}"
        found.append(f"item {value}.id (line {written.start_mark.line + 1}): YAML read "
                     f"id: {written.value} as {read}, so the item's id is '{value}', not "
                     f"'{written.value}'. Put the id in double quotes: id: "
                     f'"{written.value}".')
    return found


def repeated_key(exc: RepeatedKeyError, root: yaml.Node) -> tuple[str, str]:
    """The field a repeated key names (``items``, ``item hedge-reportedly.required``) and what
    to tell the teacher."""
    trail = _trail(root, exc.mapping) or []
    name, first, second = exc.name, exc.first.start_mark.line + 1, exc.second.start_mark.line + 1
    lines = f"lines {first} and {second}" if first != second else f"both on line {first}"
    if not trail and name in ("items", "distractors"):
        values = {k.value: v for k, v in reversed(exc.mapping.value)  # the first of each
                  if isinstance(k, yaml.ScalarNode)}
        old = values.get(name)
        count = len(old.value) if isinstance(old, yaml.SequenceNode) else 0
        lost = f"the {name} of the first would be lost"
        if count:
            lost = f"the {count} {name if count > 1 else name[:-1]} of the first would be lost"
        above = " above distractors:," if name == "items" and "distractors" in values \
            and values["distractors"].start_mark.line + 1 > first else ""
        return name, (f"{name!r} appears twice ({lines}): a key has one {name} list, and only "
                      f"the last would be read, so {lost}. Move the new {name} up into the "
                      f"first list,{above} and delete the second '{name}:' line.")
    where = _field_of(trail)
    field_name = f"{where}.{name}" if where else str(name)
    values = [v for k, v in exc.mapping.value if k is exc.first or k is exc.second]
    shown = ""
    if all(isinstance(v, yaml.ScalarNode) for v in values) and len(values) == 2:
        said = [v.value if len(v.value) <= 40 else v.value[:37].rstrip() + "…"
                for v in values]
        shown = f": {said[0]!r}, then {said[1]!r}"
    inside = f" in {where}" if where else ""
    new_item = ""
    if name == "id" and where.startswith("item"):
        new_item = (f" If line {second} starts a new item, begin it with '- id:' (a dash and a "
                    "space before id).")
    return field_name, (f"{name!r} appears twice{inside} ({lines}{shown}): only the last "
                        "would be read, so the other is silently ignored. Keep the one you "
                        f"mean and delete the other.{new_item}")


def _trail(node: yaml.Node, target: yaml.Node, seen: set | None = None) -> list | None:
    """The steps (a key or an index, and the node it leads to) from ``node`` down to
    ``target``, or None when it is not there."""
    if node is target:
        return []
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        children = [(k.value if isinstance(k, yaml.ScalarNode) else "?", v)
                    for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(enumerate(node.value))
    else:
        return None
    for step, child in children:
        rest = _trail(child, target, seen)
        if rest is not None:
            return [(step, child), *rest]
    return None


def _field_of(trail: list) -> str:
    """A trail as messages name fields: ``item claim-1.min``, ``distractors[2]``."""
    parts: list[str] = []
    for n, (step, node) in enumerate(trail):
        if n == 1 and trail[0][0] == "items" and isinstance(step, int):
            ids = [v.value for k, v in getattr(node, "value", ()) if isinstance(k, yaml.ScalarNode)
                   and k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value]
            parts = [f"item {ids[0]}"] if ids else [f"items[{step}]"]
        elif isinstance(step, int):
            parts.append(f"[{step}]")
        else:
            parts.append(f".{step}" if parts else str(step))
    return "".join(parts)
