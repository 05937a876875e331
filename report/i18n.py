"""The handout's fixed texts in the region's language, and its dates, numbers and
number words in that language's conventions.

Each language but English is one gettext catalog, `report/locale/<code>.po`,
read with Babel when first needed (no compile step). Its `Language` header
names the locale the handout follows (`es_US`: "diciembre de 2012", "1,052")
and, as a BCP 47 tag, the PDF's language (`es-US`). A text the catalog does
not translate stays English. The language of the handout being made is set
with `use` (or `speaking`) around its rendering; fixed texts are looked up
with `_` where they are printed, and marked with `N_` where they are declared.
"""

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache, wraps
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from num2words import num2words

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
ENGLISH = Locale("en", "US")
_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


def languages() -> list[str]:
    """Every language a handout can be made in: English and one per catalog."""
    return sorted({DEFAULT, *(path.stem for path in LOCALE_DIR.glob("*.po"))})


@cache
def _catalog(language: str):
    """The language's catalog as Babel reads it (None for English)."""
    if language == DEFAULT:
        return None
    with open(LOCALE_DIR / f"{language}.po", "rb") as file:
        return read_po(file, locale=None)


@cache
def _translations(language: str) -> NullTranslations:
    catalog = _catalog(language)
    if catalog is None:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


@contextmanager
def use(language: str) -> Iterator[None]:
    """Print fixed texts, dates and numbers in `language` inside the block."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def speaking(language_of: Callable[..., str]):
    """Run the decorated function in the language `language_of(its arguments)`."""
    def decorate(function):
        @wraps(function)
        def run(*args, **kwargs):
            with use(language_of(*args, **kwargs)):
                return function(*args, **kwargs)
        return run
    return decorate


def N_(message: str) -> str:
    """Mark a fixed text for the catalog where it is declared; `_` translates it."""
    return message


def _(message: str) -> str:
    """The fixed text in the current language."""
    return _translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural text for `count`, in the current language."""
    return _translations(_language.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The text in the current language, as meant in `context`."""
    return _translations(_language.get()).pgettext(context, message)


def locale() -> Locale:
    """The locale of the current language, from its catalog's Language header."""
    catalog = _catalog(_language.get())
    return ENGLISH if catalog is None or catalog.locale is None else catalog.locale


def language_name(language: str) -> str:
    """The language's name in English, from its catalog: 'Spanish'."""
    with use(language):
        return locale().get_language_name("en")


def language_tag() -> str:
    """The current language as the PDF states it: 'en-US', 'es-US'."""
    found = locale()
    return "-".join(filter(None, [found.language, found.script, found.territory]))


def number(value: float, decimals: int = 0) -> str:
    """A number with the locale's separators: '1,052' (en-US and es-US), '0.05'."""
    return _number(value, decimals, locale())


@lru_cache(maxsize=4096, typed=True)
def _number(value: float, decimals: int, in_locale: Locale) -> str:
    """Kept: Babel takes some 50 us a number, and every layout of a handout prints the
    same numbers."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=in_locale)


def month_year(month: date) -> str:
    """'December 2012', 'diciembre de 2012'."""
    return format_skeleton("yMMMM", month, locale=locale())


def number_words(count: int) -> str:
    """A count in words, agreeing with the noun it counts where the catalog says the
    noun's gender (msgctxt "gender", msgid "agencies"): 'twenty-one', 'veintiuna'."""
    words = num2words(count, lang=locale().language)
    if pgettext("gender", "agencies") == "feminine":
        return FEMININE.get(locale().language, lambda same: same)(words)
    return words


def _spanish_feminine(words: str) -> str:
    """'veintiuno' -> 'veintiuna', 'doscientos uno mil' -> 'doscientas una mil':
    the words after the last millón(es), which count the noun itself ('un millón
    de agencias': millón is masculine)."""
    parts = words.split(" ")
    start = max((i + 1 for i, word in enumerate(parts) if word.startswith("mill")), default=0)
    for i in range(start, len(parts)):
        parts[i] = parts[i].replace("uno", "una").replace("ientos", "ientas")
    if parts[-1].startswith("mill"):
        parts.append("de")
    return " ".join(parts)


FEMININE = {"es": _spanish_feminine}  # languages whose number words change for a feminine noun
