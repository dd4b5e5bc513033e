"""Instrument definitions read from the YAML files in assessments/data/.

Each file is one version of one instrument. Parsing is pure: it checks the file and turns
it into plain values, working out each question's position and page, so the database
loader only copies them.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS = ("skills", "leadership", "interests", "values", "personality")
READING_BANDS = ("low", "middle", "high")


class DefinitionError(ValueError):
    """An instrument file that cannot be loaded as it stands."""


@dataclass(frozen=True)
class AreaDefinition:
    slug: str
    name: str
    description: str
    position: int
    group: str = ""
    anchors: tuple[str, ...] = ()
    readings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ItemDefinition:
    slug: str
    area: str
    text: str
    position: int
    page: int
    facet: str = ""
    reverse_keyed: bool = False


@dataclass(frozen=True)
class InstrumentDefinition:
    slug: str
    version: int
    position: int
    name: str
    model: str
    summary: str
    about: str
    stem: str
    scale: tuple[tuple[int, str], ...]
    areas: tuple[AreaDefinition, ...]
    items: tuple[ItemDefinition, ...]
    digest: str


def _require(raw: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind) or (isinstance(value, str | list | dict) and not value):
        raise DefinitionError(f"{where}: '{key}' is missing or is not a {kind.__name__}.")
    return value


def _scale(raw: list, where: str) -> tuple[tuple[int, str], ...]:
    try:
        scale = tuple((int(value), str(label)) for value, label in raw)
    except (TypeError, ValueError):
        raise DefinitionError(f"{where}: each scale point must be [number, label].") from None
    values = [value for value, _ in scale]
    if len(scale) < 2 or values != list(range(values[0], values[0] + len(values))):
        raise DefinitionError(f"{where}: the scale must be two or more consecutive numbers.")
    return scale


def _area(raw: dict, position: int, scale_size: int, where: str) -> tuple[AreaDefinition, list]:
    slug = _require(raw, "slug", str, where)
    where = f"{where}, area {slug}"
    anchors = tuple(raw.get("anchors") or ())
    if anchors and len(anchors) != scale_size:
        raise DefinitionError(f"{where}: give one anchor per scale point ({scale_size}).")
    readings = raw.get("readings") or {}
    if readings and set(readings) != set(READING_BANDS):
        raise DefinitionError(f"{where}: readings need exactly {', '.join(READING_BANDS)}.")
    area = AreaDefinition(
        slug=slug,
        name=_require(raw, "name", str, where),
        description=_require(raw, "description", str, where),
        position=position,
        group=raw.get("group", ""),
        anchors=anchors,
        readings=tuple((band, readings[band]) for band in READING_BANDS if band in readings),
    )
    statements = []
    for index, item in enumerate(raw.get("items") or (), start=1):
        entry = {"text": item} if isinstance(item, str) else dict(item)
        text = _require(entry, "text", str, f"{where}, item {index}")
        statements.append((f"{slug}-{index}", text, "", bool(entry.get("reverse", False))))
    return area, statements


def _ordered(per_area: list[list], order: str) -> list:
    if order == "grouped":
        return [statement for statements in per_area for statement in statements]
    # Interleaving mixes the areas so that answers to one area do not colour the next.
    rounds = zip_longest(*per_area)
    return [statement for batch in rounds for statement in batch if statement is not None]


def parse_definition(raw: dict[str, Any], source: str = "definition") -> InstrumentDefinition:
    """Checks one instrument version and lays out its questions in order and by page."""
    slug = _require(raw, "instrument", str, source)
    if slug not in KINDS:
        raise DefinitionError(f"{source}: unknown instrument '{slug}'.")
    scale = _scale(_require(raw, "scale", list, source), source)
    ratings = raw.get("ratings") or {}
    areas, per_area = [], []
    for position, area_raw in enumerate(_require(raw, "areas", list, source), start=1):
        area, statements = _area(area_raw, position, len(scale), source)
        if ratings:
            statements = [
                (f"{area.slug}-{facet}", f"{area.name}: {prompt}", facet, False)
                for facet, prompt in ratings.items()
            ]
        if not statements:
            raise DefinitionError(f"{source}, area {area.slug}: it has no questions.")
        areas.append(area)
        per_area.append([(area.slug, *statement) for statement in statements])
    if len({area.slug for area in areas}) != len(areas):
        raise DefinitionError(f"{source}: two areas share a slug.")

    ordered = _ordered(per_area, raw.get("order", "grouped"))
    paging = raw.get("paging", "size")
    groups = list(dict.fromkeys(area.group for area in areas))
    group_of = {area.slug: area.group for area in areas}
    page_size = int(raw.get("page_size", 10))
    if paging not in ("group", "size") or page_size < 1:
        raise DefinitionError(f"{source}: paging is 'group' or 'size' with a page_size above 0.")
    items = tuple(
        ItemDefinition(
            slug=item_slug,
            area=area_slug,
            text=text,
            position=position,
            page=groups.index(group_of[area_slug]) + 1
            if paging == "group"
            else (position - 1) // page_size + 1,
            facet=facet,
            reverse_keyed=reverse,
        )
        for position, (area_slug, item_slug, text, facet, reverse) in enumerate(ordered, start=1)
    )
    return InstrumentDefinition(
        slug=slug,
        version=_require(raw, "version", int, source),
        position=int(raw.get("position", KINDS.index(slug) + 1)),
        name=_require(raw, "name", str, source),
        model=_require(raw, "model", str, source),
        summary=_require(raw, "summary", str, source),
        about=_require(raw, "about", str, source),
        stem=raw.get("stem", ""),
        scale=scale,
        areas=tuple(areas),
        items=items,
        digest=hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest(),
    )


def load_definitions(directory: Path = DATA_DIR) -> list[InstrumentDefinition]:
    """Every instrument version on disk, in instrument then version order."""
    definitions = []
    for path in sorted(directory.glob("*.v[0-9]*.yaml")):
        with path.open(encoding="utf-8") as file:
            raw = yaml.safe_load(file)
        if not isinstance(raw, dict):
            raise DefinitionError(f"{path.name}: expected a mapping at the top level.")
        definitions.append(parse_definition(raw, path.name))
    seen = [(d.slug, d.version) for d in definitions]
    if len(set(seen)) != len(seen):
        raise DefinitionError("Two files define the same instrument version.")
    return sorted(definitions, key=lambda d: (d.position, d.version))


@dataclass(frozen=True)
class Source:
    name: str
    licence: str
    use: str


@dataclass(frozen=True)
class InstrumentSources:
    """Where an instrument's questions come from, whatever its version."""

    origin: str
    notes: str
    sources: tuple[Source, ...]
    adapted: tuple[str, ...] = ()


@cache
def instrument_sources(path: Path = DATA_DIR / "sources.yaml") -> dict[str, InstrumentSources]:
    """The sources of every instrument, read once; every instrument must have an entry."""
    with path.open(encoding="utf-8") as file:
        raw = yaml.safe_load(file)
    if not isinstance(raw, dict) or set(raw) != set(KINDS):
        raise DefinitionError(f"{path.name}: give the sources of exactly {', '.join(KINDS)}.")
    return {
        slug: InstrumentSources(
            origin=" ".join(_require(entry, "origin", str, f"{path.name}, {slug}").split()),
            notes=" ".join(_require(entry, "notes", str, f"{path.name}, {slug}").split()),
            sources=tuple(
                Source(str(s["name"]), str(s["licence"]), str(s["use"]))
                for s in _require(entry, "sources", list, f"{path.name}, {slug}")
            ),
            adapted=tuple(entry.get("adapted") or ()),
        )
        for slug, entry in raw.items()
    }
