/* muying-program-page.c: the page of one screening programme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-empty-state.h"
#include "muying-program-page-private.h"
#include "muying-program-page.h"
#include "muying-record-list.h"

struct _MuyingProgramPage
{
  GtkWidget         parent_instance;

  MuyingAppContext *context;
  MuyingProgram     program;

  GtkLabel         *title_label;
  GtkStack         *content_stack;
  MuyingEmptyState *empty_state;
  MuyingRecordList *record_list;
  GtkButton        *import_button;
  GtkButton        *empty_import_button;
  GtkButton        *new_button;
  GtkButton        *empty_new_button;
};

G_DEFINE_FINAL_TYPE (MuyingProgramPage, muying_program_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PROGRAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_texts (MuyingProgramPage *self)
{
  GVariant *target = g_variant_new_string (muying_program_to_string (self->program));

  gtk_label_set_label (self->title_label, muying_program_get_label (self->program));
  g_variant_ref_sink (target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->import_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->empty_import_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->new_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->empty_new_button), target);
  g_variant_unref (target);

  switch (self->program)
    {
    case MUYING_PROGRAM_PRENATAL:
      muying_empty_state_set_title (self->empty_state, _("No prenatal screening records yet"));
      muying_empty_state_set_description (self->empty_state,
                                          _("Import the laboratory's serum or NIPT result file, or enter a "
                                            "record by hand. High-risk results are flagged as soon as they are saved."));
      break;
    case MUYING_PROGRAM_NEWBORN:
      muying_empty_state_set_title (self->empty_state, _("No newborn screening records yet"));
      muying_empty_state_set_description (self->empty_state,
                                          _("Import the hearing and deafness-gene results, or enter a record by "
                                            "hand. Carriers of MT-RNR1 variants get a drug-warning card."));
      break;
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      muying_empty_state_set_title (self->empty_state, _("No cervical or breast cancer screening records yet"));
      muying_empty_state_set_description (self->empty_state,
                                          _("Import the examination results of women aged 35 to 64, or enter a "
                                            "record by hand."));
      break;
    }
}

void
muying_program_page_reload (MuyingProgramPage *self)
{
  MuyingRecordModel *model;
  gint64 n;

  g_return_if_fail (MUYING_IS_PROGRAM_PAGE (self));

  /* One count: the list's model counts the programme's records anyway. */
  muying_record_list_setup (self->record_list, muying_app_context_get_store (self->context),
                            muying_app_context_get_rules (self->context), self->program);
  model = muying_record_list_get_model (self->record_list);
  /* A query that failed shows its error in the list, never an empty page. */
  if (model == NULL)
    n = 1;
  else
    n = g_list_model_get_n_items (G_LIST_MODEL (model));
  /* A search that finds nothing keeps the list (and its search box) on screen. */
  if (n == 0 && muying_record_list_is_filtered (self->record_list))
    n = muying_store_count_records (muying_app_context_get_store (self->context), self->program);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "records");
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
}

gboolean
muying_program_page_is_loading (MuyingProgramPage *self)
{
  g_return_val_if_fail (MUYING_IS_PROGRAM_PAGE (self), FALSE);
  return muying_record_list_is_loading (self->record_list);
}

static void
on_record_activated_cb (MuyingRecordList  *list,
                        gint64             record_id,
                        MuyingProgramPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "x", record_id);
}

static void
muying_program_page_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingProgramPage *self = MUYING_PROGRAM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_PROGRAM_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_program_page_parent_class)->dispose (object);
}

static void
muying_program_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MuyingProgramPage *self = MUYING_PROGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PROGRAM:
      g_value_set_int (value, self->program);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_program_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MuyingProgramPage *self = MUYING_PROGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_PROGRAM:
      self->program = (MuyingProgram) g_value_get_int (value);
      update_texts (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_program_page_class_init (MuyingProgramPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_program_page_dispose;
  object_class->get_property = muying_program_page_get_property;
  object_class->set_property = muying_program_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An int rather than a registered enum type (0 prenatal, 1 newborn, 2 two-cancer). */
  properties[PROP_PROGRAM] =
    g_param_spec_int ("program", NULL, NULL, 0, MUYING_N_PROGRAMS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  g_type_ensure (MUYING_TYPE_RECORD_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-program-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, record_list);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingProgramPage, empty_new_button);
  gtk_widget_class_bind_template_callback (widget_class, on_record_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_program_page_init (MuyingProgramPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_texts (self);
}

MuyingProgramPage *
muying_program_page_new (MuyingAppContext *context,
                         MuyingProgram     program)
{
  return g_object_new (MUYING_TYPE_PROGRAM_PAGE, "context", context, "program", (int) program, NULL);
}

MuyingRecordList *
muying_program_page_get_record_list (MuyingProgramPage *self)
{
  g_return_val_if_fail (MUYING_IS_PROGRAM_PAGE (self), NULL);
  return self->record_list;
}
