"""The typed profile: what a region and a state file mean once validated.

Each class declares its fields and their checks; `report.load` feeds it the
YAML and turns every failure into a located message. Text is plain text:
nothing here is ever interpreted as markup.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import numpy as np

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      model_validator)
from pydantic_core import PydanticCustomError
from reportlab.pdfbase.ttfonts import TTFontFile

from report import i18n, privacy, theme
from report.i18n import N_

if TYPE_CHECKING:
    from report.geo import StateGeography

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
PLACEHOLDER = "{state}"
MAX_COUNT = 10_000_000  # more than any state's hotline figures: larger is a typo
MAX_NAME = 300  # characters of a name, label or title
MAX_PROSE = 2_000  # characters of an introduction, note, summary or description
MAX_BARS = 20  # categories of one chart: more would not be readable on the page


def _fail(message: str, **context) -> PydanticCustomError:
    return PydanticCustomError("report", message, context)


def _check_text(value: str) -> str:
    if not value.strip():
        raise _fail("is empty; write the text or remove the field")
    if missing := _unprintable(value):
        raise _fail("contains {found}, which the handout's typeface cannot print; "
                    "replace or remove them", found=", ".join(missing))
    return value.strip()


@cache
def _glyphs() -> frozenset[int]:
    """The code points every face of the handout's typeface has a glyph for."""
    faces = [TTFontFile(str(theme.FONT_DIR / file)) for file in theme.FONT_FILES.values()]
    return frozenset.intersection(*(frozenset(c for c, glyph in face.charToGlyph.items() if glyph)
                                    for face in faces))


def _unprintable(value: str) -> list[str]:
    """The characters of value that cannot be printed, as 'x' (U+0078), in order of appearance."""
    missing = dict.fromkeys(c for c in value if not c.isspace()
                            and not (c.isprintable() and ord(c) in _glyphs()))
    return [f"{c!r} (U+{ord(c):04X})" for c in missing]


def _check_count(value: int) -> int:
    if value > MAX_COUNT:
        raise _fail("{found} is more than {most}; check for a typo",
                    found=f"{value:,}", most=f"{MAX_COUNT:,}")
    return value


def _check_labels(value: object) -> object:
    """Refuse labels that are the same once leading and trailing spaces go."""
    seen: dict[str, object] = {}
    for label in value if isinstance(value, dict) else ():
        if (key := str(label).strip()) in seen:
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


def _check_url(value: str) -> str:
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
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{4})-(\d{2})", value.strip())):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return date(year, month, 1)
    found = value.isoformat() if isinstance(value, date) else repr(value)
    raise _fail("expected a month as YYYY-MM (for example 2016-12), found {found}", found=found)


def _check_slug(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        raise _fail("{found} is not a state file name; write the file's stem, "
                    "like wisconsin for wisconsin.yaml", found=repr(value))
    return value


Text = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_check_text)]
Prose = Annotated[str, Field(max_length=MAX_PROSE), AfterValidator(_check_text)]
Template = Annotated[Text, AfterValidator(_check_template)]
YearTemplate = Annotated[Text, AfterValidator(_check_year_template)]
Email = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_check_email)]
ProseTemplate = Annotated[Prose, AfterValidator(_check_template)]
Url = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_check_url)]
Month = Annotated[date, BeforeValidator(_parse_month)]
Count = Annotated[int, Field(ge=0), AfterValidator(_check_count)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Slug = Annotated[str, AfterValidator(_check_slug)]
Language = Annotated[str, AfterValidator(_check_language)]
Counts = Annotated[dict[Text, Count], Field(max_length=MAX_BARS),
                   BeforeValidator(_check_labels)]
Names = Annotated[list[Text], Field(min_length=1, max_length=4)]


class Model(BaseModel):
    """Strict, closed records: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Hotline(Model):
    name: Template
    phone: Text
    description: ProseTemplate | None = None


class Contact(Model):
    """Who to ask for more information: printed at the end of the handout."""

    organization: Template | None = None
    name: Text | None = None
    email: Email | None = None
    phone: Text | None = None
    url: Url | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "Contact":
        if not any(getattr(self, field) for field in Contact.model_fields):
            raise _fail("is empty; give at least one of organization, name, email, phone, url")
        return self


class Headings(Model):
    """The handout's section headings, which a region may rename ({state} allowed)."""

    demographics: Template = N_("Demographics of Potential Persons Trafficked")
    sex_trafficking_venues: Template = N_("Sex Trafficking Venues")
    sex_trafficking_venue: Template = N_("Sex Trafficking Venue")  # when one is listed
    labor_trafficking_venues: Template = N_("Labor Trafficking Venues")
    labor_trafficking_venue: Template = N_("Labor Trafficking Venue")
    call_types: YearTemplate | None = None  # else "Types of Calls to the <data source> in <year>"
    laws: Template = N_("{state} Human Trafficking Laws")
    laws_subtitle: Template = N_("Sex Trafficking, Labor Trafficking, Safe Harbor, Vacating "
                                 "Convictions, etc.")
    efforts: Template = N_("{state} Statewide Efforts")
    collaborations: Template = N_("Collaborations")
    collaborations_note: Template = N_("Coalitions, Task Forces, Working Groups")
    resources: Template = N_("Resources")
    resources_note: Template = N_("State Research, Publications, Trainings")
    funding: Template = N_("Funding Opportunities")
    hotlines: Template = N_("Human Trafficking Hotlines")
    contact: Template = N_("For More Information")

    def translated(self) -> "Headings":
        """The headings the region does not rename, in the current language."""
        return self.model_copy(update={
            name: i18n._(getattr(self, name)) for name in type(self).model_fields
            if name not in self.model_fields_set and getattr(self, name)})


class Region(Model):
    agency: Template
    region: Template
    title: Template
    data_source: Template
    states: Annotated[list[Slug], Field(min_length=1)]
    intro: ProseTemplate
    statistics_note: ProseTemplate | None = None
    disclaimer: ProseTemplate | None = None
    hotlines: list[Hotline] = []
    contact: Contact | None = None
    headings: Headings = Headings()
    suppress_below: Annotated[int, Field(ge=1, le=100),
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
    locations: Text
    summary: Prose | None = None
    illustrative: bool = False
    alt: Prose | None = None  # what a screen reader says of the map (else written from the data)


class Venues(Model):
    sex_trafficking: Names | None = None
    labor_trafficking: Names | None = None


class CallTypes(Model):
    year: Year
    illustrative: bool = False
    counts: Annotated[Counts, Field(min_length=1)]
    alt: Prose | None = None  # what a screen reader says of the chart (else from the counts)


class Law(Model):
    title: Text
    citation: Text
    url: Url | None = None


class Link(Model):
    name: Text
    url: Url | None = None


class ReferralDirectory(Model):
    agencies: Count
    url: Url | None = None


class Efforts(Model):
    referral_directory: ReferralDirectory | None = None
    collaborations: list[Link] = []
    resources: list[Link] = []
    funding: list[Link] = []


class State(Model):
    state: Text
    illustrative: bool = False
    period: Period
    statistics_url: Url | None = None
    totals: Totals
    demographics: Demographics | None = None
    heat_map: HeatMap | None = None
    venues: Venues | None = None
    call_types: CallTypes | None = None
    laws: list[Law] = []
    efforts: Efforts | None = None
    hotlines: list[Hotline] = []  # printed after the region's
    contact: Contact | None = None  # instead of the region's


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
