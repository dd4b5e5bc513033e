"""The SMART check: what a goal's wording leaves vague or missing. Advice only, never a block."""

import re
from dataclasses import dataclass
from datetime import date

# Words that say "more" without saying how much or of what.
VAGUE_WORDS = frozenset(
    [
        "better",
        "improve",
        "improving",
        "more",
        "some",
        "stuff",
        "things",
        "good",
        "great",
        "successful",
        "success",
        "generally",
        "somehow",
        "various",
        "etc",
    ]
)
# Aims too large for one goal: they need splitting into goals of their own.
BROAD_PHRASES = (
    "everything",
    "anything",
    "whole career",
    "my career",
    "be the best",
    "become an expert",
    "master ",
    "all of ",
    "change my life",
)
# Signs the measure names something a person can check.
EVIDENCE_WORDS = frozenset(
    [
        "pass",
        "passed",
        "complete",
        "completed",
        "finish",
        "finished",
        "publish",
        "published",
        "present",
        "presented",
        "certificate",
        "certified",
        "certification",
        "offer",
        "interview",
        "interviews",
        "promotion",
        "promoted",
        "launch",
        "launched",
        "ship",
        "shipped",
        "deliver",
        "delivered",
        "lead",
        "led",
        "run",
        "ran",
        "score",
        "hired",
        "portfolio",
        "feedback",
        "review",
        "rating",
    ]
)
MIN_TITLE_WORDS = 3
LONG_TITLE_WORDS = 16
FAR_AWAY_DAYS = 3 * 365
TOO_SOON_DAYS = 7


LETTER_NAMES = {
    "S": "Specific",
    "M": "Measurable",
    "A": "Achievable",
    "R": "Relevant",
    "T": "Time-bound",
}


@dataclass(frozen=True)
class SmartNote:
    """One piece of advice: which SMART letter, which field, and what to do."""

    letter: str
    field: str
    message: str

    @property
    def letter_name(self) -> str:
        return LETTER_NAMES[self.letter]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def smart_check(
    *,
    title: str,
    why: str,
    measure: str,
    start_date: date | None,
    target_date: date | None,
    today: date,
) -> list[SmartNote]:
    """Advice on a goal as typed so far, in SMART order; an empty list means nothing to add."""
    notes: list[SmartNote] = []
    title_words = words(title)
    lowered = f" {title.lower().strip()} "

    if not title_words:
        notes.append(SmartNote("S", "title", "Give the goal a title that says what you will do."))
    else:
        vague = sorted(VAGUE_WORDS.intersection(title_words))
        if vague:
            notes.append(
                SmartNote(
                    "S",
                    "title",
                    f"“{'”, “'.join(vague)}” is vague: say exactly what will be different.",
                )
            )
        elif len(title_words) < MIN_TITLE_WORDS:
            notes.append(SmartNote("S", "title", "A few more words would make the goal specific."))
        if any(phrase in lowered for phrase in BROAD_PHRASES) or (
            len(title_words) > LONG_TITLE_WORDS
        ):
            notes.append(
                SmartNote(
                    "S",
                    "title",
                    "This looks too broad for one goal: pick the first part and make it a goal "
                    "of its own.",
                )
            )
        elif " and " in lowered and len(title_words) > MIN_TITLE_WORDS * 2:
            notes.append(
                SmartNote(
                    "S", "title", "Two aims joined by “and”? Consider a separate goal for each."
                )
            )

    measure_words = words(measure)
    if not measure_words:
        notes.append(
            SmartNote("M", "measure", "Add how you will measure success: a number or a result.")
        )
    elif not re.search(r"\d", measure) and not EVIDENCE_WORDS.intersection(measure_words):
        notes.append(
            SmartNote(
                "M",
                "measure",
                "How will you know you are done? Name a number or something finished you can "
                "point to.",
            )
        )

    if not words(why):
        notes.append(
            SmartNote("R", "why", "Say why it matters to you; it keeps the goal relevant.")
        )

    if target_date is None:
        notes.append(SmartNote("T", "target_date", "Set a target date."))
    elif target_date < today:
        notes.append(
            SmartNote("T", "target_date", "The target date is in the past: choose a future date.")
        )
    else:
        if start_date and target_date < start_date:
            notes.append(SmartNote("T", "target_date", "The target date is before the start date."))
        days_left = (target_date - today).days
        if days_left > FAR_AWAY_DAYS:
            notes.append(
                SmartNote(
                    "T",
                    "target_date",
                    "More than three years away: set a nearer goal as the first step.",
                )
            )
        elif days_left < TOO_SOON_DAYS:
            notes.append(
                SmartNote(
                    "A", "target_date", "Less than a week to go: is that enough time to achieve it?"
                )
            )
    return notes
