#!/usr/bin/env python3
"""Benchmark `certpath irt fit --model 2pl` against PyPI mirt and girth.

Run it through scripts/bench-irt-peers, which makes the virtual environment, builds
certpath and calls this file. By hand:

    target/bench-venv/bin/python scripts/bench_irt_peers.py \
        --certpath target/release/certpath --work target/bench-irt

What it does, in one run:

1. Simulates the data sets once, with a fixed seed: 2PL logistic (D = 1),
   a ~ lognormal(0, 0.3), b ~ N(0, 1), theta ~ N(0, 1). The 70 %-missing set is the
   10000 x 50 set with 70 % of its cells removed completely at random. Each set is
   written as CSV (for certpath: header of item ids, empty cell = missing) and as .npz
   (responses with -1 = missing, and the generating a, b) for the Python tools.
2. Fits each set with every tool, each fit in its own process with a timeout:
   - certpath: `certpath irt fit --model 2pl --quadrature Q FILE.csv --json`, timed as
     the whole command (process start, CSV parsing, fit, standard errors, JSON out);
     certpath has no flag to skip standard errors, so they are always included.
   - the same fit without standard errors, through the irt crate (a helper that
     scripts/bench-irt-peers builds; --irt-nose), labelled as not the command line.
   - mirt 1.2.0: `mirt.fit_mirt(X, model="2PL", n_quadpts=Q)` (EM, Gauss-Hermite),
     its defaults otherwise (tol 1e-4, max_iter 500, Rust backend): with standard errors
     (its default, Oakes) and without, each with its default plain EM and with its
     `accelerate="squarem"` option (certpath uses SQUAREM).
   - girth 0.8.0: `girth.twopl_mml(X.T, {"quadrature_n": Q, "quadrature_bounds": (-6, 6)})`
     (Gauss-Legendre on the same +-6 SD range as certpath; its own max 25 iterations and
     stop rule max|delta a| < 1e-3); no standard errors.
   On 20000 x 100 the certpath and mirt fits are repeated at Q = 21 (mirt's default).
   Before each fit the script waits (up to --wait-quiet s) for the machine to be idle,
   and it reports the CPU other processes used during the fit ("other load").
   The Python tools are timed around the fit call only (data already in memory,
   imports excluded).
3. Scores every fit against the generating values: RMSE(a), RMSE(b) in the IRT
   parameterisation, mean(a_hat / a), and the marginal log-likelihood of the estimates
   evaluated by this script on one common fine grid (401 points on +-8 SD), so that the
   tools' own log-likelihoods, which use different grids, need not be compared.

Results go to WORK/results.json and a Markdown table to WORK/results.md (and stdout).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

SEED = 20261201
NOSE = "certpath fit only (irt crate, no SEs)"

# name, persons, items, fraction of cells removed (MCAR)
DATASETS = [
    ("1000x20", 1000, 20, 0.0),
    ("10000x50", 10000, 50, 0.0),
    ("10000x50, 70% missing", 10000, 50, 0.7),
    ("20000x100", 20000, 100, 0.0),
]


def slug(name: str) -> str:
    return name.replace(", ", "_").replace("% ", "pct_").replace(" ", "_")


# ----------------------------------------------------------------------------- machine load


def cpu_busy_seconds() -> float:
    """CPU-seconds the whole machine has spent busy (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float) -> float:
    """Waits up to `limit` s for the machine to be idle (under 0.15 busy cores for 3 s
    in a row); returns the busy cores seen in the last second before the fit starts."""
    deadline = time.monotonic() + limit
    calm = 0
    while True:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        busy = cpu_busy_seconds() - before
        calm = calm + 1 if busy < 0.15 else 0
        if calm >= 3 or time.monotonic() > deadline:
            return busy


def others(busy: float, own_cpu: float, wall: float) -> float:
    """Cores used by other processes during a fit: machine busy time less the fit's own."""
    return max(0.0, (busy - own_cpu) / wall) if wall > 0 else float("nan")


# ----------------------------------------------------------------------------- data


def simulate(work: Path) -> list[dict]:
    """Writes every data set once; returns their descriptions."""
    out = []
    complete: dict[tuple[int, int], tuple] = {}
    for index, (name, n, j, missing) in enumerate(DATASETS):
        key = (n, j)
        if key not in complete:
            rng = np.random.default_rng([SEED, n, j])
            a = rng.lognormal(0.0, 0.3, j)
            b = rng.normal(0.0, 1.0, j)
            theta = rng.normal(0.0, 1.0, n)
            p = 1.0 / (1.0 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
            x = (rng.random((n, j)) < p).astype(np.int8)
            complete[key] = (a, b, x)
        a, b, x = complete[key]
        x = x.copy()
        if missing > 0:
            rng = np.random.default_rng([SEED, n, j, index])
            x[rng.random(x.shape) < missing] = -1
        stem = work / slug(name)
        np.savez(str(stem) + ".npz", x=x, a=a, b=b)
        ids = [f"i{k + 1:03d}" for k in range(j)]
        cell = np.array(["0", "1", ""], dtype=object)
        text = ",".join(ids) + "\n" + "\n".join(",".join(row) for row in cell[x]) + "\n"
        Path(str(stem) + ".csv").write_text(text)
        observed = x >= 0
        out.append(
            {
                "name": name,
                "persons": n,
                "items": j,
                "missing_target": missing,
                "missing_actual": float(1.0 - observed.mean()),
                "persons_with_no_response": int((~observed.any(axis=1)).sum()),
                "stem": str(stem),
            }
        )
    return out


# ----------------------------------------------------------------------------- fits (child)


def child(args: argparse.Namespace) -> None:
    """Runs one Python fit in this process and writes its result as JSON."""
    data = np.load(args.npz)
    x = data["x"].astype(np.int64)
    q = args.quadrature
    result: dict = {}
    if args.tool == "mirt":
        import mirt

        m0, t0, c0 = cpu_busy_seconds(), time.perf_counter(), time.process_time()
        fit = mirt.fit_mirt(
            x,
            model="2PL",
            n_quadpts=q,
            compute_standard_errors=not args.no_se,
            accelerate="squarem" if args.squarem else "none",
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        busy = cpu_busy_seconds() - m0
        result = {
            "a": np.asarray(fit.model.parameters["discrimination"]).ravel().tolist(),
            "b": np.asarray(fit.model.parameters["difficulty"]).ravel().tolist(),
            "iterations": int(fit.n_iterations),
            "converged": bool(fit.converged),
            "own_log_likelihood": float(fit.log_likelihood),
            "se_method": str(fit.se_method) if not args.no_se else None,
        }
    elif args.tool == "girth":
        import girth
        from girth.utilities import latent_ability_distribution as lad

        # girth does not return its iteration count; count the calls of the latent
        # density, which twopl_mml (grm_mml) makes once per iteration.
        calls = {"n": 0}
        original = lad.LatentPDF.__call__

        def counted(self, *a, **k):
            calls["n"] += 1
            return original(self, *a, **k)

        lad.LatentPDF.__call__ = counted
        # girth wants items x persons; every value other than 0/1 becomes its
        # missing-data sentinel (-99999).
        xg = girth.tag_missing_data(x.T, [0, 1])
        options = {"quadrature_n": q, "quadrature_bounds": (-6.0, 6.0)}
        m0, t0, c0 = cpu_busy_seconds(), time.perf_counter(), time.process_time()
        est = girth.twopl_mml(xg, options=options)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        busy = cpu_busy_seconds() - m0
        result = {
            "a": np.asarray(est["Discrimination"]).ravel().tolist(),
            "b": np.asarray(est["Difficulty"]).ravel().tolist(),
            "iterations": calls["n"],
            # 25 is girth's iteration cap; reaching it means its own stop rule did not fire.
            "converged": calls["n"] < 25,
        }
    else:
        raise SystemExit(f"unknown tool {args.tool}")
    result.update({"wall": wall, "cpu": cpu, "other_load": others(busy, cpu, wall)})
    Path(args.result).write_text(json.dumps(result))


def run_child(
    tool: str,
    stem: str,
    q: int,
    timeout: float,
    work: Path,
    no_se: bool = False,
    squarem: bool = False,
) -> dict:
    flags = ("-nose" if no_se else "") + ("-squarem" if squarem else "")
    result = work / f"result-{tool}-{Path(stem).name}-{q}{flags}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "_fit", tool, stem + ".npz", str(q), str(result)]
    if no_se:
        cmd.append("--no-se")
    if squarem:
        cmd.append("--squarem")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    if proc.returncode != 0 or not result.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": "failed: " + " | ".join(tail)}
    return json.loads(result.read_text())


def timed(cmd: list[str], timeout: float) -> tuple[dict, subprocess.CompletedProcess | None]:
    """Runs a command; its wall time, its CPU time and the other load meanwhile."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    m0, t0 = cpu_busy_seconds(), time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}, None
    wall = time.perf_counter() - t0
    busy = cpu_busy_seconds() - m0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        return {"error": "failed: " + proc.stderr.strip()[-300:]}, None
    return {"wall": wall, "cpu": cpu, "other_load": others(busy, cpu, wall)}, proc


def run_irt_nose(binary: str, stem: str, q: int, timeout: float) -> dict:
    """The irt crate's fit without standard errors (see scripts/bench-irt-peers)."""
    out, proc = timed([binary, stem + ".csv", str(q), "nose"], timeout)
    if proc is None:
        return out
    rows = [line.split() for line in proc.stdout.splitlines()]
    info = dict(kv.split("=") for kv in proc.stderr.split())
    out.update(
        {
            "a": [float(r[1]) for r in rows],
            "b": [float(r[2]) for r in rows],
            "iterations": int(info["iterations"]),
            "converged": info["converged"] == "true",
        }
    )
    return out


def run_certpath(certpath: str, stem: str, q: int, timeout: float) -> dict:
    cmd = [certpath, "irt", "fit", "--model", "2pl", "--quadrature", str(q), stem + ".csv", "--json"]
    res, proc = timed(cmd, timeout)
    if proc is None:
        return res
    out = json.loads(proc.stdout)
    items = {i["id"]: i for i in out["items"]}
    j = len(items)
    ids = [f"i{k + 1:03d}" for k in range(j)]
    return {
        "a": [items[i]["a"] for i in ids],
        "b": [items[i]["b"] for i in ids],
        "iterations": out["iterations"],
        "converged": out["converged"],
        "own_log_likelihood": out["log_likelihood"],
        **res,
        "standard_errors": all(i["se_a"] is not None for i in out["items"]),
    }


# ----------------------------------------------------------------------------- scoring


def common_log_likelihood(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Marginal log-likelihood on 401 equally spaced points on +-8 SD (N(0,1) weights)."""
    nodes = np.linspace(-8.0, 8.0, 401)
    logw = -0.5 * nodes**2
    logw -= np.log(np.exp(logw).sum())
    z = a[:, None] * (nodes[None, :] - b[:, None])  # items x nodes
    logp = -np.logaddexp(0.0, -z)
    logq = -np.logaddexp(0.0, z)
    right = (x == 1).astype(np.float64)
    wrong = (x == 0).astype(np.float64)
    ll = right @ logp + wrong @ logq + logw[None, :]
    m = ll.max(axis=1, keepdims=True)
    return float((m[:, 0] + np.log(np.exp(ll - m).sum(axis=1))).sum())


def score(fit: dict, data: np.lib.npyio.NpzFile) -> dict:
    if "error" in fit:
        return fit
    a_hat, b_hat = np.asarray(fit["a"]), np.asarray(fit["b"])
    a, b = data["a"], data["b"]
    fit.update(
        {
            "rmse_a": float(np.sqrt(np.mean((a_hat - a) ** 2))),
            "rmse_b": float(np.sqrt(np.mean((b_hat - b) ** 2))),
            "mean_ratio_a": float(np.mean(a_hat / a)),
            "common_log_likelihood": common_log_likelihood(data["x"], a_hat, b_hat),
        }
    )
    return fit


# ----------------------------------------------------------------------------- report


def cell(fit: dict, key: str, fmt: str) -> str:
    return format(fit[key], fmt) if key in fit else "—"


def table(rows: list[dict]) -> str:
    head = (
        "| data set | tool | Q | wall s | CPU s | RMSE(a) | RMSE(b) | mean(â/a) "
        "| logL − certpath's | iterations | converged | other load |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    base: dict[tuple[str, int], float] = {}
    for r in rows:
        if r["tool"] == "certpath" and "common_log_likelihood" in r["fit"]:
            base[(r["data"], r["q"])] = r["fit"]["common_log_likelihood"]
    for r in rows:
        f = r["fit"]
        if "error" in f:
            lines.append(f"| {r['data']} | {r['tool']} | {r['q']} | {f['error']} | | | | | | | | |")
            continue
        ref = base.get((r["data"], r["q"]))
        dll = "—" if ref is None else f"{f['common_log_likelihood'] - ref:+.2f}"
        lines.append(
            f"| {r['data']} | {r['tool']} | {r['q']} | {f['wall']:.2f} | {f['cpu']:.2f} "
            f"| {f['rmse_a']:.4f} | {f['rmse_b']:.4f} | {f['mean_ratio_a']:.3f} | {dll} "
            f"| {f.get('iterations', '—')} | {'yes' if f.get('converged') else 'no'} "
            f"| {f['other_load']:.2f} |"
        )
    return head + "\n".join(lines) + "\n"


def verdict(rows: list[dict], q: int) -> str:
    """The issue's targets on 20000x100: >= 5x faster than mirt, RMSE <= 1.02x mirt's."""

    def find(tool: str) -> dict | None:
        for r in rows:
            if r["data"] == "20000x100" and r["tool"] == tool and r["q"] == q:
                return None if "error" in r["fit"] else r["fit"]
        return None

    c = find("certpath")
    if c is None:
        return f"20000x100, Q = {q}: certpath failed, no verdict.\n"
    lines = [f"20000x100, Q = {q} (target: certpath >= 5x faster, RMSE <= 1.02x mirt's):"]
    pairs = [("certpath", c)]
    nose = find(NOSE)
    if nose:
        pairs.append((NOSE, nose))
    for mine, f in pairs:
        for peer in ("mirt (SEs)", "mirt (no SEs)", "mirt (SEs, SQUAREM)", "mirt (no SEs, SQUAREM)"):
            m = find(peer)
            if m is None:
                lines.append(f"  {mine} vs {peer}: {peer} did not finish")
                continue
            speed = m["wall"] / f["wall"]
            ra, rb = f["rmse_a"] / m["rmse_a"], f["rmse_b"] / m["rmse_b"]
            ok = "MET" if speed >= 5 else "NOT MET"
            rm = "MET" if ra <= 1.02 and rb <= 1.02 else "NOT MET"
            lines.append(
                f"  {mine} {f['wall']:.2f} s vs {peer} {m['wall']:.2f} s: time ratio "
                f"{mine.split()[0]}/mirt {f['wall'] / m['wall']:.3f}, speed-up {speed:.2f}x ({ok}); "
                f"RMSE ratio a {ra:.3f}, b {rb:.3f} ({rm})"
            )
    return "\n".join(lines) + "\n"


def versions() -> dict:
    from importlib.metadata import version

    info = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count()}
    for pkg in ("numpy", "scipy", "mirt", "girth"):
        try:
            info[pkg] = version(pkg)
        except Exception:  # noqa: BLE001 - report what is missing
            info[pkg] = "not installed"
    try:
        from mirt._backend_config import get_backend_info

        info["mirt_backend"] = get_backend_info().get("effective_backend")
    except Exception:  # noqa: BLE001
        pass
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu_model"] = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?"
            )
        with open("/proc/meminfo") as f:
            info["mem_gib"] = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    return info


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_fit":
        p = argparse.ArgumentParser()
        p.add_argument("cmd")
        p.add_argument("tool")
        p.add_argument("npz")
        p.add_argument("quadrature", type=int)
        p.add_argument("result")
        p.add_argument("--no-se", action="store_true")
        p.add_argument("--squarem", action="store_true")
        child(p.parse_args())
        return

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--certpath", default="target/release/certpath")
    p.add_argument("--work", default="target/bench-irt", type=Path)
    p.add_argument("--quadrature", type=int, default=61, help="matched number of points")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per fit")
    p.add_argument(
        "--irt-nose",
        help="a binary that fits with the irt crate without standard errors "
        "(built by scripts/bench-irt-peers)",
    )
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=120.0,
        help="before each fit, wait up to this many s for the machine to be idle",
    )
    p.add_argument(
        "--no-extra",
        action="store_true",
        help="skip the extra 20000x100 fits at Q = 21 (mirt's default)",
    )
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    info = versions()
    print(json.dumps(info), flush=True)
    print("simulating ...", flush=True)
    sets = simulate(args.work)
    for s in sets:
        print(
            f"  {s['name']}: missing {s['missing_actual']:.3f}, "
            f"persons with no response {s['persons_with_no_response']}",
            flush=True,
        )

    plan: list[tuple[dict, int]] = [(s, args.quadrature) for s in sets]
    if not args.no_extra and args.quadrature != 21:
        plan.append((sets[-1], 21))

    rows = []
    for s, q in plan:
        data = np.load(s["stem"] + ".npz")
        stem, t, w = s["stem"], args.timeout, args.work
        tools = [
            ("certpath", lambda: run_certpath(args.certpath, stem, q, t)),
            ("mirt (SEs)", lambda: run_child("mirt", stem, q, t, w)),
            ("mirt (no SEs)", lambda: run_child("mirt", stem, q, t, w, no_se=True)),
            ("mirt (SEs, SQUAREM)", lambda: run_child("mirt", stem, q, t, w, squarem=True)),
            (
                "mirt (no SEs, SQUAREM)",
                lambda: run_child("mirt", stem, q, t, w, no_se=True, squarem=True),
            ),
            ("girth", lambda: run_child("girth", stem, q, t, w)),
        ]
        if args.irt_nose:
            tools.insert(1, (NOSE, lambda: run_irt_nose(args.irt_nose, stem, q, t)))
        if q != args.quadrature:
            tools = [x for x in tools if x[0] != "girth"]  # the extra run: certpath and mirt
        for tool, run in tools:
            load_before = wait_quiet(args.wait_quiet)
            fit = score(run(), data)
            if "error" not in fit:
                fit["load_before"] = load_before
            row = {"data": s["name"], "tool": tool, "q": q, "fit": fit}
            rows.append(row)
            brief = fit.get("error") or (
                f"{fit['wall']:.2f} s, RMSE a {fit['rmse_a']:.4f} b {fit['rmse_b']:.4f}, "
                f"iterations {fit.get('iterations')}"
            )
            print(f"  {s['name']:<22} {tool:<38} Q={q:<3} {brief}", flush=True)

    total = time.perf_counter() - start
    md = table(rows) + (
        "\nother load: cores used by other processes during the fit (the machine has "
        f"{os.cpu_count()}); CPU s: the fit's own user + system time; iterations: certpath "
        "and mirt with SQUAREM count E-steps (passes over the data, including extrapolated "
        "points), plain mirt its EM cycles (one E-step each), girth its outer loops.\n\n"
    ) + verdict(rows, args.quadrature)
    if not args.no_extra and args.quadrature != 21:
        md += verdict(rows, 21)
    md += f"\nwhole run (simulation, fits, scoring): {total:.0f} s\n"
    (args.work / "results.md").write_text(md)
    (args.work / "results.json").write_text(
        json.dumps({"versions": info, "datasets": sets, "rows": rows, "total_s": total}, indent=1)
    )
    print()
    print(md)


if __name__ == "__main__":
    main()
