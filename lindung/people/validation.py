"""The one set of rules a person's data must meet, whatever the interface.

The entry form, the API and the spreadsheet import all call `check_person`,
so they can never disagree about what is valid.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from lindung.lib.formatting import age_on, tanggal
from lindung.lib.names import PersonNameError, name_key, validate_name
from lindung.lib.nik import NikError, NikInfo, clean_nik, compare_nik, parse_nik
from lindung.lib.phones import PhoneError, read_phone
from lindung.people.models import PU_OCCUPATIONS, EligibilityRules, Occupation, Segment, Sex
from lindung.regions.services import outside_regency, outside_regency_message

ERROR = "error"
CONFIRM = "confirm"  # a verifier may confirm a genuine difference
WARNING = "warning"  # programme rules: shown and stored, never a refusal
NOTE = "note"  # worth knowing, not a warning: shown when saving and on the record, never holds anything up
OUTSIDE_REGENCY = "desa_luar_kabupaten"

# check_person runs for every row of a million-row import; choices' .values builds a new list each time.
SEX_VALUES = frozenset(Sex.values)
OCCUPATION_VALUES = frozenset(Occupation.values)
SEGMENT_VALUES = frozenset(Segment.values)

FIELDS = (
    "nik",
    "kk_number",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "village_code",
    "rt",
    "rw",
    "street",
    "phone",
    "occupation",
    "occupation_other",
    "segment",
    "declared_income",
)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str
    level: str = ERROR

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code, "message": self.message, "level": self.level}


@dataclass
class CheckedPerson:
    values: dict
    problems: list[Problem] = field(default_factory=list)
    nik_info: NikInfo | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def confirmations(self) -> list[Problem]:
        return [p for p in self.problems if p.level == CONFIRM]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.level == NOTE]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value, limit: int) -> str:
    return "" if value is None else " ".join(str(value).split())[:limit]


def _small_number(value, field_name: str, label: str, problems: list[Problem]) -> str:
    if _blank(value):
        return ""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or len(text) > 3:
        problems.append(
            Problem(field_name, f"{field_name}_tidak_valid", f"{label} harus berupa angka 1-3 digit, contoh 005.")
        )
        return ""
    return text.zfill(3)


def _kk(value, problems: list[Problem]) -> str:
    if _blank(value):
        return ""
    try:
        return clean_nik(value)
    except NikError as exc:
        message = exc.message.replace("NIK", "No. KK")
        problems.append(Problem("kk_number", exc.code.replace("nik_", "kk_", 1), message))
        return ""


def check_person(
    raw: Mapping,
    *,
    today: date,
    rules: EligibilityRules,
    village_exists: Callable[[str], bool],
    district_known: Callable[[str], bool],
    from_list: bool = False,
) -> CheckedPerson:
    """Clean and check one person's data; every problem names its field and says what to fix.

    `from_list` is for rows of a village list: there nobody can retype a bad
    phone number on the spot, and a worker without one is still a worker.
    """
    problems: list[Problem] = []
    values: dict = {}

    info = None
    if _blank(raw.get("nik")):
        problems.append(Problem("nik", "nik_kosong", "NIK wajib diisi (16 digit sesuai KTP)."))
        values["nik"] = ""
    else:
        try:
            info = parse_nik(raw.get("nik"), today=today, district_known=district_known)
            values["nik"] = info.nik
        except NikError as exc:
            problems.append(Problem("nik", exc.code, exc.message))
            values["nik"] = ""

    values["kk_number"] = _kk(raw.get("kk_number"), problems)

    try:
        values["name"] = validate_name(raw.get("name"))
        values["name_key"] = name_key(values["name"])
    except PersonNameError as exc:
        problems.append(Problem("name", exc.code, exc.message))
        values["name"] = values["name_key"] = ""

    sex = raw.get("sex")
    if _blank(sex):
        sex = info.sex if info else None
    elif sex not in SEX_VALUES:
        problems.append(Problem("sex", "jk_tidak_valid", "Jenis kelamin harus L (laki-laki) atau P (perempuan)."))
        sex = None
    # A NIK typed but wrong fills these once corrected: asking for them too only adds noise.
    nik_typed = not _blank(raw.get("nik"))
    if sex is None and info is None and not nik_typed and not any(p.field == "sex" for p in problems):
        problems.append(Problem("sex", "jk_kosong", "Jenis kelamin wajib diisi: L atau P."))
    values["sex"] = sex or ""

    birth_date = raw.get("birth_date")
    if _blank(birth_date):
        birth_date = info.birth_date if info else None
        if birth_date is not None and from_list:
            problems.append(
                Problem(
                    "birth_date",
                    "tgl_lahir_dari_nik",
                    f"Tanggal lahir tidak ada di daftar; diambil dari NIK: {tanggal(birth_date)}.",
                    WARNING,
                )
            )
        if birth_date is None and info is None and not nik_typed:
            problems.append(Problem("birth_date", "tgl_lahir_kosong", "Tanggal lahir wajib diisi."))
    elif not isinstance(birth_date, date):
        problems.append(
            Problem("birth_date", "tgl_lahir_tidak_valid", "Tanggal lahir tidak terbaca. Tulis seperti 12-05-1980.")
        )
        birth_date = None
    elif birth_date > today:
        problems.append(
            Problem(
                "birth_date",
                "tgl_lahir_masa_depan",
                f"Tanggal lahir {tanggal(birth_date)} belum terjadi. Periksa tahunnya.",
            )
        )
        birth_date = None
    elif birth_date.year < 1900:
        problems.append(
            Problem("birth_date", "tgl_lahir_tidak_valid", "Tahun lahir sebelum 1900 tidak mungkin. Periksa tahunnya.")
        )
        birth_date = None
    values["birth_date"] = birth_date

    if info is not None:
        for d in compare_nik(info, birth_date=birth_date, sex=values["sex"] or None, today=today):
            problems.append(
                Problem("birth_date" if d.code == "nik_beda_tanggal_lahir" else "sex", d.code, d.message, CONFIRM)
            )

    values["birth_place"] = _text(raw.get("birth_place"), 100)

    village_code = _text(raw.get("village_code"), 20).replace(" ", "")
    if not village_code:
        problems.append(Problem("village_code", "desa_kosong", "Desa/kelurahan wajib dipilih."))
    elif outside_regency(village_code) and re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", village_code):
        # Not "unknown": the code may be a real village, just not one this installation serves.
        problems.append(Problem("village_code", OUTSIDE_REGENCY, outside_regency_message(village_code)))
        village_code = ""
    elif not village_exists(village_code):
        problems.append(
            Problem(
                "village_code",
                "desa_tidak_dikenal",
                f"Kode desa {village_code} tidak ada dalam daftar wilayah Kemendagri.",
            )
        )
        village_code = ""
    values["village_id"] = village_code

    values["rt"] = _small_number(raw.get("rt"), "rt", "RT", problems)
    values["rw"] = _small_number(raw.get("rw"), "rw", "RW", problems)
    values["street"] = _text(raw.get("street"), 200)

    try:
        values["phone"], second = read_phone(raw.get("phone"))
    except PhoneError as exc:
        if from_list:
            problems.append(Problem("phone", exc.code, f"{exc.message} Nomor tidak disimpan.", WARNING))
        else:
            problems.append(Problem("phone", exc.code, exc.message))
        values["phone"], second = "", ""
    if second:
        problems.append(
            Problem(
                "phone",
                "hp_dua_nomor",
                f"Ada dua nomor HP; yang pertama disimpan, yang kedua ({second}) tidak.",
                WARNING,
            )
        )

    occupation = _text(raw.get("occupation"), 30)
    values["occupation_other"] = _text(raw.get("occupation_other"), 100)
    values["occupation_written"] = _text(raw.get("occupation_written"), 100)
    if not occupation and from_list:
        occupation = Occupation.LAINNYA
        # A list with the occupation left blank still names a worker; the verifier asks.
        problems.append(
            Problem(
                "occupation", "pekerjaan_kosong", "Pekerjaan tidak diisi di daftar; tanyakan dan lengkapi.", WARNING
            )
        )
    elif occupation not in OCCUPATION_VALUES:
        problems.append(
            Problem(
                "occupation",
                "pekerjaan_tidak_valid",
                "Pilih pekerjaan dari daftar (atau Lainnya dan tulis pekerjaannya).",
            )
        )
        occupation = ""
    elif occupation == Occupation.LAINNYA and not values["occupation_other"]:
        problems.append(
            Problem("occupation_other", "pekerjaan_lainnya_kosong", "Tulis pekerjaannya bila memilih Lainnya.")
        )
    elif occupation != Occupation.LAINNYA:
        values["occupation_other"] = ""
    values["occupation"] = occupation

    segment = _text(raw.get("segment"), 3).upper()
    if not segment and occupation:
        segment = Segment.PU if occupation in PU_OCCUPATIONS else Segment.BPU
    if segment not in SEGMENT_VALUES:
        problems.append(Problem("segment", "segmen_tidak_valid", "Segmen harus BPU atau PU."))
        segment = ""
    values["segment"] = segment

    income = raw.get("declared_income")
    if _blank(income):
        values["declared_income"] = 1_000_000
    else:
        try:
            values["declared_income"] = int(str(income).replace(".", "").replace(",", "").strip())
            if values["declared_income"] <= 0:
                raise ValueError
        except ValueError:
            problems.append(
                Problem(
                    "declared_income",
                    "penghasilan_tidak_valid",
                    "Penghasilan harus angka rupiah lebih dari 0, contoh 1000000.",
                )
            )
            values["declared_income"] = 1_000_000

    problems.extend(
        _eligibility({**values, "nik_region": info.district_code[:5] if info else ""}, today=today, rules=rules)
    )
    return CheckedPerson(values=values, problems=problems, nik_info=info)


def _eligibility(values: dict, *, today: date, rules: EligibilityRules) -> list[Problem]:
    warnings = []
    birth_date = values.get("birth_date")
    if birth_date:
        age = age_on(birth_date, today)
        if not rules.min_age <= age <= rules.max_age:
            warnings.append(
                Problem(
                    "birth_date",
                    "usia_di_luar_batas",
                    f"Usia {age} tahun di luar batas program ({rules.min_age}-{rules.max_age} tahun).",
                    WARNING,
                )
            )
    regency = settings.LINDUNG_REGENCY
    nik_region = values.get("nik_region") or ""
    if nik_region and nik_region != regency and not nik_region.startswith(regency + "."):
        warnings.append(
            Problem(
                "nik",
                "nik_luar_kabupaten",
                f"NIK diterbitkan di luar kabupaten ini (kode wilayah {nik_region} pada NIK). Boleh bila orangnya "
                "tinggal dan bekerja di sini; verifikator memeriksa KTP atau surat keterangan domisilinya.",
                NOTE,
            )
        )
    occupation = values.get("occupation")
    if rules.allowed_occupations and occupation and occupation not in rules.allowed_occupations:
        warnings.append(
            Problem(
                "occupation",
                "pekerjaan_tidak_termasuk",
                f"Pekerjaan {Occupation(occupation).label} tidak termasuk sasaran program saat ini.",
                WARNING,
            )
        )
    segment, occupation = values.get("segment"), values.get("occupation")
    if segment == Segment.BPU and occupation in PU_OCCUPATIONS:
        warnings.append(
            Problem(
                "segment",
                "segmen_tidak_lazim",
                f"{Occupation(occupation).label} bekerja untuk penyelenggara negara, biasanya segmen PU.",
                WARNING,
            )
        )
    return warnings
