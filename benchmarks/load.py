"""Load: 50 logged-in users for 60 s against the real server, alone and while a 200,000-row import runs.

    python -m benchmarks.load [--quick] [--users 50] [--seconds 60] [--people 52000] [--import-rows 200000]
                              [--server waitress|gunicorn] [--workers N] [--clients 4]
    (DATABASE_URL empty: SQLite under LINDUNG_VAR_DIR; postgres://...: that database, recreated)

Builds a demo regency of --people workers, serves it with waitress as `make run` does
(8 threads), or with --server gunicorn as production does (gunicorn.conf.py, --workers
processes; the file's default is two per core plus one), loopback only on a free port,
and runs --users client threads, each with its own session, over a mix of registry
list (40 %), name search (25 %), worker detail (25 %) and verify (10 %) for --seconds. The
users are dealt over --clients processes, so one client interpreter's lock does not set the
rate; every answer's latency comes back and the percentiles are taken over all of them.
Then the same again while `lindung import` writes a --import-rows CSV in its own process.
Prints requests per second, errors (5xx and failed connections) and p50/p95/p99 overall and
per kind, the server's, the clients' (and the import's) CPU, the load average before and
after, and first the CPU milliseconds per request
kind measured in this process through Django's test client, the figure least moved by
whatever else the machine is doing; asserts nothing about time.
Stops by itself: the server and the import are ended when the run is over.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEARCHES = ["siti", "rizki", "ahmad", "nur", "budi", "dewi", "64020612", "muhammad", "sri", "agus"]
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _people_in(village: str) -> int:
    from django.db import connection

    from lindung.people.models import Person

    count = Person.objects.filter(village_id=village).count()
    connection.close()  # no transaction or lock of this process's is left beside the import's
    return count


def prepare(people: int, import_rows: int, folder: Path) -> dict:
    """Build the database and the import file; return what the clients need."""
    from benchmarks.registry import ensure_postgres_database, fresh_sqlite

    ensure_postgres_database()
    fresh_sqlite()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.demo.services import ensure_demo_users, generate_demo_people
    from lindung.lib.synth import generate_people
    from lindung.people.models import Person, Status
    from lindung.regions.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    users = ensure_demo_users()
    started = time.perf_counter()
    generate_demo_people(people, seed=2021)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE people_person" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"[{connection.vendor}] {Person.objects.count():,} workers ready in {time.perf_counter() - started:.0f} s")
    proposed = list(Person.objects.filter(status=Status.PROPOSED).values_list("pk", "version")[:20000])
    ids = list(Person.objects.values_list("pk", flat=True)[:20000])
    # A village's list in another district than most of the demo: new people, a few already there.
    village = "64.02.06.1010"
    path = folder / "impor-200rb.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["NIK", "Nama", "Jenis Kelamin", "Tempat Lahir", "Tanggal Lahir", "Pekerjaan"])
        for p in generate_people(import_rows, villages=[village], seed=99, defect_rate=0.02, duplicate_rate=0):
            writer.writerow([p.nik, p.name, p.sex, p.birth_place, p.birth_date.strftime("%d-%m-%Y"), "Petani"])
    password = next(u["password"] for u in users if u["username"] == "verifikator")
    return {"proposed": proposed, "ids": ids, "csv": str(path), "village": village, "password": password,
            "vendor": connection.vendor}  # fmt: skip


def _kind_request(kind: str, rng: random.Random, state: dict) -> tuple[str, str, dict | None]:
    """The mix: registry list 40 %, name search 25 %, worker detail 25 %, verify 10 %."""
    if kind == "daftar":
        return "GET", f"/pekerja/?hal={rng.randint(1, 50)}", None
    if kind == "cari":
        return "GET", f"/pekerja/?{urlencode({'q': rng.choice(SEARCHES)})}", None
    if kind == "detail":
        return "GET", f"/pekerja/{rng.choice(state['ids'])}/", None
    with state["lock"]:
        pk, version = state["proposed"].pop() if state["proposed"] else (1, 1)
    return "POST", f"/pekerja/{pk}/verifikasi/", {"version": version}


def _pick(rng: random.Random) -> str:
    roll = rng.random()
    return "daftar" if roll < 0.40 else "cari" if roll < 0.65 else "detail" if roll < 0.90 else "verifikasi"


KINDS = ("daftar", "cari", "detail", "verifikasi")


def cpu_per_kind(prepared: dict, state: dict, *, count: int = 30) -> None:
    """CPU milliseconds and queries per request kind, in this process through Django's test client.

    Unlike requests per second this hardly moves with what else the machine is doing, so
    it is the figure to compare before and after a change. The view, middleware and
    templates are the server's; only the HTTP server and the socket are left out.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    assert client.login(username="verifikator", password=prepared["password"])
    rng = random.Random(7)
    print("\nCPU per permintaan (proses ini, klien uji Django, median):")
    for kind in KINDS:
        spent, queries = [], []
        for i in range(count + 3):
            method, path, body = _kind_request(kind, rng, state)
            with CaptureQueriesContext(connection) as ctx:
                started = time.process_time()
                response = client.post(path, body) if method == "POST" else client.get(path)
                used = time.process_time() - started
            assert response.status_code < 400, f"{kind} {path}: {response.status_code}"
            if i >= 3:  # the first requests fill caches
                spent.append(used)
                queries.append(len(ctx.captured_queries))
        print(f"  {kind:<11} {statistics.median(spent) * 1000:5.1f} ms CPU  {statistics.median(queries):.0f} kueri")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux), 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_cpu(pid: int) -> float:
    """CPU of the server process and its children (gunicorn's workers are forked by its master)."""
    total = _cpu_seconds(pid)
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            total += _cpu_seconds(int(proc.name))
    return total


def _database_cpu(name: str) -> dict[int, float]:
    """CPU so far of each PostgreSQL backend serving this database (their work is not the server's)."""
    seen = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {name} " in title:
            seen[int(proc.name)] = _cpu_seconds(int(proc.name))
    return seen


def _database_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[1] if url.startswith("postgres") else ""


class User(threading.Thread):
    """One logged-in person clicking through the registry, until told to stop."""

    def __init__(self, port: int, password: str, state: dict, stop, seed: int):
        super().__init__(daemon=True)
        self.port, self.password, self.state, self.stop = port, password, state, stop
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        # (kind, monotonic time the answer was read, seconds, status; 0 = connection failed)
        self.samples: list[tuple[str, float, float, int]] = []
        self.conn = None
        self.ready = threading.Event()
        self.failed = ""

    def _request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        self.cookies[name] = rest.split(";", 1)[0]
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status, text
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt:
                    return 0, ""
        return 0, ""

    def login(self) -> None:
        _, page = self._request("GET", "/akun/masuk/")
        token = _CSRF.search(page).group(1)
        status, _ = self._request(
            "POST", "/akun/masuk/", {"username": "verifikator", "password": self.password, "csrfmiddlewaretoken": token}
        )
        assert status == 302, f"login failed: {status}"

    def run(self) -> None:
        try:
            self.login()
            self._request("GET", "/pekerja/")  # the CSRF cookie
        except Exception as exc:  # reported by the process, which then stops
            self.failed = f"{type(exc).__name__}: {exc}"
            self.ready.set()
            return
        token = self.cookies.get("csrftoken", "")
        self.ready.set()
        while not self.stop.is_set():
            kind = _pick(self.rng)
            method, path, body = _kind_request(kind, self.rng, self.state)
            if body is not None:
                body["csrfmiddlewaretoken"] = token
            started = time.monotonic()
            status, _ = self._request(method, path, body)
            ended = time.monotonic()
            self.samples.append((kind, ended, ended - started, status))


def _client_process(port: int, password: str, proposed: list, ids: list, seeds: list[int], ready, stop, results,
                    deadline: float) -> None:  # fmt: skip
    """A share of the users, as threads of one process: one process's GIL no longer sets the rate.

    Runs until `stop` is set or, whatever happens to the parent, until `deadline` (monotonic
    time, the same clock in every process on Linux); sends back every sample and the
    people it did not get round to verifying.
    """
    stopping = threading.Event()
    state = {"proposed": proposed, "ids": ids, "lock": threading.Lock()}
    users = [User(port, password, state, stopping, seed=seed) for seed in seeds]
    for u in users:
        u.start()
    for u in users:
        u.ready.wait(max(0.0, deadline - time.monotonic()))
    failed = [u.failed for u in users if u.failed]
    ready.release()
    while not stop.wait(0.2):
        if time.monotonic() > deadline or failed:
            break
    stopping.set()
    for u in users:
        u.join(max(1.0, deadline + 60 - time.monotonic()))
    results.put({"samples": [s for u in users for s in u.samples], "proposed": state["proposed"], "failed": failed})


def _percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile of all samples (not an average of per-process percentiles)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(values: list[float], sep: str = "  ") -> str:
    return sep.join(f"p{int(q * 100)} {_percentile(values, q) * 1000:>5.0f} ms" for q in (0.5, 0.95, 0.99))


def measure(
    port: int, prepared: dict, *, users: int, seconds: float, label: str, state: dict, server: int, importer: int = 0,
    processes: int = 4,
) -> dict:  # fmt: skip
    """Run `users` users spread over `processes` client processes; print and return the figures."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a clean interpreter: no Django, no copied connections
    processes = max(1, min(processes, users))
    ready, stop, results = context.Semaphore(0), context.Event(), context.Queue()
    # Users and the people they verify are dealt out like cards, so no two processes verify the same one.
    proposed = state["proposed"]
    deadline = time.monotonic() + 300 + seconds + 60
    seeds = [list(range(i, users, processes)) for i in range(processes)]
    clients = [
        context.Process(
            target=_client_process,
            args=(
                port,
                prepared["password"],
                proposed[i::processes],
                state["ids"],
                seeds[i],
                ready,
                stop,
                results,
                deadline,
            ),
            daemon=True,
        )
        for i in range(processes)
    ]
    for c in clients:
        c.start()
    for _ in clients:
        ready.acquire(timeout=300)  # everyone logged in (password hashing is slow on purpose)
    time.sleep(2)
    started = time.monotonic()
    server_cpu, importer_cpu = _server_cpu(server), _cpu_seconds(importer) if importer else 0.0
    client_cpu = sum(_cpu_seconds(c.pid) for c in clients)
    database = _database_name()
    database_before = _database_cpu(database) if database else {}
    load_before = os.getloadavg()[0]
    time.sleep(seconds)
    ended = time.monotonic()
    elapsed = ended - started
    server_cpu = _server_cpu(server) - server_cpu
    importer_cpu = (_cpu_seconds(importer) - importer_cpu) if importer else 0.0
    client_cpu = sum(_cpu_seconds(c.pid) for c in clients) - client_cpu
    load = os.getloadavg()[0]
    database_cpu = (
        sum(cpu - database_before.get(pid, 0.0) for pid, cpu in _database_cpu(database).items()) if database else 0.0
    )
    stop.set()
    gathered = []
    for _ in clients:
        try:
            gathered.append(results.get(timeout=90))
        except Exception:  # queue.Empty: a client died; its samples are lost and said so below
            break
    for c in clients:
        c.join(30)
        if c.is_alive():
            c.terminate()
    failed = [f for g in gathered for f in g["failed"]]
    assert not failed, f"clients failed: {failed[:3]}"
    assert len(gathered) == len(clients), f"only {len(gathered)} of {len(clients)} client processes reported"
    state["proposed"] = [pair for g in gathered for pair in g["proposed"]]
    # What was answered inside the window, from every process: percentiles over the union.
    samples = [(k, t, s) for g in gathered for k, end, t, s in g["samples"] if started <= end < ended]
    errors = sum(1 for _, _, status in samples if status == 0 or status >= 500)
    times = [t for _, t, _ in samples]
    count = max(len(samples), 1)
    print(
        f"\n{label}: {len(samples):,} requests in {elapsed:.0f} s by {users} users in {len(clients)} client processes"
    )
    print(f"  {len(samples) / elapsed:.1f} req/s, errors {errors}, {_ms(times, ', ')}")
    print(
        f"  server CPU {server_cpu / count * 1000:.1f} ms per permintaan "
        f"({server_cpu / elapsed * 100:.0f} % dari satu inti), "
        f"klien {client_cpu / count * 1000:.1f} ms per permintaan ({client_cpu / elapsed * 100:.0f} %)"
        + (f", impor {importer_cpu / elapsed * 100:.0f} % dari satu inti" if importer else "")
        + (f", PostgreSQL {database_cpu / elapsed * 100:.0f} % dari satu inti" if database else "")
        + f", load average {load_before:.1f} → {load:.1f} pada {os.cpu_count()} inti"
    )
    kinds = {}
    for kind in KINDS:
        part = [t for k, t, _ in samples if k == kind]
        if part:
            kinds[kind] = {"count": len(part), "p99": _percentile(part, 0.99)}
            print(f"  {kind:<11} {len(part):>6}  {_ms(part)}")
    return {"rate": len(samples) / elapsed, "errors": errors, "p99": _percentile(times, 0.99), "kinds": kinds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5,000 workers, 10 users, 10 s, a 20,000-row import")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--people", type=int, default=52000)
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--server", choices=["waitress", "gunicorn"], default="waitress")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--clients", type=int, default=4, help="client processes the users are spread over")
    args = parser.parse_args()
    if args.quick:
        args.users, args.seconds, args.people, args.import_rows = 10, 10, 5000, 20_000
    os.environ.setdefault("LINDUNG_VAR_DIR", str(ROOT / "var" / "bench-load"))
    Path(os.environ["LINDUNG_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="lindung-load-"))
    prepared = prepare(args.people, args.import_rows, folder)
    state = {"proposed": list(prepared["proposed"]), "ids": prepared["ids"], "lock": threading.Lock()}
    cpu_per_kind(prepared, state)
    port = _free_port()
    env = {**os.environ, "LINDUNG_JOBS": "thread", "ALLOWED_HOSTS": "127.0.0.1"}
    log = (folder / "server.log").open("w")
    if args.server == "gunicorn":
        command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), f"--bind=127.0.0.1:{port}"]
        command += [f"--workers={args.workers}"] if args.workers else []
    else:
        command = [str(BIN / "waitress-serve"), "--host=127.0.0.1", f"--port={port}", "--threads=8"]
    server = subprocess.Popen([*command, "lindung.wsgi:application"], env=env, stdout=log, stderr=log, cwd=ROOT)
    print("\nServer:", Path(command[0]).name, *command[1:])
    importer = None
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/akun/masuk/")
                break
            except OSError:
                time.sleep(0.1)
        measure(
            port,
            prepared,
            users=args.users,
            seconds=args.seconds,
            label="Tanpa impor",
            state=state,
            server=server.pid,
            processes=args.clients,
        )
        people_before = _people_in(prepared["village"])
        importer = subprocess.Popen(
            [str(BIN / "lindung"), "import", prepared["csv"], "--village", prepared["village"], "--user", "admin"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        started = time.perf_counter()
        time.sleep(2)
        measure(
            port, prepared, users=args.users, seconds=args.seconds, label="Selama impor", state=state,
            server=server.pid, importer=importer.pid, processes=args.clients,
        )  # fmt: skip
        running = importer.poll() is None
        elapsed = time.perf_counter() - started
        # What the import got done meanwhile: the web being fast because the import stood still
        # would not be the figure asked for.
        written = _people_in(prepared["village"]) - people_before
        print(
            f"  impor {args.import_rows:,} baris: "
            + (f"masih berjalan setelah {elapsed:.0f} s" if running else
               f"selesai dalam {elapsed:.0f} s (kode {importer.returncode})")
            + f"; {written:,} pekerja baru tersimpan ({written / elapsed:.0f} per detik)"
        )  # fmt: skip
    finally:
        if importer is not None and importer.poll() is None:
            importer.send_signal(signal.SIGTERM)
            try:
                importer.wait(30)
            except subprocess.TimeoutExpired:
                importer.kill()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
