/* The passes of the wu19.mzas network, included by mzas.c once per precision:
 * REAL (double or float), GEMM (cblas_dgemm or cblas_sgemm), WS (the
 * workspace type) and FN(name) (the function's name in that precision). Loss
 * sums are accumulated in double in both. */
int FN(mzas_ws_init_chunk)(WS *ws, const mzas_arch *a, int n, size_t act_bytes, int chunk)
{
    memset(ws, 0, sizeof *ws);
    ws->a = *a;
    ws->n = n;
    if (!act_bytes)
        act_bytes = (size_t)1 << 30;
    ws->cw = chunk > 0 ? chunk : MZAS_CHUNK;
    if (ws->cw > n)
        ws->cw = n;
    n = ws->cw; /* every buffer below holds one chunk of columns */
    size_t per_layer = sizeof(REAL) * (size_t)(a->D + a->H) * n;
    size_t S = act_bytes / per_layer;
    if (S < 1)
        S = 1;
    if (S > (size_t)a->L && a->L > 0)
        S = (size_t)a->L;
    ws->S = (int)S;
    ws->nseg = (a->L + ws->S - 1) / ws->S; /* 0 when L = 0 */
    size_t zn = (size_t)a->D * n, hn = (size_t)a->H * n;
    ws->ckpt = malloc(sizeof(REAL) * zn * (ws->nseg + 1));
    ws->Z = malloc(sizeof(REAL) * zn * S);
    ws->A = malloc(sizeof(REAL) * hn * S);
    ws->zL = malloc(sizeof(REAL) * zn);
    ws->G = malloc(sizeof(REAL) * zn);
    ws->F = malloc(sizeof(REAL) * (size_t)a->C * n);
    ws->Hb = malloc(sizeof(REAL) * hn);
    ws->Db = malloc(sizeof(REAL) * hn);
    ws->bytes = sizeof(REAL) * (zn * (ws->nseg + S + 2) + hn * (S + 2) + (size_t)a->C * n);
    if (!ws->ckpt || !ws->Z || !ws->A || !ws->zL || !ws->G || !ws->F || !ws->Hb || !ws->Db) {
        FN(mzas_ws_clear)(ws);
        return -1;
    }
    return 0;
}

void FN(mzas_ws_clear)(WS *ws)
{
    free(ws->ckpt);
    free(ws->Z);
    free(ws->A);
    free(ws->zL);
    free(ws->G);
    free(ws->F);
    free(ws->Hb);
    free(ws->Db);
    memset(ws, 0, sizeof *ws);
}

static int FN(seg_len)(const WS *ws, int s)
{
    int rest = ws->a.L - s * ws->S;
    return rest < ws->S ? rest : ws->S;
}

static void FN(relu)(REAL *out, const REAL *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[i] > 0 ? in[i] : 0;
}

/* z (in ws->zL) through the layers of segment s, keeping z_{l-1} and V_l z_{l-1} */
static void FN(segment_forward)(const REAL *w, WS *ws, int s)
{
    const mzas_arch *a = &ws->a;
    int D = a->D, H = a->H, n = ws->ncol;
    size_t zn = (size_t)D * n, hn = (size_t)H * n;
    for (int j = 0; j < FN(seg_len)(ws, s); j++) {
        int l = s * ws->S + j + 1;
        REAL *Zj = ws->Z + zn * j, *Aj = ws->A + hn * j;
        memcpy(Zj, ws->zL, sizeof(REAL) * zn);
        GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, H, n, D, 1.0, w + mzas_off_V(a, l), H,
                    Zj, D, 0.0, Aj, H);
        FN(relu)(ws->Hb, Aj, hn);
        GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, D, n, H, 1.0, w + mzas_off_U(a, l), D,
                    ws->Hb, H, 1.0, ws->zL, D);
    }
}

/* loss of F against Y; dF (into F) when want */
static double FN(output_loss)(REAL *F, const REAL *Y, int C, int c, int n, mzas_loss loss, int want)
{
    double sum = 0;
    if (loss == MZAS_LOSS_SQUARED) {
        for (size_t i = 0; i < (size_t)C * c; i++) {
            double e = F[i] - Y[i];
            sum += e * e;
            if (want)
                F[i] = e / n;
        }
        return sum / (2.0 * n);
    }
    for (int k = 0; k < c; k++) {
        REAL *f = F + (size_t)k * C;
        double mx = f[0], z = 0, fy = 0, ysum = 0;
        for (int c = 1; c < C; c++)
            mx = f[c] > mx ? f[c] : mx;
        for (int c = 0; c < C; c++)
            z += exp(f[c] - mx);
        double lse = mx + log(z);
        for (int c = 0; c < C; c++) {
            fy += Y[(size_t)k * C + c] * f[c];
            ysum += Y[(size_t)k * C + c];
        }
        sum += ysum * lse - fy;
        if (want)
            for (int c = 0; c < C; c++)
                f[c] = (ysum * exp(f[c] - lse) - Y[(size_t)k * C + c]) / n;
    }
    return sum / n;
}

/* columns c0..c0+c-1: loss sum (unnormalised for squared: sum of squares / 2;
 * cross-entropy: sum of -log p_y) and, if grad, adds the chunk's gradient
 * (accumulate = 0 on the first chunk overwrites) */
static double FN(chunk_pass)(const REAL *w, const REAL *X, const REAL *Y, WS *ws, REAL *grad,
                         int c0, int c, int accumulate)
{
    const mzas_arch *a = &ws->a;
    int d = a->d, D = a->D, H = a->H, C = a->C, n = ws->n;
    size_t zn = (size_t)D * c, hn = (size_t)H * c;
    double beta = accumulate ? 1.0 : 0.0;
    ws->ncol = c;
    X += (size_t)c0 * d;
    Y += (size_t)c0 * C;
    GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, D, c, d, 1.0, w, D, X, d, 0.0, ws->zL, D);
    for (int s = 0; s < ws->nseg; s++) {
        memcpy(ws->ckpt + zn * s, ws->zL, sizeof(REAL) * zn);
        FN(segment_forward)(w, ws, s);
    }
    const REAL *W = w + mzas_off_W(a);
    GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, C, c, D, 1.0, W, C, ws->zL, D, 0.0, ws->F, C);
    /* the loss's 1/n is the whole batch's */
    double loss = FN(output_loss)(ws->F, Y, C, c, n, a->loss, grad != NULL);
    if (!grad)
        return loss;
    /* dW = dF z_L^T, G = W^T dF */
    GEMM(CblasColMajor, CblasNoTrans, CblasTrans, C, D, c, 1.0, ws->F, C, ws->zL, D, beta,
                grad + mzas_off_W(a), C);
    GEMM(CblasColMajor, CblasTrans, CblasNoTrans, D, c, C, 1.0, W, C, ws->F, C, 0.0, ws->G, D);
    for (int s = ws->nseg - 1; s >= 0; s--) {
        if (s != ws->nseg - 1) { /* recompute the segment from its checkpoint */
            memcpy(ws->zL, ws->ckpt + zn * s, sizeof(REAL) * zn);
            FN(segment_forward)(w, ws, s);
        }
        for (int j = FN(seg_len)(ws, s) - 1; j >= 0; j--) {
            int l = s * ws->S + j + 1;
            const REAL *Zj = ws->Z + zn * j, *Aj = ws->A + hn * j;
            const REAL *V = w + mzas_off_V(a, l), *U = w + mzas_off_U(a, l);
            FN(relu)(ws->Hb, Aj, hn);
            GEMM(CblasColMajor, CblasNoTrans, CblasTrans, D, H, c, 1.0, ws->G, D, ws->Hb, H, beta,
                        grad + mzas_off_U(a, l), D);
            GEMM(CblasColMajor, CblasTrans, CblasNoTrans, H, c, D, 1.0, U, D, ws->G, D, 0.0,
                        ws->Db, H);
            for (size_t i = 0; i < hn; i++) /* relu'(t) = 1 for t > 0, 0 for t <= 0 */
                if (!(Aj[i] > 0))
                    ws->Db[i] = 0;
            GEMM(CblasColMajor, CblasNoTrans, CblasTrans, H, D, c, 1.0, ws->Db, H, Zj, D, beta,
                        grad + mzas_off_V(a, l), H);
            GEMM(CblasColMajor, CblasTrans, CblasNoTrans, D, c, H, 1.0, V, H, ws->Db, H, 1.0,
                        ws->G, D);
        }
    }
    GEMM(CblasColMajor, CblasNoTrans, CblasTrans, D, d, c, 1.0, ws->G, D, X, d, beta, grad, D);
    return loss;
}

double FN(mzas_loss_grad)(const REAL *w, const REAL *X, const REAL *Y, WS *ws, REAL *grad)
{
    double loss = 0;
    for (int c0 = 0; c0 < ws->n; c0 += ws->cw) {
        int c = ws->n - c0 < ws->cw ? ws->n - c0 : ws->cw;
        loss += FN(chunk_pass)(w, X, Y, ws, grad, c0, c, c0 > 0);
    }
    return loss;
}
