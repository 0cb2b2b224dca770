"""The precaution pass (docs/precautions.md): run once the stages are built and the clinician's
overrides applied, so nothing reaches the plan without passing it.

- Precautions in force: those recorded in `precautions.findings`, those implied by red-flag
  findings (osteoporosis, long-term steroids, a history of cancer, diabetes), and those a
  precaution includes (long-term steroids include osteoporosis and fragile skin).
- Pathways switched on by findings: radicular (nerve-root findings, or numbness or tingling
  below the knee on the pain map) and suspected axial spondyloarthritis (the triage concern).
- Each rule says avoid (the item moves to `blocked` with rule, source and confidence; a gentler
  `instead` technique may take its place), modify (the dose text carries the change) or caution
  (a note beside the item). An overridable rule is lifted for one item by an `allow` override
  with a reason; a rule that is not overridable is never lifted.
- Scope of practice: joint mobilisation and manipulation only for physiotherapists,
  chiropractors and osteopaths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from myomap.clinical.assessment import Override
from myomap.clinical.kb import get_kb, lookups
from myomap.clinical.kb.schema import Pathway, Precaution, PrecautionRule
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import (
    Blocked,
    ExerciseItem,
    Goal,
    PlanDraft,
    Stage,
    TechniqueItem,
)
from myomap.clinical.planning.make import (
    add_exercise,
    add_technique,
    muscle_label,
    strengthens_any,
)

MOBILISING_SCOPES = ("physiotherapist", "chiropractor_osteopath")
SCOPE_LABELS = {
    "massage_nmt": "massage / neuromuscular therapist",
    "physiotherapist": "physiotherapist",
    "chiropractor_osteopath": "chiropractor or osteopath",
}
SCOPED_TECHNIQUES = ("joint_mobilization",)
SCOPE_SOURCE = "YIN-2014"


@dataclass(frozen=True)
class ActiveRule:
    owner: str  # precaution or pathway id
    label: str
    rule: PrecautionRule
    index: int

    @property
    def rule_id(self) -> str:
        return f"precaution.{self.owner}.{self.rule.action}.{self.index}"

    def entry(self) -> dict:
        body: dict[str, object] = {
            "precaution": self.owner,
            "label": self.label,
            "action": self.rule.action,
            "text": self.rule.text,
            "rule": self.rule_id,
            "source": self.rule.sources[0],
            "sources": list(self.rule.sources),
            "confidence": self.rule.confidence,
            "overridable": self.rule.overridable,
        }
        if self.rule.discomfort_max is not None:
            body["discomfort_max"] = self.rule.discomfort_max
        return body


def precautions_in_force(findings: list[str], red_flag_findings: list[str]) -> dict[str, str]:
    """Precaution id → why it is in force, in KB order."""
    book = get_kb().precautions.precautions
    why: dict[str, str] = {pid: "recorded" for pid in findings}
    flags = set(red_flag_findings)
    for pid, precaution in book.items():
        hit = [f for f in precaution.implied_by if f in flags]
        if hit and pid not in why:
            why[pid] = f"red-flag finding '{hit[0]}'"
    changed = True
    while changed:
        changed = False
        for pid in list(why):
            for included in book[pid].includes:
                if included not in why:
                    why[included] = f"included by '{pid}'"
                    changed = True
    return {pid: why[pid] for pid in book if pid in why}


def pathways_in_force(ctx: PlanContext) -> dict[str, str]:
    kb = get_kb()
    findings = set(ctx.assessment.triage.findings)
    concerns = {c.get("rule") for c in ctx.triage.get("concerns", [])}
    why: dict[str, str] = {}
    for pid, pathway in kb.precautions.pathways.items():
        hit = [f for f in pathway.triggered_by_findings if f in findings]
        if hit:
            why[pid] = f"finding '{hit[0]}'"
            continue
        below_knee = [
            p.region
            for p in ctx.assessment.pain_map
            if kb.regions[p.region].base in pathway.below_knee_regions
            and p.quality in pathway.below_knee_qualities
        ]
        if below_knee:
            why[pid] = f"numbness or tingling below the knee ({', '.join(below_knee)})"
            continue
        concern = [c for c in pathway.triggered_by_concerns if c in concerns]
        if concern:
            why[pid] = f"triage concern '{concern[0]}'"
    return why


def _applies(rule: PrecautionRule, weeks: int | None) -> bool:
    # Unknown gestation: apply the later-pregnancy rules (the conservative reading).
    return rule.from_week is None or weeks is None or weeks >= rule.from_week


def active_rules(
    in_force: dict[str, str], pathways: dict[str, str], weeks: int | None
) -> list[ActiveRule]:
    book = get_kb().precautions
    active: list[ActiveRule] = []
    for pid in in_force:
        precaution = book.precautions[pid]
        rules = list(precaution.rules)
        if precaution.same_as:
            rules += book.precautions[precaution.same_as].rules
        for index, rule in enumerate(rules):
            if _applies(rule, weeks):
                active.append(ActiveRule(pid, precaution.label, rule, index))
    for pid in pathways:
        pathway = book.pathways[pid]
        for index, rule in enumerate(pathway.rules):
            active.append(ActiveRule(pid, pathway.label, rule, index))
    return active


def _name_and_muscle(item: TechniqueItem | ExerciseItem) -> tuple[str, str | None]:
    if isinstance(item, TechniqueItem):
        return item.technique, item.muscle
    return item.exercise, item.for_muscle


def _allow_for(overrides: list[Override], rule: ActiveRule, name: str, muscle: str | None):
    for index, o in enumerate(overrides):
        if (
            o.action == "allow"
            and o.item == name
            and o.precaution == rule.owner
            and (o.muscle is None or o.muscle == muscle)
        ):
            return index, o
    return None


def _listed(pid: str, why: str, entry: Precaution | Pathway) -> dict[str, Any]:
    """A precaution or pathway in force, as the plan lists it with its reason and sources."""
    return {
        "id": pid,
        "label": entry.label,
        "why": why,
        "changes": entry.changes,
        "confidence": entry.confidence,
        "sources": list(entry.sources),
    }


class _Pass:
    def __init__(self, ctx: PlanContext, draft: PlanDraft, overrides_out: list[dict]):
        self.ctx = ctx
        self.draft = draft
        self.overrides = list(ctx.assessment.overrides)
        self.overrides_out = overrides_out
        self.in_force = precautions_in_force(
            list(ctx.assessment.precautions.findings), list(ctx.assessment.triage.findings)
        )
        self.pathways = pathways_in_force(ctx)
        self.rules = active_rules(
            self.in_force, self.pathways, ctx.assessment.precautions.gestation_weeks
        )
        self.item_rules = [
            r for r in self.rules if r.rule.kind != "position" and r.rule.items != ["*"]
        ]
        self.wildcard = [
            r for r in self.rules if r.rule.kind != "position" and r.rule.items == ["*"]
        ]
        self.position_rules = [r for r in self.rules if r.rule.kind == "position"]
        self.scope = ctx.assessment.clinician.scope if ctx.assessment.clinician else None

    # --- items -------------------------------------------------------------------------
    def matching(self, kind: str, name: str, muscle: str | None) -> list[ActiveRule]:
        found = [r for r in self.item_rules if r.rule.kind == kind and r.rule.covers(name, muscle)]
        found += [r for r in self.wildcard if r.rule.kind == kind and r.rule.action == "avoid"]
        return found

    def lifted(self, rule: ActiveRule, name: str, muscle: str | None) -> bool:
        allow = _allow_for(self.overrides, rule, name, muscle)
        if allow is None:
            return False
        index, _ = allow
        record = self.overrides_out[index]
        if not rule.rule.overridable:
            record["applied"] = False
            record["effect"] = (
                f"not applied: '{rule.rule.text}' ({rule.rule_id}) is not overridable"
            )
            return False
        record["applied"] = True
        record["effect"] = f"kept {name} despite {rule.owner} ({rule.rule_id})"
        return True

    def screen(self, stage: Stage, kind: str, items: list, *, replace: bool = True) -> list:
        kept = []
        for item in items:
            name, muscle = _name_and_muscle(item)
            rules = self.matching(kind, name, muscle)
            blocking = [
                r for r in rules if r.rule.action == "avoid" and not self.lifted(r, name, muscle)
            ]
            scope = self.scope_refusal(name) if kind == "technique" else None
            if blocking or scope:
                self.block(item, name, muscle, blocking[0] if blocking else None, scope)
                if replace and blocking and blocking[0].rule.instead:
                    self.replace(stage, item, blocking[0])
                elif replace and blocking and isinstance(item, ExerciseItem):
                    self.replace_exercise(stage, item, blocking[0])
                continue
            for r in rules:
                if r.rule.action == "avoid":
                    item.safety.kept_by_override.append(r.entry())
                elif r.rule.action == "modify":
                    self.modify(item, r)
                else:
                    item.safety.cautions.append(r.entry())
            kept.append(item)
        return kept

    def block(self, item, name: str, muscle, rule: ActiveRule | None, scope: str | None) -> None:
        where = f" for {muscle_label(muscle, item.side)}" if muscle else ""
        if rule is None:
            assert scope is not None
            self.draft.block(
                Blocked(
                    name,
                    scope,
                    "plan.r13.scope_of_practice",
                    SCOPE_SOURCE,
                    muscle,
                    item.side,
                    confidence="medium",
                    overridable=False,
                    precaution="scope_of_practice",
                )
            )
            self._refuse_added(name, scope)
            return
        text = (
            f"Not planned{where}: {rule.rule.text} ({rule.label}; {rule.rule.confidence} confidence"
        )
        text += (
            ", a conservative default the clinician may lift with a reason)"
            if rule.rule.overridable
            else ")"
        )
        self.draft.block(
            Blocked(
                name,
                text,
                rule.rule_id,
                rule.rule.sources[0],
                muscle,
                item.side,
                confidence=rule.rule.confidence,
                overridable=rule.rule.overridable,
                precaution=rule.owner,
            )
        )
        self._refuse_added(name, text)

    def _refuse_added(self, name: str, why: str) -> None:
        for record in self.overrides_out:
            if record.get("action") == "add" and record.get("item") == name and record["applied"]:
                record["applied"] = False
                record["effect"] = f"not applied: {why}"

    def replace(self, stage: Stage, item: TechniqueItem, rule: ActiveRule) -> None:
        instead = rule.rule.instead
        assert instead is not None
        if not isinstance(item, TechniqueItem) or not lookups.technique_allowed_in(
            instead, stage.id
        ):
            return
        before = list(stage.techniques)
        stage.techniques = []
        add_technique(
            self.draft,
            stage,
            instead,
            rule=f"{rule.rule_id}.instead",
            reason=f"In place of {item.technique.replace('_', ' ')} ({rule.label}): a gentler "
            f"technique for {muscle_label(item.muscle or 'the area', item.side)}.",
            muscle=item.muscle,
            side=item.side,
            target=item.target,
        )
        added = stage.techniques
        stage.techniques = before
        self.pending.extend(added)

    def replace_exercise(self, stage: Stage, item: ExerciseItem, rule: ActiveRule) -> None:
        """The best-scoring exercise (planning/selection.py) for the same muscle and purpose
        that no rule in force avoids and that loads no muscle in spasm, never stage 3's drill
        again in stage 4; none found is said in `undecided`."""
        from myomap.clinical.planning.selection import rank

        muscle = item.for_muscle
        if muscle is None:
            return
        role = "lengthens" if muscle in item.lengthens else "strengthens"
        present = {e.exercise for e in stage.exercises} | {e.exercise for e in self.pending_ex}
        if stage.id == "build_strength":
            present |= {e.exercise for e in self.draft.stages["restore_biomechanics"].exercises}
        options = lookups.exercises_for(role, muscle, stage.id)
        ranked = rank(self.ctx, options, muscle=muscle, role=role, stage_id=stage.id)
        for candidate in [c.exercise for c in ranked]:
            if candidate == item.exercise or not self.may_add(candidate, muscle, present):
                continue
            holder = Stage(stage.id)
            add_exercise(
                holder,
                candidate,
                rule=f"{rule.rule_id}.instead",
                reason=f"In place of {item.exercise.replace('_', ' ')} ({rule.label}): it "
                f"{role} {muscle_label(muscle, item.side)} too.",
                muscle=muscle,
                side=item.side,
            )
            self.pending_ex.extend(holder.exercises)
            return
        if stage.id == "build_strength" and self.carry_from_stage_3(stage, item, rule, role):
            return
        note = (
            f"{role.removesuffix('s')} exercise for {muscle_label(muscle, item.side)}: every "
            f"option in the knowledge base is avoided with {rule.label.lower()}; choose one with "
            "the client"
        )
        if note not in self.draft.undecided:
            self.draft.undecided.append(note)
        # Said in the stage too, so the therapist reading it sees why it has nothing for the
        # muscle rather than an empty place.
        goal = Goal(
            f"No exercise in this stage that {role} {muscle_label(muscle, item.side)}: every "
            f"option in the knowledge base is avoided with {rule.label.lower()} (the reasons are "
            "under 'Left out on purpose'); choose one with the client.",
            rule.rule_id,
            rule.rule.sources[0],
        )
        if goal.text not in {g.text for g in stage.goals}:
            stage.goals.append(goal)

    def may_add(self, candidate: str, muscle: str, present: set[str]) -> bool:
        """A replacement exercise may join the stage: not already there, avoided by no
        precaution for this muscle, and strengthening no muscle in spasm."""
        if candidate in present:
            return False
        if any(r.rule.action == "avoid" for r in self.matching("exercise", candidate, muscle)):
            return False
        return not strengthens_any(candidate, self.ctx.spasm_muscles)

    def carry_from_stage_3(
        self, stage: Stage, item: ExerciseItem, rule: ActiveRule, role: str
    ) -> bool:
        """Stage 4 normally never repeats stage 3's drill; when the precautions leave no other
        option for a weak muscle, a weak muscle still gets its stage-4 exercise (plan rule 7):
        the safe stage-3 drill carries on, and the item says why."""
        from myomap.clinical.planning.selection import rank

        muscle = item.for_muscle
        assert muscle is not None
        earlier = [
            e.exercise
            for e in self.draft.stages["restore_biomechanics"].exercises
            if muscle in getattr(e, role)
        ]
        present = {e.exercise for e in stage.exercises} | {e.exercise for e in self.pending_ex}
        every = lookups.exercises_for(role, muscle, stage.id)
        options = [o for o in every if o in earlier]
        others = [o for o in dict.fromkeys((item.exercise, *every)) if o not in earlier]
        left_out = ", ".join(lookups.exercise(o).name.lower() for o in others)
        ranked = rank(self.ctx, options, muscle=muscle, role=role, stage_id=stage.id)
        for candidate in [c.exercise for c in ranked]:
            if not self.may_add(candidate, muscle, present):
                continue
            holder = Stage(stage.id)
            add_exercise(
                holder,
                candidate,
                rule=f"{rule.rule_id}.carried",
                reason=f"In place of {item.exercise.replace('_', ' ')} ({rule.label}): every "
                f"other exercise in the knowledge base that {role} "
                f"{muscle_label(muscle, item.side)} is left out for this client ({left_out}), "
                "so the stage-3 drill, which the precautions allow, carries on into this stage; "
                "progress it by its own rule.",
                muscle=muscle,
                side=item.side,
            )
            self.pending_ex.extend(holder.exercises)
            return True
        return False

    def modify(self, item, rule: ActiveRule) -> None:
        entry = rule.entry()
        item.safety.modifications.append(entry)
        extra = (
            f" Discomfort no higher than {rule.rule.discomfort_max}/10."
            if rule.rule.discomfort_max is not None
            else ""
        )
        unsized = self.no_figure(item, rule)
        if unsized:
            said = {p for m in item.safety.modifications for p in m.get("no_figure_for", [])}
            entry["no_figure_for"] = [parameter for parameter, _ in unsized]
            extra += "".join(
                f" The source gives no figure for the {label} with this precaution either: the "
                "therapist judges it."
                if parameter in said
                else f" The source gives no figure for the {label} with this precaution: the "
                f"usual {label} above ({value}) is the technique's general dose, not one set for "
                "this precaution, so the therapist judges it."
                for parameter, (label, value) in unsized
            )
        # The change carries its own sources and confidence: the bracket after the dose lists
        # the dose's sources, which say nothing about the precaution.
        cited = f" ({', '.join(rule.rule.sources)}; {rule.rule.confidence} confidence)"
        item.dose = f"{item.dose} | PRECAUTION ({rule.label}): {rule.rule.text}{extra}{cited}"

    @staticmethod
    def no_figure(item, rule: ActiveRule) -> list[tuple[str, tuple[str, str]]]:
        """The item's dose lines a rule changes without a figure (`no_figure_for`), as
        (parameter, (label, the usual figure)); lines the item's dose does not show are
        skipped."""
        if not rule.rule.no_figure_for or not isinstance(item, TechniqueItem):
            return []
        entry = lookups.technique(item.technique)
        if entry is None:
            return []
        profile = item.dose_profile or "all"
        out = []
        for parameter in rule.rule.no_figure_for:
            for line in entry.dose:
                if line.parameter != parameter or line.applies_to not in ("all", profile):
                    continue
                label = lookups.PARAMETER_LABELS.get(parameter, parameter.replace("_", " "))
                value = str(line.range) if line.range is not None else line.text
                out.append((parameter, (label, value)))
        return out

    def scope_refusal(self, name: str) -> str | None:
        if name not in SCOPED_TECHNIQUES or self.scope in MOBILISING_SCOPES:
            return None
        who = SCOPE_LABELS[self.scope] if self.scope else "not recorded (treated as massage / NMT)"
        return (
            f"Not planned: joint mobilisation and manipulation are planned only within a "
            f"physiotherapist's, chiropractor's or osteopath's scope of practice; the "
            f"clinician's scope is {who}. Serious harms reported from massage sessions mostly "
            "involved spinal manipulation or vigorous pressure."
        )

    # --- run ---------------------------------------------------------------------------
    def run(self) -> None:
        for stage in self.draft.stages.values():
            self.pending: list[TechniqueItem] = []
            stage.techniques = self.screen(stage, "technique", stage.techniques)
            if self.pending:
                extra = self.screen(stage, "technique", self.pending, replace=False)
                known = {t.key for t in stage.techniques}
                stage.techniques += [t for t in extra if t.key not in known]
            self.pending_ex: list[ExerciseItem] = []
            stage.exercises = self.screen(stage, "exercise", stage.exercises)
            if self.pending_ex:
                known_ex = {e.key for e in stage.exercises}
                extra_ex = self.screen(stage, "exercise", self.pending_ex, replace=False)
                stage.exercises += [e for e in extra_ex if e.key not in known_ex]
        self.positions_and_palpation()

    def position_summary(self) -> str | None:
        """A short phrase for each item; the full rules are in the plan's precautions section."""
        if not self.position_rules:
            return None
        labels: dict[str, Any] = {str(k): v for k, v in get_kb().precautions.positions.items()}
        phrases = {
            "avoid": "no {label}",
            "modify": "{label} only as the precautions allow",
            "caution": "{label} preferred",
        }
        parts = [
            r.rule.short or phrases[r.rule.action].format(label=labels[p].label)
            for r in self.position_rules
            for p in r.rule.items
        ]
        return "; ".join(dict.fromkeys(parts)) + " (see precautions)."

    def positions_and_palpation(self) -> None:
        book = get_kb().precautions
        summary = self.position_summary()
        no_prone = any(
            "prone" in r.rule.items for r in self.position_rules if r.rule.action != "caution"
        )
        for stage in self.draft.stages.values():
            for item in stage.techniques:
                if summary:
                    item.safety.position = summary
                if no_prone and item.muscle in book.prone_palpation_muscles:
                    r = next(r for r in self.position_rules if "prone" in r.rule.items)
                    note = r.entry()
                    note["text"] = (
                        f"The usual position for {muscle_label(item.muscle)} is face down: "
                        f"treat it side-lying or in supported sitting instead. {r.rule.text}"
                    )
                    item.safety.cautions.append(note)
                # Palpation cautions go with hands-on pressure, not with stretches or drills.
                if item.technique in book.groups["pressure"]:
                    item.safety.cautions.extend(self.palpation_cautions(item.muscle))

    def palpation_cautions(self, muscle: str | None) -> list[dict]:
        if muscle is None:
            return []
        out = []
        for caution in get_kb().precautions.palpation_cautions:
            if caution.muscle != muscle:
                continue
            if caution.when and not set(caution.when) & set(self.in_force):
                continue
            out.append(
                {
                    "precaution": "palpation",
                    "action": "caution",
                    "text": caution.text,
                    "rule": f"palpation.{muscle}",
                    "source": caution.sources[0],
                    "sources": list(caution.sources),
                    "confidence": caution.confidence,
                    "overridable": True,
                }
            )
        return out

    def section(self) -> dict:
        book = get_kb().precautions
        positions = {str(k): v for k, v in book.positions.items()}
        weeks = self.ctx.assessment.precautions.gestation_weeks
        in_force = [_listed(pid, why, book.precautions[pid]) for pid, why in self.in_force.items()]
        if "pregnancy" in self.in_force:
            in_force[[p["id"] for p in in_force].index("pregnancy")]["gestation_weeks"] = weeks
            if weeks is None:
                self.draft.undecided.append(
                    "gestation weeks (not recorded): the later-pregnancy rules are applied"
                )
        pathways = [_listed(pid, why, book.pathways[pid]) for pid, why in self.pathways.items()]
        return {
            "in_force": in_force,
            "pathways": pathways,
            "positions": [
                r.entry()
                | {
                    "positions": list(r.rule.items),
                    # The KB's words for each position, for a reader who signs the plan.
                    "position_labels": [positions[p].label for p in r.rule.items],
                }
                for r in self.position_rules
            ],
            "notes": [r.entry() for r in self.wildcard if r.rule.action != "avoid"],
            "palpation_cautions": [
                c | {"muscle": m}
                for m in dict.fromkeys(f.muscle for f in self.ctx.muscles)
                for c in self.palpation_cautions(m)
            ],
            "scope_of_practice": self.scope,
            "rule": "plan.r11.precautions",
            "source": "BATAVIA-2004",
            "note": "Massage contraindication sources disagree and are mostly expert opinion: "
            "these are conservative defaults; an overridable rule may be lifted for one item "
            "with an 'allow' override and a reason.",
        }


def apply_precautions(ctx: PlanContext, draft: PlanDraft, overrides_out: list[dict]) -> dict:
    """Screen every stage item against the precautions and pathways in force; returns the
    plan's `precautions` section."""
    screen = _Pass(ctx, draft, overrides_out)
    screen.run()
    return screen.section()


def safety_netting(ctx: PlanContext) -> list[dict]:
    """What the client is told to watch for and where to go, in every plan: the triage
    screen's advice, the pathways' own client advice (radicular, suspected axial
    spondyloarthritis), and the clinician-facing advice of the pathways' red-flag rules.
    `for` says who the sentence is written for; handouts take the client ones."""
    kb = get_kb()
    rules = {rule.id: rule for rule in kb.red_flags.rules}
    rule_advice = {rule.safety_netting for rule in kb.red_flags.rules if rule.safety_netting}
    texts: list[tuple[str, str, str]] = [
        (text, "IFOMPT-2020", "clinician" if text in rule_advice else "client")
        for text in ctx.triage.get("safety_netting", [])
    ]
    for pid in pathways_in_force(ctx):
        pathway = kb.precautions.pathways[pid]
        texts += [(text, pathway.sources[0], "client") for text in pathway.client_safety_netting]
        for rule_id in pathway.safety_netting_from:
            rule = rules[rule_id]
            if rule.safety_netting:
                texts.append((rule.safety_netting, rule.sources[0], "clinician"))
    seen: dict[str, tuple[str, str]] = {}
    for text, source, audience in texts:
        seen.setdefault(text, (source, audience))
    return [
        {"advice": text, "for": audience, "rule": "plan.safety_netting", "source": source}
        for text, (source, audience) in seen.items()
    ]


def neurological_recheck(ctx: PlanContext) -> dict | None:
    """Radicular presentations: the re-check done at every visit and what escalates."""
    kb = get_kb()
    pathways = pathways_in_force(ctx)
    if "radicular" not in pathways:
        return None
    pathway = kb.precautions.pathways["radicular"]
    rules = {rule.id: rule for rule in kb.red_flags.rules}
    return {
        "every_visit": True,
        "why": pathways["radicular"],
        "items": [item.model_dump() for item in pathway.recheck],
        "escalation": [
            {
                "rule": rule_id,
                "condition": rules[rule_id].condition,
                "urgency": rules[rule_id].urgency,
                "action": rules[rule_id].action,
            }
            for rule_id in pathway.escalate_with
        ],
        "worse_means": "A new or worsening deficit (weaker myotome, new numbness, a lost reflex, "
        "symptoms in both legs or any cauda equina feature) is recorded as a red-flag finding "
        "and escalated with the urgency shown; treatment stops until it is acted on.",
        "rule": "plan.r14.neurological_recheck",
        "sources": list(pathway.sources[:3]),
    }


def radicular_course_note(ctx: PlanContext) -> str | None:
    if "radicular" not in pathways_in_force(ctx):
        return None
    return get_kb().precautions.pathways["radicular"].course_note


def rescreen_prompts(ctx: PlanContext) -> list[dict]:
    """Constant pain or pain at rest that movement does not ease is not the mechanical
    pattern: prompt a red-flag re-screen at the assessment (IFOMPT-2020)."""
    severity = ctx.assessment.severity
    at_rest = severity.pain_pattern == "constant" or severity.pain_at_rest is True
    if not (at_rest and severity.eases_with_movement is False):
        return []
    return [
        {
            "text": "Constant pain or pain at rest that movement does not ease: re-screen red "
            "flags now (night pain, unexplained weight loss, cancer history, fever or feeling "
            "unwell, thoracic pain) before treating.",
            "rule": "plan.rescreen.constant_rest_pain",
            "source": "IFOMPT-2020",
        }
    ]
