"""Assessments of an episode: selectors, one service per section, the assessment document the
planner reads, and the red-flag hard stop. Clinical records: front desk has no access, every
query is scoped to the actor's clinic, every read and write is audited."""
