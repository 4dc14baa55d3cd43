"""The pipeline: load and validate, render, then build site/ with MkDocs while site_src/ is written beside."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..data.editor_settings import EditorSettings, load_editor_settings
from ..data.load import load_portal
from ..data.parsed import ParsedFiles
from ..data.portal import Portal
from ..data.problems import DataProblems
from ..law.ledger import LEDGER_FILE, SITE_COPY, add_notes, check_published, published_ledger, write_published
from ..render.pages import poster_channels
from ..render.site import render_site
from . import collector, forked
from .editor import editor_files, write_editor
from .lock import build_lock
from .page_memory import WrittenTexts
from .qr_cache import load_codes, save_codes
from .site_config import PROJECT_VARIABLE, config_file, config_overrides, preview_sources
from .sources_beside import SourcesBeside
from .writer import kill_point, recover, swap_in, sync_tree

GENERATED_FLAG = "CONGKHAI_GENERATED"  # set while `congkhai build` runs MkDocs: its sources are the build's
TODAY_VARIABLE = "CONGKHAI_TODAY"  # `congkhai serve --today` for the preview's rebuilds


@dataclass
class Generated:
    """Everything rendered for one build, not yet written."""

    portal: Portal
    texts: Mapping[str, str]  # site_src path -> text (read back from site_src/ once written)
    blobs: dict[str, bytes]  # site_src path -> generated binary file (XLSX, PNG)
    copies: dict[str, Path]  # site_src path -> attachment under data/
    editor: dict[str, bytes]  # site path -> file of the form editor (none without data/quan-tri.yaml)


def generate(project: Path, today: dt.date) -> Generated:
    """Load, validate and render the whole site in memory; raise DataProblems on bad data."""
    settings, portal = load_checked(project, today)
    generated = render_generated(project, portal, settings)
    collector.settle()
    return generated


def load_checked(project: Path, today: dt.date, parsed: ParsedFiles | None = None) -> tuple[EditorSettings | None, Portal]:
    """Load and validate data/ and the editor settings; raise DataProblems listing everything wrong."""
    settings, problems = load_editor_settings(project)
    try:
        portal = load_portal(project, today, parsed, forked.beside)
    except DataProblems as error:
        raise DataProblems(error.problems + problems) from None
    if problems:
        raise DataProblems(problems)
    return settings, portal


def render_generated(project: Path, portal: Portal, settings: EditorSettings | None) -> Generated:
    """Render the whole site of a loaded portal in memory (pure apart from the QR cache it reads)."""
    load_codes(project)
    texts, blobs = render_site(portal, forked.beside)
    copies = {paths.attachment_file(rel): project / "data" / rel for rel in portal.files}
    editor = editor_files(settings, portal.site) if settings else {}
    return Generated(portal, texts, blobs, copies, editor)


def sources_beside(project: Path, generated: Generated) -> SourcesBeside:
    """The generated pages and files, for MkDocs to read from memory while site_src.new/ is written
    (sources_beside.py); from then on the build's texts are read back from site_src/ (page_memory.py)."""
    folder = project / "site_src.new"
    folder.mkdir()  # empty when MkDocs walks it (the callers cleaned leftovers: recover); the plugin gives it the files
    sources = SourcesBeside(folder, generated.texts, generated.copies, generated.blobs)
    generated.texts = WrittenTexts(project / "site_src", generated.texts)
    return sources


def sync_sources(target: Path, generated: Generated) -> int:
    """Update a preview's source folder in place, touching only changed files."""
    return sync_tree(target, generated.texts, generated.copies, generated.blobs)


def build_site(project: Path, today: dt.date, quiet: bool = True, output: Path | None = None) -> Generated:
    """Build site/ (or output) from data/ while holding the project's build lock; raise BuildLocked if taken.

    Every path is resolved once, against the project folder. Leftovers of a killed build are
    cleaned first. site_src/ and site/ are built beside the live ones and swapped in whole;
    the ledger's copy in the site is written once MkDocs is done, the one in data/ just before the
    site swap, once the search index is made too (see docs/threat-model.md).
    """
    project = Path(project).resolve()
    site = Path(output).resolve() if output else project / "site"
    with build_lock(project), collector.during_build():
        for target in (site, project / "site_src"):
            recover(target)
        (project / "data" / (LEDGER_FILE + ".tmp")).unlink(missing_ok=True)
        generated = generate(project, today)
        checked = check_published(project, generated.portal, site)
        add_notes(generated.portal, checked.notes)
        publish_generated(project, generated, checked.ledger, quiet, site)
        return generated


def publish_generated(project: Path, generated: Generated, ledger: dict, quiet: bool = True,
                      output: Path | None = None) -> None:
    """Run strict MkDocs into a fresh folder beside the target (site_src/ written beside it, then
    swapped in), record the ledger, swap the site in.

    When the live site's manifest still describes it, MkDocs renders only the pages whose source
    changed and the rest of the live site is hard-linked into the fresh folder (incremental.py).
    """
    from . import incremental

    site = Path(output) if output else project / "site"
    fresh = site.with_name(site.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    session = incremental.Session(incremental.load_previous(project, site))
    incremental.forget(project)
    portal = generated.portal
    session.sources = sources_beside(project, generated)
    try:
        try:
            _run_mkdocs(project, fresh, session, quiet, session.sources.folder)
        finally:
            session.sources.close()  # ends a writer MkDocs failed before waiting for
        swap_in(session.sources.folder, project / "site_src")
        kill_point("sources-written")
        write_editor(fresh, generated.editor)
        kill_point("built")
        if session.partial:
            _assemble(fresh, site, session, set(generated.editor))
        # A full build's search worker is still finishing the index (search_beside.py). Meanwhile, what
        # does not need it: the ledger's text and the site's copy of it, the QR matrices of the notices
        # (kept only by a build: check writes nothing), and the manifest's record of the other files.
        ledger_text = published_ledger(portal, ledger)
        write_published(None, ledger_text, fresh)
        notices = {paths.absolute_url(portal.site.base_url, paths.disclosure_page(i)) for i in portal.disclosures}
        save_codes(project, notices | {target for _, target, _ in poster_channels(portal)})
        outputs = incremental.site_stats(fresh, skip=incremental.INDEX_FOLDER) if session.index is not None else None
        _wait_for_index(session)
    finally:
        if session.index is not None:  # something above failed while the worker ran, or the index did
            session.index.stop()
    # The ledger goes into data/ before the swap: a kill in between leaves data/ ahead of the
    # published site (safe), never the site ahead of data/ (which the next build would refuse).
    write_published(project, ledger_text)
    kill_point("recorded")
    swap_in(fresh, site)
    if outputs is not None:
        index = site / incremental.INDEX_FOLDER
        outputs.update((f"{incremental.INDEX_FOLDER}/{rel}", stat) for rel, stat in incremental.site_stats(index).items())
    incremental.write_manifest(project, site, session, list(generated.editor), outputs)


def _wait_for_index(session) -> None:
    """Wait for a full build's search worker (publish_generated ends it if this fails); its failure
    fails the build as it would inside MkDocs (logged as MkDocs logs a plugin's error, then Abort)."""
    from mkdocs.exceptions import Abort

    if session.index is None:
        return
    try:
        line = session.index.finish()
    except RuntimeError as error:  # the caller ends the worker, as on any other failure
        logging.getLogger("mkdocs.commands.build").error(str(error))
        raise Abort("Aborted with a BuildError!") from None
    session.index = None
    logging.getLogger("mkdocs.plugins.congkhai").info("congkhai: search index %s", line)


def _run_mkdocs(project: Path, fresh: Path, session, quiet: bool, sources: Path) -> None:
    """Strict MkDocs from the folder `sources` (site_src.new/, given from memory while it is written)
    into the empty folder `fresh`, in its dirty mode: the plugin decides file by file what is built
    (everything, unless a partial build is possible)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from . import incremental

    os.environ[GENERATED_FLAG] = "1"
    os.environ[PROJECT_VARIABLE] = str(project.resolve())
    level = logging.getLogger("mkdocs").level
    if quiet:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(incremental.DIRTY_FILTER)
    incremental.ACTIVE = session
    try:
        config = load_config(str(config_file(project)), strict=True, site_dir=str(fresh.resolve()),
                             **{**config_overrides(project), "docs_dir": str(sources)})
        config.plugins.on_startup(command="build", dirty=True)  # as `mkdocs build` does
        fresh.mkdir(parents=True)
        build(config, dirty=True)
    finally:
        incremental.ACTIVE = None
        build_log.removeFilter(incremental.DIRTY_FILTER)
        os.environ.pop(GENERATED_FLAG, None)
        os.environ.pop(PROJECT_VARIABLE, None)
        logging.getLogger("mkdocs").setLevel(level)


def _assemble(fresh: Path, site: Path, session, editor: set[str]) -> None:
    """Complete a partial build: link the live site's other files in, and index only if needed."""
    from . import incremental
    from .search import index_site

    staged = incremental.staged_files(fresh)
    kill_point("partial:staged")
    stale = set(session.previous.get("extras", [])) - editor  # editor files no longer wanted
    changed = incremental.changed_indexed(fresh, site, staged)
    incremental.link_tree(site, fresh, skip=stale | {SITE_COPY}, skip_folders=(incremental.INDEX_FOLDER,) if changed else ())
    kill_point("partial:linked")
    if changed:
        index_site(fresh, live=site, changed=changed)
        kill_point("partial:indexed")
