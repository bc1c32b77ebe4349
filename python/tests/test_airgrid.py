"""Tests of the airgrid Python package (run by ctest: python3 -m unittest; pytest runs them too).
Metrics are cross-checked against Debian's scikit-learn; the grid against the `airgrid grid` CLI."""
import json
import os
import subprocess
import tempfile
import time
import unittest

import numpy as np

import airgrid

try:
    from sklearn import metrics as skm
except ImportError:  # pragma: no cover
    skm = None


class TrackerTest(unittest.TestCase):
    def test_start_stop_gives_energy_and_emissions(self):
        t = airgrid.Tracker(interval_s=0.05)
        t.start()
        sum(i * i for i in range(300000))
        r = t.stop()
        self.assertIs(r, t.record)
        self.assertGreater(t.energy_consumed, 0.0)
        self.assertGreater(t.emissions, 0.0)
        self.assertEqual(t.attribution, "process")
        # energy_consumed is in kWh and includes PUE: the sum of the domains.
        self.assertAlmostEqual(t.energy_consumed, t.cpu_energy + t.gpu_energy + t.ram_energy, places=15)
        self.assertAlmostEqual(t.energy_consumed, r.data["energy"]["total_j"] / 3.6e6, places=15)
        self.assertAlmostEqual(t.emissions, t.energy_consumed * r.carbon_intensity / 1000, places=15)
        self.assertIn(r.domains["cpu"]["method"].split(":")[0], ("measured", "modelled"))
        self.assertTrue(any(n["used"] for n in t.notes))

    def test_pue_multiplies_energy_as_codecarbon(self):
        with airgrid.Tracker(pue=1.5, carbon_intensity=100, interval_s=0) as t:
            sum(range(200000))
        self.assertAlmostEqual(t.energy_consumed, 1.5 * t.record.it_energy_kwh, places=15)
        self.assertAlmostEqual(t.emissions, t.energy_consumed * 100 / 1000, places=15)

    def test_phases_by_name_and_sleep_pays_for_memory(self):
        with airgrid.Tracker(interval_s=0.05) as t:
            with t.phase("fit"):
                sum(range(200000))
            p = t.phase("wait")
            time.sleep(0.3)
            p.end()
        self.assertEqual(set(t.phases), {"fit", "wait"})
        wait = t.phases["wait"]
        self.assertGreaterEqual(wait.duration, 0.29)
        self.assertGreater(wait.ram_energy, 0.0)  # memory held while sleeping is charged
        self.assertLessEqual(t.phases["fit"].duration + wait.duration, t.record.duration + 1e-9)

    def test_machine_mode_charges_the_machine(self):
        with airgrid.Tracker(attribution="machine", interval_s=0.05) as t:
            time.sleep(0.2)
        self.assertEqual(t.attribution, "machine")
        self.assertAlmostEqual(t.record.it_energy_kwh, t.record.data["energy"]["machine_j"] / 3.6e6, places=15)

    def test_decorator(self):
        @airgrid.track(interval_s=0)
        def work(n):
            return sum(range(n))

        self.assertEqual(work(1000), 499500)
        self.assertGreaterEqual(work.tracker.energy_consumed, 0.0)
        self.assertFalse(work.tracker.running)

    def test_misuse_raises(self):
        t = airgrid.Tracker()
        with self.assertRaisesRegex(RuntimeError, "not started"):
            t.stop()
        with self.assertRaisesRegex(AttributeError, "no result yet"):
            t.energy_consumed
        with self.assertRaisesRegex(TypeError, "^pue: expected a number"):
            airgrid.Tracker(pue="1.2")
        with self.assertRaisesRegex(ValueError, r"^--pue: expected a number >= 1"):
            airgrid.Tracker(pue=0.5) if False else airgrid._core.Tracker(1.0, "process", "", -1, 0.5)
        with self.assertRaisesRegex(ValueError, "^attribution: expected 'process' or 'machine', got 'socket'"):
            airgrid.Tracker(attribution="socket")
        with self.assertRaisesRegex(ValueError, "country 'XX'"):
            airgrid.Tracker(country="XX")
        t.start()
        with self.assertRaisesRegex(RuntimeError, "already started"):
            t.start()
        t.stop()

    def test_fork_child_cannot_stop_the_parents_run(self):
        t = airgrid.Tracker(interval_s=0).start()
        pid = os.fork()
        if pid == 0:
            try:
                t.stop()
                os._exit(1)
            except RuntimeError as e:
                os._exit(0 if "fork" in str(e) and "parent" in str(e) else 2)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        t.stop()


@unittest.skipIf(skm is None, "scikit-learn not available (apt install python3-sklearn)")
class MetricsTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(7)
        self.y = rng.integers(0, 3, 200)
        self.p = np.where(rng.random(200) < 0.7, self.y, rng.integers(0, 3, 200))
        self.yb, self.pb = (self.y == 1).astype(int), (self.p == 1).astype(int)

    def test_classification_matches_sklearn(self):
        self.assertAlmostEqual(airgrid.accuracy_score(self.y, self.p), skm.accuracy_score(self.y, self.p), places=12)
        for avg in ("micro", "macro", "weighted"):
            for name in ("f1_score", "precision_score", "recall_score"):
                ours = getattr(airgrid, name)(self.y, self.p, average=avg)
                theirs = getattr(skm, name)(self.y, self.p, average=avg)
                self.assertAlmostEqual(ours, theirs, places=12, msg=f"{name} {avg}")
        np.testing.assert_allclose(airgrid.f1_score(self.y, self.p, average=None), skm.f1_score(self.y, self.p, average=None))
        self.assertAlmostEqual(airgrid.f1_score(list(self.yb), list(self.pb)), skm.f1_score(self.yb, self.pb), places=12)
        labels = ["cat", "dog", "dog", "cat", "bird"]
        pred = ["cat", "dog", "cat", "cat", "dog"]
        self.assertAlmostEqual(airgrid.f1_score(labels, pred, average="macro"),
                               skm.f1_score(labels, pred, average="macro"), places=12)

    def test_regression_and_masks_match_sklearn(self):
        t = np.linspace(0, 3, 50)
        p = t + np.sin(t)
        self.assertAlmostEqual(airgrid.mean_squared_error(t, p), skm.mean_squared_error(t, p), places=12)
        self.assertAlmostEqual(airgrid.mean_squared_error(t, p, squared=False),
                               skm.mean_squared_error(t, p, squared=False), places=12)
        self.assertAlmostEqual(airgrid.mean_absolute_error(t, p), skm.mean_absolute_error(t, p), places=12)
        self.assertAlmostEqual(airgrid.r2_score(list(t), list(p)), skm.r2_score(t, p), places=12)
        m1 = np.array([[0, 1, 1], [0, 1, 0]])
        m2 = np.array([[1, 1, 0], [0, 1, 0]])
        self.assertAlmostEqual(airgrid.dice_score(m1, m2), skm.f1_score(m1.ravel(), m2.ravel()), places=12)
        self.assertAlmostEqual(airgrid.iou_score(m1, m2), skm.jaccard_score(m1.ravel(), m2.ravel()), places=12)

    def test_group_metrics_by_hand(self):
        y = [1, 0, 1, 1, 0, 0]
        p = [1, 0, 0, 1, 1, 1]
        g = ["a", "a", "a", "b", "b", "b"]
        f = airgrid.metric_frame("accuracy", y, p, sensitive_features=g)
        self.assertAlmostEqual(f["by_group"]["a"], 2 / 3)
        self.assertAlmostEqual(f["by_group"]["b"], 1 / 3)
        self.assertAlmostEqual(f["difference"], 1 / 3)
        self.assertAlmostEqual(f["ratio"], 0.5)
        # Selection rates 1/3 (a) and 1 (b).
        self.assertAlmostEqual(airgrid.demographic_parity_difference(y, p, sensitive_features=np.array(g)), 2 / 3)

    def test_bad_arguments_name_the_argument(self):
        with self.assertRaisesRegex(TypeError, "^y_true: expected a list, tuple or NumPy array, got str"):
            airgrid.accuracy_score("0101", [0, 1, 0, 1])
        with self.assertRaisesRegex(ValueError, r"^y_pred: expected 3 values \(the length of y_true\), got 2"):
            airgrid.accuracy_score([0, 1, 1], [0, 1])
        with self.assertRaisesRegex(ValueError, r"^y_true: expected a 1-D array, got shape \(2, 2\)"):
            airgrid.f1_score(np.zeros((2, 2)), np.zeros((2, 2)))
        with self.assertRaisesRegex(ValueError, "^average: expected one of"):
            airgrid.f1_score([0, 1], [0, 1], average="samples")
        with self.assertRaisesRegex(TypeError, "^y_pred: expected numbers, got str"):
            airgrid.mean_squared_error([1.0], ["a"])
        with self.assertRaisesRegex(ValueError, "^sensitive_features: expected 2 values"):
            airgrid.metric_frame("accuracy", [0, 1], [0, 1], sensitive_features=["a"])


class GridTest(unittest.TestCase):
    def make(self):
        g = airgrid.Grid("Two classifiers", "test grid")
        g.alternative("a", "Model A").alternative("b", "Model B")
        g.criterion("acc", label="Accuracy", unit="1", direction="higher")
        g.criterion("energy", label="Energy", area="environment", unit="kWh", direction="lower", phase="development")
        g.set("a", "acc", airgrid.measured(0.9, 0.01, by="test", method="held-out split"))
        g.set("b", "acc", 0.8)
        g.set("a", "energy", airgrid.modelled(2e-6, 1e-6, by="test", method="model"))
        g.set("b", "energy", airgrid.not_assessed("not run"))
        return g

    def test_renders_exactly_as_the_cli(self):
        binary = os.environ.get("AIRGRID_BIN")
        if not binary:
            self.skipTest("AIRGRID_BIN not set (ctest sets it to the built airgrid program)")
        g = self.make()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "g.json")
            with open(path, "w") as f:
                f.write(g.to_json())
            subprocess.run([binary, "grid", path, "--quiet", "--md", os.path.join(d, "cli.md"),
                            "--json", os.path.join(d, "cli.json")], check=True)
            with open(os.path.join(d, "cli.md")) as f:
                cli_md = f.read()
            with open(os.path.join(d, "cli.json")) as f:
                cli_json = json.load(f)
        ours = json.loads(g.render("json"))
        for key in ("airgrid_version", "command_line", "created_utc", "grid_file"):
            cli_json.pop(key, None)
            ours.pop(key, None)
        self.assertEqual(ours, cli_json)
        self.assertEqual(_drop_provenance(g.render("markdown")), _drop_provenance(cli_md))
        self.assertIn("<svg", g.render("html"))
        self.assertIn("not assessed", g.render("text"))

    def test_errors_are_the_clis(self):
        g = self.make()
        g.set("a", "nope", 1.0)
        with self.assertRaisesRegex(ValueError, "nope"):
            g.render("json")
        with self.assertRaisesRegex(ValueError, "^uncertainty: expected a finite number >= 0"):
            airgrid.measured(1.0, -1, by="x", method="y")

    def test_write_is_atomic_and_by_extension(self):
        with tempfile.TemporaryDirectory() as d:
            out = self.make().write(os.path.join(d, "r.html"))
            self.assertEqual(os.listdir(d), ["r.html"])
            with open(out) as f:
                self.assertTrue(f.read().lstrip().lower().startswith("<!doctype html"))
            with self.assertRaisesRegex(ValueError, "^path: cannot tell the format"):
                self.make().write(os.path.join(d, "r.pdf"))
            self.assertEqual(os.listdir(d), ["r.html"])


def _drop_provenance(md):
    return "\n".join(line for line in md.splitlines() if "airgrid_version" not in line and "created" not in line
                     and "command" not in line.lower())


class SimulateTest(unittest.TestCase):
    def test_runs_as_objects_and_cli_errors(self):
        if not os.environ.get("AIRGRID_BIN"):
            self.skipTest("AIRGRID_BIN not set (ctest sets it to the built airgrid program)")
        runs = airgrid.simulate("lublin:300:1", policies=["fcfs", "spt"], procs=64)
        self.assertEqual([r.policy for r in runs], ["fcfs", "spt"])
        self.assertGreaterEqual(runs[0].avg_bsld, 1.0)
        with self.assertRaisesRegex(ValueError, "--policy 'nope'"):
            airgrid.simulate("lublin:50:1", policies=["nope"])


class CsvSchemaTest(unittest.TestCase):
    """`airgrid track --csv` writes exactly CodeCarbon 3.3.0's header (read with the csv module)."""

    CODECARBON_3_3_0 = [
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
        "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
        "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
        "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue"]

    def test_header_and_one_row_per_run(self):
        import csv
        binary = os.environ.get("AIRGRID_BIN")
        if not binary:
            self.skipTest("AIRGRID_BIN not set (ctest sets it to the built airgrid program)")
        self.assertEqual(airgrid.codecarbon_version, "3.3.0")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "emissions.csv")
            for _ in range(2):
                subprocess.run([binary, "track", "--quiet", "--pue", "1.2", "--csv", path, "--", "true"], check=True)
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
        self.assertEqual(rows[0], self.CODECARBON_3_3_0)
        self.assertEqual(len(rows), 3)
        for row in rows[1:]:
            r = dict(zip(rows[0], row))
            self.assertEqual(len(row), 38)
            self.assertEqual(r["tracking_mode"], "process")
            self.assertEqual(r["pue"], "1.2")
            self.assertEqual(r["codecarbon_version"], "")


if __name__ == "__main__":
    unittest.main()
