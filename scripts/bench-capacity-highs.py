#!/usr/bin/env python3
"""The HiGHS side of scripts/bench-capacity.

  bench-capacity-highs.py generate DIR COUNT   writes COUNT problems (CapacityProblem JSON) to DIR
  bench-capacity-highs.py compare DIR RESULTS  solves each with scipy.optimize.milp (HiGHS) and
                                               compares with fleetform's results (JSON lines)

The MILP is the model of CapacityProblem, written independently of the Swift core:
  variables  R (reserved count, integer), o[j,h], s[i,h] (integer), M[h] >= 0 (largest pool GPUs)
  minimise   H * R * price_R + sum_h (sum_j price_j o[j,h] + sum_i price_i s[i,h])
  subject to M[h] >= g_i s[i,h]                                             (every pool, hour)
             g_R R + sum_j g_j o[j,h] + sum_i g_i s[i,h] - M[h] >= d[h]      (N-1 coverage)
             (1-S) sum_i g_i s[i,h] - S (g_R R + sum_j g_j o[j,h]) <= 0      (spot share, if capped)
Instances are seeded, so every run compares the same problems.
"""
import json, os, random, sys, time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

P5_ZONES = {"use1-az1": 30.326, "use1-az2": 27.6948, "use1-az3": 20.9934, "use1-az4": 29.3511,
            "use1-az5": 25.8774, "use1-az6": 25.3026}


def generate(directory, count):
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(20261121)
    for k in range(count):
        hours = rng.choice([24, 48, 72])
        if k % 2 == 0:
            # H100 in us-east-1 as the bundled catalog prices it, demand of 40..400 GPUs.
            base = rng.uniform(40, 400)
            on_demand = [{"instanceType": "p5.48xlarge", "gpusPerInstance": 8, "hourlyPrice": 98.32}]
            zones = rng.sample(sorted(P5_ZONES), rng.randint(2, 6))
            spot = [{"instanceType": "p5.48xlarge", "zone": z, "gpusPerInstance": 8, "hourlyPrice": P5_ZONES[z]}
                    for z in zones]
            reserved = {"instanceType": "p5.48xlarge", "gpusPerInstance": 8,
                        "hourlyPrice": round(98.32 * (1 - rng.choice([0.3, 0.4, 0.6])), 4)}
        else:
            # Mixed sizes (1, 4 and 8 GPUs, like g5 / g6 families) over 2-3 zones, 4..120 GPUs.
            base = rng.uniform(4, 120)
            sizes = [(1, 1.2), (4, 5.4), (8, 16.3)]
            on_demand = [{"instanceType": f"t{g}", "gpusPerInstance": g,
                          "hourlyPrice": round(p * rng.uniform(0.9, 1.1), 4)} for g, p in sizes]
            spot = []
            for g, p in sizes:
                for z in range(rng.randint(1, 3)):
                    spot.append({"instanceType": f"t{g}", "zone": f"az{z}", "gpusPerInstance": g,
                                 "hourlyPrice": round(p * rng.uniform(0.25, 0.6), 4)})
            cheapest = min(on_demand, key=lambda o: o["hourlyPrice"] / o["gpusPerInstance"])
            reserved = dict(cheapest, hourlyPrice=round(cheapest["hourlyPrice"] * 0.6, 4))
        amplitude = rng.uniform(0.1, 0.5)
        demand = [max(0, int(round(base * (1 + amplitude * np.sin(2 * np.pi * h / 24)) + rng.gauss(0, base * 0.05))))
                  for h in range(hours)]
        share = rng.choice([None, None, 0.5, 0.7, 0.9])
        problem = {"demand": demand, "onDemand": on_demand, "reserved": reserved, "spot": spot,
                   "maxSpotShare": share, "survivesPoolLoss": True}
        with open(os.path.join(directory, f"problem-{k:02d}.json"), "w") as f:
            json.dump(problem, f)


def solve_highs(problem):
    d = problem["demand"]; H = len(d)
    od = problem["onDemand"]; sp = problem["spot"]; rv = problem["reserved"]; S = problem.get("maxSpotShare")
    J, I = len(od), len(sp)
    # variable layout: R | o[j,h] | s[i,h] | M[h]
    n = 1 + H * J + H * I + H
    oi = lambda j, h: 1 + h * J + j
    si = lambda i, h: 1 + H * J + h * I + i
    mi = lambda h: 1 + H * J + H * I + h
    c = np.zeros(n)
    c[0] = H * rv["hourlyPrice"]
    for h in range(H):
        for j in range(J): c[oi(j, h)] = od[j]["hourlyPrice"]
        for i in range(I): c[si(i, h)] = sp[i]["hourlyPrice"]
    rows = H * I + H + (H if S is not None else 0)
    A = lil_matrix((rows, n)); lo = np.full(rows, -np.inf); hi = np.full(rows, np.inf)
    r = 0
    for h in range(H):
        for i in range(I):
            A[r, mi(h)] = 1; A[r, si(i, h)] = -sp[i]["gpusPerInstance"]; lo[r] = 0; r += 1
        A[r, 0] = rv["gpusPerInstance"]
        for j in range(J): A[r, oi(j, h)] = od[j]["gpusPerInstance"]
        for i in range(I): A[r, si(i, h)] = sp[i]["gpusPerInstance"]
        A[r, mi(h)] = -1; lo[r] = d[h]; r += 1
        if S is not None:
            A[r, 0] = -S * rv["gpusPerInstance"]
            for j in range(J): A[r, oi(j, h)] = -S * od[j]["gpusPerInstance"]
            for i in range(I): A[r, si(i, h)] = (1 - S) * sp[i]["gpusPerInstance"]
            hi[r] = 1e-9; r += 1
    integrality = np.ones(n); integrality[1 + H * J + H * I:] = 0
    start = time.perf_counter()
    result = milp(c, constraints=LinearConstraint(A.tocsr(), lo, hi), integrality=integrality,
                  bounds=Bounds(0, np.inf), options={"mip_rel_gap": 1e-6, "time_limit": 60})
    seconds = time.perf_counter() - start
    if result.x is None:
        raise SystemExit(f"HiGHS found no solution: {result.message}")
    # On a time limit HiGHS returns its incumbent and a proven lower bound.
    bound = getattr(result, "mip_dual_bound", None)
    return result.fun, (bound if bound is not None else result.fun), result.status == 0, seconds


def compare(directory, results_file):
    ours = {}
    with open(results_file) as f:
        for line in f:
            item = json.loads(line)
            ours[os.path.basename(item["file"])] = item
    files = sorted(p for p in os.listdir(directory) if p.endswith(".json"))
    print(f"{'PROBLEM':<16} {'HOURS':>5} {'POOLS':>5} {'CAP':>4} {'FLEETFORM $':>13} {'HIGHS $':>13} {'DIFF %':>8} "
          f"{'FLEETFORM S':>11} {'HIGHS S':>9} {'SPEED-UP':>8}")
    worst, agree, ratios, ff_total, hs_total, timed_out, better = 0.0, 0, [], 0.0, 0.0, 0, 0
    for name in files:
        with open(os.path.join(directory, name)) as f:
            problem = json.load(f)
        cost, bound, optimal, seconds = solve_highs(problem)
        mine = ours[name]
        diff = 100 * (mine["cost"] - cost) / cost if cost else 0.0
        worst = max(worst, abs(diff))
        # fleetform must never beat HiGHS's proven lower bound (it would be infeasible or wrong).
        above_bound = mine["cost"] >= bound * (1 - 1e-6) - 1e-6
        within = abs(diff) <= 0.5
        # When HiGHS stops at its time limit, a fleetform cost between its bound and its incumbent
        # is consistent (fleetform found a better plan than HiGHS had); counted apart.
        bracketed = not optimal and above_bound and mine["cost"] <= cost + 1e-6
        agree += mine["feasible"] and above_bound and within
        better += mine["feasible"] and bracketed and not within
        timed_out += not optimal
        ratio = seconds / max(mine["seconds"], 1e-9)
        ratios.append(ratio); ff_total += mine["seconds"]; hs_total += seconds
        cap = "-" if problem["maxSpotShare"] is None else str(problem["maxSpotShare"])
        print(f"{name:<16} {len(problem['demand']):>5} {len(problem['spot']):>5} {cap:>4} {mine['cost']:>13.2f} "
              f"{cost:>13.2f} {diff:>8.4f} {mine['seconds']:>11.4f} {seconds:>9.3f} {ratio:>7.1f}x"
              + ("" if optimal else f"  (HiGHS time limit; lower bound {bound:.2f})"))
    geo = float(np.exp(np.mean(np.log(ratios))))
    print(f"\n{agree}/{len(files)} problems agree within 0.5%; {better} more where HiGHS stopped at its time limit "
          f"and fleetform's cost lies between HiGHS's bound and its (dearer) incumbent (largest difference {worst:.4f}%); "
          f"fleetform feasible on all: {all(ours[n]['feasible'] for n in files)}; "
          f"HiGHS stopped at its 60 s limit on {timed_out} (compared with its incumbent and bound)")
    print(f"speed: fleetform {ff_total:.3f} s total, HiGHS {hs_total:.3f} s total; "
          f"HiGHS/fleetform time ratio: geometric mean {geo:.1f}x, total {hs_total / max(ff_total, 1e-9):.1f}x")
    if agree + better != len(files) or agree < 20:
        raise SystemExit("bench-capacity: FAILED (fewer than 20 problems or a disagreement above 0.5%)")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        compare(sys.argv[2], sys.argv[3])
