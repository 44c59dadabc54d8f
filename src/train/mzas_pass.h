/* The passes of the wu19.mzas network, included by mzas.c once per precision:
 * REAL (double or float), GEMM (cblas_dgemm or cblas_sgemm), WS (the
 * workspace type) and FN(name) (the function's name in that precision). Loss
 * sums are accumulated in double in both. */
int FN(mzas_ws_init_chunk)(WS *ws, const mzas_arch *a, int n, size_t act_bytes, int chunk)
{
    memset(ws, 0, sizeof *ws);
    ws->a = *a;
    ws->n = n;
    ws->nthreads = 1;
    if (!act_bytes)
        act_bytes = (size_t)1 << 30;
    ws->act_bytes = act_bytes;
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
    ws->Db = malloc(sizeof(REAL) * hn);
    ws->bytes = sizeof(REAL) * (zn * (ws->nseg + S + 2) + hn * (S + 1) + (size_t)a->C * n);
    if (!ws->ckpt || !ws->Z || !ws->A || !ws->zL || !ws->G || !ws->F || !ws->Db) {
        FN(mzas_ws_clear)(ws);
        return -1;
    }
    return 0;
}

void FN(mzas_ws_clear)(WS *ws)
{
    WS *sub = ws->sub;
    for (int t = 0; sub && t < ws->nthreads - 1; t++)
        FN(mzas_ws_clear)(&sub[t]);
    free(sub);
    free(ws->gsub);
    free(ws->ckpt);
    free(ws->Z);
    free(ws->A);
    free(ws->zL);
    free(ws->G);
    free(ws->F);
    free(ws->Db);
    memset(ws, 0, sizeof *ws);
}

static int FN(seg_len)(const WS *ws, int s)
{
    int rest = ws->a.L - s * ws->S;
    return rest < ws->S ? rest : ws->S;
}

/* in place; a NaN becomes 0, as relu'(NaN) is taken to be below */
static void FN(relu)(REAL *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = x[i] > 0 ? x[i] : 0;
}

/* z (in ws->zL) through the layers of segment s, keeping z_{l-1} and
 * h_l = relu(V_l z_{l-1}); relu'(V_l z_{l-1}) is then [h_l > 0], so one pass
 * over the activations serves both directions */
static void FN(segment_forward)(const REAL *w, WS *ws, int s)
{
    const mzas_arch *a = &ws->a;
    int D = a->D, H = a->H, n = ws->ncol;
    size_t zn = (size_t)D * n, hn = (size_t)H * n;
    for (int j = 0; j < FN(seg_len)(ws, s); j++) {
        int l = s * ws->S + j + 1;
        REAL *Zj = ws->Z + zn * j, *Hj = ws->A + hn * j;
        memcpy(Zj, ws->zL, sizeof(REAL) * zn);
        GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, H, n, D, 1.0, w + mzas_off_V(a, l), H,
                    Zj, D, 0.0, Hj, H);
        FN(relu)(Hj, hn);
        GEMM(CblasColMajor, CblasNoTrans, CblasNoTrans, D, n, H, 1.0, w + mzas_off_U(a, l), D,
                    Hj, H, 1.0, ws->zL, D);
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
            const REAL *Zj = ws->Z + zn * j, *Hj = ws->A + hn * j;
            const REAL *V = w + mzas_off_V(a, l), *U = w + mzas_off_U(a, l);
            REAL *Db = ws->Db;
            GEMM(CblasColMajor, CblasNoTrans, CblasTrans, D, H, c, 1.0, ws->G, D, Hj, H, beta,
                        grad + mzas_off_U(a, l), D);
            GEMM(CblasColMajor, CblasTrans, CblasNoTrans, H, c, D, 1.0, U, D, ws->G, D, 0.0,
                        Db, H);
            for (size_t i = 0; i < hn; i++) /* relu'(t) = 1 for t > 0, 0 for t <= 0 */
                Db[i] = Hj[i] > 0 ? Db[i] : 0;
            GEMM(CblasColMajor, CblasNoTrans, CblasTrans, H, D, c, 1.0, ws->Db, H, Zj, D, beta,
                        grad + mzas_off_V(a, l), H);
            GEMM(CblasColMajor, CblasTrans, CblasNoTrans, D, c, H, 1.0, V, H, ws->Db, H, 1.0,
                        ws->G, D);
        }
    }
    GEMM(CblasColMajor, CblasNoTrans, CblasTrans, D, d, c, 1.0, ws->G, D, X, d, beta, grad, D);
    return loss;
}

int FN(mzas_ws_threads)(WS *ws, int T)
{
    if (T <= ws->nthreads)
        return 0;
    size_t N = mzas_nparams(&ws->a);
    WS *sub = calloc((size_t)T - 1, sizeof(WS));
    REAL *gsub = malloc(sizeof(REAL) * N * (size_t)(T - 1));
    int bad = !sub || !gsub;
    for (int t = 0; t < T - 1 && !bad; t++)
        bad = FN(mzas_ws_init_chunk)(&sub[t], &ws->a, ws->n, ws->act_bytes, ws->cw);
    if (bad) {
        for (int t = 0; sub && t < T - 1; t++)
            FN(mzas_ws_clear)(&sub[t]);
        free(sub);
        free(gsub);
        return -1;
    }
    ws->sub = sub;
    ws->gsub = gsub;
    ws->nthreads = T;
    return 0;
}

typedef struct {
    const REAL *w, *X, *Y;
    WS *ws;
    REAL *grad;
    int t, T;
    double loss;
} FN(chunks_job);

/* chunks t, t + T, ... of the batch, into job->ws and job->grad */
static void *FN(run_chunks)(void *p)
{
    FN(chunks_job) *j = p;
    int n = j->ws->n, cw = j->ws->cw;
    j->loss = 0;
    for (int k = j->t, first = 1; (size_t)k * cw < (size_t)n; k += j->T, first = 0) {
        int c0 = k * cw, c = n - c0 < cw ? n - c0 : cw;
        j->loss += FN(chunk_pass)(j->w, j->X, j->Y, j->ws, j->grad, c0, c, !first);
    }
    return NULL;
}

double FN(mzas_loss_grad)(const REAL *w, const REAL *X, const REAL *Y, WS *ws, REAL *grad)
{
    int chunks = (ws->n + ws->cw - 1) / ws->cw, T = ws->nthreads < chunks ? ws->nthreads : chunks;
    if (T < 1)
        T = 1;
    size_t N = mzas_nparams(&ws->a);
    WS *sub = ws->sub;
    FN(chunks_job) jobs[T];
    pthread_t th[T];
    int started[T];
    for (int t = 0; t < T; t++)
        jobs[t] = (FN(chunks_job)){.w = w, .X = X, .Y = Y, .ws = t ? &sub[t - 1] : ws, .t = t, .T = T,
                                   .grad = !grad ? NULL : t ? ws->gsub + N * (size_t)(t - 1) : grad};
    for (int t = 1; t < T; t++)
        started[t] = !pthread_create(&th[t], NULL, FN(run_chunks), &jobs[t]);
    FN(run_chunks)(&jobs[0]);
    double loss = jobs[0].loss;
    for (int t = 1; t < T; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        else
            FN(run_chunks)(&jobs[t]); /* no thread to be had: here, in the same order */
        loss += jobs[t].loss;
        for (size_t i = 0; grad && i < N; i++)
            grad[i] += jobs[t].grad[i];
    }
    return loss;
}
