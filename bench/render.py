"""The render stage alone: CPU seconds of `render_site` on the bench ward, QR matrices warm and cold.

    .venv/bin/python bench/render.py [ITEMS] [--runs N] [--dump DIR] [--profile FILE]

Generates the bench ward (bench/bench.py's make_data, ITEMS items, default 2000) into a temporary
project, loads and validates it once, then runs `render_site` N times (default 4) with the QR
matrices kept from a first render ("warm", as every rebuild: only the drawing is left) and N times
with none ("cold", a first build), and prints each run's CPU seconds and the minimum (the machine is
shared: the minimum is the steadiest figure). --dump DIR writes the whole output of one warm render
under DIR (texts under DIR/t, bytes under DIR/b, their order in DIR/ORDER), so two versions of the
code can be compared with `diff -r`. --profile FILE profiles one warm render with cProfile and
prints the top functions. Method and figures: bench/README.md, "Fourth session: render".
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench import bench_ward, cpu_seconds  # noqa: E402

TODAY = dt.date(2026, 11, 22)




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="?", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()

    from generator.publish.build import load_checked
    from generator.render import notices
    from generator.render.site import render_site

    with tempfile.TemporaryDirectory() as tmp:
        project = bench_ward(Path(tmp) / "project", args.items)
        _, portal = load_checked(project, TODAY)
        texts, blobs = render_site(portal)  # compiles the templates; its matrices are the warm runs'
        kept = notices.known_codes()

        def fresh(warm: bool) -> None:
            notices._MATRICES.clear()
            notices.qr_svg.cache_clear()
            if warm:
                notices.remember_codes(kept)

        print(f"render_site, {args.items} items: {len(texts)} texts, {len(blobs)} files, {len(kept)} QR codes; CPU seconds")
        for warm in (True, False):
            times = []
            for _ in range(args.runs):
                fresh(warm)
                start = cpu_seconds(children=False)
                render_site(portal)
                times.append(cpu_seconds(children=False) - start)
            print(f"  QR matrices {'warm' if warm else 'cold'}: min {min(times):.2f}  ({' '.join(f'{t:.2f}' for t in times)})")
        if args.dump:
            fresh(True)
            texts, blobs = render_site(portal)
            shutil.rmtree(args.dump, ignore_errors=True)
            for folder, files in (("t", {k: v.encode("utf-8") for k, v in texts.items()}), ("b", blobs)):
                for name, data in files.items():
                    target = args.dump / folder / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            (args.dump / "ORDER").write_text("\n".join(texts) + "\n--\n" + "\n".join(blobs), encoding="utf-8")
            print(f"  output written under {args.dump}")
        if args.profile:
            import cProfile
            import pstats

            fresh(True)
            cProfile.runctx("render_site(portal)", globals(), {"render_site": render_site, "portal": portal}, str(args.profile))
            pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
