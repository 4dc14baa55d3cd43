"""The form editor under quan-tri/: configuration in step with the models, and a clerk's session in Chromium.

The browser test opens the editor of the built sample with Decap's `test-repo` backend (the
configuration is served with that backend instead of GitLab; the repository is filled with the
sample's documents), creates a disclosure and a consultation through the forms, then writes the
files the editor saved into a copy of the project: they must pass `congkhai check` and build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.publish.editor import CMS_DIR, VENDOR_DIR
from generator.render.cms_config import render_cms_config
from tests.conftest import REPO, TODAY, make_project
from tests.site_server import SiteServer

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_committed_editor_configuration_is_generated_from_the_models() -> None:
    committed = (CMS_DIR / "config.yml").read_text(encoding="utf-8")
    assert committed == render_cms_config(), "run `make cms-config` and commit generator/publish/cms/config.yml"


def test_editor_configuration_follows_the_models_and_rules() -> None:
    config = yaml.safe_load((CMS_DIR / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "vi" and config["media_folder"] == "data/tep" and config["public_folder"] == "tep"
    by_name = {c["name"]: c for c in config["collections"]}
    disclosure = {f["name"]: f for f in by_name["cong-khai"]["fields"]}
    assert by_name["cong-khai"]["folder"] == "data/cong-khai" and by_name["cong-khai"]["path"] == "{{year}}/{{slug}}"
    assert by_name["lay-y-kien"]["path"] == "{{slug}}"
    assert [o["value"] for o in disclosure["category"]["options"]] == list(range(1, 15))
    assert disclosure["category"]["options"][4]["label"] == "5. Quỹ, khoản đóng góp của Nhân dân"
    assert {"label": "Niêm yết tại trụ sở", "value": "notice_board"} in disclosure["forms"]["options"]
    assert disclosure["forms"]["multiple"] is True
    assert disclosure["published_on"]["widget"] == "datetime" and "required" not in disclosure["published_on"]
    assert disclosure["posted_until"]["required"] is False
    assert disclosure["document"]["widget"] == "relation" and disclosure["document"]["collection"] == "van-ban"
    assert disclosure["id"]["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    table = {f["name"]: f for f in disclosure["tables"]["fields"]}
    assert table["rows"]["field"]["widget"] == "list" and table["rows"]["field"]["field"]["name"] == "cell"
    attachment = {f["name"]: f for f in disclosure["attachments"]["fields"]}
    assert attachment["file"]["widget"] == "file"
    document = {f["name"]: f for f in by_name["van-ban"]["fields"]}
    assert {"label": "Nghị quyết", "value": "nghi_quyet"} in document["type"]["options"]
    assert document["related"]["multiple"] is True


def test_vendored_bundle_is_the_recorded_one() -> None:
    import hashlib

    record = yaml.safe_load((VENDOR_DIR / "VENDOR.yaml").read_text(encoding="utf-8"))
    assert record["package"] == "decap-cms" and record["licence"].startswith("MIT")
    for name, digest in record["files"].items():
        assert hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest() == digest, name
    assert set(record["files"]) == {p.name for p in VENDOR_DIR.iterdir() if p.suffix in (".js", ".wasm")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    import datetime as dt

    from generator.publish.build import build_site

    project = make_project(tmp_path_factory.mktemp("editor") / "sample", REPO / "data")
    build_site(project, dt.date.fromisoformat(TODAY))
    return project


def test_built_site_serves_the_editor_with_the_units_sign_in(built: Path) -> None:
    page = (built / "site" / "quan-tri" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and '<script src="decap-cms.js"></script>' in page
    assert "http" not in page.split("<body>", 1)[1]  # nothing from another host
    config = yaml.safe_load((built / "site" / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "gitlab", "repo": "ubnd-bach-quang/trang-cong-khai", "branch": "main",
                                 "auth_type": "pkce", "app_id": yaml.safe_load((REPO / "data" / "quan-tri.yaml").read_text())["app_id"]}
    assert (built / "site" / "quan-tri" / "decap-cms.js").read_bytes() == (VENDOR_DIR / "decap-cms.js").read_bytes()


def test_editor_settings_are_checked(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ward", REPO / "tests" / "fixtures" / "ward" / "data")
    (project / "data" / "quan-tri.yaml").write_text("backend: gitlab\nrepo: xa-mau/du-lieu\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-C", str(project), "--today", TODAY])
    assert result.exit_code == 1
    assert result.stderr == (
        'data/quan-tri.yaml, dòng 1, trường "app_id": đăng nhập GitLab cần Application ID.\n'
        "  Cách sửa: tạo ứng dụng OAuth trong GitLab (xem README, mục “Soạn bằng biểu mẫu”) rồi ghi `app_id: …`.\n"
        "Có 1 lỗi trong 1 tệp. Chưa xuất bản gì. Sửa rồi chạy lại `congkhai check`.\n"
    )


def _repository(project: Path) -> dict:
    """The sample's documents as Decap's test-repo holds them (a folder collection's folder is one key)."""
    files: dict = {}
    for path in sorted((project / "data" / "van-ban").rglob("*.yaml")):
        files.setdefault(path.parent.name, {})[path.name] = {"content": path.read_text(encoding="utf-8")}
    return {"data/van-ban": files}


def _saved(tree: dict, prefix: str = "data") -> dict[str, str]:
    """Flatten the files the editor saved (test-repo nests them by path segment)."""
    found = {}
    for name, value in tree.items():
        if isinstance(value, dict) and "content" in value and isinstance(value["content"], str):
            found[f"{prefix}/{name}"] = value["content"]
        elif isinstance(value, dict):
            found.update(_saved(value, f"{prefix}/{name}"))
    return found


def _pick(page, field_id: str, text: str) -> None:
    """Choose an option of a select or relation field by typing its label, as a clerk does."""
    page.click(f"[id^='{field_id}-field-']")
    page.keyboard.type(text)
    page.wait_for_selector("[class*='option']:not([class*='no-option'])")
    page.keyboard.press("Enter")


def _fill(page, field_id: str, value: str) -> None:
    page.fill(f"[id^='{field_id}-field-']", value)


def _publish(page) -> None:
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Công bố ngay").click()
    page.wait_for_function("() => !location.hash.endsWith('/new')")


def _axe(page) -> list[str]:
    import axe_playwright_python

    page.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def test_clerk_creates_a_disclosure_and_a_consultation_in_the_form_editor(built: Path, tmp_path: Path, browser) -> None:
    site = built / "site"
    config = yaml.safe_load((site / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    foreign: list[str] = []
    with SiteServer(site, "/phuong/") as server:
        origin = server.url.split("/phuong/")[0]

        def guard(route):
            if not route.request.url.startswith(origin):
                foreign.append(route.request.url)
                route.abort()
            elif route.request.url.endswith("/quan-tri/config.yml"):
                route.fulfill(body=yaml.safe_dump(config, allow_unicode=True), content_type="text/yaml")
            else:
                route.continue_()

        context = browser.new_context()
        try:
            context.route("**/*", guard)
            context.add_init_script(f"window.repoFiles = {json.dumps(_repository(built), ensure_ascii=False)};")
            page = context.new_page()
            page.goto(server.url + "quan-tri/")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_selector("text=Thông tin công khai")
            problems = _axe(page)

            page.goto(server.url + "quan-tri/#/collections/cong-khai/new")
            page.wait_for_selector("[id^='id-field-']")
            problems += _axe(page)
            _fill(page, "id", "dong-gop-duong-thon-mot")
            _pick(page, "category", "Quỹ, khoản")
            _fill(page, "title", "Công khai khoản đóng góp: làm đường thôn Một, năm 2026")
            _pick(page, "document", "kh-phat-trien-kinh-te-xa-hoi-2026")
            _fill(page, "published_on", "2026-11-22")
            _fill(page, "posted_from", "2026-11-22")
            _fill(page, "posted_until", "2026-12-21")
            _pick(page, "forms", "Niêm yết")
            _fill(page, "summary", "Mức đóng góp: 200.000 đồng/hộ, tự nguyện.")
            _publish(page)

            page.goto(server.url + "quan-tri/#/collections/lay-y-kien/new")
            page.wait_for_selector("[id^='id-field-']")
            _fill(page, "id", "lay-y-kien-quy-uoc-thon-mot")
            _fill(page, "title", "Dự thảo quy ước thôn Một")
            _pick(page, "draft", "du-thao-nq-ke-hoach-phat-trien-2027")
            _fill(page, "opens_on", "2026-11-23")
            _fill(page, "closes_on", "2026-12-23")
            _fill(page, "email", "gopy@example.gov.vn")
            _publish(page)
            saved = _saved(page.evaluate("() => window.repoFiles.data"))
        finally:
            context.close()

    assert not foreign, f"requests to another host: {foreign}"
    assert not problems, "\n".join(problems)
    assert sorted(saved) == ["data/cong-khai/2026/dong-gop-duong-thon-mot.yaml", "data/lay-y-kien/lay-y-kien-quy-uoc-thon-mot.yaml"]
    disclosure = yaml.safe_load(saved["data/cong-khai/2026/dong-gop-duong-thon-mot.yaml"])
    assert disclosure["category"] == 5 and disclosure["document"] == "kh-phat-trien-kinh-te-xa-hoi-2026"
    assert disclosure["title"] == "Công khai khoản đóng góp: làm đường thôn Một, năm 2026"
    assert disclosure["forms"] == ["notice_board"]

    project = tmp_path / "project"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site", "site_src"))
    for rel, text in saved.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "-C", str(project), "--today", TODAY])
    assert checked.exit_code == 0, checked.output
    assert "22 thông tin công khai, 3 đợt lấy ý kiến" in checked.output
    built_again = CliRunner().invoke(main, ["build", "-C", str(project), "--today", TODAY])
    assert built_again.exit_code == 0, built_again.output
    page = (project / "site" / "cong-khai" / "dong-gop-duong-thon-mot" / "index.html").read_text(encoding="utf-8")
    assert "Công khai khoản đóng góp: làm đường thôn Một, năm 2026" in page
    talk = next(project.joinpath("site").rglob("lay-y-kien-quy-uoc-thon-mot/index.html")).read_text(encoding="utf-8")
    assert "Dự thảo quy ước thôn Một" in talk
