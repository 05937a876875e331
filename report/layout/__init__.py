"""ReportLab layout: a validated profile in, a finished PDF (bytes) out."""

from dataclasses import dataclass

from report.i18n import _, speaking
from report.layout.page import DocumentInfo, Laid, lay_out, tag
from report.layout.sections import CONTENT_HEIGHT, MAX_MAP_SCALE, handout
from report.layout.tagging import Element
from report.model import Profile

PAGES = 2  # the handout's length in print
# (map scale, call types under the venues): the layouts tried, in order, while pages have room
LAYOUTS = ((1, False), (1.2, False), (MAX_MAP_SCALE, False), (1.2, True), (MAX_MAP_SCALE, True))
FULL_ENOUGH = 18  # points of room on the emptiest page that need no other layout
MOST_ROOM_LEFT = CONTENT_HEIGHT / 3  # on the last of two full pages; more looks unfinished


def document_info(profile: Profile) -> DocumentInfo:
    """Title, author, subject and keywords of a state's handout."""
    region = profile.texts
    return DocumentInfo(
        title=region.title,
        author=region.agency,
        subject=_("Human trafficking cases reported to the {data_source} in {state}, "
                  "{agency} {region}").format(data_source=region.data_source, state=profile.name,
                                              agency=region.agency, region=region.region),
        keywords=[_("human trafficking"), profile.name, region.region, region.data_source],
        footer=f"{region.region}  \u00b7  {profile.name}",
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
    also with larger maps (content after the map then moves on), and with
    the call types under the venues (so that each can end a page), keeping
    the layout with as many pages whose emptiest page is fullest.
    """
    chosen = _laid_out(profile, LAYOUTS[0])
    for layout in LAYOUTS[1:]:
        if chosen[0].pages > PAGES or _emptiness(chosen[0]) <= FULL_ENOUGH:
            break
        trial = _laid_out(profile, layout)
        if trial[0].pages == chosen[0].pages and _emptiness(trial[0]) < _emptiness(chosen[0]):
            chosen = trial
    laid, structure, info = chosen
    return Handout(tag(laid.pdf, info, structure), laid.pages, _overflow(laid))


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


def _laid_out(profile: Profile, layout: tuple[float, bool]
              ) -> tuple[Laid, Element, DocumentInfo]:
    """The handout laid out with this map scale and placement of the call types (each
    layout draws its own stamp, so each gets its own document info)."""
    info = document_info(profile)
    story, structure = handout(profile, *layout)
    return lay_out(story, info), structure, info
