#!/usr/bin/python3
"""SciPy baseline for `airgrid learn fit` (bench/results/learn-fit.md).

Fits the 576 forms ((t1*g(p)) op1 (t2*h(q))) op2 (t3*k(r)) the way the SC'17 artifact does:
scipy.optimize.curve_fit (MINPACK lmdif, finite-difference Jacobian, p0 = ones) with
sigma = 1/(p*q), absolute_sigma=True; log10 and 1/x take x + 1e-10, and a divisor's argument gets
+1e-10 too. Prints the wall time of the fits and, per form, MAE and the fitted thetas as CSV so
the C++ results can be compared form by form.

usage: learn_fit_scipy_baseline.py SCORES.csv [--forms N] [--csv OUT.csv]
"""
import argparse
import itertools
import time

import numpy as np
from scipy.optimize import curve_fit

EPS = 1e-10
FUNCS = {
    "log10": lambda x: np.log10(x + EPS),
    "inv": lambda x: 1.0 / (x + EPS),
    "sqrt": np.sqrt,
    "id": lambda x: x,
}
FUNC_ORDER = ["log10", "inv", "sqrt", "id"]
OPS = ["*", "+", "/"]


def combine(op, left, right_fn, x, theta):
    if op == "*":
        return left * (theta * right_fn(x))
    if op == "+":
        return left + theta * right_fn(x)
    return left / (theta * right_fn(x + EPS))


def make_model(op1, op2, g, h, k):
    def model(x, t1, t2, t3):
        p, q, r = x
        first = t1 * FUNCS[g](p)
        return combine(op2, combine(op1, first, FUNCS[h], q, t2), FUNCS[k], r, t3)
    return model


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scores")
    ap.add_argument("--forms", type=int, default=576, help="fit only the first N forms")
    ap.add_argument("--csv", help="write op1,op2,g,h,k,t1,t2,t3,mae per form")
    args = ap.parse_args()
    data = np.loadtxt(args.scores, delimiter=",", usecols=(0, 1, 2, 3))
    p, q, r, y = data.T
    sigma = 1.0 / (p * q)
    forms = [(o1, o2, g, h, k) for o1 in OPS for o2 in OPS
             for g, h, k in itertools.product(FUNC_ORDER, repeat=3)][: args.forms]
    rows = []
    failures = 0
    start = time.perf_counter()
    with np.errstate(all="ignore"):
        for form in forms:
            model = make_model(*form)
            try:
                theta, _ = curve_fit(model, (p, q, r), y, sigma=sigma, absolute_sigma=True)
            except RuntimeError:
                failures += 1
                theta = np.full(3, np.nan)
            mae = float(np.mean(np.abs(model((p, q, r), *theta) - y)))
            rows.append((form, theta, mae))
    elapsed = time.perf_counter() - start
    print(f"fits={len(forms)} failures={failures} seconds={elapsed:.3f}")
    best = sorted(rows, key=lambda t: (np.nan_to_num(t[2], nan=np.inf)))[:4]
    for form, theta, mae in best:
        print(form, theta, f"mae={mae:.7f}")
    if args.csv:
        with open(args.csv, "w") as out:
            out.write("op1,op2,g,h,k,t1,t2,t3,mae\n")
            for form, theta, mae in rows:
                out.write(",".join(form) + "," + ",".join(f"{v:.12g}" for v in theta)
                          + f",{mae:.12g}\n")


if __name__ == "__main__":
    main()
