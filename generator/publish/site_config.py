"""Which MkDocs configuration and theme a unit builds with: its own if it has them, else the package's.

The package carries the default `mkdocs.yml` and `theme/` overrides (generator/publish/site/), so a
unit's repository needs only `data/`. A unit may add its own `mkdocs.yml` (used instead of the
package's) or a `theme/` folder (its files win over the package's, file by file). The repository's
top-level mkdocs.yml and theme/ are symbolic links to these files: the sample builds with them.
"""

from __future__ import annotations

import os
from pathlib import Path

from .lock import STATE_FOLDER

SITE_FILES = Path(__file__).with_name("site")
DEFAULT_CONFIG = SITE_FILES / "mkdocs.yml"
PACKAGE_THEME = SITE_FILES / "theme"
PROJECT_VARIABLE = "CONGKHAI_PROJECT"  # the unit's folder, for the plugin when the config is the package's


def config_file(project: Path) -> Path:
    """Return the unit's own mkdocs.yml, or the package's default."""
    own = project / "mkdocs.yml"
    return own if own.is_file() else DEFAULT_CONFIG


def preview_sources(project: Path) -> Path:
    """Return the folder the preview renders into: never site_src/, which `build` publishes from."""
    return project / STATE_FOLDER / "preview"


def sources_folder(path: os.PathLike | str) -> str:
    """mkdocs.yml's docs_dir (`!!python/object/apply:` with `!relative $config_dir/site_src`): the
    unit's site_src/, or, where it does not exist yet, the preview's folder, created empty.

    MkDocs checks that docs_dir exists while it reads its configuration, before any plugin is
    loaded, so `mkdocs serve` run by hand in a unit never built would stop with MkDocs's own error
    in English. The preview's folder is where the plugin renders data/ for `mkdocs serve` anyway.
    `congkhai build` and `congkhai serve` (which set PROJECT_VARIABLE) give docs_dir themselves, and
    the package's own copy is never a unit: for them the path is returned as it is, nothing made."""
    folder = Path(os.fspath(path))
    if folder.is_dir() or os.environ.get(PROJECT_VARIABLE) or folder.parent.resolve() == SITE_FILES.resolve():
        return str(folder)
    preview = preview_sources(folder.parent)
    preview.mkdir(parents=True, exist_ok=True)
    return str(preview)


def config_overrides(project: Path) -> dict:
    """Return the settings that point the package's configuration at the unit's folder."""
    if config_file(project) != DEFAULT_CONFIG:
        return {}
    return {"docs_dir": str((project / "site_src").resolve())}


def theme_dirs(project: Path, dirs: list[str]) -> list[str]:
    """Put the unit's theme/ first and the package's overrides before mkdocs-material's own files."""
    wanted = [str(p.resolve()) for p in (project / "theme", PACKAGE_THEME) if p.is_dir()]
    current = [str(Path(d).resolve()) for d in dirs]
    result = list(current)
    insert_at = 0
    for folder in wanted:
        if folder in result:
            insert_at = result.index(folder) + 1
            continue
        result.insert(insert_at, folder)
        insert_at += 1
    return result
