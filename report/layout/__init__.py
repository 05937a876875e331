"""ReportLab layout: a validated profile in, a finished PDF (bytes) out."""

import re
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from report.i18n import _, speaking
from report.layout.bands import BandFrame
from report.layout.page import Beaten, DocumentInfo, Laid, lay_out, tag
from report.layout.sections import CONTENT_HEIGHT, MAX_MAP_SCALE, Story
from report.layout.tagging import Element
from report.model import Profile

PAGES = 2  # the handout's length in print
MAP_SCALES = (1, 1.2, MAX_MAP_SCALE)  # tried in turn while the pages have room
MOST_SPREAD = 20  # points added above a heading of the last page, at most
FULL_ENOUGH = 18  # points of room on the emptiest page that need no other layout
MOST_ROOM_LEFT = CONTENT_HEIGHT / 3  # on the last of two full pages; more looks unfinished
LEGAL_FORM = re.compile(r"^(Commonwealth|Territory) of (the )?")  # opening a state's name


def document_info(profile: Profile) -> DocumentInfo:
    """Title, author, subject and keywords of a state's handout; its footer names the
    state without the legal form its name may open with ("Commonwealth of the"): a
    running footer of many small words reads as a sentence, also to accessibility
    checkers (which then miss it in the reading order)."""
    region = profile.texts
    return DocumentInfo(
        title=region.title,
        author=region.agency,
        subject=_("Human trafficking cases reported to the {data_source} in {state}, "
                  "{agency} {region}").format(data_source=region.data_source, state=profile.name,
                                              agency=region.agency, region=region.region),
        keywords=[_("human trafficking"), profile.name, region.region, region.data_source],
        footer=f"{region.region}  \u00b7  {LEGAL_FORM.sub('', profile.name, count=1)}",
        illustrative=profile.state.illustrative,
    )


@dataclass(frozen=True)
class Handout:
    """A state's handout: the PDF, its pages, and the sections past page PAGES."""

    pdf: bytes
    pages: int
    overflow: list[str]


@speaking(lambda profile: profile.region.language)
def render_handout(profile: Profile) -> Handout:
    """The state's handout, its pages balanced and its map as large as they allow.

    Laid out with the smallest map first. Where a page has room to spare,
    also with larger maps (content after the map then moves on), keeping the
    layout with as many pages whose emptiest page is fullest; then, if the
    last page is still too empty, with its headings spaced out to fill it.
    """
    story = Story(profile)
    chosen = _trial(story, MAP_SCALES[0])
    for scale in MAP_SCALES[1:]:
        if chosen.laid.pages > PAGES or _emptiness(chosen.laid) <= FULL_ENOUGH:
            break
        trial = _trial(story, scale, against=chosen.laid)
        if trial is not None and _better(trial.laid, chosen.laid):
            chosen = trial
    laid = chosen.laid
    if 1 < laid.pages <= PAGES and laid.rooms[-1] > MOST_ROOM_LEFT + FULL_ENOUGH:
        headings = sum(page == laid.pages for _title, page in laid.sections) or 1
        spread = min(MOST_SPREAD, (laid.rooms[-1] - MOST_ROOM_LEFT) / headings)
        trial = _trial(story, chosen.map_scale, spread, against=laid)
        if trial is not None and _better(trial.laid, laid):
            chosen = trial
    laid, structure, info = laid_out(story, chosen.map_scale, chosen.spread)
    return Handout(tag(laid.pdf, info, structure), laid.pages, _overflow(laid))


def _better(trial: Laid, chosen: Laid) -> bool:
    """Whether a trial takes as many pages as the layout chosen so far, its emptiest page
    fuller."""
    return trial.pages == chosen.pages and _emptiness(trial) < _emptiness(chosen)


def _cannot_beat(chosen: Laid, rooms: list[float]) -> bool:
    """Whether a trial whose pages so far left these rooms, each followed by another page,
    can no longer be `_better` than the layout chosen: it already takes more pages, or
    one of them is as empty as the chosen layout's emptiest (the trial's emptiest can
    only be as empty or emptier)."""
    return len(rooms) >= chosen.pages or max(rooms) >= _emptiness(chosen)


def _emptiness(laid: Laid) -> float:
    """How far the emptiest page is from full (points): a page is full to its foot,
    the last to within MOST_ROOM_LEFT (a single page must only fit)."""
    if laid.pages == 1:
        return laid.rooms[0]
    return max(*laid.rooms[:-1], laid.rooms[-1] - MOST_ROOM_LEFT)


def _overflow(laid: Laid) -> list[str]:
    """The sections on pages past PAGES: from the one that runs onto them on."""
    if laid.pages <= PAGES:
        return []
    last_fitting = max((i for i, (_, page) in enumerate(laid.sections) if page <= PAGES),
                       default=0)
    return list(dict.fromkeys(title for title, _ in laid.sections[last_fitting:]))


class Trial(NamedTuple):
    """A trial layout's measures, and the map scale and spread of the last page's headings
    it was laid out with."""

    laid: Laid
    map_scale: float
    spread: float


def _trial(story: Story, map_scale: float, spread: float = 0,
           against: Laid | None = None) -> Trial | None:
    """The handout laid out with this map scale and spread, only measured (a third of the
    time of a layout in full); None, stopped as soon as that is certain, where it cannot
    be `_better` than the layout it is tried `against`."""
    beaten = None if against is None else partial(_cannot_beat, against)
    try:
        laid = measured(story, map_scale, spread, beaten)
    except Beaten:
        return None
    return Trial(laid, map_scale, spread)


def measured(story: Story, map_scale: float, spread: float, beaten=None) -> Laid:
    """The measures of the handout laid out with this map scale and spread of the last
    page's headings, the map sketched; stopped where `beaten` says (see `lay_out`)."""
    profile = story.profile
    return lay_out(story.sketched(map_scale, spread), document_info(profile), _frame(profile),
                   measuring=True, beaten=beaten)


def laid_out(story: Story, map_scale: float, spread: float
             ) -> tuple[Laid, Element, DocumentInfo]:
    """The handout laid out in full (once a story) with this map scale and spread of the
    last page's headings, its structure and document info (each layout draws its own
    stamp, so each gets its own)."""
    info = document_info(story.profile)
    laid = lay_out(story.drawn(map_scale, spread), info, _frame(story.profile))
    return laid, story.structure, info


def _frame(profile: Profile):
    """The frame of a handout's pages (see `BandFrame`)."""
    return partial(BandFrame, title=profile.texts.title, state=profile.name)
