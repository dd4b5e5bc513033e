"""The occupation catalogue, read from the YAML files in assessments/data/occupations/.

The catalogue is knowledge, not member data: it changes only with a release, so it is
parsed and checked once per process and held in memory. Pages read it without a query,
and a member's choices refer to an occupation by its O*NET-SOC code.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.urls import reverse

from assessments.definitions import DATA_DIR, AreaDefinition, DefinitionError, load_definitions

OCCUPATIONS_DIR = DATA_DIR / "occupations"
INTEREST_LETTERS = "RIASEC"
INTEREST_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
# What each interest area means in a few of our own words, for pages that name a code.
INTEREST_WORK = {
    "R": "hands-on work with tools, machines, materials or living things",
    "I": "research, analysis and solving problems with ideas and data",
    "A": "creating, designing, writing or performing",
    "S": "teaching, helping, caring for or advising people",
    "E": "leading, persuading, selling and taking business risks",
    "C": "organising information, records, numbers and procedures",
}
_CODE = re.compile(r"^\d\d-\d{4}\.\d\d$")
_INTERESTS = re.compile(r"^[RIASEC]{1,3}$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Searches longer than this are refused by the form; the catalogue reads no further.
MAX_QUERY = 100


@dataclass(frozen=True)
class JobZone:
    number: int
    name: str
    preparation: str


# O*NET's five job zones; the names follow O*NET, the preparation notes are our own words.
JOB_ZONES = {
    zone.number: zone
    for zone in (
        JobZone(
            1,
            "Little or no preparation",
            "Most people start with a few days to a few months of training on the job. "
            "A school-leaving certificate helps but is not always asked for.",
        ),
        JobZone(
            2,
            "Some preparation",
            "Usually a school-leaving certificate and some months to a year of work "
            "experience or training alongside someone experienced.",
        ),
        JobZone(
            3,
            "Medium preparation",
            "Usually vocational training, an apprenticeship, an associate degree or a "
            "recognised certificate, plus one to two years of related experience.",
        ),
        JobZone(
            4,
            "Considerable preparation",
            "Most people hold a bachelor's degree and two to four years of related "
            "experience before they work independently.",
        ),
        JobZone(
            5,
            "Extensive preparation",
            "Usually a graduate degree, a professional licence or many years of "
            "experience, often five or more.",
        ),
    )
}


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    also_called: tuple[str, ...]
    description: str
    interests: str
    job_zone: int
    values: tuple[str, ...]
    skills: tuple[tuple[str, int], ...]  # (skill slug, typical level 1-5), most important first
    major_group: str
    major_group_name: str

    @property
    def minor_group(self) -> str:
        """The SOC minor group: 15-1 for every computer occupation (SOC writes it 15-1200),
        11-3 for the operations specialties managers (11-3000)."""
        return self.code[:4]

    @property
    def zone(self) -> JobZone:
        return JOB_ZONES[self.job_zone]

    @property
    def skill_levels(self) -> dict[str, int]:
        return dict(self.skills)

    @property
    def interest_names(self) -> list[str]:
        return [INTEREST_NAMES[letter] for letter in self.interests]

    @property
    def interests_in_words(self) -> str:
        """ "Conventional, Realistic and Investigative" for CRI."""
        names = self.interest_names
        return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]

    @property
    def interest_areas(self) -> list[tuple[str, str, str]]:
        """(letter, name, what it means) for each letter of the code, in order."""
        return [
            (letter, INTEREST_NAMES[letter], INTEREST_WORK[letter]) for letter in self.interests
        ]

    @property
    def value_areas(self) -> list[AreaDefinition]:
        """The work values it rewards, as the values instrument names and describes them."""
        areas = instrument_areas("values")
        return [areas[slug] for slug in self.values]

    def get_absolute_url(self) -> str:
        return reverse("assessments:occupation", args=[self.code])


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: what search compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9+#]+", plain.lower()))


@dataclass(frozen=True)
class SearchHit:
    occupation: Occupation
    matched: str  # the title or alternate title that matched, as written
    partial: bool = False  # it holds only some of the words typed

    @property
    def matched_other_title(self) -> bool:
        return self.matched != self.occupation.title


@dataclass(frozen=True)
class _Name:
    """One searchable name, prepared once: its plain form, and the text from each word on
    with the spaces taken out, so "helpdesk" finds "help desk" and "desk" finds "helpdesk"
    only where a word starts."""

    occupation: Occupation
    name: str
    plain: str
    compact: str
    from_each_word: tuple[str, ...]

    @classmethod
    def of(cls, occupation: Occupation, name: str) -> "_Name":
        plain = normalise(name)
        words = plain.split()
        tails = tuple("".join(words[start:]) for start in range(len(words)))
        return cls(occupation, name, plain, "".join(words), tails)

    def holds(self, word: str) -> bool:
        return word in self.compact and any(tail.startswith(word) for tail in self.from_each_word)

    def at_word_starts(self, word: str) -> bool:
        return self.plain.startswith(word) or f" {word}" in self.plain

    def whole_words(self, words: Iterable[str]) -> int:
        """How many of the words are whole words of the name, a plural counting as one:
        "product manager" is nearer "Product marketing manager" than "Production Managers"."""
        own = set(self.plain.split())
        return sum(word in own or f"{word}s" in own for word in words)


class Catalogue:
    """Every occupation, in code order, with look-ups by code and a title search."""

    def __init__(self, occupations: Iterable[Occupation]) -> None:
        self.occupations = tuple(sorted(occupations, key=lambda o: o.code))
        self._by_code = {occupation.code: occupation for occupation in self.occupations}
        self._names = [
            _Name.of(occupation, name)
            for occupation in self.occupations
            for name in (occupation.title, *occupation.also_called)
        ]
        self._by_name: dict[str, set[str]] = {}
        for entry in self._names:
            self._by_name.setdefault(entry.plain, set()).add(entry.occupation.code)

    def __len__(self) -> int:
        return len(self.occupations)

    def __iter__(self) -> Iterator[Occupation]:
        return iter(self.occupations)

    def get(self, code: str) -> Occupation | None:
        return self._by_code.get(code)

    def named(self, text: str) -> Occupation | None:
        """The one occupation whose title or an alternate title is exactly this text."""
        codes = self._by_name.get(normalise(text), set())
        return self._by_code[next(iter(codes))] if len(codes) == 1 else None

    def major_groups(self) -> list[tuple[str, str]]:
        return sorted({(o.major_group, o.major_group_name) for o in self.occupations})

    def filtered(self, *, zone: int | None = None, interest: str = "") -> list[Occupation]:
        """Occupations in a job zone and with an interest area first in their code."""
        return [
            occupation
            for occupation in self.occupations
            if (zone is None or occupation.job_zone == zone)
            and (not interest or occupation.interests.startswith(interest))
        ]

    def search(
        self, text: str, *, zone: int | None = None, interest: str = "", limit: int | None = None
    ) -> list[SearchHit]:
        """Occupations with a title or alternate title holding every word typed.

        Each word must begin where a word of the name begins ("sales" finds "Sales
        Managers", "art" does not find "Department"). The name typed exactly ranks first,
        then names where every word starts a word, names with more of the words whole,
        titles before alternate titles, names that start with what was typed, and shorter
        names. When no name holds every word,
        the names holding the most of them come back, marked as partial.
        """
        query = normalise(text[:MAX_QUERY])
        if not query:
            return []
        words = query.split()
        joined = "".join(words)  # "help desk" also finds "Helpdesk analyst"
        best: dict[str, tuple[tuple, SearchHit]] = {}
        for entry in self._names:
            occupation = entry.occupation
            if zone is not None and occupation.job_zone != zone:
                continue
            if interest and not occupation.interests.startswith(interest):
                continue
            held = len(words) if entry.holds(joined) else sum(map(entry.holds, words))
            if not held:
                continue
            rank = (
                len(words) - held,
                entry.plain != query,
                not all(entry.at_word_starts(word) for word in words),
                -entry.whole_words(words),
                entry.name != occupation.title,
                not entry.plain.startswith(query),
                len(entry.plain),
            )
            known = best.get(occupation.code)
            if known is None or rank < known[0]:
                best[occupation.code] = (rank, SearchHit(occupation, entry.name, held < len(words)))
        fewest_missing = min((rank[0] for rank, _ in best.values()), default=0)
        ordered = sorted(
            (entry for entry in best.values() if entry[0][0] == fewest_missing),
            key=lambda entry: (entry[0], entry[1].occupation.title),
        )
        return [hit for _, hit in ordered[:limit]]


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(f"{where}: '{key}' is missing or empty.")
    return value.strip()


def parse_occupation(
    raw: dict[str, Any],
    *,
    major_group: str,
    group_name: str,
    skill_slugs: frozenset[str],
    value_slugs: frozenset[str],
    where: str,
) -> Occupation:
    code = str(raw.get("code", ""))
    where = f"{where}, {code or 'an occupation without a code'}"
    if not _CODE.match(code) or code[:2] != major_group:
        raise DefinitionError(f"{where}: the code must look like {major_group}-1234.00.")
    also_called = raw.get("also_called") or []
    if len(also_called) < 3 or not all(isinstance(t, str) and t.strip() for t in also_called):
        raise DefinitionError(f"{where}: give at least three alternate titles.")
    interests = str(raw.get("interests", ""))
    if not _INTERESTS.match(interests) or len(set(interests)) != len(interests):
        raise DefinitionError(f"{where}: interests are one to three RIASEC letters.")
    job_zone = raw.get("job_zone")
    if job_zone not in JOB_ZONES:
        raise DefinitionError(f"{where}: job_zone must be 1 to 5.")
    values = tuple(raw.get("values") or ())
    if not 1 <= len(values) <= 3 or set(values) - value_slugs or len(set(values)) != len(values):
        raise DefinitionError(f"{where}: values are one to three of {sorted(value_slugs)}.")
    skills_raw = raw.get("skills") or {}
    if not isinstance(skills_raw, dict) or len(skills_raw) < 5:
        raise DefinitionError(f"{where}: give at least five key skills.")
    unknown = set(skills_raw) - skill_slugs
    if unknown:
        raise DefinitionError(f"{where}: unknown skills {sorted(unknown)}.")
    if not all(isinstance(level, int) and 1 <= level <= 5 for level in skills_raw.values()):
        raise DefinitionError(f"{where}: skill levels are whole numbers from 1 to 5.")
    return Occupation(
        code=code,
        title=_text(raw, "title", where),
        also_called=tuple(title.strip() for title in also_called),
        description=" ".join(_text(raw, "description", where).split()),
        interests=interests,
        job_zone=job_zone,
        values=values,
        skills=tuple(skills_raw.items()),
        major_group=major_group,
        major_group_name=group_name,
    )


@cache
def instrument_areas(kind: str) -> dict[str, AreaDefinition]:
    """The areas of the newest version of an instrument (skills or values), by slug, read
    from its definition file so pages can name skills and values without a query."""
    newest = [d for d in load_definitions() if d.slug == kind][-1]
    return {area.slug: area for area in newest.areas}


@cache
def instrument_scale(kind: str) -> dict[int, str]:
    """The newest version's scale as {value: label}, e.g. {1: "Beginner", ...} for skills."""
    newest = [d for d in load_definitions() if d.slug == kind][-1]
    return dict(newest.scale)


def instrument_slugs(kind: str) -> frozenset[str]:
    return frozenset(instrument_areas(kind))


def load_catalogue(paths: Sequence[Path] | None = None) -> Catalogue:
    """Reads and checks every occupation file; a bad file stops with a message naming it."""
    skill_slugs, value_slugs = instrument_slugs("skills"), instrument_slugs("values")
    occupations: list[Occupation] = []
    for path in paths if paths is not None else sorted(OCCUPATIONS_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as file:
            raw = yaml.load(file, Loader=_LOADER)  # noqa: S506 (a safe loader)
        if not isinstance(raw, dict) or not isinstance(raw.get("occupations"), list):
            raise DefinitionError(f"{path.name}: expected major_group, name and occupations.")
        major_group = str(raw.get("major_group", ""))
        group_name = _text(raw, "name", path.name)
        occupations += [
            parse_occupation(
                entry,
                major_group=major_group,
                group_name=group_name,
                skill_slugs=skill_slugs,
                value_slugs=value_slugs,
                where=path.name,
            )
            for entry in raw["occupations"]
        ]
    counts = Counter(occupation.code for occupation in occupations)
    duplicates = sorted(code for code, count in counts.items() if count > 1)
    if duplicates:
        raise DefinitionError(f"Occupation codes defined twice: {', '.join(duplicates)}.")
    return Catalogue(occupations)


@cache
def catalogue() -> Catalogue:
    """The catalogue on disk, read once per process."""
    return load_catalogue()
