/* muying-window.c: the main window — programme pages, worklist, statistics, administration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-admin-page.h"
#include "muying-app-context.h"
#include "muying-backup-scheduler.h"
#include "muying-case-window.h"
#include "muying-change-watch.h"
#include "muying-idle-lock.h"
#include "muying-follow-on.h"
#include "muying-import-dialog.h"
#include "muying-program-page.h"
#include "muying-record-form.h"
#include "muying-rule-set.h"
#include "muying-stats-page.h"
#include "muying-store-lookup.h"
#include "muying-store-users.h"
#include "muying-recall-page.h"
#include "muying-store-worklist.h"
#include "muying-window-private.h"
#include "muying-window.h"
#include "muying-ui-keys.h"
#include "muying-unlinked-window.h"
#include "muying-worklist-page.h"

/* One page of the stack: made with the context, loaded when it is first shown. */
typedef struct
{
  const char *name;
  GtkWidget  *widget;
  void      (*load) (GtkWidget *page);
} Page;

enum { PAGE_PRENATAL, PAGE_NEWBORN, PAGE_TWO_CANCER, PAGE_WORKLIST, PAGE_RECALL, PAGE_STATS, PAGE_ADMIN, N_PAGES };

struct _MuyingWindow
{
  GtkApplicationWindow   parent_instance;

  MuyingStore           *store;         /* construct-only, handed on in the context */
  MuyingUser            *user_object;
  MuyingAppContext      *context;
  GSettings             *settings;
  MuyingIdleLock        *idle_lock;
  MuyingBackupScheduler *backup;
  MuyingChangeWatch     *change_watch; /* others' commits refresh the lists */
  gboolean              banner_shows_backup;
  MuyingImportDialog    *import_dialog;
  MuyingRecordForm      *last_form;    /* the form opened last (weak), for tests */
  MuyingCaseWindow      *last_case;    /* the case opened last (weak), for tests */
  MuyingPersonWindow    *last_person;  /* the person view opened last (weak), for tests */
  MuyingUnlinkedWindow  *unlinked;     /* the open list of records not linked to a case (weak) */
  Page                   pages[N_PAGES];
  guint                  stale_pages;  /* bit i: pages[i] must load before it is shown */

  gboolean               narrow;       /* below NARROW_WIDTH: the page list folds away */
  guint                  narrow_idle;

  GtkStack              *stack;
  GtkToggleButton       *sidebar_button;
  GtkLabel              *user_label;
  GtkLabel              *rules_banner;
};

G_DEFINE_FINAL_TYPE (MuyingWindow, muying_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Below this width (logical pixels) the page list is hidden unless asked for, so that a page
 * has the whole width of an 800-pixel screen; above it the list is shown. */
#define NARROW_WIDTH 1000

/* The names of the pages (win.show-page, the setting last-page), in the order of Alt+1…7. */
static const char * const page_names[N_PAGES] = { "prenatal", "newborn", "two_cancer", "worklist", "recall", "stats",
                                                  "admin" };

static MuyingRuleSet *
rules_of (MuyingWindow *self)
{
  return muying_app_context_get_rules (self->context);
}


static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  MuyingImportDialog *dialog;
  const char *name = g_variant_get_string (parameter, NULL);
  const MuyingFollowOnDescriptor *follow_on = muying_follow_on_descriptor_lookup (name);
  MuyingProgram program;

  /* A programme's page imports its screening records; a follow-on kind ("audiology") opens the
   * dialog on that kind (the dialog's choice offers every kind). */
  if (rules_of (self) == NULL)
    return;
  if (follow_on != NULL)
    program = follow_on->program;
  else if (!muying_program_from_string (name, &program))
    return;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  dialog = muying_import_dialog_new (GTK_WINDOW (self), self->context, program);
  if (follow_on != NULL)
    muying_import_dialog_set_kind (dialog, name);
  g_set_weak_pointer (&self->import_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  MuyingProgram program;
  MuyingRecordForm *form;

  if (rules_of (self) == NULL || !muying_program_from_string (g_variant_get_string (parameter, NULL), &program))
    return;
  form = muying_record_form_new (GTK_WINDOW (self), self->context, program);
  g_set_weak_pointer (&self->last_form, form);
  gtk_window_present (GTK_WINDOW (form));
}

/* A record that cannot be read (a lost connection to the server, a damaged file): said in the
 * window, not only in the log. */
static void
show_open_record_error (MuyingWindow *self,
                        const GError *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s",
                                              _("The record cannot be opened"));

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  gint64 record_id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  MuyingProgram program;
  MuyingRecordForm *form;

  if (rules_of (self) == NULL)
    return;
  if (!muying_store_get_record_program (self->store, record_id, &program, &error))
    {
      g_warning ("Cannot open record %lld: %s", (long long) record_id, error->message);
      show_open_record_error (self, error);
      return;
    }
  form = muying_record_form_new (GTK_WINDOW (self), self->context, program);
  if (!muying_record_form_load (form, record_id, &error))
    {
      g_warning ("Cannot open record %lld: %s", (long long) record_id, error->message);
      gtk_window_destroy (GTK_WINDOW (form));
      show_open_record_error (self, error);
      return;
    }
  g_set_weak_pointer (&self->last_form, form);
  gtk_window_present (GTK_WINDOW (form));
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MuyingCaseWindow *window;

  if (rules_of (self) == NULL || self->user_object == NULL)
    return;
  window = muying_case_window_new (GTK_WINDOW (self), self->context, g_variant_get_int64 (parameter), &error);
  if (window == NULL)
    {
      g_warning ("Cannot open the case: %s", error->message);
      return;
    }
  g_set_weak_pointer (&self->last_case, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Every record of the woman of a record (a newborn's: its mother), across the programmes. */
static void
show_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MuyingPersonWindow *window;

  window = muying_person_window_new (GTK_WINDOW (self), self->context, g_variant_get_int64 (parameter), &error);
  if (window == NULL)
    {
      g_warning ("Cannot show the person: %s", error->message);
      return;
    }
  g_set_weak_pointer (&self->last_person, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* The diagnoses, outcomes and audiology results not linked to a case: one window, raised again. */
static void
show_unlinked_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);

  if (self->unlinked != NULL)
    muying_unlinked_window_reload (self->unlinked);
  else
    g_set_weak_pointer (&self->unlinked, muying_unlinked_window_new (GTK_WINDOW (self), self->context));
  gtk_window_present (GTK_WINDOW (self->unlinked));
}

/* Ctrl+F: the search box of the page on screen. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (page != NULL)
    muying_ui_focus_search (page);
}

/* Ctrl+N: a new record of the programme on screen (the first programme from other pages). */
static void
new_record_here_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  MuyingProgram program;

  if (!muying_program_from_string (page, &program))
    program = MUYING_PROGRAM_PRENATAL;
  gtk_widget_activate_action (widget, "win.new-record", "s", muying_program_to_string (program));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  muying_window_lock (MUYING_WINDOW (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  muying_window_reload (MUYING_WINDOW (widget));
}

static void load_page_if_stale (MuyingWindow *self,
                                const char   *name);

static void
on_visible_child_changed_cb (MuyingWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (name != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", name);
  load_page_if_stale (self, name);
  /* On a narrow window the list was opened to pick a page: fold it away again. */
  if (self->narrow)
    gtk_toggle_button_set_active (self->sidebar_button, FALSE);
}

static gboolean
apply_narrow_cb (gpointer data)
{
  MuyingWindow *self = data;

  self->narrow_idle = 0;
  gtk_toggle_button_set_active (self->sidebar_button, !self->narrow);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8 has no breakpoints: the width is watched here, and the page list shown or hidden
 * when it crosses NARROW_WIDTH (after the allocation, not during it). The toggle button
 * overrides it until the width crosses the line again. */
static void
muying_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  MuyingWindow *self = MUYING_WINDOW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GTK_WIDGET_CLASS (muying_window_parent_class)->size_allocate (widget, width, height, baseline);
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add (apply_narrow_cb, self);
    }
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MuyingWindow *self = MUYING_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button, !gtk_toggle_button_get_active (self->sidebar_button));
}

static void
show_banner (MuyingWindow *self,
             const char   *text)
{
  gtk_label_set_label (self->rules_banner, text);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_banner), TRUE);
}

/* Without the rule set nothing can be classified: say so on every page rather than guess. */
static MuyingRuleSet *
load_rules (MuyingWindow *self)
{
  g_autoptr(GError) error = NULL;
  MuyingRuleSet *rules = muying_rule_set_new_default (&error);

  if (rules == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The flagging rules could not be loaded, so no record can be "
                                                 "classified or saved: %s"), error->message);
      show_banner (self, text);
    }
  return rules;
}

/* What the signed-in role may do decides which commands exist for them (docs/architecture.md
 * "Roles"); the store and the CLI check the same permissions again. */
static void
update_permissions (MuyingWindow *self)
{
  GtkStackPage *admin = gtk_stack_get_page (self->stack, self->pages[PAGE_ADMIN].widget);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 muying_app_context_can (self->context, MUYING_PERMISSION_IMPORT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record",
                                 muying_app_context_can (self->context, MUYING_PERMISSION_ENTER));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record-here",
                                 muying_app_context_can (self->context, MUYING_PERMISSION_ENTER));
  gtk_stack_page_set_visible (admin, muying_app_context_can (self->context, MUYING_PERMISSION_MANAGE_USERS));
  if (self->user_object != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s（%s）", muying_user_get_display_name (self->user_object),
                                               muying_user_get_role_label (self->user_object));
      gtk_label_set_label (self->user_label, text);
    }
}

void
muying_window_lock (MuyingWindow *self)
{
  g_return_if_fail (MUYING_IS_WINDOW (self));
  muying_idle_lock_lock (self->idle_lock);
}

gboolean
muying_window_is_locked (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), FALSE);
  return muying_idle_lock_is_locked (self->idle_lock);
}

MuyingLoginWindow *
muying_window_get_unlock_window (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return muying_idle_lock_get_unlock_window (self->idle_lock);
}

/* A failed backup must not go unnoticed: say so where everyone sees it. */
static void
on_backup_failed_cb (MuyingBackupScheduler *backup,
                     const char            *message,
                     MuyingWindow          *self)
{
  g_autofree char *text = g_strdup_printf (_("The daily backup failed: %s"), message);

  self->banner_shows_backup = FALSE;
  show_banner (self, text);
}

/* The daily backup runs in the background: its progress in the banner, which it leaves when
 * done unless something else took the banner meanwhile. */
static void
on_backup_progress_cb (MuyingBackupScheduler *backup,
                       double                 fraction,
                       MuyingWindow          *self)
{
  g_autofree char *text = NULL;

  if (fraction < 0)
    {
      if (self->banner_shows_backup)
        gtk_widget_set_visible (GTK_WIDGET (self->rules_banner), FALSE);
      self->banner_shows_backup = FALSE;
      return;
    }
  /* Never over a message about a problem. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->rules_banner)) && !self->banner_shows_backup)
    return;
  /* TRANSLATORS: the progress of the daily backup in percent */
  text = g_strdup_printf (_("Daily backup in progress (%d %%): you can keep working"), (int) (fraction * 100));
  self->banner_shows_backup = TRUE;
  show_banner (self, text);
}

static void
on_backup_space_warning_cb (MuyingBackupScheduler *backup,
                            const char            *message,
                            MuyingWindow          *self)
{
  self->banner_shows_backup = FALSE;
  show_banner (self, message);
}

/* The sidebar shows how many cases wait: "高危工作清单（12）". */
static void
update_worklist_title (MuyingWindow *self)
{
  GtkStackPage *page = gtk_stack_get_page (self->stack, self->pages[PAGE_WORKLIST].widget);
  g_autoptr(GError) error = NULL;
  MuyingWorklistFilter all;
  gint64 total;

  /* The badge needs the count only; the page itself loads when it is first shown. */
  muying_worklist_filter_init (&all);
  total = muying_store_worklist_count (self->store, &all, NULL, &error);
  if (total < 0)
    {
      /* Not a zero: the worklist page says why when it is opened. */
      g_autofree char *text = g_strdup_printf (_("The worklist cannot be counted: %s"), error->message);

      show_banner (self, text);
      gtk_stack_page_set_title (page, _("High-risk worklist"));
      gtk_stack_page_set_needs_attention (page, TRUE);
      return;
    }
  if (total > 0)
    {
      g_autofree char *title = g_strdup_printf (_("High-risk worklist (%lld)"), (long long) total);
      gtk_stack_page_set_title (page, title);
    }
  else
    gtk_stack_page_set_title (page, _("High-risk worklist"));
  gtk_stack_page_set_needs_attention (page, total > 0);
}

/* ---- the pages ---------------------------------------------------------------------------- */

static void
load_program_page (GtkWidget *page)
{
  muying_program_page_reload (MUYING_PROGRAM_PAGE (page));
}

static void
load_worklist_page (GtkWidget *page)
{
  muying_worklist_page_reload (MUYING_WORKLIST_PAGE (page));
}

static void
load_recall_page (GtkWidget *page)
{
  muying_recall_page_reload (MUYING_RECALL_PAGE (page));
}

static void
load_stats_page (GtkWidget *page)
{
  muying_stats_page_reload (MUYING_STATS_PAGE (page));
}

static void
load_admin_page (GtkWidget *page)
{
  muying_admin_page_reload (MUYING_ADMIN_PAGE (page));
}

/* A page's widget is made here rather than in the template: it takes the context at
 * construction. A new page is one line here, a name in page_names, and its load function. */
static void
add_pages (MuyingWindow *self)
{
  const struct
  {
    GtkWidget  *widget;
    const char *title;
    const char *icon;
    void      (*load) (GtkWidget *page);
  } pages[N_PAGES] = {
    [PAGE_PRENATAL] = { GTK_WIDGET (muying_program_page_new (self->context, MUYING_PROGRAM_PRENATAL)),
                        _("Prenatal screening"), "document-edit-symbolic", load_program_page },
    [PAGE_NEWBORN] = { GTK_WIDGET (muying_program_page_new (self->context, MUYING_PROGRAM_NEWBORN)),
                       _("Newborn hearing and deafness genes"), "audio-input-microphone-symbolic", load_program_page },
    [PAGE_TWO_CANCER] = { GTK_WIDGET (muying_program_page_new (self->context, MUYING_PROGRAM_TWO_CANCER)),
                          _("Cervical and breast cancer screening"), "emblem-documents-symbolic", load_program_page },
    [PAGE_WORKLIST] = { GTK_WIDGET (muying_worklist_page_new (self->context)),
                        _("High-risk worklist"), "dialog-warning-symbolic", load_worklist_page },
    [PAGE_RECALL] = { GTK_WIDGET (muying_recall_page_new (self->context)),
                      _("Screening recall"), "x-office-calendar-symbolic", load_recall_page },
    [PAGE_STATS] = { GTK_WIDGET (muying_stats_page_new (self->context)),
                     _("Statistics and export"), "x-office-spreadsheet-symbolic", load_stats_page },
    [PAGE_ADMIN] = { GTK_WIDGET (muying_admin_page_new (self->context)),
                     _("Administration"), "preferences-system-symbolic", load_admin_page },
  };

  for (guint i = 0; i < N_PAGES; i++)
    {
      GtkStackPage *page = gtk_stack_add_titled (self->stack, pages[i].widget, page_names[i], pages[i].title);

      gtk_stack_page_set_icon_name (page, pages[i].icon);
      self->pages[i] = (Page) { page_names[i], pages[i].widget, pages[i].load };
    }
}

/* Pages load when they are first shown, not all at start: at a million records each list
 * costs a count and a page of rows, and the window must come up at once. */
static void
load_page_if_stale (MuyingWindow *self,
                    const char   *name)
{
  for (guint i = 0; i < N_PAGES; i++)
    {
      if (g_strcmp0 (name, self->pages[i].name) != 0 || !(self->stale_pages & (1u << i)))
        continue;
      self->stale_pages &= ~(1u << i);
      self->pages[i].load (self->pages[i].widget);
    }
}

/* The pages that list what is in the database follow the changes others make. These refresh on
 * screen: they read their filters and search text again, so nothing typed is lost. */
#define REFRESH_ON_SCREEN ((1u << PAGE_PRENATAL) | (1u << PAGE_NEWBORN) | (1u << PAGE_TWO_CANCER) | \
                           (1u << PAGE_WORKLIST))
/* The recall page would apply a half-typed period: it refreshes when shown next. The statistics
 * and administration pages keep what they show until F5: a refresh must not take a typed
 * denominator or a half-made account from under the user. */
#define LIST_PAGES (REFRESH_ON_SCREEN | (1u << PAGE_RECALL))

/* Another connection or program committed (an import from the command line, a second window,
 * later another workstation): the lists show the file as it is now, where they stand. Forms
 * and case windows are left alone: what was typed stays, and the row version protects its
 * save (docs/architecture.md "Row versions"). */
static gboolean
on_data_changed_cb (MuyingChangeWatch *watch,
                    MuyingWindow      *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);

  /* One refresh at a time: a list still reading the last one's rows is asked at the next tick. */
  if (MUYING_IS_PROGRAM_PAGE (visible) && muying_program_page_is_loading (MUYING_PROGRAM_PAGE (visible)))
    return FALSE;
  for (guint i = 0; i < N_PAGES; i++)
    {
      if (!(LIST_PAGES & (1u << i)))
        continue;
      if (self->pages[i].widget == visible && (REFRESH_ON_SCREEN & (1u << i)))
        self->pages[i].load (visible);
      else
        self->stale_pages |= 1u << i;
    }
  update_worklist_title (self);
  return TRUE;
}

void
muying_window_reload (MuyingWindow *self)
{
  g_return_if_fail (MUYING_IS_WINDOW (self));

  self->stale_pages = (1u << N_PAGES) - 1;
  load_page_if_stale (self, gtk_stack_get_visible_child_name (self->stack));
  update_worklist_title (self);
}

static void
muying_window_constructed (GObject *object)
{
  MuyingWindow *self = MUYING_WINDOW (object);
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autofree char *last_page = NULL;

  G_OBJECT_CLASS (muying_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APP_ID);
  rules = load_rules (self);
  self->context = muying_app_context_new (self->store, rules, self->user_object, self->settings);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  add_pages (self);
  last_page = g_settings_get_string (self->settings, "last-page");
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_visible_child_changed_cb), self);
  /* Size the stack by the page on screen: measuring every hidden page is slow at start. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);

  update_permissions (self);
  self->idle_lock = muying_idle_lock_new (GTK_WINDOW (self), self->context);
  self->backup = muying_backup_scheduler_new (self->context);
  g_signal_connect_object (self->backup, "failed", G_CALLBACK (on_backup_failed_cb), self, 0);
  g_signal_connect_object (self->backup, "progress", G_CALLBACK (on_backup_progress_cb), self, 0);
  g_signal_connect_object (self->backup, "space-warning", G_CALLBACK (on_backup_space_warning_cb), self, 0);
  muying_backup_scheduler_watch_input (self->backup, GTK_WIDGET (self));
  if (g_getenv ("MUYING_NO_DAILY_BACKUP") == NULL)
    muying_backup_scheduler_start (self->backup);
  muying_window_reload (self);
  self->change_watch = muying_change_watch_new (self->store, GTK_WIDGET (self));
  g_signal_connect_object (self->change_watch, "changed", G_CALLBACK (on_data_changed_cb), self, 0);
}

static void
muying_window_dispose (GObject *object)
{
  MuyingWindow *self = MUYING_WINDOW (object);

  g_clear_object (&self->change_watch);
  g_clear_object (&self->idle_lock);
  /* Quitting stops a backup in progress; its unfinished file is deleted, never left half. */
  if (self->backup != NULL)
    muying_backup_scheduler_stop (self->backup);
  g_clear_object (&self->backup);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->user_object);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  g_clear_weak_pointer (&self->import_dialog);
  g_clear_weak_pointer (&self->last_form);
  g_clear_weak_pointer (&self->last_case);
  g_clear_weak_pointer (&self->last_person);
  if (self->unlinked != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unlinked));
  g_clear_weak_pointer (&self->unlinked);
  G_OBJECT_CLASS (muying_window_parent_class)->dispose (object);
}

static void
muying_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MuyingWindow *self = MUYING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user_object);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MuyingWindow *self = MUYING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_USER:
      self->user_object = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_window_class_init (MuyingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = muying_window_constructed;
  object_class->dispose = muying_window_dispose;
  object_class->get_property = muying_window_get_property;
  object_class->set_property = muying_window_set_property;
  widget_class->size_allocate = muying_window_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MUYING_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, MUYING_TYPE_USER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, rules_banner);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, user_label);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.show-person", "x", show_person_action);
  gtk_widget_class_install_action (widget_class, "win.show-unlinked", NULL, show_unlinked_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_install_action (widget_class, "win.import", "s", import_action);
  gtk_widget_class_install_action (widget_class, "win.new-record", "s", new_record_action);
  gtk_widget_class_install_action (widget_class, "win.open-record", "x", open_record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-record-here", NULL, new_record_here_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-record-here", NULL);
  for (guint i = 0; i < N_PAGES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);
}

static void
muying_window_init (MuyingWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MuyingWindow *
muying_window_new (MuyingApplication *application,
                   MuyingStore       *store,
                   MuyingUser        *user)
{
  return g_object_new (MUYING_TYPE_WINDOW, "application", application, "store", store, "user", user, NULL);
}

MuyingCaseWindow *
muying_window_get_last_case (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return self->last_case;
}

MuyingPersonWindow *
muying_window_get_last_person (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return self->last_person;
}

MuyingRecordForm *
muying_window_get_last_form (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return self->last_form;
}

MuyingImportDialog *
muying_window_get_import_dialog (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return self->import_dialog;
}

const char *
muying_window_get_visible_page (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
muying_window_get_page (MuyingWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);
  load_page_if_stale (self, name);
  return gtk_stack_get_child_by_name (self->stack, name);
}

MuyingUnlinkedWindow *
muying_window_get_unlinked_window (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);

  return self->unlinked;
}

MuyingChangeWatch *
muying_window_get_change_watch (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);

  return self->change_watch;
}

MuyingBackupScheduler *
muying_window_get_backup_scheduler (MuyingWindow *self)
{
  g_return_val_if_fail (MUYING_IS_WINDOW (self), NULL);

  return self->backup;
}
