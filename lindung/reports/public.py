"""What anyone may learn without logging in: aggregate coverage, and "am I protected?" for one NIK.

The self-check answers only whether the NIK is registered and protected this month, under which
programme period, with the name masked; it never lists anything, is throttled per address and is
logged (a keyed hash of the NIK, never the NIK).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.coverage.services import coverage_on
from lindung.errors import DomainError
from lindung.lib.nik import NikError, clean_nik
from lindung.people.models import Person, Status
from lindung.reports.models import PublicLookup

# A worker checking their own NIK needs a handful of tries; an enumeration needs thousands.
LOOKUPS_PER_HOUR = 10
SMALL_CELL = 5


class TooManyLookups(DomainError):
    pass


@dataclass(frozen=True)
class SelfCheck:
    registered: bool
    protected: bool
    masked_name: str = ""
    period: str = ""
    message: str = ""


def mask_name(name: str) -> str:
    """'Ahmad Fauzi' → 'A**** F****': enough for a person to recognise their own record."""
    return " ".join(w[0] + "*" * (len(w) - 1) if len(w) > 1 else w for w in name.split())


def _hash(nik: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()


def self_check(raw_nik: str, *, address: str, today: date | None = None) -> SelfCheck:
    """Answer one public self-check, within the per-address limit, and log it."""
    today = today or timezone.localdate()
    try:
        nik = clean_nik(raw_nik)
    except NikError as e:
        raise DomainError(f"NIK belum benar: {e.message}") from None
    with transaction.atomic():
        since = timezone.now() - timedelta(hours=1)
        if PublicLookup.objects.filter(address=address, at__gte=since).count() >= LOOKUPS_PER_HOUR:
            raise TooManyLookups(
                "Terlalu banyak pemeriksaan dari alamat ini dalam satu jam. Coba lagi nanti, "
                "atau tanyakan ke kantor desa/kelurahan Anda."
            )
        person = (
            Person.objects.filter(nik=nik, status__in=[Status.VERIFIED, Status.PROPOSED])
            .only("id", "name", "status")
            .first()
        )
        PublicLookup.objects.create(address=address, nik_hash=_hash(nik), found=person is not None)
    if person is None:
        return SelfCheck(
            registered=False,
            protected=False,
            message="NIK ini belum terdaftar sebagai pekerja rentan. Hubungi operator desa/kelurahan Anda.",
        )
    answer = coverage_on(person, today)
    protected = answer.covered
    period = answer.membership.programme_year.months_label() if answer.membership else ""
    if protected:
        message = "Terdaftar dan terlindungi BPJS Ketenagakerjaan (JKK dan JKM) bulan ini."
    elif person.status == Status.PROPOSED:
        message = "Terdaftar dan sedang diverifikasi; belum terlindungi bulan ini."
    else:
        message = "Terdaftar, tetapi tidak terlindungi bulan ini. Tanyakan ke operator desa/kelurahan Anda."
    return SelfCheck(
        registered=True, protected=protected, masked_name=mask_name(person.name), period=period, message=message
    )


# The public figures are an aggregate nobody acts on within minutes; counting a million memberships
# on every anonymous request would let anyone load the database at will.
PUBLIC_CACHE_SECONDS = 300


def public_coverage(year) -> list[dict]:
    """Active members per district; counts of one to four are hidden so no one is identifiable."""
    from django.core.cache import cache

    from lindung.reports import figures

    key = f"lindung:public-coverage:{year.pk if year else 0}"
    rows = cache.get(key)
    if rows is None:
        rows = figures.district_members(year)
        cache.set(key, rows, PUBLIC_CACHE_SECONDS)
    return [{"name": r["name"], "members": None if 0 < r["members"] < SMALL_CELL else r["members"]} for r in rows]
