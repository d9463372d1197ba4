/* muying-window.c: the main window — programme pages, worklist, statistics, administration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-admin-page.h"
#include "muying-case-window.h"
#include "muying-import-dialog.h"
#include "muying-login-window.h"
#include "muying-output-path.h"
#include "muying-program-page.h"
#include "muying-record-form.h"
#include "muying-rule-set.h"
#include "muying-stats-page.h"
#include "muying-store-backup.h"
#include "muying-store-lookup.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-window-private.h"
#include "muying-window.h"
#include "muying-ui-keys.h"
#include "muying-ui-signals.h"
#include "muying-worklist-page.h"

struct _MuyingWindow
{
  GtkApplicationWindow  parent_instance;

  MuyingStore          *store;
  MuyingRuleSet        *rules;
  GSettings            *settings;
  MuyingUser           *user_object;
  gint64                last_activity;
  guint                 idle_source;
  guint                 backup_source;
  MuyingLoginWindow    *unlock_window;
  GtkLabel             *user_label;
  MuyingImportDialog   *import_dialog;
  MuyingRecordForm     *last_form;    /* the form opened last (weak), for tests */
  MuyingCaseWindow     *last_case;    /* the case opened last (weak), for tests */
  MuyingPersonWindow   *last_person;  /* the person view opened last (weak), for tests */
  guint                 stale_pages;  /* bit i: page_names[i] must load before it is shown */

  gboolean              narrow;       /* below NARROW_WIDTH: the page list folds away */
  guint                 narrow_idle;

  GtkStack             *stack;
  GtkToggleButton      *sidebar_button;
  GtkLabel             *rules_banner;
  MuyingProgramPage    *prenatal_page;
  MuyingProgramPage    *newborn_page;
  MuyingProgramPage    *two_cancer_page;
  MuyingWorklistPage   *worklist_page;
  MuyingStatsPage      *stats_page;
  MuyingAdminPage      *admin_page;
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

static const char * const page_names[] = { "prenatal", "newborn", "two_cancer", "worklist", "stats", "admin" };

/* The signed-in login, audited as the author of what the window's dialogs save. */
static const char *
login_of (MuyingWindow *self)
{
  return self->user_object != NULL ? muying_user_get_login (self->user_object) : NULL;
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
  MuyingProgram program;

  if (self->rules == NULL || !muying_program_from_string (g_variant_get_string (parameter, NULL), &program))
    return;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  dialog = muying_import_dialog_new (GTK_WINDOW (self), self->store, self->rules, program, login_of (self));
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

  if (self->rules == NULL || !muying_program_from_string (g_variant_get_string (parameter, NULL), &program))
    return;
  form = muying_record_form_new (GTK_WINDOW (self), self->store, self->rules, program, login_of (self));
  g_set_weak_pointer (&self->last_form, form);
  gtk_window_present (GTK_WINDOW (form));
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

  if (self->rules == NULL)
    return;
  if (!muying_store_get_record_program (self->store, record_id, &program, &error))
    {
      g_warning ("Cannot open record %lld: %s", (long long) record_id, error->message);
      return;
    }
  form = muying_record_form_new (GTK_WINDOW (self), self->store, self->rules, program, login_of (self));
  if (!muying_record_form_load (form, record_id, &error))
    {
      g_warning ("Cannot open record %lld: %s", (long long) record_id, error->message);
      gtk_window_destroy (GTK_WINDOW (form));
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

  if (self->rules == NULL || self->user_object == NULL)
    return;
  window = muying_case_window_new (GTK_WINDOW (self), self->store, self->rules, self->user_object,
                                   g_variant_get_int64 (parameter), &error);
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

  window = muying_person_window_new (GTK_WINDOW (self), self->store, g_variant_get_int64 (parameter), &error);
  if (window == NULL)
    {
      g_warning ("Cannot show the person: %s", error->message);
      return;
    }
  g_set_weak_pointer (&self->last_person, window);
  gtk_window_present (GTK_WINDOW (window));
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

/* Without the rule set nothing can be classified: say so on every page rather than guess. */
static void
load_rules (MuyingWindow *self)
{
  g_autoptr(GError) error = NULL;

  self->rules = muying_rule_set_new_default (&error);
  if (self->rules == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The flagging rules could not be loaded, so no record can be "
                                                 "classified or saved: %s"), error->message);
      gtk_label_set_label (self->rules_banner, text);
      gtk_widget_set_visible (GTK_WIDGET (self->rules_banner), TRUE);
      muying_admin_page_set_rules_version (self->admin_page, NULL);
      return;
    }
  muying_admin_page_set_rules_version (self->admin_page, muying_rule_set_get_version (self->rules));
}

static gboolean
can (MuyingWindow     *self,
     MuyingPermission  permission)
{
  return self->user_object != NULL &&
         muying_role_can (muying_user_get_role (self->user_object), permission);
}

/* What the signed-in role may do decides which commands exist for them (docs/architecture.md
 * "Roles"); the store and the CLI check the same permissions again. */
static void
update_permissions (MuyingWindow *self)
{
  GtkStackPage *admin = gtk_stack_get_page (self->stack, GTK_WIDGET (self->admin_page));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", can (self, MUYING_PERMISSION_IMPORT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record", can (self, MUYING_PERMISSION_ENTER));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record-here", can (self, MUYING_PERMISSION_ENTER));
  gtk_stack_page_set_visible (admin, can (self, MUYING_PERMISSION_MANAGE_USERS));
  if (self->user_object != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s（%s）", muying_user_get_display_name (self->user_object),
                                               muying_user_get_role_label (self->user_object));
      gtk_label_set_label (self->user_label, text);
    }
}

/* ---- idle lock: 15 minutes without input hides the records until the password is given ---- */

static guint
idle_limit_seconds (void)
{
  const char *env = g_getenv ("MUYING_IDLE_SECONDS");   /* tests shorten it */

  return env ? (guint) MAX (1, g_ascii_strtoll (env, NULL, 10)) : 15 * 60;
}

static void
note_activity (MuyingWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

/* The idle-lock watchers only note the time: the key handler must return FALSE so the key
 * goes on to the focused widget (a capture-phase controller that "handles" it swallows it). */
static gboolean
activity_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         gpointer               user_data)
{
  note_activity (user_data);
  return GDK_EVENT_PROPAGATE;
}

static void
activity_motion_cb (GtkEventControllerMotion *controller,
                    double                    x,
                    double                    y,
                    gpointer                  user_data)
{
  note_activity (user_data);
}

static void
activity_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     gpointer         user_data)
{
  note_activity (user_data);
}

static void
on_unlocked_cb (MuyingLoginWindow *login,
                MuyingUser        *user,
                MuyingWindow      *self)
{
  gtk_widget_set_visible (gtk_window_get_child (GTK_WINDOW (self)), TRUE);
  note_activity (self);
  gtk_window_destroy (GTK_WINDOW (login));
}

void
muying_window_lock (MuyingWindow *self)
{
  g_return_if_fail (MUYING_IS_WINDOW (self));

  if (self->unlock_window != NULL || self->user_object == NULL)
    return;
  gtk_widget_set_visible (gtk_window_get_child (GTK_WINDOW (self)), FALSE);
  g_set_weak_pointer (&self->unlock_window,
                      muying_login_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->store,
                                               MUYING_LOGIN_MODE_UNLOCK, login_of (self)));
  gtk_window_set_transient_for (GTK_WINDOW (self->unlock_window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (self->unlock_window), TRUE);
  gtk_window_set_deletable (GTK_WINDOW (self->unlock_window), FALSE);
  g_signal_connect (self->unlock_window, "signed-in", G_CALLBACK (on_unlocked_cb), self);
  gtk_window_present (GTK_WINDOW (self->unlock_window));
}

gboolean
muying_window_is_locked (MuyingWindow *self)
{
  return !gtk_widget_get_visible (gtk_window_get_child (GTK_WINDOW (self)));
}

MuyingLoginWindow *
muying_window_get_unlock_window (MuyingWindow *self)
{
  return self->unlock_window;
}

static gboolean
check_idle_cb (gpointer data)
{
  MuyingWindow *self = data;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  if (idle >= (gint64) idle_limit_seconds () * G_USEC_PER_SEC)
    muying_window_lock (self);
  return G_SOURCE_CONTINUE;
}

static void
watch_activity (MuyingWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  muying_connect_key_pressed (GTK_EVENT_CONTROLLER_KEY (keys), activity_key_pressed_cb, self);
  muying_connect_motion (GTK_EVENT_CONTROLLER_MOTION (motion), activity_motion_cb, self);
  muying_connect_pressed (GTK_GESTURE_CLICK (click), activity_pressed_cb, self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  note_activity (self);
  self->idle_source = g_timeout_add_seconds (MIN (20, MAX (1, idle_limit_seconds () / 3)), check_idle_cb, self);
}

/* ---- the daily backup (GSettings backup-daily / backup-folder / backup-keep) --------------- */

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MuyingWindow *self = source_object;
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  int keep = g_settings_get_int (self->settings, "backup-keep");
  g_autoptr(GError) error = NULL;

  g_autoptr(MuyingStore) connection = NULL;

  muying_output_path_protect_folder (folder);   /* the setting may have changed since the start */
  connection = muying_store_open (muying_store_get_path (self->store), &error);

  if (connection == NULL || !muying_store_backup_daily (connection, folder, keep, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_daily_backup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failed backup must not go unnoticed: say so where everyone sees it. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      MuyingWindow *self = MUYING_WINDOW (source);
      g_autofree char *text = g_strdup_printf (_("The daily backup failed: %s"), error->message);

      gtk_label_set_label (self->rules_banner, text);
      gtk_widget_set_visible (GTK_WIDGET (self->rules_banner), TRUE);
    }
}

static gboolean
run_daily_backup (gpointer data)
{
  MuyingWindow *self = data;
  g_autoptr(GTask) task = NULL;

  if (!g_settings_get_boolean (self->settings, "backup-daily"))
    return G_SOURCE_CONTINUE;
  task = g_task_new (self, NULL, on_daily_backup_done, NULL);
  g_task_run_in_thread (task, daily_backup_thread);
  return G_SOURCE_CONTINUE;
}

/* The sidebar shows how many cases wait: "高危工作清单（12）". */
static void
update_worklist_title (MuyingWindow *self)
{
  GtkStackPage *page = gtk_stack_get_page (self->stack, GTK_WIDGET (self->worklist_page));
  MuyingWorklistFilter all;
  gint64 total;

  /* The badge needs the count only; the page itself loads when it is first shown. */
  muying_worklist_filter_init (&all);
  total = muying_store_worklist_count (self->store, &all, NULL, NULL);
  if (total > 0)
    {
      g_autofree char *title = g_strdup_printf (_("High-risk worklist (%lld)"), (long long) total);
      gtk_stack_page_set_title (page, title);
    }
  else
    gtk_stack_page_set_title (page, _("High-risk worklist"));
  gtk_stack_page_set_needs_attention (page, total > 0);
}

/* Pages load when they are first shown, not all at start: at a million records each list
 * costs a count and a page of rows, and the window must come up at once. */
static void
load_page_if_stale (MuyingWindow *self,
                    const char   *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      if (g_strcmp0 (name, page_names[i]) != 0 || !(self->stale_pages & (1u << i)))
        continue;
      self->stale_pages &= ~(1u << i);
      switch (i)
        {
        case 0:
          muying_program_page_set_store (self->prenatal_page, self->store, self->rules);
          break;
        case 1:
          muying_program_page_set_store (self->newborn_page, self->store, self->rules);
          break;
        case 2:
          muying_program_page_set_store (self->two_cancer_page, self->store, self->rules);
          break;
        case 3:
          muying_worklist_page_set_store (self->worklist_page, self->store, self->rules);
          break;
        case 4:
          muying_stats_page_set_store (self->stats_page, self->store);
          break;
        case 5:
        default:
          muying_admin_page_set_store (self->admin_page, self->store);
          break;
        }
    }
}

void
muying_window_reload (MuyingWindow *self)
{
  g_return_if_fail (MUYING_IS_WINDOW (self));

  self->stale_pages = (1u << G_N_ELEMENTS (page_names)) - 1;
  load_page_if_stale (self, gtk_stack_get_visible_child_name (self->stack));
  update_worklist_title (self);
}

static void
muying_window_constructed (GObject *object)
{
  MuyingWindow *self = MUYING_WINDOW (object);
  g_autofree char *last_page = NULL;

  G_OBJECT_CLASS (muying_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APP_ID);
  {
    /* No export, report or PDF may be written among the daily backups. */
    g_autofree char *backup_folder = g_settings_get_string (self->settings, "backup-folder");
    muying_output_path_protect_folder (backup_folder);
  }
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  last_page = g_settings_get_string (self->settings, "last-page");
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_visible_child_changed_cb), self);
  /* Size the stack by the page on screen: measuring every hidden page is slow at start. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);

  load_rules (self);
  if (self->user_object != NULL)
    {
      muying_admin_page_set_actor (self->admin_page, muying_user_get_login (self->user_object));
      muying_worklist_page_set_user (self->worklist_page, login_of (self));
    }
  muying_stats_page_setup (self->stats_page, self->rules, login_of (self), can (self, MUYING_PERMISSION_EXPORT));
  update_permissions (self);
  watch_activity (self);
  /* At start-up, then hourly for a program left running; it does nothing twice a day. */
  if (g_getenv ("MUYING_NO_DAILY_BACKUP") == NULL)
    {
      run_daily_backup (self);
      self->backup_source = g_timeout_add_seconds (3600, run_daily_backup, self);
    }
  muying_window_reload (self);
}

static void
muying_window_dispose (GObject *object)
{
  MuyingWindow *self = MUYING_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->user_object);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->backup_source, g_source_remove);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  if (self->unlock_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unlock_window));
  g_clear_weak_pointer (&self->unlock_window);
  g_clear_weak_pointer (&self->import_dialog);
  g_clear_weak_pointer (&self->last_form);
  g_clear_weak_pointer (&self->last_case);
  g_clear_weak_pointer (&self->last_person);
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

  g_type_ensure (MUYING_TYPE_PROGRAM_PAGE);
  g_type_ensure (MUYING_TYPE_WORKLIST_PAGE);
  g_type_ensure (MUYING_TYPE_STATS_PAGE);
  g_type_ensure (MUYING_TYPE_ADMIN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, rules_banner);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, prenatal_page);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, newborn_page);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, two_cancer_page);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, worklist_page);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, stats_page);
  gtk_widget_class_bind_template_child (widget_class, MuyingWindow, admin_page);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.show-person", "x", show_person_action);
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
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
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
