"""The fields and industries mentors choose from, and how a member's direction points to them.

A member's fields are pre-filled from their target occupation (else their current one) by
its O*NET-SOC code. Only a member without an occupation falls back to the words of their
free-text target role and goal titles. Neither way reads a job level: "head", "chief",
"lead" or "manager" name a rank in any field, so "Head chef" points to no field that
"Head of data" does, and "Chief HR officer" none that "Chief financial officer" does.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Field:
    slug: str
    name: str
    keywords: frozenset[str]  # words of a free-text role or goal that point to this field
    occupations: tuple[str, ...]  # O*NET-SOC code prefixes of the occupations in this field


def _field(slug: str, name: str, keywords: str, occupations: str) -> Field:
    return Field(slug, name, frozenset(keywords.split()), tuple(occupations.split()))


# Prefixes follow the SOC 2018 groups (major "15-", minor "15-1", broad "11-302", detailed
# "11-3021"); an occupation can sit in more than one field.
FIELDS = (
    _field(
        "technology",
        "Software and technology",
        "software developer engineer engineering programmer devops cloud it network architect "
        "technology tech",
        "15-1 11-3021 17-2061 49-2011",
    ),
    _field(
        "data",
        "Data and analytics",
        "data analyst analytics science scientist statistics bi insight insights machine "
        "learning ai",
        "15-2 15-1242 15-1243 19-3022",
    ),
    _field("product", "Product management", "product owner roadmap", ""),
    _field(
        "design",
        "Design and user experience",
        "design designer ux ui graphic creative",
        "27-1 15-1255 17-101",
    ),
    _field(
        "finance",
        "Finance and banking",
        "finance financial bank banking accountant accounting audit fintech investment",
        "13-2 11-3031 43-3 41-3031 15-2011",
    ),
    _field(
        "health",
        "Health and care",
        "health healthcare nurse nursing clinical care medical hospital pharmacy",
        "29- 31- 11-9111 19-104 21-1022 21-1091 21-1094 15-1211.01 15-2051.02 43-6013",
    ),
    _field(
        "education",
        "Education and training",
        "teacher teaching education school training trainer lecturer tutor learning",
        "25- 11-903 11-3131 13-1151 21-1012",
    ),
    _field(
        "sales",
        "Sales and marketing",
        "sales marketing account business development brand growth seo",
        "41- 11-2011 11-2021 11-2022 13-1161",
    ),
    _field(
        "people",
        "People and HR",
        "hr human resources recruiter recruiting talent people partner",
        "11-3111 11-3121 13-1071 13-1075 13-1141 43-4161 19-3032",
    ),
    _field(
        "operations",
        "Operations and supply chain",
        "operations logistics supply chain procurement warehouse",
        "11-1021 11-3012 11-3013 11-3061 11-3071 13-1022 13-1023 13-1081 13-1082 43-1011 43-5 53-1",
    ),
    _field(
        "support",
        "Customer support and success",
        "support customer success service helpdesk",
        "43-4051 43-4171 15-1231 15-1232",
    ),
    _field(
        "public",
        "Public sector and non-profit",
        "government public policy civil charity nonprofit non-profit ngo",
        "33- 21- 11-1031 11-2033 11-9151 11-9161 13-1131 19-3051",
    ),
    _field("consulting", "Consulting", "consultant consulting advisory", "13-1111"),
    _field(
        "engineering",
        "Engineering and manufacturing",
        "mechanical electrical civil manufacturing production plant",
        "17- 51- 11-3051 11-9041",
    ),
    _field(
        "media",
        "Media and communications",
        "writer writing journalist editor content communications pr media",
        "27-2 27-3 27-4 11-2032",
    ),
    # Leadership as a field, not a rank: only the top executives' group points to it.
    _field("leadership", "Management and leadership", "leadership", "11-1"),
)
FIELD_NAMES = {known.slug: known.name for known in FIELDS}


def fields_of_occupation(code: str) -> frozenset[str]:
    """The fields an occupation belongs to, by its code."""
    return frozenset(
        known.slug
        for known in FIELDS
        if any(code.startswith(prefix) for prefix in known.occupations)
    )


def infer_fields(texts: Iterable[str]) -> frozenset[str]:
    """The fields free-text roles and goal titles point to, word by word."""
    found = frozenset().union(*(_WORD.findall(text.lower()) for text in texts))
    return frozenset(known.slug for known in FIELDS if known.keywords & found)
