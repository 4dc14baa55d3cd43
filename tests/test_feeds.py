"""Feeds: every feed parses, links reach built pages, ids are stable, RSS and Atom agree."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import feedparser
import pytest

from generator import paths
from generator.data.load import load_portal
from generator.publish.build import build_site, generate
from generator.render.feeds import DEFAULT_FEED_SIZE, render_feeds
from generator.render.pages import vietnamese_date
from tests.conftest import CLOSED_CONSULTATION, golden_differences

GOLDEN = Path(__file__).parent / "golden" / "feeds"
TODAY = dt.date(2026, 11, 22)
BASE = "https://mauthu.example.invalid/cong/"
TAG = "tag:mauthu.example.invalid,2025:"
# The fixture ward's site-wide feed, newest first: the draft put to consultation on 2026-11-10 leads.
FIXTURE_SITE_FEED = [
    f"{TAG}van-ban/du-thao-huong-uoc",
    f"{TAG}cong-khai/quy-che-dan-chu",
    f"{TAG}cong-khai/du-toan-2026",
    f"{TAG}van-ban/nq-03-2026",
    f"{TAG}cong-khai/phi-cho",
]
NEW_DISCLOSURE = """\
id: ho-ngheo-2026
category: 7
title: Danh sách hộ nghèo được hỗ trợ năm 2026
external_document:
  title: Danh sách hộ nghèo được hỗ trợ
  date: 2026-11-14
published_on: 2026-11-15
summary: 14 hộ nghèo được hỗ trợ tiền điện.
"""


def _parse(text: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(text.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _feed_texts(texts: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in texts.items() if path.startswith("feeds/") and path != paths.FEEDS_SITEMAP}


def _ids(text: str) -> list[str]:
    return [entry.id for entry in _parse(text).entries]


def _built_file(project: Path, base_url: str, url: str) -> Path:
    """Map an absolute URL of the site back to the file MkDocs built for it."""
    assert url.startswith(base_url), url
    rel = url[len(base_url):]
    return project / "site" / rel / "index.html" if rel == "" or rel.endswith("/") else project / "site" / rel


def _check_built_feeds(project: Path, texts: dict[str, str], base_url: str) -> int:
    """Check every feed of a built project; return how many entries were checked."""
    feeds = _feed_texts(texts)
    assert feeds
    checked = 0
    for rss_path in sorted(p for p in feeds if not p.endswith(".atom.xml")):
        atom_path = rss_path.replace(".xml", ".atom.xml")
        built_rss = (project / "site" / rss_path).read_text(encoding="utf-8")
        built_atom = (project / "site" / atom_path).read_text(encoding="utf-8")
        assert (built_rss, built_atom) == (feeds[rss_path], feeds[atom_path]), "MkDocs must copy feeds unchanged"
        rss, atom = _parse(built_rss), _parse(built_atom)
        assert rss.version == "rss20" and atom.version == "atom10"
        assert rss.feed.language == "vi" and atom.feed.language == "vi"
        assert "generator" not in rss.feed and "generator" not in atom.feed
        self_links = [link.href for link in atom.feed.links if link.rel == "self"]
        assert self_links == [paths.absolute_url(base_url, atom_path)]
        assert [link.href for link in rss.feed.links if link.rel == "self"] == [paths.absolute_url(base_url, rss_path)]
        assert _built_file(project, base_url, atom.feed.link).is_file()
        summary = lambda feed: [(e.id, e.title, e.link, e.published_parsed) for e in feed.entries]  # noqa: E731
        assert summary(rss) == summary(atom), f"RSS and Atom disagree in {rss_path}"
        ids = [e.id for e in atom.entries]
        assert len(ids) == len(set(ids)), f"duplicate ids in {atom_path}"
        assert len(ids) <= DEFAULT_FEED_SIZE
        updated = [e.updated_parsed for e in atom.entries]
        assert updated == sorted(updated, reverse=True), f"{atom_path} is not newest first"
        if atom.entries:
            assert atom.feed.updated_parsed == updated[0] == rss.feed.updated_parsed
        for entry in atom.entries:
            assert entry.id.startswith("tag:") and entry.summary and entry.tags
            assert _built_file(project, base_url, entry.link).is_file(), entry.link
            for enclosure in entry.enclosures:
                built = _built_file(project, base_url, enclosure.href)
                assert built.is_file() and int(enclosure.length) == built.stat().st_size and enclosure.type
            checked += 1
    return checked


def test_fixture_feeds_parse_and_link_to_built_pages(ward: Path) -> None:
    generated = build_site(ward, TODAY)
    texts = generated.texts
    assert _check_built_feeds(ward, texts, BASE) >= len(FIXTURE_SITE_FEED)
    assert _ids(texts["feeds/tat-ca.xml"]) == FIXTURE_SITE_FEED
    assert _ids(texts["feeds/linh-vuc-02.xml"]) == [f"{TAG}cong-khai/du-toan-2026"]
    assert _ids(texts["feeds/loai-nghi-quyet.atom.xml"]) == [f"{TAG}van-ban/nq-03-2026"]
    assert _ids(texts["feeds/loai-huong-uoc.xml"]) == [f"{TAG}van-ban/du-thao-huong-uoc"]
    assert _ids(texts["feeds/lay-y-kien.atom.xml"]) == [f"{TAG}lay-y-kien/huong-uoc-thon-mot/mo"]  # closes 2026-12-05
    assert len([p for p in texts if p.startswith("feeds/linh-vuc-")]) == 2 * 14


def test_fixture_entry_content(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    atom = _parse(texts["feeds/tat-ca.atom.xml"])
    budget = next(e for e in atom.entries if e.id.endswith("du-toan-2026"))
    assert budget.title == "Công khai dự toán ngân sách xã năm 2026"
    assert budget.summary == "Dự toán thu 12.500 triệu đồng, chi 12.500 triệu đồng."
    assert budget.link == BASE + "cong-khai/du-toan-2026/"
    assert budget.published == "2026-01-08T00:00:00+07:00"
    assert [t.term for t in budget.tags] == ["Mục 2: Dự toán, quyết toán ngân sách"]
    assert [(e.href, e.type, e.length) for e in budget.enclosures] == [(BASE + "tep/nq-03-2026.pdf", "application/pdf", "55")]
    resolution = next(e for e in atom.entries if e.id.endswith("nq-03-2026"))
    assert resolution.title == "Nghị quyết số 03/NQ-HĐND: Về dự toán ngân sách xã năm 2026"
    assert resolution.summary.startswith(f"Nghị quyết số 03/NQ-HĐND {vietnamese_date(dt.date(2026, 1, 5))} của Hội đồng nhân dân xã Mẫu Thử")
    rss = _parse(texts["feeds/tat-ca.xml"])
    assert rss.feed.updated == "Tue, 10 Nov 2026 00:00:00 +0700"  # newest entry, not the build time
    assert rss.feed.title == "Tất cả tin mới — xã Mẫu Thử"
    # An empty category feed is still valid and dated from the data.
    empty = _parse(texts["feeds/linh-vuc-09.atom.xml"])
    assert empty.entries == [] and empty.feed.updated == "2026-11-10T00:00:00+07:00"


def test_site_wide_feed_matches_golden_files(ward: Path, update_golden: bool) -> None:
    texts = generate(ward, TODAY).texts
    pairs = [(texts[path], GOLDEN / Path(path).name, path) for path in ("feeds/tat-ca.xml", "feeds/tat-ca.atom.xml")]
    failures = golden_differences(pairs, update_golden)
    assert not failures, "Feeds differ from golden files (run pytest --update-golden if intended):\n" + "\n".join(failures)


def test_feeds_are_byte_identical_across_builds(ward: Path) -> None:
    first = _feed_texts(build_site(ward, TODAY).texts)
    on_disk = {p: (ward / "site" / p).read_bytes() for p in first}
    second = _feed_texts(build_site(ward, TODAY).texts)
    assert first == second
    assert on_disk == {p: (ward / "site" / p).read_bytes() for p in second}
    assert not any(re.search(r"feedgen|<generator", text) for text in first.values())


def test_adding_one_disclosure_adds_one_entry_to_its_feeds_only(ward: Path) -> None:
    before = {p: _ids(t) for p, t in _feed_texts(generate(ward, TODAY).texts).items()}
    (ward / "data" / "cong-khai" / "ho-ngheo-2026.yaml").write_text(NEW_DISCLOSURE, encoding="utf-8")
    after = {p: _ids(t) for p, t in _feed_texts(generate(ward, TODAY).texts).items()}
    assert before.keys() == after.keys()
    new_id = f"{TAG}cong-khai/ho-ngheo-2026"
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {"feeds/tat-ca.xml", "feeds/tat-ca.atom.xml", "feeds/linh-vuc-07.xml", "feeds/linh-vuc-07.atom.xml"}
    for path in changed:
        assert after[path] == [new_id] + before[path]  # newest, so first; nothing else moved


def test_a_disclosure_published_after_today_is_not_in_the_feeds(ward: Path) -> None:
    (ward / "data" / "cong-khai" / "ho-ngheo-2026.yaml").write_text(NEW_DISCLOSURE, encoding="utf-8")
    texts = generate(ward, dt.date(2026, 11, 14)).texts
    assert all("ho-ngheo-2026" not in text for path, text in _feed_texts(texts).items())


def test_a_change_note_updates_the_entry_under_the_same_id(ward: Path) -> None:
    source = ward / "data" / "cong-khai" / "phi-cho.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "changes:\n  - date: 2026-06-02\n    what: Sửa mức thu phí chợ loại 2\n    why: Nhập sai số liệu\n", encoding="utf-8")
    texts = generate(ward, TODAY).texts
    atom = _parse(texts["feeds/tat-ca.atom.xml"])
    assert [e.id for e in atom.entries][:2] == [FIXTURE_SITE_FEED[0], f"{TAG}cong-khai/phi-cho"]
    entry = atom.entries[1]
    assert entry.updated == "2026-06-02T00:00:00+07:00" and entry.published == "2025-12-24T00:00:00+07:00"
    assert entry.summary.endswith("Cập nhật ngày 02/06/2026: Sửa mức thu phí chợ loại 2. Lý do: Nhập sai số liệu.")
    assert atom.feed.updated == "2026-11-10T00:00:00+07:00"
    assert _parse(texts["feeds/linh-vuc-12.atom.xml"]).feed.updated == "2026-06-02T00:00:00+07:00"
    rss = _parse(texts["feeds/tat-ca.xml"])
    assert rss.entries[1].id == entry.id and rss.entries[1].published == "Wed, 24 Dec 2025 00:00:00 +0700"
    # A change dated after today is not shown yet (nor is the consultation, which opens in November).
    later = _parse(generate(ward, dt.date(2026, 6, 1)).texts["feeds/tat-ca.atom.xml"])
    assert [e.id for e in later.entries] == FIXTURE_SITE_FEED[1:]


@pytest.mark.parametrize(
    ("today", "events"),
    [
        (dt.date(2026, 3, 31), []),
        (dt.date(2026, 4, 1), ["mo"]),
        (dt.date(2026, 4, 30), ["dong", "mo"]),
        (dt.date(2026, 11, 22), ["ket-qua", "dong", "mo"]),
    ],
)
def test_consultation_events_appear_once_their_date_has_come(ward: Path, today: dt.date, events: list[str]) -> None:
    # Replaces the fixture's own consultation of the same draft with one that has finished.
    (ward / "data" / "lay-y-kien").mkdir(exist_ok=True)
    (ward / "data" / "lay-y-kien" / "huong-uoc.yaml").write_text(CLOSED_CONSULTATION, encoding="utf-8")
    texts = generate(ward, today).texts
    rss, atom = _parse(texts["feeds/lay-y-kien.xml"]), _parse(texts["feeds/lay-y-kien.atom.xml"])
    assert [e.id for e in atom.entries] == [f"{TAG}lay-y-kien/huong-uoc-thon-mot/{event}" for event in events]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    for entry in atom.entries:
        assert entry.link == BASE + "lay-y-kien/huong-uoc-thon-mot/"
        assert paths.consultation_page("huong-uoc-thon-mot") in texts
    site_wide = _ids(texts["feeds/tat-ca.xml"])
    # The opening is the draft's own entry (in the site-wide and the type feed); results are news too.
    assert (f"{TAG}van-ban/du-thao-huong-uoc" in site_wide) == bool(events)
    assert (f"{TAG}lay-y-kien/huong-uoc-thon-mot/ket-qua" in site_wide) == ("ket-qua" in events)
    assert (f"{TAG}lay-y-kien/huong-uoc-thon-mot/dong" not in site_wide)
    assert _ids(texts["feeds/loai-huong-uoc.xml"]) == ([f"{TAG}van-ban/du-thao-huong-uoc"] if events else [])
    if "mo" in events:
        opened = next(e for e in atom.entries if e.id.endswith("/mo"))
        assert f"từ {vietnamese_date(dt.date(2026, 4, 1))} đến {vietnamese_date(dt.date(2026, 4, 30))}" in opened.summary
        assert "gopy@example.invalid" in opened.summary


def test_consultation_change_notes_update_the_entry_that_was_out_when_made(ward: Path) -> None:
    notes = (
        "changes:\n"
        "  - date: 2026-04-10\n    what: Bổ sung địa chỉ nhận ý kiến\n    why: Ghi thiếu\n"
        "  - date: 2026-06-01\n    what: Sửa số ý kiến được tiếp thu\n    why: Tổng hợp thiếu phiếu\n"
        "  - date: 2026-12-01\n    what: Chưa đến ngày\n    why: Sau hôm nay\n"
    )
    (ward / "data" / "lay-y-kien" / "huong-uoc.yaml").write_text(CLOSED_CONSULTATION + notes, encoding="utf-8")
    texts = generate(ward, TODAY).texts
    atom = _parse(texts["feeds/lay-y-kien.atom.xml"])
    event = lambda name: next(e for e in atom.entries if e.id.endswith(f"/{name}"))  # noqa: E731
    assert [e.id.rsplit("/", 1)[1] for e in atom.entries] == ["ket-qua", "dong", "mo"]
    assert atom.feed.updated == "2026-06-01T00:00:00+07:00"
    assert (event("ket-qua").published, event("ket-qua").updated) == ("2026-05-08T00:00:00+07:00", "2026-06-01T00:00:00+07:00")
    assert event("ket-qua").summary.endswith("Cập nhật ngày 01/06/2026: Sửa số ý kiến được tiếp thu. Lý do: Tổng hợp thiếu phiếu.")
    assert (event("mo").published, event("mo").updated) == ("2026-04-01T00:00:00+07:00", "2026-04-10T00:00:00+07:00")
    assert event("mo").summary.endswith("Cập nhật ngày 10/04/2026: Bổ sung địa chỉ nhận ý kiến. Lý do: Ghi thiếu.")
    assert event("dong").updated == "2026-04-30T00:00:00+07:00" and "Cập nhật" not in event("dong").summary
    assert "Chưa đến ngày" not in texts["feeds/lay-y-kien.atom.xml"]
    site_wide = _parse(texts["feeds/tat-ca.atom.xml"])
    assert next(e for e in site_wide.entries if e.id.endswith("/ket-qua")).updated == "2026-06-01T00:00:00+07:00"
    assert _parse(texts["feeds/lay-y-kien.xml"]).feed.updated == "Mon, 01 Jun 2026 00:00:00 +0700"


def test_feed_size_keeps_the_newest_entries(ward: Path) -> None:
    portal = load_portal(ward, TODAY)
    texts = render_feeds(portal, size=2)
    assert _ids(texts["feeds/tat-ca.xml"]) == FIXTURE_SITE_FEED[:2]
    assert _ids(texts["feeds/tat-ca.atom.xml"]) == FIXTURE_SITE_FEED[:2]
    assert render_feeds(portal) == {p: t for p, t in generate(ward, TODAY).texts.items() if p.startswith("feeds/")}


def test_list_pages_advertise_their_feeds(ward: Path) -> None:
    texts = generate(ward, TODAY).texts
    expected = {
        "index.md": "tat-ca",
        "van-ban/index.md": "tat-ca",
        "cong-khai/index.md": "tat-ca",
        "danh-muc-cong-khai.md": "tat-ca",
        "danh-sach/nam-2026.md": "tat-ca",
        "danh-sach/nghi-quyet.md": "loai-nghi-quyet",
        "linh-vuc/02-ngan-sach.md": "linh-vuc-02",
        "linh-vuc/09-nghia-vu-quan-su.md": "linh-vuc-09",
    }
    for page, name in expected.items():
        front = texts[page].split("\n---\n", 1)[0]
        rss = paths.relative_url(page, paths.feed_file(name, "rss"))
        atom = paths.relative_url(page, paths.feed_file(name, "atom"))
        assert f'rss: "{rss}"' in front and f'atom: "{atom}"' in front, page
        assert f'<a href="{rss}" type="application/rss+xml">Theo dõi bằng RSS</a>' in texts[page], page
    subscribe = texts[paths.SUBSCRIBE]
    for path in _feed_texts(texts):
        assert f'href="../{path}"' in subscribe


def test_sample_site_feeds_subscribe_page_and_autodiscovery(sample_site: Path) -> None:
    generated = generate(sample_site, dt.date(2026, 11, 22))
    base = generated.portal.site.base_url
    assert _check_built_feeds(sample_site, generated.texts, base) > 0
    site = sample_site / "site"
    subscribe = (site / "theo-doi" / "index.html").read_text(encoding="utf-8")
    assert "Theo dõi tin mới" in subscribe and "RSS to email" in subscribe
    for path in _feed_texts(generated.texts):
        assert f'href="../{path}"' in subscribe
    pages = {
        "index.html": "feeds/tat-ca",
        "van-ban/index.html": "feeds/tat-ca",
        "cong-khai/index.html": "feeds/tat-ca",
        "danh-muc-cong-khai/index.html": "feeds/tat-ca",
        "linh-vuc/02-ngan-sach/index.html": "feeds/linh-vuc-02",
    }
    for page, stem in pages.items():
        html = (site / page).read_text(encoding="utf-8")
        prefix = "../" * page.count("/")
        assert re.search(rf'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="{prefix}{stem}\.xml">', html), page
        assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{prefix}{stem}\.atom\.xml">', html), page
        assert "Theo dõi bằng RSS" in html, page
    assert '<link rel="alternate" type="application/rss+xml"' not in (site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
