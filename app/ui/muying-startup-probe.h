/* muying-startup-probe.h: reports when windows first show, for the benchmark (tests/bench)
 *
 * Does nothing unless the environment variable MUYING_REPORT_FIRST_FRAME is set. Then, for each
 * toplevel window, on the first frame painted after its content is ready — a window holding a
 * record list counts as ready once the list shows rows — it prints one line on stdout:
 *
 *   MUYING_FIRST_FRAME <type> <monotonic µs> <VmRSS kB> <VmHWM kB> <list rows: yes|no|none>
 *
 * and 500 ms later "MUYING_SETTLED <type> <monotonic µs> <VmRSS kB> <VmHWM kB>". With the value
 * "quit" the application quits after the settled line of the first window. The monotonic clock
 * is CLOCK_MONOTONIC, shared with the process that launched the program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Call once after GTK is initialised (e.g. in GApplication::startup). */
void muying_startup_probe_init (void);

G_END_DECLS
