"""relay-sim, atelier-server and real nginx on free loopback ports, as the end-to-end harness
(Tests/EndToEndTests/Harness) and scripts/run.sh start them, for the browser tests."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
LEAD_PASSWORD = "browser lead password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {timeout} s")


class Stack:
    """The three processes in one temporary folder; `url(path)` is nginx's address of a path."""

    def __init__(self):
        binaries = os.environ.get("ATELIER_BIN_DIR")
        if not binaries:
            binaries = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPOSITORY, check=True,
                                      capture_output=True, text=True).stdout.strip()
        self.binaries = Path(binaries)
        self.directory = Path(tempfile.mkdtemp(prefix="atelier-browser-"))
        self.processes = []
        self.sim_port = free_port()
        self.port = free_port()
        self.socket = str(self.directory / "atelier.sock")

    def start(self):
        self._spawn("relay-sim", [str(self.binaries / "relay-sim"), "--host", "127.0.0.1", "--port", str(self.sim_port),
                                  "--tick", "0.5", "--steps", "2"])
        wait_until(lambda: listening(self.sim_port), 20, "relay-sim")
        environment = dict(os.environ, ATELIER_LEAD_PASSWORD=LEAD_PASSWORD)
        self._spawn("atelier", [str(self.binaries / "atelier-server"), "--listen", f"unix:{self.socket}",
                                "--uploads", str(self.directory / "uploads"), "--workers", "6",
                                "--database", str(self.directory / "atelier.sqlite"),
                                "--master-key-file", str(self.directory / "master.key"),
                                "--media-dir", str(self.directory / "nginx" / "media"),
                                "--demo-relay", "http://127.0.0.1:9", "--allow-private-relays",
                                "--balance-refresh-minutes", "0"], environment)
        wait_until(lambda: os.path.exists(self.socket), 30, "atelier-server")
        nginx_dir = self.directory / "nginx"
        config = subprocess.run(["bash", str(REPOSITORY / "scripts/render-nginx-conf.sh"), str(nginx_dir), str(self.port), self.socket],
                                check=True, capture_output=True, text=True).stdout
        (nginx_dir / "nginx.conf").write_text(config)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn("nginx", [nginx, "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir)])
        wait_until(lambda: listening(self.port), 20, "nginx")
        return self

    def _spawn(self, name, arguments, environment=None):
        log = open(self.directory / f"{name}.log", "ab")
        self.processes.append(subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, env=environment,
                                               cwd=self.directory, start_new_session=True))

    @property
    def sim_url(self) -> str:
        return f"http://127.0.0.1:{self.sim_port}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)
