/* test-print.c: the printed documents (告知书, 用药警示卡, 转诊单), rendered to PDF without a
 * dialog and read back with pdftotext (poppler-utils).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtkunixprint.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "muying-date.h"
#include "muying-document.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-print-document.h"
#include "muying-print-document-private.h"
#include "muying-rule-set.h"
#include "muying-store-records.h"
#include "muying-store-settings-private.h"
#include "muying-store-worklist.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"

typedef struct
{
  char          *dir;
  MuyingStore   *store;
  MuyingRuleSet *rules;
  gint64         prenatal;
  gint64         prenatal_low;
  gint64         newborn;
  gint64         two_cancer;
} Fixture;

static gint64
add_prenatal (Fixture    *f,
              const char *key,
              const char *name,
              int         t21_risk)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (t21_risk < 1000 ? "11010519950101002" : "11010519960202004");
  r->name = g_strdup (name);
  r->phone = g_strdup ("13912345678");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  g_assert_true (muying_date_parse ("2026-06-01", &r->sample_date, NULL));
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7 + 2;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = t21_risk;
  r->t18_risk = 8000;
  cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_assert_true (muying_store_save_prenatal (f->store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  path = g_build_filename (f->dir, "print.db", NULL);
  f->store = muying_store_create (path, &error);
  g_assert_no_error (error);
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_set_setting (f->store, "institution", "青山区妇幼保健院", &error));

  f->prenatal = add_prenatal (f, "P-001", "张丽", 150);
  f->prenatal_low = add_prenatal (f, "P-002", "李娜", 5000);
  {
    g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
    g_autoptr(MuyingClassification) cls = NULL;

    r->sample_no = g_strdup ("N-001");
    r->mother_id_number = muying_test_make_id_number ("11010519940404008");
    r->mother_name = g_strdup ("赵敏");
    r->baby_name = g_strdup ("赵小宝");
    r->sex = MUYING_SEX_MALE;
    g_assert_true (muying_date_parse ("2026-06-05", &r->birth_date, NULL));
    r->panel = g_strdup ("9");
    r->hearing_left = MUYING_HEARING_PASS;
    r->hearing_right = MUYING_HEARING_PASS;
    g_ptr_array_add (r->variants, muying_variant_new ("MT-RNR1", "m.1555A>G", MUYING_ZYGOSITY_HOMOPLASMIC));
    cls = muying_rule_set_classify_newborn (f->rules, r);
    g_assert_true (muying_store_save_newborn (f->store, r, cls, "nurse", NULL, &f->newborn, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
    g_autoptr(MuyingClassification) cls = NULL;

    r->exam_no = g_strdup ("T-001");
    r->id_number = muying_test_make_id_number ("11010519800606002");
    r->name = g_strdup ("孙燕");
    g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
    g_assert_true (muying_date_parse ("2026-06-10", &r->exam_date, NULL));
    r->hpv = MUYING_HPV_POSITIVE;
    g_assert_true (muying_hpv_types_parse ("16", &r->hpv_types, NULL));
    r->cytology = MUYING_CYTOLOGY_ASC_US;
    cls = muying_rule_set_classify_two_cancer (f->rules, r);
    g_assert_true (muying_store_save_two_cancer (f->store, r, cls, "nurse", NULL, &f->two_cancer, &error));
    g_assert_no_error (error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->rules);
  g_clear_object (&f->store);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* The text of a PDF, pages separated by form feeds. */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
count_pages (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\f')
      n++;
  return n;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    {
      g_test_message ("“%s” not found in:\n%s", needle, text);
      g_assert_not_reached ();
    }
}

static char *
print_to_text (Fixture            *f,
               const gint64       *ids,
               guint               n,
               MuyingDocumentKind  kind,
               const char         *name,
               guint              *n_skipped)
{
  g_autofree char *pdf = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_print_records (f->store, f->rules, "doc", ids, n, kind, NULL, pdf, n_skipped, &error));
  g_assert_no_error (error);
  /* Keep a copy next to the screenshots for people to look at. */
  if (g_getenv ("MUYING_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("MUYING_SCREENSHOT_DIR"), name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_mkdir_with_parents (g_getenv ("MUYING_SCREENSHOT_DIR"), 0755);
      if (g_file_get_contents (pdf, &contents, &len, NULL))
        g_file_set_contents (copy, contents, len, NULL);
    }
  return pdf_text (pdf);
}

static void
test_notification (Fixture       *f,
                   gconstpointer  data)
{
  gint64 ids[] = { f->prenatal, f->newborn, f->two_cancer, f->prenatal_low };
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  guint skipped = 99;

  text = print_to_text (f, ids, G_N_ELEMENTS (ids), MUYING_DOCUMENT_NOTIFICATION, "notification.pdf", &skipped);
  g_test_message ("%s", text);
  /* The low record gets no letter; every letter starts on a page of its own. */
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (count_pages (text), >=, 3);
  assert_contains (text, "青山区妇幼保健院");
  assert_contains (text, "张丽");
  assert_contains (text, "高风险");
  assert_contains (text, "P-001");
  /* The reason in Chinese, from the rule set, and its next step. */
  label = g_strdup (muying_rule_set_get_reason_label (f->rules, "T21_HIGH"));
  g_assert_cmpstr (label, ==, "21三体高风险（血清学筛查）");
  assert_contains (text, "21三体高风险");
  assert_contains (text, "孕24+0周前");
  /* The ID number is masked. */
  assert_contains (text, "110105********");
  g_assert_null (strstr (text, "11010519950101"));
  /* The result in words: the test and the risk. */
  assert_contains (text, "1/150");
  assert_contains (text, "16+2");
  /* The newborn's letter names the baby and the mother; the two-cancer one its reasons. */
  assert_contains (text, "赵小宝");
  assert_contains (text, "赵敏");
  assert_contains (text, "线粒体药物性耳聋易感突变");
  assert_contains (text, "孙燕");
  assert_contains (text, "HPV16/18");
  g_assert_null (strstr (text, "李娜"));
  /* Each printed letter is in the record's history. */
  {
    g_autoptr(GPtrArray) history = muying_store_record_history (f->store, f->prenatal, NULL);
    gboolean printed = FALSE;

    for (guint i = 0; i < history->len; i++)
      {
        const MuyingHistoryEntry *e = g_ptr_array_index (history, i);

        if (g_strcmp0 (e->action, "print") == 0)
          printed = TRUE;
      }
    g_assert_true (printed);
  }
}

static void
test_drug_card (Fixture       *f,
                gconstpointer  data)
{
  gint64 ids[] = { f->prenatal, f->newborn };
  g_autofree char *text = NULL;
  guint skipped = 0;

  text = print_to_text (f, ids, G_N_ELEMENTS (ids), MUYING_DOCUMENT_DRUG_CARD, "drug-card.pdf", &skipped);
  g_test_message ("%s", text);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (count_pages (text), ==, 1);
  assert_contains (text, "赵小宝");
  assert_contains (text, "赵敏");
  assert_contains (text, "m.1555A>G");
  for (const char * const *drugs = muying_document_list_aminoglycosides (); *drugs != NULL; drugs += 2)
    assert_contains (text, drugs[0]);
  assert_contains (text, "Gentamicin");
  assert_contains (text, "青山区妇幼保健院");

  /* Only a carrier gets a card. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *pdf = g_build_filename (f->dir, "none.pdf", NULL);

    g_assert_false (muying_print_records (f->store, f->rules, "doc", &f->prenatal, 1, MUYING_DOCUMENT_DRUG_CARD,
                                          NULL, pdf, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
}

static void
test_referral (Fixture       *f,
               gconstpointer  data)
{
  gint64 ids[] = { f->two_cancer };
  g_autofree char *text = NULL;

  text = print_to_text (f, ids, 1, MUYING_DOCUMENT_REFERRAL, "referral.pdf", NULL);
  g_test_message ("%s", text);
  assert_contains (text, "孙燕");
  assert_contains (text, "T-001");
  assert_contains (text, "HPV16/18");
  assert_contains (text, "ASC-US");
  assert_contains (text, "高风险");
  assert_contains (text, "青山区妇幼保健院");
}

/* A PDF is owner-only whatever the umask, and never written over the database. */
static void
test_pdf_output (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "owner.pdf", NULL);
  const char *db = muying_store_get_path (f->store);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_autoptr(GError) error = NULL;
  mode_t old_umask = umask (0);
  GStatBuf st;

  g_assert_true (muying_print_records (f->store, f->rules, "doc", &f->prenatal, 1, MUYING_DOCUMENT_NOTIFICATION,
                                       NULL, pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));
  g_assert_false (muying_print_records (f->store, f->rules, "doc", &f->prenatal, 1, MUYING_DOCUMENT_NOTIFICATION,
                                        NULL, db, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "就是数据库文件本身"));
  g_clear_error (&error);
  g_assert_false (muying_print_records (f->store, f->rules, "doc", &f->prenatal, 1, MUYING_DOCUMENT_NOTIFICATION,
                                        NULL, wal, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  umask (old_umask);

  /* "Print to file" in the print dialog: the chosen file is checked the same way. */
  {
    g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
    g_autofree char *db_uri = g_filename_to_uri (db, NULL, NULL);
    g_autofree char *pdf_uri = g_filename_to_uri (pdf, NULL, NULL);

    g_assert_true (muying_print_settings_check_output (settings, f->store, &error));
    g_assert_no_error (error);
    gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, pdf_uri);
    g_assert_true (muying_print_settings_check_output (settings, f->store, &error));
    g_assert_no_error (error);
    gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, db_uri);
    g_assert_false (muying_print_settings_check_output (settings, f->store, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  }
}

/* Presses "Print" in the print dialog once it has selected the printer of the operation's
 * settings (GTK's file printer), and "Replace" when it asks about an existing file; cancels
 * after 20 s. */
typedef struct
{
  gint64   deadline;
  gboolean pressed;
} DialogDriver;

typedef struct
{
  GtkDialog *dialog;
  int        response;
} DialogResponse;

static gboolean
respond_cb (gpointer data)
{
  DialogResponse *r = data;

  gtk_dialog_response (r->dialog, r->response);
  g_object_unref (r->dialog);
  g_free (r);
  return G_SOURCE_REMOVE;
}

/* Answers @window from a source of its own: the answer may run a nested main loop (the print
 * job, the question about an existing file), which must not hold up the driver. */
static void
respond_later (GtkWindow *window,
               int        response)
{
  DialogResponse *r = g_new0 (DialogResponse, 1);

  r->dialog = GTK_DIALOG (g_object_ref (window));
  r->response = response;
  g_idle_add (respond_cb, r);
}

static gboolean
drive_print_dialog_cb (gpointer data)
{
  DialogDriver *driver = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkPrinter *printer;

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      /* "Replace the existing file?" */
      if (GTK_IS_MESSAGE_DIALOG (window))
        {
          if (!g_object_get_data (G_OBJECT (window), "test-answered"))
            respond_later (window, GTK_RESPONSE_ACCEPT);
          g_object_set_data (G_OBJECT (window), "test-answered", GINT_TO_POINTER (1));
          continue;
        }
      if (!GTK_IS_PRINT_UNIX_DIALOG (window) || driver->pressed)
        continue;
      printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (window));
      if (printer != NULL && gtk_printer_is_virtual (printer))
        {
          driver->pressed = TRUE;
          respond_later (window, GTK_RESPONSE_OK);
        }
      else if (g_get_monotonic_time () > driver->deadline)
        {
          driver->pressed = TRUE;
          respond_later (window, GTK_RESPONSE_CANCEL);
        }
    }
  return G_SOURCE_CONTINUE;
}

/* "Print to file" in the print dialog (the run of muying_print_records) writes an owner-only
 * file whatever the umask: as a new file and over an existing world-readable one. */
static void
test_print_to_file_mode (Fixture       *f,
                         gconstpointer  data)
{
  /* GTK names its file printer with its translation of "Print to File". */
  const char *printer = g_dgettext ("gtk40", "Print to File");
  g_autofree char *out = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *old = g_build_filename (f->dir, "old.pdf", NULL);
  const char *targets[] = { out, old };
  mode_t old_umask = umask (022);

  /* Only the file printer: without a print server the others would be waited for. */
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);
  g_assert_true (g_file_set_contents (old, "x", 1, NULL));
  g_assert_cmpint (g_chmod (old, 0644), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_document_free);
      g_autoptr(GtkPrintOperation) operation = NULL;
      g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
      g_autofree char *uri = g_filename_to_uri (targets[i], NULL, NULL);
      g_autoptr(GError) error = NULL;
      DialogDriver driver = { g_get_monotonic_time () + 20 * G_USEC_PER_SEC, FALSE };
      GtkPrintOperationResult result;
      GStatBuf st;
      guint source;

      g_ptr_array_add (documents, muying_store_load_document (f->store, f->rules, f->prenatal,
                                                              MUYING_DOCUMENT_NOTIFICATION, NULL, &error));
      g_assert_no_error (error);
      operation = muying_print_operation_new (documents, f->rules);
      gtk_print_settings_set_printer (settings, printer);
      gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
      gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
      gtk_print_operation_set_print_settings (operation, settings);

      source = g_timeout_add (50, drive_print_dialog_cb, &driver);
      result = _muying_print_run_guarded (operation, f->store, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL,
                                          &error);
      g_source_remove (source);
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
      g_assert_cmpint (g_stat (targets[i], &st), ==, 0);
      g_test_message ("%s: %lld bytes, mode %o", targets[i], (long long) st.st_size, st.st_mode & 0777);
      g_assert_cmpint (st.st_size, >, 100);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
  umask (old_umask);
}

/* A newborn without a gene test: the letter says so, and lists no variants ("none detected" would
 * say that a test found nothing). */
static void
test_no_gene_test (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id = 0;
  guint skipped = 99;

  r->sample_no = g_strdup ("N-002");
  r->mother_id_number = muying_test_make_id_number ("11010519940404008");
  r->mother_name = g_strdup ("赵敏");
  r->sex = MUYING_SEX_FEMALE;
  g_assert_true (muying_date_parse ("2026-06-06", &r->birth_date, NULL));
  r->hearing_left = MUYING_HEARING_REFER;
  r->hearing_right = MUYING_HEARING_PASS;
  r->gestation_weeks = 39;
  cls = muying_rule_set_classify_newborn (f->rules, r);
  g_assert_true (muying_store_save_newborn (f->store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);

  text = print_to_text (f, &id, 1, MUYING_DOCUMENT_NOTIFICATION, "notification-no-gene-test.pdf", &skipped);
  g_test_message ("%s", text);
  g_assert_cmpuint (skipped, ==, 0);
  assert_contains (text, "未做基因筛查");
  assert_contains (text, "出生孕周");
  g_assert_null (strstr (text, "未检出"));
}

/* The document model the store gathers, without printing. */
static void
test_document_data (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingDocument) doc = muying_store_load_document (f->store, f->rules, f->newborn,
                                                              MUYING_DOCUMENT_DRUG_CARD, NULL, &error);
  g_autoptr(MuyingDocument) low = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (doc->name, ==, "赵小宝");
  g_assert_cmpstr (doc->mother_name, ==, "赵敏");
  g_assert_cmpstr (doc->institution, ==, "青山区妇幼保健院");
  g_assert_cmpuint (doc->variants->len, ==, 1);
  g_assert_cmpuint (doc->reasons->len, ==, 1);
  g_assert_cmpstr (((MuyingDocumentReason *) g_ptr_array_index (doc->reasons, 0))->code, ==, "MT_AMINOGLYCOSIDE");
  g_assert_nonnull (doc->due_date);
  g_assert_cmpstr (doc->next_step, ==, "drug_card");
  g_assert_true (g_str_has_suffix (doc->id_number_masked, "****0080") || strstr (doc->id_number_masked, "****"));
  g_assert_null (g_hash_table_lookup (doc->fields, "mother_id_number"));

  low = muying_store_load_document (f->store, f->rules, f->prenatal_low, MUYING_DOCUMENT_NOTIFICATION, NULL, &error);
  g_assert_null (low);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_print ("1..0 # SKIP pdftotext (poppler-utils) is not installed\n");
      return 0;
    }
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(path, func) g_test_add ("/print/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("notification", test_notification);
  ADD ("drug-card", test_drug_card);
  ADD ("referral", test_referral);
  ADD ("document-data", test_document_data);
  ADD ("no-gene-test", test_no_gene_test);
  ADD ("pdf-output", test_pdf_output);
  ADD ("print-to-file-mode", test_print_to_file_mode);
#undef ADD
  return g_test_run ();
}
