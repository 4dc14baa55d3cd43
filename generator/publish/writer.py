"""The only code that writes the generated site to disk."""

from __future__ import annotations

import shutil
from pathlib import Path


def write_tree(target: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes] | None = None) -> None:
    """Write a whole folder beside the target, then swap it in, so a failure leaves the old one."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    _fill(fresh, texts, copies, blobs or {})
    swap_in(fresh, target)


def swap_in(fresh: Path, target: Path) -> None:
    """Replace target with fresh using renames, keeping the old tree until the new one is in place."""
    old = target.with_name(target.name + ".old")
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)


def sync_tree(target: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes] | None = None) -> int:
    """Update a folder in place, writing only what changed (live preview); return files changed."""
    changed = 0
    blobs = blobs or {}
    wanted = set(texts) | set(copies) | set(blobs)
    contents = {rel: text.encode("utf-8") for rel, text in texts.items()} | blobs
    for rel, data in contents.items():
        path = target / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed += 1
    for rel, source in copies.items():
        path = target / rel
        data = source.read_bytes()
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed += 1
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def _fill(folder: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes]) -> None:
    """Write texts and generated binary files, and copy files into a new folder."""
    folder.mkdir(parents=True)
    for rel, data in sorted(blobs.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for rel, text in sorted(texts.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    for rel, source in sorted(copies.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
