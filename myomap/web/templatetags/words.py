"""Words, not ids, on every page a person sees.

- `{{ urgency|urgency }}`: a red-flag urgency in words ("emergency, same day").
- `{{ value|words }}`: a snake_case vocabulary id as words ("pelvic_torsion" → "pelvic
  torsion"), for ids that have no label in the knowledge base.
- `{{ text|plain }}`: engine text with every knowledge-base id it mentions replaced by the
  knowledge base's name ("relieve_spasm" → "Relieve muscular spasm", "si_joint_r" →
  "Sacroiliac joint region (R)"); other ids become words.
- `{{ key|cite }}` / `{{ keys|cite_all }}`: a source key as a short citation ("Travell 1992")
  linking to its source card; `cite_text` is the same without the link (print handouts).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join

from myomap.clinical.kb import get_kb, urgency_words

register = template.Library()

ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# A finding or rule key ("posture.pelvic_torsion", "severity.weakness"): its last part says it.
KEY = re.compile(r"\b[a-z][a-z0-9_]{2,}(?:\.[a-z][a-z0-9_]+)+\b")
SOURCE_KEY = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*(?![\w-])")
AUTHOR = re.compile(r"^([A-Z][A-Za-z'\-]+(?: [a-z]{2,3})?(?: [A-Z][A-Za-z'\-]+)?) [A-Z]{1,3}\b")


@register.filter
def words(value: object) -> str:
    return str(value).replace("_", " ")


register.filter("urgency", urgency_words)  # "emergency_same_day" → "emergency, same day"


@lru_cache(maxsize=4)
def _labels(version: str) -> dict[str, str]:
    kb = get_kb()
    labels: dict[str, str] = {}
    labels.update({r.id: r.label for r in kb.regions.values()})
    labels.update({f.id: f.label for f in kb.red_flags.findings.values()})
    for table in (kb.muscles, kb.exercises, kb.techniques):
        labels.update({entry.id: entry.name for entry in table.values()})
    labels.update({s.id: s.name for s in kb.stages})
    return labels


def plain_text(text: object) -> str:
    kb = get_kb()
    labels = _labels(kb.version)
    text = str(text or "")
    # A source key the engine's text names ("(HOU2002)", "IC_META2022") reads as its citation.
    text = SOURCE_KEY.sub(lambda m: short_citation(m.group(0)) if m.group(0) in kb.sources
                          else m.group(0), text)  # fmt: skip
    text = KEY.sub(lambda m: m.group(0).rsplit(".", 1)[1], text)
    return ID.sub(lambda m: labels.get(m.group(0), m.group(0).replace("_", " ")), text)


register.filter("plain", plain_text)


@lru_cache(maxsize=512)
def short_citation(key: str) -> str:
    """'Travell 1992', 'Ostelo et al. 2008', or the title's first words when no author."""
    source = get_kb().sources.get(key)
    if source is None:
        return key.replace("_", " ")
    title = source.title.strip()
    found = AUTHOR.match(title)
    if found:
        many = title.count(",") > 1 or " et al" in title[:80]
        who = found.group(1) + (" et al." if many else "")
        return f"{who} {source.year}" if source.year else who
    head = re.split(r"[.(]", title, maxsplit=1)[0].strip()
    head = head if len(head) <= 48 else head[:45].rsplit(" ", 1)[0] + "…"
    return f"{head} {source.year}" if source.year else head


def _keys(value: object) -> list[str]:
    """One key, or the engine's comma-joined list of keys ("GARBER-2011, NG59")."""
    return [key.strip() for key in str(value or "").split(",") if key.strip()]


@register.filter
def cite_text(key: object) -> str:
    return ", ".join(short_citation(k) for k in _keys(key))


@register.filter
def cite(key: object):
    keys = _keys(key)
    if len(keys) > 1:
        return cite_all(keys)
    key = keys[0] if keys else ""
    if not key:
        return ""
    return _cite_link(get_kb().version, get_script_prefix(), key)


@lru_cache(maxsize=1024)
def _cite_link(version: str, prefix: str, key: str) -> str:
    # The same link for a key until the knowledge base or the site's prefix changes; a plan
    # page cites its sources hundreds of times.
    source = get_kb().sources.get(key)
    return format_html(
        '<a class="source" href="{}" title="{}">{}</a>',
        reverse("source_card", args=[key]),
        source.title if source else key,
        short_citation(key),
    )


@register.filter
def cite_all(keys) -> str:
    return format_html_join(", ", "{}", ((cite(key),) for key in keys or []))
