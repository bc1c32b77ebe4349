"""Tracker: energy and CO2eq of this Python process, with named phases."""
import functools
import json
import os

from . import _core

_KWH = 3.6e6  # joules per kWh


class Record:
    """One tracked interval (the run, or a phase).

    Units and conventions follow CodeCarbon's EmissionsTracker: ``energy_consumed`` and the
    per-domain energies are in kWh and include the PUE; ``emissions`` is in kgCO2eq.
    ``it_energy_kwh`` is the IT energy without PUE. ``domains`` gives, for "cpu", "gpu" and "ram",
    the energy (kWh, PUE included) and the method ("measured:powercap", "modelled:tdp-load-curve"...).
    ``notes`` says which sensors were or were not used and why. ``attribution`` is "process" or
    "machine". ``data`` is the full JSON record of `airgrid track` (docs/formats.md).
    """

    def __init__(self, data):
        self.data = data
        energy = data["energy"]
        carbon = data["carbon"]
        self.name = data["phase"]
        self.duration = data["duration_s"]
        self.pue = carbon["pue"]
        self.it_energy_kwh = energy["total_kwh"]
        self.energy_consumed = energy["total_kwh"] * self.pue
        self.cpu_energy = energy["cpu_j"] * self.pue / _KWH
        self.gpu_energy = energy["gpu_j"] * self.pue / _KWH
        self.ram_energy = energy["ram_j"] * self.pue / _KWH
        self.emissions = carbon["emissions_kg"]
        self.emissions_rate = carbon["emissions_rate_kg_per_s"]
        self.carbon_intensity = carbon["intensity_g_per_kwh"]
        self.country_iso_code = carbon["region"]
        self.attribution = data["attribution"]["mode"]
        self.domains = {
            d: {"energy_kwh": energy[d + "_j"] * self.pue / _KWH, "method": energy[d + "_method"]}
            for d in ("cpu", "gpu", "ram")
        }
        self.notes = [dict(n) for n in data["sources"]]

    @property
    def methods(self):
        """The methods of the domains that have a source, e.g. {"cpu": "measured:powercap"}."""
        return {d: v["method"] for d, v in self.domains.items() if v["method"] != "none"}

    def provenance(self, by="airgrid Tracker (Python)"):
        """Grid provenance of this record's figures: measured when every used source is a sensor."""
        methods = sorted(set(self.methods.values()))
        kind = "modelled" if any(m.startswith("modelled") for m in methods) else "measured"
        return {"kind": kind, "by": by,
                "method": f"{self.attribution} attribution; " + ", ".join(methods) + f"; PUE {self.pue}"}

    def __repr__(self):
        return (f"Record({self.name!r}, duration={self.duration:.3f} s, energy_consumed={self.energy_consumed:.3g} kWh, "
                f"emissions={self.emissions:.3g} kg, attribution={self.attribution!r})")


class _Phase:
    """A phase in progress: ``end()`` or leave the ``with`` block to record it."""

    def __init__(self, tracker, name, token):
        self._tracker, self.name, self._token, self.record = tracker, name, token, None

    def end(self):
        if self.record is None:
            self.record = Record(json.loads(self._tracker._core.end(self._token)))
            self._tracker.phases[self.name] = self.record
        return self.record

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._tracker.running:
            self.end()
        return False


def _check_number(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    if not value >= minimum:
        raise ValueError(f"{name}: expected a number >= {minimum}, got {value}")
    return float(value)


class Tracker:
    """Energy and CO2eq of this process (or of the machine) between start() and stop().

    attribution: "process" (CPU by this process's CPU-time share, RAM by the memory it holds over
    time) or "machine" (the whole machine's draw, idle included, as CodeCarbon by default).
    country: ISO-3 or ISO-2 code for the grid carbon intensity (default: world average);
    carbon_intensity: gCO2eq/kWh, overrides the country's; pue: >= 1; interval_s: sampling period.
    After stop(), the result is available as attributes (see Record) and ``record``; phases by
    name in ``phases``. Errors raise with the messages of `airgrid track`.
    """

    def __init__(self, *, attribution="process", country=None, carbon_intensity=None, pue=1.0, interval_s=1.0):
        if not isinstance(attribution, str):
            raise TypeError(f"attribution: expected 'process' or 'machine', got {type(attribution).__name__}")
        if country is not None and not isinstance(country, str):
            raise TypeError(f"country: expected an ISO code string, got {type(country).__name__}")
        pue = _check_number("pue", pue, 1.0)
        interval_s = _check_number("interval_s", interval_s, 0.0)
        intensity = -1.0 if carbon_intensity is None else _check_number("carbon_intensity", carbon_intensity, 0.0)
        self._core = _core.Tracker(interval_s, attribution, country or "", intensity, pue)
        self._pid = None
        self.record = None
        self.phases = {}

    @property
    def running(self):
        return self._core.running

    def start(self):
        """Starts a run (a new one after stop()). Raises RuntimeError if already started."""
        self._core.start()
        self._pid = os.getpid()
        self.record = None
        self.phases = {}
        return self

    def stop(self):
        """Ends the run and returns its Record. Raises RuntimeError if not started, or in a
        forked child (the sampling thread and the CPU counters are the parent's)."""
        if self._pid is not None and os.getpid() != self._pid and self._core.running:
            raise RuntimeError(
                f"Tracker.stop: started in process {self._pid}, stopped in process {os.getpid()} (fork): "
                "the measurement covers the parent process only; start a new Tracker in the child")
        self.record = Record(json.loads(self._core.stop()))
        return self.record

    def phase(self, name):
        """Starts phase `name` now; use as ``with t.phase("fit"):`` or call ``.end()``."""
        if not isinstance(name, str) or not name:
            raise TypeError(f"name: expected a non-empty string, got {name!r}")
        if name in self.phases:
            raise ValueError(f"name: phase {name!r} already recorded in this run; use another name")
        return _Phase(self, name, self._core.begin(name))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.running:
            self.stop()
        return False

    def __getattr__(self, attr):
        # energy_consumed, emissions, cpu_energy... of the last run's record.
        record = self.__dict__.get("record")
        if record is not None and hasattr(record, attr):
            return getattr(record, attr)
        if record is None and attr in Record.__init__.__code__.co_names:
            raise AttributeError(f"Tracker.{attr}: no result yet (call stop() or leave the with block)")
        raise AttributeError(attr)


def track(func=None, **tracker_args):
    """Decorator: runs the function under a Tracker(**tracker_args); the tracker of the last call
    is ``wrapper.tracker``. Usable as ``@track`` or ``@track(country="FR")``."""

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            t = Tracker(**tracker_args)
            wrapper.tracker = t
            with t:
                return f(*args, **kwargs)

        wrapper.tracker = None
        return wrapper

    return decorate(func) if func is not None else decorate
