#!/usr/bin/env python3
"""Writes data/carbon_series_example.csv: one synthetic week of hourly grid carbon intensity.

An illustration for `airgrid track --carbon-series` and the study's low-carbon lever, NOT a
measurement: the WORLD 2023 annual mean of data/carbon_intensity.csv (480 gCO2eq/kWh, Ember
Global Electricity Review 2024) shaped by a daily profile (a solar dip centred on 13:00 UTC,
up to -25 %; an evening peak centred on 19:00 UTC, up to +15 %) and weekends at 0.9. For real
hourly series use a grid operator's or Electricity Maps' data, with their source.
Usage: scripts/carbon_series_example.py > data/carbon_series_example.csv
"""
import math
from datetime import datetime, timedelta, timezone

SOURCE = ("synthetic illustration (scripts/carbon_series_example.py): WORLD 2023 mean 480 g "
          "(Ember 2024) x daily shape (solar dip 13:00 UTC -25 %; evening peak 19:00 UTC +15 %) "
          "x weekend 0.9; not a measurement")


def intensity(t):
    h = t.hour
    solar = max(0.0, math.cos(2 * math.pi * (h - 13) / 24)) ** 2
    evening = math.exp(-((h - 19) ** 2) / (2 * 1.5 ** 2))
    weekend = 0.9 if t.weekday() >= 5 else 1.0
    return 480 * (1 - 0.25 * solar + 0.15 * evening) * weekend


def main():
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)  # a Monday
    print("timestamp,g_per_kwh,source")
    for i in range(7 * 24):
        t = start + timedelta(hours=i)
        print(f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{intensity(t):.1f},{SOURCE}")


if __name__ == "__main__":
    main()
