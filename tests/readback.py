"""Reading a handout back as a reader and a screen reader get it."""

from pathlib import Path

import pdfplumber


def structure_text(path: Path) -> list[tuple[str, str, str]]:
    """(type, text, alt) of every element that holds content, in structure order."""
    with pdfplumber.open(path) as pdf:
        chars = [{} for _ in pdf.pages]
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    chars[index].setdefault(char["mcid"], []).append(char["text"])
        found = []

        def walk(element):
            page = element.get("page_number")
            words = "".join("".join(chars[page - 1].get(m, [])) for m in element.get("mcids", [])
                            ) if page else ""
            if words or element.get("alt_text"):
                found.append((element["type"], words, element.get("alt_text", "")))
            for child in element.get("children", []):
                walk(child)
        for element in pdf.structure_tree:
            walk(element)
        return found
