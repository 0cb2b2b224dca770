"""The one error the knowledge base raises: it always says which file, which entry and which
field is wrong, so a clinician editing YAML can find the line without reading Python."""

from __future__ import annotations


class KbError(ValueError):
    """A problem in the knowledge base. `file` is the YAML file name (e.g. `muscles.yaml`),
    `entry` the id of the entry at fault (or `-` for the file as a whole), `field` a dotted path
    inside that entry (e.g. `trigger_points.0.essential_zones.1`)."""

    def __init__(self, problem: str, *, file: str, entry: str = "-", field: str = "-") -> None:
        self.problem = problem
        self.file = file
        self.entry = entry
        self.field = field
        super().__init__(f"{file}: entry '{entry}', field '{field}': {problem}")
