"""Benchmark: build a large ward site and measure what a citizen's phone downloads.

    .venv/bin/python bench/bench.py [ITEMS]      (default 5000; `make bench`)

Generates ITEMS records (half documents, half disclosures) of realistic Vietnamese text into a
temporary project, builds it with `congkhai build` (MkDocs + Pagefind), serves it on 127.0.0.1
with gzip, and measures in headless Chromium: the bytes one search fetches (for each of QUERIES,
each in a fresh browser), the first-visit weight of a document page, and the build time. Method and
results: bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import make_project  # noqa: E402
from tests.site_server import SiteServer  # noqa: E402
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, transferred  # noqa: E402

SUBJECTS = [
    "dự toán ngân sách", "quyết toán ngân sách", "quy chế thực hiện dân chủ ở cơ sở", "xây dựng đường giao thông nông thôn",
    "hỗ trợ hộ nghèo, hộ cận nghèo", "chỉnh trang đô thị", "phòng, chống thiên tai", "khoản đóng góp tự nguyện của Nhân dân",
    "kế hoạch phát triển kinh tế - xã hội", "thu phí chợ", "giải phóng mặt bằng", "thanh lý tài sản công",
    "tuyển chọn công dân nhập ngũ", "bảo vệ môi trường và cây xanh", "cải cách thủ tục hành chính", "chuyển đổi số",
]
PLACES = ["tổ dân phố Một", "tổ dân phố Hai", "thôn Đồng Tâm", "khu dân cư Bắc Sơn", "tổ dân phố Đông Hà", "thôn Tân Lập"]
SENTENCES = [
    "Ủy ban nhân dân phường tổ chức thực hiện, báo cáo Hội đồng nhân dân tại kỳ họp gần nhất.",
    "Thường trực Hội đồng nhân dân, các Ban và đại biểu Hội đồng nhân dân giám sát việc thực hiện.",
    "Ủy ban Mặt trận Tổ quốc Việt Nam phường tuyên truyền, vận động Nhân dân cùng thực hiện.",
    "Kinh phí thực hiện từ nguồn ngân sách phường và nguồn đóng góp tự nguyện của Nhân dân.",
    "Các tổ chức, cá nhân có ý kiến góp ý gửi về Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường.",
    "Việc công khai thực hiện theo Luật Thực hiện dân chủ ở cơ sở và các văn bản hướng dẫn.",
    "Trưởng các tổ dân phố có trách nhiệm thông báo nội dung này tới từng hộ gia đình.",
    "Nghị quyết này có hiệu lực kể từ ngày thông qua.",
]

# The three examples, typical accented and unaccented queries, and a long query made only of
# the most frequent words of ward documents (each of its words needs its own, large, index chunk).
QUERIES = ["dan chu", "nghi quyet", "dong gop", "ngân sách", "ho ngheo", "thu phi cho", "uy ban nhan dan phuong"]


def _document(i: int, rng: random.Random) -> str:
    subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
    year = 2020 + i % 7
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
    articles = []
    for n in range(1, rng.randint(3, 6)):
        clauses = "".join(f"\n      - number: {c}\n        text: \"{rng.choice(SENTENCES)}\"" for c in range(1, rng.randint(2, 5)))
        articles.append(f"  - number: {n}\n    title: \"{rng.choice(SUBJECTS).capitalize()}\"\n    clauses:{clauses}")
    return (
        f"id: nq-{i:05d}\ntype: nghi_quyet\nnumber: {i}/NQ-HĐND\nissuer: Hội đồng nhân dân phường Mẫu\n"
        f"title: \"Về {subject} tại {place} năm {year}\"\nadopted_on: {day}\neffective_on: {day}\n"
        f"formula: \"QUYẾT NGHỊ:\"\narticles:\n" + "\n".join(articles) + "\n"
    )


def _disclosure(i: int, doc: int, rng: random.Random) -> str:
    day = dt.date(2020 + doc % 7, 1, 1) + dt.timedelta(days=rng.randrange(360))
    return (
        f"id: ck-{i:05d}\ncategory: {rng.randint(1, 14)}\ntitle: \"Công khai {rng.choice(SUBJECTS)} tại {rng.choice(PLACES)}\"\n"
        f"external_document:\n  title: \"Kế hoạch về {rng.choice(SUBJECTS)}\"\n  date: {day}\n"
        f"published_on: {day}\nposted_from: {day}\nforms: [notice_board]\nsummary: \"{rng.choice(SENTENCES)}\"\n"
    )


def bench_ward(folder: Path, items: int) -> Path:
    """A fresh project in `folder`: the fixture ward's data with ITEMS generated records added."""
    project = make_project(folder, REPO / "tests" / "fixtures" / "ward" / "data")
    make_data(project, items)
    return project


def cpu_seconds(children: bool = True) -> float:
    """CPU seconds of this process, and of its finished children (Pagefind, unit workers) unless
    told not to: steadier than wall time on a machine others share."""
    t = os.times()
    return t.user + t.system + ((t.children_user + t.children_system) if children else 0.0)


def make_data(project: Path, items: int, seed: int = 42) -> None:
    """Write items/2 documents and items/2 disclosures into project/data (another seed, other texts)."""
    rng = random.Random(seed)
    for folder in ("van-ban", "cong-khai", "lay-y-kien"):
        for old in (project / "data" / folder).rglob("*.yaml"):
            old.unlink()
    (project / "data" / "van-ban" / "bench").mkdir(parents=True, exist_ok=True)
    (project / "data" / "cong-khai" / "bench").mkdir(parents=True, exist_ok=True)
    for i in range(items // 2):
        (project / "data" / "van-ban" / "bench" / f"nq-{i:05d}.yaml").write_text(_document(i, rng), encoding="utf-8")
        (project / "data" / "cong-khai" / "bench" / f"ck-{i:05d}.yaml").write_text(_disclosure(i, i, rng), encoding="utf-8")


def _kinds(seen) -> dict[str, int]:
    """Bytes of Pagefind's requests by kind (any bundle: pagefind/ or pagefind/nam-2020-2022/)."""
    kinds: dict[str, int] = {}
    for r in seen:
        found = re.search(r"/pagefind/(?:nam-[\d-]+/)?(index|fragment|filter)/", r.url)
        kind = found.group(1) if found else "engine (js, wasm, meta)"
        kinds[kind] = kinds.get(kind, 0) + r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
    return kinds


SHOWN = "links => links.map(a => a.getAttribute('href'))"


def _search_bytes(browser, base: str, query: str):
    """Bytes of the search page itself, of the query's Pagefind fetches by kind, their count, the
    results shown; then, where the index is split by year, the same for "Tìm cả các năm trước"
    (the bytes it adds, in the same browser), else None."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        seen: list = []
        tab.on("requestfinished", lambda request: seen.append(request))
        tab.goto(base + "tim-kiem/", wait_until="networkidle")
        page_bytes = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in seen)
        seen.clear()
        tab.fill("#ck-q", query)
        tab.press("#ck-q", "Enter")
        tab.wait_for_function("() => /^(Tìm thấy|Không tìm thấy)/.test(document.getElementById('ck-status').textContent)", timeout=300000)
        tab.wait_for_load_state("networkidle")
        shown = tab.eval_on_selector_all("#ck-results li > a", SHOWN)
        kinds, fetches = _kinds(seen), len(seen)
        every = None
        if tab.locator("#ck-every-year").count():
            seen.clear()
            tab.click("#ck-every-year")
            tab.wait_for_function("() => document.getElementById('ck-scope').textContent === 'Đã tìm trong tất cả các năm.'", timeout=300000)
            tab.wait_for_load_state("networkidle")
            every = (_kinds(seen), len(seen), tab.eval_on_selector_all("#ck-results li > a", SHOWN))
        return page_bytes, kinds, fetches, shown, every
    finally:
        context.close()


def _measure_pagefind(peaks: list) -> None:
    """Run Pagefind as the build does, under /usr/bin/time, recording each run's (each bundle's) peak
    RSS in MB. (getrusage's RUSAGE_CHILDREN is no measure of Pagefind: a child forked from the build
    starts with the build's own high-water mark, kept across exec.)"""
    from generator.publish import search

    def run(site_dir: Path, output: Path | None = None) -> None:
        with tempfile.NamedTemporaryFile() as peak:
            command = ["/usr/bin/time", "-q", "-f", "%M", "-o", peak.name, *search.pagefind_command(site_dir, output)]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(done.stdout + done.stderr)
            peaks.append((str(output or "pagefind").rsplit("/", 1)[-1], int(Path(peak.name).read_text().split()[-1]) / 1024))

    search.run_pagefind = run


def main(items: int) -> None:
    from playwright.sync_api import sync_playwright

    from generator.publish.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", items)
        peaks: list = []
        _measure_pagefind(peaks)
        start = time.perf_counter()
        build_site(project, dt.date(2026, 11, 22))
        build_seconds = time.perf_counter() - start
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"build: {build_seconds:.1f} s; peak RSS: Python {own_peak:.0f} MB, largest child {child_peak:.0f} MB", flush=True)
        layout = json.loads((project / "site" / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
        print(f"search bundles: {json.dumps(layout)}", flush=True)
        print("Pagefind peak RSS per bundle: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks), flush=True)
        site = project / "site"
        if os.environ.get("BENCH_KEEP"):  # keep the built site to look at it afterwards
            shutil.copytree(site, os.environ["BENCH_KEEP"], dirs_exist_ok=True)
        pages = sum(1 for _ in site.rglob("index.html"))
        bundle = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
        with SiteServer(site) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            doc_total, doc_rows = transferred(browser, server.url + "van-ban/nq-00000/")
            searches = {query: _search_bytes(browser, server.url, query) for query in QUERIES}
            browser.close()
        print(f"items: {items} ({items // 2} documents, {items // 2} disclosures); HTML pages built: {pages}")
        print(f"build (load, render, MkDocs, Pagefind): {build_seconds:.1f} s")
        print(f"peak RSS during the build: Python {own_peak:.0f} MB; Pagefind per bundle: "
              + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks))
        print(f"Pagefind bundle on disk: {bundle / 1024:.0f} KB")
        print(f"document page, first visit: {doc_total / 1024:.1f} KB in {len(doc_rows)} requests (gzip)")
        for url, size in doc_rows:
            print(f"    {size / 1024:7.1f} KB  {url.split('/phuong/', 1)[1] or '(page)'}")
        page_bytes = next(iter(searches.values()))[0]
        print(f"search page, first visit: {page_bytes / 1024:.1f} KB; one query, fresh browser (engine, index, fragments):")
        for query, (_, kinds, fetches, _, _) in searches.items():
            parts = "  ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(kinds.items()))
            print(f"    {sum(kinds.values()) / 1024:7.1f} KB in {fetches:2d} requests  {query!r:26} {parts}")
        worst = max(sum(kinds.values()) for _, kinds, _, _, _ in searches.values())
        print(f"largest query: {worst / 1024:.1f} KB (budget 300 KB)")
        if any(every for *_, every in searches.values()):
            print("then \"Tìm cả các năm trước\" (all years), what it adds in the same browser:")
            for query, (*_, every) in searches.items():
                kinds, fetches, _ = every or ({}, 0, [])
                parts = "  ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(kinds.items()))
                print(f"    {sum(kinds.values()) / 1024:7.1f} KB in {fetches:2d} requests  {query!r:26} {parts}")
        # The results shown (up to 30, in order), to compare two versions of the index.
        print("results: " + json.dumps({query: shown for query, (_, _, _, shown, _) in searches.items()}, ensure_ascii=False))
        print("results, all years: " + json.dumps({query: every[2] for query, (*_, every) in searches.items() if every}, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
