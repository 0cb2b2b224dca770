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
