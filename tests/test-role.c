/* test-role.c: what each role may do (app/core/muying-role.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-role.h"

static void
test_permissions (void)
{
  static const struct
  {
    MuyingPermission permission;
    gboolean nurse, doctor, admin;
  } table[] = {
    { MUYING_PERMISSION_VIEW,          TRUE,  TRUE,  TRUE },
    { MUYING_PERMISSION_ENTER,         TRUE,  TRUE,  TRUE },
    { MUYING_PERMISSION_IMPORT,        TRUE,  TRUE,  TRUE },
    { MUYING_PERMISSION_EDIT_UNSIGNED, TRUE,  TRUE,  TRUE },
    { MUYING_PERMISSION_CONTACT,       TRUE,  TRUE,  TRUE },
    { MUYING_PERMISSION_REVIEW,        FALSE, TRUE,  TRUE },
    { MUYING_PERMISSION_SIGN,          FALSE, TRUE,  TRUE },
    { MUYING_PERMISSION_FOLLOW_UP,     FALSE, TRUE,  TRUE },
    { MUYING_PERMISSION_EXPORT,        FALSE, FALSE, TRUE },
    { MUYING_PERMISSION_MANAGE_USERS,  FALSE, FALSE, TRUE },
    { MUYING_PERMISSION_EDIT_RULES,    FALSE, FALSE, TRUE },
    { MUYING_PERMISSION_BACKUP,        FALSE, FALSE, TRUE },
  };

  g_assert_cmpuint (G_N_ELEMENTS (table), ==, MUYING_N_PERMISSIONS);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_cmpint (muying_role_can (MUYING_ROLE_NURSE, table[i].permission), ==, table[i].nurse);
      g_assert_cmpint (muying_role_can (MUYING_ROLE_DOCTOR, table[i].permission), ==, table[i].doctor);
      g_assert_cmpint (muying_role_can (MUYING_ROLE_ADMIN, table[i].permission), ==, table[i].admin);
      g_assert_nonnull (muying_permission_get_label (table[i].permission));
    }
}

/* The least role of a permission is the first that may use it, and every role after it may too. */
static void
test_min_role (void)
{
  for (MuyingPermission p = 0; p < MUYING_N_PERMISSIONS; p++)
    {
      MuyingRole min = muying_permission_get_min_role (p);

      for (MuyingRole r = MUYING_ROLE_NURSE; r <= MUYING_ROLE_ADMIN; r++)
        g_assert_cmpint (muying_role_can (r, p), ==, r >= min);
    }
  g_assert_cmpint (muying_permission_get_min_role (MUYING_PERMISSION_SIGN), ==, MUYING_ROLE_DOCTOR);
  g_assert_cmpint (muying_permission_get_min_role (MUYING_PERMISSION_BACKUP), ==, MUYING_ROLE_ADMIN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/role/permissions", test_permissions);
  g_test_add_func ("/role/min-role", test_min_role);
  return g_test_run ();
}
