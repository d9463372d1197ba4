/* muying-stats-page.c: the bureau's indicators for a period, their cases, the population
 * figures, and the annual workbook export
 *
 * The 指标 tab opens with the bureau's headline (项目汇总, the sentences of the workbook's cover,
 * muying-headline.c), then per programme a table of its indicators (muying-indicators.h: id,
 * name, numerator, denominator, rate in its unit, 未填报 where a population figure is missing)
 * beside a chart of two of them by month, then the record counts of muying-stats with the
 * follow-ups. A count is a button: a click or Enter lists the cases behind it
 * (muying-indicator-cases-window.c). The 分母 tab shows the population figures
 * (muying-denominators-pane.c). Every number comes from the store's one definition, shared with
 * `muying-cli stats` and the workbook. Computing and exporting run in a thread; an export shows
 * its progress, can be cancelled, and says where the file went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-denominators-pane.h"
#include "muying-empty-state.h"
#include "muying-error.h"
#include "muying-headline.h"
#include "muying-indicator-cases-window.h"
#include "muying-indicators.h"
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
  GHashTable       *cells;         /* "P4" → IndicatorCells: the widgets showing an indicator */
  MuyingPeriod      shown_period;  /* the period of the numbers shown */
  char             *headline;      /* the headline's sentences, one per line */
  MuyingIndicatorCasesWindow *cases_window;   /* the last drill-down (weak) */
  GCancellable     *cancellable;
  gboolean          busy;
  gboolean          recompute;     /* the period changed while counting: count again */
  char             *status;
  char             *last_export;

  GtkStack         *view_stack;
  GtkStack         *content_stack;
  MuyingEmptyState *empty_state;
  MuyingEmptyState *error_state;
  GtkBox           *headline_box;
  GtkBox           *programmes_box;
  MuyingDenominatorsPane *denominators_pane;
  GtkDropDown      *kind_dropdown;
  GtkSpinButton    *year_spin;
  GtkDropDown      *quarter_dropdown;
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
  gtk_widget_set_visible (GTK_WIDGET (self->quarter_dropdown), kind == 3);
  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), kind == 2);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), kind == 2);
  if (kind == 0)
    muying_period_init_statistical_year (period, year);
  else if (kind == 1)
    muying_period_init_calendar_year (period, year);
  else if (kind == 3)
    {
      /* a quarter of the statistical year: the population figures are kept per quarter too */
      g_autofree char *text = g_strdup_printf ("%dQ%u", year, gtk_drop_down_get_selected (self->quarter_dropdown) + 1);

      if (!muying_period_init_quarter_parse (period, text, NULL))
        return FALSE;
    }
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
    muying_month_chart_set_data (self->chart, months->len, (const char * const *) labels->pdata,
                                 MUYING_MONTH_CHART_N_SERIES, values, series);
  }
}

/* ---- the bureau's indicators ----------------------------------------------------------- */

typedef struct
{
  GtkWidget *n;       /* a button: its cases */
  GtkWidget *d;       /* a button for a denominator of the programme's own, else a label */
  GtkWidget *rate;    /* a label */
} IndicatorCells;

typedef struct
{
  char       prefixes[3];        /* the ids' first letters */
  const char *title;
  const char *chart_ids[2];      /* the two indicators of the chart, by month */
  const char *chart_names[2];
} Programme;

static const Programme programmes[] = {
  { "P", N_("Prenatal screening (unit: the pregnancy)"), { "P1", "P4" },
    { N_("Pregnancies screened"), N_("High risk") } },
  { "N", N_("Newborn hearing and deafness genes (unit: the newborn)"), { "N1", "N11" },
    { N_("Hearing screened"), N_("Gene screened") } },
  { "CB", N_("Cervical and breast cancer screening (unit: the woman)"), { "C1", "B1" },
    { N_("Cervical examined"), N_("Breast examined") } },
};

static char *
rate_text (const MuyingIndicator *indicator)
{
  double rate;

  if (indicator->has_d && indicator->d_missing)
    return g_strdup (_("not reported"));
  if (!muying_indicator_get_rate (indicator, &rate))
    return g_strdup ("—");
  switch (indicator->unit)
    {
    case MUYING_RATE_PER_MILLE:
      return g_strdup_printf ("%.2f‰", rate);
    case MUYING_RATE_PER_100K:
      /* TRANSLATORS: a rate per 100,000 women examined */
      return g_strdup_printf (_("%.2f per 100,000"), rate);
    case MUYING_RATE_PERCENT:
    default:
      return g_strdup_printf ("%.2f%%", rate);
    }
}

static void
on_count_clicked_cb (GtkButton       *button,
                     MuyingStatsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "indicator");
  gboolean denominator = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "denominator"));
  const char *label = g_object_get_data (G_OBJECT (button), "label");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = denominator ? g_strdup_printf (_("%s %s: the cases of the denominator"), id, label)
                                       : g_strdup_printf (_("%s %s: the cases counted"), id, label);
  MuyingIndicatorCasesWindow *window;

  window = muying_indicator_cases_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context,
                                              &self->shown_period, id, denominator, title);
  g_set_weak_pointer (&self->cases_window, window);
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
count_button (MuyingStatsPage       *self,
              const MuyingIndicator *indicator,
              gint64                 value,
              gboolean               denominator)
{
  g_autofree char *text = muying_ui_format_count (value);
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "count-button");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, denominator ? _("List the cases of the denominator")
                                                   : _("List the cases counted"));
  g_object_set_data_full (G_OBJECT (button), "indicator", g_strdup (indicator->id), g_free);
  g_object_set_data_full (G_OBJECT (button), "label", g_strdup (_(indicator->label)), g_free);
  g_object_set_data (G_OBJECT (button), "denominator", GINT_TO_POINTER (denominator));
  g_signal_connect (button, "clicked", G_CALLBACK (on_count_clicked_cb), self);
  /* a screen reader says which count it is, not the number alone */
  {
    g_autofree char *name = g_strdup_printf ("%s %s %s %s", indicator->id, _(indicator->label),
                                             denominator ? C_("indicator", "Denominator") : C_("indicator", "Count"),
                                             text);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
  return button;
}

static GtkWidget *
cell_label (const char *text,
            float       xalign,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
indicator_table (MuyingStatsPage        *self,
                 const MuyingIndicators *indicators,
                 const Programme        *programme)
{
  const char *headings[] = { C_("indicator", "Id"), C_("indicator", "Indicator"), C_("indicator", "Count"),
                             C_("indicator", "Denominator"), C_("indicator", "Rate") };
  GtkWidget *grid = gtk_grid_new ();
  int row = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 0);
  gtk_widget_set_valign (grid, GTK_ALIGN_START);
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    gtk_grid_attach (GTK_GRID (grid), cell_label (headings[c], c >= 2 ? 1 : 0, "heading"), (int) c, 0, 1, 1);
  for (guint i = 0; i < indicators->indicators->len; i++)
    {
      const MuyingIndicator *indicator = g_ptr_array_index (indicators->indicators, i);
      IndicatorCells *cells;
      GtkWidget *name;
      g_autofree char *rate = NULL;

      if (strchr (programme->prefixes, indicator->id[0]) == NULL)
        continue;
      cells = g_new0 (IndicatorCells, 1);
      name = cell_label (_(indicator->label), 0, NULL);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 30);
      cells->n = count_button (self, indicator, indicator->n, FALSE);
      if (!indicator->has_d)
        cells->d = cell_label ("—", 1, "dim-label");
      else if (indicator->d_missing)
        cells->d = cell_label (_("not reported"), 1, "dim-label");
      else if (indicator->external)
        {
          g_autofree char *text = muying_ui_format_count (indicator->d);

          cells->d = cell_label (text, 1, NULL);
          gtk_widget_set_tooltip_text (cells->d, _("A population figure (the Denominators tab)"));
        }
      else
        cells->d = count_button (self, indicator, indicator->d, TRUE);
      rate = rate_text (indicator);
      cells->rate = cell_label (rate, 1, indicator->d_missing ? "dim-label" : NULL);
      gtk_grid_attach (GTK_GRID (grid), cell_label (indicator->id, 0, "dim-label"), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), name, 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cells->n, 2, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cells->d, 3, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cells->rate, 4, row, 1, 1);
      g_hash_table_insert (self->cells, g_strdup (indicator->id), cells);
      row++;
    }
  return grid;
}

static GtkWidget *
programme_chart (const MuyingPeriod *period,
                 GPtrArray          *months,
                 const Programme    *programme)
{
  MuyingMonthChart *chart = g_object_new (MUYING_TYPE_MONTH_CHART, NULL);
  guint n = muying_period_get_n_months (period);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree gint64 *values = g_new0 (gint64, MAX (n, 1) * 2);
  const char *names[] = { _(programme->chart_names[0]), _(programme->chart_names[1]), NULL };

  for (guint m = 0; m < n; m++)
    {
      MuyingPeriod month;
      g_autofree char *key = NULL;

      muying_period_get_month (period, m, &month);
      key = g_strdup_printf ("%04u-%02u", g_date_get_year (&month.from), g_date_get_month (&month.from));
      g_ptr_array_add (labels, g_strdup_printf (_("%u/%u"), g_date_get_year (&month.from) % 100,
                                                g_date_get_month (&month.from)));
      /* only the months with a case are listed */
      for (guint g = 0; g < months->len; g++)
        {
          const MuyingIndicators *group = g_ptr_array_index (months, g);

          if (g_strcmp0 (group->group, key) != 0)
            continue;
          for (guint s = 0; s < 2; s++)
            {
              const MuyingIndicator *indicator = muying_indicators_get (group, programme->chart_ids[s]);

              values[m * 2 + s] = indicator != NULL ? indicator->n : 0;
            }
        }
    }
  g_ptr_array_add (labels, NULL);
  muying_month_chart_set_data (chart, n, (const char * const *) labels->pdata, 2, values, names);
  gtk_widget_set_valign (GTK_WIDGET (chart), GTK_ALIGN_START);
  gtk_widget_set_hexpand (GTK_WIDGET (chart), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (chart), -1, 220);
  return GTK_WIDGET (chart);
}

static void
show_indicators (MuyingStatsPage        *self,
                 const MuyingPeriod     *period,
                 const MuyingIndicators *indicators,
                 GPtrArray              *months)
{
  g_autoptr(GPtrArray) lines = muying_headline_lines (indicators, FALSE);
  g_autoptr(GString) headline = g_string_new (NULL);
  GtkWidget *child;

  self->shown_period = *period;
  g_hash_table_remove_all (self->cells);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->headline_box))) != NULL)
    gtk_box_remove (self->headline_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->programmes_box))) != NULL)
    gtk_box_remove (self->programmes_box, child);

  /* 项目汇总 */
  for (guint i = 0; i < lines->len; i++)
    {
      const MuyingHeadlineLine *line = g_ptr_array_index (lines, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *topic = cell_label (line->topic, 0, "dim-label");
      GtkWidget *sentence = cell_label (line->sentence, 0, NULL);

      gtk_label_set_width_chars (GTK_LABEL (topic), 10);
      gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
      gtk_label_set_selectable (GTK_LABEL (sentence), TRUE);
      gtk_widget_set_hexpand (sentence, TRUE);
      gtk_box_append (GTK_BOX (box), topic);
      gtk_box_append (GTK_BOX (box), sentence);
      gtk_box_append (self->headline_box, box);
      g_string_append_printf (headline, "%s\n", line->sentence);
    }
  g_free (self->headline);
  self->headline = g_string_free (g_steal_pointer (&headline), FALSE);

  /* per programme: the table and its chart beside it */
  for (guint p = 0; p < G_N_ELEMENTS (programmes); p++)
    {
      GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = cell_label (_(programmes[p].title), 0, "heading");
      GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

      gtk_widget_add_css_class (section, "card-box");
      gtk_box_append (GTK_BOX (section), title);
      gtk_box_append (GTK_BOX (body), indicator_table (self, indicators, &programmes[p]));
      gtk_box_append (GTK_BOX (body), programme_chart (period, months, &programmes[p]));
      gtk_box_append (GTK_BOX (section), body);
      gtk_box_append (self->programmes_box, section);
    }
}

/* ---- computing in a thread --------------------------------------------------------------- */

typedef struct
{
  MuyingPeriod       period;
  MuyingStatsReport *report;       /* the total and the months, from one pass over the records */
  MuyingIndicators  *indicators;   /* the bureau's indicators of the period */
  GPtrArray         *months;       /* … by month (MuyingIndicators, only the months with a case) */
} Computation;

static void
computation_free (Computation *c)
{
  g_clear_pointer (&c->report, muying_stats_report_free);
  g_clear_pointer (&c->indicators, muying_indicators_free);
  g_clear_pointer (&c->months, g_ptr_array_unref);
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
  if (c->report != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    c->indicators = muying_store_compute_indicators (reader, &c->period, &error);
  if (c->indicators != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    c->months = muying_store_compute_indicators_by (reader, &c->period, MUYING_INDICATORS_BY_MONTH, &error);
  if (c->months == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The numbers could not be counted: said in place of them, never as an empty page. */
static void
show_error (MuyingStatsPage *self,
            const char      *message)
{
  /* the message once, in the error page (not in the status line as well) */
  set_status (self, NULL, FALSE);
  g_free (self->status);
  self->status = g_strdup (message);
  muying_empty_state_set_description (self->error_state, message);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
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
        show_error (self, error->message);
      return;
    }
  show_stats (self, c->report->total, c->report->months);
  show_indicators (self, &c->period, c->indicators, c->months);
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
  /* Figures already shown stay until the new ones come; nothing else stands for them meanwhile
   * ("nothing to count" would be wrong while counting). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "stats") != 0)
    gtk_stack_set_visible_child_name (self->content_stack, "counting");
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
  muying_denominators_pane_reload (self->denominators_pane);
  if (!muying_store_has_records (self->store, &has_records, &error))
    {
      show_error (self, error->message);
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
  g_clear_weak_pointer (&self->cases_window);
  g_clear_pointer (&self->cells, g_hash_table_unref);
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
  g_free (self->headline);
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
      self->denominators_pane = muying_denominators_pane_new (self->context);
      /* new figures: the rates over them are counted again */
      g_signal_connect_swapped (self->denominators_pane, "changed", G_CALLBACK (on_period_changed_cb), self);
      gtk_stack_add_titled (self->view_stack, GTK_WIDGET (self->denominators_pane), "denominators",
                            _("Denominators"));
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
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, error_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, headline_box);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, programmes_box);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, quarter_dropdown);
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
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  g_signal_handlers_block_by_func (self->quarter_dropdown, on_period_changed_cb, self);
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
  gtk_spin_button_set_value (self->year_spin, year);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
  /* a quarter: "Q1" … "Q4" in @from */
  if (kind == 3 && from != NULL && strlen (from) == 2 && from[1] >= '1' && from[1] <= '4')
    gtk_drop_down_set_selected (self->quarter_dropdown, (guint) (from[1] - '1'));
  g_signal_handlers_unblock_by_func (self->kind_dropdown, on_period_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->year_spin, on_period_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->quarter_dropdown, on_period_changed_cb, self);
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

const char *
muying_stats_page_get_headline (MuyingStatsPage *self)
{
  return self->headline;
}

/* The text shown of indicator @id: @column 0 the count, 1 the denominator, 2 the rate. */
const char *
muying_stats_page_get_indicator_text (MuyingStatsPage *self,
                                      const char      *id,
                                      guint            column)
{
  IndicatorCells *cells = g_hash_table_lookup (self->cells, id);
  GtkWidget *widget;

  if (cells == NULL || column > 2)
    return NULL;
  widget = column == 0 ? cells->n : column == 1 ? cells->d : cells->rate;
  return GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : gtk_label_get_label (GTK_LABEL (widget));
}

GtkWidget *
muying_stats_page_get_count_button (MuyingStatsPage *self,
                                    const char      *id,
                                    gboolean         denominator)
{
  IndicatorCells *cells = g_hash_table_lookup (self->cells, id);
  GtkWidget *widget = cells == NULL ? NULL : denominator ? cells->d : cells->n;

  return GTK_IS_BUTTON (widget) ? widget : NULL;
}

MuyingIndicatorCasesWindow *
muying_stats_page_get_cases_window (MuyingStatsPage *self)
{
  return self->cases_window;
}

MuyingDenominatorsPane *
muying_stats_page_get_denominators_pane (MuyingStatsPage *self)
{
  return self->denominators_pane;
}

void
muying_stats_page_show_tab (MuyingStatsPage *self,
                            const char      *name)
{
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

const char *
muying_stats_page_get_content (MuyingStatsPage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}
