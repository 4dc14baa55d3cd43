"""Read data files into plain records that remember the line of every key."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

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


@dataclass
class RawRecord:
    """One YAML document from one file, with the line of every key and item."""

    kind: str
    path: str  # shown to people, e.g. data/van-ban/2025/nq-12.yaml
    data: object
    lines: dict[Loc, int] = field(default_factory=dict)
    start_line: int = 1
    sources: dict[Loc, str] = field(default_factory=dict)  # typed text of scalars that are not strings

    def line_of(self, loc: Loc) -> int:
        """Return the line of the closest known ancestor of a location."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.start_line


# Limits: a data file is a clerk's text, never a machine-made bomb (docs/threat-model.md, "Limits").
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
NULL_TEXTS = ("", "~", "null", "Null", "NULL")


class _Builder:
    """Turn a composed YAML node into Python data, recording lines, with limits on aliases."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.lines: dict = {}
        self.sources: dict = {}
        self.count = 0
        self.active: set[int] = set()
        self.stopped = False
        self.loader = _Loader("")

    def build(self, node: yaml.Node, loc: Loc) -> object:
        """Build one node; stop with one problem on a cycle or a runaway expansion."""
        if self.stopped:
            return None
        self.count += 1
        if self.count > MAX_NODES or id(node) in self.active:
            cyclic = id(node) in self.active
            self.stopped = True
            what = "bí danh (*) tự trỏ vào chính nó" if cyclic else f"bí danh (*) nhân nội dung lên quá {MAX_NODES:,} mục".replace(",", ".")
            self.problems.append(Problem(self.path, node.start_mark.line + 1, None, f"tệp dùng {what}.", "Cách sửa: viết thẳng nội dung thay cho bí danh (&tên / *tên); tệp dữ liệu không cần bí danh."))
            return None
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.active.add(id(node))
            try:
                return self._mapping(node, loc) if isinstance(node, yaml.MappingNode) else [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, key_node.start_mark.line + 1, None, "khóa phải là một từ, không phải danh sách hay nhóm.", "Cách sửa: viết khóa dạng `ten_truong: giá trị`."))
                continue
            key = key_node.value
            if key in result:
                self.problems.append(
                    Problem(self.path, key_node.start_mark.line + 1, dotted_field(loc + (key,)), "trường này được ghi hai lần.", "Cách sửa: xóa một trong hai dòng, chỉ giữ giá trị đúng.")
                )
            result[key] = self.build(value_node, loc + (key,))
            self.lines[loc + (key,)] = key_node.start_mark.line + 1
        return result

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> object:
        if is_table_cell(loc):
            # A cell is the text the clerk typed: `12.500` stays 12.500, never the YAML number 12.5.
            if node.style is None and node.value in NULL_TEXTS:
                return None
            return unicodedata.normalize("NFC", node.value)
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            # A lone "=" resolves to YAML's value tag, which no loader constructs: keep the text as typed.
            value = node.value
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if value is not None:
            self.sources[loc] = node.value  # what was typed, for checks on text (an unquoted phone number)
        return value


def is_table_cell(loc: Loc) -> bool:
    """Tell whether a location is a table's column name or cell (kept as typed)."""
    return (len(loc) >= 5 and loc[-5] == "tables" and loc[-3] == "rows") or (len(loc) >= 4 and loc[-4] == "tables" and loc[-2] == "columns")


def _scan_limits(text: str, path: str) -> list[Problem]:
    """Refuse YAML tags and too-deep nesting before composing (the composer recurses)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
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
    except yaml.YAMLError:
        return []  # the composer reports syntax errors with their own wording
    return []


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
    problems: list[Problem] = _scan_limits(text, path)
    records: list[RawRecord] = []
    if problems:
        return [], problems
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return [], [Problem(path, line, None, f"tệp có ký tự điều khiển không in được (mã U+{ord(error.character) if isinstance(error.character, str) else error.character:04X}).", "Cách sửa: xóa ký tự lạ ở dòng này (thường do sao chép từ Word hoặc PDF), rồi lưu lại.")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = _yaml_problem(error.problem or "")
        return [], [Problem(path, line, None, f"lỗi cú pháp YAML: {what}", "Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên.")]
    for node in nodes:
        if node is None:
            continue
        builder = _Builder(path, problems)
        data = builder.build(node, ())
        if builder.stopped:
            return [], problems  # an alias bomb: its one problem says it all
        records.append(RawRecord(kind, path, data, builder.lines, node.start_mark.line + 1, builder.sources))
    return records, problems


def _yaml_problem(problem: str) -> str:
    """Translate PyYAML's usual complaints into Vietnamese."""
    known = {
        "mapping values are not allowed here": "có dấu hai chấm ở chỗ không được phép (nếu giá trị có dấu “: ”, hãy đặt cả giá trị trong dấu ngoặc kép).",
        "found character '\\t' that cannot start any token": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề.",
        "could not find expected ':'": "thiếu dấu hai chấm sau tên trường.",
        "found undefined alias": "dùng bí danh (*) chưa được khai báo.",
        "expected <block end>, but found '-'": "gạch đầu dòng thụt lề không thẳng hàng.",
        "did not find expected key": "thụt lề không thẳng hàng với các dòng trên.",
        "found unexpected end of stream": "tệp kết thúc khi một dấu ngoặc kép chưa đóng.",
    }
    for english, vietnamese in known.items():
        if problem.startswith(english):
            return vietnamese
    return f"tệp không đọc được ({problem})."


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
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [Problem(shown, 1, None, f"tệp lớn quá {MAX_FILE_BYTES // (1024 * 1024)} MB, không phải một tệp dữ liệu bình thường.", "Cách sửa: tách thành nhiều tệp; văn bản dài đưa vào tệp đính kèm (PDF) trong data/tep/.")]
        raw = path.read_bytes()
    except OSError:
        return [], [Problem(shown, 1, None, "không đọc được tệp.", "Cách sửa: kiểm tra tệp có tồn tại và được phép đọc.")]
    text, problem = decode_text(raw, shown)
    if problem:
        return [], [problem]
    return parse_yaml(text, shown, kind)


# What may sit directly in data/ besides the record folders.
DATA_ENTRIES = {"site.yaml", "rules.yaml", "da-dang.json", "tep", "README.md"}


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
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(base).parts) or path.suffix in YAML_SUFFIXES:
                continue
            shown = path.relative_to(data_dir.parent).as_posix()
            if path.suffix.lower() in YAML_SUFFIXES:
                problems.append(Problem(shown, 1, None, f"đuôi tệp “{path.suffix}” viết hoa: tệp này sẽ bị bỏ qua trên máy chủ phân biệt chữ hoa.", f"Cách sửa: đổi tên thành {path.stem}{path.suffix.lower()}."))
            else:
                problems.append(Problem(shown, 1, None, "tệp không có đuôi .yaml nên không được đọc: nội dung trong đó sẽ không được đăng.", "Cách sửa: đổi tên tệp cho có đuôi .yaml; tệp đính kèm thì đặt trong data/tep/."))
    return problems
