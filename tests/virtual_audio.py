"""A private PulseAudio server with a virtual microphone, for testing the real audio paths.

No sound card and no kernel module are needed. The daemon runs with its own runtime folder and
unix socket under a temporary folder, so it never meets a user's own sound server:

    speaker   null sink, the default output: what the app plays ends up on `speaker.monitor`
    micfeed   null sink that tests play speech into (`paplay -d micfeed`)
    vmic      the default input, remapped from `micfeed.monitor`: what the app records

PortAudio (sounddevice) reaches it through ALSA's `default` PCM, which libasound2-plugins routes
to PulseAudio when a server answers at `PULSE_SERVER`. `micfeed` is kept busy with a stream of
silence, otherwise the first input callback arrives 0.6-2 s late and speech is lost.

Use from Python in this process::

    audio = VirtualAudio.start()        # also exports its env into os.environ
    audio.reinitialize_sounddevice()    # PortAudio lists devices only when it initialises
    ...
    audio.stop()

Use from a subprocess: pass `audio.env` (merged into a copy of os.environ) to it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

READY_TIMEOUT_S = 10.0
POLL_INTERVAL_S = 0.02

SPEAKER_SINK = "speaker"
MIC_FEED_SINK = "micfeed"
VIRTUAL_MIC_SOURCE = "vmic"

REQUIRED_BINARIES = ("pulseaudio", "pactl", "paplay", "parec", "pacat")


class VirtualAudioError(RuntimeError):
    """The private sound server could not be started or driven."""


def missing_binaries() -> list[str]:
    """The PulseAudio programs this helper needs that are not on PATH."""
    return [name for name in REQUIRED_BINARIES if shutil.which(name) is None]


def _server_modules(socket_path: Path) -> list[str]:
    return [
        f"module-native-protocol-unix auth-anonymous=1 socket={socket_path}",
        f"module-null-sink sink_name={SPEAKER_SINK} rate=48000 channels=2",
        f"module-null-sink sink_name={MIC_FEED_SINK} rate=48000 channels=1",
        f"module-remap-source master={MIC_FEED_SINK}.monitor source_name={VIRTUAL_MIC_SOURCE}",
    ]


class VirtualAudio:
    """A running private PulseAudio daemon; `stop()` ends everything it started."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runtime_dir = root / "runtime"
        self.socket_path = self.runtime_dir / "native"
        self.log_path = root / "pulseaudio.log"
        self.env: dict[str, str] = {
            "PULSE_SERVER": f"unix:{self.socket_path}",
            "PULSE_RUNTIME_PATH": str(self.runtime_dir),
            "PULSE_STATE_PATH": str(root / "state"),
            "PULSE_COOKIE": str(root / "cookie"),
            "PULSE_SINK": SPEAKER_SINK,
            "PULSE_SOURCE": VIRTUAL_MIC_SOURCE,
        }
        self._daemon: subprocess.Popen[bytes] | None = None
        self._keepalives: list[subprocess.Popen[bytes]] = []
        self._children: list[subprocess.Popen[bytes]] = []
        self._saved_environ: dict[str, str | None] = {}
        self.startup_seconds: float = 0.0

    # --- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def start(cls, export_env: bool = True) -> VirtualAudio:
        """Start the daemon, wait until it answers, set defaults, keep `micfeed` busy."""
        missing = missing_binaries()
        if missing:
            raise VirtualAudioError(f"PulseAudio programs not found: {', '.join(missing)}")
        audio = cls(Path(tempfile.mkdtemp(prefix="ai-interviewer-pulse-")))
        began = time.perf_counter()
        try:
            audio._start_daemon()
            audio._wait_until_ready()
            audio._set_defaults()
            audio._start_keepalives()
            audio._wait_until_capture_flows()
        except BaseException:
            audio.stop()
            raise
        audio.startup_seconds = time.perf_counter() - began
        if export_env:
            audio.export_env()
        return audio

    def stop(self) -> None:
        """Kill every process this helper started, restore os.environ, remove the temp folder."""
        for child in [*self._children, *self._keepalives, self._daemon]:
            if child is not None:
                _terminate(child)
        self._children.clear()
        self._keepalives.clear()
        self._daemon = None
        self.restore_env()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> VirtualAudio:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- environment --------------------------------------------------------------------------

    def subprocess_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """A full environment for a child process that should use this server."""
        env = dict(os.environ if base is None else base)
        env.update(self.env)
        return env

    def export_env(self) -> None:
        """Point this process (ALSA's pulse plugin, PortAudio) at the private server."""
        for key, value in self.env.items():
            self._saved_environ.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def restore_env(self) -> None:
        for key, value in self._saved_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_environ.clear()

    @staticmethod
    def reinitialize_sounddevice() -> None:
        """Make an already imported sounddevice see the server's devices (PortAudio re-scan)."""
        import sounddevice

        sounddevice._terminate()
        sounddevice._initialize()

    # --- driving audio ------------------------------------------------------------------------

    def play_into_mic(self, wav_path: Path, wait: bool = False) -> subprocess.Popen[bytes]:
        """Play a sound file into the virtual microphone; returns the running `paplay`."""
        process = self._spawn(["paplay", f"--device={MIC_FEED_SINK}", str(wav_path)])
        if wait:
            self.wait(process)
        return process

    def record_speaker(self, path: Path) -> subprocess.Popen[bytes]:
        """Record what is played to the default output into a WAV; stop it with `finish()`."""
        command = [
            "parec",
            f"--device={SPEAKER_SINK}.monitor",
            "--file-format=wav",
            "--format=s16le",
            "--rate=48000",
            "--channels=2",
            str(path),
        ]
        return self._spawn(command)

    def finish(self, process: subprocess.Popen[bytes]) -> None:
        """End a recorder or player started by this helper (SIGTERM lets parec close its file)."""
        _terminate(process)
        if process in self._children:
            self._children.remove(process)

    def wait(self, process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
        """Wait for a player to end; a non-zero exit is an error."""
        try:
            code = process.wait(timeout=timeout)
        finally:
            if process in self._children and process.poll() is not None:
                self._children.remove(process)
        if code != 0:
            raise VirtualAudioError(f"{process.args!r} exited with {code}")
        return code

    def pactl(self, *args: str) -> str:
        result = subprocess.run(
            ["pactl", *args],
            env=self.subprocess_env(),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if result.returncode != 0:
            raise VirtualAudioError(f"pactl {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    # --- internals ----------------------------------------------------------------------------

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command,
            env=self.subprocess_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._children.append(process)
        return process

    def _start_daemon(self) -> None:
        self.runtime_dir.mkdir(mode=0o700, parents=True)
        (self.root / "state").mkdir(mode=0o700)
        command = [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disable-shm=yes",
            "--use-pid-file=no",
            "--system=no",
            "--log-target=stderr",
            "--log-level=error",
            "-n",
        ]
        command += [f"--load={module}" for module in _server_modules(self.socket_path)]
        env = self.subprocess_env()
        env["HOME"] = str(self.root)  # the daemon writes its cookie and state here, not in ~
        env["XDG_CONFIG_HOME"] = str(self.root / "config")
        env["XDG_RUNTIME_DIR"] = str(self.runtime_dir)
        with open(self.log_path, "wb") as log:
            self._daemon = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_die_with_parent,
            )

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        assert self._daemon is not None
        while time.monotonic() < deadline:
            if self._daemon.poll() is not None:
                log = self.log_path.read_text(errors="replace")
                raise VirtualAudioError(f"pulseaudio exited with {self._daemon.returncode}: {log}")
            if self.socket_path.exists() and self._answers():
                return
            time.sleep(POLL_INTERVAL_S)
        raise VirtualAudioError(f"pulseaudio did not answer within {READY_TIMEOUT_S} s")

    def _answers(self) -> bool:
        result = subprocess.run(
            ["pactl", "info"],
            env=self.subprocess_env(),
            capture_output=True,
            timeout=5,
            check=False,
        )
        return result.returncode == 0

    def _set_defaults(self) -> None:
        self.pactl("set-default-sink", SPEAKER_SINK)
        self.pactl("set-default-source", VIRTUAL_MIC_SOURCE)

    def _start_keepalives(self) -> None:
        """Keep both null sinks running with a stream of silence (else the first capture of an
        idle sink arrives 0.6-2 s late), then restart them so they run at that low latency
        (a fresh null sink first renders a 2 s block)."""
        for sink, channels in ((MIC_FEED_SINK, 1), (SPEAKER_SINK, 2)):
            self._keepalives.append(
                subprocess.Popen(
                    [
                        "pacat",
                        "--playback",
                        f"--device={sink}",
                        "--latency-msec=20",
                        "--raw",
                        "--format=s16le",
                        "--rate=48000",
                        f"--channels={channels}",
                        "/dev/zero",
                    ],
                    env=self.subprocess_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent,
                )
            )
        self._wait_for_streams(len(self._keepalives))
        for sink in (MIC_FEED_SINK, SPEAKER_SINK):
            self.pactl("suspend-sink", sink, "1")
            self.pactl("suspend-sink", sink, "0")

    def _wait_for_streams(self, count: int) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if len(self.pactl("list", "short", "sink-inputs").splitlines()) >= count:
                return
            time.sleep(POLL_INTERVAL_S)
        raise VirtualAudioError("the keep-alive streams did not connect")

    def _wait_until_capture_flows(self) -> None:
        """Block until the virtual microphone and the speaker monitor deliver audio."""
        for device in (VIRTUAL_MIC_SOURCE, f"{SPEAKER_SINK}.monitor"):
            first_data_seconds(self.subprocess_env(), device, READY_TIMEOUT_S)


# --- comparing sounds ------------------------------------------------------------------------


def envelope(signal: Any, rate: int, frame_seconds: float = 0.02) -> Any:
    """Loudness over time: RMS of each `frame_seconds` frame (mono int or float samples)."""
    import numpy as np

    samples = np.asarray(signal, dtype=np.float64)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    size = max(1, int(rate * frame_seconds))
    frames = len(samples) // size
    blocks = samples[: frames * size].reshape(frames, size)
    return np.sqrt((blocks**2).mean(axis=1))


def envelope_similarity(reference: Any, reference_rate: int, candidate: Any, rate: int) -> float:
    """Best Pearson correlation of the reference's loudness envelope inside the candidate's,
    over every shift: about 1.0 when the candidate holds the reference (any sample rate)."""
    import numpy as np

    ref = envelope(reference, reference_rate)
    cand = envelope(candidate, rate)
    if len(cand) < len(ref):
        cand = np.concatenate([cand, np.zeros(len(ref) - len(cand))])
    best = -1.0
    for shift in range(len(cand) - len(ref) + 1):
        window = cand[shift : shift + len(ref)]
        if window.std() > 0:
            best = max(best, float(np.corrcoef(ref, window)[0, 1]))
    return best


def _die_with_parent() -> None:
    """In the child before exec (Linux): get SIGTERM when the process that started us dies, so
    a killed test run does not leave a daemon behind. Elsewhere this does nothing."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def first_data_seconds(env: Mapping[str, str], device: str, timeout: float) -> float:
    """Seconds until a capture from `device` yields its first bytes (raises after `timeout`)."""
    import select

    began = time.monotonic()
    process = subprocess.Popen(
        ["parec", f"--device={device}", "--raw", "--latency-msec=20", "--format=s16le"],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        readable, _, _ = select.select([process.stdout], [], [], timeout)
        if not readable or not os.read(process.stdout.fileno(), 4096):
            raise VirtualAudioError(f"no audio from {device} within {timeout} s")
        return time.monotonic() - began
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _terminate(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    if process.stderr is not None:
        process.stderr.close()
