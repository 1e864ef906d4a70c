"""The hub's one text analyzer: every search backend indexes and queries its output, so a query matches the same
documents on SQLite, PostgreSQL and Elasticsearch.

No search engine ships a Georgian stemmer, so the hub brings a light one. The pipeline for a text:

1. NFC, casefold (which also folds Mtavruli capitals to Mkhedruli), NFC again (casefolding can decompose);
   Nuskhuri/Asomtavruli letters are mapped onto Mkhedruli.
2. Split into Georgian letter runs, digit runs and other letter runs (words of another script are folded to ASCII
   with `anyascii`, so "Rustavi", "Рустави" and "Rústavi" meet).
3. Latin words: drop stopwords; the English Snowball stem, plus the word read as loosely transliterated Georgian
   (Georgia's 2002 national system without the apostrophes that mark ejectives, ყ typed like ქ), stemmed by the
   Georgian stemmer and written back in Latin letters, so "municipaliteti" meets "მუნიციპალიტეტის".
   Georgian words: drop stopwords; the stem (below), plus the Latin terms of the word's 2002 spelling (`anyascii`)
   computed exactly as for a Latin word. Latin spelling is ambiguous ("gh" is ღ or გ + ჰ), so transliterating the
   Georgian stem instead could cut differently from the query's reading; the shared computation guarantees that
   the Latin spelling of any Georgian word finds it.
   Digits: kept (as ASCII digits).
   A query word offers its Latin-letter terms as alternatives, so a Georgian query also meets Latin text
   ("Rustavi") — at the price that Georgian words differing only in an ejective letter (კარი/ქარი) meet as well.
   A Georgian query word's Georgian stems are left out: words that share a Georgian stem also share a Latin term,
   since both come from the same letters (tests check every pair of forms in the inflection tables and of the seed
   vocabulary), so they would only make every engine merge a second posting list that finds nothing more.

Every term is a run of lowercase ASCII letters/digits or of Georgian letters: backends split on whitespace only and no
term can carry query syntax.

The Georgian stemmer: strip a clitic (-ც "also", -ვე), then ONE longest case/postposition/plural ending, then fold
what declension changes: trailing vowels (nominative -ი, the truncated -ა/-ე of vowel stems, vocative -ო), a trailing
plural/masdar -ებ, and vowel loss (syncope: წყალი/წყლის, ფანჯარა/ფანჯრის) by always deleting an -ა-, -ე- or -ო-
between the last two consonants. Different forms of a word therefore meet at one key even where that key is not a
real word. The stemmer decides on a "canonical" spelling that merges the letters loose Latin typing cannot tell apart
(ტ/თ, კ/ქ/ყ, პ/ფ, ჭ/ჩ, წ/ც), so a Latin word read back into Georgian gets the cuts its Georgian original got
unless the reading itself differs (ღ/გჰ), which step 3 covers.
"""

import itertools
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from anyascii import anyascii

from .stopwords import ENGLISH_STOPWORDS, GEORGIAN_STOPWORDS

__all__ = ["georgian_stems", "index_terms", "prefix_terms", "query_terms"]

# Longer letter or digit runs are not words (hashes, base64, keyboard mashing), and their terms would exceed
# PostgreSQL's 2 KB lexeme limit.
MAX_WORD_LENGTH = 64

_GEORGIAN_LETTERS = "\u10d0-\u10fa\u10fc-\u10ff"  # Mkhedruli; U+10FB is a paragraph separator, not a letter
# Asomtavruli capitals casefold to Nuskhuri small letters, which are the same alphabet in the old script.
_NUSKHURI_TO_MKHEDRULI = {cp: cp - 0x2D00 + 0x10D0 for cp in range(0x2D00, 0x2D26)} | {0x2D27: 0x10F7, 0x2D2D: 0x10FD}
# str.translate looks every character up; most texts hold no Nuskhuri letter, which a regex tells far faster.
_NUSKHURI = re.compile("[\u2d00-\u2d2d]")

_OTHER_LETTERS = rf"[^\W\d_{_GEORGIAN_LETTERS}]"
_TOKEN = re.compile(
    rf"(?P<georgian>[{_GEORGIAN_LETTERS}]+)|(?P<digits>\d+)|(?P<other>{_OTHER_LETTERS}+(?:['’]{_OTHER_LETTERS}+)*)"
)
# After ASCII folding; an apostrophe inside a word is kept for the English stemmer ("municipality's").
_ASCII_TOKEN = re.compile(r"(?P<latin>[a-z]+(?:'[a-z]+)*)|(?P<digits>[0-9]+)")
_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")

_VOWELS = frozenset("აეიოუ")
_SYNCOPATING_VOWELS = frozenset("აეო")
_CANONICAL = str.maketrans("ტკყპჭწ", "თქქფჩც")
# Shortest stem an ending, clitic or fold may leave behind.
_MIN_STEM = 2


def _endings() -> tuple[tuple[str, frozenset[str] | None, bool], ...]:
    """(ending, letters allowed right before it or None for any, ambiguous) in canonical spelling, longest first.

    An ambiguous ending is also often the last letters of a stem (რეფორმა, პრესა, პილოტი) or of a stem plus a
    shorter ending (სერვის-თან, რუსთავ-ით): the stemmer keeps both readings, the word gets a stem for each.
    """
    consonant = frozenset(chr(cp) for cp in range(0x10D0, 0x10F1)) - _VOWELS
    vowel = _VOWELS
    o_u_stem = frozenset("ოუ")  # non-truncating vowel stems: საკრებულოს, საკრებულოთი, საკრებულოდან
    table = [
        # plural -ებ- with a case or a postposition
        ("ებისათვის", None, False),
        ("ებისთვის", None, False),
        ("ებისაგან", None, False),
        ("ებისგან", None, False),
        ("ებისკენ", None, False),
        ("ებიდან", None, False),
        ("ებამდე", None, False),
        ("ებივით", None, False),
        ("ებისა", None, False),
        ("ებთან", None, False),
        ("ებში", None, False),
        ("ებზე", None, False),
        ("ების", None, False),
        ("ებით", None, False),
        ("ებად", None, False),
        ("ებმა", None, False),
        ("ებს", None, False),
        ("ები", None, False),
        ("ებო", None, False),
        # singular postpositions: genitive + -თვის/-გან/-კენ, instrumental + -დან, adverbial + -მდე,
        # dative + -ში/-ზე/-თან. A bare -თვის follows pronouns only (ჩემთვის) and would cut მართვის to მარ.
        ("ისათვის", None, False),
        ("ისთვის", None, False),
        ("სთვის", vowel, False),
        ("ისაგან", None, False),
        ("ისგან", None, False),
        ("სგან", vowel, False),
        ("ისკენ", None, False),
        ("სკენ", vowel, False),
        ("იდან", None, False),
        ("დან", o_u_stem, False),
        ("ამდე", None, False),
        ("მდე", vowel, False),
        ("ივით", None, True),
        ("სავით", vowel, False),
        ("ვით", vowel, True),
        ("თანა", None, False),
        ("სთან", vowel, True),
        ("თან", None, False),
        ("შია", None, False),  # with the copula: ქალაქშია "is in the city"
        ("ზეა", None, False),
        ("ში", None, False),
        ("ზე", None, False),
        # cases: emphatic genitive/instrumental, genitive, instrumental, adverbial, ergative, dative, old plural
        ("ისა", None, False),
        ("ითა", None, False),
        ("ის", None, False),
        ("ით", None, False),
        ("თი", o_u_stem, True),
        ("ად", None, False),
        ("დ", vowel, False),
        ("მა", consonant, True),
        ("მ", vowel, False),
        ("ვ", frozenset("აეო"), False),  # vocative of vowel stems; -ივ/-უვ is an adjective's bare stem (ადგილობრივ)
        ("სა", None, True),
        ("თა", None, True),
        ("ს", None, False),
    ]
    canonical = [(ending.translate(_CANONICAL), before, ambiguous) for ending, before, ambiguous in table]
    return tuple(sorted(canonical, key=lambda row: -len(row[0])))


_ENDINGS = _endings()
_CLITICS = ("ც", "ვე")  # "also", "the same": follow a vowel-final case form (ქალაქშიც, მერიაც, ქალაქისავე)


def _strip_vowels(word: str, end: int) -> int:
    while end > _MIN_STEM and word[end - 1] in _VOWELS:
        end -= 1
    return end


def _fold(word: str, end: int) -> tuple[int, int | None]:
    """(end, index of a syncopated vowel to drop or None) after folding vowels, -ებ and vowel loss."""
    end = _strip_vowels(word, end)
    if word.endswith("ებ", 0, end) and end - 2 >= _MIN_STEM:
        end = _strip_vowels(word, end - 2)
    if (
        end >= 4
        and word[end - 1] not in _VOWELS
        and word[end - 2] in _SYNCOPATING_VOWELS
        and word[end - 3] not in _VOWELS
    ):
        return end, end - 2
    return end, None


def _stem_cuts(canonical: str) -> list[tuple[int, int | None]]:
    """How to cut a canonical Georgian word into its stem(s): (end, dropped vowel index) per reading."""
    end = len(canonical)
    for clitic in _CLITICS:
        start = end - len(clitic)
        if canonical.endswith(clitic) and start > _MIN_STEM and canonical[start - 1] in _VOWELS:
            end = start
            break
    ends = []
    for ending, before, ambiguous in _ENDINGS:
        start = end - len(ending)
        if (
            start >= _MIN_STEM
            and canonical.endswith(ending, 0, end)
            and (before is None or canonical[start - 1] in before)
        ):
            ends.append(start)
            if not ambiguous:
                break
    else:
        ends.append(end)
    return [_fold(canonical, stem_end) for stem_end in ends]


def _apply_cut(word: str, cut: tuple[int, int | None]) -> str:
    end, dropped = cut
    if dropped is None:
        return word[:end]
    return word[:dropped] + word[dropped + 1 : end]


@lru_cache(maxsize=100_000)
def georgian_stems(word: str) -> tuple[str, ...]:
    """The stem(s) of a normalized Georgian word: one, or two when its ending is ambiguous."""
    canonical = word.translate(_CANONICAL)
    return tuple(dict.fromkeys(_apply_cut(word, cut) for cut in _stem_cuts(canonical)))


def _latin_spelling(georgian: str) -> str:
    """The 2002 national transliteration without the ejective apostrophes: what a person types for the word."""
    return _NOT_ASCII_ALNUM.sub("", anyascii(georgian))


def _loose_latin(georgian: str) -> str:
    """2002 national transliteration as people type it: without the ejective apostrophes, and with ყ (q) merged
    into ქ (k), because chat spelling writes ქ as "q" ("qalaqi", "saqartvelo")."""
    return _latin_spelling(georgian).replace("q", "k")


# Loose Latin read back into canonical Georgian. Besides the 2002 system, the common chat spellings c (ც), w (წ),
# x (ხ), q (ქ), y (ყ) and f (ფ) are accepted. "tsh" is -თ + -შ- (ბიუჯეტში), never ც + ჰ.
_LATIN_TO_GEORGIAN = {
    "sh": "შ", "ch": "ჩ", "ts": "ც", "dz": "ძ", "gh": "ღ", "kh": "ხ", "zh": "ჟ",
    "a": "ა", "b": "ბ", "c": "ც", "d": "დ", "e": "ე", "f": "ფ", "g": "გ", "h": "ჰ", "i": "ი", "j": "ჯ", "k": "ქ",
    "l": "ლ", "m": "მ", "n": "ნ", "o": "ო", "p": "ფ", "q": "ქ", "r": "რ", "s": "ს", "t": "თ", "u": "უ", "v": "ვ",
    "w": "ც", "x": "ხ", "y": "ქ", "z": "ზ",
}  # fmt: skip
_LATIN_UNIT = re.compile(r"sh|ch|ts(?!h)|dz|gh|kh|zh|[a-z]")
# Near the end of a word "ts" may also be -თ/-ტ + a case -ს (ბიუჯეტს, biujets) and "dz" -დ + -ზე (ვებგვერდზე,
# vebgverdze): both readings are stemmed, as the stemmer would see different endings.
_SPLIT_READINGS = {"ც": "თს", "ძ": "დზ"}
_SPLIT_READINGS_WITHIN = 3


def _latin_readings(latin: str) -> list[str]:
    units = [_LATIN_TO_GEORGIAN[unit] for unit in _LATIN_UNIT.findall(latin)]
    ambiguous = [
        index
        for index in range(max(0, len(units) - _SPLIT_READINGS_WITHIN), len(units))
        if units[index] in _SPLIT_READINGS
    ]
    readings = []
    for split in itertools.product((False, True), repeat=len(ambiguous)):
        reading = list(units)
        for index, split_here in zip(ambiguous, split, strict=True):
            if split_here:
                reading[index] = _SPLIT_READINGS[reading[index]]
        readings.append("".join(reading))
    return readings


def _latin_georgian_stems(latin: str) -> tuple[str, ...]:
    """Loose-Latin stems of a Latin word read as transliterated Georgian, one per plausible reading."""
    return tuple(_loose_latin(stem) for reading in _latin_readings(latin) for stem in georgian_stems(reading))


_ENGLISH = snowballstemmer.stemmer("english")
_LATIN_STOPWORDS = ENGLISH_STOPWORDS | {_loose_latin(word) for word in GEORGIAN_STOPWORDS}


def _unique(terms) -> tuple[str, ...]:
    return tuple(dict.fromkeys(term for term in terms if term))


@lru_cache(maxsize=200_000)
def _georgian_terms(word: str) -> tuple[str, ...]:
    if word in GEORGIAN_STOPWORDS:
        return ()
    # The Latin terms come from the word's Latin spelling read back into Georgian, exactly as a Latin query word
    # is, not from the Georgian stems: Latin spelling is ambiguous ("gh" is ღ or გ + ჰ, "tsh" is ც + ჰ or თ + შ),
    # so a reading may differ from the word and be cut differently, and only the same computation on both sides
    # guarantees that a word's Latin spelling finds it.
    return _unique((*georgian_stems(word), *_latin_georgian_stems(_latin_spelling(word))))


@lru_cache(maxsize=200_000)
def _latin_terms(word: str) -> tuple[str, ...]:
    plain = word.replace("'", "")
    if plain in _LATIN_STOPWORDS:
        return ()
    english = _ENGLISH.stemWord(word).replace("'", "")
    return _unique((english, *_latin_georgian_stems(plain)))


@lru_cache(maxsize=200_000)
def _georgian_query_terms(word: str) -> tuple[str, ...]:
    return tuple(term for term in _georgian_terms(word) if term.isascii())


def _digit_terms(digits: str) -> tuple[str, ...]:
    return (digits,)


_TERMS = {"georgian": _georgian_terms, "latin": _latin_terms, "digits": _digit_terms}
_QUERY_TERMS = {**_TERMS, "georgian": _georgian_query_terms}


@lru_cache(maxsize=20_000)
def _fold_other_letters(run: str) -> tuple[tuple[str, str], ...]:
    ascii_run = run if run.isascii() else anyascii(run).lower()
    return tuple(
        (match.lastgroup, match.group())
        for match in _ASCII_TOKEN.finditer(ascii_run)
        if len(match.group()) <= MAX_WORD_LENGTH
    )


def _normalize(text: str) -> str:
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return folded.translate(_NUSKHURI_TO_MKHEDRULI) if _NUSKHURI.search(folded) else folded


def _tokens(normalized: str) -> list[tuple[str, str, int]]:
    """(kind, word, end offset in `normalized`) for every word: kind is "georgian", "latin" or "digits"."""
    tokens: list[tuple[str, str, int]] = []
    for match in _TOKEN.finditer(normalized):
        kind, word, end = match.lastgroup, match.group(), match.end()
        if kind == "other":
            tokens.extend((ascii_kind, ascii_word, end) for ascii_kind, ascii_word in _fold_other_letters(word))
        elif len(word) <= MAX_WORD_LENGTH:
            if kind == "digits" and not word.isascii():
                word = "".join(str(unicodedata.decimal(digit)) for digit in word)
            tokens.append((kind, word, end))
    return tokens


def index_terms(text: str) -> list[str]:
    """Tokens to index for `text`: for each word, its normalized stem (Georgian or English), plus for Georgian
    words the Latin terms of their 2002 spelling (via anyascii, as for a Latin word) so Latin queries meet them.
    Stopwords removed. Every term is lowercase, contains no whitespace and no characters outside letters/digits
    (so backends split on whitespace only and no term can carry query syntax).
    Latin words also get their stem(s) read as transliterated Georgian, so a Georgian query meets Latin text."""
    terms: list[str] = []
    for kind, word, _end in _tokens(_normalize(text)):
        terms.extend(_TERMS[kind](word))
    return terms


def query_terms(text: str) -> list[list[str]]:
    """For each query word (stopwords dropped), the list of alternative terms any of which matches it
    (a Georgian word → the Latin terms of its 2002 spelling, as indexed; a Latin word → its English stem and its
    Georgian-Latin stem(s); digits → themselves). The backends AND the groups and OR within a group.
    Empty list when nothing searchable remains."""
    return _groups(_tokens(_normalize(text)))


def _groups(tokens: list[tuple[str, str, int]]) -> list[list[str]]:
    groups = (_QUERY_TERMS[kind](word) for kind, word, _end in tokens)
    return [list(group) for group in groups if group]


def _prefix_alternatives(kind: str, word: str) -> tuple[str, ...]:
    if kind == "georgian":
        # The stem joins the word itself because syncope moves the stem off the typed prefix:
        # "მუნიციპალიტეტ" is not a prefix of the indexed "მუნიციპალიტტ", its stem is.
        forms = (word, *georgian_stems(word))
        return _unique((*forms, *(_loose_latin(form) for form in forms)))
    if kind == "latin":
        plain = word.replace("'", "")
        readings = _latin_readings(plain)
        return _unique(
            (
                plain,
                _ENGLISH.stemWord(word).replace("'", ""),
                *(_loose_latin(reading) for reading in readings),
                *_latin_georgian_stems(plain),
            )
        )
    return (word,)


def prefix_terms(text: str) -> list[list[str]]:
    """Like query_terms, for search-as-you-type: unless the text ends in a space or punctuation, its last word is
    still being typed and its alternatives are prefixes to match index terms against (the word as typed, its stem,
    and their transliterations); it is kept even when it looks like a stopword ("an" may become "analysis")."""
    normalized = _normalize(text)
    tokens = _tokens(normalized)
    if not tokens or tokens[-1][2] != len(normalized):
        return _groups(tokens)
    kind, word, _end = tokens[-1]
    return [*_groups(tokens[:-1]), list(_prefix_alternatives(kind, word))]
