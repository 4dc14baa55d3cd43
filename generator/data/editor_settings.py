"""How the unit signs in to the form editor (data/quan-tri.yaml): which Git host, repository and app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from .models import Record
from .problems import Problem
from .sources import load_file
from .validate import problems_for

EDITOR_FILE = "quan-tri.yaml"


class EditorSettings(Record):
    backend: Literal["gitlab", "github"] = Field(description="Nơi lưu kho dữ liệu: gitlab (đăng nhập PKCE, không cần máy chủ) hoặc github (cần một máy chủ OAuth).")
    repo: str = Field(pattern=r"^[\w.-]+(/[\w.-]+)+$", description="Kho dữ liệu dạng chủ-sở-hữu/tên-kho, ví dụ ubnd-bach-quang/trang-cong-khai.")
    branch: str = Field("main", description="Nhánh chứa dữ liệu, thường là main.")
    app_id: str | None = Field(None, description="Với gitlab: Application ID của ứng dụng OAuth tạo trong GitLab (không cần secret).")
    base_url: str | None = Field(None, description="Với gitlab tự cài đặt: địa chỉ máy chủ GitLab. Với github: địa chỉ máy chủ OAuth.")


def load_editor_settings(project: Path) -> tuple[EditorSettings | None, list[Problem]]:
    """Read data/quan-tri.yaml; no file means no form editor is published."""
    path = project / "data" / EDITOR_FILE
    if not path.is_file():
        return None, []
    shown = f"data/{EDITOR_FILE}"
    records, problems = load_file(path, shown, "editor")
    if problems or not records:
        return None, problems
    settings, problems = problems_for(records[0], EditorSettings)
    if settings is not None and settings.backend == "gitlab" and not settings.app_id:
        return None, [Problem(shown, records[0].line_of(("backend",)), "app_id", "đăng nhập GitLab cần Application ID.",
                              "Cách sửa: tạo ứng dụng OAuth trong GitLab (xem README, mục “Soạn bằng biểu mẫu”) rồi ghi `app_id: …`.")]
    return settings, problems  # type: ignore[return-value]
