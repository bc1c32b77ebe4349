#!/usr/bin/python3
"""Two scikit-learn classifiers on the airgrid grid, end to end.

Data: scikit-learn's bundled diabetes data set (442 patients; no download), the target turned into
"disease progression above the median" and the patients' sex as the sensitive attribute.
Each classifier is trained under airgrid's Tracker (phases "fit" and "predict"); accuracy, macro F1
and the demographic-parity difference between the two sexes are computed with airgrid's metrics
(scikit-learn's conventions); the grid is rendered to report.html, report.md and grid.json.

    PYTHONPATH=build/python python3 examples/sklearn_grid.py --out /tmp/sklearn-grid
"""
import argparse
import math
import os
import sys

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

import airgrid

SEED = 0


def data():
    d = load_diabetes()
    X, y = d.data, (d.target > np.median(d.target)).astype(int)
    sex = np.where(d.data[:, d.feature_names.index("sex")] > 0, "sex=2", "sex=1")  # scaled; two values
    return train_test_split(X, y, sex, test_size=0.3, random_state=SEED, stratify=y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="sklearn-grid", help="output folder (created)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    X_train, X_test, y_train, y_test, _, sex_test = data()
    models = {
        "logreg": ("Logistic regression", LogisticRegression(max_iter=1000)),
        "forest": ("Random forest (200 trees)", RandomForestClassifier(n_estimators=200, random_state=SEED, n_jobs=1)),
    }
    g = airgrid.Grid("Two scikit-learn classifiers on the diabetes data",
                     "Progression above the median (442 patients, 30 % held out, stratified, seed 0); "
                     "energy tracked by airgrid (process attribution, world-average carbon intensity).")
    g.criterion("accuracy", label="Accuracy", unit="1", direction="higher",
                description="Held-out accuracy; uncertainty = binomial standard error sqrt(p(1-p)/n).")
    g.criterion("f1_macro", label="Macro F1", unit="1", direction="higher", description="Held-out macro-averaged F1.")
    g.criterion("dp_gap", label="Demographic-parity gap (sex)", area="fairness", unit="1", direction="lower",
                description="Largest difference in positive-prediction rate between the two sexes.")
    g.criterion("train_energy", label="Training energy", area="environment", unit="kWh", direction="lower",
                phase="development", description="Energy of fit(), PUE 1, as tracked by airgrid.")
    g.criterion("train_co2", label="Training CO2eq", area="environment", unit="kgCO2eq", direction="lower",
                phase="development", description="Operational emissions of fit().")
    n = len(y_test)
    for key, (label, model) in models.items():
        g.alternative(key, label)
        with airgrid.Tracker(interval_s=0.1) as t:
            with t.phase("fit"):
                model.fit(X_train, y_train)
            with t.phase("predict"):
                pred = model.predict(X_test)
        acc = airgrid.accuracy_score(y_test, pred)
        f1 = airgrid.f1_score(y_test, pred, average="macro")
        gap = airgrid.demographic_parity_difference(y_test, pred, sensitive_features=sex_test)
        fit = t.phases["fit"]
        # The tracker's resolution: one sampling interval of the fit's mean power, at least 10 %.
        u = max(0.1 * fit.energy_consumed, fit.energy_consumed * min(1.0, 0.1 / max(fit.duration, 1e-9)))
        g.set(key, "accuracy", airgrid.measured(acc, math.sqrt(acc * (1 - acc) / n), by="airgrid.accuracy_score",
                                                method=f"held-out split, n={n}"))
        g.set(key, "f1_macro", airgrid.measured(f1, 0.0, by="airgrid.f1_score", method="average='macro'"))
        g.set(key, "dp_gap", airgrid.measured(gap, 0.0, by="airgrid.demographic_parity_difference",
                                              method="selection rate by sex, held-out split"))
        g.set_energy(key, "train_energy", fit, uncertainty=u)
        g.set_emissions(key, "train_co2", fit, uncertainty=u * fit.carbon_intensity / 1000)
        print(f"{label}: accuracy {acc:.3f}, macro F1 {f1:.3f}, parity gap {gap:.3f}, "
              f"fit {fit.duration:.2f} s {fit.energy_consumed * 3.6e6:.3g} J ({', '.join(fit.methods.values())})")
    for name in ("report.html", "report.md", "grid.json"):
        g.write(os.path.join(args.out, name))
    airgrid.grid._write_atomic(os.path.join(args.out, "grid.input.json"), g.to_json())  # for `airgrid grid`
    print("wrote", os.path.join(args.out, "report.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
