/* muying-print-document.c: printing the documents of muying-document.h
 *
 * Each document is first composed into a list of blocks (title, field rows, paragraphs,
 * signature lines …); begin-print measures the blocks with the print context's pango layouts
 * and cuts them into pages; draw-page draws the blocks of one page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-followup.h"
#include "muying-id-number.h"
#include "muying-field-options.h"
#include "muying-output-path.h"
#include "muying-print-document.h"
#include "muying-print-document-private.h"
#include "muying-program-descriptor.h"
#include "muying-screening.h"
#include "muying-store-recall.h"

#define FONT_FAMILY "Noto Sans CJK SC, Sans"

typedef enum
{
  BLOCK_HEADER,     /* the institution, centred */
  BLOCK_TITLE,      /* the document's title, centred, large */
  BLOCK_SUBTITLE,   /* centred, small */
  BLOCK_HEADING,    /* a section heading, bold */
  BLOCK_FIELD,      /* label: value, in two columns */
  BLOCK_TEXT,       /* a paragraph */
  BLOCK_BULLET,     /* an item of a list */
  BLOCK_WARNING,    /* a paragraph in bold, boxed */
  BLOCK_SIGNATURE,  /* a signature line, with room above it */
  BLOCK_SMALL,      /* a footnote */
  BLOCK_CUT,        /* a dashed line to cut along */
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *text;
  char      *value;    /* BLOCK_FIELD */
  double     height;   /* measured in begin-print, spacing included */
} Block;

typedef struct
{
  guint doc;      /* index into documents */
  guint first;    /* first block */
  guint n;        /* number of blocks */
} Page;

typedef struct
{
  GPtrArray *documents;   /* MuyingDocument; NULL for letters composed otherwise (recall letters) */
  MuyingRuleSet *rules;   /* the gene panels' names; nullable */
  GPtrArray *blocks;      /* per document: GPtrArray of Block */
  GArray    *pages;       /* Page */
} PrintJob;

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block->value);
  g_free (block);
}

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->documents, g_ptr_array_unref);
  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_array_unref);
  g_clear_object (&job->rules);
  g_free (job);
}

static void
add_block (GPtrArray  *blocks,
           BlockKind   kind,
           const char *text,
           const char *value)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  b->text = g_strdup (text ? text : "");
  b->value = g_strdup (value);
  g_ptr_array_add (blocks, b);
}

static void
add_field (GPtrArray  *blocks,
           const char *label,
           const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  add_block (blocks, BLOCK_FIELD, label, value);
}

/* ---- words ------------------------------------------------------------------------------ */

static char *
long_date (const char *iso)
{
  char buf[64];
  GDate date;

  if (iso == NULL || !muying_date_parse (iso, &date, NULL))
    return g_strdup (iso ? iso : "");
  /* TRANSLATORS: strftime format of a date in a printed letter; zh_CN: "%Y年%-m月%-d日" */
  if (g_date_strftime (buf, sizeof buf, C_("printed date", "%-d %B %Y"), &date) == 0)
    return g_strdup (iso);
  return g_strdup (buf);
}

static const char *
zygosity_label (MuyingZygosity zygosity)
{
  switch (zygosity)
    {
    case MUYING_ZYGOSITY_HET:
      return _("heterozygous");
    case MUYING_ZYGOSITY_HOM:
      return _("homozygous");
    case MUYING_ZYGOSITY_HOMOPLASMIC:
      return _("homoplasmic");
    case MUYING_ZYGOSITY_HETEROPLASMIC:
      return _("heteroplasmic");
    default:
      return "";
    }
}

static char *
variants_text (const MuyingDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; doc->variants != NULL && i < doc->variants->len; i++)
    {
      const MuyingVariant *v = g_ptr_array_index (doc->variants, i);

      if (i > 0)
        g_string_append (s, _("; "));
      /* TRANSLATORS: gene, variant, zygosity: “MT-RNR1 m.1555A>G（均质性）” */
      g_string_append_printf (s, _("%s %s (%s)"), v->gene, v->variant, zygosity_label (v->zygosity));
    }
  if (s->len == 0)
    g_string_append (s, _("none detected"));
  return g_string_free (s, FALSE);
}

/* The value of a result column in words: the variants as the document lists them, dates as in
 * a letter, the rest as the descriptor shows it. */
static char *
field_value (const MuyingDocument *doc,
             MuyingRuleSet        *rules,
             const MuyingField    *field,
             const char           *value)
{
  switch (field->kind)
    {
    case MUYING_FIELD_VARIANTS:
      return variants_text (doc);
    case MUYING_FIELD_DATE:
      return long_date (value);
    default:
      return muying_field_text_for_display (field, rules, value);
    }
}

/* The value of the first field of @kind, or NULL. */
static const char *
value_of_kind (const MuyingDocument          *doc,
               const MuyingProgramDescriptor *d,
               MuyingFieldKind                kind)
{
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    if (f->kind == kind)
      return g_hash_table_lookup (doc->fields, f->key);
  return NULL;
}

/* The results as recorded: every result column of the entry form that has a value, then the
 * later results that are not form columns (diagnosis, outcome, audiology, treatment …). */
static void
add_results (GPtrArray            *blocks,
             const MuyingDocument *doc,
             MuyingRuleSet        *rules)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (doc->program);
  GHashTableIter iter;
  gpointer key, value;

  add_field (blocks, _("Programme"), muying_program_get_label (doc->program));
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      const char *v = g_hash_table_lookup (doc->fields, f->key);
      g_autofree char *text = NULL;

      /* The gestation is one line: weeks+days. */
      if (f->kind == MUYING_FIELD_GA_WEEKS)
        {
          const char *days = value_of_kind (doc, d, MUYING_FIELD_GA_DAYS);
          g_autofree char *ga = v != NULL ? g_strdup_printf ("%s+%s", v, days ? days : "0") : NULL;

          /* TRANSLATORS: gestational age at sampling, e.g. “16+0” */
          add_field (blocks, _("Gestational age"), ga);
          continue;
        }
      if (f->kind == MUYING_FIELD_GA_DAYS)
        continue;
      /* No panel: no gene test, and so no variants to list (not "none detected"). */
      if (f->kind == MUYING_FIELD_PANEL && (v == NULL || *v == '\0'))
        {
          add_field (blocks, _(f->label), _("No gene test"));
          continue;
        }
      if (f->kind == MUYING_FIELD_VARIANTS)
        {
          const char *panel = value_of_kind (doc, d, MUYING_FIELD_PANEL);
          gboolean has_panel = FALSE;

          for (const MuyingField *p = d->fields; p->key != NULL; p++)
            has_panel |= p->kind == MUYING_FIELD_PANEL;
          if (has_panel && (panel == NULL || *panel == '\0'))
            continue;
        }
      /* The variants are listed even when none was found ("none detected"). */
      if ((v == NULL || *v == '\0') && f->kind != MUYING_FIELD_VARIANTS)
        continue;
      text = field_value (doc, rules, f, v);
      add_field (blocks, _(f->label), text);
    }

  g_hash_table_iter_init (&iter, doc->results);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MuyingResultKind kind;
      const char *column;
      const char *label;

      if (!muying_result_kind_from_string (key, &kind) || muying_result_kind_get_field2 (kind) != NULL)
        continue;
      column = muying_result_kind_get_column (kind);
      if (column != NULL && muying_program_descriptor_find (d, column) != NULL)
        continue;
      label = muying_result_value_get_label (kind, value);
      add_field (blocks, muying_result_kind_get_label (kind), label ? label : value);
    }
}

static void
add_person (GPtrArray            *blocks,
            const MuyingDocument *doc)
{
  g_autofree char *date = long_date (doc->record_date);
  g_autofree char *birth = doc->birth_date ? long_date (doc->birth_date) : NULL;

  if (doc->program == MUYING_PROGRAM_NEWBORN)
    {
      add_field (blocks, _("Baby's name"), doc->name);
      add_field (blocks, _("Birth date"), date);
      add_field (blocks, _("Mother's name"), doc->mother_name);
      add_field (blocks, _("Mother's ID number"), doc->id_number_masked);
      add_field (blocks, _("Sample no."), doc->record_key);
    }
  else
    {
      add_field (blocks, _("Name"), doc->name);
      add_field (blocks, _("ID number"), doc->id_number_masked);
      add_field (blocks, _("Birth date"), birth);
      add_field (blocks, doc->program == MUYING_PROGRAM_PRENATAL ? _("Sample no.") : _("Exam no."), doc->record_key);
      add_field (blocks, doc->program == MUYING_PROGRAM_PRENATAL ? _("Sample date") : _("Exam date"), date);
    }
  add_field (blocks, _("Phone"), doc->phone);
}

static const char *
institution_of (const MuyingDocument *doc)
{
  return doc->institution ? doc->institution : _("Maternal and child health hospital");
}

static void
add_footer (GPtrArray            *blocks,
            const MuyingDocument *doc)
{
  g_autofree char *printed = long_date (doc->printed_on);
  g_autofree char *text = NULL;

  /* TRANSLATORS: institution, date, record number */
  text = g_strdup_printf (_("%s · printed on %s · record %s"), institution_of (doc), printed, doc->record_key);
  add_block (blocks, BLOCK_SMALL, text, NULL);
}

static const char *
not_a_diagnosis (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return _("A screening result estimates a risk; it is not a diagnosis. Only a prenatal diagnosis (for "
               "example amniocentesis) can confirm or rule out a chromosomal condition of the baby. Please do not "
               "decide about the pregnancy on the screening result alone.");
    case MUYING_PROGRAM_NEWBORN:
      return _("A screening result is not a diagnosis. Please bring the baby to every follow-up check in time: "
               "hearing loss found early and treated by six months of age does much less harm to speech and "
               "learning.");
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      return _("A screening result is not a diagnosis. Further examination is needed to find out whether there "
               "is a lesion; most abnormal screening results are not cancer, and lesions found early can be "
               "treated well.");
    }
}

static void
add_reasons (GPtrArray            *blocks,
             const MuyingDocument *doc,
             gboolean              with_next_steps)
{
  for (guint i = 0; i < doc->reasons->len; i++)
    {
      const MuyingDocumentReason *r = g_ptr_array_index (doc->reasons, i);
      g_autofree char *text = NULL;

      if (with_next_steps && r->next_step != NULL)
        /* TRANSLATORS: a reason, then the recommended next step */
        text = g_strdup_printf (_("%s. Recommended: %s"), r->label, r->next_step);
      else
        text = g_strdup (r->label);
      add_block (blocks, BLOCK_BULLET, text, NULL);
    }
}

static GPtrArray *
compose_notification (const MuyingDocument *doc,
                      MuyingRuleSet        *rules)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_autofree char *title = NULL;
  g_autofree char *due = NULL;

  add_block (blocks, BLOCK_HEADER, institution_of (doc), NULL);
  /* TRANSLATORS: %s is a programme: “产前筛查结果告知书” */
  title = g_strdup_printf (_("%s: notification of the result"), muying_program_get_label (doc->program));
  add_block (blocks, BLOCK_TITLE, title, NULL);
  add_person (blocks, doc);

  add_block (blocks, BLOCK_HEADING, _("Screening result"), NULL);
  add_results (blocks, doc, rules);
  add_field (blocks, _("Result"), muying_level_get_label (doc->level));

  add_block (blocks, BLOCK_HEADING, _("Why, and what to do next"), NULL);
  add_reasons (blocks, doc, TRUE);
  if (doc->due_date != NULL)
    {
      g_autofree char *text = NULL;

      due = long_date (doc->due_date);
      /* TRANSLATORS: %s is a date */
      text = g_strdup_printf (_("Please come to our clinic, or contact us, by %s at the latest."), due);
      add_block (blocks, BLOCK_WARNING, text, NULL);
    }
  add_block (blocks, BLOCK_TEXT, not_a_diagnosis (doc->program), NULL);
  add_block (blocks, BLOCK_TEXT,
             doc->program == MUYING_PROGRAM_NEWBORN
               ? _("I have been told the result above and what it means for my baby, and I have received a copy "
                   "of this letter.")
               : _("I have been told the result above and what it means, and I have received a copy of this "
                   "letter."),
             NULL);
  add_block (blocks, BLOCK_SIGNATURE, _("Doctor's signature: ________________    Date: ____________"), NULL);
  add_block (blocks, BLOCK_SIGNATURE,
             doc->program == MUYING_PROGRAM_NEWBORN
               ? _("Signature of the parent or guardian: ________________    Date: ____________")
               : _("Signature of the woman (or a family member): ________________    Date: ____________"),
             NULL);
  add_footer (blocks, doc);
  return blocks;
}

static GPtrArray *
compose_drug_card (const MuyingDocument *doc)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  const char * const *drugs = muying_document_list_aminoglycosides ();
  g_autofree char *birth = long_date (doc->record_date);
  g_autofree char *variants = variants_text (doc);
  GString *list = g_string_new (NULL);
  g_autofree char *list_text = NULL;

  add_block (blocks, BLOCK_HEADER, institution_of (doc), NULL);
  add_block (blocks, BLOCK_TITLE, _("Drug-warning card"), NULL);
  add_block (blocks, BLOCK_SUBTITLE, _("Keep this card for life and show it to every doctor and pharmacist"), NULL);
  add_field (blocks, _("Name"), doc->name);
  add_field (blocks, _("Birth date"), birth);
  add_field (blocks, _("Mother's name"), doc->mother_name);
  add_field (blocks, _("Gene result"), variants);
  add_block (blocks, BLOCK_WARNING,
             _("Aminoglycoside antibiotics can cause permanent deafness in this person, even at normal doses and "
               "after a single use. Never use them, for life, in any form (injection, tablets, eye or ear drops):"),
             NULL);
  for (guint i = 0; drugs[i] != NULL && drugs[i + 1] != NULL; i += 2)
    {
      if (list->len > 0)
        g_string_append (list, _(", "));
      /* TRANSLATORS: Chinese generic name, international name: “庆大霉素（Gentamicin）” */
      g_string_append_printf (list, _("%s (%s)"), drugs[i], drugs[i + 1]);
    }
  list_text = g_string_free (list, FALSE);
  add_block (blocks, BLOCK_TEXT, list_text, NULL);
  add_block (blocks, BLOCK_TEXT,
             _("Doctors and pharmacists: please choose an antibiotic of another class."), NULL);
  add_block (blocks, BLOCK_TEXT,
             _("This variant is passed on by the mother. The mother and her relatives on the mother's side (her "
               "brothers and sisters, her mother's brothers and sisters and their children) may carry it too: "
               "please tell them, and advise them to be tested and to avoid these drugs."),
             NULL);
  add_footer (blocks, doc);
  return blocks;
}

static GPtrArray *
compose_referral (const MuyingDocument *doc,
                  MuyingRuleSet        *rules)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  const char *step = doc->next_step ? muying_followup_step_get_label (doc->next_step) : NULL;
  g_autofree char *due = doc->due_date ? long_date (doc->due_date) : NULL;

  add_block (blocks, BLOCK_HEADER, institution_of (doc), NULL);
  add_block (blocks, BLOCK_TITLE, _("Referral slip"), NULL);
  add_field (blocks, _("Referred to"), "______________________________");
  add_field (blocks, _("Department"), "______________________________");
  add_person (blocks, doc);
  add_block (blocks, BLOCK_HEADING, _("Screening result"), NULL);
  add_results (blocks, doc, rules);
  add_field (blocks, _("Result"), muying_level_get_label (doc->level));
  add_block (blocks, BLOCK_HEADING, _("Reasons for the referral"), NULL);
  add_reasons (blocks, doc, TRUE);
  add_field (blocks, _("Examination requested"), step);
  add_field (blocks, _("Please see the patient by"), due);
  add_block (blocks, BLOCK_SIGNATURE,
             _("Referring doctor: ______________    Phone: ______________    Date: ____________"), NULL);
  add_block (blocks, BLOCK_CUT, "✂ ", NULL);
  add_block (blocks, BLOCK_HEADING, _("Receipt (please return to the referring institution)"), NULL);
  add_field (blocks, doc->program == MUYING_PROGRAM_NEWBORN ? _("Baby's name") : _("Name"), doc->name);
  add_field (blocks, _("Record"), doc->record_key);
  add_block (blocks, BLOCK_TEXT,
             _("Seen on: ____________    Diagnosis or result: ________________________________________"), NULL);
  add_block (blocks, BLOCK_SIGNATURE, _("Doctor: ______________    Institution (stamp): ______________"), NULL);
  add_footer (blocks, doc);
  return blocks;
}

static GPtrArray *
compose (const MuyingDocument *doc,
         MuyingRuleSet        *rules)
{
  switch (doc->kind)
    {
    case MUYING_DOCUMENT_DRUG_CARD:
      return compose_drug_card (doc);
    case MUYING_DOCUMENT_REFERRAL:
      return compose_referral (doc, rules);
    case MUYING_DOCUMENT_NOTIFICATION:
    case MUYING_N_DOCUMENT_KINDS:
    default:
      return compose_notification (doc, rules);
    }
}

/* ---- the recall letter (复查提醒) ---------------------------------------------------------- */

/* The institution the letter sends her to: the setting, else where her last exam was. */
static char *
recall_institution (MuyingStore           *store,
                    const MuyingRecallRow *row)
{
  g_autofree char *setting = muying_store_get_setting (store, "institution");

  if (setting != NULL && *setting != '\0')
    return g_steal_pointer (&setting);
  for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
    if (row->tracks[t].due && row->tracks[t].institution != NULL)
      return g_strdup (row->tracks[t].institution);
  return g_strdup (_("Maternal and child health hospital"));
}

static GPtrArray *
compose_recall_letter (const MuyingRecallRow *row,
                       const char            *institution,
                       const char            *printed_on)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  g_autofree char *masked = muying_id_number_mask (row->id_number);
  g_autofree char *greeting = NULL;
  g_autofree char *where = NULL;
  g_autofree char *printed = long_date (printed_on);
  g_autofree char *footer = NULL;

  add_block (blocks, BLOCK_HEADER, institution, NULL);
  add_block (blocks, BLOCK_TITLE, _("Reminder: your next screening is due"), NULL);
  add_block (blocks, BLOCK_SUBTITLE, _("Free cervical and breast cancer screening for women"), NULL);
  add_field (blocks, _("Name"), row->name);
  add_field (blocks, _("ID number"), masked);
  add_field (blocks, _("Phone"), row->phone);
  /* TRANSLATORS: %s is the woman's name */
  greeting = g_strdup_printf (_("Dear %s,"), row->name);
  add_block (blocks, BLOCK_TEXT, greeting, NULL);
  add_block (blocks, BLOCK_TEXT,
             _("Regular screening finds changes of the cervix and the breast early, when they are easy to treat. "
               "By the screening schedule, you are due again for:"), NULL);
  for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
    {
      g_autofree char *due = NULL;
      g_autofree char *last = NULL;
      g_autofree char *due_iso = NULL;
      g_autofree char *last_iso = NULL;
      g_autofree char *text = NULL;

      if (!row->tracks[t].due)
        continue;
      due_iso = muying_date_format (&row->tracks[t].due_date);
      last_iso = muying_date_format (&row->tracks[t].last_exam);
      due = long_date (due_iso);
      last = long_date (last_iso);
      /* TRANSLATORS: the screening, the date it is due by, the date of the last one */
      text = g_strdup_printf (_("%s: please come by %s (your last screening was on %s)"),
                              muying_recall_track_get_label (t), due, last);
      add_block (blocks, BLOCK_BULLET, text, NULL);
    }
  add_block (blocks, BLOCK_HEADING, _("Where to go"), NULL);
  /* TRANSLATORS: %s is the institution */
  where = g_strdup_printf (_("%s, women's health clinic. Please bring your ID card and this letter; the screening "
                             "is free of charge for women of the programme."), institution);
  add_block (blocks, BLOCK_TEXT, where, NULL);
  add_block (blocks, BLOCK_TEXT,
             _("If you have had this screening elsewhere since, or cannot come, please tell us so that we can "
               "update your record."), NULL);
  /* TRANSLATORS: institution, date */
  footer = g_strdup_printf (_("%s · printed on %s"), institution, printed);
  add_block (blocks, BLOCK_SMALL, footer, NULL);
  return blocks;
}

/* ---- layout ----------------------------------------------------------------------------- */

#define LABEL_WIDTH 110.0   /* points: the label column of a field row */
#define BULLET_INDENT 14.0
#define BOX_PAD 6.0

static double
font_size (BlockKind kind)
{
  switch (kind)
    {
    case BLOCK_TITLE:
      return 18;
    case BLOCK_HEADER:
    case BLOCK_HEADING:
      return 12.5;
    case BLOCK_SUBTITLE:
    case BLOCK_SMALL:
      return 9;
    case BLOCK_FIELD:
    case BLOCK_TEXT:
    case BLOCK_BULLET:
    case BLOCK_WARNING:
    case BLOCK_SIGNATURE:
    case BLOCK_CUT:
    default:
      return 11;
    }
}

static double
space_before (BlockKind kind)
{
  switch (kind)
    {
    case BLOCK_TITLE:
      return 6;
    case BLOCK_HEADING:
      return 14;
    case BLOCK_SIGNATURE:
      return 26;
    case BLOCK_WARNING:
    case BLOCK_TEXT:
    case BLOCK_SMALL:
    case BLOCK_CUT:
      return 10;
    case BLOCK_HEADER:
    case BLOCK_SUBTITLE:
    case BLOCK_FIELD:
    case BLOCK_BULLET:
    default:
      return 3;
    }
}

static PangoLayout *
make_layout (GtkPrintContext *context,
             BlockKind        kind,
             const char      *text,
             double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, font_size (kind) * PANGO_SCALE);
  if (kind == BLOCK_TITLE || kind == BLOCK_HEADING || kind == BLOCK_WARNING || kind == BLOCK_HEADER)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (kind == BLOCK_TITLE || kind == BLOCK_HEADER || kind == BLOCK_SUBTITLE)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Draws (when @cr is not NULL) or only measures one block at @y; returns its height, the space
 * before it included. */
static double
render_block (GtkPrintContext *context,
              cairo_t         *cr,
              const Block     *b,
              double           width,
              double           y)
{
  double top = y + space_before (b->kind);
  double h = 0;

  switch (b->kind)
    {
    case BLOCK_FIELD:
      {
        g_autofree char *label = g_strdup_printf ("%s%s", b->text, _(": "));
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, label, LABEL_WIDTH);
        g_autoptr(PangoLayout) v = make_layout (context, b->kind, b->value, width - LABEL_WIDTH);

        h = MAX (layout_height (l), layout_height (v));
        if (cr != NULL)
          {
            cairo_move_to (cr, 0, top);
            pango_cairo_show_layout (cr, l);
            cairo_move_to (cr, LABEL_WIDTH, top);
            pango_cairo_show_layout (cr, v);
          }
        break;
      }
    case BLOCK_BULLET:
      {
        g_autoptr(PangoLayout) dot = make_layout (context, b->kind, "•", BULLET_INDENT);
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, b->text, width - BULLET_INDENT);

        h = layout_height (l);
        if (cr != NULL)
          {
            cairo_move_to (cr, 2, top);
            pango_cairo_show_layout (cr, dot);
            cairo_move_to (cr, BULLET_INDENT, top);
            pango_cairo_show_layout (cr, l);
          }
        break;
      }
    case BLOCK_WARNING:
      {
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, b->text, width - 2 * BOX_PAD);

        h = layout_height (l) + 2 * BOX_PAD;
        if (cr != NULL)
          {
            cairo_save (cr);
            cairo_set_line_width (cr, 1.2);
            cairo_rectangle (cr, 0.5, top, width - 1, h);
            cairo_stroke (cr);
            cairo_restore (cr);
            cairo_move_to (cr, BOX_PAD, top + BOX_PAD);
            pango_cairo_show_layout (cr, l);
          }
        break;
      }
    case BLOCK_CUT:
      {
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, b->text, width);
        double mid;

        h = layout_height (l);
        mid = top + h / 2;
        if (cr != NULL)
          {
            static const double dash[] = { 4, 3 };

            cairo_move_to (cr, 0, top);
            pango_cairo_show_layout (cr, l);
            cairo_save (cr);
            cairo_set_line_width (cr, 0.6);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            cairo_move_to (cr, 18, mid);
            cairo_line_to (cr, width, mid);
            cairo_stroke (cr);
            cairo_restore (cr);
          }
        break;
      }
    case BLOCK_HEADING:
      {
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, b->text, width);

        h = layout_height (l) + 3;
        if (cr != NULL)
          {
            cairo_move_to (cr, 0, top);
            pango_cairo_show_layout (cr, l);
            cairo_save (cr);
            cairo_set_line_width (cr, 0.5);
            cairo_move_to (cr, 0, top + h - 1);
            cairo_line_to (cr, width, top + h - 1);
            cairo_stroke (cr);
            cairo_restore (cr);
          }
        break;
      }
    case BLOCK_HEADER:
    case BLOCK_TITLE:
    case BLOCK_SUBTITLE:
    case BLOCK_TEXT:
    case BLOCK_SIGNATURE:
    case BLOCK_SMALL:
    default:
      {
        g_autoptr(PangoLayout) l = make_layout (context, b->kind, b->text, width);

        h = layout_height (l);
        if (cr != NULL)
          {
            cairo_move_to (cr, 0, top);
            pango_cairo_show_layout (cr, l);
          }
        break;
      }
    }
  return top + h - y;
}

/* The drug card is drawn as a card, framed. */
static gboolean
job_is_card (const PrintJob *job,
             guint           d)
{
  const MuyingDocument *doc = job->documents != NULL ? g_ptr_array_index (job->documents, d) : NULL;

  return doc != NULL && doc->kind == MUYING_DOCUMENT_DRUG_CARD;
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   gpointer           user_data)
{
  PrintJob *job = user_data;
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  g_array_set_size (job->pages, 0);
  for (guint d = 0; d < job->blocks->len; d++)
    {
      GPtrArray *blocks = g_ptr_array_index (job->blocks, d);
      gboolean card = job_is_card (job, d);
      double room = card ? height - 4 * BOX_PAD : height;
      Page page = { d, 0, 0 };
      double used = 0;

      for (guint i = 0; i < blocks->len; i++)
        {
          Block *b = g_ptr_array_index (blocks, i);

          b->height = render_block (context, NULL, b, card ? width - 4 * BOX_PAD : width, 0);
          /* A block that does not fit starts the next page of the same document. */
          if (page.n > 0 && used + b->height > room)
            {
              g_array_append_val (job->pages, page);
              page = (Page) { d, i, 0 };
              used = 0;
            }
          page.n++;
          used += b->height;
        }
      g_array_append_val (job->pages, page);
    }
  gtk_print_operation_set_n_pages (operation, MAX (1, (int) job->pages->len));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 gpointer           user_data)
{
  PrintJob *job = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  const Page *page;
  GPtrArray *blocks;
  gboolean card;
  double y = 0, inset;

  if (page_nr < 0 || (guint) page_nr >= job->pages->len)
    return;
  page = &g_array_index (job->pages, Page, page_nr);
  blocks = g_ptr_array_index (job->blocks, page->doc);
  card = job_is_card (job, page->doc);
  inset = card ? 2 * BOX_PAD : 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_save (cr);
  cairo_translate (cr, inset, inset);
  for (guint i = page->first; i < page->first + page->n; i++)
    y += render_block (context, cr, g_ptr_array_index (blocks, i), width - 2 * inset, y);
  cairo_restore (cr);

  /* The card is a card: a double frame around it, to cut out and keep. */
  if (card)
    {
      cairo_save (cr);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, y + 2 * inset);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 0.6);
      cairo_rectangle (cr, BOX_PAD, BOX_PAD, width - 2 * BOX_PAD, y + 2 * inset - 2 * BOX_PAD + 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* An A4 print operation for the composed @blocks (GPtrArray of Block per letter); @documents:
 * (nullable) the documents they were composed from. */
static GtkPrintOperation *
operation_for_blocks (GPtrArray     *documents,
                      MuyingRuleSet *rules,
                      GPtrArray     *blocks,
                      const char    *job_name)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job;

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 20, GTK_UNIT_MM);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (job_name != NULL)
    gtk_print_operation_set_job_name (operation, job_name);

  job = g_new0 (PrintJob, 1);
  job->documents = documents != NULL ? g_ptr_array_ref (documents) : NULL;
  job->rules = rules != NULL ? g_object_ref (rules) : NULL;
  job->blocks = blocks;
  job->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_object_set_data_full (G_OBJECT (operation), "muying-print-job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  return operation;
}

GtkPrintOperation *
muying_print_operation_new (GPtrArray     *documents,
                            MuyingRuleSet *rules)
{
  GPtrArray *blocks;
  g_autofree char *name = NULL;

  g_return_val_if_fail (documents != NULL, NULL);

  if (documents->len > 0)
    {
      const MuyingDocument *first = g_ptr_array_index (documents, 0);

      /* TRANSLATORS: print job name: document, number of documents */
      name = g_strdup_printf (_("%s (%u)"), muying_document_kind_get_label (first->kind), documents->len);
    }
  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < documents->len; i++)
    g_ptr_array_add (blocks, compose (g_ptr_array_index (documents, i), rules));
  return operation_for_blocks (documents, rules, blocks, name);
}

/* A PDF is written like every other output: never over the database and its companions (@store
 * nullable), to an owner-only temporary file renamed into place when complete. */
static gboolean
export_pdf (GtkPrintOperation  *operation,
            MuyingStore        *store,
            const char         *path,
            GError            **error)
{
  g_autofree char *tmp = NULL;

  if (!muying_output_path_check (store, path, error))
    return FALSE;
  tmp = muying_output_path_create_temp (path, error);
  if (tmp == NULL)
    return FALSE;
  gtk_print_operation_set_export_filename (operation, tmp);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return muying_output_path_commit (store, tmp, path, error);
}

/* "Print to file" in the print dialog: the file is only written when the job is sent, after
 * begin-print, so a refused destination cancels the job before anything is touched. GTK's file
 * printer writes with the umask (often 0644), and GIO keeps the mode of a file it replaces: so
 * the guard makes the destination owner-only before the job writes into it (creating it empty
 * when it does not exist), and once more after the job. */
typedef struct
{
  MuyingStore *store;
  GError      *error;
  char        *target;    /* the file printed to, once begin-print has checked it */
  gboolean     created;   /* the guard created @target empty */
} PrintToFileGuard;

static void
print_to_file_guard_free (PrintToFileGuard *guard)
{
  g_clear_object (&guard->store);
  g_clear_error (&guard->error);
  g_free (guard->target);
  g_free (guard);
}

static char *
output_file_of (GtkPrintSettings *settings)
{
  const char *uri = settings != NULL ? gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_URI) : NULL;

  return uri != NULL ? g_filename_from_uri (uri, NULL, NULL) : NULL;
}

gboolean
muying_print_settings_check_output (GtkPrintSettings  *settings,
                                    MuyingStore       *store,
                                    GError           **error)
{
  g_autofree char *path = output_file_of (settings);

  return path == NULL || muying_output_path_check (store, path, error);
}

static void
on_begin_print_guard_cb (GtkPrintOperation *operation,
                         GtkPrintContext   *context,
                         PrintToFileGuard  *guard)
{
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
  int fd;

  if (guard->error != NULL || guard->target != NULL)
    return;
  if (!muying_print_settings_check_output (settings, guard->store, &guard->error))
    {
      gtk_print_operation_cancel (operation);
      return;
    }
  guard->target = output_file_of (settings);
  if (guard->target == NULL)
    return;
  fd = g_open (guard->target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      guard->created = TRUE;
      close (fd);
    }
  else
    g_chmod (guard->target, 0600);   /* an existing file (checked regular above) */
}

/* Connects the guard to @operation; returns it (owned by the operation). */
static PrintToFileGuard *
guard_print_to_file (GtkPrintOperation *operation,
                     MuyingStore       *store)
{
  PrintToFileGuard *guard = g_new0 (PrintToFileGuard, 1);

  guard->store = store != NULL ? g_object_ref (store) : NULL;
  g_object_set_data_full (G_OBJECT (operation), "muying-print-to-file-guard", guard,
                          (GDestroyNotify) print_to_file_guard_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_guard_cb), guard);
  return guard;
}

GtkPrintOperationResult
_muying_print_run_guarded (GtkPrintOperation        *operation,
                           MuyingStore              *store,
                           GtkPrintOperationAction   action,
                           GtkWindow                *parent,
                           GError                  **error)
{
  PrintToFileGuard *guard = guard_print_to_file (operation, store);
  GtkPrintOperationResult result = gtk_print_operation_run (operation, action, parent, error);

  if (guard->target != NULL)
    {
      GStatBuf st;

      if (result == GTK_PRINT_OPERATION_RESULT_APPLY || result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
        g_chmod (guard->target, 0600);
      else if (guard->created && g_stat (guard->target, &st) == 0 && st.st_size == 0)
        g_unlink (guard->target);
    }
  if (guard->error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&guard->error));
      return GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  return result;
}

/* Exports @operation to @pdf_path, or shows the print dialog over @parent when it is NULL. FALSE
 * with @error on failure and when the user cancels (G_IO_ERROR_CANCELLED). */
static gboolean
run_operation (GtkPrintOperation  *operation,
               MuyingStore        *store,
               GtkWindow          *parent,
               const char         *pdf_path,
               GError            **error)
{
  GtkPrintOperationResult result;

  if (pdf_path != NULL)
    return export_pdf (operation, store, pdf_path, error);
  result = _muying_print_run_guarded (operation, store, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled"));
      return FALSE;
    }
  return TRUE;
}

gboolean
muying_print_records (MuyingStore        *store,
                      MuyingRuleSet      *rules,
                      const char         *user,
                      const gint64       *record_ids,
                      guint               n_records,
                      MuyingDocumentKind  kind,
                      GtkWindow          *parent,
                      const char         *pdf_path,
                      guint              *n_skipped,
                      GError            **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_document_free);
  g_autoptr(GtkPrintOperation) operation = NULL;
  guint skipped = 0;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (record_ids != NULL || n_records == 0, FALSE);

  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(GError) local = NULL;
      MuyingDocument *doc = muying_store_load_document (store, rules, record_ids[i], kind, NULL, &local);

      if (doc != NULL)
        g_ptr_array_add (documents, doc);
      else if (g_error_matches (local, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT))
        skipped++;
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (n_skipped != NULL)
    *n_skipped = skipped;
  if (documents->len == 0)
    {
      /* TRANSLATORS: %s is a document, e.g. “用药警示卡” */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("None of the selected records needs a %s"), muying_document_kind_get_label (kind));
      return FALSE;
    }

  operation = muying_print_operation_new (documents, rules);
  if (!run_operation (operation, store, parent, pdf_path, error))
    return FALSE;
  for (guint i = 0; i < documents->len; i++)
    {
      const MuyingDocument *doc = g_ptr_array_index (documents, i);

      if (!muying_store_audit_printed (store, user, doc->record_id, kind, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
muying_print_recall_letters (MuyingStore  *store,
                             const char   *user,
                             GPtrArray    *rows,
                             GtkWindow    *parent,
                             const char   *pdf_path,
                             GError      **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *name = NULL;
  g_autofree char *today_iso = NULL;
  GPtrArray *blocks;
  GDate today;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  if (rows->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Nobody is due in this period"));
      return FALSE;
    }
  muying_date_today (&today);
  today_iso = muying_date_format (&today);
  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingRecallRow *row = g_ptr_array_index (rows, i);
      g_autofree char *institution = recall_institution (store, row);

      g_ptr_array_add (blocks, compose_recall_letter (row, institution, today_iso));
    }
  /* TRANSLATORS: print job name: number of letters */
  name = g_strdup_printf (_("Recall letters (%u)"), rows->len);
  operation = operation_for_blocks (NULL, NULL, blocks, name);
  if (!run_operation (operation, store, parent, pdf_path, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!muying_store_audit_recall_letter (store, user, g_ptr_array_index (rows, i), error))
      return FALSE;
  return TRUE;
}
