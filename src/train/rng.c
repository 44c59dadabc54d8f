/* xoshiro256** (Blackman and Vigna) seeded through splitmix64; normals by the
 * Box-Muller transform. Everything the float path draws comes from here, so a
 * seed fixes a run. */
#include <math.h>

#include "rescheck/train.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void train_rng_seed(train_rng *g, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&x);
    g->has_spare = 0;
    g->spare = 0;
}

uint64_t train_rng_next(train_rng *g)
{
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double train_rng_uniform(train_rng *g)
{
    /* 53 random bits, shifted off zero: (k + 0.5) / 2^53 */
    return ((double)(train_rng_next(g) >> 11) + 0.5) * 0x1.0p-53;
}

double train_rng_normal(train_rng *g)
{
    if (g->has_spare) {
        g->has_spare = 0;
        return g->spare;
    }
    double u1 = train_rng_uniform(g), u2 = train_rng_uniform(g);
    double r = sqrt(-2.0 * log(u1)), t = 2.0 * M_PI * u2;
    g->spare = r * sin(t);
    g->has_spare = 1;
    return r * cos(t);
}

uint64_t train_seed_derive(uint64_t seed, uint64_t tag)
{
    uint64_t x = seed ^ rotl(tag, 32) ^ (tag * 0xd1342543de82ef95ULL);
    splitmix64(&x);
    return splitmix64(&x);
}
