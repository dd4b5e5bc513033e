"""The occupations mentors held, picked from the occupation catalogue by code.

Search is the catalogue's own (assessments.occupations), the same a member uses to find
their target role; mentoring only keeps codes and reads titles back.
"""

from collections.abc import Iterable
from functools import cache

from assessments.occupations import Occupation, SearchHit, catalogue

HELD_MAX = 8  # occupations a mentor lists
MATCHES_SHOWN = 8


@cache
def titles() -> dict[str, str]:
    """Every occupation's title by code (the catalogue is read once per process)."""
    return {occupation.code: occupation.title for occupation in catalogue()}


def known(codes: Iterable[str]) -> list[Occupation]:
    """The occupations of these codes that the catalogue lists, in the order given."""
    found = (catalogue().get(code) for code in codes)
    return [occupation for occupation in found if occupation is not None]


def matches(text: str, *, leave_out: Iterable[str] = ()) -> list[SearchHit]:
    """Catalogue search for the picker, without the occupations already chosen."""
    chosen = set(leave_out)
    hits = catalogue().search(text, limit=MATCHES_SHOWN + len(chosen))
    return [hit for hit in hits if hit.occupation.code not in chosen][:MATCHES_SHOWN]
