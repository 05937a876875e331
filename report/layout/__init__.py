"""ReportLab layout: a validated profile in, a finished PDF (bytes) out."""

from report.layout.page import DocumentInfo, render
from report.layout.sections import handout
from report.model import Profile


def document_info(profile: Profile) -> DocumentInfo:
    """Title, author, subject and keywords of a state's handout."""
    region = profile.texts
    return DocumentInfo(
        title=region.title,
        author=region.agency,
        subject=(f"Human trafficking cases reported to the {region.data_source} in "
                 f"{profile.name}, {region.agency} {region.region}"),
        keywords=["human trafficking", profile.name, region.region, region.data_source],
        footer=f"{region.region}  \u00b7  {profile.name}",
        illustrative=profile.state.illustrative,
    )


def render_handout(profile: Profile) -> bytes:
    """The state's handout as PDF bytes."""
    story, structure = handout(profile)
    return render(story, document_info(profile), structure)
