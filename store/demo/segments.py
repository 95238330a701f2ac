"""The demo's segments: a few saved conditions, so the segments screen has something to show.

None is relative to the clock (no "in the last N days"), so their counts stay the same
however long after the build the demo is opened; they are dated the build's "now".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..segments.models import Segment
from ..segments.segments import create_segment

DEMO_SEGMENTS: tuple[tuple[str, Any], ...] = (
    (
        "VIP customers",
        {"all": [{"field": "type", "op": "equals", "value": "customer"}, {"tag": "vip", "op": "has"}]},
    ),
    (
        "Zagreb or Rijeka",
        {
            "any": [
                {"field": "city", "op": "equals", "value": "Zagreb"},
                {"field": "city", "op": "equals", "value": "Rijeka"},
            ]
        },
    ),
    (
        "Repeat buyers to reach",
        {
            "all": [
                {"event": "OrderCompleted", "op": "performed", "min_count": 2},
                {
                    "any": [
                        {"tag": "newsletter", "op": "has"},
                        {"field": "custom:newsletter opt-in", "op": "equals", "value": True},
                    ]
                },
            ]
        },
    ),
)


def write_segments(moment: dt.datetime) -> int:
    """Save the demo's segments, dated ``moment`` (so a build is the same every time); returns how many."""
    for name, condition in DEMO_SEGMENTS:
        create_segment(name, condition)
    Segment.update(created_at=moment, modified_at=moment).execute()
    return len(DEMO_SEGMENTS)
