"""Open data (du-lieu/), schemas, DCAT, JSON-LD, calendars, link previews, sitemap dates: read back
with the real parsers (jsonschema, PyLD, icalendar, openpyxl, csv) from the built sample site."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.data.schemas import KINDS, packaged_schema, schema_texts
from generator.publish.build import generate
from generator.publish.editor import EDITOR_PATH
from tests.conftest import REPO, TODAY, golden_differences, make_project

GOLDEN = Path(__file__).parent / "golden" / "open-data"
DAY = dt.date.fromisoformat(TODAY)
EXPORTS = ["van-ban", "cong-khai", "lay-y-kien", "danh-muc-cong-khai", "tinh-hinh-cong-khai"]
FORMAT = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _json(site: Path, rel: str):
    return json.loads((site / rel).read_text(encoding="utf-8"))


def _csv(site: Path, rel: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((site / rel).read_bytes().decode("utf-8-sig"), newline="")))


def _ids(records: list[dict], key: str = "id") -> list[str]:
    return sorted(r[key] for r in records)


def _search_urls(site: Path) -> list[str]:
    urls = []
    for fragment in (site / "pagefind" / "fragment").rglob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    return urls


def _feed_links(site: Path, name: str) -> list[str]:
    root = ET.parse(site / "feeds" / f"{name}.xml").getroot()
    return [item.findtext("link") for item in root.iter("item")]


def _ics_events(site: Path, rel: str):
    from icalendar import Calendar

    return [c for c in Calendar.from_ical((site / rel).read_bytes()).walk("VEVENT")]


def _jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


# --- counts ------------------------------------------------------------------------------------


def test_every_record_appears_once_in_pages_exports_feeds_calendar_and_search(sample_site: Path) -> None:
    from generator.data.load import load_portal

    site = sample_site / "site"
    portal = load_portal(sample_site, DAY)
    base = portal.site.base_url
    search = _search_urls(site)
    kinds = [("van-ban", portal.documents), ("cong-khai", portal.disclosures), ("lay-y-kien", portal.consultations)]
    for key, records in kinds:
        ids = sorted(records)
        assert ids, key
        assert _ids(_json(site, f"du-lieu/{key}.json")["records"]) == ids
        rows = _csv(site, f"du-lieu/{key}.csv")
        assert sorted(row[0] for row in rows[1:]) == ids
        for ident in ids:
            assert (site / key / ident / "index.html").is_file()
            assert search.count(f"/{key}/{ident}/") == 1, (key, ident)
    register = _json(site, "du-lieu/danh-muc-cong-khai.json")["records"]
    assert _ids(register) == sorted(portal.disclosures)
    assert sorted(r[2] for r in _csv(site, "du-lieu/danh-muc-cong-khai.csv")[1:]) == sorted(portal.disclosures)
    everything = _feed_links(site, "tat-ca")
    for ident in portal.disclosures:
        assert everything.count(f"{base}cong-khai/{ident}/") == 1, ident
    for doc in portal.documents.values():
        assert everything.count(f"{base}van-ban/{doc.id}/") == 1, doc.id
    consultation_links = set(_feed_links(site, "lay-y-kien"))
    events = _ics_events(site, "lich/lay-y-kien.ics")
    for ident in portal.consultations:
        assert f"{base}lay-y-kien/{ident}/" in consultation_links
        assert [str(e["URL"]) for e in events].count(f"{base}lay-y-kien/{ident}/") == 1


# --- schemas -----------------------------------------------------------------------------------


def test_every_json_export_validates_against_its_published_schema(sample_site: Path) -> None:
    site = sample_site / "site"
    for key in EXPORTS:
        schema = _json(site, f"du-lieu/luoc-do/{key}.schema.json")
        data = _json(site, f"du-lieu/{key}.json")
        jsonschema.Draft202012Validator(schema, format_checker=FORMAT).validate(data)
        assert data["version"] == 1 and data["date"] == TODAY
        broken = json.loads(json.dumps(data))
        broken["records"].append({"id": 3})
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(schema, format_checker=FORMAT).validate(broken)


class _NoDates(yaml.SafeLoader):
    """Read YAML as an editor's schema validator does: dates stay text."""


_NoDates.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _data_files() -> list[tuple[str, Path]]:
    data = REPO / "data"
    files = [("site", data / "site.yaml"), ("rules", data / "rules.yaml")]
    files += [("document", p) for p in sorted((data / "van-ban").rglob("*.yaml"))]
    files += [("disclosure", p) for p in sorted((data / "cong-khai").rglob("*.yaml"))]
    files += [("consultation", p) for p in sorted((data / "lay-y-kien").rglob("*.yaml"))]
    return files


def test_every_sample_data_file_validates_against_its_schema() -> None:
    files = _data_files()
    assert len(files) > 20
    for kind, path in files:
        schema = json.loads(packaged_schema(kind))
        for record in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_NoDates):
            jsonschema.Draft202012Validator(schema, format_checker=FORMAT).validate(record)


def test_every_sample_data_file_names_its_schema_for_editors() -> None:
    for kind, path in _data_files():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (REPO / "docs" / "schema" / KINDS[kind][0]).resolve(), path


@pytest.mark.parametrize("change", [
    ("nq-du-toan-ngan-sach-2026.yaml", "adopted_on: 2025-12-", "adopted_on: 2025-13-"),
    ("nq-du-toan-ngan-sach-2026.yaml", "type: nghi_quyet", "type: nghi-quyet"),
    ("nq-du-toan-ngan-sach-2026.yaml", "title:", "tieu_de:"),
])
def test_a_broken_data_file_fails_its_schema(change) -> None:
    name, old, new = change
    path = next((REPO / "data" / "van-ban").rglob(name))
    text = path.read_text(encoding="utf-8")
    assert old in text
    record = yaml.load(text.replace(old, new, 1), Loader=_NoDates)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json.loads(packaged_schema("document")), format_checker=FORMAT).validate(record)


def test_schemas_in_docs_and_in_the_package_are_the_generated_ones() -> None:
    for name, text in schema_texts().items():
        assert (REPO / "docs" / "schema" / name).read_text(encoding="utf-8") == text, "run: .venv/bin/python -m generator.data.schemas"
    for kind in KINDS:
        assert packaged_schema(kind) == schema_texts()[KINDS[kind][0]]
    described = json.loads(schema_texts()["document.schema.json"])
    assert described["properties"]["adopted_on"]["description"].startswith("Ngày thông qua")
    assert described["$defs"]["Article"]["description"] == "Một điều của văn bản."


def test_imported_file_starts_with_the_editor_schema_line(ward: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(ward)
    out = ward / "data" / "van-ban" / "2026" / "nhap.yaml"
    result = CliRunner().invoke(main, ["import", str(REPO / "tests" / "fixtures" / "seeds" / "bach-quang-nq-hdnd-2025.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../docs/schema/document.schema.json"
    checked = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", TODAY])
    assert checked.exit_code == 0, checked.output


# --- JSON-LD and DCAT --------------------------------------------------------------------------


def _expand(doc: dict) -> list:
    from pyld import jsonld

    def no_fetch(url, options=None):
        raise AssertionError(f"JSON-LD tried to fetch {url}")

    return jsonld.expand(doc, {"documentLoader": no_fetch})


S = "https://schema.org/"


def _page_node(site: Path, doc_id: str) -> dict:
    html = (site / "van-ban" / doc_id / "index.html").read_text(encoding="utf-8")
    [node] = _expand(_jsonld(html)[0])
    return node


def test_document_page_jsonld_expands_into_the_legislation_statements(sample_site: Path) -> None:
    site = sample_site / "site"
    node = _page_node(site, "nq-du-toan-ngan-sach-2026")
    assert node["@id"] == "https://bachquang.thainguyen.gov.vn/van-ban/nq-du-toan-ngan-sach-2026/#van-ban"
    assert node["@type"] == [S + "Legislation"]
    assert node[S + "legislationIdentifier"][0]["@value"] == "38/NQ-HĐND"
    assert node[S + "legislationType"][0]["@value"] == "Nghị quyết"
    assert node[S + "legislationDate"][0]["@value"] == "2025-12-19"
    assert node[S + "legislationDateOfApplicability"][0]["@value"] == "2025-12-19"
    assert node[S + "legislationLegalForce"][0]["@id"] == S + "InForce"  # derived by generator/law/status.py
    assert node[S + "legislationJurisdiction"][0][S + "name"][0]["@value"] == "Phường Bách Quang, Thái Nguyên"

    plan = _page_node(site, "kh-phat-trien-kinh-te-xa-hoi-2026")
    assert plan[S + "legislationPassedBy"][0][S + "name"][0]["@value"] == "Ủy ban nhân dân phường Bách Quang"
    assert node["@id"] in [basis.get("@id") for basis in plan[S + "isBasedOn"]]  # a legal basis in data/ is a link
    [encoding] = plan[S + "encoding"]
    path = site / "tep" / "2026" / "kh-phat-trien-kinh-te-xa-hoi-2026.pdf"
    assert encoding[S + "contentUrl"][0]["@value"] == "https://bachquang.thainguyen.gov.vn/tep/2026/kh-phat-trien-kinh-te-xa-hoi-2026.pdf"
    assert encoding[S + "sha256"][0]["@value"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert encoding[S + "contentSize"][0]["@value"] == f"{path.stat().st_size} B"
    assert encoding[S + "encodingFormat"][0]["@value"] == "application/pdf"


def test_amending_documents_link_what_they_amend_or_repeal(ward: Path) -> None:
    from generator.data.load import load_portal
    from generator.render.jsonld import document_jsonld
    from tests.conftest import replace_in

    replace_in(ward, "data/van-ban/nq-03-2026.yaml", "id: nq-03-2026\n", "id: nq-03-2026\namends: [du-thao-huong-uoc]\nrepeals: [du-thao-huong-uoc]\n")
    portal = load_portal(ward, DAY)
    [node] = _expand(json.loads(document_jsonld(portal, portal.documents["nq-03-2026"])))
    target = "https://mauthu.example.invalid/cong/van-ban/du-thao-huong-uoc/#van-ban"
    assert node[S + "legislationAmends"][0]["@id"] == target
    assert node[S + "legislationRepeals"][0]["@id"] == target


def test_consultation_page_jsonld_is_an_event_from_opening_to_closing(sample_site: Path) -> None:
    html = (sample_site / "site" / "lay-y-kien" / "du-thao-ke-hoach-phat-trien-2027" / "index.html").read_text(encoding="utf-8")
    [node] = _expand(_jsonld(html)[0])
    assert node["@type"] == [S + "Event"]
    assert node[S + "startDate"][0]["@value"] == "2026-11-10" and node[S + "endDate"][0]["@value"] == "2026-12-05"
    assert node[S + "about"][0]["@id"] == "https://bachquang.thainguyen.gov.vn/van-ban/du-thao-nq-ke-hoach-phat-trien-2027/#van-ban"


def test_home_and_contact_pages_describe_the_government_organization(sample_site: Path) -> None:
    site = sample_site / "site"
    for page in ("index.html", "gioi-thieu/index.html"):
        [node] = _expand(_jsonld((site / page).read_text(encoding="utf-8"))[0])
        assert node["@type"] == [S + "GovernmentOrganization"]
        assert node[S + "address"][0][S + "streetAddress"][0]["@value"]
        kinds = {p[S + "contactType"][0]["@value"] for p in node[S + "contactPoint"]}
        assert "Tiếp nhận phản ánh, kiến nghị" in kinds


def test_jsonld_cannot_close_its_script_element() -> None:
    from generator.render.jsonld import script_json

    text = script_json({"name": "</script><script>alert(1)</script> & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <b>"


def test_dcat_catalogue_lists_every_export_with_its_size_and_checksum(sample_site: Path) -> None:
    site = sample_site / "site"
    expanded = _expand(_json(site, "du-lieu/danh-muc-du-lieu.jsonld"))
    dcat, dct, spdx = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://spdx.org/rdf/terms#"
    [catalog] = expanded
    assert catalog["@type"] == [dcat + "Catalog"]
    seen = {}
    for dataset in catalog[dcat + "dataset"]:
        for dist in dataset[dcat + "distribution"]:
            url = dist[dcat + "downloadURL"][0]["@id"]
            rel = url.split("bachquang.thainguyen.gov.vn/", 1)[1]
            data = (site / rel).read_bytes()
            assert int(dist[dcat + "byteSize"][0]["@value"]) == len(data)
            assert dist[spdx + "checksum"][0][spdx + "checksumValue"][0]["@value"] == hashlib.sha256(data).hexdigest()
            assert dist[dct + "license"][0]["@id"].startswith("https://creativecommons.org/")
            seen[rel] = dist[dcat + "mediaType"][0]["@id"].split("media-types/")[1]
    on_disk = {p.relative_to(site).as_posix() for p in (site / "du-lieu").iterdir() if p.suffix in (".json", ".csv", ".xlsx")}
    assert set(seen) == on_disk and len(on_disk) == 12
    assert seen["du-lieu/cong-khai.xlsx"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- calendars, spreadsheets, determinism ------------------------------------------------------


def test_calendars_parse_with_all_day_events_in_vietnam(sample_site: Path) -> None:
    site = sample_site / "site"
    events = {str(e["UID"]).split("@")[0]: e for e in _ics_events(site, "lich/lay-y-kien.ics")}
    event = events["lay-y-kien-du-thao-ke-hoach-phat-trien-2027"]
    assert event.decoded("DTSTART") == dt.date(2026, 11, 10)  # a date: an all-day event
    assert event.decoded("DTEND") == dt.date(2026, 12, 6)  # the day after the closing day
    assert "gopy.bachquang@example.gov.vn" in str(event["DESCRIPTION"])
    raw = (site / "lich" / "lay-y-kien.ics").read_bytes()
    assert b"X-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    deadlines = _ics_events(site, "lich/han-cong-khai.ics")
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in deadlines}
    assert summaries["Hạn công khai: Tình hình thực hiện dự toán ngân sách năm 2026"] == dt.date(2027, 2, 1)
    assert all(day >= DAY for day in summaries.values())


def test_xlsx_cells_equal_the_csv_and_csv_starts_with_the_bom(sample_site: Path) -> None:
    from openpyxl import load_workbook

    site = sample_site / "site"
    for key in ("cong-khai", "danh-muc-cong-khai"):
        raw = (site / "du-lieu" / f"{key}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = _csv(site, f"du-lieu/{key}.csv")
        sheet = load_workbook(site / "du-lieu" / f"{key}.xlsx").active
        cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert cells == rows
        assert len(rows) == 22  # a header and the 21 disclosures
    assert all((site / "du-lieu" / f"{key}.csv").read_bytes().startswith(b"\xef\xbb\xbf") for key in EXPORTS)


_EXPORT_SCRIPT = """
import datetime as dt, hashlib, sys
from pathlib import Path
from generator.publish.build import generate
g = generate(Path(sys.argv[1]), dt.date(2026, 11, 22))
files = {**{p: t.encode() for p, t in g.texts.items()}, **g.blobs}
for p in sorted(files):
    if p.startswith(("du-lieu/", "lich/", "assets/")):
        print(p, hashlib.sha256(files[p]).hexdigest())
"""


def test_two_builds_at_different_times_produce_identical_exports(tmp_path: Path) -> None:
    import shutil

    if not shutil.which("faketime"):
        pytest.skip("faketime is not installed (apt-get install faketime)")
    project = make_project(tmp_path / "p", REPO / "data")
    outputs = []
    for moment in ("2026-11-22 08:00:00", "2031-03-04 23:59:58"):
        run = subprocess.run(["faketime", moment, sys.executable, "-c", _EXPORT_SCRIPT, str(project)], capture_output=True, text=True, cwd=REPO)
        assert run.returncode == 0, f"{moment}: {run.stderr}"
        outputs.append(run.stdout)
    assert "du-lieu/cong-khai.xlsx" in outputs[0]
    assert outputs[0] == outputs[1]


def test_fixture_ward_json_exports_match_golden_files(ward: Path, update_golden: bool) -> None:
    generated = generate(ward, DAY)
    pairs = [(generated.blobs[f"du-lieu/{key}.json"].decode("utf-8"), GOLDEN / f"{key}.json", f"{key}.json") for key in EXPORTS]
    pairs.append((generated.texts["du-lieu/danh-muc-du-lieu.jsonld"], GOLDEN / "danh-muc-du-lieu.jsonld", "danh-muc-du-lieu.jsonld"))
    # CRLF line ends are asserted in test_calendars_parse_with_all_day_events_in_vietnam; golden files are read as text.
    pairs.append((generated.texts["lich/lay-y-kien.ics"].replace("\r\n", "\n"), GOLDEN / "lay-y-kien.ics", "lay-y-kien.ics"))
    failures = golden_differences(pairs, update_golden)
    assert not failures, "Open data differs from golden files (run pytest --update-golden if intended):\n" + "\n".join(failures)


# --- previews, sitemap, crawling ---------------------------------------------------------------


def test_every_page_has_link_preview_tags(sample_site: Path) -> None:
    site = sample_site / "site"
    # The form editor (quan-tri/) is the clerks' tool, not a page of the portal: it is not shared.
    pages = [p for p in site.rglob("index.html") if not {"pagefind", EDITOR_PATH} & set(p.relative_to(site).parts)]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in ('property="og:title"', 'property="og:description"', 'property="og:url"', 'property="og:image"',
                    'property="og:site_name" content="Phường Bách Quang"', 'property="og:locale" content="vi_VN"', 'name="twitter:card"'):
            assert tag in html, (page, tag)
    html = (site / "cong-khai" / "du-toan-ngan-sach-2026" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://bachquang.thainguyen.gov.vn/cong-khai/du-toan-ngan-sach-2026/">' in html
    image = re.search(r'property="og:image" content="([^"]+)"', html).group(1)
    assert image == "https://bachquang.thainguyen.gov.vn/assets/the-chia-se.png"
    from PIL import Image

    with Image.open(site / "assets" / "the-chia-se.png") as card:
        assert card.size == (1200, 630)


def test_preview_tags_escape_quotes_and_markup(ward: Path) -> None:
    from generator.publish.build import build_site
    from tests.conftest import replace_in

    replace_in(ward, "data/cong-khai/phi-cho.yaml", "title: ", 'title: Phí "chợ" & lệ phí < 5 > 3 ')
    build_site(ward, DAY)
    html = (ward / "site" / "cong-khai" / "phi-cho" / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<meta name="twitter:title" content="([^"]*)">', html).group(1)
    assert tag.startswith("Phí &#34;chợ&#34; &amp; lệ phí &lt; 5 &gt; 3 ")


def test_sitemap_dates_pages_by_their_content_not_the_build(sample_site: Path) -> None:
    site = sample_site / "site"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)}
    base = "https://bachquang.thainguyen.gov.vn/"
    assert dates[base + "cong-khai/du-toan-ngan-sach-2026/"] == "2025-12-26"  # published_on
    assert dates[base + "van-ban/kh-phat-trien-kinh-te-xa-hoi-2026/"] >= "2026-01-08"  # adopted, or disclosed later
    assert dates[base + "tinh-hinh-cong-khai/"] == TODAY  # computed against the build date
    assert dates[base + "theo-doi/"] is None  # fixed text: no date rather than a wrong one


def test_robots_and_opensearch(sample_site: Path) -> None:
    site = sample_site / "site"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://bachquang.thainguyen.gov.vn/sitemap.xml" in robots
    root = ET.parse(site / "opensearch.xml").getroot()
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    assert root.findtext("o:ShortName", namespaces=ns) == "Bách Quang"  # 16 characters at most
    template = root.find("o:Url[@type='text/html']", ns).get("template")
    assert template == "https://bachquang.thainguyen.gov.vn/tim-kiem/?q={searchTerms}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="search" type="application/opensearchdescription+xml" title="Phường Bách Quang" href="opensearch.xml">' in home


def test_calendars_are_linked_with_a_subscribe_explanation(sample_site: Path) -> None:
    site = sample_site / "site"
    for page, calendar in (("lay-y-kien/index.html", "../lich/lay-y-kien.ics"), ("tinh-hinh-cong-khai/index.html", "../lich/han-cong-khai.ics")):
        html = (site / page).read_text(encoding="utf-8")
        assert f'href="{calendar}"' in html
        assert "Thêm lịch đã đăng ký" in html


def test_the_units_emblem_replaces_the_drawn_card(ward: Path) -> None:
    from PIL import Image

    from generator.publish.build import build_site

    (ward / "data" / "tep").mkdir(exist_ok=True)
    Image.new("RGB", (400, 400), (200, 0, 0)).save(ward / "data" / "tep" / "bieu-trung.png")
    with (ward / "data" / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("emblem: tep/bieu-trung.png\n")
    build_site(ward, DAY)
    site = ward / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://mauthu.example.invalid/cong/tep/bieu-trung.png">' in html
    assert '<meta property="og:image:type" content="image/png">' in html and "og:image:width" not in html
    assert (site / "tep" / "bieu-trung.png").is_file() and not (site / "assets" / "the-chia-se.png").exists()


def test_a_missing_emblem_is_reported_with_file_line_and_field(ward: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    with (ward / "data" / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("emblem: tep/khong-co.png\n")
    line = len((ward / "data" / "site.yaml").read_text(encoding="utf-8").splitlines())
    result = CliRunner().invoke(main, ["check", "-C", str(ward), "--today", TODAY])
    assert result.exit_code == 1
    assert f'data/site.yaml, dòng {line}, trường "emblem": không tìm thấy tệp "tep/khong-co.png".\n' in result.output


def test_a_cell_that_looks_like_a_formula_is_never_run_by_a_spreadsheet() -> None:
    """CSV injection: Excel runs a CSV cell that starts with = + - @; an XLSX string is never a formula."""
    import io

    from openpyxl import load_workbook

    from generator.render.exports import csv_bytes, spreadsheet_text, xlsx_bytes

    rows = [["ten", "so"], ['=HYPERLINK("https://evil.invalid","bấm")', "-5"], ["- Chi hỗ trợ hộ nghèo", "+1.500"], ["@SUM(A1)", "12.500"]]
    text = csv_bytes(rows).decode("utf-8-sig")
    assert text == ('ten,so\r\n'
                    '"\'=HYPERLINK(""https://evil.invalid"",""bấm"")",-5\r\n'
                    "'- Chi hỗ trợ hộ nghèo,+1.500\r\n"
                    "'@SUM(A1),12.500\r\n")
    assert spreadsheet_text("-5") == "-5" and spreadsheet_text("Chi thường xuyên") == "Chi thường xuyên"
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows, "x", dt.date(2026, 11, 22)))).active
    cells = list(sheet.iter_rows(min_row=2))
    assert cells[0][0].value == '=HYPERLINK("https://evil.invalid","bấm")' and cells[0][0].data_type == "s"
    assert cells[2][0].value == "@SUM(A1)" and cells[2][0].data_type == "s"
