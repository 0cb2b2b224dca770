"""The client's questions, in the project's own plain words. Each one maps to a finding of the
knowledge base (red-flag findings, precaution ids), so an answer lands on the same finding the
clinician's screen ticks; `tests/portal/test_previsit_questions.py` checks every id exists.

Findings only a clinician can establish (examination signs, test results, a clinical judgement
such as "radicular") are not asked here: the clinician's screen still covers them."""

from __future__ import annotations

from dataclasses import dataclass

YES, NO, UNSURE = "yes", "no", "unsure"
ANSWERS = ((YES, "Yes"), (NO, "No"), (UNSURE, "Not sure"))


@dataclass(frozen=True)
class Question:
    finding: str  # the KB id the answer "yes" stands for
    text: str


@dataclass(frozen=True)
class QuestionGroup:
    id: str
    title: str
    questions: tuple[Question, ...]


RED_FLAG_GROUPS: tuple[QuestionGroup, ...] = (
    QuestionGroup(
        "nerves",
        "Bladder, bowel and nerves",
        (
            Question(
                "bladder_dysfunction_new",
                "Since this back pain began, is passing urine "
                "different: hard to start, weaker, not feeling it, or leaking?",
            ),
            Question(
                "bowel_dysfunction_new",
                "Since this back pain began, have you had new "
                "trouble controlling your bowels, or not feeling when they open?",
            ),
            Question(
                "saddle_sensory_change_new",
                "Have you noticed new numbness or tingling "
                "between your legs, around your back passage or genitals (where you would "
                "sit on a saddle)?",
            ),
            Question(
                "sexual_dysfunction_new",
                "Have you noticed a new change in sexual function, such as less feeling?",
            ),
            Question(
                "bilateral_leg_symptoms",
                "Do you have pain, pins and needles, numbness or weakness in both legs?",
            ),
            Question(
                "progressive_neuro_deficit", "Is weakness or numbness in your legs getting worse?"
            ),
            Question(
                "severe_neuro_deficit",
                "Does a foot catch or slap when you walk, or is "
                "walking hard because a leg is weak?",
            ),
        ),
    ),
    QuestionGroup(
        "general",
        "Your general health",
        (
            Question("history_of_cancer", "Have you ever had cancer?"),
            Question("unexplained_weight_loss", "Have you lost weight recently without trying to?"),
            Question("systemically_unwell", "Do you feel generally unwell in yourself?"),
            Question(
                "fever", "With this back pain, have you had a fever, chills or shivering fits?"
            ),
            Question(
                "recent_infection",
                "Have you recently had an infection, such as a urine or skin infection?",
            ),
            Question(
                "immunosuppression",
                "Do you take medicines that lower your body's "
                "defences (for example steroid tablets, chemotherapy or biologic "
                "medicines), or have a condition that does, such as HIV?",
            ),
            Question("iv_drug_use", "Do you inject drugs, or have you done so?"),
            Question("diabetes", "Do you have diabetes?"),
            Question(
                "osteoporosis",
                "Have you been told you have thin bones (osteoporosis), "
                "or broken a bone in a minor fall?",
            ),
            Question(
                "long_term_corticosteroids",
                "Have you taken steroid tablets (such as prednisolone) for a long time?",
            ),
            Question("smoker", "Do you smoke?"),
            Question("psoriasis_history", "Do you have, or have you had, psoriasis?"),
            Question(
                "arthritis_history",
                "Do you have, or have you had, arthritis (painful, swollen joints)?",
            ),
            Question(
                "family_history_spa",
                "Has a parent, brother, sister or child of yours "
                "been told they have ankylosing spondylitis (axial spondyloarthritis)?",
            ),
        ),
    ),
    QuestionGroup(
        "start",
        "How the pain started",
        (
            Question(
                "major_trauma",
                "Did this pain start after a serious accident, such as a "
                "road accident or a fall from a height?",
            ),
            Question("minor_trauma", "Did it start after a smaller fall, knock or strain?"),
            Question("sudden_severe_pain", "Did severe back pain come on suddenly?"),
            Question(
                "recent_spinal_procedure",
                "Have you recently had an operation, "
                "injection or other procedure on your spine, or a wound to your back?",
            ),
        ),
    ),
    QuestionGroup(
        "pattern",
        "How the pain behaves",
        (
            Question(
                "night_pain_persistent",
                "Is there pain at night that does not ease whichever way you lie?",
            ),
            Question(
                "waking_second_half_of_night",
                "Does the pain wake you in the second half of the night?",
            ),
            Question(
                "thoracic_pain",
                "Do you have pain in the middle of your back, between "
                "or below the shoulder blades?",
            ),
            Question(
                "abdominal_and_back_pain",
                "Do you have pain in your tummy (abdomen) as well as in your back?",
            ),
            Question("collapse_or_presyncope", "Have you collapsed, fainted or nearly fainted?"),
            Question("buttock_pain", "Do you have pain in your buttocks?"),
            Question("improves_with_movement", "Does your back feel better when you move about?"),
            Question(
                "improves_with_nsaids_48h",
                "If you have taken anti-inflammatory "
                "painkillers (such as ibuprofen or naproxen), did the pain ease within two "
                "days?",
            ),
        ),
    ),
)

RED_FLAG_QUESTIONS: tuple[Question, ...] = tuple(
    q for group in RED_FLAG_GROUPS for q in group.questions
)

# Health and precautions (KB precaution ids). Pregnancy and the blood-thinner question have
# their own fields, as on the clinician's form; osteoporosis, long-term steroids, cancer and
# diabetes are asked among the red-flag questions and count there.
PREGNANCY = "pregnancy"
ANTICOAGULANT = "anticoagulant_therapy"
HEALTH_QUESTIONS: tuple[Question, ...] = (
    Question("postpartum", "Have you had a baby in the last 12 weeks?"),
    Question(
        "bleeding_disorder",
        "Do you have a condition that makes you bleed or bruise easily, or low platelets?",
    ),
    Question(
        "dvt_history_or_risk",
        "Have you ever had a blood clot in a leg or a lung (DVT or pulmonary embolism)?",
    ),
    Question("active_cancer", "Are you having treatment for cancer now?"),
    Question(
        "recent_surgery",
        "Have you had an operation in the last 6 weeks, or is a surgical wound still healing?",
    ),
    Question("hip_replacement", "Do you have a hip replacement?"),
    Question("fragile_skin", "Is your skin thin, or easily torn or bruised?"),
    Question(
        "peripheral_neuropathy",
        "Do you have less feeling in your feet or legs because of a nerve condition?",
    ),
    Question(
        "inflammatory_arthritis",
        "Have you been told you have an inflammatory arthritis, "
        "such as rheumatoid arthritis or ankylosing spondylitis?",
    ),
    Question("hypermobility", "Are your joints unusually flexible (hypermobile)?"),
    Question("varicose_veins", "Do you have varicose veins?"),
    Question(
        "local_skin_lesion_or_infection",
        "Do you have a rash, wound or skin infection on your back, hips or legs?",
    ),
)
PREGNANCY_TEXT = "Are you pregnant?"
ANTICOAGULANT_TEXT = (
    "Do you take a blood thinner? For example warfarin, apixaban, rivaroxaban, edoxaban, "
    "dabigatran, heparin injections or clopidogrel."
)
