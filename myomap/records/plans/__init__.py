"""Treatment plans: generate from an assessment, edit with a required reason, list, compare.
Every generation and edit stores a new version (services.py); compare.py diffs two versions."""
