"""The typed profile: what a region and a state file mean once validated.

Each class declares its fields and their checks; `report.load` feeds it the
YAML and turns every failure into a located message. Text is plain text:
nothing here is ever interpreted as markup.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      TypeAdapter, ValidationError, model_validator)
from pydantic_core import PydanticCustomError

from report import i18n, privacy
from report.i18n import N_
from report.typeface import glyphs

if TYPE_CHECKING:
    from report.geo import StateGeography

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
PLACEHOLDER = "{state}"
MAX_COUNT = 10_000_000  # more than any state's hotline figures: larger is a typo
MAX_NAME = 300  # characters of a name or title that may wrap over lines (a law, a venue)
MAX_LINE = 100  # characters of a name printed large or in a band: agency, title, hotline
MAX_LABEL = 60  # characters of a chart label: 20 of them still fit the chart's type size
MAX_REGION = 30  # characters of the region's name: it fits a contents line and the footer
MAX_PHONE = 40  # characters of a phone number, with any words around it ("Text 233733")
MAX_PROSE = 2_000  # characters of an introduction, note, summary or description
MAX_LIST = 50  # laws, or links of one kind of effort: a handout is a summary, not a register
MAX_HOTLINES = 5  # hotlines of a region (each with a description of up to MAX_PROSE)
MAX_BARS = 20  # categories of one chart: more would not be readable on the page
MAX_DIGITS = 20  # characters of a whole number, leading zeros included (a count has 8 digits)


class Unquoted(str):
    """A value written without quotes: text as typed, whose meaning the field decides."""


def _fail(message: str, **context) -> PydanticCustomError:
    return PydanticCustomError("report", message, context)


def describe(value: object) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        cut = value if len(value) <= 40 else value[:37] + "..."
        looks_numeric = isinstance(value, Unquoted) and re.match(r"[-+.0-9]", cut)
        return cut if looks_numeric and cut.isprintable() else repr(cut)
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def whole_number(text: str) -> int:
    """A whole number as a person reads it: decimal digits ('0227' is 227, never octal),
    '-3' is -3; anything else raises ValueError saying what to write.

    The length is checked before converting, so no number is too long to read.
    """
    if len(text) > MAX_DIGITS:
        raise ValueError(f"expected a whole number, found {len(text):,} characters; a count "
                         f"has at most {len(str(MAX_COUNT))} digits: check for a typo")
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    hint = _how_to_write(text)
    raise ValueError(f"expected a whole number, found {describe(Unquoted(text))}"
                     + (f"; {hint}" if hint else ""))


def _how_to_write(text: str) -> str:
    """What to write instead of a text that is not a plain whole number ('' for words)."""
    if re.fullmatch(r"\+[0-9]+", text):
        return f"write it as {text[1:]}, without the +"
    if re.fullmatch(r"[0-9]+([,_ '\u00a0\u202f][0-9]+)+", text):
        separators = {",": "commas", "_": "underscores", "'": "apostrophes"}
        used = sorted({separators.get(c, "spaces") for c in text if not c.isdigit()})
        return f"write it as {re.sub('[^0-9]', '', text)}, without {' or '.join(used)}"
    if re.fullmatch(r"[-+]?0[xXoObB][0-9a-fA-F_]*", text):
        return "write the count in ordinary decimal digits, without 0x, 0o or 0b"
    if re.fullmatch(r"[-+]?[0-9]+(:[0-9]+)+(\.[0-9]*)?", text):
        return "write the count as one whole number, without ':'"
    if re.fullmatch(r"[-+]?([0-9]*\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?", text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if value.is_finite() and value == value.to_integral_value() and 0 <= value <= MAX_COUNT:
            return f"write it as {int(value)}"
        return "a count has no fraction or exponent: write whole digits only"
    return "write whole digits only, like 227" if re.match(r"[-+.0-9]", text) else ""


def _read_number(value: object) -> object:
    """An unquoted value read as a whole number (else left to the type check)."""
    if isinstance(value, Unquoted):
        try:
            return whole_number(value)
        except ValueError as error:
            raise _fail(str(error)) from None
    return value


def _read_flag(value: object) -> object:
    """An unquoted true or false read as a flag (yes, no, on, off are not flags)."""
    if isinstance(value, Unquoted) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, str):
        raise _fail("expected true or false, found {found}; write true or false",
                    found=describe(value))
    return value


def _check_text(value: str) -> str:
    _refuse_control_characters(value)
    value = " ".join(value.split())  # tabs, line breaks and other spaces: one plain space
    if not value:
        raise _fail("is empty; write the text or remove the field")
    if missing := _unprintable(value):
        raise _fail("contains {found}, which the handout's typeface cannot print; "
                    "replace or remove them", found=", ".join(missing))
    return value


def _refuse_control_characters(value: str) -> None:
    """Refuse control, format (bidi, zero-width) and other invisible characters, named
    as U+001B. Tabs and line breaks are not among them: they are read as spaces."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in value if c not in "\t\n\r\u00ad"
                          and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn"))
    if found:
        raise _fail("contains the control character {found}; delete it", found=", ".join(found))


def _check_file_name(value: str) -> str:
    """A file's name as typed (not printed, so only control characters are refused)."""
    _refuse_control_characters(value)
    if not value.strip():
        raise _fail("is empty; write the file's name or remove the field")
    return value.strip()


def _unprintable(value: str) -> list[str]:
    """The characters of value that cannot be printed, as 'x' (U+0078), in order of appearance."""
    missing = dict.fromkeys(c for c in value if c != " "
                            and not (c.isprintable() and ord(c) in glyphs()))
    return [f"{c!r} (U+{ord(c):04X})" for c in missing]


def _check_count(value: int) -> int:
    if value > MAX_COUNT:
        raise _fail("{found} is more than {most}; check for a typo",
                    found=f"{value:,}", most=f"{MAX_COUNT:,}")
    return value


def _check_labels(value: object) -> object:
    """Refuse labels that are the same once their spaces are tidied."""
    seen: dict[str, object] = {}
    for label in value if isinstance(value, dict) else ():
        if (key := " ".join(str(label).split())) in seen:
            raise _fail("{first} and {second} are the same label; keep one",
                        first=repr(seen[key]), second=repr(label))
        seen[key] = label
    return value


def _only_placeholders(value: str, allowed: tuple[str, ...]) -> str:
    for match in re.finditer(r"\{[^{}]*\}?|\}", value):
        if match.group() not in allowed:
            raise _fail("{found} is not allowed: {allowed} {verb} the only placeholder{plural}; "
                        "remove the braces or write {allowed}", found=repr(match.group()),
                        allowed=" and ".join(allowed), verb="are" if len(allowed) > 1 else "is",
                        plural="s" if len(allowed) > 1 else "")
    return value


def _check_template(value: str) -> str:
    return _only_placeholders(value, (PLACEHOLDER,))


def _check_year_template(value: str) -> str:
    return _only_placeholders(value, (PLACEHOLDER, "{year}"))


def _check_email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[a-z]{2,}", value,
                        re.IGNORECASE):
        raise _fail("{found} is not an email address; write it as name@example.gov",
                    found=repr(value))
    return value


def _check_name(value: str) -> str:
    """A name that is the same for every state: no braces, so no {state}."""
    if "{" in value or "}" in value:
        raise _fail("is the same for every state, so it may not hold {found}; remove the braces",
                    found=repr("{" if "{" in value else "}") if PLACEHOLDER not in value
                    else PLACEHOLDER)
    return value


def _check_url(value: str) -> str:
    _refuse_control_characters(value)
    if not (value.isascii()
            and re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+[^\s]*", value, re.IGNORECASE)):
        raise _fail("{found} is not a web address; write a full http:// or https:// URL",
                    found=repr(value))
    return value


def _check_threshold(value: int) -> int:
    try:
        return privacy.check_threshold(value)
    except ValueError as error:
        raise _fail("{why}", why=str(error)) from None


def _check_language(value: str) -> str:
    known = {code.casefold(): code for code in i18n.languages()}
    if (code := known.get(value.strip().casefold())) is None:
        raise _fail("{found} is not a language the handout can be made in; write one of "
                    "{known}, or add a catalog for it (see the README: Languages)",
                    found=repr(value), known=", ".join(
                        f"{code} ({i18n.language_name(code)})" for code in known.values()))
    return code


def _parse_month(value: object) -> date:
    if isinstance(value, str) and (m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", value.strip())):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return date(year, month, 1)
    raise _fail("expected a month as YYYY-MM (for example 2016-12), found {found}",
                found=describe(value))


def _check_slug(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        raise _fail("{found} is not a state file name; write the file's stem, "
                    "like wisconsin for wisconsin.yaml", found=repr(value))
    return value


def text(most: int) -> type:
    """Text of at most `most` characters, checked and tidied by _check_text."""
    return Annotated[str, Field(max_length=most), AfterValidator(_check_text)]


Text = text(MAX_NAME)
Prose = text(MAX_PROSE)
Label = text(MAX_LABEL)
FileName = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_check_file_name)]
Line = Annotated[text(MAX_LINE), AfterValidator(_check_template)]
YearLine = Annotated[text(MAX_LINE), AfterValidator(_check_year_template)]
Email = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_check_email)]
ProseTemplate = Annotated[Prose, AfterValidator(_check_template)]
Url = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_check_url)]
Month = Annotated[date, BeforeValidator(_parse_month)]
Count = Annotated[int, Field(ge=0), BeforeValidator(_read_number), AfterValidator(_check_count)]
Year = Annotated[int, Field(ge=1900, le=2100), BeforeValidator(_read_number)]
Flag = Annotated[bool, BeforeValidator(_read_flag)]
Slug = Annotated[str, AfterValidator(_check_slug)]
Language = Annotated[str, AfterValidator(_check_language)]
Counts = Annotated[dict[Label, Count], Field(max_length=MAX_BARS),
                   BeforeValidator(_check_labels)]
Names = Annotated[list[Text], Field(min_length=1, max_length=4)]


class Model(BaseModel):
    """Strict, closed records: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Hotline(Model):
    name: Line
    phone: text(MAX_PHONE)
    description: ProseTemplate | None = None


class Contact(Model):
    """Who to ask for more information: printed at the end of the handout."""

    organization: Line | None = None
    name: Line | None = None
    email: Email | None = None
    phone: text(MAX_PHONE) | None = None
    url: Url | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "Contact":
        if not any(getattr(self, field) for field in Contact.model_fields):
            raise _fail("is empty; give at least one of organization, name, email, phone, url")
        return self


class Headings(Model):
    """The handout's section headings, which a region may rename ({state} allowed)."""

    demographics: Line = N_("Demographics of Potential Persons Trafficked")
    sex_trafficking_venues: Line = N_("Sex Trafficking Venues")
    sex_trafficking_venue: Line = N_("Sex Trafficking Venue")  # when one is listed
    labor_trafficking_venues: Line = N_("Labor Trafficking Venues")
    labor_trafficking_venue: Line = N_("Labor Trafficking Venue")
    call_types: YearLine | None = None  # else "Types of Calls to the <data source> in <year>"
    laws: Line = N_("{state} Human Trafficking Laws")
    laws_subtitle: Line = N_("Sex Trafficking, Labor Trafficking, Safe Harbor, Vacating "
                             "Convictions, etc.")
    efforts: Line = N_("{state} Statewide Efforts")
    collaborations: Line = N_("Collaborations")
    collaborations_note: Line = N_("Coalitions, Task Forces, Working Groups")
    resources: Line = N_("Resources")
    resources_note: Line = N_("State Research, Publications, Trainings")
    funding: Line = N_("Funding Opportunities")
    hotlines: Line = N_("Human Trafficking Hotlines")
    contact: Line = N_("For More Information")

    def translated(self) -> "Headings":
        """The headings the region does not rename, in the current language."""
        return self.model_copy(update={
            name: i18n._(getattr(self, name)) for name in type(self).model_fields
            if name not in self.model_fields_set and getattr(self, name)})


class Region(Model):
    agency: Line
    region: Annotated[text(MAX_REGION), AfterValidator(_check_name)]
    title: Line
    data_source: Line
    states: Annotated[list[Slug], Field(min_length=1)]
    intro: ProseTemplate
    statistics_note: ProseTemplate | None = None
    disclaimer: ProseTemplate | None = None
    hotlines: Annotated[list[Hotline], Field(max_length=MAX_HOTLINES)] = []
    contact: Contact | None = None
    headings: Headings = Headings()
    suppress_below: Annotated[int, Field(ge=1, le=100), BeforeValidator(_read_number),
                              AfterValidator(_check_threshold)] = privacy.DEFAULT_THRESHOLD
    language: Language = i18n.DEFAULT

    def for_state(self, state: str) -> "Region":
        """The region with {state} replaced in every text (plain replacement, never
        str.format), the headings it does not rename in its language."""
        with i18n.use(self.language):
            headings = self.headings.translated()
        return fill_state(self.model_copy(update={"headings": headings}), state)


def fill_state(value, state: str):
    """value (a text, list or record) with {state} replaced by the state's name."""
    if isinstance(value, str):
        return value.replace(PLACEHOLDER, state)
    if isinstance(value, list):
        return [fill_state(item, state) for item in value]
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: fill_state(getattr(value, name), state)
                                        for name in type(value).model_fields})
    return value


class Period(Model):
    start: Month
    end: Month


class Totals(Model):
    cases: Count
    potential_victims: Count


class Demographics(Model):
    citizenship: Counts | None = None
    gender: Counts | None = None
    age: Counts | None = None


class HeatMap(Model):
    year: Year
    locations: FileName
    summary: Prose | None = None
    illustrative: Flag = False
    alt: Prose | None = None  # what a screen reader says of the map (else written from the data)


class Venues(Model):
    sex_trafficking: Names | None = None
    labor_trafficking: Names | None = None


class CallTypes(Model):
    year: Year
    illustrative: Flag = False
    counts: Annotated[Counts, Field(min_length=1)]
    alt: Prose | None = None  # what a screen reader says of the chart (else from the counts)


class Law(Model):
    title: Text
    citation: Text
    url: Url | None = None


class Link(Model):
    name: Text
    url: Url | None = None


Links = Annotated[list[Link], Field(max_length=MAX_LIST)]


class ReferralDirectory(Model):
    agencies: Count
    url: Url | None = None


class Efforts(Model):
    referral_directory: ReferralDirectory | None = None
    collaborations: Links = []
    resources: Links = []
    funding: Links = []


class State(Model):
    state: Text
    illustrative: Flag = False
    period: Period
    statistics_url: Url | None = None
    totals: Totals
    demographics: Demographics | None = None
    heat_map: HeatMap | None = None
    venues: Venues | None = None
    call_types: CallTypes | None = None
    laws: Annotated[list[Law], Field(max_length=MAX_LIST)] = []
    efforts: Efforts | None = None
    hotlines: Annotated[list[Hotline], Field(max_length=MAX_HOTLINES)] = []  # after the region's
    contact: Contact | None = None  # instead of the region's

    @model_validator(mode="wrap")
    @classmethod
    def _consistent(cls, data: object, handler) -> "State":
        """Figures checked against each other wherever both are valid, reported with the
        file's other mistakes, not after they are corrected."""
        contradictions = _contradictions(data)
        try:
            state = handler(data)
        except ValidationError as error:
            if not contradictions:
                raise
            raise ValidationError.from_exception_data(
                "State", [*_raisable(error), *contradictions]) from None
        if contradictions:
            raise ValidationError.from_exception_data("State", contradictions)
        return state


def _contradictions(data: object) -> list[dict]:
    """Errors where a state's figures contradict each other: the period's start after its
    end, a demographic group adding up to more than the potential victims."""
    found = []
    start, end = (valid_part(Month, data, "period", part) for part in ("start", "end"))
    if start and end and start > end:
        found.append(_error_at(("period", "start"), start, _fail(
            "{start} is after the end, {end}; swap them or correct one",
            start=month_name(start), end=month_name(end))))
    victims = valid_part(Count, data, "totals", "potential_victims")
    for group in Demographics.model_fields if victims is not None else ():
        counts = valid_part(Counts, data, "demographics", group) or {}
        if sum(counts.values()) > victims:
            found.append(_error_at(("demographics", group), counts, _fail(
                "adds up to {found}, more than totals.potential_victims ({total}); correct "
                "the counts or the total", found=f"{sum(counts.values()):,}",
                total=f"{victims:,}")))
    return found


def _error_at(where: tuple[str, ...], found: object, error: PydanticCustomError) -> dict:
    return {"type": error, "loc": where, "input": found}


def _raisable(error: ValidationError) -> list[dict]:
    """A ValidationError's errors in the form they are raised in, to raise with others
    (this module's own errors keep their words as they are, braces included)."""
    return [{"type": PydanticCustomError("report", item["msg"]) if item["type"] == "report"
             else item["type"], "loc": item["loc"], "input": item["input"],
             **({"ctx": item["ctx"]} if "ctx" in item else {})}
            for item in error.errors(include_url=False)]


def raw_part(data: object, *keys: str) -> object:
    """A value deep in raw YAML data, or None where it is not there."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def valid_part(kind: object, data: object, *keys: str) -> object:
    """The value at `keys` in raw data as `kind` (a model or a type), or None if it is
    missing or wrong (the schema reports its problem)."""
    try:
        return _adapter(kind).validate_python(raw_part(data, *keys))
    except ValidationError:
        return None


@cache
def _adapter(kind: object) -> TypeAdapter:
    return TypeAdapter(kind)


def month_name(month: date) -> str:
    """2016-12 -> 'December 2016'."""
    return f"{MONTHS[month.month - 1]} {month.year}"


@dataclass(frozen=True)
class Cases:
    """Located cases for the heat map, projected to the state's map (metres)."""

    x: np.ndarray
    y: np.ndarray
    weights: np.ndarray

    @property
    def total(self) -> int:
        return int(self.weights.sum())


@dataclass(frozen=True)
class Profile:
    """Everything one handout needs: the region, the state and its geography."""

    source: Path
    region: Region
    state: State
    geography: "StateGeography"
    cases: Cases | None

    @property
    def name(self) -> str:
        """The state's full name, as the boundary files spell it."""
        return self.geography.name

    @cached_property
    def county_cases(self) -> list[int]:
        """Located cases per county, in the order of the geography's counties (none
        without located cases): counted once, for the map's areas and its alt text."""
        if self.cases is None:
            return []
        return self.geography.county_cases(self.cases.x, self.cases.y, self.cases.weights)

    @cached_property
    def map_areas(self) -> list["privacy.Area"]:
        """The areas its heat map may shade (none without located cases): worked out
        once, for the map, its caption and its alt text."""
        return privacy.heat_map_areas(self)

    @cached_property
    def texts(self) -> Region:
        """The region as this state's handout says it: {state} filled in."""
        return self.region.for_state(self.name)

    @property
    def hotlines(self) -> list[Hotline]:
        """The region's hotlines, then the state's own."""
        return [*self.texts.hotlines, *fill_state(self.state.hotlines, self.name)]

    @property
    def contact(self) -> "Contact | None":
        """The state's contact, else the region's."""
        return fill_state(self.state.contact, self.name) or self.texts.contact
