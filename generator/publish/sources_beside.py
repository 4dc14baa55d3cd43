"""site_src/ written beside MkDocs: `congkhai build` gives MkDocs its pages from memory.

Writing site_src/ (1,533 files at 1,000 items) used to come before MkDocs, which found its pages by
walking the folder. Now MkDocs is pointed at the new folder while it is still empty, so its walk finds
nothing, and the congkhai plugin hands it every generated page and file (`files`, in on_files: the
order and the files MkDocs's walk would have given). A forked child writes the folder meanwhile
(forked.in_child; where forking is unwise, it is written here before MkDocs reads a page). MkDocs
reads each page's Markdown from memory (`read`, on_page_read_source), and the text is let go once
read. The static files (open data, attachments, images) are linked from the folder into the site
(incremental._linker), so the build waits for the child (`wait`, in on_env) before MkDocs copies
them, which is long after the child is done at any size: MkDocs converts every page's Markdown first.

The folder is then swapped in as site_src/ (build.publish_generated), once MkDocs has built the
site, and holds what it held before: the partial builds compare pages by hash (incremental.py), the
preview renders into a folder of its own, and page_memory.WrittenTexts reads the texts back from it.
Measured in bench/README.md ("Cost per unit", ninth session).
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from pathlib import Path

from . import forked
from .writer import fill_folder


class SourcesBeside:
    """One build's generated pages and files, given to MkDocs from memory while a child writes them."""

    def __init__(self, folder: Path, texts: dict[str, str], copies: dict[str, Path], blobs: dict[str, bytes]) -> None:
        self.folder = folder
        self._texts, self._copies, self._blobs = dict(texts), copies, dict(blobs)
        self._stack = ExitStack()
        self._written = None  # the child's result, asked for by `wait`
        self._waited = False

    def files(self, files, config):
        """on_files: every generated page and file, in the order MkDocs's walk of the folder would give
        them, then the theme's files but those a generated file overrides (as MkDocs adds them after
        its walk: docs_dir comes first). Starts the writing of the folder."""
        from mkdocs.structure.files import File, Files, file_sort_key

        docs, site, urls = config.docs_dir, config.site_dir, config.use_directory_urls
        found = [file for file in files if file.src_dir == docs]
        if found:  # the folder was not empty when MkDocs walked it: never true of a build's fresh folder
            raise RuntimeError(f"{docs}: thư mục nguồn mới không trống ({found[0].src_uri})")
        made = sorted((File(rel, docs, site, urls) for rel in (*self._texts, *self._blobs, *self._copies)), key=file_sort_key)
        own = {file.src_uri for file in made}
        self._start()
        return Files([*made, *(file for file in files if file.src_uri not in own)])

    def _start(self) -> None:
        arguments = (self.folder, self._texts, self._copies, self._blobs)
        if forked.worthwhile():
            self._written = self._stack.enter_context(forked.in_child(fill_folder, *arguments, redo=False))
        else:
            fill_folder(*arguments)
            self._waited = True

    def content(self, rel: str) -> bytes | None:
        """A generated text's or file's bytes (as written to the folder), or None if there is none
        (an attachment, copied from data/, is only hashed: `digest`)."""
        if rel in self._texts:
            return self._texts[rel].encode("utf-8")
        return self._blobs.get(rel)

    def digest(self, rel: str) -> str:
        """SHA-256 of a generated file, as incremental.Session records it."""
        if rel in self._copies:
            digest = hashlib.sha256()
            with open(self._copies[rel], "rb") as source:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
            return digest.hexdigest()
        data = self.content(rel)
        assert data is not None, rel
        return hashlib.sha256(data).hexdigest()

    def keep_only(self, pages: set[str]) -> None:
        """After planning: MkDocs reads only these pages' Markdown; let go of the other texts and of
        the generated files' bytes (the child writes them; MkDocs links them from the folder)."""
        for rel in [rel for rel in self._texts if rel not in pages]:
            del self._texts[rel]  # in place: the child's call holds the same dict until it has ended
        self._blobs.clear()

    def read(self, page) -> str | None:
        """on_page_read_source: the page's Markdown, let go of here once MkDocs has it."""
        return self._texts.pop(page.file.src_uri, None)

    def wait(self) -> None:
        """on_env, before MkDocs copies the static files from the folder: the folder is written (the
        child's failure is raised here: a full disk, say)."""
        if self._waited:
            return
        try:
            self._written()
        except forked.ChildFailed as error:
            raise RuntimeError(f"{self.folder}: không ghi được thư mục nguồn của trang ({error})") from None
        finally:
            self._waited = True
            self._stack.close()

    def close(self) -> None:
        """End the child if MkDocs failed before waiting for it (the next build removes the folder, as
        it removes every leftover: writer.recover)."""
        self._stack.close()
