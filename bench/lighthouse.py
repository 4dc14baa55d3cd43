"""Lighthouse on the six page types a citizen opens most, on the sample ward and a generated site.

    .venv/bin/python bench/lighthouse.py [ITEMS]     (default 5000; `make lighthouse`)

A negative ITEMS skips the sample ward and measures only the generated site of |ITEMS| items.

Needs Node.js and `npm ci --prefix bench` (Lighthouse 12.2.3, pinned in bench/package.json). Runs
Lighthouse three times per page (LIGHTHOUSE_RUNS), reporting the median performance, with its default mobile profile (Moto G Power emulation, simulated slow 4G and 4x CPU slowdown)
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


RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))  # performance is the median of this many runs


def median_scores(url: str) -> dict:
    """Run Lighthouse RUNS times on one URL: the median performance (Lighthouse's own advice for a
    simulated score that moves from run to run), every run's performance, and the other categories
    (which do not depend on timing) of the median run."""
    runs = sorted((scores(url) for _ in range(RUNS)), key=lambda r: r["performance"])
    middle = dict(runs[len(runs) // 2])
    middle["runs"] = [r["performance"] for r in runs]  # type: ignore[assignment]
    return middle


def measure(site: Path, generated: bool, label: str) -> dict[str, dict]:
    """Serve a built site and run Lighthouse on each page type, printing each row as it comes.
    A run that fails (the slow machine can time out Lighthouse's DevTools calls) is tried once more."""
    results: dict[str, dict] = {}
    with SiteServer(site) as server:
        for kind, path in page_types(generated).items():
            for attempt in (1, 2):
                try:
                    results[kind] = median_scores(server.url + path)
                    break
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    print(f"{label} {kind}: attempt {attempt} failed: {str(error)[-200:]}", file=sys.stderr, flush=True)
            if kind in results:
                s = results[kind]
                print(f"| {label} | {kind} | {s['performance']:.2f} | {s['accessibility']:.2f} | {s['best-practices']:.2f} | {s['seo']:.2f} | {', '.join(s['failed']) or '—'} | {' '.join(f'{r:.2f}' for r in s['runs'])} |", flush=True)
    return results


def main(items: int) -> None:
    from generator.publish.build import build_site

    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci --prefix bench` (needs Node.js).")
    print("| site | page | performance (median) | accessibility | best practices | SEO | binary audits not passed | performance of each run |")
    print("|---|---|---:|---:|---:|---:|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if items >= 0:
            sample = make_project(Path(tmp) / "sample", REPO / "data")
            build_site(sample, dt.date(2026, 11, 22))
            measure(sample / "site", generated=False, label="sample")
        big = make_project(Path(tmp) / "big", REPO / "tests" / "fixtures" / "ward" / "data")
        make_data(big, abs(items))
        build_site(big, dt.date(2026, 11, 22))
        measure(big / "site", generated=True, label=f"{abs(items)} items")

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
