"""Every export format, registered in one place.

Order matters only for progress output. Each source is described in
:mod:`ambassador.sources.base`.
"""

from __future__ import annotations

from ambassador.sources.base import Source
from ambassador.sources.discourse import DiscourseSource
from ambassador.sources.intranet_csv import IntranetCsvSource
from ambassador.sources.linkedin import LinkedInSource
from ambassador.sources.listening import ListeningSource
from ambassador.sources.mastodon import MastodonSource
from ambassador.sources.slack import SlackSource
from ambassador.sources.teams import TeamsSource
from ambassador.sources.viva_engage import VivaEngageSource
from ambassador.sources.x_archive import XArchiveSource
from ambassador.sources.bluesky import BlueskySource

SOURCES: tuple[Source, ...] = (SlackSource(), XArchiveSource(), VivaEngageSource(), TeamsSource(), DiscourseSource(),
                               IntranetCsvSource(), MastodonSource(), BlueskySource(), LinkedInSource(),
                               ListeningSource())

PLATFORMS: tuple[str, ...] = tuple(dict.fromkeys(s.platform for s in SOURCES))
