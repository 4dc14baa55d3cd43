"""The legal rules as data: the packaged rules file, a unit's overrides merged over it, one rule read."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).with_name("rules.yaml")


@cache
def load_rules() -> dict:
    """Read the packaged rules file."""
    with RULES_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# A list whose items are all mappings with one of these keys is merged item by item on that key.
_IDENTITY_KEYS = ("number", "months", "key", "id", "date")


def merge_rules(packaged: dict, ward: dict | None) -> dict:
    """Merge a ward's data/rules.yaml over the packaged rules without changing either."""
    merged = copy.deepcopy(packaged)
    if not ward:
        return merged
    return _merge_value(merged, copy.deepcopy(ward))


def _merge_value(base: object, extra: object) -> object:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge_value(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return _merge_lists(base, extra)
    return extra


def _merge_lists(base: list, extra: list) -> list:
    items = base + extra
    key = next(
        (k for k in _IDENTITY_KEYS if items and all(isinstance(i, dict) and k in i for i in items)), None
    )
    merged = list(base)
    if key is None:  # plain values (e.g. make-up working days): extend, without duplicates
        merged.extend(item for item in extra if item not in base)
        return merged
    where = {item[key]: index for index, item in enumerate(merged)}
    for item in extra:
        if item[key] in where:
            merged[where[item[key]]] = _merge_value(merged[where[item[key]]], item)
        else:
            where[item[key]] = len(merged)
            merged.append(item)
    return merged


def rule_value(rules: dict, name: str, default: object) -> object:
    """Return deadlines.<name>.value, or a default when the rules lack it."""
    entry = (rules.get("deadlines") or {}).get(name)
    return entry.get("value", default) if isinstance(entry, dict) else default


def rule_source(rules: dict, name: str) -> str:
    entry = (rules.get("deadlines") or {}).get(name)
    return entry.get("source", "") if isinstance(entry, dict) else ""


def deadline(rules: dict, name: str, default: object) -> tuple[object, str]:
    """Return (value, legal source) of one deadline rule, as the checks use it."""
    return rule_value(rules, name, default), rule_source(rules, name)
