"""Village lists with known duplicates, to measure the linkage engine against the truth.

Starts from `synth.generate_people` (NIK typos, name variants, moved people,
date swaps, twins) and adds what lists sent to the regency office also hold:
abbreviated and reordered names with honorifics, NIKs damaged by a
spreadsheet, KK numbers typed into the NIK column, fathers and sons of the
same name on one family card, one very common name many times in one
village, and blank cells. Every row keeps the `truth_id` of the person it
stands for. Only the standard library is used.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from lindung.lib.linkage.village_list import COLUMNS, ENGINE_COLUMNS
from lindung.lib.synth import SynthPerson, generate_people

_COMMON_NAMES = ("Muhammad Rizki", "Siti Aminah", "Ahmad", "Nur Hasanah", "Muhammad Yusuf")
_HONORIFICS = ("H.", "Hj.", "Drs.", "Ust.")


@dataclass(slots=True)
class Row:
    truth_id: int
    sumber: str
    nik: str
    no_kk: str
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: str
    kode_desa: str
    rt: str
    alamat: str
    no_hp: str
    pekerjaan: str
    kind: str  # how the row was made, for reading failures


def _row(person: SynthPerson, kind: str, sumber: str) -> Row:
    return Row(
        person.truth_id,
        sumber,
        person.nik,
        person.kk_number,
        person.name,
        person.sex,
        person.birth_place,
        person.birth_date.strftime("%d-%m-%Y"),
        person.village_code,
        person.rt,
        person.street,
        person.phone,
        person.occupation,
        kind,
    )


def _abbreviate(name: str, rng: random.Random) -> str:
    tokens = name.split()
    roll = rng.random()
    if tokens[0].lower() in ("muhammad", "mohammad", "muhamad") and len(tokens) > 1:
        tokens[0] = rng.choice(("M.", "Moh.", "Muh.", "Muhamad", "MUHAMMAD"))
    elif tokens[0].lower() in ("nur", "nurul") and len(tokens) > 1:
        tokens[0] = "Nurul" if tokens[0].lower() == "nur" else "Nur"
    elif roll < 0.4 and len(tokens) > 1:
        tokens = tokens[1:] + tokens[:1]  # family name first, as on some lists
    elif roll < 0.7:
        tokens = [rng.choice(_HONORIFICS), *tokens]
    else:
        tokens = [*tokens[:-1], tokens[-1] + ", S.Pd."] if len(tokens) > 1 else tokens
    return " ".join(tokens)


def _excel_damage(nik: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return nik[:15] + "0"  # number cell: 15 significant digits kept
    if roll < 0.75:
        return nik[:15]
    if roll < 0.9:
        return f"{nik[0]},{nik[1:6]}E+15"
    return nik + ".0"


def _nik_typo(nik: str, rng: random.Random) -> str:
    digits = list(nik)
    position = rng.randrange(16)
    digits[position] = str((int(digits[position]) + rng.randint(1, 9)) % 10)
    return "".join(digits)


def _retyped(person: SynthPerson, rng: random.Random, villages: Sequence[str], another) -> Row:
    """Return the person as another village's clerk typed them: slips, and a third of them moved."""
    changes: dict[str, str] = {}
    kinds = []
    if rng.random() < 0.6:
        changes["nik"] = _nik_typo(person.nik, rng)
        kinds.append("nik")
    if rng.random() < 0.55:
        changes["nama"] = _abbreviate(person.name, rng) if rng.random() < 0.4 else _name_slip(person.name, rng)
        kinds.append("name")
    if rng.random() < 0.35:
        village = rng.choice(villages)
        changes["kode_desa"] = village
        changes["rt"] = f"{rng.randint(1, 20):03d}"
        changes["alamat"] = ""
        digits = village.replace(".", "")[:6]
        changes["no_kk"] = (
            f"{digits}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(10, 25):02d}{rng.randint(1, 99):04d}"
        )
        if rng.random() < 0.3:
            changes["no_hp"] = f"08{rng.randint(11, 99)}{rng.randint(1000000, 99999999)}"
        kinds.append("moved")
    born = person.birth_date
    if born.day <= 12 and born.day != born.month and rng.random() < 0.1:
        changes["tanggal_lahir"] = born.replace(day=born.month, month=born.day).strftime("%d-%m-%Y")
        kinds.append("swap")
    return another(person, "retyped_" + "_".join(kinds or ["same"]), **changes)


def _name_slip(name: str, rng: random.Random) -> str:
    tokens = name.split()
    index = max(range(len(tokens)), key=lambda i: len(tokens[i]))
    token = tokens[index]
    if len(token) >= 4:
        at = rng.randrange(1, len(token) - 1)
        roll = rng.random()
        if roll < 0.4:
            token = token[:at] + token[at + 1] + token[at] + token[at + 2 :]
        elif roll < 0.7:
            token = token[:at] + token[at + 1 :]
        else:
            token = token[:at] + token[at] + token[at:]
    tokens[index] = token
    return " ".join(tokens).upper() if rng.random() < 0.3 else " ".join(tokens)


class NikSerials:
    """Hand out NIKs no one holds yet.

    Every person has a NIK of their own (domain.md §6: the serial counts up per
    kecamatan and birth date), so the people made here get the next free
    serial of their first twelve digits, never one already held.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.last: dict[str, int] = {}

    def seen(self, nik: str) -> None:
        if len(nik) == 16 and nik.isdigit():
            self.last[nik[:12]] = max(self.last.get(nik[:12], 0), int(nik[12:]))

    def new(self, head: str) -> str:
        serial = self.last.get(head, 0) + 1 + self.rng.randrange(3)
        self.last[head] = serial
        return f"{head}{serial:04d}"


def generate_lists(n: int, *, villages: Sequence[str], seed: int = 7) -> list[Row]:
    """Return about n rows of village lists with duplicates and look-alikes, shuffled."""
    rng = random.Random(seed)
    # synth duplicates a reservoir of 4,096 people; at a million rows its rate
    # would give each of them eight copies. Keep its copies to about half the
    # reservoir and make the rest here, from anyone.
    synth_rate = min(0.02, 2000 / n)
    base = list(generate_people(int(n * 0.93), villages=villages, seed=seed, duplicate_rate=synth_rate))
    rows = [_row(p, "synth_dup" if p.defects and "duplicate" in p.defects[0] else "synth", "desa") for p in base]
    originals = [p for p in base if not any("duplicate" in d for d in p.defects)]
    next_truth = 10**9
    extra: list[Row] = []

    def another(person: SynthPerson, kind: str, **changes) -> Row:
        row = _row(person, kind, rng.choice(("desa", "kecamatan", "dinas")))
        for key, value in changes.items():
            setattr(row, key, value)
        return row

    serials = NikSerials(rng)
    for row in rows:
        serials.seen(row.nik)
    new_nik = serials.new

    target = n - len(rows)
    while len(extra) < target:
        person = originals[rng.randrange(len(originals))]
        roll = rng.random()
        if roll < 0.35:
            extra.append(_retyped(person, rng, villages, another))
            continue
        roll = rng.random()
        if roll < 0.28:
            nik = person.nik if rng.random() < 0.5 else _nik_typo(person.nik, rng)
            extra.append(another(person, "abbreviation", nama=_abbreviate(person.name, rng), nik=nik))
        elif roll < 0.46:
            extra.append(another(person, "excel_nik", nik=_excel_damage(person.nik, rng)))
        elif roll < 0.56:
            extra.append(another(person, "kk_as_nik", nik=person.kk_number))
        elif roll < 0.66:
            # A second list with half its cells left empty.
            extra.append(
                another(
                    person,
                    "blanks",
                    no_hp="",
                    no_kk="" if rng.random() < 0.5 else person.kk_number,
                    jenis_kelamin="",
                    nik=person.nik if rng.random() < 0.6 else "",
                    rt="",
                    alamat="",
                )
            )
        elif roll < 0.82 and person.sex == "L" and person.birth_date.year <= 1985:
            # A son named after his father, on the same family card.
            gap = rng.randint(20, 30)
            try:
                born = person.birth_date.replace(year=person.birth_date.year + gap)
            except ValueError:
                born = date(person.birth_date.year + gap, 2, 28)
            next_truth += 1
            nik = new_nik(f"{person.nik[:6]}{born.day:02d}{born.month:02d}{born.year % 100:02d}")
            extra.append(
                another(
                    replace(person, truth_id=next_truth),
                    "son",
                    nik=nik,
                    tanggal_lahir=born.strftime("%d-%m-%Y"),
                    no_hp="" if rng.random() < 0.5 else person.phone,
                )
            )
        elif roll < 0.9:
            # Many different people with the one name everybody gives a son or
            # daughter, in one village; some born the same year.
            name = rng.choice(_COMMON_NAMES)
            sex = "P" if name.startswith(("Siti", "Nur H")) else "L"
            for _ in range(rng.randint(5, 15)):
                next_truth += 1
                born = date(rng.randint(1965, 2005), rng.randint(1, 12), rng.randint(1, 28))
                day = born.day + (40 if sex == "P" else 0)
                nik = new_nik(f"{person.nik[:6]}{day:02d}{born.month:02d}{born.year % 100:02d}")
                extra.append(
                    another(
                        replace(person, truth_id=next_truth),
                        "common_name",
                        nama=name if rng.random() < 0.7 else name.upper(),
                        jenis_kelamin=sex,
                        nik=nik,
                        tanggal_lahir=born.strftime("%d-%m-%Y"),
                        no_kk=str(int(person.kk_number) + rng.randint(1, 500)),
                        no_hp="",
                    )
                )
        else:
            # Exact re-entry from a second list, with the name in capitals.
            extra.append(another(person, "reentry", nama=person.name.upper()))
    rows.extend(extra[:target])
    rng.shuffle(rows)
    return rows


def columns_for_engine(rows: Sequence[Row]) -> dict[str, list]:
    """Return the rows as the engine's input columns."""
    return {engine: [getattr(row, source) for row in rows] for source, engine in ENGINE_COLUMNS.items()}


def iter_csv_rows(rows: Sequence[Row], region_names: dict[str, str] | None = None) -> Iterator[list[str]]:
    """Yield the list rows with the `lindung dedupe` input columns, header first."""
    names = region_names or {}
    yield list(COLUMNS)
    for index, row in enumerate(rows, start=1):
        village = row.kode_desa
        yield [
            f"R{index:07d}",
            row.sumber,
            row.nik,
            row.no_kk,
            row.nama,
            row.jenis_kelamin,
            row.tempat_lahir,
            row.tanggal_lahir,
            village,
            names.get(village, ""),
            names.get(village[:8], ""),
            row.rt,
            row.alamat,
            row.no_hp,
            row.pekerjaan,
        ]


def pairwise_scores(truth: Sequence[int], labels: Sequence[int]) -> dict:
    """Return pairwise precision, recall, F1 and wrongly merged records of a clustering."""
    from collections import Counter

    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    true_pairs = pairs(Counter(truth))
    found_pairs = pairs(Counter(labels))
    both = pairs(Counter(zip(truth, labels, strict=True)))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # A record is wrongly merged when its cluster holds someone who is not it:
    # count the records outside the majority person of each cluster.
    by_cluster: dict[int, Counter] = {}
    for t, label in zip(truth, labels, strict=True):
        by_cluster.setdefault(label, Counter())[t] += 1
    wrong = sum(sum(c.values()) - max(c.values()) for c in by_cluster.values())
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "found_pairs": found_pairs,
        "wrongly_merged": wrong,
        "wrongly_merged_share": wrong / max(len(truth), 1),
    }
