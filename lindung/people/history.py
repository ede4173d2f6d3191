"""A person's audit trail in words a village operator reads: labels, not codes."""

from dataclasses import dataclass
from datetime import date

from lindung.audit.models import AuditEntry
from lindung.lib.formatting import rupiah, tanggal
from lindung.lib.nik import mask_nik
from lindung.people.models import Occupation, Person, Segment, Sex, Status
from lindung.regions.models import Region

ACTION_LABELS = {
    "people.person.proposed": "Diusulkan",
    "people.person.updated": "Data diubah",
    "people.person.verified": "Diverifikasi",
    "people.person.rejected": "Ditolak",
    "people.person.deceased": "Ditandai meninggal",
    "people.person.moved": "Ditandai pindah",
    "people.person.nik_viewed": "NIK lengkap dilihat",
    "people.person.merged": "Digabung (data ganda)",
    "people.person.merge_kept": "Data ganda digabungkan ke data ini",
}

FIELD_LABELS = {
    "nik": "NIK",
    "kk_number": "No. KK",
    "name": "Nama",
    "sex": "Jenis kelamin",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "village_id": "Desa/kelurahan",
    "rt": "RT",
    "rw": "RW",
    "street": "Alamat",
    "phone": "No. HP/WA",
    "occupation": "Pekerjaan",
    "occupation_other": "Pekerjaan lainnya",
    "segment": "Segmen",
    "declared_income": "Penghasilan dilaporkan",
    "status": "Status",
}

CHOICES = {
    "sex": dict(Sex.choices),
    "occupation": dict(Occupation.choices),
    "segment": dict(Segment.choices),
    "status": dict(Status.choices),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryItem:
    entry: AuditEntry
    label: str
    changes: tuple[Change, ...]
    reason: str
    # The other record of a merge: the one merged away, or the one that lives on.
    other_pk: int | None = None
    other_label: str = ""


def _show(field: str, value, villages: dict[str, str]) -> str:
    if value in (None, ""):
        return "—"
    if field in ("nik", "kk_number"):
        return mask_nik(str(value))
    if field in CHOICES:
        return CHOICES[field].get(value, str(value))
    if field == "birth_date":
        try:
            return tanggal(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if field == "village_id":
        return villages.get(value, value)
    if field == "declared_income":
        return rupiah(int(value))
    return str(value)


def person_history(person: Person, limit: int = 100) -> list[HistoryItem]:
    """The person's audit entries, newest first, with labelled before/after values."""
    entries = list(AuditEntry.objects.for_target(person).select_related("actor")[:limit])
    codes: set[str] = set()
    for e in entries:
        pair = (e.data.get("changes") or {}).get("village_id")
        if pair:
            codes.update(value for value in pair if value)
    villages = dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    items = []
    for e in entries:
        changes = tuple(
            Change(FIELD_LABELS.get(field, field), _show(field, pair[0], villages), _show(field, pair[1], villages))
            for field, pair in (e.data.get("changes") or {}).items()
        )
        other_pk, other_label = None, ""
        if e.action == "people.person.merge_kept":
            other_pk = e.data.get("merged")
            # Only the number: the merged record may lie in a village this reader does not see.
            other_label = f"data yang digabung (#{other_pk})"
        elif e.action == "people.person.merged":
            other_pk = e.data.get("into")
            other_label = f"data yang berlaku (#{other_pk})"
        items.append(
            HistoryItem(
                e, ACTION_LABELS.get(e.action, e.action), changes, e.data.get("reason", ""), other_pk, other_label
            )
        )
    return items
