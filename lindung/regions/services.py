"""Loading and looking up Kemendagri region codes."""

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lindung.regions.models import Level, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CURRENT_FILE = DATA_DIR / "wilayah_id.csv"
FORMER_FILE = DATA_DIR / "former_regions.csv"

LEVEL_BY_LENGTH = {2: Level.PROVINCE, 5: Level.REGENCY, 8: Level.DISTRICT, 13: Level.VILLAGE}


class RegionDataError(Exception):
    pass


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_regions(*, current_file: Path = CURRENT_FILE, former_file: Path = FORMER_FILE, progress=None) -> dict:
    """Insert or update every region code from the shipped files, in one transaction."""
    rows = _read_rows(current_file)
    regions = []
    for line, row in enumerate(rows, start=2):
        code = row["code"].strip()
        level = LEVEL_BY_LENGTH.get(len(code))
        if level is None or row["level"] != level:
            raise RegionDataError(
                f"{current_file.name} baris {line}: kode {code!r} tidak sesuai tingkat {row['level']!r}"
            )
        regions.append(Region(code=code, name=row["name"].strip(), level=level, parent_id=parent_code(code)))
    known = {r.code for r in regions}
    former = []
    if former_file.exists():
        for row in _read_rows(former_file):
            code = row["code"].strip()
            if code in known:
                continue
            former.append(
                Region(
                    code=code,
                    name=row["name"].strip(),
                    level=LEVEL_BY_LENGTH[len(code)],
                    parent_id=None,
                    current=False,
                    current_code=row.get("current_code", "").strip(),
                )
            )
            known.add(code)
    fields = ("name", "level", "parent_id", "current", "current_code")
    with transaction.atomic():
        existing = {row[0]: row[1:] for row in Region.objects.values_list("code", *fields)}
        # Parents first so the self-referencing key holds on every backend.
        ordered = sorted(regions + former, key=lambda r: (len(r.code), r.code))
        new = [r for r in ordered if r.code not in existing]
        # Only rows whose data changed are written: a rerun over the same file touches nothing.
        old = [r for r in ordered if r.code in existing and existing[r.code] != tuple(getattr(r, f) for f in fields)]
        for start in range(0, len(new), 5000):
            Region.objects.bulk_create(new[start : start + 5000])
            if progress:
                progress(min(start + 5000, len(new)), len(new))
        if old:
            Region.objects.bulk_update(old, ["name", "level", "parent", "current", "current_code"], batch_size=1000)
    clear_caches()
    return {"created": len(new), "updated": len(old), "current": len(regions), "former": len(former)}


@lru_cache(maxsize=1)
def _district_codes() -> frozenset[str]:
    return frozenset(Region.objects.filter(level=Level.DISTRICT).values_list("code", flat=True))


def district_exists(code: str) -> bool:
    """True for a current district code or one from an older Kemendagri list (NIKs keep old codes)."""
    return code in _district_codes()


@lru_cache(maxsize=1)
def installation_villages() -> tuple[tuple[str, str, str], ...]:
    """(code, name, district name) of every village of the installation, by district then village name.

    Forms offer these on every page; regions change only through load_regions, which
    clears this cache (other server processes pick the change up when restarted).
    """
    rows = Region.objects.in_installation().villages().select_related("parent").order_by("parent__name", "name")
    return tuple((r.code, r.name, r.parent.name) for r in rows)


@lru_cache(maxsize=1)
def installation_districts() -> tuple[tuple[str, str], ...]:
    return tuple(Region.objects.in_installation().districts().order_by("name").values_list("code", "name"))


@lru_cache(maxsize=1)
def installation_regency_name() -> str:
    """ "Kabupaten Kutai Kartanegara": how messages name the regency this installation serves."""
    name = Region.objects.filter(code=settings.LINDUNG_REGENCY).values_list("name", flat=True).first()
    return name or f"kabupaten {settings.LINDUNG_REGENCY}"


def outside_regency_message(code: str, name: str = "") -> str:
    """The refusal of a village outside the installation's regency, naming the regency it serves."""
    what = f"Desa/kelurahan {name} ({code})" if name else f"Kode desa {code}"
    return (
        f"{what} berada di luar {installation_regency_name()}. Aplikasi ini hanya mendaftarkan pekerja yang "
        f"berdomisili di {installation_regency_name()}; periksa kode atau nama desanya."
    )


def outside_regency(code: str) -> bool:
    regency = settings.LINDUNG_REGENCY
    return bool(code) and code != regency and not code.startswith(regency + ".")


# Caches built on the ones above elsewhere (a scope's village choices), cleared with them.
_dependent_caches: list = []


def clears_with_regions(cached):
    """Register an lru_cache'd function built from the installation's regions; return it."""
    _dependent_caches.append(cached)
    return cached


def clear_caches() -> None:
    installation_regency_name.cache_clear()
    _district_codes.cache_clear()
    installation_villages.cache_clear()
    installation_districts.cache_clear()
    for cached in _dependent_caches:
        cached.cache_clear()


def installation_regency() -> Region:
    return Region.objects.get(code=settings.LINDUNG_REGENCY)
