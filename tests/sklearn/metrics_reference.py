#!/usr/bin/python3
"""Computes scikit-learn's values for the cases airgrid's metrics cross-check test generated.

Usage: metrics_reference.py cases.json answers.json
Each case: {"kind": regression|classification|roc_auc|segmentation, ...}; see metrics_sklearn_test.cc.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm


def labels_array(values):
    # Numeric labels when every label parses as a number (as airgrid does), else strings.
    try:
        return np.array([float(v) for v in values])
    except ValueError:
        return np.array(values)


def answer(case):
    kind = case["kind"]
    if kind == "regression":
        y, p = np.array(case["truth"]), np.array(case["pred"])
        return {
            "mae": skm.mean_absolute_error(y, p),
            "rmse": skm.mean_squared_error(y, p, squared=False),
            "r2": float(skm.r2_score(y, p)),
        }
    if kind == "classification":
        y, p = labels_array(case["truth"]), labels_array(case["pred"])
        zd = case["zero_division"]
        zd = "warn" if zd == "warn" else int(zd)
        avg = case["average"]
        kw = {}
        if avg == "binary":
            kw["pos_label"] = labels_array([case["pos_label"]])[0]
        try:
            pr, rc, f1, _ = skm.precision_recall_fscore_support(
                y, p, average=avg, zero_division=zd, **kw)
        except ValueError as e:
            return {"error": str(e)}
        return {
            "accuracy": skm.accuracy_score(y, p),
            "precision": pr, "recall": rc, "f1": f1,
            "confusion": skm.confusion_matrix(y, p).tolist(),
        }
    if kind == "roc_auc":
        y = labels_array(case["truth"])
        try:
            return {"auc": skm.roc_auc_score(y, np.array(case["scores"]))}
        except ValueError as e:
            return {"error": str(e)}
    if kind == "segmentation":
        t = (np.array(case["truth"]) != 0).astype(int)
        p = (np.array(case["pred"]) != 0).astype(int)
        zd = int(case["zero_division"])
        return {
            "dice": skm.f1_score(t, p, average="binary", zero_division=zd),
            "iou": skm.jaccard_score(t, p, average="binary", zero_division=zd),
        }
    raise ValueError("unknown case kind " + kind)


def finite_or_none(x):
    # JSON has no NaN: sklearn's NaN results travel as null.
    if isinstance(x, dict):
        return {k: finite_or_none(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite_or_none(v) for v in x]
    if isinstance(x, float) and x != x:
        return None
    return x


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    warnings.simplefilter("ignore")
    out = {"sklearn_version": sklearn.__version__, "answers": [finite_or_none(answer(c)) for c in cases]}
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
