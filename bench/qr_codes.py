"""The QR codes of the notice sheets alone: drawing kept matrices, and a first build's render.

    .venv/bin/python bench/qr_codes.py [ITEMS] [--runs N]

Generates the bench ward (bench/bench.py's make_data, ITEMS items, default 5000: half of them
disclosures, each with a notice sheet) into a temporary project and loads it once. Then, N times
(default 3), alternating:
- "warm": every matrix kept, the drawing cache emptied, `qr_svg` of every address (a rebuild whose
  pipeline restored .congkhai-cache/);
- "cold": nothing kept, `render_site` as a build runs it (with publish/forked.py's `beside`: on two
  cores or more a forked child renders the feeds, the open data and item pages from the last, each
  encoding the codes of the notices it renders).
Prints wall seconds, CPU seconds (with the reaped children) and this process's own CPU seconds.
Run it from an older checkout (copy the script there) to time that code the same way. Method and
figures: bench/README.md, "Cost per unit", seventh session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import bench_ward, cpu_seconds  # noqa: E402

TODAY = dt.date(2026, 11, 22)


def timed(function, reference) -> tuple[float, float, float]:
    start, cpu, own = time.perf_counter(), cpu_seconds(), cpu_seconds(children=False)
    result = function()
    wall, cpu, own = time.perf_counter() - start, cpu_seconds() - cpu, cpu_seconds(children=False) - own
    assert result is None or result == reference, "not the same site"
    return wall, cpu, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="?", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from generator import paths
    from generator.publish import collector, forked
    from generator.publish.build import load_checked
    from generator.render import notices
    from generator.render.pages import poster_channels
    from generator.render.site import render_site

    with tempfile.TemporaryDirectory() as tmp, collector.during_build():
        project = bench_ward(Path(tmp) / "project", args.items)
        _, portal = load_checked(project, TODAY)
        addresses = [paths.absolute_url(portal.site.base_url, paths.disclosure_page(i)) for i in portal.disclosures]
        addresses += [target for _, target, _ in poster_channels(portal)]
        reference = render_site(portal)  # compiles the templates; every matrix encoded here
        kept = notices.known_codes()
        print(f"{args.items} items, {len(addresses)} addresses; seconds of wall / CPU / this process's CPU")

        def warm() -> None:
            notices.qr_svg.cache_clear()
            for address in addresses:
                notices.qr_svg(address)

        def cold():
            notices._MATRICES.clear()
            notices.qr_svg.cache_clear()
            return render_site(portal, forked.beside)

        modes = {"warm": warm, "cold": cold}
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in modes}
        for _ in range(args.runs):
            for name, run in modes.items():
                notices._MATRICES.clear()
                notices._MATRICES.update(kept)
                results[name].append(timed(run, reference))
        for name, runs in results.items():
            print(f"{name:14} " + "  ".join(f"{wall:5.2f} / {cpu:5.2f} / {own:5.2f}" for wall, cpu, own in runs))


if __name__ == "__main__":
    main()
