"""Dated rules (rates, eligibility, coverage and benefit rules): a change is a new version from a date.

A version already in force is never rewritten: what was computed under it stays explainable, and
the audit trail says who added which version, from when and on what source.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import is_regency_admin, require_role
from lindung.audit import services as audit
from lindung.claims.models import BenefitRules
from lindung.coverage.models import CoverageRules
from lindung.errors import DomainError
from lindung.lib.formatting import BULAN, tanggal
from lindung.people.models import EligibilityRules
from lindung.programmes.models import RateSchedule


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model: type[models.Model]
    about: str
    affects: str  # the figures computed under it, named in the warning about a backdated version


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "tarif-iuran",
            "Tarif iuran",
            RateSchedule,
            "Tarif JKK dan JKM, potongan iuran dan masa kepesertaan minimum yang dipakai menghitung biaya program.",
            "biaya program, tagihan dan buku besar iuran",
        ),
        Kind(
            "kelayakan",
            "Aturan kelayakan",
            EligibilityRules,
            "Usia, pekerjaan dan domisili yang diperiksa saat pekerja didaftarkan dan diverifikasi.",
            "hasil pemeriksaan kelayakan pekerja dan daftar yang didanai",
        ),
        Kind(
            "pengakuan-iuran",
            "Aturan pengakuan iuran",
            CoverageRules,
            "Jatuh tempo, batas tunggakan dan aktivasi ulang yang menentukan apakah seseorang terlindungi.",
            "buku besar iuran, tunggakan dan status perlindungan peserta",
        ),
        Kind(
            "manfaat",
            "Aturan manfaat",
            BenefitRules,
            "Besar santunan JKK dan JKM, beasiswa dan tenggat klaim.",
            "perhitungan santunan dan tenggat klaim",
        ),
    )
}

RULE_READERS = (Role.ADMIN, Role.AUDITOR)


def kind_of(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise DomainError(f"Jenis aturan {slug!r} tidak dikenal. Pilih salah satu: {', '.join(KINDS)}.") from None


def require_reader(by) -> None:
    require_role(by, *RULE_READERS, message="Aturan bertanggal hanya untuk admin kabupaten dan auditor.")


def in_force(kind: Kind, on=None):
    on = on or timezone.localdate()
    return kind.model.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def values_of(row) -> dict:
    return {k: v for k, v in model_to_dict(row).items() if k != "id"}


def may_manage(by) -> bool:
    # Rules hold for the whole regency: only its admin adds versions, not one bound to a district.
    return is_regency_admin(by)


def require_manager(by) -> None:
    if not may_manage(by):
        raise PermissionDenied("Hanya admin kabupaten yang boleh menambah versi aturan.")


class BackdatedVersion(DomainError):
    """A version starting before today changes figures already computed; nothing was saved unconfirmed."""

    def __init__(self, message: str, valid_from):
        super().__init__(message)
        self.valid_from = valid_from


def _month(d) -> str:
    return f"{BULAN[d.month - 1]} {d.year}"


def backdated_warning(kind: Kind, valid_from, current, today) -> str:
    """What a version starting before today changes, in Indonesian: the period and the figures."""
    period = f"bulan {_month(valid_from)}"
    if (valid_from.year, valid_from.month) != (today.year, today.month):
        period += f" sampai {_month(today)}"
    under = f" dengan versi yang berlaku sejak {tanggal(current.valid_from)}" if current is not None else ""
    return (
        f"Versi ini berlaku surut sejak {tanggal(valid_from)}, sebelum hari ini ({tanggal(today)}). "
        f"Angka yang sudah dihitung{under} untuk {period} akan dihitung ulang dan dapat berubah: "
        f"{kind.affects}. Periksa lagi tanggal mulainya; bila memang benar, konfirmasi lalu simpan."
    )


@transaction.atomic
def add_version(kind: Kind, values: dict, *, by, confirm_backdated=None):
    """Add a version of a rule in force from its date; earlier versions stay as they were.

    A start before today needs `confirm_backdated` equal to that start: the user has read
    which months' figures change (backdated_warning) for exactly this date.
    """
    require_manager(by)
    valid_from = values.get("valid_from")
    if valid_from is None:
        raise DomainError("Isi tanggal mulai berlakunya versi baru.")
    if not (values.get("source") or "").strip():
        raise DomainError("Isi sumbernya (nomor peraturan, surat atau keputusan) agar versi ini dapat diperiksa.")
    # Lock the rule's versions so two admins cannot slip a version under the one in force at once.
    list(kind.model.objects.select_for_update().values_list("pk", flat=True))
    today = timezone.localdate()
    current = in_force(kind, today)
    if current is not None and valid_from <= current.valid_from:
        raise DomainError(
            f"{kind.label} yang berlaku sejak {tanggal(current.valid_from)} sudah dipakai dan tidak diubah. "
            f"Versi baru harus berlaku sesudah tanggal itu."
        )
    backdated = valid_from < today
    if backdated and confirm_backdated != valid_from:
        raise BackdatedVersion(backdated_warning(kind, valid_from, current, today), valid_from)
    if kind.model.objects.filter(valid_from=valid_from).exists():
        raise DomainError(f"Sudah ada versi {kind.label.lower()} yang berlaku sejak {tanggal(valid_from)}.")
    row = kind.model(**values)
    try:
        row.full_clean()
    except ValidationError as exc:
        raise DomainError("Versi ini ditolak: " + " ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(f"Sudah ada versi {kind.label.lower()} yang berlaku sejak {tanggal(valid_from)}.") from None
    data = {"values": values_of(row), "backdated": backdated}
    audit.record(f"{row._meta.app_label}.{row._meta.model_name}.added", row, by=by, data=data)
    return row
