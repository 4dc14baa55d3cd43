"""The pipeline: load and validate, render, write site_src/, then build site/ with MkDocs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..data.editor_settings import load_editor_settings
from ..data.load import load_portal
from ..data.portal import Portal
from ..data.problems import DataProblems
from ..law.ledger import check_published, record_published
from ..render.pages import poster_channels
from ..render.site import render_site
from .editor import editor_files, write_editor
from .qr_cache import load_codes, save_codes
from .site_config import PROJECT_VARIABLE, config_file, config_overrides
from .writer import swap_in, sync_tree, write_tree

GENERATED_FLAG = "CONGKHAI_GENERATED"  # set while `congkhai build` runs MkDocs: site_src/ is fresh
TODAY_VARIABLE = "CONGKHAI_TODAY"  # `congkhai serve --today` for the preview's rebuilds


@dataclass
class Generated:
    """Everything rendered for one build, not yet written."""

    portal: Portal
    texts: dict[str, str]  # site_src path -> text
    blobs: dict[str, bytes]  # site_src path -> generated binary file (XLSX, PNG)
    copies: dict[str, Path]  # site_src path -> attachment under data/
    editor: dict[str, bytes]  # site path -> file of the form editor (none without data/quan-tri.yaml)


def generate(project: Path, today: dt.date) -> Generated:
    """Load, validate and render the whole site in memory; raise DataProblems on bad data."""
    settings, problems = load_editor_settings(project)
    try:
        portal = load_portal(project, today)
    except DataProblems as error:
        raise DataProblems(error.problems + problems) from None
    if problems:
        raise DataProblems(problems)
    load_codes(project)
    texts, blobs = render_site(portal)
    copies = {paths.attachment_file(rel): project / "data" / rel for rel in portal.files}
    editor = editor_files(settings, portal.site) if settings else {}
    return Generated(portal, texts, blobs, copies, editor)


def write_sources(project: Path, generated: Generated) -> None:
    """Replace site_src/ with the generated pages and files in one swap."""
    write_tree(project / "site_src", generated.texts, generated.copies, generated.blobs)


def sync_sources(project: Path, generated: Generated) -> int:
    """Update site_src/ in place for live preview, touching only changed files."""
    return sync_tree(project / "site_src", generated.texts, generated.copies, generated.blobs)


def build_site(project: Path, today: dt.date, quiet: bool = True, output: Path | None = None) -> Generated:
    """Generate site_src/, build site/ (or output) beside the old one with strict MkDocs, then swap it in."""
    generated = generate(project, today)
    ledger = check_published(project, generated.portal)
    publish_generated(project, generated, ledger, quiet, output)
    return generated


def publish_generated(project: Path, generated: Generated, ledger: dict, quiet: bool = True,
                      output: Path | None = None) -> None:
    """Write site_src/, run strict MkDocs into a fresh folder beside the target, swap it in, record the ledger."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_sources(project, generated)
    target = output or project / "site"
    fresh = target.with_name(target.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    os.environ[GENERATED_FLAG] = "1"
    os.environ[PROJECT_VARIABLE] = str(project.resolve())
    level = logging.getLogger("mkdocs").level
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file(project)), strict=True, site_dir=str(fresh.resolve()),
                             **config_overrides(project))
        build(config)
        write_editor(fresh, generated.editor)
    finally:
        os.environ.pop(GENERATED_FLAG, None)
        os.environ.pop(PROJECT_VARIABLE, None)
        logging.getLogger("mkdocs").setLevel(level)
    swap_in(fresh, target)
    record_published(project, generated.portal, ledger)
    # Kept only by a build (check writes nothing): the QR matrices of the addresses now published.
    portal = generated.portal
    notices = {paths.absolute_url(portal.site.base_url, paths.disclosure_page(i)) for i in portal.disclosures}
    save_codes(project, notices | {target for _, target, _ in poster_channels(portal)})
