"""`lindung scan_duplicates --user NAME`: the duplicate scan from the command line, as a job with progress."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.jobs.models import Job, JobStatus
from lindung.jobs.services import run_job
from lindung.lib.progress import Progress


class Command(BaseCommand):
    help = "Memindai seluruh registri untuk mencari calon duplikat (hasilnya ditinjau di halaman Duplikat)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="nama pengguna verifikator atau admin yang menjalankan")

    def handle(self, *args, user, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Pengguna {user} tidak ditemukan atau tidak aktif.")
        if not scope_of(actor).can(Action.VERIFY):
            raise CommandError(f"Pengguna {user} bukan verifikator atau admin; pemindaian tidak dijalankan.")
        # The same job row the web button creates, run here so the terminal shows progress too.
        job = Job.objects.create(kind="dedup.scan", created_by=actor, progress_label="Mencari duplikat di registri")
        job = run_job(job, echo=_Echo(Progress("Mencari duplikat", stream=self.stderr)))
        if job.status != JobStatus.DONE:
            raise CommandError(job.error)
        self.stdout.write(job.result.get("message", "Selesai."))


class _Echo:
    """Adapt the job reporter's (done, total) calls to the terminal progress line."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def __call__(self, done: int, total: int | None = None) -> None:
        self.progress(done, total)
