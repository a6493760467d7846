"""What people type, made comparable: the search form of a title, and its trigrams.

One pure function, ``search_normalise``, serves both sides: the loader stores its result beside each job title
(``OccupationTitle.search_text``) and the suggester applies it to what is typed, so "Téléconseillère",
"TELE-CONSEILLER" and "téléconseiller(e)" meet the stored "teleconseiller teleconseillere" on equal terms.

``trigrams`` splits a normalised text the way PostgreSQL's pg_trgm does (each word padded with two spaces before and
one after), so that the similarity computed in Python on SQLite agrees with the database's on PostgreSQL.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
# Inclusive endings: "conseiller(e)", "chargé(e)s", "vendeur(se)", "conseiller·ère", "conseiller.e.s".
_PARENTHESISED_ENDING = re.compile(r"(?<=\w)\((?:e|s|es|se|ses|ne|nes|le|les|re|ère|ere|euse|rice|trice|ice)\)")
_DOTTED_ENDING = re.compile(r"(?<=\w)[·•⋅∙](\w{1,5})(?:[·•⋅∙.](\w{1,2}))?")
_DOT_E_ENDING = re.compile(r"(?<=[a-zà-ÿ])\.(?:e|ne|le|re|ere|ère|euse|rice|trice)(?:\.s)?\b")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# "H/F" or "F/H" in job ads says the job is open to all, not what it is.
_GENDER_MENTION = re.compile(r"(?:^|(?<=\s))[(]?\s*(?:h\s*/\s*f|f\s*/\s*h)\s*[)]?(?=\s|$)")


def search_normalise(text: str) -> str:
    """Lower case, no accents, inclusive endings dropped, every other sign a space, single spaces.

    Pure and total: any string gives a (possibly empty) string of ``[a-z0-9 ]``.
    """
    lowered = unicodedata.normalize("NFC", text).casefold().translate(_LIGATURES)
    lowered = _GENDER_MENTION.sub(" ", lowered)
    lowered = _PARENTHESISED_ENDING.sub("", lowered)
    lowered = _DOTTED_ENDING.sub("", lowered)
    lowered = _DOT_E_ENDING.sub("", lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _NOT_ALPHANUMERIC.sub(" ", bare).strip()


def trigrams(normalised: str) -> frozenset[str]:
    """The set of trigrams of a normalised text, as pg_trgm's ``show_trgm`` gives them."""
    found: set[str] = set()
    for word in normalised.split():
        padded = f"  {word} "
        found.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return frozenset(found)
