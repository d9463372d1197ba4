/* muying-import-dialog.c: import a laboratory CSV, .xlsx or .xls file — check every row first, then write
 *
 * The file holds the records of a screening programme or follow-on records of its cases (prenatal
 * diagnoses, pregnancy outcomes, audiology: muying-follow-on.h), chosen in the dialog's file kind.
 * Step 1 validates (and classifies screening records) the whole file in a thread and shows the result per row
 * (first rows as a preview, every rejected row with line, column and reason); nothing is
 * written. Step 2, on the user's word, writes the valid rows in one transaction; for a follow-on
 * file the summary counts the rows that match no case (kept as unlinked). The rejected
 * rows can be saved as a CSV report to send back to the laboratory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-app-context.h"
#include "muying-csv-reader.h"
#include "muying-follow-on.h"
#include "muying-import-dialog-private.h"
#include "muying-import-dialog.h"
#include "muying-importer.h"
#include "muying-ui-text.h"

#define PREVIEW_ROWS 50
/* Warnings shown above the rows; the rest are counted (a follow-on file may have a warning per row). */
#define SHOWN_WARNINGS 20

struct _MuyingImportDialog
{
  GtkWindow           parent_instance;

  MuyingAppContext *context;

  MuyingStore        *store;
  MuyingRuleSet      *rules;
  MuyingProgram       program;     /* a follow-on file: the programme whose cases it follows */
  const MuyingFollowOnDescriptor *follow_on;   /* the kind of a follow-on file, NULL for screening records */
  char               *user;
  GFile              *file;
  MuyingImportReport *report;
  GPtrArray          *preview;     /* PreviewRow of the first valid rows */
  GCancellable       *cancellable;
  MuyingImportState   state;
  char               *summary;

  GtkDropDown        *kind_dropdown;
  GtkLabel           *file_label;
  GtkLabel           *summary_label;
  GtkProgressBar     *progress_bar;
  GtkGrid            *rows_grid;
  GtkLabel           *warnings_label;
  GtkButton          *import_button;
  GtkButton          *report_button;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MuyingImportDialog, muying_import_dialog, GTK_TYPE_WINDOW)

typedef struct
{
  guint        line;
  char        *key;
  gboolean     follow_on;   /* a follow-on record: no level; @reasons is what it says */
  MuyingLevel  level;
  char        *reasons;
} PreviewRow;

static void
preview_row_free (PreviewRow *row)
{
  g_free (row->key);
  g_free (row->reasons);
  g_free (row);
}

/* ---- thread work ------------------------------------------------------------------------- */

static void
on_progress (guint    rows_read,
             double   fraction,
             gpointer user_data)
{
  muying_ui_progress_from_thread (user_data, fraction);
}

/* Called in the worker thread for each valid row; keeps the first rows for the preview.
 * The preview array is only touched by the worker until the task returns. */
static void
on_row (const MuyingImportRow *row,
        gpointer               user_data)
{
  GPtrArray *preview = user_data;
  PreviewRow *p;

  if (preview->len >= PREVIEW_ROWS)
    return;
  p = g_new0 (PreviewRow, 1);
  p->line = row->line;
  p->key = g_strdup (row->key);
  if (row->follow_on != NULL)
    {
      p->follow_on = TRUE;
      p->reasons = muying_follow_on_describe (row->follow_on->kind, row->record);
    }
  else
    {
      p->level = row->classification->level;
      p->reasons = muying_classification_join_codes ((MuyingClassification *) row->classification, ";");
    }
  g_ptr_array_add (preview, p);
}

typedef struct
{
  gboolean        write;
  MuyingProgram   program;   /* the file's kind when the job started */
  const MuyingFollowOnDescriptor *follow_on;
  char           *checked_sha256;   /* the import: the checked file's SHA-256 */
  GPtrArray      *preview;
  GtkProgressBar *bar;       /* a reference: the thread reports into it */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->preview, g_ptr_array_unref);
  g_free (job->checked_sha256);
  g_clear_object (&job->bar);
  g_free (job);
}

static void
run_job (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  MuyingImportDialog *self = source_object;
  Job *job = task_data;
  g_autoptr(MuyingImporter) importer = job->follow_on != NULL
                                       ? muying_importer_new_follow_on (job->follow_on->kind, self->rules)
                                       : muying_importer_new (job->program, self->rules);
  g_autofree char *path = g_file_get_path (self->file);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  g_autoptr(MuyingStore) connection = NULL;

  muying_importer_set_progress_func (importer, on_progress, job->bar, NULL);
  muying_importer_set_row_func (importer, on_row, job->preview, NULL);
  /* A connection of its own: the window keeps using the main one (with its own transactions)
   * while this thread writes. The check reads it too: a row whose ID number is registered
   * under another name is shown as rejected before anything is written. */
  connection = muying_store_open (muying_store_get_path (self->store), &error);
  /* Both passes stream the file (a province's file is never held whole); the import writes
   * only the bytes the check read. */
  if (connection == NULL)
    report = NULL;
  else if (job->write)
    {
      muying_importer_set_expected_sha256 (importer, job->checked_sha256);
      report = muying_importer_import (importer, path, connection, self->user, cancellable, &error);
    }
  else
    {
      muying_importer_set_lookup_store (importer, connection);
      report = muying_importer_validate (importer, path, cancellable, &error);
    }
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) muying_import_report_free);
}

/* ---- showing results --------------------------------------------------------------------- */

static void
clear_grid (MuyingImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_grid))) != NULL)
    gtk_grid_remove (self->rows_grid, child);
}

static void
grid_cell (MuyingImportDialog *self,
           int                 column,
           int                 row,
           const char         *text,
           const char         *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (self->rows_grid, label, column, row, 1, 1);
}

/* Rejected rows first (they need action), then the preview of valid rows. */
static void
show_rows (MuyingImportDialog *self)
{
  int r = 0;

  clear_grid (self);
  grid_cell (self, 0, r, _("Line"), "heading");
  /* A follow-on record by its first key field: diagnosis no., ID number, sample no. */
  grid_cell (self, 1, r, self->follow_on != NULL
                         ? _(muying_follow_on_descriptor_find (self->follow_on, self->follow_on->key_fields[0])->label)
                         : _("Sample/exam no."), "heading");
  grid_cell (self, 2, r, _("Result"), "heading");
  grid_cell (self, 3, r, _("Details"), "heading");
  r++;

  for (guint i = 0; self->report && i < self->report->rejected_rows->len; i++)
    {
      MuyingImportRejectedRow *row = g_ptr_array_index (self->report->rejected_rows, i);
      g_autofree char *line = g_strdup_printf ("%u", row->line);
      GString *why = g_string_new (NULL);

      for (guint j = 0; j < row->problems->len; j++)
        {
          MuyingImportProblem *problem = g_ptr_array_index (row->problems, j);
          if (j > 0)
            g_string_append_c (why, '\n');
          /* The column by its Chinese label, also when the file's header is the English key. */
          if (problem->column != NULL)
            g_string_append_printf (why, "%s：", problem->label ? problem->label : problem->column);
          g_string_append (why, problem->message);
        }
      grid_cell (self, 0, r, line, NULL);
      grid_cell (self, 1, r, row->fields && row->fields[0] ? row->fields[0] : "", NULL);
      grid_cell (self, 2, r, _("Rejected"), "level-high");
      grid_cell (self, 3, r, why->str, NULL);
      g_string_free (why, TRUE);
      r++;
    }
  for (guint i = 0; self->preview && i < self->preview->len; i++)
    {
      PreviewRow *row = g_ptr_array_index (self->preview, i);
      g_autofree char *line = g_strdup_printf ("%u", row->line);
      g_autofree char *reasons = row->follow_on ? NULL : muying_ui_reason_labels (self->rules, row->reasons);

      grid_cell (self, 0, r, line, NULL);
      grid_cell (self, 1, r, row->key, NULL);
      if (row->follow_on)
        {
          grid_cell (self, 2, r, _("Valid"), NULL);
          grid_cell (self, 3, r, row->reasons, NULL);
        }
      else
        {
          grid_cell (self, 2, r, muying_level_get_label (row->level), muying_ui_level_css_class (row->level));
          grid_cell (self, 3, r, reasons, NULL);
        }
      r++;
    }
}

static void
set_state (MuyingImportDialog *self,
           MuyingImportState   state,
           const char         *summary)
{
  self->state = state;
  g_free (self->summary);
  self->summary = g_strdup (summary);
  gtk_label_set_label (self->summary_label, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          state == MUYING_IMPORT_STATE_CHECKING || state == MUYING_IMPORT_STATE_IMPORTING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            state == MUYING_IMPORT_STATE_CHECKED && self->report && self->report->valid > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->report_button),
                            (state == MUYING_IMPORT_STATE_CHECKED || state == MUYING_IMPORT_STATE_DONE) &&
                            self->report && self->report->rejected > 0);
}

static void
show_warnings (MuyingImportDialog *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  guint n = self->report ? self->report->warnings->len : 0;

  for (guint i = 0; i < n && i < SHOWN_WARNINGS; i++)
    {
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, g_ptr_array_index (self->report->warnings, i));
    }
  if (n > SHOWN_WARNINGS)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("… and %u more warnings (the rows kept as unlinked are counted in the summary)"),
                              n - SHOWN_WARNINGS);
    }
  gtk_label_set_label (self->warnings_label, s->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), s->len > 0);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *summary = NULL;

  /* A job replaced by a newer one, or whose dialog was closed, has nothing to show. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&report, muying_import_report_free);
      return;
    }
  if (report == NULL)
    {
      /* A file-level problem, or the commit failed: nothing was written. */
      g_autofree char *text = g_strdup_printf (job->write ? _("Nothing was imported: %s") : _("The file cannot be read: %s"),
                                               error->message);
      g_clear_pointer (&self->report, muying_import_report_free);
      clear_grid (self);
      set_state (self, MUYING_IMPORT_STATE_FAILED, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "level-high");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "level-high");
  g_clear_pointer (&self->report, muying_import_report_free);
  self->report = report;
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  self->preview = g_steal_pointer (&job->preview);
  show_rows (self);
  show_warnings (self);

  if (job->write)
    {
      summary = muying_import_report_format_summary (report);
      set_state (self, MUYING_IMPORT_STATE_DONE, summary);
      /* Tell the window to show the new records. */
      gtk_widget_activate_action (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))), "win.reload", NULL);
    }
  else if (report->follow_on)
    {
      summary = g_strdup_printf (_("%u rows checked: %u can be imported, %u rejected. Nothing has been written yet; "
                                   "a row that matches no screening case will be kept as unlinked."),
                                 report->read, report->valid, report->rejected);
      set_state (self, MUYING_IMPORT_STATE_CHECKED, summary);
    }
  else
    {
      summary = g_strdup_printf (_("%u rows checked: %u can be imported (%u high risk, %u borderline), %u rejected. "
                                   "Nothing has been written yet."),
                                 report->read, report->valid, report->levels[MUYING_LEVEL_HIGH],
                                 report->levels[MUYING_LEVEL_INTERMEDIATE], report->rejected);
      set_state (self, MUYING_IMPORT_STATE_CHECKED, summary);
    }
}

static void
start_job (MuyingImportDialog *self,
           gboolean            write)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->write = write;
  job->program = self->program;
  job->follow_on = self->follow_on;
  /* The import writes what the check read and showed: a file changed on disk since is not
   * imported unchecked (the import fails and writes nothing). */
  if (write)
    job->checked_sha256 = g_strdup (self->report->sha256);
  job->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) preview_row_free);
  job->bar = g_object_ref (self->progress_bar);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_state (self, write ? MUYING_IMPORT_STATE_IMPORTING : MUYING_IMPORT_STATE_CHECKING,
             write ? _("Importing…") : _("Checking every row…"));

  task = g_task_new (self, self->cancellable, on_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job);
}

/* ---- the file's kind ---------------------------------------------------------------------- */

/* The choice lists the programmes (screening records), then the follow-on kinds. */
static void
fill_kinds (MuyingImportDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    gtk_string_list_append (kinds, muying_program_get_label ((MuyingProgram) p));
  for (int k = 0; k < MUYING_N_FOLLOW_ON_KINDS; k++)
    gtk_string_list_append (kinds, _(muying_follow_on_descriptor_get ((MuyingFollowOnKind) k)->label));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
}

static void
update_title (MuyingImportDialog *self)
{
  g_autofree char *title = g_strdup_printf (_("Import: %s"), self->follow_on != NULL
                                                             ? _(self->follow_on->label)
                                                             : muying_program_get_label (self->program));

  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Another kind: a file already chosen is checked again as that kind (nothing was written). */
static void
on_kind_selected (GtkDropDown        *dropdown,
                  GParamSpec         *pspec,
                  MuyingImportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const MuyingFollowOnDescriptor *follow_on = NULL;
  MuyingProgram program;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected < MUYING_N_PROGRAMS)
    program = (MuyingProgram) selected;
  else
    {
      follow_on = muying_follow_on_descriptor_get ((MuyingFollowOnKind) (selected - MUYING_N_PROGRAMS));
      program = follow_on->program;
    }
  if (program == self->program && follow_on == self->follow_on)
    return;
  self->program = program;
  self->follow_on = follow_on;
  update_title (self);
  if (self->file != NULL && self->state != MUYING_IMPORT_STATE_IMPORTING && self->state != MUYING_IMPORT_STATE_DONE)
    {
      g_clear_pointer (&self->report, muying_import_report_free);
      g_clear_pointer (&self->preview, g_ptr_array_unref);
      clear_grid (self);
      start_job (self, FALSE);
    }
}

static void
select_kind (MuyingImportDialog             *self,
             MuyingProgram                   program,
             const MuyingFollowOnDescriptor *follow_on)
{
  gtk_drop_down_set_selected (self->kind_dropdown, follow_on != NULL ? MUYING_N_PROGRAMS + (guint) follow_on->kind
                                                                     : (guint) program);
}

gboolean
muying_import_dialog_set_kind (MuyingImportDialog *self,
                               const char         *name)
{
  const MuyingFollowOnDescriptor *follow_on;
  MuyingProgram program;

  g_return_val_if_fail (MUYING_IS_IMPORT_DIALOG (self), FALSE);

  if (name != NULL && muying_program_from_string (name, &program))
    select_kind (self, program, NULL);
  else if (name != NULL && (follow_on = muying_follow_on_descriptor_lookup (name)) != NULL)
    select_kind (self, follow_on->program, follow_on);
  else
    return FALSE;
  return TRUE;
}

/* ---- actions ----------------------------------------------------------------------------- */

void
muying_import_dialog_set_file (MuyingImportDialog *self,
                               GFile              *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (MUYING_IS_IMPORT_DIALOG (self));

  g_set_object (&self->file, file);
  name = g_file_get_parse_name (file);
  gtk_label_set_label (self->file_label, name);
  start_job (self, FALSE);
}

static void
on_chooser_response_cb (GtkNativeDialog    *chooser,
                        int                 response,
                        MuyingImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      muying_import_dialog_set_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) both = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new (_("Choose a result file"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  /* The first filter is the one shown: both kinds of lab file. */
  gtk_file_filter_set_name (both, _("Lab files (CSV, Excel .xlsx or .xls)"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_set_name (xlsx, _("Excel workbooks (.xlsx, .xls)"));
  gtk_file_filter_add_pattern (both, "*.csv");
  gtk_file_filter_add_pattern (both, "*.CSV");
  gtk_file_filter_add_pattern (both, "*.xlsx");
  gtk_file_filter_add_pattern (both, "*.XLSX");
  gtk_file_filter_add_pattern (both, "*.xls");
  gtk_file_filter_add_pattern (both, "*.XLS");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_add_pattern (xlsx, "*.XLSX");
  gtk_file_filter_add_pattern (xlsx, "*.xls");
  gtk_file_filter_add_pattern (xlsx, "*.XLS");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), both);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xlsx);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (widget);

  if (self->state == MUYING_IMPORT_STATE_CHECKED && self->report != NULL && self->report->valid > 0)
    start_job (self, TRUE);
}

static void
on_report_chooser_response_cb (GtkNativeDialog    *chooser,
                               int                 response,
                               MuyingImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->report != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (!muying_import_report_write_rejected (self->report, self->store, path, &error))
        gtk_label_set_label (self->warnings_label, error->message);
      else
        {
          g_autofree char *text = g_strdup_printf (_("The rejected rows were saved to %s"), path);
          gtk_label_set_label (self->warnings_label, text);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), TRUE);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (widget);
  g_autofree char *base = g_file_get_basename (self->file);
  g_autofree char *stem = g_strndup (base, strcspn (base, "."));
  g_autofree char *name = g_strdup_printf (_("%s-rejected-rows.csv"), stem);

  self->chooser = gtk_file_chooser_native_new (_("Save the rejected rows"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_report_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
muying_import_dialog_dispose (GObject *object)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->file);
  g_clear_pointer (&self->report, muying_import_report_free);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_import_dialog_parent_class)->dispose (object);
}

static void
muying_import_dialog_finalize (GObject *object)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (object);

  g_free (self->user);
  g_free (self->summary);
  G_OBJECT_CLASS (muying_import_dialog_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_import_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (object);

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
muying_import_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MuyingImportDialog *self = MUYING_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      self->user = g_strdup (muying_app_context_get_login (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_import_dialog_class_init (MuyingImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_import_dialog_dispose;
  object_class->get_property = muying_import_dialog_get_property;
  object_class->set_property = muying_import_dialog_set_property;
  object_class->finalize = muying_import_dialog_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingImportDialog, report_button);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "import.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose-file", NULL);
}

static void
muying_import_dialog_init (MuyingImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_kinds (self);
  g_signal_connect (self->kind_dropdown, "notify::selected", G_CALLBACK (on_kind_selected), self);
  set_state (self, MUYING_IMPORT_STATE_EMPTY, _("Choose the file the laboratory exported (CSV, Excel .xlsx or .xls; the first worksheet is read)."));
}

MuyingImportDialog *
muying_import_dialog_new (GtkWindow        *parent,
                          MuyingAppContext *context,
                          MuyingProgram     program)
{
  MuyingImportDialog *self = g_object_new (MUYING_TYPE_IMPORT_DIALOG,
                                           "transient-for", parent,
                                           "modal", TRUE,
                                           "context", context,
                                           NULL);
  /* The selected kind before the signal sees a change: the programme of the page. */
  self->program = program;
  self->follow_on = NULL;
  select_kind (self, program, NULL);
  update_title (self);
  return self;
}

MuyingImportState
muying_import_dialog_get_state (MuyingImportDialog *self)
{
  g_return_val_if_fail (MUYING_IS_IMPORT_DIALOG (self), MUYING_IMPORT_STATE_EMPTY);
  return self->state;
}

const char *
muying_import_dialog_get_summary (MuyingImportDialog *self)
{
  g_return_val_if_fail (MUYING_IS_IMPORT_DIALOG (self), NULL);
  return self->summary;
}
