"""airgrid: the energy, carbon and quality of AI methods, compared on one grid.

    import airgrid
    with airgrid.Tracker(country="FR") as t:
        with t.phase("fit"):
            model.fit(X, y)
    t.energy_consumed, t.emissions, t.phases["fit"].energy_consumed

The tracker, the metrics and the grid renderer are airgrid's C++ library (airgrid._core); the
figures, rules and messages are those of the `airgrid` command line (see docs/methodology.md).
"""
from ._core import __version__, codecarbon_version
from .grid import Grid, declared, measured, modelled, not_assessed
from .metrics import (
    accuracy_score,
    demographic_parity_difference,
    dice_score,
    f1_score,
    iou_score,
    jaccard_score,
    mean_absolute_error,
    mean_squared_error,
    metric_frame,
    precision_score,
    r2_score,
    recall_score,
)
from .simulate import simulate
from .tracker import Record, Tracker, track

__all__ = [
    "__version__", "codecarbon_version", "Tracker", "Record", "track", "Grid", "measured", "modelled",
    "declared", "not_assessed", "accuracy_score", "precision_score", "recall_score", "f1_score",
    "mean_squared_error", "mean_absolute_error", "r2_score", "dice_score", "jaccard_score", "iou_score",
    "metric_frame", "demographic_parity_difference", "simulate",
]
