"""Explain in Vietnamese why a data file is not valid YAML: PyYAML's complaints translated, the
invisible characters that break a file, a line indented too deep."""

from __future__ import annotations

from .problems import Problem


def over_indented(text: str, line: int) -> bool:
    """Tell whether a `key: value` line is indented deeper than the `key: value` line above it."""
    lines = text.splitlines()
    if not 1 < line <= len(lines):
        return False
    here = lines[line - 1]
    above = next((l for l in reversed(lines[: line - 1]) if l.strip() and not l.lstrip().startswith("#")), "")
    indent = lambda l: len(l) - len(l.lstrip(" "))  # noqa: E731
    has_value = ":" in above and above.split(":", 1)[1].strip() not in ("", "|", ">", "|-", ">-")
    return ":" in here and not here.lstrip().startswith("-") and indent(here) > indent(above) and has_value


INVISIBLE = {
    "\u00a0": "dấu cách không ngắt (U+00A0)",
    "\u2007": "dấu cách số (U+2007)",
    "\u202f": "dấu cách hẹp không ngắt (U+202F)",
    "\u200b": "dấu cách độ rộng 0 (U+200B)",
    "\u200c": "ký tự nối độ rộng 0 (U+200C)",
    "\u200d": "ký tự nối độ rộng 0 (U+200D)",
    "\u2060": "ký tự nối từ (U+2060)",
    "\ufeff": "dấu BOM (U+FEFF)",
    "\u3000": "dấu cách toàn khổ (U+3000)",
}


def invisible_characters(text: str, path: str) -> list[Problem]:
    """Name the invisible characters (often pasted from Word or a web page) that broke the YAML."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for column, char in enumerate(line, 1):
            if char in INVISIBLE:
                problems.append(Problem(
                    path, number, None,
                    f"cột {column} có ký tự ẩn: {INVISIBLE[char]}, trông như dấu cách nhưng YAML không coi là dấu cách.",
                    "Cách sửa: xóa ký tự này rồi gõ lại bằng phím cách (thường do sao chép từ Word hoặc trang web).",
                ))
    return problems


YAML_PROBLEMS = {
    "mapping values are not allowed here": "có dấu hai chấm ở chỗ không được phép (nếu giá trị có dấu “: ”, hãy đặt cả giá trị trong dấu ngoặc kép).",
    "found character '\\t' that cannot start any token": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề.",
    "found character '\t' that cannot start any token": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề.",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên trường.",
    "found undefined alias": "dùng bí danh (*) chưa được khai báo.",
    "expected <block end>, but found '-'": "gạch đầu dòng thụt lề không thẳng hàng.",
    "expected '<document start>', but found '<block mapping start>'": "tệp trộn lẫn danh sách (dòng bắt đầu bằng “- ”) và trường (`tên: giá trị`) ở cùng một cấp.",
    "expected '<document start>'": "tệp có phần thừa sau nội dung chính, hoặc trộn lẫn danh sách và trường ở cùng một cấp.",
    "expected <block end>, but found '?'": "danh sách (các dòng “- …”) và trường (`tên: giá trị`) bị trộn lẫn ở cùng một mức thụt lề.",
    "expected <block end>, but found '<block mapping start>'": "dòng này thụt lề không thẳng hàng với các dòng cùng cấp ở trên.",
    "expected <block end>, but found '<scalar>'": "dòng này thụt lề không thẳng hàng với các dòng cùng cấp ở trên.",
    "expected <block end>, but found '<block sequence start>'": "danh sách này thụt lề không thẳng hàng với các dòng cùng cấp ở trên.",
    "did not find expected key": "thụt lề không thẳng hàng với các dòng trên.",
    "did not find expected '-' indicator": "gạch đầu dòng thụt lề không thẳng hàng.",
    "found unexpected end of stream": "tệp kết thúc khi một dấu ngoặc kép chưa đóng.",
    "expected ',' or '}'": "nhóm trường trong dấu ngoặc nhọn {…} viết sai: thiếu dấu phẩy hoặc thiếu dấu “}”.",
    "expected ',' or ']'": "danh sách trong dấu ngoặc vuông […] viết sai: thiếu dấu phẩy hoặc thiếu dấu “]”.",
    "found unknown escape character": "có dấu gạch chéo ngược (\\) trong dấu ngoặc kép; viết \\\\ hoặc dùng dấu nháy đơn.",
    "found character '@' that cannot start any token": "giá trị không được bắt đầu bằng “@”: đặt giá trị trong dấu ngoặc kép.",
    "found character '`' that cannot start any token": "giá trị không được bắt đầu bằng “`”: đặt giá trị trong dấu ngoặc kép.",
    "found character '%' that cannot start any token": "giá trị không được bắt đầu bằng “%”: đặt giá trị trong dấu ngoặc kép.",
    "expected alphabetic or numeric character": "giá trị không được bắt đầu bằng “&” hoặc “*”: đặt giá trị trong dấu ngoặc kép.",
    "found a tab character": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề.",
    "expected the node content, but found": "thiếu giá trị sau dấu hai chấm hoặc gạch đầu dòng.",
    "found unexpected ':'": "có dấu hai chấm ở chỗ không được phép: đặt cả giá trị trong dấu ngoặc kép.",
    "expected a single document in the stream": "tệp có nhiều phần ngăn bởi “---”.",
}


def yaml_problem(problem: str) -> str:
    """Translate PyYAML's complaints into Vietnamese; never show its English to a clerk."""
    for english, vietnamese in YAML_PROBLEMS.items():
        if problem.startswith(english):
            return vietnamese
    return "tệp không đọc được ở chỗ này."
