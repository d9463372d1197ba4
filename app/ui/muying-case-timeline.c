/* muying-case-timeline.c: everything about one case in date order, with who and when
 *
 * One line per event: the screening on the record's date and the reasons the rules found; every
 * entry of the record's history (reviews, signatures, follow-up steps with their notes, later
 * results such as a treatment, corrections), in words by muying_history_text_entry; and each
 * prenatal diagnosis, pregnancy outcome or audiology diagnosis of the case on its own date, in
 * words by muying_follow_on_describe. Each line says who did it and when it was entered.
 *
 * The lines are sorted by their day (the event's date for the screening, the follow-on rows and
 * the follow-up steps and results that give one; else the local day the entry was made), then by
 * the time they were entered; on a day, the screening comes first and a follow-on row before the
 * follow-up steps its saving recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-case-timeline.h"
#include "muying-follow-on.h"
#include "muying-history-text.h"
#include "muying-store-follow-on.h"
#include "muying-ui-text.h"

struct _MuyingCaseTimeline
{
  GtkWidget   parent_instance;

  GtkListBox *list;
  GPtrArray  *lines;        /* Line, as shown */
  guint       n_history;
  int         n_follow_on;
  gboolean    can_edit;     /* follow-on lines get a "修改…" button (case.edit-follow-on) */
};

G_DEFINE_FINAL_TYPE (MuyingCaseTimeline, muying_case_timeline, GTK_TYPE_WIDGET)

typedef enum
{
  RANK_SCREENING,
  RANK_FOLLOW_ON,
  RANK_HISTORY,
} Rank;

typedef struct
{
  char     *sort;     /* "YYYY-MM-DD HH:MM" */
  Rank      rank;
  guint     seq;
  char     *date;     /* the day shown */
  char     *text;
  char     *who;      /* "who · when", nullable */
  gboolean  error;
  int       kind;     /* a follow-on line: its kind and row id; else -1 */
  gint64    follow_on_id;
} Line;

static void
line_free (Line *line)
{
  g_free (line->sort);
  g_free (line->date);
  g_free (line->text);
  g_free (line->who);
  g_free (line);
}

static Line *
add_line (GPtrArray  *lines,
          const char *sort,
          Rank        rank,
          const char *date,
          char       *text,     /* taken */
          char       *who)      /* taken */
{
  Line *line = g_new0 (Line, 1);

  line->kind = -1;

  line->sort = g_strdup (sort ? sort : "");
  line->rank = rank;
  line->seq = lines->len;
  line->date = g_strdup (date ? date : "");
  line->text = text;
  line->who = who;
  g_ptr_array_add (lines, line);
  return line;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *x = *(const Line * const *) a;
  const Line *y = *(const Line * const *) b;
  int by_day = strncmp (x->sort, y->sort, 10);

  if (by_day != 0)
    return by_day;
  /* The screening opens its day; then by the time entered. */
  if ((x->rank == RANK_SCREENING) != (y->rank == RANK_SCREENING))
    return x->rank == RANK_SCREENING ? -1 : 1;
  if (strcmp (x->sort, y->sort) != 0)
    return strcmp (x->sort, y->sort);
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* "doctor · 2026-05-10 14:03" */
static char *
who_and_when (const char *who,
              const char *at)
{
  g_autofree char *when = at != NULL ? muying_ui_local_minute (at) : NULL;

  if (when != NULL && *when != '\0')
    return g_strdup_printf ("%s · %s", who && *who ? who : "—", when);
  return g_strdup (who && *who ? who : "—");
}

/* The local day and time of an ISO instant: "2026-05-10 14:03". */
static char *
local_sort_key (const char *at)
{
  return muying_ui_local_minute (at);
}

/* The screening and the reasons, dated by the record's date, entered by whoever created it.
 * Returns the history's entry of its creation, or NULL. */
static const MuyingHistoryEntry *
add_screening (GPtrArray        *lines,
               const MuyingCase *c,
               MuyingRuleSet    *rules,
               GPtrArray        *history)
{
  const MuyingHistoryEntry *created = NULL;
  g_autofree char *sort = g_strdup_printf ("%s 00:00", c->record_date);
  g_autofree char *who = NULL;

  for (guint i = 0; history != NULL && i < history->len && created == NULL; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (history, i);

      /* Entered by hand or imported (the entry form saves as a one-row import). */
      if ((g_strcmp0 (e->action, "create") == 0 || g_strcmp0 (e->action, "import") == 0) &&
          g_strcmp0 (e->entity, "person") != 0)
        created = e;
    }
  if (created != NULL)
    {
      g_autofree char *w = who_and_when (created->user, created->at);

      who = g_strdup_printf (_("entered by %s"), w);
    }
  {
    /* TRANSLATORS: programme, sample or exam number, risk level */
    g_autofree char *text = g_strdup_printf (_("Screening: %s %s, %s"), muying_program_get_label (c->program),
                                             c->key, muying_level_get_label (c->computed_level));

    /* How it came in (the entry form, which file) is said here, not on a line of its own. */
    if (created != NULL)
      {
        g_autofree char *how = muying_history_text_entry (created, rules);
        g_autofree char *both = g_strdup_printf ("%s — %s", text, how);

        g_free (text);
        text = g_steal_pointer (&both);
      }
    add_line (lines, sort, RANK_SCREENING, c->record_date, g_steal_pointer (&text), g_strdup (who));
  }
  for (guint i = 0; c->reasons != NULL && c->reasons[i] != NULL; i++)
    {
      const char *label = rules != NULL ? muying_rule_set_get_reason_label (rules, c->reasons[i]) : NULL;

      add_line (lines, sort, RANK_SCREENING, c->record_date,
                g_strdup_printf (_("Rules: %s"), label ? label : c->reasons[i]),
                g_strdup (_("the rules")));
    }
  return created;
}

/* The day a follow-up step or a later result happened: the "date" of its detail, when it has one. */
static char *
event_day (const char *detail)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  const char *day;
  GDate date;

  if (detail == NULL || strstr (detail, "\"date\"") == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, detail, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  day = json_object_get_string_member_with_default (json_node_get_object (root), "date", NULL);
  if (day == NULL || strlen (day) != 10)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, day);
  return g_date_valid (&date) ? g_strdup (day) : NULL;
}

static void
add_history (GPtrArray                *lines,
             GPtrArray                *history,
             const MuyingHistoryEntry *created,
             MuyingRuleSet            *rules)
{
  for (guint i = 0; i < history->len; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (history, i);
      g_autofree char *sort = NULL;
      g_autofree char *date = NULL;

      if (e == created)
        continue;   /* on the screening's line */
      /* A follow-on row is shown on its own date below, with who entered it. */
      if (e->entity != NULL && muying_follow_on_descriptor_lookup (e->entity) != NULL)
        continue;
      sort = local_sort_key (e->at);
      date = event_day (e->detail);
      if (date != NULL)
        {
          /* On the day it happened (a step or result recorded later), in the order entered. */
          g_autofree char *entered = g_steal_pointer (&sort);

          sort = g_strdup_printf ("%s %s", date, strlen (entered) > 11 ? entered + 11 : "");
        }
      else
        date = g_strndup (sort, 10);
      add_line (lines, sort, RANK_HISTORY, date, muying_history_text_entry (e, rules), who_and_when (e->user, e->at));
    }
}

static void
add_follow_on (GPtrArray *lines,
               GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingFollowOnRow *row = g_ptr_array_index (rows, i);
      const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);
      const MuyingField *date_field = muying_follow_on_descriptor_find (d, d->date_field);
      g_autofree char *date = date_field != NULL ? muying_field_to_text (date_field, row->record) : NULL;
      g_autofree char *entered = row->created_at != NULL ? local_sort_key (row->created_at) : NULL;
      g_autofree char *sort = NULL;
      g_autoptr(GString) who = g_string_new (NULL);

      if (date == NULL || *date == '\0')
        {
          g_free (date);
          date = g_strdup (entered != NULL ? entered : "");
        }
      sort = g_strdup_printf ("%.10s %s", date, entered != NULL && strlen (entered) > 11 ? entered + 11 : "");
      {
        g_autofree char *w = who_and_when (row->created_by, row->created_at);

        g_string_append_printf (who, _("entered by %s"), w);
      }
      if (row->updated_at != NULL && g_strcmp0 (row->updated_at, row->created_at) != 0)
        {
          g_autofree char *w = who_and_when (row->updated_by, row->updated_at);

          g_string_append_printf (who, _("; changed by %s"), w);
        }
      if (row->linked_by != NULL)
        g_string_append_printf (who, _("; linked by hand by %s"), row->linked_by);
      {
        Line *line = add_line (lines, sort, RANK_FOLLOW_ON, date, muying_follow_on_describe (row->kind, row->record),
                               g_string_free (g_steal_pointer (&who), FALSE));

        line->kind = (int) row->kind;
        line->follow_on_id = row->id;
      }
    }
}

static GtkWidget *
make_row (const Line *line,
          gboolean    can_edit)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *date = gtk_label_new (line->date);
  GtkWidget *text = gtk_label_new (line->text);

  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (date), 0);
  gtk_label_set_yalign (GTK_LABEL (date), 0);
  gtk_label_set_width_chars (GTK_LABEL (date), 10);
  gtk_widget_set_valign (date, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), date);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  if (line->error)
    gtk_widget_add_css_class (text, "error-banner");
  gtk_box_append (GTK_BOX (box), text);
  if (line->who != NULL)
    {
      GtkWidget *who = gtk_label_new (line->who);

      gtk_label_set_xalign (GTK_LABEL (who), 1);
      gtk_label_set_wrap (GTK_LABEL (who), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (who), 34);
      gtk_widget_set_valign (who, GTK_ALIGN_START);
      gtk_widget_add_css_class (who, "dim-label");
      gtk_box_append (GTK_BOX (box), who);
    }
  /* A diagnosis, outcome or audiology row entered wrongly is corrected in its form. */
  if (can_edit && line->kind >= 0)
    {
      GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));

      gtk_widget_set_valign (edit, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "case.edit-follow-on");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "(ix)", line->kind, line->follow_on_id);
      gtk_box_append (GTK_BOX (box), edit);
    }
  return box;
}

void
muying_case_timeline_show (MuyingCaseTimeline *self,
                           MuyingStore        *store,
                           MuyingRuleSet      *rules,
                           const MuyingCase   *c)
{
  g_autoptr(GError) history_error = NULL;
  g_autoptr(GError) follow_on_error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const MuyingHistoryEntry *created;
  GPtrArray *lines;
  GtkWidget *child;

  g_return_if_fail (MUYING_IS_CASE_TIMELINE (self));
  g_return_if_fail (c != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  self->lines = lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);

  history = muying_store_record_history (store, c->record_id, &history_error);
  rows = muying_store_list_case_follow_on (store, c->record_id, &follow_on_error);
  self->n_history = history != NULL ? history->len : 0;
  self->n_follow_on = rows != NULL ? (int) rows->len : -1;

  created = add_screening (lines, c, rules, history);
  if (history != NULL)
    add_history (lines, history, created, rules);
  if (rows != NULL)
    add_follow_on (lines, rows);
  g_ptr_array_sort (lines, compare_lines);

  /* A part that could not be read is said first, in its place: never an empty history. */
  if (history == NULL)
    {
      Line *line = add_line (lines, "", RANK_HISTORY, "",
                             g_strdup_printf (_("The history cannot be read: %s"), history_error->message), NULL);

      line->error = TRUE;
      g_ptr_array_steal_index (lines, lines->len - 1);
      g_ptr_array_insert (lines, 0, line);
    }
  if (rows == NULL)
    {
      Line *line = add_line (lines, "", RANK_FOLLOW_ON, "",
                             g_strdup_printf (_("The diagnoses and outcomes cannot be read: %s"),
                                              follow_on_error->message), NULL);

      line->error = TRUE;
      g_ptr_array_steal_index (lines, lines->len - 1);
      g_ptr_array_insert (lines, 0, line);
    }
  for (guint i = 0; i < lines->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (lines, i), self->can_edit));
}

void
muying_case_timeline_set_can_edit (MuyingCaseTimeline *self,
                                   gboolean            can_edit)
{
  g_return_if_fail (MUYING_IS_CASE_TIMELINE (self));
  self->can_edit = can_edit;
}

guint
muying_case_timeline_get_n_history (MuyingCaseTimeline *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_TIMELINE (self), 0);
  return self->n_history;
}

int
muying_case_timeline_get_n_follow_on (MuyingCaseTimeline *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_TIMELINE (self), -1);
  return self->n_follow_on;
}

guint
muying_case_timeline_get_n_lines (MuyingCaseTimeline *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_TIMELINE (self), 0);
  return self->lines != NULL ? self->lines->len : 0;
}

char *
muying_case_timeline_get_line (MuyingCaseTimeline *self,
                               guint               i)
{
  const Line *line;

  g_return_val_if_fail (MUYING_IS_CASE_TIMELINE (self), NULL);
  g_return_val_if_fail (self->lines != NULL && i < self->lines->len, NULL);

  line = g_ptr_array_index (self->lines, i);
  return g_strdup_printf ("%s  %s  %s", line->date, line->text, line->who ? line->who : "");
}

static void
muying_case_timeline_dispose (GObject *object)
{
  MuyingCaseTimeline *self = MUYING_CASE_TIMELINE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->list = NULL;
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  G_OBJECT_CLASS (muying_case_timeline_parent_class)->dispose (object);
}

static void
muying_case_timeline_class_init (MuyingCaseTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_case_timeline_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_case_timeline_init (MuyingCaseTimeline *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "card-box");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  self->n_follow_on = -1;
}

GtkWidget *
muying_case_timeline_new (void)
{
  return g_object_new (MUYING_TYPE_CASE_TIMELINE, NULL);
}
