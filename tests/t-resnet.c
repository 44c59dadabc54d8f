/* The exact yun19 §4.1 model (rescheck/resnet.h): a forward pass worked by
 * hand, the parameter order, a zero pre-activation named, Huber's kink, and
 * the strict reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rescheck/resnet.h"

/* h1 = x + relu(x) = 2x on x >= 0; h2 = h1 + [u.h1, 0] with u = (1, 1);
 * x1 = (1, 0): h2 = (4, 0), f = 4; x2 = (0, 1): h1 = (0, 2), h2 = (2, 2), f = 3;
 * R = ((4 - 1)^2 + (3 - 2)^2) / 2 = 5. Block 1's pre-activation x1[1] is 0. */
static const char *spec2 =
    "{\"kind\": \"yun19.resnet\", \"X\": [[1, 0], [0, 1]], \"y\": [1, 2],"
    " \"blocks\": [{\"phi\": \"relu\", \"V\": [[1, 0], [0, 1]]},"
    "              {\"phi\": \"identity\", \"U\": [[1, 1]], \"V\": [[1], [0]]}],"
    " \"w\": [1, \"1/2\"]}";

static int load(rc_resnet *net, rc_spec *s, const char *text)
{
    if (rc_spec_load_string(s, "t.json", text))
        return -1;
    return rc_resnet_read(net, s);
}

static void test_forward_by_hand(void **state)
{
    (void)state;
    rc_spec s;
    rc_resnet net;
    assert_int_equal(load(&net, &s, spec2), 0);
    assert_int_equal(net.L, 2);
    assert_int_equal(rc_resnet_nparams(&net), 2 + 4 + (2 + 2));
    assert_int_equal(rc_resnet_offset(&net, 1), 6); /* w, V_1, then V_2 before U_2 */
    char name[32];
    rc_resnet_param_name(name, sizeof name, &net, 9);
    assert_string_equal(name, "U_2[0,1]");
    rc_resnet_fwd F;
    rc_resnet_forward(&F, &net);
    assert_true(fmpq_equal_si(F.risk, 5));
    assert_true(fmpq_equal_si(fmpq_mat_entry(F.f, 0, 0), 4));
    assert_true(fmpq_equal_si(fmpq_mat_entry(F.H + 2, 1, 0), 2));
    rc_resnet_smooth S;
    rc_resnet_smooth_init(&S);
    rc_resnet_smoothness(&S, &net, &F);
    assert_int_equal(S.relu_units, 4);
    assert_true(fmpq_is_zero(S.min_abs));
    assert_int_equal(S.sample, 0);
    assert_int_equal(S.block, 1);
    assert_int_equal(S.unit, 1);
    assert_false(S.twice_diff);
    /* theta round trip: set changes the network */
    fmpq *th = _fmpq_vec_init(rc_resnet_nparams(&net));
    rc_resnet_get_theta(th, &net);
    assert_true(fmpq_equal_si(th + 1, 1) == 0); /* w[1] = 1/2 */
    fmpq_set_si(th + 1, 1, 1);
    rc_resnet_set_theta(&net, th);
    _fmpq_vec_clear(th, rc_resnet_nparams(&net));
    rc_resnet_fwd_clear(&F);
    rc_resnet_forward(&F, &net); /* f = (4, 4): R = (9 + 4) / 2 */
    fmpq_t e;
    fmpq_init(e);
    fmpq_set_si(e, 13, 2);
    assert_true(fmpq_equal(F.risk, e));
    fmpq_clear(e);
    rc_resnet_smooth_clear(&S);
    rc_resnet_fwd_clear(&F);
    rc_resnet_clear(&net);
    rc_spec_clear(&s);
}

/* Huber with delta = 3: the residual 3 of sample 0 sits on the kink. */
static void test_huber_kink(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%.*s, \"loss\": \"huber\", \"delta\": 3}",
             (int)strlen(spec2) - 1, spec2);
    rc_spec s;
    rc_resnet net;
    assert_int_equal(load(&net, &s, text), 0);
    rc_resnet_fwd F;
    rc_resnet_forward(&F, &net);
    /* (3^2/2 + 1^2/2) / 2 = 5/2 */
    fmpq_t e;
    fmpq_init(e);
    fmpq_set_si(e, 5, 2);
    assert_true(fmpq_equal(F.risk, e));
    rc_resnet_smooth S;
    rc_resnet_smooth_init(&S);
    rc_resnet_smoothness(&S, &net, &F);
    assert_int_equal(S.huber_kink_sample, 0);
    fmpq_clear(e);
    rc_resnet_smooth_clear(&S);
    rc_resnet_fwd_clear(&F);
    rc_resnet_clear(&net);
    rc_spec_clear(&s);
}

static void expect_error(const char *text, const char *needle)
{
    rc_spec s;
    rc_resnet net;
    assert_int_equal(load(&net, &s, text), -1);
    if (!strstr(s.err, needle))
        fail_msg("error \"%s\" does not contain \"%s\"", s.err, needle);
    rc_spec_clear(&s);
}

static void test_strict(void **state)
{
    (void)state;
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"relu\", \"V\": [[1]], \"Vv\": 1}]}",
                 "field blocks[0].Vv: unknown field");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"relu\", \"V\": [[1]]}, {\"phi\": \"relu\", \"V\": [[1]]}]}",
                 "field blocks[1].U: missing");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"tanh\", \"V\": [[1]]}]}", "field blocks[0].phi");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"relu\", \"V\": [[1, 2]]}]}", "field blocks[0].V[0]");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"relu\", \"V\": [[1]], \"A\": [[1]]}]}", "field blocks[0].A");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1], \"w\": [1], \"delta\": 1, "
                 "\"blocks\": [{\"phi\": \"relu\", \"V\": [[1]]}]}", "field delta");
    expect_error("{\"kind\": \"yun19.resnet\", \"X\": [[1]], \"y\": [1, 2], \"w\": [1], \"blocks\": "
                 "[{\"phi\": \"relu\", \"V\": [[1]]}]}", "field y");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_by_hand),
        cmocka_unit_test(test_huber_kink),
        cmocka_unit_test(test_strict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
