"""Text is text: whatever an analyst types prints as typed, and nothing in it
becomes markup, a link, a style or a placeholder."""

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from report.model import MAX_LABEL, MAX_LINE, MAX_PHONE, MAX_PROSE
from tests.conftest import EXAMPLE

HOSTILE = ('<b>bold</b> & <i>it</i> <font color="red" size="30">BIG</font> '
           '<a href="javascript:alert(1)">x</a> <br/> &amp; &lt; &#169; <img src="x.png"/> '
           '%s $x^2$ \\n')
REGION_FIELDS = ("agency", "data_source", "intro", "statistics_note", "disclaimer")


LIMITS = {0: MAX_LINE, 1: MAX_LINE, 5: MAX_LINE, 6: MAX_PHONE, 10: MAX_LABEL, 13: MAX_LABEL}


def typed(n: int) -> str:
    """The hostile text of field n, numbered so that each field's copy can be found, and
    cut to the field's limit."""
    return f"{HOSTILE[:LIMITS.get(n, MAX_PROSE) - 6]} [{n}]"


def hostile(n: int) -> str:
    """typed(n) quoted for YAML."""
    return f"'{typed(n)}'"


STATE = f"""\
state: Wisconsin
period: {{start: 2012-12, end: 2016-12}}
statistics_url: https://example.org/stats?a=1&b=<2>
totals: {{cases: 227, potential_victims: 579}}
demographics:
  gender:
    {hostile(10)}: 200
heat_map:
  year: 2016
  locations: locations/wisconsin.csv
  summary: {hostile(11)}
venues:
  sex_trafficking: [{hostile(12)}]
call_types:
  year: 2016
  counts:
    {hostile(13)}: 20
laws:
  - title: {hostile(14)}
    citation: {hostile(15)}
    url: https://example.org/law?x=<y>&z="q"
efforts:
  collaborations:
    - name: {hostile(16)}
      url: https://example.org/c
  resources:
    - name: {hostile(17)}
  funding:
    - name: {hostile(18)}
"""


@pytest.fixture
def hostile_pdf(region, build_handout):
    text = (region / "region.yaml").read_text()
    for n, field in enumerate(REGION_FIELDS):
        text = re.sub(rf"(?m)^{field}:.*(\n  .*)*", lambda _: f"{field}: {hostile(n)}", text)
    text = text.replace("  - name: National Human Trafficking Hotline",
                        f"  - name: {hostile(5)}").replace("phone: 888-373-7888",
                                                            f"phone: {hostile(6)}")
    (region / "region.yaml").write_text(text)
    return build_handout(STATE)


def test_every_field_prints_exactly_as_typed(hostile_pdf):
    found = "".join("".join(page.extract_text().split())
                    for page in PdfReader(hostile_pdf).pages)
    for n in [*range(len(REGION_FIELDS)), 5, 6, *range(10, 19)]:
        assert "".join(typed(n).split()) in found, f"field {n}"


def test_markup_makes_no_link(hostile_pdf):
    targets = [annotation.get_object()["/A"]["/URI"]
               for page in PdfReader(hostile_pdf).pages for annotation in page.get("/Annots", [])]
    assert set(targets) == {"https://example.org/stats?a=1&b=<2>",
                            'https://example.org/law?x=<y>&z="q"', "https://example.org/c"}


def test_markup_changes_no_size_colour_or_font(hostile_pdf):
    with pdfplumber.open(hostile_pdf) as pdf:
        words = [word for page in pdf.pages
                 for word in page.extract_words(extra_attrs=["size", "non_stroking_color"])]
        fonts = {re.sub(r"^[A-Z]{6}\+", "", char["fontname"])
                 for page in pdf.pages for char in page.chars}
    big = [word for word in words if word["text"] == 'size="30">BIG</font>']
    assert len(big) >= 10  # one word, in one size and colour: no tag took effect
    assert fonts <= {"PublicSans-Regular", "PublicSans-Italic", "PublicSans-SemiBold",
                     "PublicSans-Bold"}


def test_output_is_named_after_the_state_file_only(region, tmp_path):
    from report.build import plan

    odd = region / "..%2Fevil name.yaml"
    odd.write_text((EXAMPLE / "wisconsin.yaml").read_text())
    targets, problems = plan([odd], tmp_path / "out")
    [job] = [job for target in targets for job in target.jobs]
    assert problems == []
    assert job.output == tmp_path / "out" / "region-v" / "..%2Fevil name.pdf"
