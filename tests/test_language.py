"""Handouts in other languages (issue 14): every fixed text from a catalog, dates,
numbers and number words in the language's conventions, the same standards as English."""

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words
from pikepdf import pdfa

from report import i18n
from report.cli import main
from report.errors import InvalidInput
from report.load import load_region
from report.privacy import disclose
from report.layout.sections import referral_sentence
from tests.conftest import EXAMPLE, ROOT
from tests.readback import structure_text
from tests.test_tagging import VALIDATORS, assert_well_tagged

SPANISH = ROOT / "data" / "region-v-es"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    """data/region-v-es built: the Wisconsin handout and the booklet."""
    out = tmp_path_factory.mktemp("es")
    assert main(["build", str(SPANISH), "--out", str(out), "-q"]) == 0
    return out / "region-v-es"


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    """The English Wisconsin handout, with its booklet, for comparison."""
    region = Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("en") / "region-v"))
    text = (region / "region.yaml").read_text(encoding="utf-8")
    (region / "region.yaml").write_text(re.sub(r"states: \[.*\]", "states: [wisconsin]", text),
                                        encoding="utf-8")
    assert main(["build", str(region), "--out", str(region.parent / "out"), "-q"]) == 0
    return region.parent / "out" / "region-v"


def catalog(language: str):
    with open(i18n.LOCALE_DIR / f"{language}.po", "rb") as file:
        return read_po(file)


def translated_fragments(language: str) -> set[str]:
    """The English pieces (between placeholders) of every text the catalog translates."""
    found = set()
    for message in catalog(language):
        if not message.id or message.context:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            pieces = (" ".join(piece.split()).strip(" .,:;*()·—")
                      for piece in PLACEHOLDER.split(english))
            found |= {piece for piece in pieces if len(piece) > 2}
    return found


def everything_said(pdf: Path) -> str:
    """Every word of a PDF a reader or a screen reader meets: the pages' text, alt
    texts, bookmarks, link descriptions and metadata, whitespace made single spaces."""
    words = []
    with pdfplumber.open(pdf) as document:
        words += [page.extract_text() for page in document.pages]
    words += [f"{text} {alt}" for _kind, text, alt in structure_text(pdf)]
    with pikepdf.open(pdf) as document:
        with document.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                words.append(item.title)
                stack += item.children
        words += [str(value) for value in document.docinfo.values()]
        words += [str(annotation.get("/Contents", "")) for page in document.pages
                  for annotation in page.obj.get("/Annots", [])]
        words += [str(node.get("/Alt", "")) + str(node.get("/ActualText", ""))
                  for node in _elements(document.Root.StructTreeRoot)]
    return " ".join(" ".join(words).split())


def _elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            yield from _elements(kid)


def user_texts(folder: Path) -> list[str]:
    """Every text the region's own files give (names, chart labels, titles): printed as
    written."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, int):
                    walk(key)  # a chart's label
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    for file in folder.glob("*.yaml"):
        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def leftover_english(said: str, names: list[str]) -> list[str]:
    """The translated English texts found in what a PDF says, once the names and other
    texts of the data files are taken out."""
    for name in names:
        said = re.sub(rf"(?<!\w)({re.escape(name)}|{re.escape(name.upper())})(?!\w)", " ", said)
    return sorted(fragment for fragment in translated_fragments("es")
                  if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", said))


@pytest.mark.parametrize("name", ["wisconsin.pdf", "region-v-es-profiles.pdf"])
def test_no_english_fixed_text_is_left_on_a_spanish_page(spanish, english, name):
    english_name = name.replace("region-v-es", "region-v")
    names = user_texts(SPANISH)
    assert leftover_english(everything_said(spanish / name), names) == []
    # the same check finds the English texts in the English edition: it can fail
    found = leftover_english(everything_said(english / english_name), user_texts(SPANISH))
    assert len(found) > 25, found


EDGES = """state: WI
illustrative: true
period: {start: 2015-01, end: 2016-01}
totals: {cases: 5, potential_victims: 9}
demographics:
  citizenship: {Extranjero: 2}
  gender: {Mujer: 6, Hombre: 2, Otro: 1}
heat_map: {year: 2016, locations: locations/pocos.csv}
venues: {sex_trafficking: [En hoteles], labor_trafficking: [Agricultura]}
call_types: {year: 2016, counts: {Crisis: 1, Denuncia: 4}}
efforts: {referral_directory: {agencies: 1}}
"""


def test_suppression_notes_and_a_sparse_map_are_spanish_too(tmp_path):
    """Hidden counts, a chart left out, an unshaded map, one venue, one agency."""
    region = Path(shutil.copytree(SPANISH, tmp_path / "es"))
    (region / "locations" / "pocos.csv").write_text("county,cases\nMilwaukee,1\n",
                                                    encoding="utf-8")
    (region / "wisconsin.yaml").write_text(EDGES, encoding="utf-8")
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    said = everything_said(tmp_path / "out" / "es" / "wisconsin.pdf")
    assert leftover_english(said, user_texts(region)) == []
    for expected in ("menos de 3", "suprimido", "Suprimido: una cifra oculta",
                     "Ciudadanía: no se muestra", "Muy pocos casos ubicados para el mapa",
                     "Se reportaron a la Línea Nacional", "PRINCIPAL",
                     "Una agencia de servicios para víctimas en Wisconsin figura",
                     "de enero de 2015 a enero de 2016", "DATOS ILUSTRATIVOS"):
        assert expected in said, expected


@settings(max_examples=200, deadline=None)
@given(counts=st.lists(st.integers(0, 20_000), min_size=1, max_size=8),
       threshold=st.sampled_from([1, 3, 5, 11]))
def test_the_language_changes_the_words_never_what_is_hidden(counts, threshold):
    groups = {"gender": {f"label {i}": count for i, count in enumerate(counts)}}
    english = disclose(groups, threshold).groups["gender"]
    with i18n.use("es"):
        spanish = disclose(groups, threshold).groups["gender"]
    if english is None:
        assert spanish is None
        return
    assert [(s.count, s.suppressed) for s in spanish] == [(s.count, s.suppressed)
                                                          for s in english]
    for shown in spanish:
        assert re.fullmatch(r"\d{1,3}(,\d{3})*|menos de \d+|suprimido", shown.text), shown


def test_spanish_conventions_on_the_page(spanish):
    said = everything_said(spanish / "wisconsin.pdf")
    for expected in ("de diciembre de 2012 a diciembre de 2016", "página 1 de 2",
                     "página 2 de 2", "Veintiuna agencias de servicios para víctimas",
                     "Casos reportados", "LOS 4 PRINCIPALES", "menos de 3",
                     "Casos reportados por cada 1,000 millas cuadradas"):
        assert expected in said, expected
    booklet = everything_said(spanish / "region-v-es-profiles.pdf")
    assert "Wisconsin, página 13" in booklet and "Perfiles estatales" in booklet


@pytest.mark.parametrize("name", ["wisconsin.pdf", "region-v-es-profiles.pdf"])
def test_the_pdf_says_it_is_in_us_spanish(spanish, name):
    with pikepdf.open(spanish / name) as pdf:
        assert str(pdf.Root.Lang) == "es-US"
        with pdf.open_metadata() as xmp:
            assert xmp["dc:language"] == {"es-US"}


@pytest.mark.parametrize("name", ["wisconsin.pdf", "region-v-es-profiles.pdf"])
def test_spanish_documents_are_well_tagged_and_pass_the_checkers(spanish, name):
    with pikepdf.open(spanish / name) as pdf:
        assert_well_tagged(pdf, "es-US")
    checked = subprocess.run([VALIDATORS / "pdfua", "check", spanish / name],
                             capture_output=True, text=True)
    assert checked.returncode in (0, 1, 2), checked.stdout
    listened = subprocess.run([VALIDATORS / "outloud", "--fail-on", "error", spanish / name],
                              capture_output=True, text=True)
    assert listened.returncode == 0, listened.stdout


def test_spanish_pdfa_passes_the_validator(tmp_path):
    assert main(["build", str(SPANISH), "--out", str(tmp_path), "--pdfa", "-q"]) == 0
    for name in ("wisconsin.pdf", "region-v-es-profiles.pdf"):
        written = tmp_path / "region-v-es" / name
        report = pdfa.validate_written(written, "2b",
                                       pdfa.resolve_save_kwargs("2b", deterministic_id=True))
        assert report.passed, report
        with pikepdf.open(written) as pdf, pdf.open_metadata() as xmp:
            assert str(pdf.Root.Lang) == "es-US" and xmp["dc:language"] == {"es-US"}


@pytest.mark.parametrize("state", ["illinois", "indiana", "michigan", "minnesota", "ohio",
                                   "wisconsin"])
def test_the_spanish_states_have_the_english_numbers(state):
    """Every number, date, link and illustrative marking of the examples is the English one."""
    def numbers(value, key=None):
        if isinstance(value, dict):
            return [numbers(item, name) for name, item in value.items()]
        if isinstance(value, list):
            return [numbers(item, key) for item in value]
        kept = isinstance(value, (int, float, bool, date)) or key in (
            "citation", "url", "statistics_url", "locations", "start", "end", "state")
        return value if kept else None
    english = yaml.safe_load((EXAMPLE / f"{state}.yaml").read_text(encoding="utf-8"))
    spanish = yaml.safe_load((SPANISH / f"{state}.yaml").read_text(encoding="utf-8"))
    assert numbers(spanish) == numbers(english)  # chart labels differ, their counts not
    assert (SPANISH / "locations" / f"{state}.csv").read_bytes() == \
        (EXAMPLE / "locations" / f"{state}.csv").read_bytes()


def test_headings_a_region_renames_stay_the_rest_are_translated(tmp_path):
    region = Path(shutil.copytree(SPANISH, tmp_path / "es"))
    with open(region / "region.yaml", "a", encoding="utf-8") as file:
        file.write("headings:\n  contact: Contacto regional\n  funding: Fondos\n"
                   "contact:\n  organization: Oficina regional\n")
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    said = everything_said(tmp_path / "out" / "es" / "wisconsin.pdf")
    assert "Contacto regional" in said and "FONDOS" in said
    assert "Para más información" not in said and "OPORTUNIDADES DE FINANCIAMIENTO" not in said
    assert "Líneas directas contra la trata de personas" in said


@settings(max_examples=200, deadline=None)
@given(count=st.integers(1, 10_000_000))
def test_spanish_number_words_agree_with_a_feminine_noun(count):
    with i18n.use("es"):
        words = i18n.number_words(count).split()
    counted = words[max((i + 1 for i, w in enumerate(words) if w.startswith("mill")),
                        default=0):]
    assert not any(w.endswith(("uno", "ientos")) for w in counted), words
    if count % 10 == 1 and count % 100 != 11:
        assert words[-1].endswith("una"), words
    if count % 1_000_000 == 0:
        assert words[-1] == "de" and words[-2].startswith("mill"), words
    masculine = num2words(count, lang="es").split()
    assert len(words) == len(masculine) + (count % 1_000_000 == 0)


@pytest.mark.parametrize("count, sentence", [
    (1, "Una agencia de servicios para víctimas en Wisconsin figura"),
    (21, "Veintiuna agencias"), (31, "Treinta y una agencias"), (101, "Ciento una agencias"),
    (200, "Doscientas agencias"), (1_000_000, "Un millón de agencias"),
    (0, "No figura ninguna agencia")])
def test_the_referral_sentence_in_spanish(count, sentence):
    with i18n.use("es"):
        assert referral_sentence(count, "Wisconsin").startswith(sentence)
    assert referral_sentence(21, "Wisconsin").startswith("Twenty-one victim service agencies")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(st.characters(min_codepoint=33, max_codepoint=0x24F), min_size=1,
                    max_size=8).filter(lambda code: code.casefold() not in i18n.languages()))
def test_an_unknown_language_is_a_located_error_naming_the_languages(tmp_path_factory, code):
    region = Path(shutil.copytree(SPANISH, tmp_path_factory.mktemp("xx") / "es"))
    text = (region / "region.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("language: es") + 1
    (region / "region.yaml").write_text(
        text.replace("language: es", f"language: {json.dumps(code)}"), encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        load_region(region)
    [problem] = error.value.problems
    assert re.fullmatch(rf".*region\.yaml:{line}:11: language: .* is not a language the handout "
                        r"can be made in; write one of en \(English\), es \(Spanish\), or add a "
                        r"catalog .*", str(problem))


@pytest.mark.parametrize("written, meant", [("ES", "es"), (" es ", "es"), ("En", "en")])
def test_a_language_code_in_capitals_or_with_spaces_is_the_code(region, written, meant):
    text = (region / "region.yaml").read_text(encoding="utf-8")
    (region / "region.yaml").write_text(text + f"language: {json.dumps(written)}\n",
                                        encoding="utf-8")
    assert load_region(region).language == meant


@pytest.mark.parametrize("value", ["5", "[es]", "null", "''", "{es: 1}", "true"])
def test_a_language_that_is_not_a_code_is_a_located_error(region, value, capsys):
    text = (region / "region.yaml").read_text(encoding="utf-8")
    (region / "region.yaml").write_text(text + f"language: {value}\n", encoding="utf-8")
    assert main(["validate", str(region)]) == 1
    said = capsys.readouterr()
    assert re.search(rf"region\.yaml:{len(text.splitlines()) + 1}:11: language: ", said.err)
    assert "Traceback" not in said.err


def test_validate_names_the_unknown_language_and_fails(region, capsys):
    text = (region / "region.yaml").read_text(encoding="utf-8")
    (region / "region.yaml").write_text(text + "language: xx\n", encoding="utf-8")
    assert main(["validate", str(region)]) == 1
    said = capsys.readouterr()
    assert f"region.yaml:{len(text.splitlines()) + 1}:11: language: 'xx' is not a language " \
        "the handout can be made in; write one of en (English), es (Spanish), or add a catalog " \
        "for it (see the README: Languages)" in said.err
    assert "Traceback" not in said.err


FAKE_GERMAN = '''msgid ""
msgstr ""
"Language: de_DE\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "page {number} of {total}"
msgstr "Seite {number} von {total}"

msgid "Gender"
msgstr "Geschlecht"
'''


@pytest.fixture
def third_language(tmp_path, monkeypatch):
    """A copy of the package's catalogs with a tiny German one added."""
    locale = Path(shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale"))
    (locale / "de.po").write_text(FAKE_GERMAN, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    yield
    i18n._catalog.cache_clear()
    i18n._translations.cache_clear()


def test_a_third_language_is_one_catalog_file(third_language, region, tmp_path):
    text = (region / "region.yaml").read_text(encoding="utf-8")
    (region / "region.yaml").write_text(re.sub(r"states: \[.*\]", "states: [wisconsin]", text)
                                        + "language: de\n", encoding="utf-8")
    assert i18n.languages() == ["de", "en", "es"]
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    pdf = tmp_path / "out" / "region-v" / "wisconsin.pdf"
    said = everything_said(pdf)
    assert "Seite 1 von 2" in said and "Geschlecht" in said and "Dezember 2012" in said
    assert "Einundzwanzig" in said  # number words in the language; texts not in it stay English
    assert "Cases Reported" in said
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "de-DE"


def test_the_template_holds_every_text_of_the_code():
    """report/locale/report.pot is what `pybabel extract` finds (see the README)."""
    found = {message[2] if isinstance(message[2], str) else message[2][0]
             for message in extract_from_dir(ROOT / "report")}
    with open(i18n.LOCALE_DIR / "report.pot", "rb") as file:
        template = {message.id if isinstance(message.id, str) else message.id[0]
                    for message in read_po(file) if message.id}
    assert found == template


@pytest.mark.parametrize("language", [code for code in i18n.languages() if code != "en"])
def test_every_catalog_translates_every_text_with_its_placeholders(language):
    with open(i18n.LOCALE_DIR / "report.pot", "rb") as file:
        template = {message.id: message for message in read_po(file) if message.id}
    translations = {message.id: message for message in catalog(language) if message.id}
    assert set(translations) == set(template)
    for key, message in translations.items():
        ids = key if isinstance(key, tuple) else (key,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, key
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(ids[-1])), key
