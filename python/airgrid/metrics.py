"""Metrics with scikit-learn's names and argument conventions (scikit-learn 1.2.1 semantics),
computed by airgrid's C++ library. Inputs: lists, tuples or NumPy arrays."""
import math
import numbers

from . import _core

try:  # NumPy is optional: plain lists work without it
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None


def _sequence(name, values, flatten=False):
    if _np is not None and isinstance(values, _np.ndarray):
        if values.ndim != 1 and not flatten:
            raise ValueError(f"{name}: expected a 1-D array, got shape {values.shape}")
        return values.ravel().tolist()
    if isinstance(values, (list, tuple)):
        if not flatten and any(isinstance(v, (list, tuple)) for v in values):
            raise ValueError(f"{name}: expected a 1-D sequence, got nested sequences")
        if flatten:
            out = []
            for v in values:
                out.extend(_sequence(name, v, True) if isinstance(v, (list, tuple)) or
                           (_np is not None and isinstance(v, _np.ndarray)) else [v])
            return out
        return list(values)
    raise TypeError(f"{name}: expected a list, tuple or NumPy array, got {type(values).__name__}")


def _label(name, v):
    if isinstance(v, bool) or (_np is not None and isinstance(v, _np.bool_)):
        return "1" if v else "0"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(f"{name}: labels must be finite, got {v}")
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, str):
        return v
    raise TypeError(f"{name}: expected labels (numbers or strings), got {type(v).__name__}")


def _labels(name, values):
    return [_label(name, v) for v in _sequence(name, values)]


def _numbers(name, values, flatten=False):
    out = []
    for v in _sequence(name, values, flatten):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name}: expected numbers, got {type(v).__name__}")
        out.append(float(v))
    return out


def _pair(y_true, y_pred, convert):
    t, p = convert("y_true", y_true), convert("y_pred", y_pred)
    if len(t) != len(p):
        raise ValueError(f"y_pred: expected {len(t)} values (the length of y_true), got {len(p)}")
    if not t:
        raise ValueError("y_true: expected at least one sample, got none")
    return t, p


def _option(name, value, allowed):
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {', '.join(allowed)}, got {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"{name}: expected one of {', '.join(allowed)}, got {value!r}")
    return value


def _classify(y_true, y_pred, average="binary", pos_label=1, zero_division="warn"):
    t, p = _pair(y_true, y_pred, _labels)
    avg = "macro" if average is None else _option("average", average, ("binary", "micro", "macro", "weighted"))
    zd = _option("zero_division", str(zero_division), ("warn", "0", "1"))
    return _core.classification(t, p, avg, _label("pos_label", pos_label), zd)


def accuracy_score(y_true, y_pred):
    """Fraction of exact matches (sklearn.metrics.accuracy_score, normalize=True)."""
    return _classify(y_true, y_pred, "micro")["accuracy"]


def _prf(key, y_true, y_pred, pos_label, average, zero_division):
    r = _classify(y_true, y_pred, average, pos_label, zero_division)
    return list(r["class_" + key]) if average is None else r[key]


def precision_score(y_true, y_pred, *, pos_label=1, average="binary", zero_division="warn"):
    """sklearn.metrics.precision_score; average in binary, micro, macro, weighted, or None (per label)."""
    return _prf("precision", y_true, y_pred, pos_label, average, zero_division)


def recall_score(y_true, y_pred, *, pos_label=1, average="binary", zero_division="warn"):
    """sklearn.metrics.recall_score; average in binary, micro, macro, weighted, or None (per label)."""
    return _prf("recall", y_true, y_pred, pos_label, average, zero_division)


def f1_score(y_true, y_pred, *, pos_label=1, average="binary", zero_division="warn"):
    """sklearn.metrics.f1_score; average in binary, micro, macro, weighted, or None (per label)."""
    return _prf("f1", y_true, y_pred, pos_label, average, zero_division)


def mean_squared_error(y_true, y_pred, *, squared=True):
    """sklearn.metrics.mean_squared_error (squared=False gives the RMSE)."""
    rmse = _core.regression(*_pair(y_true, y_pred, _numbers))["rmse"]
    return rmse * rmse if squared else rmse


def mean_absolute_error(y_true, y_pred):
    """sklearn.metrics.mean_absolute_error."""
    return _core.regression(*_pair(y_true, y_pred, _numbers))["mae"]


def r2_score(y_true, y_pred):
    """sklearn.metrics.r2_score (force_finite=True)."""
    return _core.regression(*_pair(y_true, y_pred, _numbers))["r2"]


def _masks(y_true, y_pred, empty):
    t, p = _pair(y_true, y_pred, lambda n, v: [1 if x else 0 for x in _numbers(n, v, flatten=True)])
    return _core.segmentation(t, p, _option("empty", empty, ("one", "zero", "nan")))


def dice_score(y_true, y_pred, *, empty="one"):
    """Dice of two binary masks (any shape, non-zero = foreground); equals sklearn's binary f1_score
    on the flattened masks. `empty`: value when both masks are empty ("one", "zero" or "nan")."""
    return _masks(y_true, y_pred, empty)["dice"]


def iou_score(y_true, y_pred, *, empty="one"):
    """Intersection over union of two binary masks; equals sklearn's jaccard_score."""
    return _masks(y_true, y_pred, empty)["iou"]


def jaccard_score(y_true, y_pred, *, empty="one"):
    """sklearn.metrics.jaccard_score for binary labels/masks (the IoU)."""
    return iou_score(y_true, y_pred, empty=empty)


def metric_frame(metric, y_true, y_pred, *, sensitive_features, pos_label=1, average="binary", zero_division="warn"):
    """A metric per group, as Fairlearn's MetricFrame: returns {"by_group": {group: value},
    "counts", "overall", "difference" (max - min), "ratio" (min / max)}. metric: "accuracy",
    "precision", "recall", "f1" or "selection_rate" (share of predictions equal to pos_label)."""
    t, p = _pair(y_true, y_pred, _labels)
    groups = _labels("sensitive_features", sensitive_features)
    if len(groups) != len(t):
        raise ValueError(f"sensitive_features: expected {len(t)} values (one per sample), got {len(groups)}")
    avg = _option("average", average, ("binary", "micro", "macro", "weighted"))
    r = _core.by_group(_option("metric", metric, ("accuracy", "precision", "recall", "f1", "selection_rate")),
                       t, p, groups, avg, _label("pos_label", pos_label), _option("zero_division", str(zero_division), ("warn", "0", "1")))
    return {"by_group": dict(zip(r["groups"], r["by_group"])), "counts": dict(zip(r["groups"], r["counts"])),
            "overall": r["overall"], "difference": r["difference"], "ratio": r["ratio"]}


def demographic_parity_difference(y_true, y_pred, *, sensitive_features, pos_label=1):
    """Fairlearn's demographic_parity_difference: the largest gap in selection rate between groups."""
    return metric_frame("selection_rate", y_true, y_pred, sensitive_features=sensitive_features,
                        pos_label=pos_label)["difference"]
