"""Today's date where the unit is: Vietnam's, not the machine's (CI runners run on UTC)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM_ZONE = "Asia/Ho_Chi_Minh"


def local_today(zone: str = VIETNAM_ZONE, now: dt.datetime | None = None) -> dt.date:
    """Return the date in an IANA time zone (Vietnam's by default) at this moment."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(ZoneInfo(zone)).date()
