"""The documents each claim type needs (domain.md §3, §10) and how uploaded files are checked and kept."""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings

from lindung.claims.models import DocumentKind, Kind
from lindung.errors import DomainError

D = DocumentKind
_DEATH = [
    D.MEMBERSHIP_CARD,
    D.KTP_WORKER,
    D.KTP_HEIR,
    D.DEATH_CERTIFICATE,
    D.KK,
    D.HEIR_CERTIFICATE,
    D.MARRIAGE_BOOK,
]
_ACCIDENT = [D.MEMBERSHIP_CARD, D.KTP_WORKER, D.CHRONOLOGY, D.DOCTOR_STATEMENT, D.RECEIPTS]

CHECKLIST: dict[str, list[str]] = {
    Kind.JKM: _DEATH,
    Kind.JKK_DEATH: [*_DEATH, D.CHRONOLOGY, D.DOCTOR_STATEMENT],
    Kind.JKK_TREATMENT: _ACCIDENT,
    Kind.JKK_STMB: _ACCIDENT,
    Kind.JKK_DISABILITY: _ACCIDENT,
    Kind.SCHOLARSHIP: [
        D.CLAIM_FORM,
        D.BIRTH_CERTIFICATE,
        D.KK,
        D.SCHOOL_CERTIFICATE,
        D.REPORT_CARD,
        D.CHILD_ACCOUNT,
        D.KTP_HEIR,
    ],
}

# Needed only when an heir is the worker's spouse: starts as not needed, follows the heirs.
SPOUSE_ONLY = frozenset({D.MARRIAGE_BOOK})

# Content signatures of the accepted types; the file's name or declared type is never trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "PDF", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG", (".jpg", ".jpeg")),
)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "LINDUNG_CLAIM_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def storage_dir() -> Path:
    """Under the var dir, beside the database: never served by the web server, only through a view."""
    return Path(settings.VAR_DIR) / "claims"


def sniff(head: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    for signature, content_type, label, suffixes in SIGNATURES:
        if head.startswith(signature):
            return content_type, label, suffixes
    return None


def check_upload(name: str, size: int, head: bytes) -> tuple[str, str]:
    """Return (content type, suffix) of an acceptable upload, or raise saying what is wrong with it."""
    limit = max_bytes()
    if size > limit:
        raise DomainError(
            f"Berkas {name} berukuran {size / 1024 / 1024:.1f} MB; paling besar {limit // 1024 // 1024} MB. "
            "Perkecil hasil pindaian (mis. 150 dpi) lalu unggah lagi."
        )
    if size == 0:
        raise DomainError(f"Berkas {name} kosong.")
    found = sniff(head)
    suffix = Path(name).suffix.lower()
    if found is None:
        raise DomainError(
            f"Isi berkas {name} bukan PDF, JPEG atau PNG. Pindai atau foto dokumennya sebagai PDF/JPEG/PNG."
        )
    content_type, label, suffixes = found
    named = {s: s_label for _, _, s_label, group in SIGNATURES for s in group}
    if suffix not in named:
        raise DomainError(f"Berkas {name} harus berakhiran .pdf, .jpg, .jpeg atau .png.")
    if suffix not in suffixes:
        raise DomainError(
            f"Berkas {name} bernama {named[suffix]} tetapi isinya {label}. "
            "Simpan ulang dengan jenis yang benar lalu unggah lagi."
        )
    return content_type, suffixes[0]


def store(uploaded, *, claim_pk: int, suffix: str) -> tuple[str, str]:
    """Write the upload under the storage folder; return (relative name, sha256)."""
    relative = f"{claim_pk}/{uuid.uuid4().hex}{suffix}"
    path = storage_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with path.open("xb") as out:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            out.write(chunk)
    return relative, digest.hexdigest()


def path_of(stored_name: str) -> Path:
    root = storage_dir().resolve()
    path = (root / stored_name).resolve()
    # A stored name is ours, but a path outside the folder must never be opened.
    if root not in path.parents:
        raise DomainError("Berkas tidak ditemukan.")
    return path


def remove(stored_name: str) -> None:
    if stored_name:
        path_of(stored_name).unlink(missing_ok=True)
