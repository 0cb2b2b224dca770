"""Where an installation keeps its files. Kept free of Django so the CLI can find the secret-key
file before settings can be loaded."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    return Path(os.environ.get("MYOMAP_VAR_DIR", "").strip() or PROJECT_DIR / "var")


def secret_key_file() -> Path:
    configured = os.environ.get("MYOMAP_SECRET_KEY_FILE", "").strip()
    return Path(configured) if configured else var_dir() / "secret_key"


def demo_logins_file() -> Path:
    return var_dir() / "demo-logins.json"


def private_dir(path: Path) -> Path:
    """Create a folder readable by the owner only (0700); an existing folder is left as it is,
    since MYOMAP_VAR_DIR may point at one the administrator set up."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Make sure a data file (the SQLite database and its WAL files) is the owner's only
    (0600): created so when missing, tightened when an older install left it readable."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if each.exists() and each.stat().st_mode & 0o077:
            each.chmod(0o600)
    return path


def audit_key_file() -> Path:
    configured = os.environ.get("MYOMAP_AUDIT_KEY_FILE", "").strip()
    return Path(configured) if configured else var_dir() / "audit_key"


def audit_checkpoint_file() -> Path:
    configured = os.environ.get("MYOMAP_AUDIT_CHECKPOINT_FILE", "").strip()
    return Path(configured) if configured else var_dir() / "audit-checkpoint.json"
