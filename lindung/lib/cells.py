"""Spreadsheet cells to values: dates, sex, birth place and date together, villages, occupations.

NIK, name and phone cells are passed as they are to the registry's one
validation path (`lib.nik`, `lib.names`, `lib.phones` through
`people.validation.check_person`), which already knows their spreadsheet damage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from lindung.lib.formatting import parse_month_name

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1 Jan 1900 (with Lotus's phantom 29 Feb 1900)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u200b\ufeff"), " ")
_NUMERIC = re.compile(r"(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})")
_WORDY = re.compile(r"(\d{1,2})\s*[-/. ]\s*([A-Za-z]+)\.?\s*[-/. ]\s*(\d{2,4})")
_SERIAL_TEXT = re.compile(r"\d{4,5}(\.0+)?")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}[:.]\d{2}([:.]\d{2})?(\.\d+)?$")


class CellError(ValueError):
    """A cell that cannot be read, with a message the user can act on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.translate(_SPACES).strip())


def text_of(value) -> str:
    """The cell as a user would read it (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    return " ".join(str(value).translate(_SPACES).split())


def _bad_date(shown) -> CellError:
    return CellError(
        "tgl_lahir_tidak_terbaca",
        f"Tanggal lahir “{text_of(shown)}” tidak terbaca. Tulis seperti 12-05-1980 atau 12 Mei 1980.",
    )


def _century(yy: int, today: date) -> int:
    # A worker is at least about 15: "05" is 2005 while that is 15 years ago, else 1905 is
    # impossible for the living and 19yy is meant.
    return 2000 + yy if 2000 + yy <= today.year - 15 else 1900 + yy


def parse_date(value, *, today: date) -> date | None:
    """Read a birth date from a date cell, a serial number or text in Indonesian order (day first)."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _bad_date(value)
    if isinstance(value, (int, float)):
        return _from_serial(value)
    return _date_from_text(str(value), today)


# A village's birth dates repeat, and a million-row file holds a few tens of thousands of distinct ones.
@lru_cache(maxsize=65_536)
def _date_from_text(value: str, today: date) -> date:
    text = value.translate(_SPACES).strip().lstrip("'\u2018\u2019")
    if ":" in text:
        text = _TIME_TAIL.sub("", text).strip()
    if _SERIAL_TEXT.fullmatch(text) and 10_000 <= float(text) <= 60_000:
        return _from_serial(float(text))
    match = _NUMERIC.fullmatch(text)
    if match:
        a, b, c = match.groups()
        if len(a) == 4:  # ISO: year first
            year, month, day = int(a), int(b), int(c)
        else:
            day, month = int(a), int(b)
            year = int(c) if len(c) == 4 else _century(int(c), today) if len(c) == 2 else -1
        return _make(year, month, day, value)
    match = _WORDY.fullmatch(text)
    if match:
        day, month_name, year_text = match.groups()
        month = parse_month_name(month_name)
        if month is None:
            raise _bad_date(value)
        year = int(year_text) if len(year_text) == 4 else _century(int(year_text), today) if len(year_text) == 2 else -1
        return _make(year, month, int(day), value)
    raise _bad_date(value)


def _make(year: int, month: int, day: int, shown) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(
            "tgl_lahir_tidak_ada",
            f"Tanggal lahir “{text_of(shown)}” tidak ada di kalender (urutan harus tanggal-bulan-tahun). "
            "Periksa dan tulis seperti 12-05-1980.",
        ) from None


def _from_serial(number: float) -> date:
    # 1900..2100 in serials; other numbers are not dates (a NIK or a phone in the wrong column).
    if not 1 <= number < 73_051:
        raise _bad_date(number)
    return _EXCEL_EPOCH + timedelta(days=int(number))


# -- sex ---------------------------------------------------------------------

_SEX = {
    "l": "L",
    "lk": "L",
    "lk.": "L",
    "laki": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "lakilaki": "L",
    "laki2": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "cowok": "L",
    "p": "P",
    "pr": "P",
    "pr.": "P",
    "pr/w": "P",
    "perempuan": "P",
    "prempuan": "P",
    "wanita": "P",
    "w": "P",
    "f": "P",
    "female": "P",
    "cewek": "P",
}
_TICKS = frozenset({"v", "x", "✓", "✔", "√", "1", "ya", "y", "*", "o", "●", "•", "ü", "l", "p"})


def parse_sex(value) -> str | None:
    """L or P from the ways villages write it; None when blank."""
    if is_blank(value):
        return None
    return _sex_from_text(text_of(value))


@lru_cache(maxsize=1024)
def _sex_from_text(text: str) -> str:
    key = " ".join(text.lower().split())
    if key in _SEX:
        return _SEX[key]
    raise CellError(
        "jk_tidak_terbaca",
        f"Jenis kelamin “{text}” tidak terbaca. Tulis L untuk laki-laki atau P untuk perempuan.",
    )


def is_ticked(value) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    if value is True:
        return True
    return text_of(value).lower() in _TICKS


def sex_from_ticks(male, female) -> str | None:
    """L or P from two tick columns (L | P); both ticked is a mistake the village must fix."""
    m, f = is_ticked(male), is_ticked(female)
    if m and f:
        raise CellError(
            "jk_ganda", "Kolom L dan P sama-sama dicentang. Centang salah satu saja sesuai jenis kelamin pada KTP."
        )
    if not m and not f and not (is_blank(male) and is_blank(female)):
        raise CellError(
            "jk_tidak_terbaca",
            "Isian kolom L/P tidak terbaca. Beri tanda centang (✓) atau angka 1 pada kolom L atau P.",
        )
    return "L" if m else "P" if f else None


# -- birth place and date in one cell ----------------------------------------

_SPLIT_PLACE = re.compile(r"^(.*?)[,/;]?\s*(\d{1,4}\s*[-/. ]\s*[A-Za-z0-9]+\.?\s*[-/. ]\s*\d{2,4})\s*$")


def split_place_date(value, *, today: date) -> tuple[str, date | None]:
    """Split `Tenggarong, 12-05-1980` (a combined Tempat/Tgl Lahir cell) into place and date."""
    if is_blank(value):
        return "", None
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        return "", parse_date(value, today=today)
    text = text_of(value)
    match = _SPLIT_PLACE.match(text)
    if not match and not any(char.isdigit() for char in text):
        # "Balikpapan": a place and no date; the NIK carries the date.
        return text.strip(" ,/;"), None
    if not match:
        raise CellError(
            "ttl_tidak_terbaca",
            f"Tempat/tanggal lahir “{text}” tidak terbaca. Tulis seperti “Tenggarong, 12-05-1980”.",
        )
    place = match.group(1).strip(" ,/;")
    return place, parse_date(match.group(2), today=today)


# -- occupations -------------------------------------------------------------

_OCCUPATION_WORDS = {
    "petani": "petani",
    "tani": "petani",
    "bertani": "petani",
    "petani sawah": "petani",
    "pekebun": "pekebun",
    "petani kebun": "pekebun",
    "berkebun": "pekebun",
    "petani sawit": "pekebun",
    "nelayan": "nelayan",
    "nelayan tradisional": "nelayan",
    "peternak": "peternak",
    "buruh harian lepas": "buruh_harian_lepas",
    "buruh harian": "buruh_harian_lepas",
    "buruh": "buruh_harian_lepas",
    "bhl": "buruh_harian_lepas",
    "buruh tani": "buruh_harian_lepas",
    "pedagang kecil": "pedagang_kecil",
    "pedagang": "pedagang_kecil",
    "berdagang": "pedagang_kecil",
    "pedagang keliling": "pedagang_kecil",
    "ojek": "ojek",
    "tukang ojek": "ojek",
    "ojol": "ojek",
    "ojek online": "ojek",
    "tenaga honorer": "tenaga_honorer",
    "honorer": "tenaga_honorer",
    "ppnpn": "tenaga_honorer",
    "ketua rt rw": "ketua_rt_rw",
    "ketua rt": "ketua_rt_rw",
    "ketua rw": "ketua_rt_rw",
    "kepala desa": "kepala_desa",
    "kades": "kepala_desa",
    "perangkat desa": "perangkat_desa",
    "aparat desa": "perangkat_desa",
    "anggota bpd": "anggota_bpd",
    "bpd": "anggota_bpd",
    "imam marbot masjid": "imam_marbot",
    "imam marbot": "imam_marbot",
    "imam masjid": "imam_marbot",
    "imam": "imam_marbot",
    "marbot": "imam_marbot",
    "marbot masjid": "imam_marbot",
    "pemuka agama lain": "pemuka_agama",
    "pemuka agama": "pemuka_agama",
    "pendeta": "pemuka_agama",
    "tukang pijat": "tukang_pijat",
    "pijat": "tukang_pijat",
    "tukang urut": "tukang_pijat",
    "guru ngaji": "guru_ngaji",
    "guru mengaji": "guru_ngaji",
    "guru tpa": "guru_ngaji",
    "pemulung": "pemulung",
    "penjaga tambak": "penjaga_tambak",
    "pekerja tambak": "penjaga_tambak",
    "buruh tambak": "penjaga_tambak",
    "petambak": "penjaga_tambak",
    "lainnya": "lainnya",
}
_OCCUPATION_CODES = frozenset(_OCCUPATION_WORDS.values())


def parse_occupation(value) -> tuple[str, str]:
    """(occupation code, other text): a known wording or code, else Lainnya with the text kept."""
    if is_blank(value):
        return "", ""
    return _occupation_from_text(text_of(value))


@lru_cache(maxsize=4096)
def _occupation_from_text(text: str) -> tuple[str, str]:
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    if key.replace(" ", "_") in _OCCUPATION_CODES:
        return key.replace(" ", "_"), ""
    if key in _OCCUPATION_WORDS:
        return _OCCUPATION_WORDS[key], ""
    if key.startswith("lainnya "):
        return "lainnya", text.split(None, 1)[1].lstrip(":- ")
    return "lainnya", text[:100]


# -- villages ----------------------------------------------------------------

_VILLAGE_PREFIX = re.compile(r"^(desa|kelurahan|kel|ds)\b\.?\s*", re.I)
_DISTRICT_PREFIX = re.compile(r"^(kecamatan|kec)\b\.?\s*", re.I)
_CODE = re.compile(r"(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})")


def place_key(text: str, *, district: bool = False) -> str:
    text = text_of(text)
    text = (_DISTRICT_PREFIX if district else _VILLAGE_PREFIX).sub("", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class VillageRecord:
    code: str  # dotted 64.02.06.1010
    name: str
    district_code: str
    district_name: str


class VillageIndex:
    """Villages of the installation's regency, found by name or code."""

    def __init__(
        self,
        villages: list[VillageRecord],
        *,
        regency: str = "",
        regency_name: str = "",
        elsewhere: Callable[[str], list[str]] | None = None,
    ):
        """`regency` ("64.02") and its name word the refusal of a village outside it; `elsewhere(key)`
        names the regencies that have a village of that name (its `place_key`)."""
        self.regency = regency
        self.regency_name = regency_name or "kabupaten ini"
        self._elsewhere = elsewhere
        self.by_code = {v.code: v for v in villages}
        self.by_name: dict[str, list[VillageRecord]] = {}
        for v in villages:
            self.by_name.setdefault(place_key(v.name), []).append(v)
        self._found: dict = {}
        self.districts: dict[str, str] = {place_key(v.district_name, district=True): v.district_code for v in villages}

    def district_code(self, text) -> str | None:
        if is_blank(text):
            return None
        code = text_of(text).replace(" ", "")
        if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", code):
            return code
        return self.districts.get(place_key(text, district=True))

    def find(self, value, *, district=None, title_district: str | None = None) -> str:
        """The dotted code of the village written in the cell; the district decides between namesakes."""
        # Every row of a village's file names the same few villages: remember the answers.
        key = (text_of(value), None if district is None else text_of(district), title_district)
        known = self._found.get(key)
        if known is None:
            try:
                known = self._find(value, district=district, title_district=title_district)
            except CellError as exc:
                known = exc
            if len(self._found) < 100_000:
                self._found[key] = known
        if isinstance(known, CellError):
            raise CellError(known.code, known.message)
        return known

    def _find(self, value, *, district=None, title_district: str | None = None) -> str:
        text = text_of(value)
        code = _CODE.fullmatch(text.replace(" ", ""))
        if code:
            dotted = ".".join(code.groups())
            if dotted in self.by_code:
                return dotted
            if self.regency and not dotted.startswith(self.regency + "."):
                raise CellError(
                    "desa_luar_kabupaten",
                    f"Kode desa {dotted} berada di luar {self.regency_name}, kabupaten yang dilayani aplikasi ini. "
                    "Periksa kodenya atau tulis nama desa/kelurahan.",
                )
            raise CellError(
                "desa_tidak_dikenal",
                f"Kode desa {dotted} tidak ada di {self.regency_name}. Periksa kodenya atau tulis nama desa/kelurahan.",
            )
        candidates = self.by_name.get(place_key(text), [])
        if not candidates and self._elsewhere is not None:
            where = self._elsewhere(place_key(text))
            if where:
                raise CellError(
                    "desa_luar_kabupaten",
                    f"Desa/kelurahan “{text}” berada di luar {self.regency_name} (ada di {', '.join(where[:3])}), "
                    "kabupaten yang dilayani aplikasi ini. Periksa nama desanya.",
                )
        if not candidates:
            raise CellError(
                "desa_tidak_dikenal",
                f"Desa/kelurahan “{text}” tidak ditemukan di {self.regency_name}. Periksa ejaannya sesuai nama resmi "
                "(lihat daftar desa pada templat) atau tulis kode desanya.",
            )
        if len(candidates) == 1:
            return candidates[0].code
        for hint in (self.district_code(district) if district is not None else None, title_district):
            if hint:
                chosen = [c for c in candidates if c.district_code == hint]
                if len(chosen) == 1:
                    return chosen[0].code
        where = ", ".join(sorted(c.district_name for c in candidates))
        raise CellError(
            "desa_ambigu",
            f"Ada lebih dari satu desa/kelurahan bernama “{text}” (Kecamatan {where}). "
            "Tambahkan kolom Kecamatan atau tulis kode desanya.",
        )
