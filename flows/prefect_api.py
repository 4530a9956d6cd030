"""Which Prefect API a run talks to, started and stopped so that nothing outlives the command.

Every Prefect flow run needs an API to record it. When ``PREFECT_API_URL`` is set (in the
environment or the active Prefect profile) that server is used and nothing is started.

Otherwise Prefect would start its own temporary server: a ``uvicorn`` subprocess that
imports Prefect a second time, stopped by an ``atexit`` hook. Measured on the 2-core
development machine (Prefect 3.9.1, six no-op tasks, warm ``~/.prefect``, median of 2-3):

===============================================  ==========  ==========
                                                 no ``.pyc``  ``.pyc``
===============================================  ==========  ==========
Prefect's temporary server (subprocess)          20-23 s     13-14 s
the same subprocess, started before our imports  16-19 s     12-18 s
Prefect's API app served in this process         11-12 s      8-12 s
===============================================  ==========  ==========

so :func:`temporary_api` serves Prefect's own API application (``create_app``, the same
code ``prefect server start`` runs, in its "ephemeral" mode: no UI, only the event services
that turn task-run events into task runs) from a thread of this process on a free loopback
port. It also fixes the shutdown order Prefect's ``atexit`` hook gets wrong: the client's log
and event queues are drained *before* the server stops, so the server's task-run recorder no
longer logs "Error flushing … events" with a traceback at exit. The run history lands in
Prefect's usual database (``~/.prefect/prefect.db``, i.e. ``PREFECT_HOME``), so a later
``prefect server start`` shows every past run. The first run on a machine creates that
database (about 10 s more, once).

``ambassador serve`` needs a *scheduler*, which only a full server runs (Prefect warns
"Cannot schedule flows on an ephemeral server"), so :func:`server_for_serving` starts
``prefect server start`` as a child process for as long as serving lasts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Seconds to wait for a temporary server; a first run creates the database (~10 s here).
STARTUP_TIMEOUT = 90.0


class PrefectUnavailable(RuntimeError):
    """The Prefect API cannot be reached or started; ``hint`` says what to do."""

    def __init__(self, problem: str, hint: str):
        self.problem, self.hint = problem, hint
        super().__init__(f"{problem}. Hint: {hint}")


def configured_api_url() -> str | None:
    """The API URL from the environment or the active Prefect profile, if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def first_run_on_this_machine() -> bool:
    """True when Prefect's local SQLite database does not exist yet (its creation takes a while)."""
    from prefect.settings import get_current_settings

    secret = get_current_settings().server.database.connection_url
    url = secret.get_secret_value() if secret is not None else ""
    prefix = "sqlite+aiosqlite:///"
    return url.startswith(prefix) and ":memory:" not in url and not Path(url[len(prefix) :]).exists()


@contextmanager
def prefect_api() -> Iterator[str]:
    """Point Prefect at an API for the duration of the block; yield its URL.

    Uses ``PREFECT_API_URL`` when set (after checking it answers), otherwise a temporary
    in-process server (:func:`temporary_api`). Either way the client's queued logs and
    events are flushed before the block ends.
    """
    url = configured_api_url()
    if url is None:
        with temporary_api() as url:
            yield url
        return
    _check_reachable(url)
    try:
        yield url
    finally:
        _drain_client_queues()


def _check_reachable(url: str) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise PrefectUnavailable(
            f"the Prefect API at {url} does not answer ({type(problem).__name__})",
            "start that server (`prefect server start`), or unset PREFECT_API_URL to let "
            "ambassador start a temporary one for the run",
        )


def _drain_client_queues() -> None:
    """Send the logs and events still queued in this process (what prefect_test_harness does)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=30)
        except RuntimeError:  # never started
            pass


@contextmanager
def temporary_api() -> Iterator[str]:
    """Serve Prefect's API from a thread of this process for the duration of the block.

    Yields the API URL (also set as ``PREFECT_API_URL`` for code inside the block). On exit
    the client's queues are drained, then the server shuts down gracefully (its services
    flush), then the thread ends: no process or port outlives the block.
    """
    import uvicorn
    from prefect.server.api.server import create_app
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held from now on: no race with other programs
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    # ignore_cache: a fresh app per run, because Prefect runs an app's lifespan (migrations,
    # services) only once per app object and process.
    app = create_app(ephemeral=True, ignore_cache=True)
    config = uvicorn.Config(
        app,
        lifespan="on",
        log_config=None,  # keep Prefect's logging configuration
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="prefect-api", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise PrefectUnavailable(
                    "the temporary Prefect server did not start",
                    f"check that {_prefect_home()} is writable, or run `prefect server start` "
                    "and set PREFECT_API_URL=http://127.0.0.1:4200/api",
                )
            time.sleep(0.02)
        # No flow-run heartbeats: they let a long-lived server notice a dead run, but this
        # server dies with the run, and stopping the heartbeat thread costs up to 1 s per run.
        with temporary_settings({PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            try:
                yield url
            finally:
                _drain_client_queues()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _prefect_home() -> Path:
    from prefect.settings import get_current_settings

    return Path(get_current_settings().home)


# ---- a full server for `ambassador serve` ---------------------------------------------------


@contextmanager
def server_for_serving(host: str | None = None, port: int | None = None) -> Iterator[str]:
    """Yield an API URL with a scheduler behind it, for ``nightly.serve``.

    With ``PREFECT_API_URL`` set (environment or profile) that server is used. Otherwise
    ``prefect server start`` runs as a child process on ``host:port`` (default
    ``PREFECT_SERVER_API_HOST``/``PREFECT_SERVER_API_PORT``, i.e. 127.0.0.1:4200) until the
    block ends; its output goes to ``$PREFECT_HOME/server.log``. On Linux the child also
    receives SIGTERM if this process dies without cleaning up. ``PREFECT_API_URL`` is
    exported in ``os.environ`` so the flow-run subprocesses reach the same server.
    """
    url = configured_api_url()
    if url is not None:
        _check_reachable(url)
        yield url
        return
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    api = get_current_settings().server.api
    host = host or api.host or "127.0.0.1"
    port = port or api.port or 4200
    url = f"http://{host}:{port}/api"
    if not _port_free(host, port):
        raise PrefectUnavailable(
            f"port {port} on {host} is in use",
            f"if a Prefect server runs there, set PREFECT_API_URL={url}; otherwise set "
            "PREFECT_SERVER_API_PORT to a free port",
        )
    log_path = _prefect_home() / "server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    try:
        _wait_healthy(url, child, log_path)
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = url  # inherited by the runs' subprocesses
        try:
            with temporary_settings({PREFECT_API_URL: url}):
                yield url
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # as servers do: a port whose last connections linger in TIME_WAIT is free
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _wait_healthy(url: str, child: subprocess.Popen, log_path: Path, timeout: float = 180.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise PrefectUnavailable(
                f"`prefect server start` exited with status {child.returncode}", f"see {log_path}"
            )
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise PrefectUnavailable(f"the Prefect server at {url} did not start within {timeout:.0f} s", f"see {log_path}")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
