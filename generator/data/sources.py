"""Read data files into plain records that remember the line of every key."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from .yaml_errors import INVISIBLE, invisible_characters, over_indented, yaml_problem

_INVISIBLE_KEYS = frozenset(INVISIBLE)

# Where each kind of record lives under data/.
KIND_FOLDERS = {"document": "van-ban", "disclosure": "cong-khai", "consultation": "lay-y-kien"}
YAML_SUFFIXES = (".yaml", ".yml")

Loc = tuple  # a path into a record: keys and list indexes


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as text, so pydantic reports bad ones clearly."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml composes nodes (with the same line marks) several times faster than the pure-Python
# parser; where PyYAML was built without it, the pure loader does the same work.
_FastBase = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _FastLoader(_FastBase):
    """The same resolvers as _Loader over libyaml's parser, used to compose files that parse."""

    def resolve(self, kind, value, implicit):
        """BaseResolver.resolve for a scalar, with each first character's patterns listed once
        (libyaml's composer asks for every scalar, keys included)."""
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if implicit[0]:
            for tag, pattern in _RESOLVERS.get(value[:1], _WILDCARD):
                if pattern.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS = {first: tuple(resolvers) + _WILDCARD for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}
_STR_TAG = "tag:yaml.org,2002:str"
_SCALARS = _Loader("")  # one constructor for every non-string scalar
# The implicit tags whose constructors build a plain value at once (no generator, no children).
_PLAIN_CONSTRUCTORS = {tag: _SCALARS.yaml_constructors[tag] for tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")}


def _scalar(node: yaml.ScalarNode) -> object:
    """Construct one scalar node the way the safe loader would (strings directly)."""
    if node.tag == _STR_TAG:
        return node.value
    constructor = _PLAIN_CONSTRUCTORS.get(node.tag)
    if constructor is not None:  # what construct_object would call, without its bookkeeping
        try:
            return constructor(_SCALARS, node)
        except (yaml.constructor.ConstructorError, ValueError):
            return node.value
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        # A lone "=" resolves to YAML's value tag, which no loader constructs: keep the text as typed.
        return node.value
    finally:
        _SCALARS.constructed_objects.clear()


@dataclass
class RawRecord:
    """One YAML document from one file, with the line of every key and item."""

    kind: str
    path: str  # shown to people, e.g. data/van-ban/2025/nq-12.yaml
    data: object
    lines: dict[Loc, int] = field(default_factory=dict)
    start_line: int = 1
    # Where YAML's flow punctuation probably split a value the clerk meant as one text:
    # loc -> ("comma", previous key) for a key without value in {…}; ("colon", text) for a pair in […].
    quirks: dict[Loc, tuple[str, str]] = field(default_factory=dict)
    sources: dict[Loc, str] = field(default_factory=dict)  # typed text of scalars that are not strings

    def line_of(self, loc: Loc) -> int:
        """Return the line of the closest known ancestor of a location."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.start_line


def _line_counter(text: str):
    """Return a function giving a YAML mark's line as editors count it: by "\n" only (YAML also breaks
    lines at U+0085, U+2028 and U+2029, which editors show inside a line)."""
    breaks = [index for index, char in enumerate(text) if char == "\n"]
    return lambda mark: bisect.bisect_left(breaks, mark.index) + 1


# Limits: a data file is a clerk's text, never a machine-made bomb (docs/threat-model.md, "Limits").
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIAS_DEPTH = 100  # well past what MAX_DEPTH written levels compose to (at most 2 × 40 + 1)
MAX_NODES = 200_000
NULL_TEXTS = ("", "~", "null", "Null", "NULL")


class _State:
    """What one build of one document shares: values built so far, the nodes being built, typed text."""

    def __init__(self, path: str, problems: list[Problem], line_at, text: str, shortcut: bool = False):
        self.path, self.problems, self.line_at, self.text = path, problems, line_at, text
        self.shortcut = shortcut  # built by _parse_composed: stop at the first collection nested too deep
        self.count = 0
        self.active: set[int] = set()
        self.stopped = False
        self.deep = False  # a collection nested deeper than MAX_DEPTH was built (see _parse_composed)
        self.sources: dict = {}

    def stop(self, node: yaml.Node, what: str | None = None) -> None:
        """Stop on an alias that contains itself, expands beyond MAX_NODES values or nests aliases
        too deep, with one problem."""
        what = what or ("bí danh (*) tự trỏ vào chính nó" if id(node) in self.active else f"bí danh (*) nhân nội dung lên quá {MAX_NODES:,} mục".replace(",", "."))
        self.stopped = True
        self.problems.append(Problem(self.path, self.line_at(node.start_mark), None, f"tệp dùng {what}.", "Cách sửa: viết thẳng nội dung thay cho bí danh (&tên / *tên); tệp dữ liệu không cần bí danh."))


def _build(node: yaml.Node, loc: Loc, lines: dict, problems: list[Problem], path: str, quirks: dict, state: _State, line: int | None = None) -> object:
    """Turn a composed YAML node into Python data, recording lines (`line`: the line already known
    for loc, a mapping value's being its key's)."""
    if state.stopped:
        return None
    state.count += 1
    if state.count > MAX_NODES or id(node) in state.active:
        state.stop(node)
        return None
    lines[loc] = state.line_at(node.start_mark) if line is None else line
    if type(node) is yaml.ScalarNode:
        if len(loc) >= 4 and is_table_cell(loc):
            # A cell is the text the clerk typed: `12.500` stays 12.500, never the YAML number 12.5.
            return None if not node.style and node.value in NULL_TEXTS else unicodedata.normalize("NFC", node.value)
        if node.tag == _STR_TAG:
            return unicodedata.normalize("NFC", node.value)
        return _build_scalar(node, loc, state)
    if len(loc) >= MAX_DEPTH:
        state.deep = True
        if state.shortcut:
            return None  # _parse_composed steps aside before recursing any deeper
        if len(loc) >= MAX_ALIAS_DEPTH:
            # Written nesting was refused past MAX_DEPTH before composing; this deep, only aliases
            # inside aliases (&b [*a], &c [*b], …) can reach, and building them would overflow the stack.
            state.stop(node, f"bí danh (*) lồng vào nhau quá {MAX_ALIAS_DEPTH} tầng")
            return None
    state.active.add(id(node))
    try:
        return _build_collection(node, loc, lines, problems, path, quirks, state)
    finally:
        state.active.discard(id(node))


def _build_collection(node: yaml.Node, loc: Loc, lines: dict, problems: list[Problem], path: str, quirks: dict, state: _State) -> object:
    """Build a mapping or a list, recording lines and the flow-punctuation quirks."""
    line_at = state.line_at
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        previous = None
        for key_node, value_node in node.value:
            if node.flow_style and isinstance(key_node, yaml.ScalarNode) and _is_empty(value_node) and previous is not None:
                quirks[loc + (key_node.value,)] = ("comma", previous)
            previous = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(path, line_at(key_node.start_mark), None, "khóa phải là một từ, không phải danh sách hay nhóm.", "Cách sửa: viết khóa dạng `ten_truong: giá trị`."))
                continue
            key = key_node.value
            if not _INVISIBLE_KEYS.isdisjoint(key):
                column = key_node.start_mark.column + next(i for i, c in enumerate(key) if c in INVISIBLE) + 1
                char = next(c for c in key if c in INVISIBLE)
                problems.append(Problem(
                    path, line_at(key_node.start_mark), None,
                    f"cột {column} có ký tự ẩn: {INVISIBLE[char]}, trông như dấu cách nhưng YAML không coi là dấu cách.",
                    "Cách sửa: xóa ký tự này rồi gõ lại bằng phím cách (thường do sao chép từ Word hoặc trang web).",
                ))
                key = "".join(c for c in key if c not in INVISIBLE).strip()
            if key in result:
                problems.append(
                    Problem(path, line_at(key_node.start_mark), dotted_field(loc + (key,)), "trường này được ghi hai lần.", "Cách sửa: xóa một trong hai dòng, chỉ giữ giá trị đúng.")
                )
            where = loc + (key,)
            line = line_at(key_node.start_mark)
            result[key] = _build(value_node, where, lines, problems, path, quirks, state, line)
            lines[where] = line  # also where the value was refused (an alias bomb) before its line was kept
        return result
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            # Marks give the character index in the text for both parsers (libyaml's carry no buffer).
            if node.flow_style and isinstance(item, yaml.MappingNode) and item.flow_style and len(item.value) == 1 \
                    and state.text[item.start_mark.index:item.start_mark.index + 1] != "{":
                quirks[loc + (i,)] = ("colon", state.text[item.start_mark.index:item.end_mark.index].strip())
    return [_build(item, loc + (i,), lines, problems, path, quirks, state) for i, item in enumerate(node.value)]


def _build_scalar(node: yaml.Node, loc: Loc, state: _State) -> object:
    """Construct one scalar; remember the typed text of one that is not a string (an unquoted phone number)."""
    value = _scalar(node)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if value is not None:
        state.sources[loc] = node.value
    return value


def is_table_cell(loc: Loc) -> bool:
    """Tell whether a location is a table's column name or cell (kept as typed)."""
    return (len(loc) >= 5 and loc[-5] == "tables" and loc[-3] == "rows") or (len(loc) >= 4 and loc[-4] == "tables" and loc[-2] == "columns")


def _scan_limits(text: str, path: str) -> list[Problem]:
    """Refuse YAML tags and too-deep nesting before composing (the composer recurses).

    libyaml scans the tokens (about 12× faster than the pure scanner, which was most of the cost of
    loading); a file libyaml cannot scan is scanned again by the pure scanner, as the composer does.
    """
    for loader in dict.fromkeys((_FastLoader, _Loader)):
        try:
            return _limits(yaml.scan(text, Loader=loader), path)
        except yaml.YAMLError:
            continue
    return []  # the composer reports syntax errors with their own wording


def _limits(tokens, path: str) -> list[Problem]:
    """Return the problem of the first tag or too-deep nesting among the tokens, if any."""
    depth = 0
    for token in tokens:
        if isinstance(token, yaml.TagToken):
            handle, suffix = token.value
            tag = f"{handle or ''}{suffix}".rstrip("]},")  # in a flow list the scanner keeps the closing bracket
            return [Problem(path, token.start_mark.line + 1, None, f"tệp dùng thẻ YAML “{tag}”; tệp dữ liệu chỉ gồm chữ, số, ngày, danh sách và nhóm trường.",
                            "Cách sửa: xóa thẻ bắt đầu bằng “!”; nếu muốn giữ giá trị là chữ, đặt nó trong dấu ngoặc kép.")]
        if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
            depth += 1
            if depth > MAX_DEPTH:
                return [Problem(path, token.start_mark.line + 1, None, f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng.", "Cách sửa: kiểm tra thụt lề và dấu ngoặc; văn bản chỉ cần vài tầng (chương, điều, khoản, điểm).")]
        elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
            depth -= 1
    return []


def _is_empty(node: yaml.Node) -> bool:
    """Tell a key written without any value (`{a: 1, b}`) from one with a value."""
    # Plain style is None in the pure parser and "" in libyaml's; marks' index works in both.
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style and node.start_mark.index == node.end_mark.index


def dotted_field(loc: Loc) -> str:
    """Name a location by its keys, leaving out list positions."""
    return ".".join(str(part) for part in loc if isinstance(part, str))


def decode_text(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode a data file as UTF-8, or explain how to save it correctly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(path, 1, None, "tệp được lưu theo mã UTF-16, không phải UTF-8.", "Cách sửa: mở tệp và lưu lại với bảng mã UTF-8.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(path, line, None, "tệp không phải văn bản UTF-8 (có thể là bảng mã Windows-1258, TCVN3 hoặc VNI).", "Cách sửa: chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu với bảng mã UTF-8.")
    if "\x00" in text:
        return None, Problem(path, 1, None, "tệp chứa ký tự rỗng (NUL), không phải văn bản.", "Cách sửa: kiểm tra lại tệp; tệp dữ liệu phải là văn bản YAML.")
    return unicodedata.normalize("NFC", text), None


def parse_yaml(text: str, path: str, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """Parse every YAML document in one file into raw records."""
    composed = _parse_composed(text, path, kind)
    return composed if composed is not None else _parse_scanned(text, path, kind)


# No file nests deeper than this many collections when it has fewer YAML indicator characters than
# it, since every level of nesting needs one of its own; libyaml composes it recursively in C.
_SAFE_INDICATORS = 1000


def _parse_composed(text: str, path: str, kind: str) -> tuple[list[RawRecord], list[Problem]] | None:
    """Parse a plain, well-formed file without scanning its tokens first; None where the scan is needed.

    A YAML tag needs a "!", and libyaml's nodes nest at least as deep as the tokens that _limits
    counts, so a file without "!" whose nodes nest at most MAX_DEPTH deep has nothing to refuse.
    Anything else (a tag, deep nesting, a syntax error, a problem while building, another line break
    than "\n") goes through _parse_scanned, which gives every problem exactly as before. The token
    scan was about a third of parsing."""
    # YAML also breaks lines at a lone "\r", U+0085, U+2028 and U+2029; editors (and _line_counter) do not.
    if _FastBase is yaml.SafeLoader or "!" in text or ("\r" in text and text.count("\r") != text.count("\r\n")) \
            or "\x85" in text or "\u2028" in text or "\u2029" in text or sum(map(text.count, "[{-?:")) > _SAFE_INDICATORS:
        return None
    try:
        nodes = list(yaml.compose_all(text, Loader=_FastLoader))
    except yaml.YAMLError:
        return None
    problems: list[Problem] = []
    records = []
    # At the end of a text without a final line break both parsers count one more line.
    line_at = _mark_line if text.endswith("\n") else _line_counter(text)
    for node in nodes:
        if node is None:
            continue
        lines: dict = {}
        quirks: dict = {}
        state = _State(path, problems, line_at, text, shortcut=True)
        data = _build(node, (), lines, problems, path, quirks, state)
        if problems or state.deep:
            return None
        records.append(RawRecord(kind, path, data, lines, line_at(node.start_mark), quirks, state.sources))
    return records, problems


def _mark_line(mark) -> int:
    """A mark's line where "\n" (or "\r\n") is the only line break and ends the text: what
    _line_counter gives."""
    return mark.line + 1


def _parse_scanned(text: str, path: str, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """Parse one file after scanning its tokens for tags and deep nesting (before the composer recurses)."""
    problems: list[Problem] = _scan_limits(text, path)
    records: list[RawRecord] = []
    line_at = _line_counter(text)
    if problems:
        return [], problems
    try:
        nodes = list(yaml.compose_all(text, Loader=_FastLoader))
    except yaml.YAMLError:
        nodes = None  # explained below by the pure parser, whose messages and marks we translate
    try:
        if nodes is None:
            nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return [], [Problem(path, line, None, f"tệp có ký tự điều khiển không in được (mã U+{ord(error.character) if isinstance(error.character, str) else error.character:04X}).", "Cách sửa: xóa ký tự lạ ở dòng này (thường do sao chép từ Word hoặc PDF), rồi lưu lại.")]
    except yaml.MarkedYAMLError as error:
        invisible = invisible_characters(text, path)
        if invisible:
            return [], invisible
        mark = error.problem_mark or error.context_mark
        line = line_at(mark) if mark else 1
        column = f", cột {mark.column + 1}" if mark else ""
        what = yaml_problem(error.problem or "")
        if over_indented(text, line) and (error.problem or "").startswith(("mapping values", "expected <block end>")):
            return [], [Problem(path, line, None, "dòng này thụt lề sâu hơn dòng ngay trên, nên YAML coi nó là phần tiếp theo của giá trị dòng trên.",
                                "Cách sửa: bỏ bớt dấu cách đầu dòng cho thẳng hàng với các trường cùng cấp ở trên.")]
        return [], [Problem(path, line, None, f"lỗi cú pháp YAML{column}: {what}", "Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên.")]
    for node in nodes:
        if node is None:
            continue
        lines: dict = {}
        quirks: dict = {}
        state = _State(path, problems, line_at, text)
        data = _build(node, (), lines, problems, path, quirks, state)
        if state.stopped:
            return [], problems  # an alias bomb: its one problem says it all
        records.append(RawRecord(kind, path, data, lines, line_at(node.start_mark), quirks, state.sources))
    return records, problems


def find_data_files(data_dir: Path) -> dict[str, list[Path]]:
    """List the YAML files of each kind under data/, in a stable order."""
    found: dict[str, list[Path]] = {}
    for kind, folder in KIND_FOLDERS.items():
        base = data_dir / folder
        files = [p for p in base.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()] if base.is_dir() else []
        found[kind] = sorted(files)
    return found


def load_file(path: Path, shown: str, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read and parse one data file."""
    try:
        raw = None if path.stat().st_size > MAX_FILE_BYTES else path.read_bytes()
    except OSError:
        return parse_file(None, shown, kind)
    return parse_file(raw, shown, kind) if raw is not None else ([], [_too_big(shown)])


def parse_file(raw: bytes | None, shown: str, kind: str) -> tuple[list[RawRecord], list[Problem]]:
    """Parse one data file's bytes (None: the file could not be read)."""
    if raw is None:
        return [], [Problem(shown, 1, None, "không đọc được tệp.", "Cách sửa: kiểm tra tệp có tồn tại và được phép đọc.")]
    if len(raw) > MAX_FILE_BYTES:
        return [], [_too_big(shown)]
    text, problem = decode_text(raw, shown)
    if problem:
        return [], [problem]
    return parse_yaml(text, shown, kind)


def _too_big(shown: str) -> Problem:
    return Problem(shown, 1, None, f"tệp lớn quá {MAX_FILE_BYTES // (1024 * 1024)} MB, không phải một tệp dữ liệu bình thường.", "Cách sửa: tách thành nhiều tệp; văn bản dài đưa vào tệp đính kèm (PDF) trong data/tep/.")


# What may sit directly in data/ besides the record folders.
DATA_ENTRIES = {"site.yaml", "rules.yaml", "da-dang.json", "quan-tri.yaml", "tep", "README.md"}


def stray_files(data_dir: Path) -> list[Problem]:
    """Report files that look like data but would be ignored: a wrong extension or a misspelt folder."""
    import difflib

    problems = []
    if not data_dir.is_dir():
        return problems
    known = sorted(DATA_ENTRIES | set(KIND_FOLDERS.values()))
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in known:
            continue
        close = difflib.get_close_matches(entry.name.lower().replace("_", "-"), known, n=1, cutoff=0.6)
        hint = f'Cách sửa: có phải ý bạn là "data/{close[0]}"? Đổi tên cho đúng.' if close else f"Cách sửa: chuyển vào đúng thư mục ({', '.join('data/' + f + '/' for f in KIND_FOLDERS.values())}) hoặc xóa đi."
        problems.append(Problem(f"data/{entry.name}", 1, None, "congkhai không đọc tệp hay thư mục này: nội dung trong đó sẽ không được đăng.", hint))
    for folder in KIND_FOLDERS.values():
        base = data_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix in YAML_SUFFIXES or not path.is_file() or any(part.startswith(".") for part in path.relative_to(base).parts):
                continue
            shown = path.relative_to(data_dir.parent).as_posix()
            if path.suffix.lower() in YAML_SUFFIXES:
                problems.append(Problem(shown, 1, None, f"đuôi tệp “{path.suffix}” viết hoa: tệp này sẽ bị bỏ qua trên máy chủ phân biệt chữ hoa.", f"Cách sửa: đổi tên thành {path.stem}{path.suffix.lower()}."))
            else:
                problems.append(Problem(shown, 1, None, "tệp không có đuôi .yaml nên không được đọc: nội dung trong đó sẽ không được đăng.", "Cách sửa: đổi tên tệp cho có đuôi .yaml; tệp đính kèm thì đặt trong data/tep/."))
    return problems
