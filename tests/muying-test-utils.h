/* muying-test-utils.h: helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new empty temporary folder (removed with muying_test_rm_rf). */
char    *muying_test_make_tmpdir   (void);
void     muying_test_rm_rf         (const char  *path);
/* Path of a file in tests/data. */
char    *muying_test_data_path     (const char  *name);
/* Runs muying-cli with @args (NULL-terminated); captures output. Returns the exit status. */
int      muying_test_run_cli       (const char * const *args,
                                    const char  *envp_extra,
                                    char       **out,
                                    char       **err);
/* The same with the variables @env ("NAME=VALUE" each, NULL-terminated) set for it. */
int      muying_test_run_cli_env   (const char * const *args,
                                    const char * const *env,
                                    char       **out,
                                    char       **err);
/* An 18-character resident ID number: @first17 and its check character (GB 11643). */
char    *muying_test_make_id_number (const char *first17);
/* The data dir holding rules/ and panels/. */
const char *muying_test_data_dir   (void);

G_END_DECLS
