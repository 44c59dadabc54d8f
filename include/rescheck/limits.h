#ifndef RESCHECK_LIMITS_H
#define RESCHECK_LIMITS_H
/* The documented limits (docs/limits.md), shared by the spec readers and the
 * checker's rules so that both refuse the same inputs. Everything beyond them
 * is refused before any work starts: exit 2, one line naming the field and
 * the limit.
 *
 * Two kinds of limit:
 *  - sizes: file bytes, digits, degrees, dimensions, numbers of samples;
 *  - cost: each claim kind's running time estimated from its dimensions
 *    alone (rc_cost_*, in seconds of the slower of prover and checker on the
 *    reference machine: 2 cores, x86-64, one thread), refused above
 *    RC_LIMIT_SECONDS. The constants are fitted to bench/limits.sh. */

/* ---- sizes ----------------------------------------------------------------- */
#define RC_LIMIT_CERT_BYTES (32L << 20) /* a certificate file */
#define RC_LIMIT_SPEC_BYTES (8L << 20)  /* a spec file */
#define RC_LIMIT_INT_DIGITS 100000      /* an integer in a certificate's results */
#define RC_LIMIT_INPUT_DIGITS 40        /* numerator or denominator of an input number */
#define RC_LIMIT_WITNESS_DIGITS 2000    /* num. or den. of a witness point where a polynomial is evaluated */
#define RC_LIMIT_WIDTH_BITS 8192        /* an isolating interval narrowed by halving: width < 2^this */
#define RC_LIMIT_POLY_DEGREE 512        /* a polynomial in a certificate */
#define RC_LIMIT_END_DEGREE 2           /* an end of a claim's rho-interval: rational or sqrt */
#define RC_LIMIT_POINTS 10000           /* samples, points, columns */
#define RC_LIMIT_BLOCKS 1000            /* yun19 §3.2 blocks */
#define RC_LIMIT_LI18_D 32              /* li18 width d, and Lemma 1's d_x */
#define RC_LIMIT_LI18_THM1_M 16         /* li18 Theorem 1: columns m per instance */
#define RC_LIMIT_LI18_THM1_D 6          /* li18 Theorem 1: d_x (candidate poles grow as d^2) */
#define RC_LIMIT_LI18_THM1_STEPS 64     /* li18 Theorem 1: Lemma 1 units per column */
#define RC_LIMIT_LI18_THM1_DEPTHS 8     /* li18 Theorem 1: step counts (depths) per instance */
#define RC_LIMIT_LI18_THM1_INSTANCES 8  /* li18 Theorem 1: instances in one spec */
#define RC_LIMIT_LI18_N 6               /* li18 shortcut depth n */
#define RC_LIMIT_LI18_R 64              /* li18 units R */
#define RC_LIMIT_SPECTRUM_DIM 256       /* exact spectra of matrices up to this size */
#define RC_LIMIT_RAD_N 10               /* yun19 Thm 5 samples n (2^n sign vectors) */
#define RC_LIMIT_RAD_DIM 16             /* yun19 Thm 5 input dimension d_x and block width */
#define RC_LIMIT_RAD_BLOCKS 8           /* yun19 Thm 5 blocks L of a class */
#define RC_LIMIT_RAD_CLASSES 16         /* yun19 Thm 5 classes in one spec */
#define RC_LIMIT_RAD_SEARCH 100000      /* yun19 Thm 5 restarts times iterations per sign vector */
#define RC_LIMIT_RAD_GRID_BITS 64       /* yun19 Thm 5 witness entries on the grid 2^-bits */
#define RC_LIMIT_RESNET_DIM 256         /* yun19.resnet: d_x and every block's widths m, k */
#define RC_LIMIT_RESNET_BLOCKS 64       /* yun19.resnet: blocks L */
#define RC_LIMIT_RESNET_PARAMS 4096     /* yun19.resnet: parameters (the Hessian's order) */
#define RC_LIMIT_RESNET_INSTANCES 64    /* yun19.resnet-set: instances */
#define RC_LIMIT_LIU19_DIM 64           /* liu19.gd: patch size p and patches k */
#define RC_LIMIT_LIU19_RUNS 16          /* liu19.gd: runs in one spec */
#define RC_LIMIT_LIU19_STEPS 100000     /* liu19.gd: GD steps of a run */
#define RC_LIMIT_LIU19_PREC 4096        /* liu19.gd: Arb working precision, bits */
#define RC_LIMIT_WU19_DEPTH 64          /* wu19 deep linear networks: layers L */
#define RC_LIMIT_WU19_WIDTH 32          /* wu19: every width d_l */
#define RC_LIMIT_WU19_SAMPLES 256       /* wu19.zas: samples n */
#define RC_LIMIT_WU19_INSTANCES 32      /* wu19: instances in one spec */
#define RC_LIMIT_WU19_STEPS 5000        /* wu19.rate: GD steps T of an instance */
#define RC_LIMIT_WU19_PREC 4096         /* wu19.rate: Arb working precision (bits) */
#define RC_LIMIT_WU19_EXACT_BITS 200000 /* wu19.rate: exact steps while every entry of the layers stays below this many bits */
#define RC_LIMIT_MZAS_DIM 16            /* wu19.mzas: d, D, H and C */
#define RC_LIMIT_MZAS_N 64              /* wu19.mzas: samples n */
#define RC_LIMIT_MZAS_L 16              /* wu19.mzas: layers given (the deepest L) and depths */
#define RC_LIMIT_MZAS_INSTANCES 8       /* wu19.mzas: instances in one spec */
#define RC_LIMIT_USER_DEGREE 32         /* claim.identity/inequality/rounding: degree of each expression's numerator and denominator */
#define RC_LIMIT_USER_ID_CHARS 64       /* a user claim's id: [A-Za-z0-9._-], 1 to this many characters */
#define RC_LIMIT_USER_TEXT_CHARS 2000   /* a user claim's statement and where, and a claims file's paper */
#define RC_LIMIT_USER_PLACES 1000       /* claim.rounding: places of the printed decimal */
#define RC_LIMIT_USER_CLAIMS 256        /* claims in one claims file */
#define RC_LIMIT_TRAIN_DEPTH 100000     /* rescheck train: a depth of --depths (weight matrices or layers) */
#define RC_LIMIT_TRAIN_EPOCHS 10000000  /* rescheck train: --epochs, GD steps of a run */
#define RC_LIMIT_TRAIN_RUNS 10000       /* rescheck train: --runs, restarts per configuration */
#define RC_LIMIT_TRAIN_WIDTH 4096       /* rescheck train: --width and --hidden (wu19.mzas) */
#define RC_LIMIT_TRAIN_HESSIAN_N 16384  /* rescheck train: order of a float Hessian, depth x d^2 (li18.fig4, li18.fig5-6; 2 GiB) */
#define RC_LIMIT_TRAIN_PARAMS 100000000 /* rescheck train: weights of one network (800 MB of doubles) */
#define RC_LIMIT_USER_LSQ_POINTS 2000   /* claim.lsq: data points n */
#define RC_LIMIT_USER_LSQ_FEATURES 16   /* claim.lsq: features d of a row of x */
#define RC_LIMIT_USER_RHO_DEGREE 8      /* claim.lsq: degree in rho of an entry's numerator and of its denominator */
#define RC_LIMIT_USER_MATRIX_DIM 64     /* claim.matrix: order of the square matrix M */
#define RC_LIMIT_USER_DIGITS 200        /* claim.matrix: significant digits of the eigenvalue enclosures */

/* ---- cost ------------------------------------------------------------------ */
#define RC_LIMIT_SECONDS 10.0

static inline double rc_pow(double x, int k)
{
    double y = 1;
    while (k-- > 0)
        y *= x;
    return y;
}

/* yun19 §3.1: n points; a row of the table per breakpoint, each a fit over
 * the points and a sign table of a rational function whose coefficients
 * grow with n. */
static inline double rc_cost_sec31(long n)
{
    return 1.2e-8 * rc_pow((double)n, 3);
}

/* yun19 §3.2: n points through L blocks. A value's numerator and
 * denominator gain up to about B bits each per block (B: the largest sum, over
 * a block, of the bits of the numerators and denominators of v, u and b), so
 * after block l a value has about X + 2 l B bits (X: the same for an x).
 * rc_cost_sec32 is the time (big-number arithmetic on values of that size),
 * rc_bytes_sec32 the certificate, which holds all n (L + 1) values. Both were
 * fitted to 40-digit parameters, the worst admitted; small ones grow less,
 * as common factors cancel. */
static inline double rc_cost_sec32(long n, long L, long X, long B)
{
    double size = (double)X + 2.0 * (double)L * (double)B;
    return 2.3e-10 * (double)n * (double)L * size * __builtin_sqrt(size);
}
static inline double rc_bytes_sec32(long n, long L, long X, long B)
{
    return 0.55 * (double)n * (double)L * ((double)X + (double)L * (double)B) + 200.0 * (double)n;
}

/* wu19.zas: the Cayley inverses (d^3 at input size), L products of up to
 * d x d matrices, the forward and backward passes over n samples (3 L d^2 n);
 * entries grow by the product of L rationals, about 1 + L/8 words. */
static inline double rc_cost_wu19_init(long L, long d, long n)
{
    double sz = 1 + (double)L / 8;
    return 2e-7 * sz * ((double)L * rc_pow((double)d, 3) + 3.0 * (double)L * (double)d * (double)d * (double)n) + 1e-6 * rc_pow((double)d, 3);
}

/* wu19.rate: T GD steps, each 2 L products of d x d ball matrices (prefix and
 * suffix products) plus L gradients, at prec bits (w words; at these sizes
 * the time per ball product grows about linearly in w). Steps after the
 * enclosure is lost are not computed, so T steps that all hold their
 * enclosure (a prec high enough) are the worst case. The exact prefix runs
 * while every entry of W has at most E/(2L) bits: 3 L d^3 rational products
 * a step, each with its gcd, for more steps the larger the budget; in the
 * checker (sums entry by entry) its time grows like the cube of the entries'
 * size. Both fitted by bench/limits.py to the checker's time, with margin
 * (docs/benchmarks.md). */
static inline double rc_cost_wu19_rate(long L, long d, long T, long prec, long E)
{
    double w = 1 + (double)prec / 64, d3 = (double)d * (double)d * (double)d;
    double arb = 5e-8 * (double)T * 4.0 * (double)L * d3 * w;
    double ex = 2e-7 * (double)L * d3 * rc_pow(1 + (double)E / (128.0 * (double)L), 3);
    return arb + ex;
}

/* li18 Lemma 1: all pairwise distances of m columns of dimension d, each
 * pair with a fixed overhead worth about 20 coordinates. */
static inline double rc_cost_lemma1(long m, long d)
{
    return 4e-8 * rc_pow((double)m, 2) * (double)(d + 20);
}

/* li18 Theorem 1: for each of the m columns, every candidate pole (about
 * 18 d^2) is tried along a path of k points, each compared with the m - 1
 * other columns; the points' entries grow with k. */
static inline double rc_cost_li18_thm1(long m, long d, long k)
{
    return 2e-7 * (double)m * (double)m * 18.0 * (double)d * (double)d * (double)d * (double)k *
           (1.0 + (double)k / 16.0);
}

/* li18 Theorem 2 on an n-shortcut network. n >= 3: the checker's Taylor
 * polynomial, about R d^(n+2) terms per sample of n factors each. n = 2: the
 * prover's derivatives per sample (R^2 d^3), the charpoly of the 2d^2 x 2d^2
 * block. n = 1: the (R d^2)^2 Hessian per sample, and the exact spectrum at
 * every depth r with r d^2 up to RC_LIMIT_SPECTRUM_DIM. relu: a ReLU
 * activation, for which up to 24 rays are expanded (the witness that the loss
 * has no gradient or Hessian). bits: the largest numerator plus denominator
 * bits of an entry of X or Y; everything grows with it (40-digit data made
 * the n = 2 charpoly 14 times slower than data in [-5, 5]). */
static inline double rc_cost_li18(long d, long m, long n, long R, int relu, long bits)
{
    double dd = (double)d, t = relu ? 5e-8 * (double)m * (double)R * dd * dd * 24 : 0;
    double size = 0.6 * (1 + (double)bits / 6); /* 1 for entries in [-5, 5] */
    if (n >= 3) /* the terms of n factors meet every earlier unit's: R^2 */
        return size * (t + 9.4e-9 * rc_pow((double)n, 3) * (double)m * rc_pow((double)R, 2) *
                                rc_pow(dd, (int)n + 2));
    if (n == 2)
        return size * (t + 1.8e-8 * (double)m * rc_pow((double)R, 2) * rc_pow(dd, 3) +
                       4.3e-10 * rc_pow(2 * dd * dd, 4));
    t += 6e-8 * (double)m * rc_pow((double)R * dd * dd, 2);
    for (long r = 1; r <= R && r * d * d <= RC_LIMIT_SPECTRUM_DIM; r++)
        t += 9e-10 * rc_pow((double)(r * d * d), 4);
    return size * t;
}

/* The field to name when rc_cost_li18 is beyond the budget: m when the
 * per-sample work dominates, else what the spectra grow with (R for n = 1,
 * d for n = 2). */
static inline const char *rc_cost_li18_field(long d, long m, long n, long R, int relu, long bits)
{
    double fixed = rc_cost_li18(d, 0, n, R, relu, bits);
    if ((rc_cost_li18(d, 1, n, R, relu, bits) - fixed) * (double)m >= fixed)
        return "m";
    return n == 1 ? "R" : "d";
}

/* yun19 Theorem 4 on one instance: n samples of dimension dx through L blocks of
 * width up to m. A value gains about B bits per block (B: the largest bits of a
 * block's V and U entries), so h_L has about S = X + L B bits (X: the data's);
 * the forward pass multiplies n L dx m times at that size; the Huber solves
 * (w* and t_hat, a few partition rounds each) eliminate dx x dx systems whose
 * entries sum n products of size 2S, their solutions growing to dx * 2S bits;
 * the positive definite checks of the norm bounds are m^3 per block. */
static inline double rc_cost_thm4(long n, long dx, long m, long L, long X, long B)
{
    double S = (double)X + (double)L * (double)B, sz = 1 + S / 64, dd = (double)dx;
    double fwd = 2e-8 * (double)n * (double)L * dd * (double)m * sz * __builtin_sqrt(sz);
    double big = 1 + 2 * dd * S / 64;
    double solve = 8 * 3e-8 * ((double)n * dd * dd * sz + dd * dd * dd * big) * __builtin_sqrt(big);
    double pd = 1e-7 * (double)L * rc_pow((double)(m < dx ? m : dx), 3) * (1 + (double)B / 16);
    return fwd + solve + pd;
}

/* yun19 Theorem 5 on one class: P parameters (d_x + sum over blocks of
 * 2 d_x m_l), n samples, 2^n sign vectors. The float search runs `steps`
 * (restarts * iterations) ascent steps for half of them (the other half are
 * the negations), each a forward and a backward pass over the n samples,
 * about 6 P n flops, plus a fixed cost per block matrix (its step and
 * projection: 4e-8 s, measured on L = 8 blocks of width 1). The exact part evaluates each of the 2^n witnesses on
 * the n samples over Q; a witness entry has `bits` bits (numerator plus
 * denominator; 4 g + 8 for the prover's grid 2^-g), and a value gains about
 * 2 bits' worth per block, so the work grows with (2 L + 1) bits. Fitted on
 * n = 10, d_x = 4, L = 4, width 4, g = 24 (bench/limits.sh): search 3.3e-10 s
 * per flop, exact 6.4e-8 s per unit (the checker, the slower side, JSON
 * included), both doubled. rc_bytes_thm5 is the certificate's share: 2^n
 * witnesses of P entries, each on its own indented line, and a value. */
static inline double rc_cost_thm5(long n, long P, long L, long steps, long bits)
{
    double eps = rc_pow(2.0, (int)n);
    double step = 6.6e-10 * 6.0 * (double)P * (double)n + 4e-8 * (double)(2 * L + 1);
    double search = 0.5 * eps * (double)steps * step;
    double size = 1.0 + (double)(2 * L + 1) * (double)bits / 64.0;
    return search + 1.3e-7 * eps * (double)n * (double)P * size;
}
static inline double rc_bytes_thm5(long n, long P, long L, long bits)
{
    double digits = (double)bits / 3.3;
    return rc_pow(2.0, (int)n) * ((double)P * (digits + 20.0) + 2.0 * (double)(2 * L + 1) * digits + 100.0) + 2000.0;
}

/* liu19.gd: every GD step of every run enclosed in Arb balls, about
 * 30 (p + k) ball operations plus an arctangent and two square roots per
 * step, each costing about prec/64 times a 128-bit one (2e-7 s). Measured
 * against it: the built-in instance (1104 steps, p + k = 7, 1536 bits)
 * estimated 0.39 s, verify 0.20 s, check 0.22 s (the checker works at
 * 1.25 prec + 64); p = k = 64, 201 steps, 512 bits estimated 0.39 s, 0.07 s
 * each: conservative, so verify never admits what check refuses. */
static inline double rc_cost_liu19(long p, long k, long total_steps, long prec)
{
    double per_step = (30.0 * (double)(p + k) + 60.0) * 2e-7 * ((double)prec / 128.0 + 1.0) / 2.0;
    return (double)total_steps * per_step + 1e-3;
}

/* wu19.mzas: for each depth, the mZAS and the generic point's forward and
 * backward passes over Q, about 8 D H n + 2 D d n rational products per layer;
 * the generic point's entries grow with depth (a factor 1 + L/4 on each
 * product's cost, not calibrated: far below the budget at the limits' sizes,
 * 2e-7 s per product). */
static inline double rc_cost_mzas(long n, long d, long D, long H, long C, long Lmax, long ndepths)
{
    double per_layer = 8.0 * D * H * n + 2.0 * C * D * n;
    return 2e-7 * ndepths * (2.0 * D * d * n + Lmax * per_layer * (1.0 + Lmax / 4.0));
}

/* claim.identity / claim.inequality: the sign tables of f - g (or its square,
 * for "=") and of (den f * den g)^2, polynomials of degree up to 4d for
 * expressions of degree d, factored and isolated exactly; about 2e-7 s times
 * the cube of that degree (not calibrated: at d = RC_LIMIT_USER_DEGREE
 * this is 0.4 s, far below the budget). claim.rounding: one evaluation and k
 * digits, negligible. */
static inline double rc_cost_user(long degree)
{
    double D = 4.0 * (double)degree + 1.0;
    return 2e-7 * D * D * D + 1e-3;
}

/* claim.rounding: the value at rho (degree d) and exact comparisons of
 * numbers with about k digits (k places): a few products of k-digit integers
 * (not calibrated: 1e-9 k^2, far below the budget at RC_LIMIT_USER_PLACES). */
static inline double rc_cost_user_rounding(long degree, long places)
{
    return rc_cost_user(degree) + 1e-9 * (double)places * (double)places;
}

/* claim.lsq: n points with p parameters (features plus the bias), entries of
 * degree up to D in rho. The Gram matrix sums n p^2 products of rational
 * functions of degree about 2D; its elimination over Q(rho) multiplies p^3
 * entries whose degree grows to about 2 p D (each product costs that degree
 * squared, polynomial GCDs included). Measured (slower of verify and check):
 * 2000 points, 17 parameters, rational data 1.4 s (estimated 1.7 s); 50 points,
 * 13 parameters, degree 1: 4.7 s (estimated 6.6 s). */
static inline double rc_cost_user_lsq(long n, long p, long D)
{
    double e = 1.0 + 2.0 * (double)D, g = 1.0 + 2.0 * (double)p * (double)D;
    return 3e-6 * (double)n * (double)(p * p) * e * e + 4e-6 * rc_pow((double)p, 3) * g * g + 1e-4;
}

/* claim.matrix: M of order n; W is the bits of an entry of the integer matrix
 * D M (D: the lcm of all denominators, which random denominators make huge)
 * plus the largest numerator's bits. The charpoly is computed modulo about
 * n W / 60 word primes, each reducing n^2 entries of W bits and eliminating in
 * n^3; the factorisation, root isolation, LDL^T and rank witnesses and the
 * enclosures add about n^4 word operations. Fitted on 16 to 64 rows with
 * 5- to 40-bit entries (the worst: 32 rows of p/q with random 20-bit p and q,
 * W = 10118, took 8.8 s to verify and 8.0 s to check, estimated 10.6 s). */
static inline double rc_cost_user_matrix(long n, long W, long digits)
{
    double nn = (double)n, w = (double)W + 1.0;
    return 1e-8 * (nn * nn * nn * w * w / 3840.0 + nn * nn * nn * nn * w / 60.0) +
           8e-8 * rc_pow(nn, 4) + 1e-6 * nn * nn * (1.0 + (double)digits / 30.0) + 1e-4;
}

#endif
