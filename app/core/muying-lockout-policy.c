/* muying-lockout-policy.c: when failed log-ins lock an account, and for how long
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-lockout-policy.h"

gboolean
muying_lockout_refuses_attempt (int attempts)
{
  return attempts > MUYING_LOGIN_MAX_FAILURES;
}

gboolean
muying_lockout_locks_after (int failures)
{
  return failures >= MUYING_LOGIN_MAX_FAILURES;
}

gint64
muying_lockout_until (gint64 now)
{
  return now + MUYING_LOGIN_LOCK_SECONDS;
}
