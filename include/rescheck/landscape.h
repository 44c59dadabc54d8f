#ifndef RESCHECK_LANDSCAPE_H
#define RESCHECK_LANDSCAPE_H
/* Exact gradient and Hessian of the risk of a yun19.resnet (rescheck/resnet.h)
 * over Q, in the parameter order of rescheck/resnet.h. With the ReLU patterns
 * of the forward pass held fixed (valid where R is twice differentiable: no
 * ReLU pre-activation 0, no Huber kink; the caller decides that with
 * rc_resnet_smoothness), the network is a polynomial in theta. The gradient is
 * one reverse pass over all samples at once (samples are the rows of
 * matrices); the Hessian's column j is the tangent of that reverse pass in the
 * direction e_j (forward-over-reverse Hessian-vector product). */

#include "rescheck/resnet.h"

/* g (nparams entries) = grad R(theta); F from rc_resnet_forward(net). */
void rc_resnet_gradient(fmpq *g, const rc_resnet *net, const rc_resnet_fwd *F);

/* hv = H v for a direction v (nparams entries); g gets the gradient (may be NULL). */
void rc_resnet_hvp(fmpq *hv, fmpq *g, const rc_resnet *net, const rc_resnet_fwd *F,
                   const fmpq *v);

/* The Hessian (nparams x nparams, initialised by the caller). */
void rc_resnet_hessian(fmpq_mat_t Hs, const rc_resnet *net, const rc_resnet_fwd *F);

#endif
