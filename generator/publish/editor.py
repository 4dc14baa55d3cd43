"""The form editor (Decap CMS, vendored in cms/vendor/) served with the site under quan-tri/.

Everything it loads ships with congkhai: the bundle, its chunks, the page and the configuration,
so opening the editor makes no request to any host but the site's own and the Git host's API.
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from ..data.editor_settings import EditorSettings
from ..data.models import Site

CMS_DIR = Path(__file__).resolve().parent / "cms"
VENDOR_DIR = CMS_DIR / "vendor"
EDITOR_PATH = "quan-tri"  # the admin path of the built site

PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Soạn dữ liệu — {name}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<style>
/* Decap's header text and publish button are too pale to read (WCAG 2.1 AA contrast 4.5:1). */
[class*="AppHeaderButton"], [class*="AppHeaderSiteLink"], [class*="AppHeaderTestRepoIndicator"], [class*="SidebarNavLink"], a[data-testid], [class*="grayText"] {{ color: #1c2833 !important; }}
[class*="PublishButton"] {{ background-color: #0b5c6b !important; color: #fff !important; }}
</style>
</head>
<body>
<noscript>Trang soạn dữ liệu cần bật JavaScript.</noscript>
<script src="decap-cms.js"></script>
<script>
// Decap lists entries as cards directly inside <ul>: say they are list items for screen readers.
new MutationObserver(function () {{
  document.querySelectorAll('ul[class*="CardsGrid"]:not([role])').forEach(function (list) {{ list.setAttribute("role", "list"); }});
  document.querySelectorAll('ul[class*="CardsGrid"] > :not(li):not([role])').forEach(function (card) {{ card.setAttribute("role", "listitem"); }});
}}).observe(document.documentElement, {{childList: true, subtree: true}});
</script>
</body>
</html>
"""


def backend(settings: EditorSettings) -> dict:
    """Return Decap's `backend` section for the unit's Git host."""
    section: dict = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    if settings.backend == "gitlab":
        section.update({"auth_type": "pkce", "app_id": settings.app_id})
        if settings.base_url:
            base = settings.base_url.rstrip("/")
            section.update({"base_url": base, "api_root": f"{base}/api/v4", "auth_endpoint": "oauth/authorize"})
    elif settings.base_url:
        section["base_url"] = settings.base_url.rstrip("/")
    return section


def editor_config(settings: EditorSettings, site: Site) -> str:
    """Return the committed configuration with this unit's sign-in and address added."""
    committed = (CMS_DIR / "config.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(committed)
    config = {"backend": backend(settings), "site_url": site.base_url, "display_url": site.base_url, **config}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def editor_files(settings: EditorSettings, site: Site) -> dict[str, bytes]:
    """Return every file of the editor, keyed by its path in the built site."""
    files = {f"{EDITOR_PATH}/index.html": PAGE.format(name=html.escape(site.name)).encode("utf-8"),
             f"{EDITOR_PATH}/config.yml": editor_config(settings, site).encode("utf-8")}
    for path in sorted(VENDOR_DIR.iterdir()):
        if path.suffix in (".js", ".wasm"):
            files[f"{EDITOR_PATH}/{path.name}"] = path.read_bytes()
    return files


def write_editor(site_dir: Path, files: dict[str, bytes]) -> None:
    """Write the editor into a freshly built site folder."""
    for rel, data in files.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a hard link (incremental.py)
        target.write_bytes(data)
