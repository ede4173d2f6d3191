import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from lindung.jobs.services import claim, requeue_stale, run_job
from lindung.lib.priority import lower_background_priority
from lindung.lib.progress import Progress


class Command(BaseCommand):
    help = "Menjalankan pekerjaan latar (impor, pemindaian duplikat, ekspor) yang sedang menunggu."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="jalankan yang menunggu lalu berhenti")
        parser.add_argument("--poll", type=float, default=2.0)

    def handle(self, *args, once, poll, **options):
        self.stopping = False

        def stop(signum, frame):
            # Finish the current job's step; its handler commits whole or not at all.
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        lower_background_priority()
        # Stale jobs are looked for at start and then on a timer: a worker killed mid-job on another
        # machine (or this one, before a restart) leaves its job "running" with a silent heartbeat.
        every = max(1.0, settings.LINDUNG_JOB_STALE_SECONDS / 3)
        last_look = 0.0
        while not self.stopping:
            if time.monotonic() - last_look >= every:
                last_look = time.monotonic()
                requeued = requeue_stale()
                if requeued:
                    self.stdout.write(f"{requeued} pekerjaan yang terhenti dikembalikan ke antrean.")
            job = claim()
            if job is None:
                if once:
                    break
                time.sleep(poll)
                continue
            self.stdout.write(f"Menjalankan {job}")
            job = run_job(job, claimed=True, echo=Progress(job.kind, stream=self.stderr))
            self.stdout.write(f"{job}: {job.error or 'selesai'}")
