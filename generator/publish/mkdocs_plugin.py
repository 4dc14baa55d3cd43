"""The MkDocs plugin: name the site from data/, regenerate the preview's sources (never site_src/,
which only `congkhai build` writes) when data/ changes, and index the built site for search."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..domain.clock import local_today
from .build import GENERATED_FLAG, TODAY_VARIABLE, preview_sources

log = logging.getLogger("mkdocs.plugins.congkhai")


def _project(config) -> Path:
    """Return the project folder: where mkdocs.yml lives."""
    return Path(config.config_file_path).parent


class CongkhaiPlugin(BasePlugin):
    """Connect MkDocs to the congkhai generator."""

    def on_config(self, config):
        """Take the site's name and address from data/site.yaml."""
        from ..render.labels import UNIT_TYPES

        self._use_preview_sources(config)
        try:
            site = yaml.safe_load((_project(config) / "data" / "site.yaml").read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            return config  # `congkhai check` reports it properly
        if not isinstance(site, dict):
            return config
        if site.get("name"):
            config.site_name = f"{UNIT_TYPES.get(site.get('unit_type'), '').capitalize()} {site['name']}".strip()
        if isinstance(site.get("base_url"), str):
            config.site_url = site["base_url"]
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
        return server

    def on_pre_build(self, config):
        """Regenerate the preview's sources from data/ unless `congkhai build` has just written site_src/."""
        if os.environ.get(GENERATED_FLAG) == "1":
            return
        from ..data.problems import DataProblems, format_notes, format_problems
        from .build import generate, sync_sources

        today = dt.date.fromisoformat(os.environ.get(TODAY_VARIABLE) or local_today().isoformat())
        try:
            generated = generate(_project(config), today)
            changed = sync_sources(Path(config.docs_dir), generated)
        except DataProblems as error:
            # Shown in the terminal of the preview, which keeps serving the last good pages.
            message = format_problems(error.problems).replace("Chưa xuất bản gì.", "Trang xem trước giữ bản cũ.")
            print(message, file=sys.stderr, flush=True)
            raise PluginError(message) from None
        if generated.portal.notes:
            print(format_notes(generated.portal.notes), file=sys.stderr, flush=True)
        if changed:
            log.info("congkhai: %d tệp trong %s được cập nhật từ data/", changed, config.docs_dir)

    def on_page_markdown(self, markdown, page, config, files):
        """Date each page in the sitemap by when its content last changed, not by the build day."""
        lastmod = page.meta.get("lastmod")
        page.update_date = str(lastmod) if lastmod else ""  # the sitemap template leaves out an empty date
        return markdown

    def on_env(self, env, config, files):
        """Give the theme the accent-free text filter used by the search index."""
        from .search import folded_text

        env.filters["ck_folded_text"] = folded_text
        return env

    def on_post_build(self, config):
        """Index the built site with Pagefind, so both `congkhai build` and `mkdocs serve` have search."""
        from .search import index_site

        try:
            log.info("congkhai: search index %s", index_site(Path(config.site_dir)))
        except RuntimeError as error:
            raise PluginError(str(error)) from None
