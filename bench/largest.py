"""The largest inputs the data contract allows: every field at its maximum at once.

Used by the benchmark (time and memory growing with the input) and by the tests
(whatever is within the limits is built). The limits are read from report.model,
so the files follow any change of them.
"""

from pathlib import Path

from report.model import (MAX_BARS, MAX_COUNT, MAX_HOTLINES, MAX_LABEL, MAX_LINE, MAX_LIST,
                          MAX_NAME, MAX_PHONE, MAX_PROSE, MAX_REGION)
from report.read import MAX_FILE_BYTES

WIDE = "Œ"  # the typeface's widest letter that a name may hold


def words(length: int, word: str = "Word", wide: bool = False) -> str:
    """Text of exactly `length` characters: `word` and long words (or the widest letter)."""
    filler = WIDE * 9 if wide else "abcdefgh"
    return ((word + " " + filler + " ") * length)[:length - 1] + "x"


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def region_file(wide: bool = False, hotlines: int = MAX_HOTLINES) -> str:
    """region.yaml with every text at its longest (the title's {state} included)."""
    def line(word: str, length: int = MAX_LINE) -> str:
        return quoted(words(length, word, wide))
    return (f"agency: {line('Agency')}\nregion: {line('Region', MAX_REGION)}\n"
            f"title: {quoted(words(MAX_LINE - 7, 'Title', wide) + '{state}')}\n"
            f"data_source: {line('Source')}\nstates: [wisconsin]\n"
            f"intro: {line('Intro', MAX_PROSE)}\nstatistics_note: {line('Note', MAX_PROSE)}\n"
            f"disclaimer: {line('Disclaimer', MAX_PROSE)}\nhotlines:\n"
            + "".join(f"  - name: {line('Hotline')}\n    phone: {line('888', MAX_PHONE)}\n"
                      f"    description: {line('About', MAX_PROSE)}\n"
                      for _ in range(hotlines)))


def state_file(items: int = MAX_LIST, wide: bool = False) -> str:
    """A state file with `items` laws and links in each list, every text at its longest."""
    def name(word: str, length: int = MAX_NAME) -> str:
        return quoted(words(length, word, wide))

    def counts(word: str) -> str:
        return "".join(f"    {quoted(words(MAX_LABEL - 2, word, wide) + f'{i:02d}')}: "
                       f"{MAX_COUNT // MAX_BARS}\n" for i in range(MAX_BARS))

    url = "https://example.org/" + "p" * (MAX_NAME - 20)
    links = "".join(f"    - name: {name('Link')}\n      url: {url}\n" for _ in range(items))
    return (
        f"state: Wisconsin\nperiod: {{start: 2012-12, end: 2016-12}}\nstatistics_url: {url}\n"
        f"totals: {{cases: {MAX_COUNT}, potential_victims: {MAX_COUNT}}}\ndemographics:\n"
        f"  citizenship:\n{counts('Citizenship')}  gender:\n{counts('Gender')}"
        f"  age:\n{counts('Age')}"
        f"heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
        f"  summary: {name('Summary', MAX_PROSE)}\n  alt: {name('Alt', MAX_PROSE)}\n"
        f"venues:\n  sex_trafficking: [{', '.join(name('Sex') for _ in range(4))}]\n"
        f"  labor_trafficking: [{', '.join(name('Labor') for _ in range(4))}]\n"
        f"call_types:\n  year: 2016\n  alt: {name('Alt', MAX_PROSE)}\n  counts:\n"
        f"{counts('Call')}laws:\n"
        + "".join(f"  - title: {name('Law')}\n    citation: {name('§ 940')}\n    url: {url}\n"
                  for _ in range(items))
        + f"efforts:\n  referral_directory: {{agencies: {MAX_COUNT}, url: {url}}}\n"
        + "".join(f"  {part}:\n{links}" for part in ("collaborations", "resources", "funding")))


def locations_file(rows: int) -> str:
    """A county CSV of `rows` rows, at most MAX_FILE_BYTES long."""
    text = "county,cases\n" + "Milwaukee,1\nDane,2\n" * (rows // 2)
    return text[:MAX_FILE_BYTES].rsplit("\n", 1)[0] + "\n"


def write_region(folder: Path, items: int = MAX_LIST, rows: int = 100_000,
                 wide: bool = False) -> Path:
    """A region folder holding the largest files; returns the folder."""
    (folder / "locations").mkdir(parents=True, exist_ok=True)
    (folder / "region.yaml").write_text(region_file(wide), encoding="utf-8")
    (folder / "wisconsin.yaml").write_text(state_file(items, wide), encoding="utf-8")
    (folder / "locations" / "wisconsin.csv").write_text(locations_file(rows), encoding="utf-8")
    return folder
