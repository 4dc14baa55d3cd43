"""The MkDocs plugin: name the site from data/, and regenerate site_src/ when data/ changes in preview."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.congkhai")
UNIT_TYPES = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}


def _project(config) -> Path:
    """Return the project folder: where mkdocs.yml lives."""
    return Path(config.config_file_path).parent


def on_config(config):
    """Take the site's name and address from data/site.yaml."""
    try:
        site = yaml.safe_load((_project(config) / "data" / "site.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return config  # `congkhai check` reports it properly
    if isinstance(site, dict) and site.get("name"):
        config.site_name = f"{UNIT_TYPES.get(site.get('unit_type'), '')} {site['name']}".strip()
    if isinstance(site, dict) and isinstance(site.get("base_url"), str):
        config.site_url = site["base_url"]
    return config


def on_serve(server, config, builder):
    """Watch data/ too, so editing a data file refreshes the preview."""
    server.watch(str(_project(config) / "data"))
    return server


def on_pre_build(config):
    """Regenerate site_src/ from data/ unless `congkhai build` has just done it."""
    if os.environ.get("CONGKHAI_GENERATED") == "1":
        return
    from generator.build import generate, sync_sources
    from generator.problems import DataProblems, format_problems

    today = dt.date.fromisoformat(os.environ.get("CONGKHAI_TODAY") or dt.date.today().isoformat())
    try:
        changed = sync_sources(_project(config), generate(_project(config), today))
    except DataProblems as error:
        # Shown in the terminal of the preview, which keeps serving the last good pages.
        message = format_problems(error.problems).replace("Chưa xuất bản gì.", "Trang xem trước giữ bản cũ.")
        print(message, file=sys.stderr, flush=True)
        raise PluginError(message) from None
    if changed:
        log.info("congkhai: %d tệp trong site_src/ được cập nhật từ data/", changed)


def on_env(env, config, files):
    """Give the theme the accent-free text filter used by the search index."""
    from generator.search import fold, folded_text

    env.filters.update(ck_fold=fold, ck_folded_text=folded_text)
    return env


def on_post_build(config):
    """Index the built site with Pagefind, so both `congkhai build` and `mkdocs serve` have search."""
    from generator.search import index_site

    try:
        index_site(Path(config.site_dir))
    except RuntimeError as error:
        raise PluginError(str(error)) from None


class CongkhaiPlugin(BasePlugin):
    """Connect MkDocs to the congkhai generator."""

    def on_config(self, config):
        return on_config(config)

    def on_serve(self, server, config, builder):
        return on_serve(server, config, builder)

    def on_pre_build(self, config):
        return on_pre_build(config)

    def on_env(self, env, config, files):
        return on_env(env, config, files)

    def on_post_build(self, config):
        return on_post_build(config)
