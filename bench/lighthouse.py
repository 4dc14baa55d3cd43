"""Lighthouse on the six page types a citizen opens most, on the sample ward and a generated site.

    .venv/bin/python bench/lighthouse.py [ITEMS]     (default 5000; `make lighthouse`)

Needs Node.js and `npm ci --prefix bench` (Lighthouse 12.2.3, pinned in bench/package.json). Runs
Lighthouse's default mobile profile (Moto G Power emulation, simulated slow 4G and 4x CPU slowdown)
against Debian's Chromium, on the site served with gzip by tests/site_server.py. Not a test: the
scores go in bench/README.md with the method.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import make_data  # noqa: E402  (bench/bench.py, beside this script)
from tests.conftest import make_project  # noqa: E402
from tests.site_server import SiteServer  # noqa: E402

LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def page_types(generated: bool) -> dict[str, str]:
    """The six page types: home, a document, a disclosure, the register, compliance, search."""
    if generated:
        document, disclosure = "van-ban/nq-00000/", "cong-khai/ck-00000/"
    else:
        document, disclosure = "van-ban/nq-dan-chu-co-so-bach-quang/", "cong-khai/thuc-hien-ngan-sach-6-thang-2026/"
    return {"home": "", "document": document, "disclosure": disclosure, "register": "danh-muc-cong-khai/",
            "compliance": "tinh-hinh-cong-khai/", "search": "tim-kiem/?q=dan%20chu"}


def scores(url: str) -> dict[str, float]:
    """Run Lighthouse once on one URL; return the four category scores (0–1)."""
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    report = json.loads(done.stdout)
    failed = [a["id"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    result = {c: report["categories"][c]["score"] for c in CATEGORIES}
    result["failed"] = failed  # type: ignore[assignment]
    return result


def measure(site: Path, generated: bool) -> dict[str, dict]:
    """Serve a built site and run Lighthouse on each page type."""
    with SiteServer(site) as server:
        return {kind: scores(server.url + path) for kind, path in page_types(generated).items()}


def main(items: int) -> None:
    from generator.publish.build import build_site

    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci --prefix bench` (needs Node.js).")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sample = make_project(Path(tmp) / "sample", REPO / "data")
        build_site(sample, dt.date(2026, 11, 22))
        results["sample"] = measure(sample / "site", generated=False)
        big = make_project(Path(tmp) / "big", REPO / "tests" / "fixtures" / "ward" / "data")
        make_data(big, items)
        build_site(big, dt.date(2026, 11, 22))
        results[f"{items} items"] = measure(big / "site", generated=True)
    print("| site | page | performance | accessibility | best practices | SEO | binary audits not passed |")
    print("|---|---|---:|---:|---:|---:|---|")
    for site, pages in results.items():
        for kind, s in pages.items():
            print(f"| {site} | {kind} | {s['performance']:.2f} | {s['accessibility']:.2f} | {s['best-practices']:.2f} | {s['seo']:.2f} | {', '.join(s['failed']) or '—'} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
