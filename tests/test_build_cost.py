"""What makes a build cheaper must not change what it builds: libyaml composes the same records
with the same lines as the pure parser, and kept QR matrices draw the same codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator.data import sources
from generator.publish.build import build_site, generate
from generator.publish.qr_cache import CACHE_DIR, CACHE_FILE, load_codes
from generator.render import notices
from tests.conftest import REPO


def _records(text: str, loader) -> list:
    nodes = list(yaml.compose_all(text, Loader=loader))
    out = []
    for node in nodes:
        lines: dict = {}
        problems: list = []
        state = sources._State("x", problems, sources._line_counter(text), text)
        out.append((sources._build(node, (), lines, problems, "x", {}, state), lines, node.start_mark.line))
    return out


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml: the pure loader is used")
    assert issubclass(sources._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", sorted((REPO / "data").rglob("*.yaml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_libyaml_composes_the_same_data_and_lines_as_the_pure_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        pure = _records(text, sources._Loader)
    except yaml.YAMLError:
        pytest.skip("a deliberately broken fixture: explained by the pure parser (tests/test_errors.py)")
    assert _records(text, sources._FastLoader) == pure


def test_a_file_libyaml_cannot_parse_is_explained_by_the_pure_parser() -> None:
    records, problems = sources.parse_yaml("id: a\ntitle: Về việc: thu phí\n", "data/van-ban/a.yaml", "document")
    assert records == [] and [p.format() for p in problems] == [
        "data/van-ban/a.yaml, dòng 2: lỗi cú pháp YAML, cột 15: có dấu hai chấm ở chỗ không được phép (nếu giá trị có dấu “: ”, hãy đặt cả giá trị trong dấu ngoặc kép).\n"
        "  Cách sửa: kiểm tra dấu hai chấm, thụt lề (dùng dấu cách, không dùng tab) và dấu ngoặc kép ở dòng này và dòng ngay trên."]


def test_kept_qr_matrices_draw_the_same_codes(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(notices, "_MATRICES", {})
    notices.qr_svg.cache_clear()
    first = build_site(ward, dt.date(2026, 11, 22)).texts  # a build keeps the matrices; check does not write
    kept = json.loads((ward / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    assert kept["version"] == notices.CODES_VERSION
    assert sorted(kept["codes"]) == ["https://example.invalid/danh-gia",
                                     "https://mauthu.example.invalid/cong/cong-khai/du-toan-2026/",
                                     "https://mauthu.example.invalid/cong/cong-khai/phi-cho/",
                                     "https://mauthu.example.invalid/cong/cong-khai/quy-che-dan-chu/",
                                     "https://mauthu.example.invalid/cong/gioi-thieu/",
                                     "mailto:gopy@example.invalid"]
    for address, packed in kept["codes"].items():
        assert notices._unpack(packed) == notices._encode(address)
    # A new process: nothing in memory, the matrices come from the file and nothing is encoded.
    monkeypatch.setattr(notices, "_MATRICES", {})
    notices.qr_svg.cache_clear()
    monkeypatch.setattr(notices, "_encode", lambda text: pytest.fail(f"encoded again: {text}"))
    assert generate(ward, dt.date(2026, 11, 22)).texts == first
    notices.qr_svg.cache_clear()


def test_check_writes_no_cache(ward: Path) -> None:
    generate(ward, dt.date(2026, 11, 22))
    assert not (ward / CACHE_DIR).exists()


def test_an_unreadable_or_outdated_cache_is_ignored(ward: Path, monkeypatch) -> None:
    monkeypatch.setattr(notices, "_MATRICES", {})
    (ward / CACHE_DIR).mkdir()
    (ward / CACHE_DIR / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert load_codes(ward) == 0
    (ward / CACHE_DIR / CACHE_FILE).write_text(json.dumps({"version": "old", "codes": {"https://x/": "1:1"}}), encoding="utf-8")
    assert load_codes(ward) == 0 and notices.known_codes() == {}


TAGGED = [
    "id: a\ntitle: !!python/object:os.system x\n",
    "id: a\nparagraphs: [một, !!binary aGk=]\n",
    "id: a\nsite: {name: !custom x}\n",
    "id: a\nx: !<tag:yaml.org,2002:str> y\n",
    "id: a\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
    "id: a\nx: " + "[" * 40 + "]" * 40 + "\n",
    "id: a\nx: [1, 2\n",  # a syntax error before any tag: both scanners give up, the composer explains
    "id: a\ntitle: \"không đóng\nx: !tag y\n",
]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", TAGGED)
def test_libyaml_scan_refuses_tags_and_depth_as_the_pure_scanner_does(text: str) -> None:
    def limits(loader):
        try:
            return [(p.line, p.message) for p in sources._limits(yaml.scan(text, Loader=loader), "x")]
        except yaml.YAMLError:
            return "syntax error"

    assert limits(sources._FastLoader) == limits(sources._Loader)
    assert [(p.line, p.message) for p in sources._scan_limits(text, "x")] == ([] if limits(sources._Loader) == "syntax error" else limits(sources._Loader))


def test_screening_shortcuts_find_exactly_what_a_look_up_per_character_finds() -> None:
    """The screen finds control and invisible characters with a regex and a set, not a Unicode
    category per character: both must name the same characters as the categories do."""
    import unicodedata

    from generator.data import private_numbers, screening

    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        control = category == "Cc" and char not in "\n\t" or char in "\u2028\u2029"
        assert bool(screening.CONTROL_RE.fullmatch(char)) == control, f"U+{code:04X}"
        assert (char in screening._FORMAT) == (category == "Cf"), f"U+{code:04X}"
        if char not in private_numbers._INVISIBLE_CHARS:
            assert private_numbers.visible(f"a{char}b") == f"a{char}b".translate(private_numbers.INVISIBLE)


def test_legacy_encoding_pre_check_skips_only_texts_the_patterns_cannot_match() -> None:
    """A text with none of the legacy characters is passed without running the patterns: no
    character outside that set can complete a TCVN3 or VNI match."""
    from generator.legal_text import encoding

    for code in range(0x3000):
        char = chr(code)
        if char in encoding._LEGACY_CHARS:
            continue
        for sample in (f"a{char}", f"{char}a", f"e{char}n", f"A{char}", f"{char}A"):
            assert not encoding._TCVN3_RE.search(sample) and not encoding._VNI_RE.search(sample), f"U+{code:04X}"


def test_relative_links_are_what_posixpath_relpath_gives() -> None:
    """paths.relative_url computes links by hand (relpath's abspath calls were a cost on every page):
    the same result as posixpath.relpath on every pair of the site's kinds of paths."""
    import itertools
    import posixpath

    from generator import paths

    urls = ["", "a/", "a/b/", "a/b/c/", "a/c/", "b/", "a/b/x.pdf", "x.xml", "tep/a b/c.pdf", "./a/", "a//b/", "a/b/../c/", "ab/", "a/bc/"]
    for target, start in itertools.product(urls, repeat=2):
        assert paths._relative(target, start) == posixpath.relpath(target or ".", start or "."), (target, start)


@pytest.mark.parametrize("value", [
    {"b": 1, "a": [1.5, 0.1, -0.0, 1e-05, 2.5e-05, 0.0001, 1e15, 1e16, 1e22, 123456789.125], "c": {}},
    [{"x": 1e-07}, [], {}, [[]], None, True, False, 2**63 - 1, -(2**63)],
    {"big": 2**70}, {2: "không phải chữ", 1: "x"},
    {"text": "Tiếng Việt “ngoặc” \\ \" \n\t\x01\x1f\x7f\u2028 ✓", "Điều 5: 3e": "0.00001", "số": "1e16"},
    {"ž": 1, "z": 2, "Z": 3, "á": 4, "a": 5, "": 6},
])
def test_json_exports_are_the_bytes_the_standard_library_writes(value) -> None:
    """json_bytes writes with orjson, falling back to the standard library where orjson would
    differ: the bytes are always json.dumps's."""
    from generator.render.exports import json_bytes

    assert json_bytes(value) == (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def test_url_text_quotes_as_jinja_urlencode_does() -> None:
    """The pages' `urlencode` filter is a translate table: the same text as Jinja's own filter."""
    import jinja2.filters

    from generator.render.pages import url_text

    samples = ["Góp ý: Điều 5 (khoản 2)", "Kính gửi Ủy ban,\n\nTôi xin góp ý về x (https://a.vn/b?c=d&e=f#g):\n\n",
               "".join(map(chr, range(0, 0x250))), "~_.-/ +%&=?#'\"<>", "\U0001F600 \u2028 \x00", ""]
    for text in samples:
        assert url_text(text) == jinja2.filters.do_urlencode(text)
    assert url_text({"a": "b c", "đ": 1}) == jinja2.filters.do_urlencode({"a": "b c", "đ": 1})


# The "Góp ý" macro that feedback_link replaced, as it stood in templates/_macros.j2.
OLD_FEEDBACK_MACRO = """{% macro feedback(item, part=none, anchor=none) %}
{% if site.feedback.email %}
{% set what = (part ~ " " ~ item) if part else item %}
{% set url = paths.absolute_url(site.base_url, page) ~ ("#" ~ anchor if anchor else "#" ~ paths.article_anchor(part.split()[-1]|int) if part and part.startswith("Điều ") else "") %}
<p class="ck-feedback" data-pagefind-ignore><a href="mailto:{{ site.feedback.email }}?subject={{ ('Góp ý: ' ~ what)|urlencode }}&amp;body={{ ('Kính gửi ' ~ (site.governing_body or ('Ủy ban nhân dân ' ~ unit_types[site.unit_type] ~ ' ' ~ site.name)) ~ ',\\n\\nTôi xin góp ý về ' ~ what ~ ' (' ~ url ~ '):\\n\\n')|urlencode }}">Góp ý{% if part %} về {{ part }}{% endif %}</a></p>
{% endif %}
{% endmacro %}
{{ feedback(item, part, anchor) }}"""


def test_feedback_link_writes_what_the_jinja_macro_wrote() -> None:
    """The "Góp ý" link, one per article of a document page, is built in Python now: the same text as
    the macro it replaced, with and without an address, a governing body, a part, an anchor, and with
    text that must be escaped or is already Markup."""
    from markupsafe import Markup

    from generator.data.models import FeedbackChannels, Site
    from generator.render.feedback import feedback_link
    from generator.render.pages import _environment

    macro = _environment().from_string(OLD_FEEDBACK_MACRO)

    def site(**fields) -> Site:
        values = {"name": "Bách Quang", "unit_type": "phuong", "unit_code": "05500", "province": "Thái Nguyên",
                  "address": "Phường Bách Quang", "base_url": "https://bachquang.example.vn/x/",
                  "feedback": FeedbackChannels(email="gopy@bachquang.example.vn")}
        return Site(**{**values, **fields})

    sites = [site(), site(unit_type="xa", name="Tân & <Lập>"), site(governing_body="Văn phòng \"HĐND\" & UBND"),
             site(feedback=FeedbackChannels(email="a&b@x.vn")), site(feedback=FeedbackChannels())]
    calls = [("Nghị quyết số 12/NQ-HĐND: Về việc “thu phí” <chợ> & bãi xe", None, None),
             ("Nghị quyết số 12", "Điều 5", None), ("Kế hoạch", "Điều 5a", None), ("Kế hoạch", "mục II", "muc-ii"),
             (Markup("<b>Đậm</b> & x"), "Điều 3", None), ("x & y", Markup("Điều <i>7</i>"), None), ("", None, ""),
             ("Dự thảo", None, "neo")]
    checked = 0
    for s in sites:
        for page in ("van-ban/nq-12.md", "index.md"):
            for item, part, anchor in calls:
                expected = macro.render(site=s, page=page, item=item, part=part, anchor=anchor)
                assert str(feedback_link(s, page, item, part, anchor)) == expected, (s.name, item, part, anchor)
                checked += bool(expected)
    assert checked == 4 * 2 * len(calls)  # every site with an address wrote a link


# The `paragraphs` and `article` macros that body_html.py replaced, as they stood in templates/_body.j2.
OLD_BODY_MACROS = r"""{% import "_macros.j2" as m with context %}
{% macro paragraphs(list, tables=[]) %}
{% set ns = namespace(open=false) %}
{% for index in range(list|length + 1) %}
{% for table in tables if (list|length if table.after is none else [table.after, list|length]|min) == index %}
{% if ns.open %}</ul>{% set ns.open = false %}{% endif %}
{{ m.data_table(table, caption=true) }}
{% endfor %}
{% if index < list|length %}
{% set text = list[index] %}
{% if text.startswith("- ") %}
{% if not ns.open %}<ul class="ck-dash">{% set ns.open = true %}{% endif %}
<li>{{ text[2:] }}</li>
{% else %}
{% if ns.open %}</ul>{% set ns.open = false %}{% endif %}
<p>{{ text }}</p>
{% endif %}
{% endif %}
{% endfor %}
{% if ns.open %}</ul>{% endif %}
{% endmacro %}
{% macro article(art) %}
## Điều {{ art.number }}.{% if art.title %} {{ art.title|md }}{% endif %} {#{{ paths.article_anchor(art.number) }}}

<div class="ck-article">
{{ paragraphs(art.paragraphs, art.tables) }}
{% for clause in art.clauses %}
{% set cid = paths.clause_anchor(art.number, clause.number) %}
<div class="ck-clause" id="{{ cid }}">
<p><a class="ck-num" href="#{{ cid }}" title="Liên kết tới khoản {{ clause.number }} Điều {{ art.number }}">{{ clause.number }}.</a> {{ clause.text }}</p>
{{ paragraphs(clause.paragraphs, clause.tables) }}
{% for point in clause.points %}
{% set pid = paths.point_anchor(art.number, clause.number, point.letter) %}
<div class="ck-point" id="{{ pid }}">
<p><a class="ck-num" href="#{{ pid }}" title="Liên kết tới điểm {{ point.letter }} khoản {{ clause.number }} Điều {{ art.number }}">{{ point.as_written or point.letter }})</a> {{ point.text }}</p>
{{ paragraphs(point.paragraphs, point.tables) }}
</div>
{% endfor %}
</div>
{% endfor %}
{% if feedback_item is defined %}{{ feedback_link(site, page, feedback_item, "Điều " ~ art.number) }}{% endif %}
</div>
{% endmacro %}
"""


def _body_cases():
    from generator.data.models import Article, Clause, DocTable, Point

    def table(title, after=None, rows=(("1", "Ông <A> & bà B"),)):
        return DocTable(title=title, columns=["STT", "Họ và tên"], rows=[list(r) for r in rows], after=after)

    texts = ["Đoạn mở đầu có <thẻ> & “ngoặc”.", "- gạch đầu dòng 1", "- gạch 2 có `mã` *sao*", "Đoạn giữa.",
             "- gạch 3", "-không phải gạch", "- "]
    placements = [[], [table("Bảng cuối")], [table(None, 0)], [table("Sau đoạn 2", 2), table("Cuối", None), table("Ngoài", 99)],
                  [table("Trong danh sách", 1), table("Cũng 1", 1)], [table("Đầu", 0), table("Sau gạch cuối", 5)]]
    parts = [(texts[:n], tables) for n in (0, 1, 3, 5, 7) for tables in placements]
    points = [Point(letter="a", text="Điểm a <b>"), Point(letter="đ", as_written="d", text="Điểm ghi lặp", paragraphs=texts[1:3],
                                                          tables=[table("Bảng điểm", 1)])]
    clauses = [Clause(number=1, text="Khoản một & hai"), Clause(number=2, text="Khoản có điểm:", points=points),
               Clause(number=3, text="Khoản có đoạn", paragraphs=texts[:5], tables=[table("Bảng khoản", 3)], points=points[:1])]
    articles = [Article(number=1), Article(number=2, title="Phạm vi [điều] chỉnh_# <x> & y", paragraphs=texts[:4]),
                Article(number=12, title="Đối tượng", clauses=clauses, tables=[table("Bảng điều", 2)], paragraphs=texts[3:6]),
                Article(number=7, clauses=clauses[1:])]
    return parts, articles


@pytest.mark.parametrize("feedback", [None, "Nghị quyết số 1/NQ-HĐND: Về <việc> & “phí”"])
def test_body_html_writes_what_the_jinja_macros_wrote(feedback) -> None:
    """A document's articles and paragraphs are written in Python now (body_html.py): the same text
    as the macros they replaced, for lists, tables at every place, clauses, points and escapes."""
    from generator.data.models import FeedbackChannels, Site
    from generator.render.pages import _environment

    env = _environment()
    site = Site(name="Bách Quang", unit_type="phuong", unit_code="05500", province="Thái Nguyên", address="Phường Bách Quang",
                base_url="https://bachquang.example.vn/", feedback=FeedbackChannels(email="gopy@bachquang.example.vn"))
    context = {"site": site, "page": "van-ban/nq-1.md", **({"feedback_item": feedback} if feedback else {})}
    old = env.from_string(OLD_BODY_MACROS).make_module(context)
    new = env.get_template("_body.j2").make_module(context)
    parts, articles = _body_cases()
    for texts, tables in parts:
        assert str(new.paragraphs(texts, tables)) == str(old.paragraphs(texts, tables)), (texts, tables)
    assert str(new.paragraphs(["x"])) == str(old.paragraphs(["x"])) == "<p>x</p>\n"
    for art in articles:
        expected = str(old.article(art))
        assert str(new.article(art)) == expected
        assert ("ck-feedback" in expected) == bool(feedback)
    assert sum("<table>" in str(old.paragraphs(t, tb)) for t, tb in parts) > 20


def test_render_site_computes_the_compliance_report_once(monkeypatch) -> None:
    """The compliance page, its open-data export and the deadlines calendar share one report (and the
    quarterly chart checks each disclosure once, law.compliance.category_history)."""
    from generator.data.load import load_portal
    from generator.law import compliance
    from generator.render import accountability, calendars, exports, site

    portal = load_portal(REPO / "tests" / "fixtures" / "ward", dt.date(2026, 11, 22))
    expected = site.render_site(portal)
    calls = []

    def counted(p):
        calls.append(p.today)
        return compliance.compute_compliance(p)

    monkeypatch.setattr(site, "compute_compliance", counted)
    for module in (accountability, calendars, exports):
        monkeypatch.setattr(module, "compute_compliance", lambda p: pytest.fail("a second compliance report"))
    assert site.render_site(portal) == expected
    assert calls == [portal.today]


def test_a_build_collects_less_and_gives_the_collector_back_as_it_was(ward: Path, monkeypatch) -> None:
    import gc

    from generator.publish import collector

    seen: list[int] = []  # the young threshold at each collection
    settled: list[tuple[int, int, int]] = []  # (threshold, frozen before, frozen after) when generated
    settle = collector.settle

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(gc.get_threshold()[0])

    def observed_settle() -> None:
        frozen = gc.get_freeze_count()
        settle()
        settled.append((gc.get_threshold()[0], frozen, gc.get_freeze_count()))

    monkeypatch.setattr(collector, "settle", observed_settle)
    before = gc.get_threshold()
    gc.callbacks.append(note)
    try:
        build_site(ward, dt.date(2026, 11, 22))
    finally:
        gc.callbacks.remove(note)
    # Python's defaults collect every 700 new objects: about 130 times for this small ward.
    assert 0 < seen.count(collector.YOUNG) <= 20 and len(seen) - seen.count(collector.YOUNG) <= 2
    # Frozen when the build starts, and again once the site is generated (MkDocs runs after); where
    # the open data is rendered in a forked child, also before the fork (publish/forked.py).
    from generator.publish import forked

    assert len(settled) == (2 if forked.worthwhile() else 1)
    assert settled[-1][0] == collector.YOUNG and 0 < settled[-1][1] < settled[-1][2]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    # A failed build gives it back too, and a nested one leaves the outer one's settings alone.
    (ward / "data" / "site.yaml").write_text("name: [\n", encoding="utf-8")
    with collector.during_build():
        with pytest.raises(Exception):
            build_site(ward, dt.date(2026, 11, 22))
        assert gc.get_threshold()[0] == collector.YOUNG and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_collapse_blank_lines_is_the_regex_substitution() -> None:
    """Every rendered page's runs of blank lines are collapsed with str.replace now, not the regex."""
    import random

    from generator.render.pages import BLANK_LINES, collapse_blank_lines

    rng = random.Random(5)
    texts = ["", "\n", "\n\n", "\n\n\n", "\n" * 10, "a\n\n\n\nb\n\n\nc\n", "x\r\n\r\n\r\n\n\n\ny"]
    texts += ["".join(rng.choice(["\n", "\n", "\n", "a", " ", "\r", "đ"]) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in texts:
        assert collapse_blank_lines(text) == BLANK_LINES.sub("\n\n", text), repr(text)
    assert sum(collapse_blank_lines(t) != t for t in texts) > 1000


def _cell_by_cell(matrix: list[list[bool]]) -> str:
    """The SVG path as it was drawn before kept matrices were drawn from their bits: module by module."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(runs)


@pytest.mark.parametrize("length", [0, 10, 40, 90, 150, 250, 400, 700, 1200])  # versions 4 to 29
def test_a_kept_matrix_is_drawn_as_module_by_module(length: int) -> None:
    url = "https://phuong.thainguyen.gov.vn/cong-khai/" + ("thong-bao-" * 120)[:length] + "/"
    matrix = notices._encode(url)
    packed = notices._pack(matrix)
    assert notices._unpack(packed) == matrix
    assert notices._path(packed) == (len(matrix), _cell_by_cell(matrix))
