/* muying-lockout-policy.h: when failed log-ins lock an account, and for how long
 *
 * The store counts the attempts of an account (failed ones and those whose password is still
 * being checked, so that processes guessing in parallel see each other) and asks this policy
 * what the count means. A success sets the count back to 0; an expired lock starts a new count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_LOGIN_MAX_FAILURES 5
#define MUYING_LOGIN_LOCK_SECONDS (30 * 60)

/* An attempt that makes the count @attempts (itself included) is refused without checking the
 * password, and locks the account, when more than MUYING_LOGIN_MAX_FAILURES were counted. */
gboolean     muying_lockout_refuses_attempt  (int      attempts);
/* A wrong password that leaves @failures counted locks the account from the
 * MUYING_LOGIN_MAX_FAILURES-th on. */
gboolean     muying_lockout_locks_after      (int      failures);
/* The unix time (seconds) until which an account locked at @now stays locked. */
gint64       muying_lockout_until            (gint64   now);

G_END_DECLS
