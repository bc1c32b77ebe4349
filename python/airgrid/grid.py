"""Grid builder: alternatives × criteria, rendered by the same code as `airgrid grid`.

The builder writes the grid file format of docs/formats.md ("Grid file"); ``render`` and
``write`` pass it to airgrid's C++ report, so HTML/Markdown/JSON are byte for byte what
`airgrid grid FILE` writes for the same file (only the provenance block names the Python caller).
"""
import json
import math
import numbers
import os
import sys
import tempfile

from . import _core
from .tracker import Record


def measured(value, uncertainty, *, by, method, source=None):
    """A measured number with its absolute uncertainty (criterion's unit) and provenance."""
    return _number(value, uncertainty, "measured", by, method, source)


def modelled(value, uncertainty, *, by, method, source=None):
    """A modelled number: the model, its constants and source go in `method` / `source`."""
    return _number(value, uncertainty, "modelled", by, method, source)


def declared(value, *, by, method="", source=None, uncertainty=0.0):
    """A declared number (a datasheet, a person's statement)."""
    return _number(value, uncertainty, "declared", by, method, source)


def not_assessed(reason):
    """Not assessed (its own state, never 0), with the reason."""
    if not isinstance(reason, str) or not reason:
        raise TypeError("reason: expected a non-empty string")
    return {"not_assessed": reason}


def _number(value, uncertainty, kind, by, method, source):
    for name, v in (("value", value), ("uncertainty", uncertainty)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name}: expected a number, got {type(v).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"value: expected a finite number, got {value}")
    if not (uncertainty >= 0 and math.isfinite(uncertainty)):
        raise ValueError(f"uncertainty: expected a finite number >= 0, got {uncertainty}")
    provenance = {"kind": kind, "by": str(by), "method": str(method)}
    if source:
        provenance["source"] = str(source)
    return {"value": float(value), "uncertainty": float(uncertainty), "provenance": provenance}


class Grid:
    """A grid under construction. Ids follow the CLI's rules; errors are ValueError with the
    messages of `airgrid grid` (raised when rendering, where the C++ code validates)."""

    def __init__(self, title, description=""):
        if not isinstance(title, str):
            raise TypeError(f"title: expected a string, got {type(title).__name__}")
        self.doc = {"title": title, "description": str(description), "alternatives": [], "criteria": [], "values": {}}

    def alternative(self, id, label=None, description=""):
        self.doc["alternatives"].append({"id": _id("id", id), "label": label or id, "description": description})
        self.doc["values"].setdefault(id, {})
        return self

    def criterion(self, id, *, label=None, area="performance", unit="1", direction="higher", scale="ratio",
                  phase=None, description="", rubric=None, veto=None):
        """A criterion; for scale="ordinal", only id (a rubric criterion of data/rubric.json),
        and optionally label, area, description and rubric."""
        c = {"id": _id("id", id), "label": label or id, "area": area, "scale": scale, "description": description}
        if scale == "ordinal":
            if rubric:
                c["rubric"] = rubric
            if label is None:
                del c["label"]
        else:
            c.update({"unit": unit, "direction": direction})
        if phase:
            c["phase"] = phase
        if veto is not None:
            threshold, reason = veto
            c["veto"] = {"threshold": threshold, "reason": reason}
        self.doc["criteria"].append(c)
        return self

    def set(self, alternative, criterion, value):
        """Sets a value: a number (declared, no uncertainty), measured()/modelled()/declared()/
        not_assessed(), a rubric level dict {"level": ..., "rationale": ...}, or a tracker Record
        (its energy_consumed in kWh, PUE included; see set_energy)."""
        if isinstance(value, Record):
            raise TypeError("value: a Record has several figures; use set_energy(...) or set_emissions(...)")
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, dict, str)):
            raise TypeError(f"value: expected a number or a value dict, got {type(value).__name__}")
        self.doc["values"].setdefault(_id("alternative", alternative), {})[_id("criterion", criterion)] = value
        return self

    def set_energy(self, alternative, criterion, record, *, uncertainty, by="airgrid Tracker (Python)"):
        """energy_consumed of a tracker Record (kWh, PUE included) with its provenance."""
        p = record.provenance(by)
        return self.set(alternative, criterion,
                        _number(record.energy_consumed, uncertainty, p["kind"], p["by"], p["method"], None))

    def set_emissions(self, alternative, criterion, record, *, uncertainty, by="airgrid Tracker (Python)"):
        """emissions of a tracker Record (kgCO2eq) with its provenance (intensity and PUE in the method)."""
        p = record.provenance(by)
        method = p["method"] + f"; {record.carbon_intensity:g} gCO2eq/kWh ({record.country_iso_code})"
        return self.set(alternative, criterion, _number(record.emissions, uncertainty, p["kind"], p["by"], method, None))

    def series(self, id, *, title, kind, unit, categories=None, data, note=""):
        s = {"id": id, "title": title, "kind": kind, "unit": unit, "note": note, "data": data}
        if categories is not None:
            s["categories"] = list(categories)
        self.doc.setdefault("series", []).append(s)
        return self

    def to_json(self):
        """The grid file text (docs/formats.md), readable by `airgrid grid`."""
        return json.dumps(self.doc, indent=2, ensure_ascii=False) + "\n"

    def render(self, format="html"):
        """The report as `airgrid grid` renders it: format "html", "markdown", "json" or "text"."""
        provenance = {"airgrid_version": _core.__version__, "command_line": " ".join(sys.argv) or "python"}
        return _core.render_grid(self.to_json(), self.doc["title"] or "grid", format, json.dumps(provenance))

    def write(self, path, format=None):
        """Writes the report (format from the extension: .html, .md, .json) atomically."""
        fmt = format or {".html": "html", ".md": "markdown", ".json": "json", ".txt": "text"}.get(
            os.path.splitext(path)[1])
        if fmt is None:
            raise ValueError(f"path: cannot tell the format of {path!r} (use .html, .md, .json or give format=)")
        _write_atomic(path, self.render(fmt))
        return path


def _id(name, v):
    if not isinstance(v, str):
        raise TypeError(f"{name}: expected a string id, got {type(v).__name__}")
    return v


def _write_atomic(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
