/* test-program-descriptor.c: each programme's fields, named once, read and written the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-id-number.h"
#include "muying-program-descriptor.h"
#include "muying-screening.h"

/* Keys, columns and labels are unique within a programme; the named fields exist. */
static void
test_tables (void)
{
  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      const MuyingProgramDescriptor *d = muying_program_descriptor_get ((MuyingProgram) p);
      g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_nonnull (d);
      g_assert_cmpint (d->program, ==, p);
      g_assert_nonnull (muying_program_descriptor_find (d, d->key_field));
      g_assert_nonnull (muying_program_descriptor_find (d, d->id_field));
      g_assert_nonnull (muying_program_descriptor_find (d, d->name_field));
      g_assert_nonnull (muying_program_descriptor_find (d, d->date_field));
      g_assert_null (muying_program_descriptor_find (d, "no_such_field"));
      for (const MuyingField *f = d->fields; f->key != NULL; f++)
        {
          g_assert_true (g_hash_table_add (keys, (gpointer) f->key));
          g_assert_true (g_hash_table_add (columns, (gpointer) f->column));
          g_assert_nonnull (f->label);
          g_assert_true (muying_program_descriptor_find (d, f->key) == f);
          if (f->kind == MUYING_FIELD_CHOICE)
            {
              g_assert_nonnull (f->choices);
              g_assert_nonnull (f->allowed);
            }
          if (f->kind == MUYING_FIELD_NUMBER)
            g_assert_cmpfloat (f->min, <, f->max);
        }
      g_assert_cmpuint (muying_program_descriptor_count (d), ==, g_hash_table_size (keys));
    }
}

/* The value without a GVariant (the store's saves and binds) is the store's value; a date's text
 * is muying_date_format's. */
static void
check_peek (const MuyingField *f,
            gconstpointer      record,
            GVariant          *stored)
{
  MuyingFieldValue value;

  muying_field_peek_value (f, record, &value);
  switch (value.type)
    {
    case MUYING_FIELD_VALUE_NULL:
      g_assert_null (stored);
      break;
    case MUYING_FIELD_VALUE_TEXT:
      g_assert_true (g_variant_is_of_type (stored, G_VARIANT_TYPE_STRING));
      g_assert_cmpstr (value.text, ==, g_variant_get_string (stored, NULL));
      if (f->kind == MUYING_FIELD_DATE)
        {
          g_autofree char *formatted = muying_date_format (G_STRUCT_MEMBER_P (record, f->offset));

          g_assert_cmpstr (value.text, ==, formatted);
        }
      break;
    case MUYING_FIELD_VALUE_INT:
      g_assert_cmpint (value.integer, ==, g_variant_get_int64 (stored));
      break;
    case MUYING_FIELD_VALUE_REAL:
      g_assert_cmpfloat (value.real, ==, g_variant_get_double (stored));
      break;
    default:
      g_assert_not_reached ();
    }
  muying_field_value_clear (&value);
  g_assert_cmpint (value.type, ==, MUYING_FIELD_VALUE_NULL);
}

/* Every field of a filled-in record goes to the store's value and back unchanged, and a new record
 * holds "not recorded" in every optional field. */
static void
check_round_trip (const MuyingProgramDescriptor *d,
                  gpointer                       record)
{
  gpointer copy = d->record_new ();

  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      g_autoptr(GVariant) value = muying_field_get_value (f, record);
      g_autoptr(GVariant) again = NULL;
      g_autofree char *text = muying_field_to_text (f, record);
      g_autofree char *text_again = NULL;

      g_assert_true (muying_field_set_value (f, copy, value));
      again = muying_field_get_value (f, copy);
      if (value == NULL)
        g_assert_null (again);
      else
        g_assert_true (g_variant_equal (value, again));
      text_again = muying_field_to_text (f, copy);
      g_assert_cmpstr (text, ==, text_again);
      check_peek (f, record, value);
    }
  d->record_free (copy);
}

static void
test_round_trip (void)
{
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();

  /* empty records first */
  check_round_trip (&muying_prenatal_descriptor, p);
  check_round_trip (&muying_newborn_descriptor, n);
  check_round_trip (&muying_two_cancer_descriptor, t);
  g_assert_true (isnan (p->nt_mm));
  g_assert_cmpint (p->nipt_status, ==, MUYING_NIPT_STATUS_OK);
  g_assert_cmpint (t->us_birads, ==, MUYING_BIRADS_NOT_RECORDED);
  g_assert_nonnull (n->variants);

  p->sample_no = g_strdup ("P1");
  p->id_number = g_strdup ("110101199001011237");
  p->name = g_strdup ("王芳");
  g_date_set_dmy (&p->sample_date, 5, 3, 2026);
  p->test_type = MUYING_PRENATAL_TEST_MID_QUAD;
  p->ga_days = 16 * 7 + 3;
  g_date_set_dmy (&p->edd, 1, 8, 2026);
  p->weight_kg = 61.5;
  p->t21_risk = 270;
  p->afp_mom = 2.6;
  p->nt_mm = 3.1;
  p->nipt_status = MUYING_NIPT_STATUS_FAIL;
  check_round_trip (&muying_prenatal_descriptor, p);

  n->sample_no = g_strdup ("N1");
  n->sex = MUYING_SEX_FEMALE;
  n->panel = g_strdup ("9");
  g_ptr_array_add (n->variants, muying_variant_new ("GJB2", "c.235delC", MUYING_ZYGOSITY_HOM));
  g_ptr_array_add (n->variants, muying_variant_new ("MT-RNR1", "m.1555A>G", MUYING_ZYGOSITY_HOMOPLASMIC));
  n->hearing_left = MUYING_HEARING_REFER;
  n->rescreen_left = MUYING_HEARING_PASS;
  check_round_trip (&muying_newborn_descriptor, n);

  t->exam_no = g_strdup ("T1");
  t->hpv = MUYING_HPV_POSITIVE;
  t->hpv_types = MUYING_HPV_TYPES_16_18;
  t->via_vili = MUYING_EXAM_NORMAL;
  t->colposcopy = MUYING_EXAM_NORMAL;
  t->us_birads = MUYING_BIRADS_4B;
  t->cancer_stage = MUYING_CANCER_STAGE_III;
  check_round_trip (&muying_two_cancer_descriptor, t);
}

/* The store keeps the canonical keys; people read the labels. */
static void
test_texts (void)
{
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();
  const MuyingField *f;
  g_autofree char *risk = NULL, *ga_weeks = NULL, *ga_days = NULL, *ga_display = NULL;
  g_autofree char *via = NULL, *colpo = NULL, *nt = NULL;
  g_autoptr(GVariant) stored = NULL;

  p->t21_risk = 270;
  p->ga_days = 12 * 7 + 3;
  p->nt_mm = 2.5;
  risk = muying_field_to_text (muying_program_descriptor_find (&muying_prenatal_descriptor, "t21_risk"), p);
  g_assert_cmpstr (risk, ==, "1/270");
  ga_weeks = muying_field_to_text (muying_program_descriptor_find (&muying_prenatal_descriptor, "ga_weeks"), p);
  ga_days = muying_field_to_text (muying_program_descriptor_find (&muying_prenatal_descriptor, "ga_days"), p);
  g_assert_cmpstr (ga_weeks, ==, "12");
  g_assert_cmpstr (ga_days, ==, "3");
  ga_display = muying_field_to_display (muying_program_descriptor_find (&muying_prenatal_descriptor, "ga_days"), p);
  g_assert_cmpstr (ga_display, ==, "12+3");
  nt = muying_field_to_text (muying_program_descriptor_find (&muying_prenatal_descriptor, "nt_mm"), p);
  g_assert_cmpstr (nt, ==, "2.5");

  /* NIPT status: empty reads as a successful test, and is stored as "ok" */
  f = muying_program_descriptor_find (&muying_prenatal_descriptor, "nipt_status");
  stored = muying_field_get_value (f, p);
  g_assert_cmpstr (g_variant_get_string (stored, NULL), ==, "ok");

  /* VIA/VILI says negative, colposcopy normal, for the same value */
  t->via_vili = MUYING_EXAM_NORMAL;
  t->colposcopy = MUYING_EXAM_NORMAL;
  via = muying_field_to_text (muying_program_descriptor_find (&muying_two_cancer_descriptor, "via_vili"), t);
  colpo = muying_field_to_text (muying_program_descriptor_find (&muying_two_cancer_descriptor, "colposcopy"), t);
  g_assert_cmpstr (via, ==, "negative");
  g_assert_cmpstr (colpo, ==, "normal");
}

static void
test_choices (void)
{
  const MuyingField *us = muying_program_descriptor_find (&muying_two_cancer_descriptor, "us_birads");
  const MuyingField *stage = muying_program_descriptor_find (&muying_two_cancer_descriptor, "cancer_stage");
  const MuyingField *cbe = muying_program_descriptor_find (&muying_two_cancer_descriptor, "cbe");
  const MuyingField *rescreen = muying_program_descriptor_find (&muying_newborn_descriptor, "rescreen_left");
  int v = -1;

  g_assert_true (muying_field_choice_from_key (us, "4", &v));
  g_assert_cmpint (v, ==, MUYING_BIRADS_4A);
  g_assert_true (muying_field_choice_from_key (us, "BI-RADS 4b类", &v));
  g_assert_cmpint (v, ==, MUYING_BIRADS_4B);
  g_assert_false (muying_field_choice_from_key (us, "7", &v));
  g_assert_false (muying_field_choice_from_key (us, "", &v));

  g_assert_true (muying_field_choice_from_key (stage, "Ⅱ期", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_II);
  g_assert_true (muying_field_choice_from_key (stage, "IIIC1", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_III);
  g_assert_true (muying_field_choice_from_key (stage, "4", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_IV);
  g_assert_false (muying_field_choice_from_key (stage, "V", &v));

  /* a breast exam and a rescreen are done or not recorded: "not done" is not one of their values */
  g_assert_false (muying_field_choice_from_key (cbe, "not_done", &v));
  g_assert_true (muying_field_choice_from_key (cbe, "negative", &v));
  g_assert_cmpint (v, ==, MUYING_EXAM_NORMAL);
  g_assert_false (muying_field_choice_from_key (rescreen, "not_done", &v));

  /* a damaged stored value is refused and leaves the field not recorded */
  {
    g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();
    g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_string ("9Z"));

    t->us_birads = MUYING_BIRADS_5;
    g_assert_false (muying_field_set_value (us, t, bad));
    g_assert_cmpint (t->us_birads, ==, MUYING_BIRADS_NOT_RECORDED);
  }
}

/* The kinds and lists of the new columns: an optional panel kept as '' (no gene test), a county code,
 * a whole number, a track's stage with its sub-stages of I, the worse of two breasts. */
static void
test_new_columns (void)
{
  const MuyingField *panel = muying_program_descriptor_find (&muying_newborn_descriptor, "panel");
  const MuyingField *weeks = muying_program_descriptor_find (&muying_newborn_descriptor, "gestation_weeks");
  const MuyingField *area = muying_program_descriptor_find (&muying_newborn_descriptor, "area_code");
  const MuyingField *stage = muying_program_descriptor_find (&muying_two_cancer_descriptor, "cervical_stage");
  const MuyingField *old_stage = muying_program_descriptor_find (&muying_two_cancer_descriptor, "cancer_stage");
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new_string (""));
  g_autofree char *no_test = NULL, *weeks_text = NULL, *weeks_display = NULL;
  MuyingFieldValue value;
  int v = -1;

  g_assert_false (MUYING_FIELD_IS (panel, MUYING_FIELD_REQUIRED));
  muying_field_peek_value (panel, n, &value);
  g_assert_cmpint (value.type, ==, MUYING_FIELD_VALUE_TEXT);
  g_assert_cmpstr (value.text, ==, "");
  muying_field_value_clear (&value);
  n->panel = g_strdup ("9");
  g_assert_true (muying_field_set_value (panel, n, empty));
  g_assert_null (n->panel);
  no_test = muying_field_display_value (panel, empty);
  g_assert_cmpstr (no_test, ==, "No gene test");

  n->gestation_weeks = 38;
  weeks_text = muying_field_to_text (weeks, n);
  weeks_display = muying_field_to_display (weeks, n);
  g_assert_cmpstr (weeks_text, ==, "38");
  g_assert_cmpstr (weeks_display, ==, "38");
  muying_field_peek_value (weeks, n, &value);
  g_assert_cmpint (value.type, ==, MUYING_FIELD_VALUE_INT);
  g_assert_cmpint (value.integer, ==, 38);
  n->gestation_weeks = 0;
  muying_field_peek_value (weeks, n, &value);
  g_assert_cmpint (value.type, ==, MUYING_FIELD_VALUE_NULL);
  n->area_code = g_strdup ("410105");
  check_round_trip (&muying_newborn_descriptor, n);
  g_assert_cmpint (area->kind, ==, MUYING_FIELD_AREA_CODE);

  g_assert_true (muying_area_code_check ("410105", NULL));
  g_assert_true (muying_area_code_check ("810000", NULL));
  g_assert_false (muying_area_code_check ("41010", NULL));
  g_assert_false (muying_area_code_check ("4101051", NULL));
  g_assert_false (muying_area_code_check ("99 101", NULL));
  g_assert_false (muying_area_code_check ("990101", NULL));
  g_assert_false (muying_area_code_check ("410000", NULL));

  g_assert_true (muying_field_choice_from_key (stage, "IB2", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_IB);
  g_assert_true (muying_field_choice_from_key (stage, "ⅠA期", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_IA);
  g_assert_true (muying_field_choice_from_key (stage, "IIA", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_II);
  g_assert_true (muying_field_choice_from_key (old_stage, "IB2", &v));
  g_assert_cmpint (v, ==, MUYING_CANCER_STAGE_I);
  g_assert_true (MUYING_FIELD_IS (old_stage, MUYING_FIELD_IMPORT_ONLY));
  g_assert_false (MUYING_FIELD_IS (old_stage, MUYING_FIELD_STORED));
  g_assert_null (muying_program_descriptor_find (&muying_two_cancer_descriptor, "treatment"));

  g_assert_cmpint (muying_birads_worse (MUYING_BIRADS_3, MUYING_BIRADS_0), ==, MUYING_BIRADS_0);
  g_assert_cmpint (muying_birads_worse (MUYING_BIRADS_0, MUYING_BIRADS_4A), ==, MUYING_BIRADS_4A);
  g_assert_cmpint (muying_birads_worse (MUYING_BIRADS_6, MUYING_BIRADS_5), ==, MUYING_BIRADS_6);
  g_assert_cmpint (muying_birads_worse (MUYING_BIRADS_NOT_RECORDED, MUYING_BIRADS_1), ==, MUYING_BIRADS_1);
  g_assert_cmpint (muying_birads_worse (MUYING_BIRADS_2, MUYING_BIRADS_NOT_RECORDED), ==, MUYING_BIRADS_2);
}

static void
test_lookup (void)
{
  const MuyingProgramDescriptor *owner = NULL;

  g_assert_nonnull (muying_program_descriptor_lookup ("rescreen_left", &owner));
  g_assert_true (owner == &muying_newborn_descriptor);
  g_assert_null (muying_program_descriptor_lookup ("nothing", &owner));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/descriptor/tables", test_tables);
  g_test_add_func ("/descriptor/round-trip", test_round_trip);
  g_test_add_func ("/descriptor/texts", test_texts);
  g_test_add_func ("/descriptor/choices", test_choices);
  g_test_add_func ("/descriptor/lookup", test_lookup);
  g_test_add_func ("/descriptor/new-columns", test_new_columns);
  return g_test_run ();
}
