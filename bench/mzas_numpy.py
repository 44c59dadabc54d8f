#!/usr/bin/python3
"""NumPy reference for bench/mzas-bench.c: the same GD step of the wu19
response's nonlinear ResNet z_l = z_{l-1} + U_l relu(V_l z_{l-1}), F = W z_L,
squared loss (1/2n)|F - Y|^2, every activation kept (no checkpointing), on the
data and weights mzas-bench wrote. Prints its time per step, the ratio to
rescheck's, the largest gradient difference at the starting point, and the
held-out PyTorch anchor of issue 10.

    /usr/bin/python3 bench/mzas_numpy.py DIR   (run by mzas-bench)
"""
import sys
import time

import numpy as np

ANCHOR = {100: (0.06, 0.06), 1000: (0.5, 0.8)}  # PyTorch s/step, issue 10


def unpack(w, d, D, H, C, L):
    # column-major blocks as rescheck stores them
    o = 0
    V0 = w[o:o + D * d].reshape(d, D).T; o += D * d
    V, U = [], []
    for _ in range(L):
        V.append(w[o:o + H * D].reshape(D, H).T); o += H * D
        U.append(w[o:o + D * H].reshape(H, D).T); o += D * H
    W = w[o:o + C * D].reshape(D, C).T
    return V0, V, U, W


def pack(gV0, gV, gU, gW):
    parts = [gV0.T.ravel()]
    for a, b in zip(gV, gU):
        parts += [a.T.ravel(), b.T.ravel()]
    parts.append(gW.T.ravel())
    return np.concatenate(parts)


def loss_grad(V0, V, U, W, X, Y):
    n = X.shape[1]
    z = V0 @ X
    Zs, As = [], []
    for Vl, Ul in zip(V, U):
        a = Vl @ z
        Zs.append(z)
        As.append(a)
        z = z + Ul @ np.maximum(a, 0)
    E = W @ z - Y
    loss = 0.5 * np.sum(E * E) / n
    dF = E / n
    gW = dF @ z.T
    g = W.T @ dF
    gV, gU = [None] * len(V), [None] * len(V)
    for l in range(len(V) - 1, -1, -1):
        a = As[l]
        h = np.maximum(a, 0)
        gU[l] = g @ h.T
        da = (U[l].T @ g) * (a > 0)
        gV[l] = da @ Zs[l].T
        g = g + V[l].T @ da
    gV0 = g @ X.T
    return loss, gV0, gV, gU, gW


def main(dirname):
    lines = open(f"{dirname}/manifest.txt").read().split("\n")
    head = dict(f.split("=") for f in lines[0].split())
    n, d, D, H, C, steps = (int(head[k]) for k in ("n", "d", "D", "H", "C", "steps"))
    dt = np.dtype(head.get("dtype", "float64"))
    X = np.fromfile(f"{dirname}/X").reshape(n, d).T.astype(dt)
    Y = np.fromfile(f"{dirname}/Y").reshape(n, C).T.astype(dt)
    print(f"NumPy {np.__version__} reference ({dt}, every activation kept), same data and weights:")
    for line in lines[1:]:
        if not line.strip():
            continue
        c = dict(f.split("=") for f in line.split())
        L = int(c["L"])
        w = np.fromfile(f"{dirname}/{c['weights']}").astype(dt)
        g_rc = np.fromfile(f"{dirname}/{c['grad']}")
        V0, V, U, W = unpack(w.copy(), d, D, H, C, L)
        loss0, *gs = loss_grad(V0, V, U, W, X, Y)
        g_np = pack(*gs)
        diff = np.max(np.abs(g_np - g_rc)) / max(np.max(np.abs(g_np)), 1e-300)
        lr = dt.type(float(c["lr"]))
        loss_grad(V0, V, U, W, X, Y)  # warm-up, as rescheck's first call
        t0 = time.perf_counter()
        for _ in range(steps):
            loss, gV0, gV, gU, gW = loss_grad(V0, V, U, W, X, Y)
            V0 -= lr * gV0
            W -= lr * gW
            for l in range(L):
                V[l] -= lr * gV[l]
                U[l] -= lr * gU[l]
        sps = (time.perf_counter() - t0) / steps
        rc = float(c["rescheck_sps"])
        lo, hi = ANCHOR.get(L, (float("nan"), float("nan")))
        anchor = f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
        print(f"  L = {L:5d}: NumPy {sps:.4f} s/step; rescheck {rc:.4f} s/step: rescheck is {sps / rc:.2f}x "
              f"NumPy's speed; loss at start {loss0:.12g} vs {float(c['loss']):.12g}, gradient max rel. diff {diff:.2e}")
        if lo == lo:
            print(f"           PyTorch anchor (held out, issue 10) {anchor} s/step: rescheck is "
                  f"{lo / rc:.2f}x{'' if lo == hi else f'-{hi / rc:.2f}x'} faster than it "
                  f"(goal >= 2x: {'met' if lo / rc >= 2 else 'not met'}{'' if lo == hi else ' at the low end'})")


if __name__ == "__main__":
    main(sys.argv[1])
