"""A throwaway PostgreSQL server on 127.0.0.1 for tests, from the distribution's binaries.

`running_postgres()` initialises a cluster in a temp dir, starts it on a free port, creates
a database and yields its connection settings; it stops the server and removes the
cluster on exit. PostgreSQL refuses to run as root, so as root the cluster is owned by
and run as the `postgres` system user that the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support.net import free_port


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    db_name: str

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.db_name}"


class PostgresUnavailable(RuntimeError):
    pass


def find_pg_bin() -> Path:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (no initdb); scripts/ensure-test-services.sh installs it"
        )
    return Path(found[-1]).parent


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    if user is None:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", user, "--", *cmd]
    return ["su", user, "-s", "/bin/sh", "-c", " ".join(cmd)]


@contextmanager
def running_postgres(db_name: str = "dagster") -> Iterator[PostgresServer]:
    pg_bin = find_pg_bin()
    run_as: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root and there is no postgres user") from exc
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chmod(root, 0o755)
        for path in (root, sock):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    user = run_as or pwd.getpwuid(os.geteuid()).pw_name
    port = free_port()
    log = root / "server.log"
    try:
        subprocess.run(
            _as_user(
                [str(pg_bin / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8"],
                run_as,
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_user(
                [
                    str(pg_bin / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "-o",
                    f"-h 127.0.0.1 -p {port} -k {sock}",
                    "start",
                ],
                run_as,
            ),
            check=True,
            capture_output=True,
        )
        _wait_ready(port)
        subprocess.run(
            _as_user(
                [str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, db_name],
                run_as,
            ),
            check=True,
            capture_output=True,
        )
        yield PostgresServer("127.0.0.1", port, user, db_name)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_user(
                    [str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], run_as
                ),
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(port: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise PostgresUnavailable(f"PostgreSQL did not accept connections on port {port}")
