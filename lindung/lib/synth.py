"""Deterministic synthetic population of vulnerable workers (pekerja rentan).

Fills the demo database, feeds the benchmarks and is the ground truth for the
messy-spreadsheet and duplicate-detection benchmarks, so every row knows which
real person it stands for (``truth_id``) and which problems were put into it
(``defects``). A row with no defects is fully consistent: the NIK agrees with
the birth date and sex, the age is within 18-65 and the phone is a valid
Indonesian mobile number.

The mix follows Kutai Kartanegara's own figures (domain.md section 4): 35,440
vulnerable workers plus 10,633 PPNPN in 2022, mosque imams added in 2023.
Only the standard library is used so that benchmarks can import it without
Django.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import accumulate

OCCUPATIONS = (
    "petani",
    "pekebun",
    "nelayan",
    "peternak",
    "buruh_harian_lepas",
    "pedagang_kecil",
    "ojek",
    "tenaga_honorer",
    "ketua_rt_rw",
    "kepala_desa",
    "perangkat_desa",
    "anggota_bpd",
    "imam_marbot",
    "pemuka_agama",
    "lainnya",
)

# The strings a row's ``defects`` may hold. A row has at most one defect; a
# duplicate row holds only duplicate markers, always at least one of
# nik_typo_duplicate or same_nik_duplicate.
DEFECTS = ("nik_date_mismatch", "nik_sex_mismatch", "age_out_of_range", "phone_invalid", "name_caps_spaces")
DUPLICATE_MARKERS = (
    "nik_typo_duplicate",
    "name_variant_duplicate",
    "moved_duplicate",
    "date_swap_duplicate",
    "same_nik_duplicate",
)

MIN_AGE, MAX_AGE = 18, 65


@dataclass(slots=True)
class SynthPerson:
    truth_id: int
    nik: str
    kk_number: str
    name: str
    sex: str
    birth_place: str
    birth_date: date
    village_code: str
    rt: str
    rw: str
    street: str
    phone: str
    occupation: str
    occupation_other: str
    segment: str
    declared_income: int
    status: str
    defects: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split(",") if phrase.strip())


# --- Occupations ------------------------------------------------------------

# Percent of all enrolled workers. PPNPN scaled from Kukar 2022 (5,454 THL,
# 115 kades, 1,085 perangkat, 871 BPD, 3,108 RT heads of 46,073), imams ~3 %
# as added in 2023; the rentan rows split the 35,440 in the order kaltimkita
# lists them. Columns: code, percent, share of women, age profile.
_OCCUPATION_TABLE = (
    ("petani", 21.0, 0.30, "general"),
    ("pekebun", 8.0, 0.28, "general"),
    ("nelayan", 5.0, 0.04, "general"),
    ("peternak", 3.0, 0.25, "general"),
    ("buruh_harian_lepas", 13.0, 0.28, "young"),
    ("pedagang_kecil", 9.0, 0.62, "general"),
    ("ojek", 6.5, 0.03, "young"),
    ("tenaga_honorer", 11.0, 0.50, "young"),
    ("ketua_rt_rw", 6.3, 0.12, "elder"),
    ("kepala_desa", 0.23, 0.08, "elder"),
    ("perangkat_desa", 2.2, 0.35, "young"),
    ("anggota_bpd", 1.8, 0.25, "elder"),
    ("imam_marbot", 3.0, 0.0, "elder"),
    ("pemuka_agama", 0.5, 0.15, "elder"),
    ("lainnya", 9.47, 0.48, "general"),
)
assert tuple(row[0] for row in _OCCUPATION_TABLE) == OCCUPATIONS

_PU_OCCUPATIONS = frozenset({"tenaga_honorer", "ketua_rt_rw", "kepala_desa", "perangkat_desa", "anggota_bpd"})
# A kelurahan is run by a lurah (a civil servant) and has no BPD or perangkat desa.
_DESA_ONLY = frozenset({"kepala_desa", "perangkat_desa", "anggota_bpd"})

_OCC = {code: index for index, code in enumerate(OCCUPATIONS)}
_KADES = _OCC["kepala_desa"]
_LAINNYA = _OCC["lainnya"]
_DESA_ONLY_INDEXES = frozenset(_OCC[code] for code in _DESA_ONLY)
_FEMALE_SHARE = tuple(row[2] for row in _OCCUPATION_TABLE)
_SEGMENT = tuple("PU" if code in _PU_OCCUPATIONS else "BPU" for code in OCCUPATIONS)

# Multipliers on the base mix by district: the coast has fishers and shrimp
# ponds, the Mahakam lakes upriver have freshwater fishers, the interior has oil
# palm and rubber, Tenggarong is the regency seat with offices and markets.
_COASTAL = frozenset({"64.02.04", "64.02.05", "64.02.13", "64.02.14", "64.02.15", "64.02.17"})
_DISTRICT_BIAS: dict[str, dict[str, float]] = {
    **{code: {"nelayan": 3.0} for code in sorted(_COASTAL)},
    "64.02.01": {"nelayan": 2.0, "pekebun": 0.6},
    "64.02.02": {"petani": 1.3},
    "64.02.06": {"petani": 0.5, "pedagang_kecil": 1.5, "ojek": 1.6, "tenaga_honorer": 1.5},
    "64.02.07": {"pekebun": 1.8},
    "64.02.08": {"nelayan": 1.8},
    "64.02.09": {"nelayan": 2.0, "pekebun": 0.7},
    "64.02.10": {"pekebun": 1.8, "nelayan": 0.5},
    "64.02.11": {"pekebun": 1.8},
    "64.02.12": {"pekebun": 1.6, "nelayan": 0.5},
    "64.02.16": {"petani": 1.5, "pekebun": 1.4, "nelayan": 0.3},
    "64.02.18": {"nelayan": 2.0},
    "64.02.19": {"pekebun": 1.8, "nelayan": 0.5},
}
_KELURAHAN_BIAS = {"petani": 0.5, "pekebun": 0.5, "peternak": 0.6, "ojek": 1.6, "pedagang_kecil": 1.5}

# What clerks type in "pekerjaan lainnya"; kaltimkita names masseurs, tutors,
# scavengers and fish-pond workers. The coast has three times the pond workers.
_OTHER_JOBS = (
    ("Petambak", 14),
    ("Buruh tambak", 10),
    ("Tukang bangunan", 14),
    ("Tukang pijat", 8),
    ("Pemulung", 7),
    ("Sopir", 7),
    ("Guru les", 5),
    ("Penjahit", 5),
    ("Tukang kayu", 5),
    ("Motoris ketinting", 4),
    ("Montir", 3),
    ("Penambang pasir", 3),
    ("Juru parkir", 3),
    ("Pengrajin anyaman", 3),
    ("Penjaga malam", 2),
    ("Tukang cukur", 2),
    ("Buruh angkut", 3),
    ("Pembantu rumah tangga", 4),
    ("Pencari rotan", 2),
    ("Tukang las", 2),
)
_POND_JOBS = ("Petambak", "Buruh tambak")

# --- Ages ---------------------------------------------------------------------

# (first age, last age, weight per year) of a rural informal workforce.
_AGE_PROFILES = {
    "general": (
        (18, 24, 1.3),
        (25, 29, 2.0),
        (30, 34, 2.4),
        (35, 39, 2.6),
        (40, 44, 2.6),
        (45, 49, 2.4),
        (50, 54, 2.0),
        (55, 59, 1.5),
        (60, 65, 0.9),
    ),
    "young": (
        (18, 24, 2.4),
        (25, 29, 3.0),
        (30, 34, 2.8),
        (35, 39, 2.2),
        (40, 44, 1.6),
        (45, 49, 1.1),
        (50, 54, 0.7),
        (55, 59, 0.4),
        (60, 65, 0.15),
    ),
    # Village heads must be at least 25; RT heads and imams are the village elders.
    "elder": (
        (25, 29, 0.5),
        (30, 34, 1.2),
        (35, 39, 2.0),
        (40, 44, 2.6),
        (45, 49, 2.8),
        (50, 54, 2.7),
        (55, 59, 2.2),
        (60, 65, 1.4),
    ),
}
_OUT_OF_RANGE_AGES = ((16, 17, 1.5), (66, 70, 1.2), (71, 75, 0.5))
_OLDEST = 96  # the calendar table reaches this many years back
_OLD_NIK_BEFORE_YEAR = 2005
_OLD_KK_BEFORE_YEAR = 2022  # the kecamatan created in 2021 issue their own cards from then on
_KK_FIRST_YEAR = 2006  # 16-digit KK numbers come with SIAK
_FAMILY_HEAD_MIN_DAYS = 6209  # 17 years

# --- Origins and places -------------------------------------------------------

_KUKAR_DISTRICTS = {
    "64.02.01": "Muara Muntai",
    "64.02.02": "Loa Kulu",
    "64.02.03": "Loa Janan",
    "64.02.04": "Anggana",
    "64.02.05": "Muara Badak",
    "64.02.06": "Tenggarong",
    "64.02.07": "Sebulu",
    "64.02.08": "Kota Bangun",
    "64.02.09": "Kenohan",
    "64.02.10": "Kembang Janggut",
    "64.02.11": "Muara Kaman",
    "64.02.12": "Tabang",
    "64.02.13": "Samboja",
    "64.02.14": "Muara Jawa",
    "64.02.15": "Sanga Sanga",
    "64.02.16": "Tenggarong Seberang",
    "64.02.17": "Marang Kayu",
    "64.02.18": "Muara Wis",
    "64.02.19": "Kota Bangun Darat",
    "64.02.20": "Samboja Barat",
}
# Rough residents per kecamatan in thousands, rounded (the regency has about
# 807,000). They only shape where synthetic people live: Tenggarong is ten
# times Tabang. Not figures to cite.
_DISTRICT_SIZE = {
    "64.02.01": 19,
    "64.02.02": 55,
    "64.02.03": 67,
    "64.02.04": 48,
    "64.02.05": 47,
    "64.02.06": 115,
    "64.02.07": 45,
    "64.02.08": 32,
    "64.02.09": 12,
    "64.02.10": 24,
    "64.02.11": 40,
    "64.02.12": 10,
    "64.02.13": 62,
    "64.02.14": 40,
    "64.02.15": 21,
    "64.02.16": 70,
    "64.02.17": 28,
    "64.02.18": 10,
    "64.02.19": 15,
    "64.02.20": 30,
}
_DEFAULT_DISTRICT_SIZE = 30
# Where a Kukar-born person is born: at home ("" = the kecamatan itself) or in
# the hospitals of the regency seat and the nearby cities.
_LOCAL_BIRTH_PLACES = (
    ("", 68),
    ("Tenggarong", 12),
    ("Samarinda", 12),
    ("Balikpapan", 3),
    ("Bontang", 2),
    ("Kutai Kartanegara", 3),
)
# Birth place for a district we have no name for: its province capital.
_PROVINCE_CAPITALS = {
    "11": "Banda Aceh",
    "12": "Medan",
    "13": "Padang",
    "14": "Pekanbaru",
    "15": "Jambi",
    "16": "Palembang",
    "17": "Bengkulu",
    "18": "Bandar Lampung",
    "19": "Pangkal Pinang",
    "21": "Tanjung Pinang",
    "31": "Jakarta",
    "32": "Bandung",
    "33": "Semarang",
    "34": "Yogyakarta",
    "35": "Surabaya",
    "36": "Serang",
    "51": "Denpasar",
    "52": "Mataram",
    "53": "Kupang",
    "61": "Pontianak",
    "62": "Palangka Raya",
    "63": "Banjarmasin",
    "64": "Samarinda",
    "65": "Tanjung Selor",
    "71": "Manado",
    "72": "Palu",
    "73": "Makassar",
    "74": "Kendari",
    "75": "Gorontalo",
    "76": "Mamuju",
    "81": "Ambon",
    "82": "Ternate",
    "91": "Jayapura",
    "92": "Manokwari",
}

# Name groups: the Kutai, Banjar, Bugis, Javanese and Dayak mix of Kukar, and
# Sasak from Lombok among the migrants.
_KUTAI, _BANJAR, _BUGIS, _JAWA, _DAYAK, _SASAK = range(6)

# Real kecamatan codes (wilayah_id.csv) of the places Kukar's migrants come
# from: transmigrants from East and Central Java, Bugis from Wajo, Bone,
# Sidrap and Soppeng, Banjarese from the Hulu Sungai, and the nearby cities.
# Columns: district of NIK issue, birth place, name group, weight.
_MIGRANT_ORIGINS = (
    ("35.07.01", "Malang", _JAWA, 5),
    ("35.09.03", "Jember", _JAWA, 4),
    ("35.22.04", "Bojonegoro", _JAWA, 3),
    ("35.24.05", "Lamongan", _JAWA, 5),
    ("35.17.02", "Jombang", _JAWA, 3),
    ("35.10.02", "Banyuwangi", _JAWA, 3),
    ("33.18.04", "Pati", _JAWA, 2),
    ("33.02.05", "Banyumas", _JAWA, 2),
    ("73.13.05", "Sengkang", _BUGIS, 7),
    ("73.13.01", "Sengkang", _BUGIS, 4),
    ("73.08.03", "Bone", _BUGIS, 6),
    ("73.14.02", "Sidrap", _BUGIS, 4),
    ("73.12.04", "Soppeng", _BUGIS, 3),
    ("73.71.01", "Makassar", _BUGIS, 2),
    ("63.03.02", "Martapura", _BANJAR, 4),
    ("63.08.04", "Amuntai", _BANJAR, 5),
    ("63.07.03", "Barabai", _BANJAR, 3),
    ("63.71.01", "Banjarmasin", _BANJAR, 4),
    ("52.03.02", "Selong", _SASAK, 3),
    ("64.72.04", "Samarinda", _KUTAI, 4),
    ("64.71.02", "Balikpapan", _BANJAR, 2),
    ("64.08.04", "Sangatta", _KUTAI, 2),
)
_MIGRANT_SHARE = 0.08
_INTERNAL_MOVER_SHARE = 0.04  # NIK issued in another kecamatan of the same list
_OLD_CODE_SHARE = 0.6
# Children of transmigrants born back in Java before the family moved.
_JAVA_TOWNS = _names("Kediri Blitar Ngawi Madiun Tulungagung Ponorogo Klaten Wonogiri")

# Name-group weights (Kutai, Banjar, Bugis, Javanese, Dayak, Sasak) per
# district: Kutai upriver, Dayak at the headwaters, Bugis on the coast,
# Javanese in the transmigration areas.
_DEFAULT_GROUPS = (30, 25, 18, 20, 7, 0)
_GROUPS_BY_DISTRICT = {
    **dict.fromkeys(_names("64.02.01 64.02.08 64.02.09 64.02.11 64.02.18 64.02.19"), (55, 20, 8, 10, 7, 0)),
    **dict.fromkeys(_names("64.02.10 64.02.12"), (35, 10, 8, 12, 35, 0)),
    **dict.fromkeys(_names("64.02.04 64.02.05 64.02.13 64.02.14 64.02.15 64.02.17 64.02.20"), (15, 20, 40, 20, 5, 0)),
    **dict.fromkeys(_names("64.02.02 64.02.03 64.02.07 64.02.16"), (20, 20, 15, 40, 5, 0)),
    "64.02.06": (35, 25, 15, 20, 5, 0),
}

# --- Names --------------------------------------------------------------------
# Each list runs from common to rare; weights fall off with rank so that a few
# names are very common, as in any village register.

_COMMON_MALE = _names(
    """
    Ahmad Rahmat Agus Hasan Ali Rizki Arif Budi Ilham Fajar Yusuf Ismail Ibrahim Hendra Irwan Rudi Dedi
    Eko Heri Hamzah Umar Usman Anwar Amir Firman Faisal Taufik Wahyu Zainal Zulkifli Saiful Samsul Sulaiman
    Idris Ilyas Mansur Ramli Rusli Rusdi Yudi Reza Rian Randi Dimas Aditya Fikri Fauzan Hidayat Hafiz Arifin
    Syahrul Imran Jufri Kasim Mahmud Nasrul Salim Lukman Khairul Hairul Jamal Syarif Aldi Bayu Dani Doni Erwin
    Edi Iwan Jaka Robi Sandi Yoga Ardi Akbar Alfian Anton Hendri Herman Yanto Rizal Ridwan Ikhsan Sahrul Sofyan
    Nanang
    """
)
_GROUP_MALE = {
    _KUTAI: _names(
        """
        Ardiansyah Irwansyah Rudiansyah Junaidi Marwan Masdar Herliansyah Erwinsyah Syahrir Salehuddin
        Rusdiansyah Aidil Jumadi Jumain Kurdi Sarkawi Hamdan Syahruddin Fadli Rahim Abdillah
        """
    ),
    _BANJAR: _names(
        """
        Anang Jailani Utuh Masrani Mahyudin Rusmadi Syahrani Badrun Hairani Jainal Hamdani Rahmadi Arbain Asmuni
        Sarbani Gazali Fahruddin Rijali Muhdar Anshari Husin Ahyar Jamhari Aspiannur Fahmi Hairil Mardani
        Sahriansyah
        """
    ),
    _BUGIS: _names(
        """
        Ambo Baso Syamsuddin Baharuddin Hasanuddin Tahir Makmur Sudding Beddu Sakka Hamka Syarifuddin
        Kamaruddin Nasaruddin Amiruddin Burhanuddin Jamaluddin Zainuddin Muhlis Basri Arsyad Tamrin Sukri Haris
        Nurdin Salahuddin Darwis Hamid Alimuddin Bakri
        """
    ),
    _JAWA: _names(
        """
        Slamet Sutrisno Suparman Sugianto Sugeng Suyanto Supriyadi Sumarno Bambang Purwanto Widodo Waluyo
        Sukirman Suwarno Mujiono Kusnadi Priyono Haryanto Wahyudi Triyono Tukiman Wagiman Sarjono Poniman Paijo
        Ngatiman Darmaji Joko Sutarno Teguh Puji Sugiarto Tumijan Katiman
        """
    ),
    _DAYAK: _names(
        """
        Yohanes Paulus Petrus Stefanus Markus Yosef Agustinus Fransiskus Antonius Lukas Simon Daniel Yakobus
        Benediktus Dominikus Ignasius Lawing Ajang Jalung Usat Ngau Lencau Anyeq Bilung Lejau Lahang Hanyeq
        """
    ),
    _SASAK: (),
}
_COMMON_FEMALE = _names(
    """
    Aminah Nurhayati Rahmawati Fatimah Aisyah Dewi Fitri Ratna Rina Yuliana Wahyuni Suryani Halimah Maryam
    Khadijah Hasanah Nurul Indah Putri Ayu Intan Eka Dwi Ani Anisa Yanti Susanti Herlina Irma Juliana Lina
    Marlina Maya Mega Nia Novi Rahmah Risna Salmah Jamilah Masitah Rosmiati Rosdiana Mariana Nafisah Nurjanah
    Kartini Murni Wati Yuni Evi Lia Lisa Nadia Nabila Anggi Desi Dian Elvi Erna Fitriani Hartati Isnawati
    Kurniasih Lilis Nurlela Rosita Sari Sinta Ulfa Wulan Yulia Zahra Zubaidah
    """
)
_GROUP_FEMALE = {
    _KUTAI: _names(
        """
        Rusnah Masnah Rukiah Mastiah Hairiah Norsiah Rahimah Salbiah Asiah Bariah Jumiah Hasniah Darmiah
        Rusdiana Herliana Erliani Nurliani Jumrah
        """
    ),
    _BANJAR: _names(
        """
        Norhayati Noorhasanah Mahdiah Raudah Masliani Saidah Supiah Samsiah Salasiah Hamidah Mastura Rabiatul
        Nurmaulida Galuh Norma Jumiati Fauziah Mardiana Fatmawati Noorjannah Rusmiati
        """
    ),
    _BUGIS: _names(
        """
        Hasnah Hasnawati Hamsiah Nursiah Hadijah Besse Becce Nurhaedah Rahmatia Hasmawati Nurbaya Kasmawati
        Marwah Suriani Jumriani Rosmawati Hartina Nurmala Asmawati Nurmiati Haslinda Mirna Ramlah Hajrah
        Musdalifah Nurfadillah
        """
    ),
    _JAWA: _names(
        """
        Sulastri Sumiati Suharti Rukmini Sutinah Tumini Paini Wagiyem Painem Lestari Endang Sumarni Sarinah
        Suwarni Sukarti Ngatini Tukinah Parmi Sriyani Siswati Karsini Winarti Suprapti Mulyani Sundari Yatmi
        Poniyem Sutini Rusmini Kasiyah
        """
    ),
    _DAYAK: _names(
        """
        Maria Lusia Theresia Agustina Margaretha Veronika Elisabet Katarina Monika Magdalena Kristina Yosefina
        Anastasia Rosalia Bungan Ping Anyeng Lenjau Ubung Usun Ding
        """
    ),
    _SASAK: (),
}
_SECOND_MALE = _names(
    """
    Saputra Hidayat Pratama Rahman Kurniawan Setiawan Ramadhan Syahputra Santoso Wijaya Hakim Maulana Susanto
    Prasetyo Nugroho Firdaus Effendi Gunawan Permana Hermawan Saleh Kadir Hamid Amin Arsyad Jafar Yunus Fadillah
    Syam Latif Mansyur Noor Hidayatullah Aziz Fauzi Ansyari Irawan Akbar Alamsyah Iskandar Prayoga Kurnia Wibowo
    Purnomo Sulistyo Hariyadi Riyadi Susilo Utomo Yulianto Abidin Husaini
    """
)
_SECOND_FEMALE = _names(
    """
    Sari Wati Lestari Ningsih Rahayu Handayani Wulandari Fitriani Anggraini Rahmawati Susanti Purnamasari Yuliani
    Safitri Damayanti Kusumawati Permatasari Oktaviani Hasanah Aini Khairunnisa Azizah Fauziah Hidayah Mardiana
    Nurjanah Amelia Puspita Ramadhani Septiani Maharani Utami Novitasari
    """
)
# "Abdul" never stands alone: it is "servant of" one of the names of God.
_ABDUL_NAMES = _names(
    "Rahman Hamid Kadir Rahim Aziz Latif Malik Gani Hadi Wahab Majid Karim Halim Salam Jalil Rasyid Samad"
)
_DAYAK_FAMILY = _names("Lahang Ding Lejau Ajang Ngau Bit Jalung Lawing Hibau Ibau Lenjau Uyang")
# Share of a group's given names drawn from its own list rather than the common
# one. Christian Dayak always use theirs, Muslim Dayak the common one.
_OWN_POOL_SHARE = (0.35, 0.4, 0.4, 0.55, 0.0, 0.0)
_MUSLIM_DAYAK_SHARE = 0.15
_HONORIFIC_SHARE = (0.05, 0.09, 0.09, 0.05, 0.05, 0.05)  # H./Hj. from 40 on: Banjar and Bugis go more often
_CAPS_SHARE = 0.3  # many village clerks type names in capitals, as on the KTP
_TWIN_SHARE = 0.001

# --- Addresses, phones, status ------------------------------------------------

_TOWN_STREETS = _phrases(
    """
    Gunung Belah, Mangkurawang, Pesut, Danau Semayang, Danau Jempang, Mulawarman, Diponegoro, Ahmad Yani,
    Imam Bonjol, Panjaitan, Pattimura, Kartini, Sultan Hasanuddin, Pahlawan, Jelawat, Patin, Baung, Loa Ipuh,
    Wolter Monginsidi, Gatot Subroto, Cut Nyak Dien, Awang Long, Aji Imbut, Maduningrat, Sudirman,
    Ki Hajar Dewantara, Bukit Biru, Rondong Demang, Mayjen Sutoyo, Teluk Dalam, Padaidi, Pasar Baru, Sabran,
    Kamboja
    """
)
_GANGS = _names(
    """
    Mawar Melati Anggrek Kenanga Dahlia Cempaka Flamboyan Teratai Masjid Langgar Keluarga Sepakat Rukun Damai
    Harapan Karya Bersama Swadaya Sukun Nangka Rambutan Durian Pisang Kelapa
    """
)
_DUSUN = _phrases(
    """
    Sumber Rejo, Karang Anyar, Suka Maju, Bukit Raya, Sido Mulyo, Mekar Sari, Sri Mulyo, Tani Jaya, Purwajaya,
    Karya Bakti, Suka Damai, Bangun Rejo, Sumber Sari, Makmur Jaya, Ulu, Ilir, Tengah, Muara, Tanjung, Seberang,
    Pasar, Baru, Rapak, Sungai Kapih, Tanah Datar, Batu Putih, Padang Pasir, Melintang, Kuala, Pulau, Teluk,
    Loa Lepu
    """
)
_DESA_ROADS = _phrases(
    """
    Poros Desa, Padat Karya, Tani, Pertanian, Kebun Sawit, Pelabuhan, Tepian Sungai, Ladang, Transmigrasi,
    Masjid, Pendidikan, Lingkar, Sekolah, Inpres, Tambak, Pantai, Poros
    """
)
# Telkomsel dominates Kalimantan; Indosat, XL and Tri share the rest.
_PHONE_PREFIXES = (
    ("0811", 5),
    ("0812", 14),
    ("0813", 12),
    ("0821", 10),
    ("0822", 9),
    ("0823", 6),
    ("0852", 10),
    ("0853", 8),
    ("0856", 3),
    ("0857", 4),
    ("0877", 3),
    ("0878", 3),
    ("0895", 3),
    ("0896", 3),
    ("0897", 2),
    ("0898", 2),
    ("0899", 1),
)
_PHONE_LENGTHS = ((10, 2), (11, 20), (12, 60), (13, 18))
_PHONE_SHARE = 0.75
_SHARED_PHONE_SHARE = 0.25  # relatives often give the household's one phone

_STATUSES = (("verified", 85), ("proposed", 10), ("rejected", 2), ("deceased", 1), ("moved", 2))
# Kukar pays the lowest bracket; some honorary staff declare their real pay.
_OTHER_INCOMES = (1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000)
_STANDARD_INCOME = 1_000_000
# One defect a row; age_out_of_range is a third of them, so that at the
# default 3 % defect rate about 1 % of the people fall outside 18-65.
_DEFECT_WEIGHTS = (
    ("nik_date_mismatch", 20),
    ("nik_sex_mismatch", 12),
    ("age_out_of_range", 34),
    ("phone_invalid", 18),
    ("name_caps_spaces", 16),
)

# Streaming bookkeeping, all bounded: households still open to more members
# (about 30 % of people end up sharing a KK) and a uniform sample of earlier
# clean people to duplicate.
_OPEN_HOUSEHOLDS = 400
_JOIN_SHARE = 0.17
_RESERVOIR = 4096


def _cumulative(weights: Iterable[float]) -> tuple[float, ...]:
    return tuple(accumulate(float(weight) for weight in weights))


def _rank_weights(names: Sequence[str]) -> tuple[float, ...]:
    return _cumulative(1.0 / (rank + 3) ** 0.9 for rank in range(len(names)))


def _pick(cum: Sequence[float], rnd: Callable[[], float]) -> int:
    index = bisect(cum, rnd() * cum[-1])
    # rnd() * total can round up to the total itself.
    return index if index < len(cum) else len(cum) - 1


def _ages_table(bands) -> tuple[tuple[int, ...], tuple[float, ...]]:
    ages = [age for first, last, _ in bands for age in range(first, last + 1)]
    weights = [weight for first, last, weight in bands for _ in range(first, last + 1)]
    return tuple(ages), _cumulative(weights)


_OCC_AGE_TABLE = tuple(_ages_table(_AGE_PROFILES[row[3]]) for row in _OCCUPATION_TABLE)
_OUT_AGE_TABLE = _ages_table(_OUT_OF_RANGE_AGES)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class _Calendar:
    """Dates and their NIK digits from _OLDEST years ago until today, by ordinal."""

    first: int
    today: int
    dates: tuple[date, ...]
    ddmmyy: tuple[str, ...]
    ddmmyy_female: tuple[str, ...]
    age_first: tuple[int, ...]  # earliest birth ordinal for each age
    age_last: tuple[int, ...]


@lru_cache(maxsize=4)
def _calendar(today: date) -> _Calendar:
    # Built once so that no row needs date arithmetic or string formatting
    # for its dates.
    age_first = tuple(_years_before(today, age + 1).toordinal() + 1 for age in range(_OLDEST))
    age_last = tuple(_years_before(today, age).toordinal() for age in range(_OLDEST))
    first, last = age_first[-1], today.toordinal()
    dates, male, female = [], [], []
    for ordinal in range(first, last + 1):
        day = date.fromordinal(ordinal)
        tail = f"{day.month:02d}{day.year % 100:02d}"
        dates.append(day)
        male.append(f"{day.day:02d}{tail}")
        female.append(f"{day.day + 40:02d}{tail}")
    return _Calendar(first, last, tuple(dates), tuple(male), tuple(female), age_first, age_last)


class _Household:
    """A family card still open to more listed members."""

    __slots__ = (
        "group",
        "has_spouse",
        "head_age",
        "head_female",
        "head_last",
        "members",
        "person",
        "prefix",
        "village",
    )

    def __init__(
        self, person: SynthPerson, village: int, group: int, female: bool, age: int, last: str | None, prefix: str
    ):
        self.person = person  # the head's clean row: KK, address and phone to share
        self.village = village
        self.group = group
        self.head_female = female
        self.head_age = age
        self.head_last = None if female else last
        self.prefix = prefix
        self.members = 1
        self.has_spouse = False


@dataclass(slots=True)
class _District:
    code: str
    digits: str  # as in a NIK or KK
    old_digits: str | None
    groups: tuple[float, ...]
    birth_places: tuple[str, ...]
    birth_place_cum: tuple[float, ...]
    coastal: bool
    desa: list[int]
    kades_free: list[int]  # desa whose village head is not listed yet


@dataclass(slots=True)
class _Village:
    code: str
    district: int
    kelurahan: bool
    rt_count: int
    rt_per_rw: int  # 0 when the village has no RW, as most in Kalimantan
    streets: tuple[str, ...]


def _digits(code: str) -> str:
    return code.replace(".", "")


def _place_for(code: str) -> str:
    return _KUKAR_DISTRICTS.get(code) or _PROVINCE_CAPITALS.get(code[:2], "Samarinda")


def generate_people(
    n: int,
    *,
    villages: Sequence[str],
    seed: int = 2021,
    today: date = date(2026, 11, 24),
    defect_rate: float = 0.03,
    duplicate_rate: float = 0.01,
    old_district_codes: Mapping[str, str] | None = None,
) -> Iterator[SynthPerson]:
    """Yield n rows of a synthetic registry, the same rows for the same arguments."""
    if not villages:
        raise ValueError("villages must name at least one village code")
    if not 0 <= defect_rate <= 1 or not 0 <= duplicate_rate < 1:
        raise ValueError("defect_rate and duplicate_rate must be fractions")
    for code in villages:
        parts = code.split(".")
        if len(parts) != 4 or not all(part.isdigit() for part in parts):
            raise ValueError(f"not a dotted village code: {code!r}")
    population = _Population(villages, seed, today, defect_rate, duplicate_rate, dict(old_district_codes or {}))
    return population.rows(n)


class _Population:
    def __init__(self, villages, seed, today, defect_rate, duplicate_rate, old_codes):
        self.rng = rng = random.Random(seed)
        self.cal = _calendar(today)
        self.defect_rate = defect_rate
        self.duplicate_rate = duplicate_rate

        self.districts: list[_District] = []
        self.district_by_digits: dict[str, _District] = {}
        self.villages: list[_Village] = []
        self.village_index: dict[str, int] = {}
        codes = list(dict.fromkeys(villages))  # drops repeats, keeps the order
        villages_per_district = Counter(code.rsplit(".", 1)[0] for code in codes)
        weights = []
        for code in codes:
            district_code, local = code.rsplit(".", 1)
            district = self.district_by_digits.get(_digits(district_code))
            if district is None:
                district = self._district(district_code, old_codes.get(district_code))
                self.districts.append(district)
                self.district_by_digits[district.digits] = district
            kelurahan = local.startswith("1")
            index = len(self.villages)
            self.village_index[code] = index
            self.villages.append(
                _Village(
                    code=code,
                    district=self.districts.index(district),
                    kelurahan=kelurahan,
                    rt_count=rng.randint(12, 30) if kelurahan else rng.randint(5, 20),
                    rt_per_rw=0 if rng.random() < 0.75 else rng.choice((3, 4, 5)),
                    streets=self._streets(kelurahan),
                )
            )
            if not kelurahan:
                district.desa.append(index)
                district.kades_free.append(index)
            # A kecamatan's people spread unevenly over its villages; town
            # wards are denser.
            size = _DISTRICT_SIZE.get(district_code, _DEFAULT_DISTRICT_SIZE) / villages_per_district[district_code]
            weights.append(size * rng.lognormvariate(0, 0.5) * (1.5 if kelurahan else 1.0))
        self.village_cum = _cumulative(weights)
        self.all_desa = [index for index, village in enumerate(self.villages) if not village.kelurahan]
        self.occupation_tables: dict[tuple[int, bool], tuple[tuple[float, ...], ...]] = {}
        self.occupation_factors = self._calibrate_occupations(weights)

        self.migrant_cum = _cumulative(row[3] for row in _MIGRANT_ORIGINS)
        self.other_jobs = tuple(job for job, _ in _OTHER_JOBS)
        self.other_job_cum = _cumulative(weight for _, weight in _OTHER_JOBS)
        self.coastal_other_job_cum = _cumulative(
            weight * (3 if job in _POND_JOBS else 1) for job, weight in _OTHER_JOBS
        )
        self.phone_prefixes = tuple(prefix for prefix, _ in _PHONE_PREFIXES)
        self.phone_prefix_cum = _cumulative(weight for _, weight in _PHONE_PREFIXES)
        self.phone_tails = tuple(length - 4 for length, _ in _PHONE_LENGTHS)
        self.phone_tail_cum = _cumulative(weight for _, weight in _PHONE_LENGTHS)
        self.statuses = tuple(status for status, _ in _STATUSES)
        self.status_cum = _cumulative(weight for _, weight in _STATUSES)
        self.defects = tuple(defect for defect, _ in _DEFECT_WEIGHTS)
        self.defect_cum = _cumulative(weight for _, weight in _DEFECT_WEIGHTS)
        self.male_pools = {group: (pool, _rank_weights(pool)) for group, pool in _GROUP_MALE.items()}
        self.female_pools = {group: (pool, _rank_weights(pool)) for group, pool in _GROUP_FEMALE.items()}
        self.common_male = (_COMMON_MALE, _rank_weights(_COMMON_MALE))
        self.common_female = (_COMMON_FEMALE, _rank_weights(_COMMON_FEMALE))
        self.second_male = (_SECOND_MALE, _rank_weights(_SECOND_MALE))
        self.second_female = (_SECOND_FEMALE, _rank_weights(_SECOND_FEMALE))
        self.kk_first = max(date(_KK_FIRST_YEAR, 1, 1).toordinal(), self.cal.first)

        # Last serial handed out per first 12 digits of a NIK or KK: the whole
        # of the uniqueness bookkeeping, one int per (district, date) in use.
        self.nik_serials: dict[int, int] = {}
        self.kk_serials: dict[int, int] = {}
        self.households: list[_Household] = []
        self.reservoir: list[SynthPerson] = []
        self.originals = 0

    # --- set-up ---

    def _district(self, code: str, old_code: str | None) -> _District:
        own = _place_for(code)
        if code.startswith("64.02."):
            places = tuple(place or own for place, _ in _LOCAL_BIRTH_PLACES)
            cum = _cumulative(weight for _, weight in _LOCAL_BIRTH_PLACES)
        else:
            places, cum = (own,), (1.0,)
        return _District(
            code=code,
            digits=_digits(code),
            old_digits=_digits(old_code) if old_code else None,
            groups=_cumulative(_GROUPS_BY_DISTRICT.get(code, _DEFAULT_GROUPS)),
            birth_places=places,
            birth_place_cum=cum,
            coastal=code in _COASTAL,
            desa=[],
            kades_free=[],
        )

    def _streets(self, kelurahan: bool) -> tuple[str, ...]:
        """Return the few streets or hamlets a village's addresses cluster on."""
        rng = self.rng
        streets = []
        if kelurahan:
            for name in rng.sample(_TOWN_STREETS, rng.randint(3, 6)):
                streets.append(f"Jl. {name}")
                if rng.random() < 0.4:
                    streets.append(f"Jl. {name} Gg. {rng.choice(_GANGS)}")
        else:
            streets.extend(f"Dusun {name}" for name in rng.sample(_DUSUN, rng.randint(2, 4)))
            for road in rng.sample(_DESA_ROADS, rng.randint(1, 2)):
                streets.append(f"Jl. Poros Km. {rng.randint(2, 40)}" if road == "Poros" else f"Jl. {road}")
        return tuple(streets)

    def _local_occupation_weights(self, district: int, kelurahan: bool, factors: Sequence[float]) -> list[float]:
        bias = _DISTRICT_BIAS.get(self.districts[district].code, {})
        return [
            share * factor * bias.get(code, 1.0) * (_KELURAHAN_BIAS.get(code, 1.0) if kelurahan else 1.0)
            for (code, share, _female, _profile), factor in zip(_OCCUPATION_TABLE, factors, strict=True)
        ]

    def _calibrate_occupations(self, village_weights: Sequence[float]) -> list[float]:
        """Return factors on the base mix that make the whole population match it.

        Without them the local leanings (fishers on the coast, traders in town)
        would shift the overall mix away from Kukar's figures.
        """
        mass: dict[tuple[int, bool], float] = {}
        for village, weight in zip(self.villages, village_weights, strict=True):
            key = (village.district, village.kelurahan)
            mass[key] = mass.get(key, 0.0) + weight
        total = sum(mass.values())
        base_total = sum(row[1] for row in _OCCUPATION_TABLE)
        factors = [1.0] * len(OCCUPATIONS)
        for _round in range(8):
            expected = [0.0] * len(OCCUPATIONS)
            for (district, kelurahan), weight in mass.items():
                local = self._local_occupation_weights(district, kelurahan, factors)
                local_total = sum(local)
                for index, value in enumerate(local):
                    expected[index] += weight / total * value / local_total
            factors = [
                factor * row[1] / base_total / share
                for factor, row, share in zip(factors, _OCCUPATION_TABLE, expected, strict=True)
            ]
        return factors

    def _occupation_table(self, district: int, kelurahan: bool) -> tuple[tuple[float, ...], ...]:
        """Return cumulative occupation weights for anyone, for women and for men."""
        key = (district, kelurahan)
        table = self.occupation_tables.get(key)
        if table is None:
            weights = self._local_occupation_weights(district, kelurahan, self.occupation_factors)
            table = (
                _cumulative(weights),
                _cumulative(w * f for w, f in zip(weights, _FEMALE_SHARE, strict=True)),
                _cumulative(w * (1 - f) for w, f in zip(weights, _FEMALE_SHARE, strict=True)),
            )
            self.occupation_tables[key] = table
        return table

    # --- the stream ---

    def rows(self, n: int) -> Iterator[SynthPerson]:
        rnd = self.rng.random
        duplicate_rate = self.duplicate_rate
        reservoir = self.reservoir
        truth_id = 0
        twin = None
        for _ in range(n):
            if twin is not None:
                person, twin = twin, None
            elif reservoir and rnd() < duplicate_rate:
                person = self._duplicate(reservoir[int(rnd() * len(reservoir))])
            else:
                truth_id += 1
                person, twin_group = self._new_person(truth_id)
                if twin_group is not None:
                    truth_id += 1
                    twin = self._twin(person, twin_group, truth_id)
            yield person

    def _remember(self, person: SynthPerson) -> None:
        # Reservoir sampling: every clean original is equally likely to be
        # duplicated later, wherever it was in the stream.
        self.originals += 1
        if len(self.reservoir) < _RESERVOIR:
            self.reservoir.append(person)
        else:
            slot = int(self.rng.random() * self.originals)
            if slot < _RESERVOIR:
                self.reservoir[slot] = person

    def _new_person(self, truth_id: int) -> tuple[SynthPerson, int | None]:
        """Return a new person, and the name group of a twin to follow, if any."""
        rng = self.rng
        rnd = rng.random
        cal = self.cal

        defect = None
        if rnd() < self.defect_rate:
            defect = self.defects[_pick(self.defect_cum, rnd)]

        household = self._join_household() if self.households and rnd() < _JOIN_SHARE else None
        relation = "head"
        if household is not None:
            if not household.has_spouse and household.head_age >= 20 and rnd() < 0.65:
                relation = "spouse"
                household.has_spouse = True
            elif household.head_age >= 40:
                relation = "child"
            else:
                relation = "sibling"
            village_index = household.village
        else:
            village_index = _pick(self.village_cum, rnd)

        female_forced = None if relation != "spouse" else not household.head_female
        occupation, village_index = self._occupation(village_index, female_forced, fixed=household is not None)
        village = self.villages[village_index]
        district = self.districts[village.district]
        female = female_forced if female_forced is not None else rnd() < _FEMALE_SHARE[occupation]

        # Age: relatives follow the head, everyone else their occupation.
        if defect == "age_out_of_range":
            ages, cum = _OUT_AGE_TABLE
            age = ages[_pick(cum, rnd)]
        elif relation == "spouse":
            gap = rng.gauss(4.0, 4.0) if female else rng.gauss(-4.0, 4.0)
            age = min(MAX_AGE, max(MIN_AGE, int(household.head_age - gap)))
        elif relation == "child":
            age = MIN_AGE + int(rnd() * (household.head_age - 20 - MIN_AGE + 1))
        elif relation == "sibling":
            age = min(MAX_AGE, max(MIN_AGE, household.head_age + int(rng.gauss(0, 6))))
        else:
            ages, cum = _OCC_AGE_TABLE[occupation]
            age = ages[_pick(cum, rnd)]
        first = cal.age_first[age]
        birth_index = first + int(rnd() * (cal.age_last[age] - first + 1)) - cal.first
        birth_date = cal.dates[birth_index]

        # District of NIK issue, and with it the birth place and name group.
        migrant = None
        if relation in ("child", "sibling") and rnd() < 0.3:
            prefix = household.prefix
        elif relation != "child" and rnd() < _MIGRANT_SHARE:
            migrant = _MIGRANT_ORIGINS[_pick(self.migrant_cum, rnd)]
            prefix = _digits(migrant[0])
        elif district.old_digits and birth_date.year < _OLD_NIK_BEFORE_YEAR and rnd() < _OLD_CODE_SHARE:
            prefix = district.old_digits
        elif rnd() < _INTERNAL_MOVER_SHARE:
            prefix = self.districts[int(rnd() * len(self.districts))].digits
        else:
            prefix = district.digits
        if migrant is not None:
            group, birth_place = migrant[2], migrant[1]
        else:
            if household is not None and (relation != "spouse" or rnd() < 0.7):
                group = household.group
            else:
                group = _pick(district.groups, rnd)
            if group == _JAWA and rnd() < 0.12:
                birth_place = _JAVA_TOWNS[int(rnd() * len(_JAVA_TOWNS))]
            else:
                birth_place = self._birth_place(prefix, district)

        name, last = self._name(group, female, age, household.head_last if relation in ("child", "sibling") else None)
        if rnd() < _CAPS_SHARE:
            name = name.upper()
        nik = self._new_nik(prefix, birth_index, female)

        if household is not None:
            head = household.person
            kk, rt, rw, street = head.kk_number, head.rt, head.rw, head.street
            phone = head.phone if head.phone and rnd() < _SHARED_PHONE_SHARE else self._phone()
        else:
            kk = self._new_kk(district, birth_index + cal.first)
            rt, rw, street = self._address(village)
            phone = self._phone()

        other = ""
        if occupation == _LAINNYA:
            other = self._other_job(district.coastal)
        segment = _SEGMENT[occupation]
        if rnd() < (0.85 if segment == "PU" else 0.96):
            income = _STANDARD_INCOME
        else:
            income = _OTHER_INCOMES[int(rnd() * len(_OTHER_INCOMES))]
        status = self.statuses[_pick(self.status_cum, rnd)]

        person = SynthPerson(
            truth_id,
            nik,
            kk,
            name,
            "P" if female else "L",
            birth_place,
            birth_date,
            village.code,
            rt,
            rw,
            street,
            phone,
            OCCUPATIONS[occupation],
            other,
            segment,
            income,
            status,
            (),
        )
        if household is None and rnd() < 0.5:
            self._open_household(_Household(person, village_index, group, female, age, last, prefix))

        if defect is None:
            self._remember(person)
            return person, (group if rnd() < _TWIN_SHARE else None)
        if defect == "age_out_of_range":
            # The age itself is the problem; the NIK agrees with it.
            person.defects = (defect,)
            return person, None
        return self._with_defect(person, defect), None

    # --- pieces of a person ---

    def _join_household(self) -> _Household:
        households = self.households
        slot = int(self.rng.random() * len(households))
        household = households[slot]
        household.members += 1
        if household.members >= 4 or self.rng.random() < 0.3:
            households[slot] = households[-1]
            households.pop()
        return household

    def _open_household(self, household: _Household) -> None:
        if len(self.households) < _OPEN_HOUSEHOLDS:
            self.households.append(household)
        else:
            self.households[int(self.rng.random() * _OPEN_HOUSEHOLDS)] = household

    def _occupation(self, village_index: int, female: bool | None, *, fixed: bool) -> tuple[int, int]:
        """Return an occupation and the village it is practised in.

        A kelurahan has no village offices, so a new household whose head holds
        one moves to a desa of the same kecamatan; a relative, whose village is
        given, draws again. Each desa has at most one village head.
        """
        rnd = self.rng.random
        for _attempt in range(30):
            village = self.villages[village_index]
            cum_all, cum_female, cum_male = self._occupation_table(village.district, village.kelurahan)
            occupation = _pick(cum_all if female is None else cum_female if female else cum_male, rnd)
            if occupation not in _DESA_ONLY_INDEXES:
                return occupation, village_index
            if fixed:
                if village.kelurahan:
                    continue
                if occupation == _KADES and not self._take_kades(village_index):
                    continue
                return occupation, village_index
            desa = self._desa_for(occupation, village_index)
            if desa is not None:
                return occupation, desa
        return _LAINNYA, village_index

    def _desa_for(self, occupation: int, village_index: int) -> int | None:
        village = self.villages[village_index]
        district = self.districts[village.district]
        if occupation == _KADES:
            if self._take_kades(village_index):
                return village_index
            candidates = district.kades_free or [index for other in self.districts for index in other.kades_free]
            if not candidates:
                return None
            chosen = candidates[int(self.rng.random() * len(candidates))]
            self._take_kades(chosen)
            return chosen
        if not village.kelurahan:
            return village_index
        candidates = district.desa or self.all_desa
        if not candidates:
            return None
        return candidates[int(self.rng.random() * len(candidates))]

    def _take_kades(self, village_index: int) -> bool:
        free = self.districts[self.villages[village_index].district].kades_free
        if village_index not in free:
            return False
        free.remove(village_index)
        return True

    def _birth_place(self, prefix: str, home: _District) -> str:
        district = self.district_by_digits.get(prefix)
        if district is None:
            if prefix != home.old_digits:
                return _place_for(f"{prefix[0:2]}.{prefix[2:4]}.{prefix[4:6]}")
            district = home
        return district.birth_places[_pick(district.birth_place_cum, self.rng.random)]

    def _name(self, group: int, female: bool, age: int, family_name: str | None) -> tuple[str, str | None]:
        """Return a name in title case and its last element if that can pass to a child."""
        rnd = self.rng.random
        tokens: list[str] = []
        muslim = group != _DAYAK or rnd() < _MUSLIM_DAYAK_SHARE
        if age >= 40 and muslim and rnd() < _HONORIFIC_SHARE[group]:
            tokens.append("Hj." if female else "H.")
        # Noble and regional titles that clerks type as part of the name.
        if group == _BUGIS and rnd() < 0.05:
            tokens.append("Andi")
        elif group == _KUTAI and rnd() < 0.06:
            tokens.append("Dayang" if female else "Aji" if rnd() < 0.5 else "Awang")
        elif group == _SASAK and rnd() < 0.3:
            tokens.append("Baiq" if female else "Lalu")

        if female:
            common, own, second = self.common_female, self.female_pools[group], self.second_female
            if muslim:
                roll = rnd()
                if roll < 0.14:
                    tokens.append("Sitti" if group == _BUGIS and rnd() < 0.4 else "Siti")
                elif roll < 0.20:
                    tokens.append("Nur")
                elif roll < 0.30 and group == _JAWA:
                    tokens.append("Sri")
        else:
            common, own, second = self.common_male, self.male_pools[group], self.second_male
            if muslim:
                muhammad = 0.22 if group == _BANJAR else 0.13
                roll = rnd()
                if roll < muhammad:
                    tokens.append("Muhammad")
                elif roll < muhammad + 0.04:
                    tokens.append("Abdul")
                elif roll < muhammad + 0.07:
                    tokens.append("Nur")

        if not muslim:
            common = own
        if tokens and tokens[-1] == "Abdul":
            tokens.append(_ABDUL_NAMES[int(rnd() * len(_ABDUL_NAMES))])
        else:
            pool = own if own[0] and rnd() < _OWN_POOL_SHARE[group] else common
            tokens.append(pool[0][_pick(pool[1], rnd)])
        if rnd() < 0.12:
            tokens.append(common[0][_pick(common[1], rnd)])

        last = None
        if family_name and rnd() < 0.25:
            last = family_name
        elif rnd() < (0.55 if age < 30 else 0.35 if age < 45 else 0.18):
            if muslim:
                last = second[0][_pick(second[1], rnd)]
            else:
                last = _DAYAK_FAMILY[int(rnd() * len(_DAYAK_FAMILY))]
        if last is not None:
            tokens.append(last)
        # Drop a repeated element ("Nur Nur", "Ahmad Ahmad").
        unique = list(dict.fromkeys(tokens))
        return " ".join(unique), (last if last in unique and unique[-1] == last else None)

    def _new_nik(self, prefix: str, birth_index: int, female: bool) -> str:
        head = prefix + (self.cal.ddmmyy_female if female else self.cal.ddmmyy)[birth_index]
        key = int(head)
        last = self.nik_serials.get(key)
        if last is None:
            # Our people are a sample of the kecamatan's; the first serials of
            # a date may belong to others.
            rnd = self.rng.random
            serial = 1 if rnd() < 0.7 else 2 + int(rnd() * 3)
        else:
            serial = last + 1
        self.nik_serials[key] = serial
        return f"{head}{serial:04d}"

    def _new_kk(self, district: _District, birth: int) -> str:
        rnd = self.rng.random
        first = max(self.kk_first, birth + _FAMILY_HEAD_MIN_DAYS)
        last = self.cal.today - 14
        issued = first + int(rnd() * (last - first + 1)) if first < last else last
        index = issued - self.cal.first
        digits = district.digits
        if district.old_digits and self.cal.dates[index].year < _OLD_KK_BEFORE_YEAR:
            digits = district.old_digits
        head = digits + self.cal.ddmmyy[index]
        key = int(head)
        last_serial = self.kk_serials.get(key)
        # A kecamatan issues many cards a day; ours are a sample of them.
        serial = 1 + int(rnd() * 12) if last_serial is None else last_serial + 1 + int(rnd() * 3)
        self.kk_serials[key] = serial
        return f"{head}{serial:04d}"

    def _address(self, village: _Village) -> tuple[str, str, str]:
        rnd = self.rng.random
        rt_number = 1 + int(rnd() * village.rt_count)
        rw = f"{min(10, (rt_number - 1) // village.rt_per_rw + 1):03d}" if village.rt_per_rw else ""
        street = village.streets[int(rnd() * len(village.streets))]
        if village.kelurahan:
            if rnd() < 0.75:
                street = f"{street} No. {1 + int(rnd() * 150)}"
        elif street.startswith("Jl.") and rnd() < 0.3:
            street = f"{street} No. {1 + int(rnd() * 80)}"
        return f"{rt_number:03d}", rw, street

    def _phone(self) -> str:
        rnd = self.rng.random
        if rnd() >= _PHONE_SHARE:
            return ""
        prefix = self.phone_prefixes[_pick(self.phone_prefix_cum, rnd)]
        tail = self.phone_tails[_pick(self.phone_tail_cum, rnd)]
        return f"{prefix}{int(rnd() * 10**tail):0{tail}d}"

    def _other_job(self, coastal: bool) -> str:
        rnd = self.rng.random
        job = self.other_jobs[_pick(self.coastal_other_job_cum if coastal else self.other_job_cum, rnd)]
        style = rnd()
        if style < 0.25:
            return job.upper()
        if style < 0.4:
            return job.lower()
        return job

    def _twin(self, sibling: SynthPerson, group: int, truth_id: int) -> SynthPerson:
        """Return a twin: same family card, birth date and address, another name."""
        rnd = self.rng.random
        female = rnd() < 0.5
        village = self.villages[self.village_index[sibling.village_code]]
        _cum_all, cum_female, cum_male = self._occupation_table(village.district, village.kelurahan)
        occupation = _pick(cum_female if female else cum_male, rnd)
        while occupation in _DESA_ONLY_INDEXES:
            occupation = _pick(cum_female if female else cum_male, rnd)
        tokens = sibling.name.split()
        family_name = tokens[-1].title() if len(tokens) > 1 and rnd() < 0.5 else None
        name, _last = self._name(group, female, _age_on(sibling.birth_date, self.cal.dates[-1]), family_name)
        if sibling.name.isupper():
            name = name.upper()
        twin = SynthPerson(
            truth_id,
            self._new_nik(sibling.nik[:6], sibling.birth_date.toordinal() - self.cal.first, female),
            sibling.kk_number,
            name,
            "P" if female else "L",
            sibling.birth_place,
            sibling.birth_date,
            sibling.village_code,
            sibling.rt,
            sibling.rw,
            sibling.street,
            self._phone(),
            OCCUPATIONS[occupation],
            self._other_job(self.districts[village.district].coastal) if occupation == _LAINNYA else "",
            _SEGMENT[occupation],
            _STANDARD_INCOME,
            self.statuses[_pick(self.status_cum, rnd)],
            (),
        )
        self._remember(twin)
        return twin

    # --- defects ---

    def _with_defect(self, person: SynthPerson, defect: str) -> SynthPerson:
        rng = self.rng
        if defect == "nik_date_mismatch":
            return replace(person, birth_date=self._wrong_birth_date(person.birth_date), defects=(defect,))
        if defect == "nik_sex_mismatch":
            return replace(person, sex="L" if person.sex == "P" else "P", defects=(defect,))
        if defect == "phone_invalid":
            prefix = self.phone_prefixes[_pick(self.phone_prefix_cum, rng.random)]
            # Digits lost while typing ("0812345"), or two numbers run together.
            digits = rng.randint(2, 5) if rng.random() < 0.6 else rng.randint(10, 12)
            return replace(
                person, phone=prefix + "".join(str(rng.randrange(10)) for _ in range(digits)), defects=(defect,)
            )
        if defect == "name_caps_spaces":
            return replace(person, name=self._odd_name(person.name), defects=(defect,))
        raise ValueError(defect)

    def _wrong_birth_date(self, born: date) -> date:
        """Return a birth date that disagrees with the NIK but keeps the age in range."""
        candidates = [date.fromordinal(born.toordinal() - 1), date.fromordinal(born.toordinal() + 1)]
        if born.day <= 12 and born.day != born.month:
            candidates.append(born.replace(day=born.month, month=born.day))
        for years in (-10, -2, -1, 1, 2, 10):
            with suppress(ValueError):  # 29 February in a common year
                candidates.append(born.replace(year=born.year + years))
        today = self.cal.dates[-1]
        valid = [candidate for candidate in candidates if MIN_AGE <= _age_on(candidate, today) <= MAX_AGE]
        return valid[int(self.rng.random() * len(valid))]

    def _odd_name(self, name: str) -> str:
        rng = self.rng
        tokens = name.split()
        style = rng.random()
        if style < 0.4:
            # Double and stray blanks from copying out of other documents.
            text = "  ".join(tokens)
            return " " + text if rng.random() < 0.5 else text + " "
        if style < 0.65:
            return name.lower()
        if style < 0.85:
            # Caps lock on while pressing shift.
            return " ".join(token[:1].lower() + token[1:].upper() for token in tokens)
        return "  ".join(token.lower() for token in tokens)

    # --- duplicates ---

    def _duplicate(self, source: SynthPerson) -> SynthPerson:
        """Return another row for the same person, as a second proposal would type it."""
        rnd = self.rng.random
        markers = []
        changes = {}
        # A village head stays in his village; other people move.
        village = self._other_village(source) if source.occupation != "kepala_desa" and rnd() < 0.35 else None
        nik_typo = village is None or rnd() < 0.4
        if nik_typo:
            changes["nik"] = self._nik_typo(source.nik)
            markers.append("nik_typo_duplicate")
        if rnd() < 0.55:
            changes["name"] = self._name_variant(source.name)
            markers.append("name_variant_duplicate")
        if village is not None:
            changes["village_code"] = village.code
            changes["rt"], changes["rw"], changes["street"] = self._address(village)
            # Moving house means a new family card in the new place.
            changes["kk_number"] = self._new_kk(self.districts[village.district], source.birth_date.toordinal())
            if rnd() < 0.3:
                changes["phone"] = self._phone()
            markers.append("moved_duplicate")
        born = source.birth_date
        if born.day <= 12 and born.day != born.month and rnd() < 0.15:
            changes["birth_date"] = born.replace(day=born.month, month=born.day)
            markers.append("date_swap_duplicate")
        if not nik_typo:
            markers.append("same_nik_duplicate")
        changes["status"] = "proposed" if rnd() < 0.65 else "verified"
        return replace(source, defects=tuple(markers), **changes)

    def _other_village(self, source: SynthPerson) -> _Village | None:
        """Return a village the person could have moved to, keeping any village office possible."""
        needs_desa = source.occupation in _DESA_ONLY
        for _attempt in range(20):
            village = self.villages[_pick(self.village_cum, self.rng.random)]
            if village.code != source.village_code and not (needs_desa and village.kelurahan):
                return village
        return None

    def _nik_typo(self, nik: str) -> str:
        """Return the NIK with one digit off or two neighbours swapped, and nobody's NIK."""
        rng = self.rng
        serials = self.nik_serials
        for _attempt in range(50):
            digits = list(nik)
            position = rng.randrange(15)
            if rng.random() < 0.6:
                position += rng.randrange(2)
                digits[position] = str((int(digits[position]) + rng.randint(1, 9)) % 10)
            elif digits[position] != digits[position + 1]:
                digits[position], digits[position + 1] = digits[position + 1], digits[position]
            else:
                continue
            typo = "".join(digits)
            key, serial = int(typo[:12]), int(typo[12:])
            last = serials.get(key)
            # Every serial up to the last one handed out counts as taken.
            if last is None or serial > last:
                serials[key] = serial
                return typo
        # Serials never reach the thousands here, so this one is free.
        typo = f"{nik[:12]}{(int(nik[12]) + 5) % 10}{nik[13:]}"
        serials[int(typo[:12])] = max(serials.get(int(typo[:12]), 0), int(typo[12:]))
        return typo

    def _name_variant(self, name: str) -> str:
        """Return the name as another clerk would write it."""
        rng = self.rng
        tokens = name.title().split()
        if tokens[0] in ("H.", "Hj.") and rng.random() < 0.5:
            tokens = tokens[1:]
        elif len(tokens) >= 3 and rng.random() < 0.35:
            del tokens[1 + int(rng.random() * (len(tokens) - 2))]
        else:
            spellable = [index for index, token in enumerate(tokens) if _spelling_variants(token)]
            if spellable and rng.random() < 0.7:
                index = spellable[int(rng.random() * len(spellable))]
                options = _spelling_variants(tokens[index])
                tokens[index] = options[int(rng.random() * len(options))]
            else:
                index = max(range(len(tokens)), key=lambda i: (len(tokens[i]), i))
                tokens[index] = _typo(tokens[index], rng)
        variant = " ".join(tokens)
        # Another clerk, another habit.
        if name.isupper() != (rng.random() < 0.3):
            variant = variant.upper()
        return variant


_SPELLINGS = {
    "Muhammad": ("M.", "Moh.", "Muh.", "Muhamad", "Mohammad", "Mochammad"),
    "Ahmad": ("Achmad", "Ahmat"),
    "Rahmat": ("Rachmat",),
    "Yusuf": ("Yusup",),
    "Saiful": ("Syaiful",),
    "Siti": ("Sitti", "St."),
    "Sitti": ("Siti",),
    "Nur": ("Noor", "Nor"),
    "Noor": ("Nur",),
    "Zainal": ("Jainal",),
    "Jainal": ("Zainal",),
    "Fatimah": ("Patimah", "Fatima"),
    "Rizki": ("Rizky", "Risky", "Rezki"),
    "Taufik": ("Taufiq",),
    "Yuliana": ("Juliana",),
    "Juliana": ("Yuliana",),
    "Khadijah": ("Hadijah", "Chadijah"),
    "Hadijah": ("Khadijah",),
    "Abdul": ("Abd.",),
    "Husin": ("Husain", "Husen"),
}


def _spelling_variants(token: str) -> tuple[str, ...]:
    """Return the ways the same name is commonly spelt, besides this one."""
    if token in _SPELLINGS:
        return _SPELLINGS[token]
    if token.endswith("uddin"):
        return (token[:-5] + "udin",)
    if token.startswith("Sy") and len(token) > 4:
        return ("S" + token[2:],)
    if token.endswith("y") and len(token) > 3:
        return (token[:-1] + "i",)
    if token.endswith("ah") and len(token) > 4:
        return (token[:-1],)
    return ()


def _typo(token: str, rng: random.Random) -> str:
    """Return the token with one keying slip: two letters swapped, one dropped or doubled."""
    if len(token) < 3:
        return token + token[-1]
    position = 1 + int(rng.random() * (len(token) - 2))
    kind = rng.random()
    if kind < 0.4 and token[position] != token[position + 1]:
        return token[:position] + token[position + 1] + token[position] + token[position + 2 :]
    if kind < 0.7:
        return token[:position] + token[position + 1 :]
    return token[:position] + token[position] + token[position:]
