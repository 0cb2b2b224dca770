"""Record models, one module per area; import them here so Django finds them.
Add a line per new module."""

from myomap.records.models.clients import Client, Episode, EpisodeStatus, Occupation, Sex

__all__ = ["Client", "Episode", "EpisodeStatus", "Occupation", "Sex"]
