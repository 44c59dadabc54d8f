#!/usr/bin/python3
"""Claims wu19.init and wu19.rate against an independent computation in
Python fractions (its own layers, products and gradients; nothing read from
rescheck's results but the values compared):

- the probe trajectory (L = 3, a = 1, eta = 1/10, Phi = 10, d = 1): GD on
  W_1, W_2, W_3 with R = (W_3 W_2 W_1 - Phi)^2 / 2, gradient
  dR/dW_l = E * prod_{k != l} W_k; the letter's bound (1 - a^{2(L-1)} eta/2)^t R(0)
  holds at t = 1, 2 and fails at t = 3 (ratio 3.7478...) although
  eta < 1/a^{2(L-1)}; rescheck's output states it as computed;
- every wu19.init instance: layers built from the spec (Cayley U, V, zero
  padding), balancedness at every l (true below W_L, false at l = L-1 with
  trace -|W_{L-1}|_F^2), output 0, |grad W_L|_F^2, against the certificate;
- the stationary ZAS start (Y X^T A^T = 0: W_L's gradient is 0) is refuted,
  the probe as a 'check' trajectory is refuted, both with exit 1;
- the L = 2 wording says "W_1", not "W_1 ... W_1";
- a trajectory whose Arb enclosure is lost at 64 bits: the steps after it are
  undecided and not computed, the verdict is undecided, the checker agrees;
  at 2048 bits the same trajectory keeps its enclosure.
Prints TAP; exit 1 on any failure."""
import json
import os
import re
import subprocess
import sys
import tempfile
from fractions import Fraction as Q

RC, SRC = sys.argv[1], sys.argv[2]
tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def run(*args):
    return subprocess.run([RC, *args], capture_output=True, text=True)


# ---- matrices as lists of lists of Fractions ----
def mul(A, B):
    return [[sum((A[i][k] * B[k][j] for k in range(len(B))), Q(0)) for j in range(len(B[0]))]
            for i in range(len(A))]


def T(A):
    return [list(r) for r in zip(*A)]


def eye(n):
    return [[Q(int(i == j)) for j in range(n)] for i in range(n)]


def zeros(r, c):
    return [[Q(0)] * c for _ in range(r)]


def inv(A):
    n = len(A)
    M = [list(A[i]) + eye(n)[i] for i in range(n)]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        M[c] = [x / M[c][c] for x in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                M[r] = [x - M[r][c] * y for x, y in zip(M[r], M[c])]
    return [row[n:] for row in M]


def fro2(A):
    return sum((x * x for r in A for x in r), Q(0))


def trace(A):
    return sum((A[i][i] for i in range(len(A))), Q(0))


def qm(rows):
    return [[Q(x) for x in r] for r in rows]


# ---- 1. the probe trajectory ----
def probe(T_steps=3):
    a, eta, Phi, L = Q(1), Q(1, 10), Q(10), 3
    W = [a] * (L - 1) + [Q(0)]  # W_1 .. W_L, scalars (d = 1)
    prod = lambda ws: eval("*".join(["1"] + [f"ws[{i}]" for i in range(len(ws))]), {"ws": ws})
    R0 = (prod(W) - Phi) ** 2 / 2
    q = 1 - a ** (2 * (L - 1)) * eta / 2
    out = []
    for t in range(1, T_steps + 1):
        E = prod(W) - Phi
        grads = [E * prod(W[:l] + W[l + 1:]) for l in range(L)]
        W = [w - eta * g for w, g in zip(W, grads)]
        R = (prod(W) - Phi) ** 2 / 2
        out.append((t, R, q ** t * R0))
    return R0, out


R0, traj = probe()
check("probe: R(0) = 50", R0 == 50, R0)
check("probe: eta a^{2(L-1)} = 1/10 < 1 (the letter's condition holds)", Q(1, 10) < 1)
check("probe: the bound holds at t = 1 and 2", all(R <= B for t, R, B in traj[:2]),
      [(t, str(R), str(B)) for t, R, B in traj])
t3, R3, B3 = traj[2]
ratio = R3 / B3
check("probe: the bound fails at t = 3, R(3)/bound = 3.7478...", R3 > B3 and
      abs(float(ratio) - 3.7478) < 5e-5, float(ratio))
out = run("verify", "wu19.rate", "--cert-dir", tempfile.mkdtemp()).stdout
m = re.search(r"probe-large-target .*the condition eta < 1/a\^\{2\(L-1\)\} is not sufficient on "
              r"this trajectory: R\((\d+)\)/bound = \[([0-9.]+) \+/-", out)
check("verify wu19.rate states the probe as a computed finding at the step and ratio Python finds",
      m and int(m.group(1)) == 3 and abs(float(m.group(2)) - float(ratio)) < 1e-4, out[-1500:])
# the probe as a 'check' trajectory: refuted
r = run("verify", "wu19.rate", "--spec", os.path.join(SRC, "examples/wu19-rate-probe.json"),
        "--cert-dir", tempfile.mkdtemp())
check("examples/wu19-rate-probe.json is refuted (exit 1) at step 3", r.returncode == 1 and
      "R(3)/bound" in r.stdout, r.stdout[-800:])


# ---- 2. wu19.init: an independent construction ----
def layers(inst):
    w = inst["widths"]
    L = len(w) - 1
    m = min(w[0], w[L - 1])
    sig = [Q(s) for s in inst["sigma"]]
    roots = []
    for s in sig:  # exact (L-1)-th roots, by search over the numerator and denominator
        k = L - 1
        num = round(abs(s.numerator) ** (1 / k))
        den = round(s.denominator ** (1 / k))
        r = next(Q(n, dd) for n in range(max(num - 2, 0), num + 3) for dd in
                 range(max(den - 2, 1), den + 3) if Q(n, dd) ** k == s)
        roots.append(r)

    def cay(S):
        S = qm(S)
        n = len(S)
        I = eye(n)
        return mul(inv([[I[i][j] + S[i][j] for j in range(n)] for i in range(n)]),
                   [[I[i][j] - S[i][j] for j in range(n)] for i in range(n)])

    QU = cay(inst["S_U"]) if "S_U" in inst else qm(inst["U"])
    QV = cay(inst["S_V"]) if "S_V" in inst else qm(inst["V"])
    U = [row[:m] for row in QU]  # first m columns
    V = QV[:m]  # first m rows
    Sg = [[roots[i] if i == j else Q(0) for j in range(m)] for i in range(m)]
    Sig = [[sig[i] if i == j else Q(0) for j in range(m)] for i in range(m)]
    A = mul(mul(U, Sig), V)
    W = {}
    for l in range(1, L + 1):
        M = zeros(w[l], w[l - 1])
        if l == L:
            pass
        elif L == 2:  # W_1 = U Sigma V
            M = A
        elif l == L - 1:
            B = mul(U, Sg)
            for i in range(w[l]):
                for j in range(m):
                    M[i][j] = B[i][j]
        elif l == 1:
            B = mul(Sg, V)
            for i in range(m):
                for j in range(w[0]):
                    M[i][j] = B[i][j]
        else:
            for i in range(m):
                M[i][i] = roots[i]
        W[l] = M
    return L, W, A, roots


with open(os.path.join(SRC, "certificates/wu19.init.json")) as fh:
    cert = json.load(fh)
with open(os.path.join(SRC, "src/claims/data/wu19-init.json")) as fh:
    spec = json.load(fh)
res = {r["name"]: r for r in cert["results"]["instances"]}
for inst in spec["instances"]:
    name = inst["name"]
    L, W, A, roots = layers(inst)
    P = W[1]
    for l in range(2, L):
        P = mul(W[l], P)
    check(f"{name}: W_(L-1) ... W_1 = U Sigma V (padding gone)", P == A)
    D = {l: [[x - y for x, y in zip(r1, r2)] for r1, r2 in
             zip(mul(T(W[l + 1]), W[l + 1]), mul(W[l], T(W[l])))] for l in range(1, L)}
    inner = all(all(x == 0 for r in D[l] for x in r) for l in range(1, L - 1))
    check(f"{name}: balanced for l = 1 .. L-2", inner)
    tr = trace(D[L - 1])
    check(f"{name}: at l = L-1 balancedness fails, trace D = -|W_(L-1)|^2 = -sum roots^2 = {tr}",
          tr != 0 and tr == -fro2(W[L - 1]) == -sum(r * r for r in roots))
    # the certificate's record of l = L-1 against the trace computed here
    bal = res[name]["balanced"]
    last = bal[-1] if isinstance(bal, list) else None
    txt = json.dumps(last)
    check(f"{name}: the certificate's l = L-1 entry is 'not balanced' with trace {tr}",
          last is not None and "false" in txt and (f'"{tr}"' in txt), txt[:300])
    X, Y = qm(inst["X"]), qm(inst["Y"])
    n = len(X[0])
    F = [X]
    for l in range(1, L + 1):
        F.append(mul(W[l], F[-1]))
    check(f"{name}: output 0", all(x == 0 for r in F[L] for x in r))
    E = [[(F[L][i][j] - Y[i][j]) / n for j in range(n)] for i in range(len(Y))]
    # grad W_l = (W_L..W_{l+1})^T E F_{l-1}^T
    grads = {}
    for l in range(1, L + 1):
        S = eye(len(Y))
        for k in range(L, l, -1):
            S = mul(S, W[k])
        grads[l] = mul(mul(T(S), E), T(F[l - 1]))
    check(f"{name}: gradients of W_1 .. W_(L-1) are 0",
          all(x == 0 for l in range(1, L) for r in grads[l] for x in r))
    g2 = fro2(grads[L])
    check(f"{name}: |grad W_L|^2 = {g2} (certificate: {res[name]['gradient_W_L_norm2']})",
          g2 != 0 and Q(res[name]["gradient_W_L_norm2"]) == g2)
    check(f"{name}: R = |Y|^2/(2n)", Q(res[name]["R"]) == fro2(Y) / (2 * n))

# ---- 3. statements on data where the naive form is false ----
r = run("verify", "wu19.init", "--spec", os.path.join(SRC, "examples/wu19-zas-stationary.json"),
        "--cert-dir", tempfile.mkdtemp())
ex = json.load(open(os.path.join(SRC, "examples/wu19-zas-stationary.json")))["instances"][0]
L, W, A, _ = layers(ex)
YXA = mul(mul(qm(ex["Y"]), T(qm(ex["X"]))), T(A))
check("stationary example: Y X^T A^T = 0 computed here", all(x == 0 for r_ in YXA for x in r_))
check("stationary example: refuted (exit 1), W_L's gradient is 0", r.returncode == 1 and
      "FAIL" in r.stdout, r.stdout[-800:])
out = run("verify", "wu19.init", "--cert-dir", tempfile.mkdtemp()).stdout
check("L = 2 wording: 'two-layer: W_1 = U Sigma V', no 'W_1 ... W_1'",
      "two-layer: W_1 = U Sigma V" in out and "W_1 ... W_1" not in out and
      "W_1 .. W_1" not in out, out[-1200:])

# ---- 4. an Arb enclosure that is lost: at 64 bits the balls stop deciding ----
def rate_spec(prec, role="check"):
    return {"kind": "wu19.rate", "description": "lost enclosure", "instances": [{
        "name": "lossy", "role": role, "d": 2, "L": 4, "a": "1", "eta": "1/50",
        "Phi": [["3", "1/2"], ["-1", "2"]], "steps": 300, "prec": prec, "exact_bits": 0}]}


def rate_run(prec, role="check"):
    d = tempfile.mkdtemp()
    sp = os.path.join(d, f"lossy-{prec}.json")
    json.dump(rate_spec(prec, role), open(sp, "w"))
    r = run("verify", "wu19.rate", "--spec", sp, "--cert-dir", d)
    cert = [os.path.join(d, f) for f in os.listdir(d) if f.startswith("wu19.rate")]
    return r, cert[0] if cert else None


r, cert = rate_run(64)
inst = json.load(open(cert))["results"]["instances"][0] if cert else {}
k = inst.get("enclosure_lost_at")
st, ratios = inst.get("status", ""), inst.get("ratio", [])
check("64 bits: the enclosure is lost at a step k < T, and said so", isinstance(k, int) and 0 < k < 300
      and f"the enclosure was lost at step {k}" in r.stdout, (k, r.stdout[-600:]))
check("64 bits: every step after k undecided, its ratio not computed (null), R(T) not computed",
      isinstance(k, int) and set(st[k + 1:]) == {"u"} and all(x is None for x in ratios[k + 1:])
      and all(x is not None for x in ratios[:k + 1]) and inst.get("R_final") is None
      and inst.get("undecided_steps") == st.count("u"), (k, st[-20:], ratios[-3:]))
check("64 bits: a 'check' trajectory with undecided steps is undecided (exit 3), not verified",
      r.returncode == 3, r.returncode)
ck = run("check", cert) if cert else None
check("64 bits: the checker re-derives the same lost step and accepts the certificate",
      ck is not None and ck.returncode == 3 and "valid" in ck.stdout, ck.stdout if ck else "")
r, cert = rate_run(64, "probe")
ck = run("check", cert) if cert else None
check("64 bits as a 'probe': reported, not claimed, so its undecided steps leave the verdict "
      "verified (exit 0), in the prover and the checker alike",
      r.returncode == 0 and ck is not None and ck.returncode == 0, (r.returncode, ck.stdout if ck else ""))
r, cert = rate_run(2048)
inst = json.load(open(cert))["results"]["instances"][0] if cert else {}
check("2048 bits: the same trajectory keeps its enclosure to the end (nothing lost, nothing undecided)",
      inst.get("enclosure_lost_at", 0) is None and inst.get("undecided_steps") == 0
      and inst.get("R_final") is not None and r.returncode == 0, (inst.get("enclosure_lost_at"), r.stdout[-400:]))

for i, (d, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {d}")
    if not ok and diag != "":
        print("  # " + str(diag).replace("\n", "\n  # "))
print(f"1..{len(tests)}")
sys.exit(0 if all(ok for _, ok, _ in tests) else 1)
