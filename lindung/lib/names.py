"""Person names: the form shown to users and the key used to match them."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 150

# Copy-paste from web pages and chat apps brings these in unseen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NON_ALNUM = re.compile(r"[\W_]+")
# Spaces only: a leading tab or CR is itself what spreadsheets act on.
_SPACES = " \u00a0\u2007\u202f\u200b\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_HONORIFICS = frozenset(
    {
        "h",
        "hj",
        "haji",
        "hajjah",
        "drs",
        "dra",
        "dr",
        "ir",
        "prof",
        "kh",
        "ust",
        "ustadz",
        "ustadzah",
    }
)
# Degrees as they read with dots and spaces removed ("S.Pd." -> "spd").
# Recognised when written with an inner dot or after a comma.
_DEGREES = frozenset(
    {
        "spd",
        "se",
        "sh",
        "skom",
        "ssos",
        "sag",
        "sip",
        "st",
        "amd",
        "mpd",
        "msi",
        "mm",
        "skm",
        "spdi",
        "ssi",
        "sked",
        "skep",
        "sfarm",
        "spsi",
        "sthi",
        "shi",
        "sei",
        "sak",
        "sp",
        "stp",
        "ak",
        "amdkeb",
        "amdkep",
        "amdkes",
        "amk",
        "mh",
        "mkes",
        "mkom",
        "mt",
        "mag",
        "msc",
        "mba",
        "ma",
        "ba",
        "bsc",
        "phd",
    }
)
# Degrees that are no plausible name part, so also recognised bare at the end
# ("Siti Aminah SE"). "st" is not here: "St." is also short for Siti.
_BARE_DEGREES = frozenset(
    {
        "spd",
        "se",
        "sh",
        "skom",
        "ssos",
        "sag",
        "sip",
        "amd",
        "mpd",
        "msi",
        "mm",
        "skm",
        "spdi",
        "ssi",
        "sked",
        "skep",
        "mkes",
        "amdkeb",
        "amdkep",
    }
)
_MUHAMMAD = frozenset(
    {
        "moh",
        "moch",
        "mochammad",
        "mochamad",
        "mohammad",
        "mohamad",
        "mohammed",
        "mohamed",
        "muh",
        "muhamad",
        "muhammad",
        "muhammed",
        "muhamat",
        "muchammad",
        "muchamad",
        "mhd",
        "md",
    }
)


class PersonNameError(ValueError):
    """A name that cannot be accepted, with a message the user can act on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def clean_name(value: str) -> str:
    """Return the name as displayed: trimmed, single spaces, case kept."""
    text = " ".join(value.translate(_INVISIBLE).split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def name_key(value: str) -> str:
    """Return the name normalised for search and matching."""
    text = clean_name(value).casefold()
    if not text.isascii():
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    # Indonesian writing puts degrees last, usually after a comma
    # ("Rizki, S.Pd., M.Pd."); in front, "M.A." is more likely initials.
    segments = text.split(",")
    words = segments[0].split()
    while len(words) > 1 and _is_degree(words[-1], bare=True):
        words.pop()
    for segment in segments[1:]:
        if _NON_ALNUM.sub("", segment) in _DEGREES:
            continue
        words.extend(word for word in segment.split() if not _is_degree(word))
    tokens = [part for word in words for part in _NON_ALNUM.split(word) if part]

    # Honorifics lead the name; a lone "H." further in is more often an initial.
    start, end = 0, len(tokens)
    while end - start > 1 and tokens[start] in _HONORIFICS:
        start += 1

    keys = []
    for index in range(start, end):
        token = tokens[index]
        # "M." abbreviates Muhammad before another name; alone or last it may
        # be any initial.
        if token in _MUHAMMAD or (token == "m" and index + 1 < end):
            token = "muhammad"
        keys.append(token)
    return " ".join(keys)


def _is_degree(word: str, *, bare: bool = False) -> bool:
    compact = _NON_ALNUM.sub("", word)
    # Before a comma only "S.T."-style dots set a degree apart from a name
    # part such as "St." (Siti) or "Ma".
    if bare and compact in _BARE_DEGREES:
        return True
    return compact in _DEGREES and (not bare or "." in word.rstrip("."))


def looks_like_formula(value: str) -> bool:
    """Tell whether a spreadsheet would run this text as a formula."""
    return value.lstrip(_SPACES)[:1] in _FORMULA_START


def validate_name(value: object) -> str:
    """Return the cleaned name, or raise PersonNameError saying what to fix."""
    name = "" if value is None else clean_name(str(value))
    if not name:
        raise PersonNameError("nama_kosong", "Nama wajib diisi. Tulis nama lengkap sesuai KTP.")
    if looks_like_formula(name):
        raise PersonNameError(
            "nama_formula",
            "Nama tidak boleh diawali =, +, - atau @. Hapus tanda tersebut dari awal nama.",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise PersonNameError(
            "nama_terlalu_panjang",
            f"Nama terlalu panjang ({len(name)} karakter, paling banyak "
            f"{MAX_NAME_LENGTH}). Tulis nama sesuai KTP tanpa keterangan tambahan.",
        )
    if not any(char.isalpha() for char in name):
        raise PersonNameError(
            "nama_tanpa_huruf",
            "Nama harus berisi huruf. Tulis nama lengkap sesuai KTP.",
        )
    return name
