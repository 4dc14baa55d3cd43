"""Today's date for a project: in the time zone its data/site.yaml names, Vietnam's by default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..domain.clock import VIETNAM_ZONE, is_time_zone, local_today


def project_zone(project: Path) -> str:
    """Return the IANA zone of data/site.yaml's `time_zone`, or Vietnam's when absent or unusable
    (a wrong value is reported by `congkhai check`)."""
    try:
        site = yaml.safe_load((project / "data" / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return VIETNAM_ZONE
    zone = site.get("time_zone") if isinstance(site, dict) else None
    return zone if isinstance(zone, str) and is_time_zone(zone) else VIETNAM_ZONE


def project_today(project: Path, now: dt.datetime | None = None) -> dt.date:
    """Return today's date where the unit is."""
    return local_today(project_zone(project), now)
