"""Every export format, registered in one place.

Order matters only for progress output. Each source is described in
:mod:`ambassador.sources.base`.
"""

from __future__ import annotations

from ambassador.sources.base import Source
from ambassador.sources.slack import SlackSource
from ambassador.sources.x_archive import XArchiveSource

SOURCES: tuple[Source, ...] = (SlackSource(), XArchiveSource())

PLATFORMS: tuple[str, ...] = tuple(dict.fromkeys(s.platform for s in SOURCES))
