"""Read model field annotations: the model inside list[X] or X | None, and whether a field is optional."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """Dig the model class out of list[X] or X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found:
            return found
    return None


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """Strip `| None` from an annotation; say whether it was optional."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]), True
    return annotation, False
