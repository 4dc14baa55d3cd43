"""A province of units: three units built together, a broken one keeping its last good site, an
unchanged one skipped, shards split by code and assembled only when all arrived, the province pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.domain.units import unit_by_code
from generator.province.project import default_address, load_province
from generator.province.run import (
    AssemblyError,
    assemble,
    run_build,
    shard_of,
    shard_units,
)
from tests.conftest import FIXTURES, REPO, golden_differences, replace_in

TODAY = dt.date(2026, 11, 22)
GOLDEN = Path(__file__).parent / "golden" / "province"
PROVINCE = FIXTURES / "province"
PAGES = ["index.html", "tinh-hinh-cong-khai/index.html", "tinh-hinh-cong-khai.csv", "feed.xml"]


def make_province(target: Path) -> Path:
    """Copy the fixture province; each unit gets the fixture ward's data with its own site.yaml, and
    Gia Sàng's data is committed to a git repository that province.yaml points at."""
    shutil.copytree(PROVINCE, target)
    for unit in (target / "units").iterdir():
        site = (unit / "site.yaml").read_text(encoding="utf-8")
        shutil.copytree(FIXTURES / "ward" / "data", unit / "data")
        (unit / "data" / "site.yaml").write_text(site, encoding="utf-8")
        (unit / "site.yaml").unlink()
        shutil.copy(REPO / "mkdocs.yml", unit / "mkdocs.yml")
        shutil.copytree(REPO / "theme", unit / "theme")
    repo = target / "units" / "gia-sang"
    git = ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(git[:3] + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "data"], check=True)
    text = (target / "province.yaml").read_text(encoding="utf-8").replace("GIT_URL", repo.as_uri())
    (target / "province.yaml").write_text(text, encoding="utf-8")
    return target


def commit(repo: Path) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(git + ["commit", "-q", "-am", "edit"], check=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The three-unit province, built once with two processes."""
    root = make_province(tmp_path_factory.mktemp("province") / "thainguyen")
    result = CliRunner().invoke(main, ["province", "build", "-C", str(root), "-j", "2", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the built province (sources, git repository and build output) to change."""
    target = tmp_path / "thainguyen"
    shutil.copytree(built, target, symlinks=True)
    text = (target / "province.yaml").read_text(encoding="utf-8")
    (target / "province.yaml").write_text(text.replace(built.as_uri(), target.as_uri()), encoding="utf-8")
    return target


def test_addresses_default_to_the_folded_official_name(built: Path) -> None:
    assert default_address(unit_by_code("05443")) == "phandinhphung.thainguyen.gov.vn"
    loaded = load_province(built)
    assert [u.address for u in loaded.units] == ["phandinhphung.thainguyen.gov.vn", "giasang.thainguyen.gov.vn", "thainguyen.gov.vn/linhson"]
    assert loaded.address == "thainguyen.gov.vn" and len(loaded.official) == 92


def test_three_units_build_and_the_province_pages_match_golden_files(built: Path, update_golden: bool) -> None:
    out = built / "build"
    assert "Phường Phan Đình Phùng" in (out / "units" / "05443" / "project" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Phường Gia Sàng" in (out / "units" / "05467" / "project" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Phường Linh Sơn" in (out / "units" / "05710" / "project" / "site" / "index.html").read_text(encoding="utf-8")
    state = json.loads((out / "state.json").read_text(encoding="utf-8"))
    assert {code: entry["last_run"]["result"] for code, entry in state["units"].items()} == {"05443": "built", "05710": "built", "05467": "built"}
    pairs = [((out / "tinh" / page).read_text(encoding="utf-8"), GOLDEN / page, page) for page in PAGES]
    failures = golden_differences(pairs, update_golden)
    assert not failures, "Province pages differ from golden files (run pytest --update-golden if intended):\n" + "\n".join(failures)
    addresses = json.loads((out / "addresses.json").read_text(encoding="utf-8"))
    assert addresses == {"thainguyen.gov.vn": "tinh", "giasang.thainguyen.gov.vn": "units/05467/project/site",
                         "phandinhphung.thainguyen.gov.vn": "units/05443/project/site",
                         "thainguyen.gov.vn/linhson": "units/05710/project/site"}


def test_the_province_page_lists_every_official_unit_with_its_state(built: Path) -> None:
    page = (built / "build" / "tinh" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="ck-(\w+)">(.*?)</tr>', page)
    assert len(rows) == 92
    states = {re.search(r"<td>(\d{5})</td>", row).group(1): status for status, row in rows}
    assert states["05443"] == states["05710"] == states["05467"] == "live"
    assert sum(1 for s in states.values() if s == "none") == 89
    assert '<a href="https://thainguyen.gov.vn/linhson/">Phường Linh Sơn</a>' in page
    assert "3 trang đang hoạt động, 0 trang đang lỗi dữ liệu, 0 trang chưa dựng, 89 đơn vị chưa có trang" in page
    for link in re.findall(r'(?:href|src)="([^"#:]+)"', page):  # every local link of the page resolves
        target = built / "build" / "tinh" / link
        assert target.is_file() or (target / "index.html").is_file(), link


def test_every_province_page_names_its_icon(built: Path) -> None:
    # Without one, a browser asks the province's host for /favicon.ico: a 404 in the console.
    pages = sorted((built / "build" / "tinh").rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        assert '<link rel="icon" href="data:,">' in page.read_text(encoding="utf-8"), page


def test_compliance_exports_hold_the_same_table(built: Path) -> None:
    out = built / "build" / "tinh"
    rows = list(csv.reader(io.StringIO((out / "tinh-hinh-cong-khai.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Mã đơn vị", "Đơn vị", "Mục (Điều 11)", "Tên mục", "Đã công khai", "Đúng hạn", "Trễ hạn", "Còn thiếu"]
    assert len(rows) == 1 + 3 * 14
    with zipfile.ZipFile(out / "tinh-hinh-cong-khai.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    cells = [re.findall(r"<t>([^<]*)</t>|<v>(\d+)</v>", row) for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet)]
    assert [[text or number for text, number in row] for row in cells] == rows


def test_a_broken_unit_keeps_its_last_good_site_and_the_others_publish(copy: Path) -> None:
    linh_son = copy / "units" / "linh-son"
    site_page = copy / "build" / "units" / "05710" / "project" / "site" / "index.html"
    before = site_page.read_bytes()
    (linh_son / "data" / "cong-khai" / "phi-cho.yaml").write_text("id: phi-cho\ncategory: [\n", encoding="utf-8")
    (copy / "units" / "phan-dinh-phung" / "data" / "site.yaml").write_text(
        (copy / "units" / "phan-dinh-phung" / "data" / "site.yaml").read_text(encoding="utf-8").replace("Thứ Hai đến thứ Sáu", "Thứ Hai đến thứ Bảy"), encoding="utf-8")
    result = CliRunner().invoke(main, ["province", "build", "-C", str(copy), "-j", "2", "--today", "2026-11-22"])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(main, ["check", "-C", str(linh_son), "--today", "2026-11-22"])
    assert check.exit_code == 1
    assert f"== 05710 Phường Linh Sơn: dữ liệu có lỗi, trang cũ vẫn giữ nguyên ==\n{check.output}" in result.output
    assert site_page.read_bytes() == before
    assert "Thứ Hai đến thứ Bảy" in (copy / "build" / "units" / "05443" / "project" / "site" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    state = json.loads((copy / "build" / "state.json").read_text(encoding="utf-8"))
    assert state["units"]["05710"]["failing_since"] == "2026-11-22" and state["units"]["05710"]["live"]
    assert state["units"]["05710"]["problems"] + "\n" == check.output
    page = (copy / "build" / "tinh" / "index.html").read_text(encoding="utf-8")
    assert "Lỗi dữ liệu từ 22/11/2026; trang cũ vẫn hiển thị" in page
    # Still broken the next day: failing since the first day it failed.
    CliRunner().invoke(main, ["province", "build", "-C", str(copy), "-j", "2", "--today", "2026-11-23"])
    assert json.loads((copy / "build" / "state.json").read_text(encoding="utf-8"))["units"]["05710"]["failing_since"] == "2026-11-22"


def test_an_unchanged_unit_is_skipped_and_an_edited_one_rebuilt(copy: Path) -> None:
    site = copy / "build" / "units" / "05467" / "project" / "site"
    inode = site.stat().st_ino
    gia_sang = copy / "units" / "gia-sang"
    (gia_sang / "data" / "site.yaml").write_text((gia_sang / "data" / "site.yaml").read_text(encoding="utf-8").replace("Thứ Hai đến thứ Sáu", "Cả tuần"), encoding="utf-8")
    commit(gia_sang)
    loaded = load_province(copy)
    _, results = run_build(loaded, copy / "build", TODAY, jobs=2)
    assert {r["code"]: r["state"] for r in results} == {"05443": "skipped", "05710": "skipped", "05467": "built"}
    assert "Cả tuần" in (site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert site.stat().st_ino != inode
    _, again = run_build(loaded, copy / "build", TODAY, jobs=2)
    assert {r["state"] for r in again} == {"skipped"}


def test_shards_split_by_code_stably(built: Path) -> None:
    loaded = load_province(built)
    codes = [u.code for u in loaded.units]
    split = {i: [u.code for u in shard_units(loaded.units, i, 2)] for i in (1, 2)}
    assert sorted(split[1] + split[2]) == sorted(codes) and not set(split[1]) & set(split[2])
    assert split == {1: ["05710"], 2: ["05443", "05467"]}  # 5710 is even, 5443 and 5467 odd
    assert [shard_of(code, 7) for code in ("00070", "05443", "05528")] == [1, 5, 6]  # 70 = 7·10, 5443 = 7·777 + 4
    # A unit's shard depends on its own code only: adding units to the province moves no other unit.
    fewer = {u.code: shard_of(u.code, 4) for u in loaded.units}
    more = {code: shard_of(code, 4) for code in [*fewer, "05500", "05455"]}
    assert {code: more[code] for code in fewer} == fewer


def test_assembly_refuses_a_missing_shard_and_gathers_all(copy: Path, tmp_path: Path) -> None:
    loaded = load_province(copy)
    shards = []
    for index in (1, 2):
        folder = tmp_path / f"shard-{index}"
        shutil.copytree(copy / "build", folder)
        (folder / "state.json").unlink()
        state, results = run_build(loaded, folder, TODAY, jobs=1, shard=(index, 2))
        assert sorted(r["code"] for r in results) == [u.code for u in shard_units(loaded.units, index, 2)]
        shards.append(folder)
    out = tmp_path / "assembled"
    with pytest.raises(AssemblyError, match="thiếu kết quả của phần 2 trên 2 phần"):
        assemble(loaded, shards[:1], 2, out)
    assert not (out / "units").exists()
    result = CliRunner().invoke(main, ["province", "assemble", "-C", str(copy), "-o", str(out), "--shards", "2", str(shards[0])])
    assert result.exit_code == 1 and "Lỗi: thiếu kết quả của phần 2 trên 2 phần; chưa xuất bản gì." in result.output
    result = CliRunner().invoke(main, ["province", "assemble", "-C", str(copy), "-o", str(out), "--shards", "2", "--today", "2026-11-22", *map(str, shards)])
    assert result.exit_code == 0, result.output
    for code in ("05443", "05710", "05467"):
        assert (out / "units" / code / "project" / "site" / "index.html").is_file()
    assert (out / "tinh" / "index.html").read_text(encoding="utf-8") == (copy / "build" / "tinh" / "index.html").read_text(encoding="utf-8")


def test_bad_province_file_is_explained_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "province.yaml").write_text('province: "19"\nunits:\n  - code: "00070"\n    source: x\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["province", "build", "-C", str(tmp_path)])
    assert result.exit_code == 1
    assert "province.yaml, dòng 3, trường \"units.code\": mã “00070” không phải đơn vị hành chính cấp xã của Thái Nguyên." in result.output


def test_the_province_feed_parses_and_lists_the_newest_items_of_every_unit(built: Path) -> None:
    import feedparser

    feed = feedparser.parse((built / "build" / "tinh" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "Thông tin mới của các xã, phường tỉnh Thái Nguyên"
    units = {entry.title.split(":")[0] for entry in feed.entries}
    assert units == {"Phường Phan Đình Phùng", "Phường Linh Sơn", "Phường Gia Sàng"}
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


@contextmanager
def _province_tab(built: Path, browser):
    """A browser tab on the built province portal, served under /tinh/: (tab, server). No request
    may leave the portal's own host (checked when the block ends)."""
    from tests.site_server import SiteServer

    with SiteServer(built / "build" / "tinh", prefix="/tinh/") as server:
        context = browser.new_context()
        try:
            tab = context.new_page()
            foreign: list[str] = []
            tab.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server.url) else None)
            yield tab, server
            assert foreign == []
        finally:
            context.close()


def test_province_search_finds_every_unit_and_filters_by_unit(built: Path, browser) -> None:
    with _province_tab(built, browser) as (tab, server):
        def search(query: str, unit: str = "") -> list[tuple[str, str]]:
            tab.goto(server.url + "tim-kiem/")
            tab.fill("#q", query)
            tab.select_option("#don-vi", unit)
            tab.click("button[type=submit]")
            tab.wait_for_function("/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('trang-thai').textContent)", timeout=30000)
            return tab.eval_on_selector_all("#ket-qua li", "items => items.map(li => [li.querySelector('a').href, li.querySelector('.ck-sub').textContent])")

        everywhere = search("du toan ngan sach")
        assert {unit for _, unit in everywhere} == {"Phường Phan Đình Phùng", "Phường Linh Sơn", "Phường Gia Sàng"}
        assert "https://thainguyen.gov.vn/linhson/cong-khai/du-toan-2026/" in {url for url, _ in everywhere}
        one = search("du toan ngan sach", "Phường Gia Sàng")
        assert one and {unit for _, unit in one} == {"Phường Gia Sàng"}
        assert all(url.startswith("https://giasang.thainguyen.gov.vn/") for url, _ in one)
        # A small province: one bundle, as before: no word about years, no year to choose.
        assert tab.is_hidden("#pham-vi") and tab.is_hidden("#chon-nam")


def _province_split(copy: Path) -> tuple[Path, dict[str, str]]:
    """The province with a resolution about cemeteries of 2026 in Phan Đình Phùng and Linh Sơn and one
    of 2021 in Linh Sơn, its search indexed with the split threshold lowered to the number of pages of
    2025–2026 and without a year, so 2021 goes to a bundle of its own. Returns the province folder and
    the addresses of the three resolutions."""
    from generator.province.search import index_province
    from generator.publish.search_bundles import indexed_pages
    from tests.test_search_bundles import RESOLUTIONS

    for unit, names in (("phan-dinh-phung", ["nq-09-2026"]), ("linh-son", ["nq-09-2026", "nq-05-2021"])):
        for name in names:
            (copy / "units" / unit / "data" / "van-ban" / f"{name}.yaml").write_text(RESOLUTIONS[name], encoding="utf-8")
    loaded = load_province(copy)
    _, results = run_build(loaded, copy / "build", TODAY, jobs=2)
    assert {r["code"]: r["state"] for r in results} == {"05443": "built", "05710": "built", "05467": "skipped"}
    live = [(copy / "build" / "units" / u.code / "project" / "site", u.url, u.unit.full_name) for u in loaded.units]
    recent = sum(1 for site, _, _ in live for year in indexed_pages(site).values() if year in (None, "2025", "2026"))
    index_province(live, copy / "build" / "tinh" / "pagefind", limit=recent)
    return copy / "build" / "tinh", {
        "new-pdp": "https://phandinhphung.thainguyen.gov.vn/van-ban/nq-09-2026/",
        "new-ls": "https://thainguyen.gov.vn/linhson/van-ban/nq-09-2026/",
        "old-ls": "https://thainguyen.gov.vn/linhson/van-ban/nq-05-2021/",
    }


def _addresses(bundle: Path) -> list[str]:
    """The pages a province bundle lists: each page's address on its unit's site (its meta)."""
    from generator.publish.search_chunks import _read
    from tests.test_search_bundles import _read_fragment

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _read(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    return [_read_fragment(bundle / "fragment" / f"{page[0]}.pf_fragment")["meta"]["address"] for page in meta[1]]


def test_a_large_province_search_is_split_by_year_and_the_bundles_partition_the_pages(copy: Path, browser) -> None:
    from generator.publish.search_bundles import indexed_pages
    from tests.site_server import SiteServer
    tinh, pages = _province_split(copy)
    layout = json.loads((tinh / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert layout == {"years": ["2026", "2025"], "older": [{"path": "nam-2021/", "years": ["2021"]}]}
    main_pages, older = _addresses(tinh / "pagefind"), _addresses(tinh / "pagefind" / "nam-2021")
    expected = sorted(u.url + rel.removesuffix("index.html") for u in load_province(copy).units
                      for rel in indexed_pages(copy / "build" / "units" / u.code / "project" / "site"))
    assert sorted(main_pages + older) == expected and len(set(main_pages + older)) == len(expected)  # none lost, none twice
    assert older == [pages["old-ls"]]

    with SiteServer(tinh, prefix="/tinh/") as server:
        context = browser.new_context()
        try:
            tab = context.new_page()
            requested: list[str] = []
            errors: list[str] = []
            tab.on("request", lambda r: requested.append(r.url))
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            done = "/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('trang-thai').textContent)"

            def results() -> list[str]:
                tab.wait_for_function(done, timeout=30000)
                return sorted(tab.eval_on_selector_all("#ket-qua li > a", "links => links.map(a => a.href)"))

            def search(unit: str = "", year: str = "") -> list[str]:
                tab.select_option("#don-vi", unit)
                tab.select_option("#nam", year)
                tab.click("button[type=submit]")
                return results()

            tab.goto(server.url + "tim-kiem/")
            tab.fill("#q", "nghia trang")
            assert search() == sorted([pages["new-pdp"], pages["new-ls"]])  # two units' recent pages, not the old one
            assert tab.inner_text("#pham-vi") == "Đang tìm trong các năm 2025–2026. Tìm cả các năm trước"
            assert not [url for url in requested if "/nam-2021/" in url]  # the older bundle is not downloaded
            assert tab.eval_on_selector_all("#nam option", "options => options.map(o => o.textContent)") == ["Tất cả các năm", "2026", "2025", "2021"]
            tab.click("#tim-ca-cac-nam")
            tab.wait_for_function("document.getElementById('pham-vi').textContent === 'Đã tìm trong tất cả các năm.'", timeout=30000)
            assert results() == sorted(pages.values())
            assert tab.inner_text("#trang-thai") == "Tìm thấy 3 kết quả."
            # The unit filter narrows in every bundle, merged or chosen by year.
            assert search("Phường Linh Sơn") == sorted([pages["new-ls"], pages["old-ls"]])
            assert search("Phường Phan Đình Phùng") == [pages["new-pdp"]]
            assert search("Phường Gia Sàng") == []
            assert search("", "2021") == [pages["old-ls"]]
            assert tab.inner_text("#pham-vi") == "Đã tìm trong năm 2021."
            assert search("Phường Phan Đình Phùng", "2021") == []
            assert search("Phường Linh Sơn", "2026") == [pages["new-ls"]]
            assert tab.inner_text("#pham-vi") == "Đã tìm trong năm 2026."
            assert [url for url in requested if not url.startswith(server.url)] == []
            assert errors == []
        finally:
            context.close()


def test_more_units_than_one_pool_takes_all_build(copy: Path, monkeypatch) -> None:
    """Worker pools are replaced every UNITS_PER_PROCESS units per worker; with one unit per worker
    and one worker, three units need three pools, and every unit still gets its result."""
    from generator.province import run

    monkeypatch.setattr(run, "UNITS_PER_PROCESS", 1)
    for code in ("05443", "05710"):
        (copy / "build" / "units" / code / "last-build.json").unlink()  # forces a build, no skip
    _, results = run_build(load_province(copy), copy / "build", TODAY, jobs=1)
    assert {r["code"]: r["state"] for r in results} == {"05443": "built", "05710": "built", "05467": "skipped"}
    assert [r["code"] for r in results] == ["05443", "05467", "05710"]  # by code, however they finished


def test_the_province_build_writes_nothing_outside_its_output(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == ["build", "province.yaml", "units"]
    assert not (REPO / "pagefind").exists()  # Pagefind's API writes to ./pagefind unless told otherwise


def test_a_unit_being_built_by_hand_is_left_alone_and_a_killed_run_is_recovered(copy: Path) -> None:
    from generator.publish.lock import build_lock

    linh_son = copy / "build" / "units" / "05710" / "project"
    before = (linh_son / "site" / "index.html").read_bytes()
    # A killed earlier run of Phan Đình Phùng: its live site moved aside, a half-built tree beside it.
    phan = copy / "build" / "units" / "05443" / "project"
    (phan / "site").rename(phan / "site.old")
    (phan / "site.new").mkdir()
    (phan / "site.new" / "index.html").write_text("nửa chừng", encoding="utf-8")
    for unit in ("linh-son", "phan-dinh-phung"):
        site_yaml = copy / "units" / unit / "data" / "site.yaml"
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("Thứ Hai đến thứ Sáu", "Thứ Hai đến thứ Bảy"), encoding="utf-8")
    loaded = load_province(copy)
    with build_lock(linh_son):  # `congkhai build` running in Linh Sơn's project at the same moment
        _, results = run_build(loaded, copy / "build", TODAY, jobs=2)
    states = {r["code"]: r for r in results}
    assert states["05710"]["state"] == "failed"
    assert "đang có một lần dựng trang khác" in states["05710"]["problems"], states["05710"]["problems"]
    assert (linh_son / "site" / "index.html").read_bytes() == before
    assert states["05443"]["state"] == "built"
    assert "Thứ Hai đến thứ Bảy" in (phan / "site" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert not (phan / "site.old").exists() and not (phan / "site.new").exists()


def test_a_truncated_last_build_record_means_the_unit_is_built_again(copy: Path) -> None:
    record = copy / "build" / "units" / "05467" / "last-build.json"
    assert json.loads(record.read_text(encoding="utf-8"))["digest"]
    record.write_text('{"digest": "', encoding="utf-8")  # a run killed while writing it
    _, results = run_build(load_province(copy), copy / "build", TODAY, jobs=2)
    assert {r["code"]: r["state"] for r in results} == {"05443": "skipped", "05710": "skipped", "05467": "built"}
    assert json.loads(record.read_text(encoding="utf-8"))["digest"]
    assert not record.with_name("last-build.json.new").exists()


def test_each_units_notes_show_in_the_province_report_as_check_shows_them(copy: Path) -> None:
    """`congkhai province build` prints, for each unit built or kept, the notes (not errors) that
    `congkhai check` shows that unit's clerk, and keeps them in state.json. Linh Sơn's folder is a
    shallow git clone, so its notes include the shallow-clone note of the ledger check."""
    linh_son = copy / "units" / "linh-son"
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(git + ["-C", str(linh_son), "init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["-C", str(linh_son), "add", "-A"], check=True)
    subprocess.run(git + ["-C", str(linh_son), "commit", "-q", "-m", "data"], check=True)
    replace_in(linh_son, "data/site.yaml", "Thứ Hai đến thứ Sáu", "Thứ Hai đến thứ Bảy")  # so that it is built again
    subprocess.run(git + ["-C", str(linh_son), "commit", "-q", "-am", "edit"], check=True)
    full = copy / "linh-son-full"
    linh_son.rename(full)
    subprocess.run(["git", "clone", "-q", "--depth", "1", full.as_uri(), str(linh_son)], check=True, capture_output=True)
    gia_sang = copy / "units" / "gia-sang"  # rebuilt too; Phan Đình Phùng is kept: both paths report their notes
    (gia_sang / "data" / "site.yaml").write_text((gia_sang / "data" / "site.yaml").read_text(encoding="utf-8").replace("Thứ Hai đến thứ Sáu", "Cả tuần"), encoding="utf-8")
    commit(gia_sang)

    for run in range(2):  # the second run keeps every unit: the notes of their last build are reported
        result = CliRunner().invoke(main, ["province", "build", "-C", str(copy), "-j", "2", "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        state = json.loads((copy / "build" / "state.json").read_text(encoding="utf-8"))
        names = {"05443": ("Phường Phan Đình Phùng", "phan-dinh-phung"), "05710": ("Phường Linh Sơn", "linh-son"),
                 "05467": ("Phường Gia Sàng", "gia-sang")}
        for code, (name, folder) in names.items():
            check = CliRunner().invoke(main, ["check", "-C", str(copy / "units" / folder), "--today", TODAY.isoformat()])
            assert check.exit_code == 0, check.output
            assert check.stderr.count("Lưu ý: ") >= 3  # the fixture ward's compliance notes
            # The province build compares its unit's published site's ledger, which the unit's own folder lacks.
            expected = check.stderr.replace(
                "Cũng không có bản sổ kèm trang đang đăng (site/da-dang.json) để đối chiếu, nên xóa tệp sổ hay "
                "xóa mục trong sổ ở các commit trước sẽ không bị phát hiện.",
                "Bản sổ kèm trang đang đăng (site/da-dang.json) vẫn được đối chiếu.")
            assert f"\n== {code} {name}: lưu ý, không phải lỗi (trang vẫn được dựng) ==\n{expected}" in result.stderr, (run, code)
            assert state["units"][code]["notes"] + "\n" == expected
            assert ("bản sao nông" in expected) == (code == "05710")
        assert "Tỉnh Thái Nguyên: " + ("2 đơn vị đã dựng, 1 không đổi" if run == 0 else "0 đơn vị đã dựng, 3 không đổi") in result.output


def test_province_search_shows_only_what_the_unit_pages_show(built: Path, browser) -> None:
    # The hidden block of an indexed page (number variants, words folded to ASCII) never shows
    # under a result, as on a unit's own search page (tests/test_search_excerpt.py).
    from tests.test_search_excerpt import WORD, hidden_only

    hidden = set().union(*(hidden_only(site) for site in (built / "build" / "units").glob("*/project/site")))
    assert {"NQ03", "dau"} <= hidden
    with _province_tab(built, browser) as (tab, server):
        def search(query: str) -> list[dict]:
            tab.goto(server.url + "tim-kiem/")
            tab.fill("#q", query)
            tab.click("button[type=submit]")
            tab.wait_for_function("/^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('trang-thai').textContent)", timeout=30000)
            # Each result: its link, and the text under it (the item without its link and unit).
            return tab.eval_on_selector_all("#ket-qua li", """items => items.map(li => {
                const under = li.cloneNode(true);
                under.querySelectorAll('a, .ck-sub').forEach((e) => e.remove());
                return {url: li.querySelector('a').href, text: under.textContent.trim(),
                        marks: [...under.querySelectorAll('mark')].map(m => m.textContent)};
            })""")

        number = search("NQ03")  # only the number's variants hold it: the summary, unmarked
        resolutions = [r for r in number if r["url"].endswith("/van-ban/nq-03-2026/")]
        assert len(resolutions) == 3 and {r["text"] for r in resolutions} == {"Về dự toán ngân sách xã năm 2026"}, number
        assert all(r["marks"] == [] for r in number), number
        words = search("chi dau tu")  # "đầu" is found by its hidden folded form
        budget = [r for r in words if r["url"].endswith("/van-ban/nq-03-2026/")]
        assert len(budget) == 3 and all("Chi đầu tư phát triển" in r["text"] for r in budget), words
        assert all({"Chi", "đầu", "tư"} == set(r["marks"]) for r in budget), budget
        for result in number + words:
            assert not set(WORD.findall(result["text"])) & hidden, result
