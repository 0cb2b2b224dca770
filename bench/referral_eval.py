"""Top-1 and top-5 recall of the referral ranking on tests/clinical/data/referral_cases.yaml.

Run: `.venv/bin/python -m bench.referral_eval` (or `python bench/referral_eval.py`).
A must-include item is found at rank k when one of the first k candidates is that muscle on the
required side (a `bilateral` candidate counts for either side; no side given = any side).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/referral_eval.py`
    sys.path.insert(0, str(ROOT))

from myomap.clinical.referral import sources_rank  # noqa: E402

CASES = ROOT / "tests" / "clinical" / "data" / "referral_cases.yaml"


def load_cases(path: Path = CASES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def matches(candidate: dict, wanted: dict) -> bool:
    if candidate["muscle"] != wanted["muscle"]:
        return False
    side = wanted.get("side")
    return side is None or candidate["side"] in (side, "bilateral")


def rank_of(candidates: list[dict], wanted: dict) -> int | None:
    for position, candidate in enumerate(candidates, start=1):
        if matches(candidate, wanted):
            return position
    return None


def evaluate(cases: list[dict]) -> dict:
    found_top1 = found_top5 = total = 0
    misses, intruders = [], []
    for case in cases:
        candidates = sources_rank(case["regions"], case.get("intensity"))["candidates"]
        for wanted in case["must_include"]:
            total += 1
            rank = rank_of(candidates, wanted)
            found_top1 += rank == 1
            found_top5 += rank is not None and rank <= 5
            if rank is None or rank > 5:
                misses.append((case["id"], wanted["muscle"], rank))
        top3 = {c["muscle"] for c in candidates[:3]}
        intruders += [(case["id"], m) for m in case.get("must_not_rank_high", []) if m in top3]
    return {
        "cases": len(cases),
        "must_include": total,
        "top1_recall": found_top1 / total,
        "top5_recall": found_top5 / total,
        "misses": misses,
        "intruders": intruders,
    }


def main() -> None:
    result = evaluate(load_cases())
    print(f"cases: {result['cases']}, must-include items: {result['must_include']}")
    print(f"top-1 recall: {result['top1_recall']:.1%}")
    print(f"top-5 recall: {result['top5_recall']:.1%}")
    for case_id, muscle, rank in result["misses"]:
        print(f"  missed in top 5: {case_id}: {muscle} (rank {rank})")
    for case_id, muscle in result["intruders"]:
        print(f"  must-not-rank-high muscle in top 3: {case_id}: {muscle}")


if __name__ == "__main__":
    main()
