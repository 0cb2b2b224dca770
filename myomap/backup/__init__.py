"""Backups: encrypted, verifiable, restorable into SQLite or PostgreSQL (docs/backup.md)."""
