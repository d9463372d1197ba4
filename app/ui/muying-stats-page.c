/* muying-stats-page.c: indicators for a period, a monthly chart, and the annual workbook export
 *
 * Every number comes from muying-stats (one SQL definition per indicator, shared with
 * `muying-cli stats` and the workbook). Computing and exporting run in a thread; an export
 * shows its progress, can be cancelled, and says where the file went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-empty-state.h"
#include "muying-error.h"
#include "muying-stats-page-private.h"
#include "muying-store-lookup.h"
#include "muying-month-chart.h"
#include "muying-period.h"
#include "muying-stats.h"
#include "muying-stats-page.h"
#include "muying-ui-text.h"
#include "muying-workbook.h"

struct _MuyingStatsPage
{
  GtkWidget         parent_instance;

  MuyingAppContext *context;

  MuyingStore      *store;
  MuyingRuleSet    *rules;
  char             *user;
  gboolean          may_export;
  GHashTable       *values;        /* "prenatal.screened" → gint64 (boxed in a pointer) */
  GCancellable     *cancellable;
  gboolean          busy;
  gboolean          recompute;     /* the period changed while counting: count again */
  char             *status;
  char             *last_export;

  GtkStack         *content_stack;
  MuyingEmptyState *empty_state;
  GtkDropDown      *kind_dropdown;
  GtkSpinButton    *year_spin;
  GtkEntry         *from_entry;
  GtkEntry         *to_entry;
  GtkLabel         *period_label;
  GtkButton        *export_button;
  GtkProgressBar   *progress_bar;
  GtkButton        *cancel_button;
  GtkButton        *open_folder_button;
  GtkLabel         *status_label;
  GtkBox           *chart_box;
  MuyingMonthChart *chart;
  GtkFlowBox       *cards_box;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MuyingStatsPage, muying_stats_page, GTK_TYPE_WIDGET)

static void compute (MuyingStatsPage *self);

static void
set_status (MuyingStatsPage *self,
            const char      *text,
            gboolean         is_error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_label (self->status_label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "level-high");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "level-high");
}

/* ---- the period -------------------------------------------------------------------------- */

static gboolean
read_period (MuyingStatsPage *self,
             MuyingPeriod    *period)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  int year = gtk_spin_button_get_value_as_int (self->year_spin);

  gtk_widget_set_visible (GTK_WIDGET (self->year_spin), kind != 2);
  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), kind == 2);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), kind == 2);
  if (kind == 0)
    muying_period_init_statistical_year (period, year);
  else if (kind == 1)
    muying_period_init_calendar_year (period, year);
  else
    {
      g_autoptr(GError) error = NULL;

      if (!muying_period_init_parse (period, gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &error))
        {
          set_status (self, error->message, TRUE);
          return FALSE;
        }
    }
  {
    g_autofree char *from = muying_period_dup_from_string (period);
    g_autofree char *to = muying_period_dup_to_string (period);
    g_autofree char *text = g_strdup_printf (_("%s to %s"), from, to);
    gtk_label_set_label (self->period_label, text);
  }
  return TRUE;
}

/* ---- showing the indicators -------------------------------------------------------------- */

static void
put_value (MuyingStatsPage *self,
           const char      *key,
           gint64           value)
{
  gint64 *boxed = g_new (gint64, 1);

  *boxed = value;
  g_hash_table_insert (self->values, g_strdup (key), boxed);
}

typedef struct
{
  const char *key;
  const char *label;
  gint64      value;
  gint64      denominator;   /* > 0: show a percentage too */
} Item;

static void
add_card (MuyingStatsPage *self,
          const char      *title,
          const Item      *items,
          guint            n_items)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *heading = gtk_label_new (title);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 16);
  gtk_widget_add_css_class (grid, "card-box");
  gtk_widget_set_size_request (grid, 300, -1);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_grid_attach (GTK_GRID (grid), heading, 0, 0, 3, 1);
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *number = g_strdup_printf ("%lld", (long long) items[i].value);
      GtkWidget *name = gtk_label_new (items[i].label);
      GtkWidget *value = gtk_label_new (number);
      GtkWidget *rate = gtk_label_new (NULL);

      if (items[i].denominator > 0)
        {
          g_autofree char *text = g_strdup_printf ("%.2f%%", 100.0 * (double) items[i].value / (double) items[i].denominator);
          gtk_label_set_label (GTK_LABEL (rate), text);
        }
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_label_set_xalign (GTK_LABEL (rate), 1);
      gtk_widget_add_css_class (rate, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), name, 0, (int) i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value, 1, (int) i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), rate, 2, (int) i + 1, 1, 1);
      put_value (self, items[i].key, items[i].value);
    }
  gtk_flow_box_append (self->cards_box, grid);
}

static gint64
reason_count (const char * const *codes,
              const gint64       *counts,
              guint               n,
              const char         *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return counts[i];
  return 0;
}

static void
show_stats (MuyingStatsPage   *self,
            const MuyingStats *st,
            GPtrArray         *months)
{
  const MuyingPrenatalStats *p = &st->prenatal;
  const MuyingNewbornStats *n = &st->newborn;
  const MuyingCervicalStats *c = &st->cervical;
  const MuyingBreastStats *b = &st->breast;
  const MuyingFollowupStats *f = &st->followup;
  gint64 serum = p->by_test[MUYING_PRENATAL_TEST_EARLY_COMBINED] + p->by_test[MUYING_PRENATAL_TEST_MID_DOUBLE] +
                 p->by_test[MUYING_PRENATAL_TEST_MID_TRIPLE] + p->by_test[MUYING_PRENATAL_TEST_MID_QUAD];
  gint64 birads4 = b->birads[4] + b->birads[5] + b->birads[6] + b->birads[7];
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_flow_box_remove (self->cards_box, child);
  g_hash_table_remove_all (self->values);

  {
    Item items[] = {
      { "prenatal.screened", _("Women screened"), p->screened, 0 },
      { "prenatal.serum", _("Serum screens"), serum, 0 },
      { "prenatal.nipt", _("NIPT"), p->by_test[MUYING_PRENATAL_TEST_NIPT], 0 },
      { "prenatal.high", _("High risk"), p->high, serum + p->by_test[MUYING_PRENATAL_TEST_NIPT] },
      { "prenatal.intermediate", _("Borderline"), p->intermediate, 0 },
      { "prenatal.t21_high", _("Trisomy 21 high risk (serum)"),
        reason_count (muying_stats_prenatal_reasons, p->reasons, MUYING_STATS_N_PRENATAL_REASONS, "T21_HIGH"), serum },
      { "prenatal.diagnosed", _("Prenatal diagnoses"), p->diagnosed, 0 },
      { "prenatal.outcome_known", _("Pregnancy outcome known"), p->outcome_known, 0 },
    };
    add_card (self, _("Prenatal screening"), items, G_N_ELEMENTS (items));
  }
  {
    Item items[] = {
      { "newborn.screened", _("Newborns screened"), n->screened, 0 },
      { "newborn.carriers", _("Variant carriers"), n->carriers, n->screened },
      { "newborn.mt_rnr1", _("MT-RNR1 (drug warning)"), n->by_gene[3], n->screened },
      { "newborn.high", _("High risk"), n->high, 0 },
      { "newborn.hearing_initial_refer", _("Initial hearing screen refer"), n->hearing_initial_refer, n->screened },
      { "newborn.rescreened", _("Rescreened"), n->rescreened, 0 },
      { "newborn.rescreen_refer", _("Rescreen refer"), n->rescreen_refer, 0 },
    };
    add_card (self, _("Newborn hearing and deafness genes"), items, G_N_ELEMENTS (items));
  }
  {
    Item items[] = {
      { "cervical.examined", _("Women examined"), c->examined, 0 },
      { "cervical.hpv_positive", _("HPV positive"), c->hpv_positive, c->hpv_tested },
      { "cervical.cytology_abnormal", _("Cytology abnormal"), c->cytology_abnormal, c->cytology_done },
      { "cervical.colposcopy_done", _("Colposcopies"), c->colposcopy_done, 0 },
      { "cervical.precancer", _("Precancer (CIN2+)"), c->precancer, 0 },
      { "cervical.cancer", _("Cervical cancer"), c->cancer, 0 },
    };
    add_card (self, _("Cervical cancer screening"), items, G_N_ELEMENTS (items));
  }
  {
    Item items[] = {
      { "breast.examined", _("Women examined"), b->examined, 0 },
      { "breast.us_done", _("Ultrasound"), b->us_done, 0 },
      { "breast.mammo_done", _("Mammography"), b->mammo_done, 0 },
      { "breast.birads4", _("BI-RADS 4 or 5"), birads4, b->examined },
      { "breast.precancer", _("Precancer"), b->precancer, 0 },
      { "breast.cancer", _("Breast cancer"), b->cancer, 0 },
    };
    add_card (self, _("Breast cancer screening"), items, G_N_ELEMENTS (items));
  }
  {
    Item items[] = {
      { "followup.open", _("Open"), f->open, 0 },
      { "followup.overdue", _("Overdue"), f->overdue, f->open },
      { "followup.done", _("Done"), f->done, 0 },
      { "followup.declined", _("Declined"), f->declined, 0 },
      { "followup.lost", _("Lost to follow-up"), f->lost, 0 },
    };
    add_card (self, _("Follow-up of flagged cases"), items, G_N_ELEMENTS (items));
  }

  /* The chart: records per month, per programme. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autofree gint64 *values = g_new0 (gint64, months->len * MUYING_MONTH_CHART_N_SERIES);
    const char *series[] = { _("Prenatal"), _("Newborn"), _("Two cancers"), NULL };

    for (guint m = 0; m < months->len; m++)
      {
        const MuyingStats *ms = g_ptr_array_index (months, m);

        g_ptr_array_add (labels, g_strdup_printf (_("%u/%u"), g_date_get_year (&ms->period.from) % 100,
                                                  g_date_get_month (&ms->period.from)));
        values[m * 3 + 0] = ms->prenatal.by_test[0] + ms->prenatal.by_test[1] + ms->prenatal.by_test[2] +
                            ms->prenatal.by_test[3] + ms->prenatal.by_test[4];
        values[m * 3 + 1] = ms->newborn.screened;
        /* Women examined: most have both tracks, so the larger of the two, not their sum. */
        values[m * 3 + 2] = MAX (ms->cervical.examined, ms->breast.examined);
      }
    g_ptr_array_add (labels, NULL);
    muying_month_chart_set_data (self->chart, months->len, (const char * const *) labels->pdata, values, series);
  }
}

/* ---- computing in a thread --------------------------------------------------------------- */

typedef struct
{
  MuyingPeriod       period;
  MuyingStatsReport *report;   /* the total and the months, from one pass over the records */
} Computation;

static void
computation_free (Computation *c)
{
  g_clear_pointer (&c->report, muying_stats_report_free);
  g_free (c);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MuyingStatsPage *self = source_object;
  Computation *c = task_data;
  g_autoptr(GError) error = NULL;

  /* Its own connection: the statistics read in one transaction, which must not be the one
   * the window writes with. */
  g_autoptr(MuyingStore) reader = muying_store_open (muying_store_get_path (self->store), &error);

  if (reader != NULL)
    c->report = muying_stats_compute_report (reader, &c->period, MUYING_STATS_MONTHS, NULL, cancellable, &error);
  if (c->report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_busy (MuyingStatsPage *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy && self->may_export);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
}

static void
on_computed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (source);
  Computation *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The page was closed (or the job replaced): nothing to show. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  set_busy (self, FALSE);
  if (self->recompute)
    {
      self->recompute = FALSE;
      compute (self);
      return;
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  show_stats (self, c->report->total, c->report->months);
  set_status (self, NULL, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "stats");
}

static void
compute (MuyingStatsPage *self)
{
  g_autoptr(GTask) task = NULL;
  Computation *c;

  if (self->store == NULL)
    return;
  if (self->busy)
    {
      self->recompute = TRUE;
      return;
    }
  c = g_new0 (Computation, 1);
  if (!read_period (self, &c->period))
    {
      computation_free (c);
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_progress_bar_pulse (self->progress_bar);
  set_status (self, _("Counting…"), FALSE);
  task = g_task_new (self, self->cancellable, on_computed, NULL);
  g_task_set_task_data (task, c, (GDestroyNotify) computation_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
on_period_changed_cb (MuyingStatsPage *self)
{
  compute (self);
}

/* ---- export ------------------------------------------------------------------------------ */

typedef struct
{
  char                 *path;
  MuyingWorkbookOptions options;
  MuyingStatsPage      *self;
  GtkProgressBar       *bar;     /* a reference: the thread reports into it */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->bar);
  g_free (job->path);
  g_free ((char *) job->options.user);
  g_free (job);
}

static void
on_export_progress (double   fraction,
                    gpointer user_data)
{
  muying_ui_progress_from_thread (user_data, fraction);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;

  g_autoptr(MuyingStore) reader = muying_store_open (muying_store_get_path (job->self->store), &error);

  if (reader != NULL &&
      muying_workbook_export (reader, job->path, &job->options, on_export_progress, job->bar, cancellable,
                              &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The page was closed (or the job replaced): nothing to show. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Nothing half-written is left under the final name (the workbook is renamed into place
       * only when complete). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_CANCELLED))
        set_status (self, _("Export cancelled; no file was written"), FALSE);
      else
        {
          g_autofree char *text = g_strdup_printf (_("The workbook was not written: %s"), error->message);
          set_status (self, text, TRUE);
        }
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Workbook written: %s"), job->path);
    set_status (self, text, FALSE);
  }
  g_free (self->last_export);
  self->last_export = g_strdup (job->path);
  gtk_widget_set_visible (GTK_WIDGET (self->open_folder_button), TRUE);
}

void
muying_stats_page_export_to (MuyingStatsPage *self,
                             const char      *path,
                             gboolean         deidentify)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (MUYING_IS_STATS_PAGE (self));

  if (self->busy || !self->may_export)
    return;
  job = g_new0 (ExportJob, 1);
  if (!read_period (self, &job->options.period))
    {
      g_free (job);
      return;
    }
  job->path = g_strdup (path);
  job->self = self;
  job->bar = g_object_ref (self->progress_bar);
  job->options.deidentify = deidentify;
  job->options.user = g_strdup (self->user);
  job->options.rule_set = self->rules;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->open_folder_button), FALSE);
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_status (self, _("Writing the workbook…"), FALSE);
  task = g_task_new (self, self->cancellable, on_exported, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       MuyingStatsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *folder = g_path_get_dirname (path);
      const char *deidentify = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "deidentify");

      g_settings_set_string (muying_app_context_get_settings (self->context), "last-export-folder", folder);
      muying_stats_page_export_to (self, path, g_strcmp0 (deidentify, "true") == 0);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (widget);
  g_autofree char *folder = g_settings_get_string (muying_app_context_get_settings (self->context),
                                                   "last-export-folder");
  g_autofree char *name = NULL;
  MuyingPeriod period;

  if (!read_period (self, &period))
    return;
  {
    g_autofree char *from = muying_period_dup_from_string (&period);
    g_autofree char *to = muying_period_dup_to_string (&period);
    name = g_strdup_printf (_("screening-report-%s-to-%s.xlsx"), from, to);
  }
  self->chooser = gtk_file_chooser_native_new (_("Export the annual workbook"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (folder != NULL && *folder != '\0')
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), dir, NULL);
    }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "deidentify",
                               _("De-identified copy (no names or full dates; county code and age instead of the ID number)"), NULL, NULL);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (widget);
  g_autofree char *folder = NULL;
  g_autofree char *uri = NULL;

  if (self->last_export == NULL)
    return;
  folder = g_path_get_dirname (self->last_export);
  uri = g_filename_to_uri (folder, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

/* ---- life cycle -------------------------------------------------------------------------- */

void
muying_stats_page_reload (MuyingStatsPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has_records = FALSE;

  g_return_if_fail (MUYING_IS_STATS_PAGE (self));

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  /* Whether there is any record at all (the empty state); not a count of a million rows. */
  if (!muying_store_has_records (self->store, &has_records, &error))
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      set_status (self, error->message, TRUE);
      return;
    }
  if (!has_records)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  compute (self);
}

static void
muying_stats_page_dispose (GObject *object)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_STATS_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_stats_page_parent_class)->dispose (object);
}

static void
muying_stats_page_finalize (GObject *object)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (object);

  g_free (self->user);
  g_free (self->status);
  g_free (self->last_export);
  G_OBJECT_CLASS (muying_stats_page_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_stats_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_stats_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MuyingStatsPage *self = MUYING_STATS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      self->user = g_strdup (muying_app_context_get_login (self->context));
      self->may_export = muying_app_context_can (self->context, MUYING_PERMISSION_EXPORT);
      gtk_widget_set_visible (GTK_WIDGET (self->export_button), self->may_export);
      set_busy (self, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_stats_page_class_init (MuyingStatsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_stats_page_dispose;
  object_class->get_property = muying_stats_page_get_property;
  object_class->set_property = muying_stats_page_set_property;
  object_class->finalize = muying_stats_page_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  g_type_ensure (MUYING_TYPE_MONTH_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-stats-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, cards_box);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed_cb);
  gtk_widget_class_install_action (widget_class, "stats.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "stats.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "stats.open-folder", NULL, open_folder_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_stats_page_init (MuyingStatsPage *self)
{
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The default period is the current statistical year (1 October to 30 September). */
  muying_date_today (&today);
  gtk_spin_button_set_value (self->year_spin, muying_period_statistical_year_of (&today));
  set_busy (self, FALSE);
}

MuyingStatsPage *
muying_stats_page_new (MuyingAppContext *context)
{
  return g_object_new (MUYING_TYPE_STATS_PAGE, "context", context, NULL);
}

void
muying_stats_page_set_period (MuyingStatsPage *self,
                              guint            kind,
                              int              year,
                              const char      *from,
                              const char      *to)
{
  g_signal_handlers_block_by_func (self->kind_dropdown, on_period_changed_cb, self);
  g_signal_handlers_block_by_func (self->year_spin, on_period_changed_cb, self);
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
  gtk_spin_button_set_value (self->year_spin, year);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
  g_signal_handlers_unblock_by_func (self->kind_dropdown, on_period_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->year_spin, on_period_changed_cb, self);
  compute (self);
}

gint64
muying_stats_page_get_value (MuyingStatsPage *self,
                             const char      *key)
{
  gint64 *value = g_hash_table_lookup (self->values, key);

  return value ? *value : -1;
}

gboolean
muying_stats_page_is_busy (MuyingStatsPage *self)
{
  return self->busy;
}

const char *
muying_stats_page_get_status (MuyingStatsPage *self)
{
  return self->status;
}
