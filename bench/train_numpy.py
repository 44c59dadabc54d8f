#!/usr/bin/python3
"""NumPy reference for bench/train-bench.c: the same epoch (loss and gradient
of an n-shortcut network over all samples, whole-batch matrix products) and
the same Hessian (exact Hessian-vector products on every basis vector, the
d^2 directions of one matrix batched through np.matmul) with np.linalg.eigvalsh,
on the data and weights train-bench wrote. Prints the times side by side and
how far the two implementations' numbers are apart.

    /usr/bin/python3 bench/train_numpy.py DIR   (run by train-bench)
"""
import sys
import time

import numpy as np

HESS_MEM = 256 << 20  # bytes of tangents per block of directions


def read_manifest(path):
    head, cases = None, []
    for line in open(path):
        kv = dict(f.split("=", 1) for f in line.split())
        if head is None:
            head = kv
        else:
            cases.append(kv)
    return head, cases


def load(dirname, c):
    d, ncol = int(c["d"]), int(c["ncol"])
    X = np.fromfile(f"{dirname}/{c['data']}.X").reshape(ncol, d).T.copy()
    Y = np.fromfile(f"{dirname}/{c['data']}.Y").reshape(ncol, d).T.copy()
    K = int(c["R"]) * int(c["n"])
    W = np.fromfile(f"{dirname}/{c['weights']}").reshape(K, d, d).transpose(0, 2, 1).copy()
    return X, Y, W


class Net:
    def __init__(self, c, W):
        self.R, self.n = int(c["R"]), int(c["n"])
        self.shortcut, self.relu = c["shortcut"] == "1", c["relu"] == "1"
        self.m, self.offset = int(c["m"]), float(c["offset"])
        self.W, self.K, self.d = W, len(W), W.shape[1]

    def forward(self, X):
        U = [X]
        for r in range(self.R):
            for l in range(self.n):
                z = self.W[r * self.n + l] @ U[-1]
                if l < self.n - 1 and self.relu:
                    z = np.maximum(z, 0)
                if l == self.n - 1 and self.shortcut:
                    z = z + U[r * self.n]
                U.append(z)
        return U

    def loss_grad(self, X, Y):
        U = self.forward(X)
        E = U[-1] - Y
        L = (E * E).sum() / (2 * self.m) + self.offset
        g, grad, Dz = E / self.m, np.empty_like(self.W), [None] * self.K
        for r in reversed(range(self.R)):
            du = g
            for l in reversed(range(self.n)):
                k = r * self.n + l
                dz = du * (U[k + 1] > 0) if (l < self.n - 1 and self.relu) else du
                Dz[k] = dz
                grad[k] = dz @ U[k].T
                du = self.W[k].T @ dz
            g = du + g if self.shortcut else du
        return L, grad, U, Dz

    def hessian(self, X, Y):
        _, _, U, Dz = self.loss_grad(X, Y)
        d, K, n, dd = self.d, self.K, self.n, self.d * self.d
        N, ncol = K * dd, X.shape[1]
        H = np.zeros((N, N))
        nb = max(1, min(dd, HESS_MEM // (8 * d * ncol * (K + 4))))
        for k0 in range(K):
            for b0 in range(0, dd, nb):
                b = np.arange(b0, min(dd, b0 + nb))
                self.r_op(H, U, Dz, k0, b)
        lower = np.tril(H)
        return lower + np.tril(H, -1).T

    def r_op(self, H, U, Dz, k0, b):
        """Columns of H for the directions b = j*d + i of matrix k0, rows k0.."""
        d, n, dd, nb = self.d, self.n, self.d * self.d, len(b)
        j, i = b // d, b % d
        z = np.zeros((nb, d, U[0].shape[1]))
        z[np.arange(nb), i, :] = U[k0][j, :]
        Ud = {}
        for k in range(k0, self.K):
            r, l = divmod(k, n)
            if k > k0:
                z = self.W[k] @ Ud[k]
            if l < n - 1 and self.relu:
                z = z * (U[k + 1] > 0)
            if l == n - 1 and self.shortcut and r * n > k0:
                z = z + Ud[r * n]
            Ud[k + 1] = z
        gd = Ud[self.K] / self.m
        cols = k0 * dd + b
        for r in reversed(range(k0 // n, self.R)):
            du = gd
            for l in reversed(range(n)):
                k = r * n + l
                if l < n - 1 and self.relu:
                    du = du * (U[k + 1] > 0)
                rows = du @ U[k].T
                if k > k0:
                    rows = rows + Dz[k] @ Ud[k].transpose(0, 2, 1)
                H[k * dd:(k + 1) * dd, cols] = rows.transpose(0, 2, 1).reshape(nb, dd).T
                if k == k0:
                    return
                du = self.W[k].T @ du
            gd = du + gd if self.shortcut else du


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def main():
    dirname = sys.argv[1]
    head, cases = read_manifest(f"{dirname}/manifest.txt")
    print(f"NumPy {np.__version__} reference (same data and weights; OPENBLAS_NUM_THREADS={head['threads']}):")
    print(f"  {'case':<34} {'C (s)':>10} {'NumPy (s)':>10} {'NumPy/C':>8}  agreement")
    for c in cases:
        X, Y, W = load(dirname, c)
        net = Net(c, W)
        if c["what"] == "epoch":
            best = float("inf")
            for rep in range(4):
                t0 = time.perf_counter()
                L, grad, _, _ = net.loss_grad(X, Y)
                t = time.perf_counter() - t0
                best = t if rep and t < best else best
            ct = float(c["c_seconds"])
            agree = "loss %.1e, |grad| %.1e" % (rel(L, float(c["c_loss"])),
                                                 rel(np.linalg.norm(grad), float(c["c_gradnorm"])))
            print(f"  {c['case']:<34} {ct:>10.4f} {best:>10.4f} {best / ct:>7.2f}x  {agree}")
        else:
            t0 = time.perf_counter()
            H = net.hessian(X, Y)
            t1 = time.perf_counter()
            ev = np.linalg.eigvalsh(H)
            t2 = time.perf_counter()
            a = np.sort(np.abs(ev))
            cond = a[-1] / a[0]
            p10 = np.percentile(a, 10)
            cs = float(c["c_assembly"]) + float(c["c_eig"])
            agree = "|l|max %.1e, |l|(0.1) %.1e, cond %.1e" % (
                rel(a[-1], float(c["c_absmax"])), rel(p10, float(c["c_absp10"])), rel(cond, float(c["c_cond"])))
            print(f"  {c['case']:<34} {cs:>10.3f} {t2 - t0:>10.3f} {(t2 - t0) / cs:>7.2f}x  {agree}")
            print(f"  {'  of which assembly':<34} {float(c['c_assembly']):>10.3f} {t1 - t0:>10.3f} "
                  f"{(t1 - t0) / float(c['c_assembly']):>7.2f}x")
            print(f"  {'  of which eigenvalues':<34} {float(c['c_eig']):>10.3f} {t2 - t1:>10.3f} "
                  f"{(t2 - t1) / float(c['c_eig']):>7.2f}x")


if __name__ == "__main__":
    main()
