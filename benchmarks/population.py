"""An independent benchmark population: a regency in households, and the lists its villages send.

Written from the facts of issue 13 and domain.md §6, not from the engine or
`lib/synth.py`: people live in households on one family card (KK); a NIK is
PP RR KK DDMMYY SSSS where the first six digits are the kecamatan where it
was first issued (an old code for the new kecamatan, another regency for
migrants), DD is +40 for women, and SSSS counts up from 0001 per issuing
kecamatan and birth date, so strangers born on one day in one kecamatan get
consecutive serials. Old people often have the "unknown date" 01-07 or
31-12 of their year. Names follow a heavy-tailed popularity, so strangers
share them.

The traps are the people who look alike: twins (one KK, one date,
consecutive serials, names a letter or two apart, one phone and address),
boy-and-girl twins (one serial, days 40 apart), a father and son of one
name, brothers named to one pattern. The duplicates are the ways a person
is written twice: one NIK digit changed, the KK number in the NIK column,
the NIK missing, the NIK's day (+40) copied into the birth date, a move to
another village, an unknown-date convention, a title added or dropped, a
slip in the name.

    rows, meta = generate(100_000, villages=..., seed=11)

Only the standard library is used; rows are `linkage_bench.Row`, so the
same CSV writer and scorer serve both benchmarks.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from lindung.lib.linkage_bench import Row

REGENCY_PEOPLE = 800_000
TODAY = date(2026, 11, 1)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Given names by sex, most popular first; popularity falls as 1/rank^0.9.
_MALE = _words(
    "Rizki Ahmad Andi Budi Agus Hasan Yusuf Fajar Arif Dedi Eko Hendra Joko Rudi Slamet Supriadi Wahyu Irfan "
    "Ilham Reza Dimas Bayu Rahmat Hidayat Syahrul Taufik Firman Darmawan Anwar Ridwan Sudirman Jamal Hamzah "
    "Ismail Ramli Salim Nasrul Bahtiar Herman Iwan Yanto Aldi Rafi Farhan Fikri Dani Galih Hadi Ilyas Jafar "
    "Kurniawan Lukman Mansur Nanda Oki Putra Rusdi Sabri Tri Umar Wawan Zainal Aris Bambang Darto Gunawan "
    "Haris Idris Junaidi Kasim Lutfi Maulana Nurdin Rahman Saiful Teguh Usman Yoga Zulkifli Husain Rizal"
)
_FEMALE = _words(
    "Aminah Fitri Dewi Sri Nur Rina Yanti Dina Ani Lestari Wati Sari Indah Putri Ayu Rizka Nurul Fatimah "
    "Hasanah Aisyah Khadijah Maryam Rahmawati Suryani Wulandari Ratna Yuli Eka Dian Lina Mega Nia Novi "
    "Rini Siska Tina Umi Vina Wulan Yuni Zahra Anisa Bunga Citra Desi Elis Febri Gita Hani Intan Juwita "
    "Kartini Lilis Mira Nanik Okta Puji Rosita Salmah Tuti Utami Wahyuni Yati Zubaidah Halimah Jamilah "
    "Murni Nining Rohani Santi Sumarni Asma Badriah Erna Farida Hartati Irma Kiki Laila Marlina Nurhayati"
)
# Second words and family-like names of the people of Kutai, Banjar, Bugis, Java.
_SECOND = _words(
    "Saputra Pratama Hidayat Santoso Wijaya Setiawan Kurniawan Nugroho Susanto Rahman Hakim Syahputra "
    "Ramadhan Maulana Firmansyah Gunawan Permana Wibowo Lubis Nasution Siregar Daeng Andi Baso Upik "
    "Sulaiman Hamid Yusran Aco Amir Wahid Basri Arsyad Jumadi Kadir Lamba Mappa Noor Rusli Sattar Tahir "
    "Utomo Wardana Yamin Zakaria Asrani Dahlan Efendi Fauzi Halim Iskandar Kamal Latif Mahmud Naim Rasyid"
)
_FEMALE_SECOND = _words(
    "Sari Lestari Wati Ningsih Rahayu Handayani Puspita Anggraini Safitri Susanti Wulandari Rahmawati "
    "Kusuma Permatasari Utami Damayanti Oktaviani Pertiwi Maharani Fitriani Hasanah Aminah Noor Juliana"
)
_MALE_PREFIX = (("Muhammad", 0.22), ("Ahmad", 0.06), ("Abdul", 0.04), ("Andi", 0.02))
_FEMALE_PREFIX = (("Siti", 0.18), ("Nur", 0.07), ("Sri", 0.03))
# Twins' names as parents choose them: one letter or two apart.
_TWIN_NAMES = {
    ("L", "L"): (("Hasan", "Husain"), ("Hasan", "Husin"), ("Fajar", "Fajri"), ("Reza", "Rezi"), ("Rian", "Rion")),
    ("P", "P"): (("Dina", "Dian"), ("Rina", "Rini"), ("Nisa", "Nisi"), ("Ayu", "Ayi"), ("Fitri", "Fitra")),
    ("L", "P"): (("Rizki", "Rizka"), ("Yanto", "Yanti"), ("Putra", "Putri"), ("Dani", "Dina"), ("Andi", "Andini")),
}
_TITLES_BEFORE = ("H.", "Hj.", "Drs.", "Ir.", "Ust.", "Dr.")
_TITLES_AFTER = (", S.Pd.", ", S.E.", ", S.Sos.", ", A.Md.", ", S.Ag.", ", S.Kom.")
_OCCUPATIONS = (
    "Petani", "Nelayan", "Pedagang", "Buruh Harian Lepas", "Ojek", "Tukang Pijat", "Guru Ngaji",
    "Pemulung", "Penjaga Tambak", "Peternak", "Imam Masjid", "Ketua RT",
)  # fmt: skip
_STREETS = ("Jl. Poros", "Jl. Mangkurawang", "Jl. Ahmad Yani", "Jl. Pesut", "Gg. Mawar", "Jl. Kartini", "Gg. Melati")
_MIGRANT_PREFIXES = ("647101", "647201", "737101", "357801", "320101", "630301", "640101", "647401")
# Codes of the old kecamatan that the two new ones (19, 20) were split from.
_OLD_CODE = {"640219": "640208", "640220": "640213"}


def _zipf(values: Sequence[str], exponent: float = 0.9) -> tuple[Sequence[str], list[float]]:
    weights = [1 / (rank**exponent) for rank in range(1, len(values) + 1)]
    return values, list(itertools.accumulate(weights))


class _Picker:
    def __init__(self, values, exponent=0.9):
        self.values, self.cum = _zipf(values, exponent)

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


_PICK = {"L": _Picker(_MALE), "P": _Picker(_FEMALE)}
_PICK_SECOND = {"L": _Picker(_SECOND, 0.7), "P": _Picker(_FEMALE_SECOND, 0.7)}


@dataclass(slots=True)
class Person:
    pid: int
    sex: str
    born: date
    name: str
    nik: str
    kk: str
    village: str
    rt: str
    address: str
    phone: str
    occupation: str
    birth_place: str
    written_born: date  # what the family card says (the unknown-date conventions)


@dataclass(slots=True)
class Meta:
    twins: list[tuple[int, int]] = field(default_factory=list)
    boy_girl_twins: list[tuple[int, int]] = field(default_factory=list)
    same_name_kin: list[tuple[int, int]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)


class _Regency:
    def __init__(self, villages: Sequence[str], rng: random.Random):
        self.rng = rng
        self.villages = list(villages)
        self.serial: dict[str, int] = {}
        self.kk_serial: dict[str, int] = {}
        self.people: list[Person] = []
        self.households: list[list[int]] = []
        self.meta = Meta()

    def name(self, sex: str) -> str:
        rng = self.rng
        tokens = []
        for prefix, share in _MALE_PREFIX if sex == "L" else _FEMALE_PREFIX:
            if rng.random() < share:
                tokens.append(prefix)
                break
        tokens.append(_PICK[sex](rng))
        if rng.random() < 0.55:
            tokens.append(_PICK_SECOND[sex](rng))
        return " ".join(tokens)

    def nik(self, prefix: str, born: date, sex: str, *, serial: int | None = None) -> str:
        day = born.day + (40 if sex == "P" else 0)
        stem = f"{prefix}{day:02d}{born.month:02d}{born.year % 100:02d}"
        if serial is None:
            serial = self.serial.get(stem, 0) + 1
        self.serial[stem] = max(self.serial.get(stem, 0), serial)
        return f"{stem}{serial:04d}"

    def issue_prefix(self, village: str) -> str:
        home = village.replace(".", "")[:6]
        roll = self.rng.random()
        if roll < 0.06:
            return self.rng.choice(_MIGRANT_PREFIXES)
        if roll < 0.5 and home in _OLD_CODE:
            return _OLD_CODE[home]
        if roll < 0.12:
            return self.rng.choice(self.villages).replace(".", "")[:6]
        return home

    def born_between(self, oldest: int, youngest: int) -> tuple[date, date]:
        """Return (real birth date, date as written) for an age in the range."""
        rng = self.rng
        days = rng.randint(youngest * 365, oldest * 365 + 364)
        born = TODAY - timedelta(days=days)
        written = born
        # Before the 1970s many births were never registered: the card has a convention.
        if born.year < 1975 and rng.random() < 0.25:
            written = date(born.year, 7, 1) if rng.random() < 0.6 else date(born.year, 12, 31)
        return born, written

    def phone(self) -> str:
        rng = self.rng
        return f"08{rng.choice('1125')}{rng.randint(1, 9)}{rng.randint(10_000_000, 99_999_999)}"

    def add(self, **values) -> Person:
        person = Person(pid=len(self.people), **values)
        self.people.append(person)
        return person

    def household(self) -> None:
        rng = self.rng
        village = rng.choice(self.villages)
        home = village.replace(".", "")[:6]
        kk_date = TODAY - timedelta(days=rng.randint(30, 365 * 15))
        stem = f"{home}{kk_date:%d%m%y}"
        self.kk_serial[stem] = self.kk_serial.get(stem, 0) + 1
        kk = f"{stem}{self.kk_serial[stem]:04d}"
        rt = f"{rng.randint(1, 30):03d}"
        address = f"{rng.choice(_STREETS)} No. {rng.randint(1, 150)}, RT {rt}"
        occupation = rng.choice(_OCCUPATIONS)
        members: list[int] = []

        def member(sex: str, born: date, written: date, name: str, *, prefix=None, serial=None, phone=None) -> Person:
            prefix = prefix or self.issue_prefix(village)
            person = self.add(
                sex=sex,
                born=born,
                written_born=written,
                name=name,
                nik=self.nik(prefix, written, sex, serial=serial),
                kk=kk,
                village=village,
                rt=rt,
                address=address,
                phone=phone if phone is not None else (self.phone() if rng.random() < 0.8 else ""),
                occupation=occupation if rng.random() < 0.6 else rng.choice(_OCCUPATIONS),
                birth_place=rng.choice(("Tenggarong", "Samarinda", "Loa Janan", "Balikpapan", "Kota Bangun")),
            )
            members.append(person.pid)
            return person

        size = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(10, 18, 22, 24, 14, 8, 4))[0]
        head_sex = "L" if rng.random() < 0.88 else "P"
        born, written = self.born_between(75, 22)
        head = member(head_sex, born, written, self.name(head_sex))
        if size >= 2:
            other = "P" if head_sex == "L" else "L"
            born, written = self.born_between(min(75, (TODAY - head.born).days // 365 + 5), 20)
            member(other, born, written, self.name(other))
        children = size - 2
        parent_age = (TODAY - head.born).days // 365
        youngest_child = max(parent_age - 45, 0)
        oldest_child = max(parent_age - 18, youngest_child)
        father_named = False
        pattern_first = None
        while children > 0:
            born, written = self.born_between(oldest_child, youngest_child)
            if rng.random() < 0.035 and children >= 2:
                self.twins(member, born, written, village)
                children -= 2
                continue
            sex = "L" if rng.random() < 0.51 else "P"
            if sex == "L" and head_sex == "L" and not father_named and rng.random() < 0.06:
                child = member(sex, born, written, head.name)  # a son named after his father
                self.meta.same_name_kin.append((head.pid, child.pid))
                father_named = True
            elif sex == "L" and rng.random() < 0.15:
                # Brothers named to one pattern: "Muhammad Rizki", "Muhammad Rizal".
                pattern_first = pattern_first or rng.choice(("Muhammad", "Ahmad", "Abdul"))
                member(sex, born, written, f"{pattern_first} {_PICK['L'](rng)}")
            else:
                member(sex, born, written, self.name(sex))
            children -= 1
        self.households.append(members)

    def twins(self, member, born: date, written: date, village: str) -> None:
        rng = self.rng
        kind = rng.choices((("L", "L"), ("P", "P"), ("L", "P")), weights=(3, 3, 4))[0]
        pair = list(rng.choice(_TWIN_NAMES[kind]))
        if rng.random() < 0.5:
            # Their own given names with one letter changed, after a shared first word.
            first = self.name(kind[0]).split()[0]
            pair = [f"{first} {pair[0]}", f"{first} {pair[1]}"]
        prefix = self.issue_prefix(village)
        phone = self.phone() if rng.random() < 0.7 else ""
        a = member(kind[0], born, written, pair[0], prefix=prefix, phone=phone)
        if kind == ("L", "P"):
            # The girl's date field differs (+40), so her serial counts on its own: often the same number.
            serial = int(a.nik[-4:]) if rng.random() < 0.7 else None
            b = member(kind[1], born, written, pair[1], prefix=prefix, serial=serial, phone=phone)
            self.meta.boy_girl_twins.append((a.pid, b.pid))
        else:
            b = member(kind[1], born, written, pair[1], prefix=prefix, phone=phone)
        self.meta.twins.append((a.pid, b.pid))


def _format(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _row(person: Person, kind: str, source: str) -> Row:
    return Row(
        truth_id=person.pid,
        sumber=source,
        nik=person.nik,
        no_kk=person.kk,
        nama=person.name,
        jenis_kelamin=person.sex,
        tempat_lahir=person.birth_place,
        tanggal_lahir=_format(person.written_born),
        kode_desa=person.village,
        rt=person.rt,
        alamat=person.address,
        no_hp=person.phone,
        pekerjaan=person.occupation,
        kind=kind,
    )


def _one_digit(nik: str, rng: random.Random) -> str:
    digits = list(nik)
    at = rng.randrange(16)
    digits[at] = rng.choice([d for d in "0123456789" if d != digits[at]])
    return "".join(digits)


def _slip(name: str, rng: random.Random) -> str:
    tokens = name.split()
    at = rng.randrange(len(tokens))
    token = tokens[at]
    if len(token) > 3:
        i = rng.randrange(1, len(token) - 1)
        roll = rng.random()
        if roll < 0.4:
            token = token[:i] + token[i + 1 :]
        elif roll < 0.7:
            token = token[:i] + token[i] + token[i:]
        else:
            token = token[:i] + rng.choice("aiueo") + token[i + 1 :]
    tokens[at] = token
    return " ".join(tokens)


def _titled(name: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(_TITLES_BEFORE)} {name}"
    return name + rng.choice(_TITLES_AFTER)


def _duplicate(person: Person, regency: _Regency, rng: random.Random) -> Row:
    """Write the person again, as another list or another clerk does."""
    row = _row(person, "", rng.choice(("desa", "kecamatan", "dinas", "puskesmas")))
    kinds = rng.choices(
        ("reentry", "nik_digit", "kk_as_nik", "no_nik", "day_plus_40", "moved", "unknown_date", "title", "slip"),
        weights=(10, 16, 7, 10, 6, 12, 7, 12, 14),
        k=1 if rng.random() < 0.6 else 2,
    )
    for kind in kinds:
        if kind == "reentry":
            row.nama = row.nama.upper()
        elif kind == "nik_digit" and len(row.nik) == 16:
            row.nik = _one_digit(row.nik, rng)
        elif kind == "kk_as_nik":
            row.nik = row.no_kk
        elif kind == "no_nik":
            row.nik = ""
        elif kind == "day_plus_40":
            if person.sex == "P":
                # The date read off the NIK, women's +40 and all.
                row.tanggal_lahir = f"{int(person.nik[6:8]):02d}-{person.nik[8:10]}-{person.written_born.year}"
        elif kind == "moved":
            row.kode_desa = rng.choice(regency.villages)
            row.rt = f"{rng.randint(1, 30):03d}"
            row.alamat = f"{rng.choice(_STREETS)} No. {rng.randint(1, 150)}"
            if rng.random() < 0.6:
                row.no_kk = f"{row.kode_desa.replace('.', '')[:6]}{rng.randint(1, 28):02d}0{rng.randint(1, 9)}2{rng.randint(0, 5)}{rng.randint(1, 300):04d}"  # noqa: E501
            if rng.random() < 0.4:
                row.no_hp = regency.phone()
        elif kind == "unknown_date":
            convention = date(person.born.year, 7, 1) if rng.random() < 0.5 else date(person.born.year, 12, 31)
            if convention == person.written_born:
                convention = person.born
            row.tanggal_lahir = _format(convention)
        elif kind == "title":
            row.nama = _titled(row.nama, rng) if "," not in row.nama and "." not in row.nama else row.nama
        elif kind == "slip":
            row.nama = _slip(row.nama, rng)
    row.kind = "dup_" + "_".join(kinds)
    return row


def generate(n: int, *, villages: Sequence[str], seed: int, duplicate_share: float = 0.12) -> tuple[list[Row], Meta]:
    """Return about n list rows (shuffled) and what is known about the look-alikes among them."""
    rng = random.Random(seed)
    regency = _Regency(villages, rng)
    distinct = int(n * (1 - duplicate_share))
    # The lists hold about a quarter of the adults; a bigger list means a bigger population.
    wanted_people = max(REGENCY_PEOPLE, int(distinct / 0.25 * 0.68))
    while len(regency.people) < wanted_people:
        regency.household()
    adult = TODAY.replace(year=TODAY.year - 16)
    rows: list[Row] = []
    chosen: list[Person] = []
    # Lists are drawn by household: a farmer, his wife and their grown son sign up together.
    share = distinct / sum(1 for p in regency.people if p.born <= adult)
    order = list(range(len(regency.households)))
    rng.shuffle(order)
    for h in order:
        if len(chosen) >= distinct:
            break
        if rng.random() >= min(share * 1.7, 1.0):
            continue
        for pid in regency.households[h]:
            person = regency.people[pid]
            if person.born <= adult and rng.random() < 0.65 and len(chosen) < distinct:
                chosen.append(person)
    in_list = {p.pid for p in chosen}
    for person in chosen:
        row = _row(person, "person", "desa")
        roll = rng.random()
        # The everyday gaps of a list that are not duplicates at all.
        if roll < 0.04:
            row.no_hp = ""
        elif roll < 0.06:
            row.jenis_kelamin = ""
        elif roll < 0.08:
            row.nik = ""
        rows.append(row)
    while len(rows) < n:
        rows.append(_duplicate(chosen[rng.randrange(len(chosen))], regency, rng))
    meta = regency.meta
    keep = lambda pairs: [(a, b) for a, b in pairs if a in in_list and b in in_list]  # noqa: E731
    meta.twins, meta.boy_girl_twins, meta.same_name_kin = (
        keep(meta.twins),
        keep(meta.boy_girl_twins),
        keep(meta.same_name_kin),
    )
    for row in rows:
        meta.kinds[row.kind] = meta.kinds.get(row.kind, 0) + 1
    rng.shuffle(rows)
    return rows, meta
