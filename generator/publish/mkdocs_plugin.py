"""The MkDocs plugin: refuse `mkdocs build` and `mkdocs gh-deploy` run by hand (they would bypass the
build lock, the swap and the ledger), name the site from data/, regenerate the preview's sources (never
site_src/, which only `congkhai build` writes) when data/ changes, and index the built site for search."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import threading
from pathlib import Path

import click
from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin

from .. import paths
from ..data.today import project_today
from .build import GENERATED_FLAG, TODAY_VARIABLE, preview_sources
from .page_memory import PageStash
from .site_config import PROJECT_VARIABLE, theme_dirs
from .tables import prewrap_tables

log = logging.getLogger("mkdocs.plugins.congkhai")


# Commands of MkDocs that write a site meant for publishing (`mkdocs serve` writes a temporary folder).
PUBLISHING_COMMANDS = ("build", "gh-deploy")


class ManualBuildRefused(Abort):
    """A plain `mkdocs build` or `mkdocs gh-deploy`: the message, in Vietnamese, goes to stderr alone."""

    def show(self, *args, **kwargs) -> None:
        click.echo(self.format_message(), err=True)


def manual_build_message(command: str) -> str:
    """Say why `mkdocs <command>` run by hand is refused and what to run instead, for the clerk."""
    return (f"Không dùng `mkdocs {command}` để dựng trang: lệnh này bỏ qua các bước bảo vệ của congkhai "
            "(khóa chống hai lần dựng cùng lúc; thay trang trọn gói, để lỗi giữa chừng không để lại trang dở dang; "
            "kiểm tra sổ nội dung đã đăng data/da-dang.json).\n"
            "  Cách sửa: dựng trang bằng `congkhai build` (quy trình tự động của kho cũng dùng lệnh này); "
            "xem trước bằng `congkhai serve`.\n"
            "Chưa xuất bản gì; trang đang đăng (site/) giữ nguyên.")


def refuse_manual_build(command: str) -> None:
    """Raise ManualBuildRefused for `mkdocs build` or `mkdocs gh-deploy` run by hand. `congkhai build`
    drives MkDocs itself with GENERATED_FLAG set; `mkdocs serve --clean`, which MkDocs also reports as
    "build", is let through: it writes only to a temporary folder, like every preview."""
    if command not in PUBLISHING_COMMANDS or os.environ.get(GENERATED_FLAG) == "1":
        return
    context = click.get_current_context(silent=True)
    if context is not None and context.info_name == "serve":
        return
    raise ManualBuildRefused(manual_build_message(command))


def _project(config) -> Path:
    """Return the project folder: the one `congkhai` names, else where mkdocs.yml lives."""
    return Path(os.environ.get(PROJECT_VARIABLE) or Path(config.config_file_path).parent)


class CongkhaiPlugin(BasePlugin):
    """Connect MkDocs to the congkhai generator."""

    def __init__(self):
        super().__init__()
        self._stash = PageStash()
        self._beside = None  # a full build's search index, written beside MkDocs (search_beside.py)

    def on_startup(self, command, dirty):
        """Refuse a publishing build that congkhai did not start (see `refuse_manual_build`); remember
        whether this is the live preview, whose reload script is inline. On the class: the preview's
        later rebuilds load a new configuration (new plugin objects) without this event."""
        refuse_manual_build(command)
        type(self).command = command

    def on_config(self, config):
        """Take the site's name, address and logo from data/site.yaml, checked as `congkhai check` does;
        layer the unit's and the package's theme overrides over mkdocs-material."""
        from ..data.screening import screen_record
        from ..data.sources import load_file
        from ..data.validate import validate_record
        from ..render.labels import UNIT_TYPES
        from .theme_values import POLICY, PREVIEW_POLICY

        self._use_preview_sources(config)
        config.theme.dirs[:] = theme_dirs(_project(config), config.theme.dirs)
        config.extra["ck_csp"] = PREVIEW_POLICY if getattr(self, "command", "build") == "serve" else POLICY
        path = _project(config) / "data" / "site.yaml"
        records, problems = load_file(path, "data/site.yaml", "site") if path.is_file() else ([], [])
        if problems or not records or screen_record(records[0]):
            return config  # `congkhai check` reports it properly
        site, problems = validate_record(records[0])
        if site is None:
            return config
        config.site_name = escape(f"{UNIT_TYPES.get(site.unit_type, '').capitalize()} {site.name}".strip())
        config.site_url = site.base_url
        logo = paths.logo_file(site.logo or site.emblem or None)
        config.theme["logo"] = logo
        config.theme["favicon"] = logo
        return config

    @staticmethod
    def _use_preview_sources(config) -> None:
        """Outside `congkhai build`, render into the preview folder, never into site_src/."""
        if os.environ.get(GENERATED_FLAG) == "1":
            return
        project = _project(config)
        if Path(config.docs_dir).resolve() == (project / "site_src").resolve():
            preview = preview_sources(project)
            preview.mkdir(parents=True, exist_ok=True)
            config.docs_dir = str(preview)

    def on_serve(self, server, config, builder):
        """Watch data/ too, so editing a data file refreshes the preview."""
        server.watch(str(_project(config) / "data"))
        from . import preview

        if preview.STATE is not None:
            server.watch(str(preview.refresh_folder(preview.STATE.project)))  # a background refresh is ready
        if Path(config.docs_dir).resolve() == preview_sources(_project(config)).resolve():
            # The preview's sources are written by this plugin from data/ (watched above) at the start
            # of each rebuild; watching them too would start a second, useless rebuild after each save.
            server.unwatch(config.docs_dir)
        return server

    def on_pre_build(self, config):
        """Regenerate the preview's sources from data/ unless `congkhai build` runs MkDocs (it gives the
        pages itself: on_files)."""
        if os.environ.get(GENERATED_FLAG) == "1":
            return
        from ..data.problems import DataProblems, format_notes, format_problems
        from . import incremental, preview
        from .build import generate, sync_sources

        today = dt.date.fromisoformat(os.environ.get(TODAY_VARIABLE) or project_today(_project(config)).isoformat())
        state = preview.STATE if preview.STATE is not None and preview.STATE.project == _project(config) else None
        try:
            if state is not None:  # `congkhai serve`: the saved item's page first (preview.py)
                step, _ = state.prepare(Path(config.docs_dir))
                portal = state.portal if step.kind == "full" or step.saved else None
            else:  # `mkdocs serve` run by hand
                generated = generate(_project(config), today)
                sync_sources(Path(config.docs_dir), generated)
                step, portal = None, generated.portal
        except DataProblems as error:
            # Shown in the terminal of the preview, which keeps serving the last good pages.
            message = format_problems(error.problems).replace("Chưa xuất bản gì.", "Trang xem trước giữ bản cũ.")
            print(message, file=sys.stderr, flush=True)
            raise PluginError(message) from None
        if portal is not None and portal.notes:
            print(format_notes(portal.notes), file=sys.stderr, flush=True)
        self._step = step
        # Rebuild only what changed (incremental.py); in a "first" step only the saved item's pages.
        incremental.preview_session(config.site_dir, step.pages if step is not None and step.kind == "first" else None)

    def on_files(self, files, config):
        """`congkhai build`: give MkDocs the generated pages and files from memory while site_src/ is
        written beside (sources_beside.py). In a partial build, say file by file what MkDocs must
        build again (incremental.py)."""
        from . import incremental

        session = incremental.ACTIVE
        if session is not None and session.sources is not None:
            files = session.sources.files(files, config)
        if session is not None:
            session.plan(files, config)
        self._stash.plan(len(files.documentation_pages()))  # memory: page_memory.py
        return files

    def on_build_error(self, error):
        """A failed preview rebuild: the next one starts from nothing. A failed build's search worker
        is ended."""
        from . import incremental

        if self._beside is not None:
            self._beside.stop()
            self._beside = None
        incremental.ACTIVE = None
        if incremental.PREVIEW is not None:
            incremental.PREVIEW.clear()

    def on_page_content(self, html, page, config, files):
        """Record what a later partial build needs to know of this page."""
        from . import incremental

        if incremental.ACTIVE is not None:
            incremental.ACTIVE.note_page(page)
        return self._stash.put(page, prewrap_tables(html))  # memory: page_memory.py

    def on_page_read_source(self, page, config):
        """`congkhai build`: the page's Markdown from memory (sources_beside.py); else MkDocs reads the file."""
        from . import incremental

        session = incremental.ACTIVE
        return session.sources.read(page) if session is not None and session.sources is not None else None

    def on_page_markdown(self, markdown, page, config, files):
        """Date each page in the sitemap by when its content last changed, not by the build day; then
        escape the front matter once, for the theme, which prints it as HTML (theme_values.py)."""
        from .theme_values import escaped

        lastmod = page.meta.get("lastmod")
        page.update_date = str(lastmod) if lastmod else ""  # the sitemap template leaves out an empty date
        page.meta = escaped(page.meta)
        return markdown

    # Memory: MkDocs keeps every page's Markdown and HTML body until the build ends (page_memory.py).
    def on_page_context(self, context, page, config, nav):
        self._stash.take(page)
        if self._beside is not None:
            self._beside.next_page()  # the pages before this one are written (search_beside.py)
        return context

    def on_template_context(self, context, template_name, config):
        if self._beside is not None:
            self._beside.template_context(context)
        return context

    def on_post_page(self, output, page, config):
        PageStash.written(page)
        if self._beside is not None:
            self._beside.page_rendered(page)
        return output

    def on_env(self, env, config, files):
        """Give the theme the accent-free text filter used by the search index (and, in `congkhai
        build`, wait until site_src/ is written: MkDocs copies its static files next)."""
        from . import incremental
        from .search import folded_text, number_variants

        if incremental.ACTIVE is not None and incremental.ACTIVE.sources is not None:
            incremental.ACTIVE.sources.wait()

        env.filters["ck_folded_text"] = folded_text
        env.filters["ck_number_variants"] = number_variants
        docs = Path(config.docs_dir)
        for name, rel in (("ck_identity_header", paths.IDENTITY_HEADER), ("ck_identity_footer", paths.IDENTITY_FOOTER)):
            part = docs / rel
            env.globals[name] = part.read_text(encoding="utf-8") if part.is_file() else ""
        env.globals["ck_base_token"] = paths.BASE_TOKEN
        from . import preview

        if preview.STATE is not None:
            env.bytecode_cache = preview.TEMPLATES  # `congkhai serve`: compile the theme once, not per rebuild

        if incremental.ACTIVE is not None:
            incremental.ACTIVE.date_unbuilt(files)
        session = incremental.ACTIVE
        if session is not None and session.in_place is None and not session.partial:
            from .search_beside import IndexBeside

            self._beside = IndexBeside.arrange(files, Path(config.site_dir))  # a full build: index beside MkDocs
        return env

    def on_post_build(self, config):
        """Index the built site with Pagefind, so both `congkhai build` and `mkdocs serve` have search."""
        from . import incremental
        from .search import index_site

        session = incremental.ACTIVE
        if session is not None and session.in_place is not None:
            if incremental.finish_preview(session):
                refresh_index(Path(config.site_dir), wait=not session.partial)
            self._after_preview(getattr(self, "_step", None))
            return
        if session is not None and session.partial:
            return  # the partial build indexes the assembled site (or keeps the live index)
        beside, self._beside = self._beside, None
        if beside is not None and session is not None:
            # The worker finishes the index while the build goes on; the build waits for it before
            # it publishes anything (build.publish_generated).
            beside.all_written()
            session.index = beside
            return
        try:
            log.info("congkhai: search index %s", index_site(Path(config.site_dir)))
        except RuntimeError as error:
            raise PluginError(str(error)) from None

    @staticmethod
    def _after_preview(step) -> None:
        """Say what the preview shows now; after a saved item's page, render the rest in the background."""
        from . import preview

        if step is None or preview.STATE is None or (step.kind != "refresh" and not step.pages):
            return
        print(preview.page_label(step), file=sys.stderr, flush=True)
        if step.kind == "first":
            preview.STATE.start_refresh()


_INDEXING = threading.Lock()
_PENDING: set[Path] = set()


def refresh_index(site_dir: Path, wait: bool) -> None:
    """Index the preview with Pagefind: now (a full rebuild), or in the background after a partial
    one, so a saved page shows without waiting for the search index (one run at a time)."""
    from .search import index_site

    def run() -> None:
        while True:
            with _INDEXING:
                if site_dir not in _PENDING:
                    return
                _PENDING.discard(site_dir)
                try:
                    log.info("congkhai: search index %s", index_site(site_dir))
                except (RuntimeError, OSError) as error:
                    log.error("congkhai: %s", error)

    _PENDING.add(site_dir)
    if wait:
        run()
    else:
        threading.Thread(target=run, daemon=True).start()
