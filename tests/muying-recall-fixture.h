/* muying-recall-fixture.h: the recall fixture shared by test-recall and test-recall-page
 *
 * Two-cancer records saved through muying_store_save_two_cancer, classified by the shipped
 * rules. The period is 2027-01-01 … 2027-06-30; each woman's due date is counted by hand
 * (docs/recall.md), age on the due date:
 *
 *   A 王芳 (1980-03-15) 2024-02-10 NILM, no HPV                → cervical 2027-02-10, age 46   listed (Feb)
 *   B 李娜 (1975-06-01) 2022-03-20 HPV −, NILM                 → cervical 2027-03-20 (5 years) listed (Mar)
 *   C 张丽 (1985-09-09) 2026-04-05 HPV 52 +, NILM → HPV_OTHER_REPEAT
 *                                 CBE normal, US 2             → cervical 2027-04-05 (12 months) listed (Apr);
 *                                                                breast 2028-04-05: not in the period
 *   D 刘洋 (1970-01-20) 2025-05-12 CBE normal, US 1 (no cervix) → breast 2027-05-12           listed (May)
 *   E 陈静 (1978-11-11) 2024-06-01 NILM; 2025-01-20 CBE normal, US 1
 *                                                              → cervical 2027-06-01 and breast 2027-01-20:
 *                                                                one row, both tracks, due 2027-01-20 (Jan)
 *   H 黄琴 (1972-04-04) 2024-03-15 NILM, hysterectomy yes; 2025-04-10 CBE normal, US 2
 *                                                              → cervical off (hysterectomy); breast
 *                                                                2027-04-10                   listed (Apr)
 *   L 郑洁 (1983-12-12) 2026-06-20 HPV −, ASC-US → CYTO_ASCUS_HPV_NEG
 *                                                              → cervical 2027-06-20 (12 months) listed (Jun)
 * Not listed:
 *   F 杨敏 (1979-02-02) 2024-03-01 NILM, and 2026-09-01 NILM: examined since (due 2029-09-01)
 *   G 赵霞 (1962-05-01) 2024-05-10 NILM → 2027-05-10 at 65: aged out
 *   Y 钱玲 (1994-02-01) 2024-02-01 NILM → 2027-02-01 at 32: too young
 *   I 周红 (1976-07-07) 2024-08-01 NILM → 2027-08-01: after the period
 *   K 孙梅 (1977-08-08) 2023-12-15 NILM → 2026-12-15: before the period
 *   J 吴婷 (1981-10-10) 2026-03-01 HPV 16 + → HPV16_18 (high, the worklist's); no breast exam
 *   M 钱莉 (1974-03-03) 2025-02-01 US 3 → US_RECALL: no breast cycle; no cervical exam
 *
 * 7 women: Jan 1, Feb 1, Mar 1, Apr 2, May 1, Jun 1. A has the phone 13800000001 (corrected by
 * the doctor), the others none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-date.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-test-utils.h"

#define RECALL_FROM "2027-01-01"
#define RECALL_TO   "2027-06-30"

typedef enum
{
  RECALL_CYTOLOGY_NILM = 1 << 0,
  RECALL_HPV_NEGATIVE  = 1 << 1,
  RECALL_HPV_52        = 1 << 2,
  RECALL_HPV_16        = 1 << 3,
  RECALL_ASCUS         = 1 << 4,
  RECALL_BREAST_US1    = 1 << 5,
  RECALL_BREAST_US2    = 1 << 6,
  RECALL_BREAST_US3    = 1 << 7,
  RECALL_HYSTERECTOMY  = 1 << 8,
} RecallExam;

static inline void
recall_fixture_save (MuyingStore   *store,
                     MuyingRuleSet *rules,
                     const char    *key,
                     const char    *id17,
                     const char    *name,
                     const char    *exam_date,
                     RecallExam     exam,
                     const char    *expected_codes)
{
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;

  r->exam_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup (name);
  r->institution = g_strdup ("城区妇幼保健院");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  g_assert_true (muying_date_parse (exam_date, &r->exam_date, NULL));
  if (exam & RECALL_CYTOLOGY_NILM)
    r->cytology = MUYING_CYTOLOGY_NILM;
  if (exam & RECALL_ASCUS)
    r->cytology = MUYING_CYTOLOGY_ASC_US;
  if (exam & RECALL_HPV_NEGATIVE)
    r->hpv = MUYING_HPV_NEGATIVE;
  if (exam & (RECALL_HPV_52 | RECALL_HPV_16))
    {
      r->hpv = MUYING_HPV_POSITIVE;
      g_assert_true (muying_hpv_types_parse ((exam & RECALL_HPV_16) ? "16" : "52", &r->hpv_types, NULL));
    }
  if (exam & (RECALL_BREAST_US1 | RECALL_BREAST_US2 | RECALL_BREAST_US3))
    {
      r->cbe = MUYING_EXAM_NORMAL;
      r->us_birads = (exam & RECALL_BREAST_US1) ? MUYING_BIRADS_1 : (exam & RECALL_BREAST_US2) ? MUYING_BIRADS_2
                                                                                             : MUYING_BIRADS_3;
      r->us_birads_left = r->us_birads;
      r->us_birads_right = MUYING_BIRADS_1;
    }
  if (exam & RECALL_HYSTERECTOMY)
    r->hysterectomy = MUYING_YES;
  cls = muying_rule_set_classify_two_cancer (rules, r);
  codes = muying_classification_join_codes (cls, ";");
  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_two_cancer (store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
}

/* The women of the header; @doctor corrects A's phone. */
static inline void
recall_fixture_fill (MuyingStore   *store,
                     MuyingRuleSet *rules,
                     MuyingUser    *doctor)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_a = muying_test_make_id_number ("11010519800315002");

  recall_fixture_save (store, rules, "RA", "11010519800315002", "王芳", "2024-02-10", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RB", "11010519750601002", "李娜", "2022-03-20",
                       RECALL_HPV_NEGATIVE | RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RC", "11010519850909002", "张丽", "2026-04-05",
                       RECALL_HPV_52 | RECALL_CYTOLOGY_NILM | RECALL_BREAST_US2, "HPV_OTHER_REPEAT");
  recall_fixture_save (store, rules, "RD", "11010519700120002", "刘洋", "2025-05-12", RECALL_BREAST_US1, "");
  recall_fixture_save (store, rules, "RE1", "11010519781111002", "陈静", "2024-06-01", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RE2", "11010519781111002", "陈静", "2025-01-20", RECALL_BREAST_US1, "");
  recall_fixture_save (store, rules, "RH1", "11010519720404002", "黄琴", "2024-03-15",
                       RECALL_CYTOLOGY_NILM | RECALL_HYSTERECTOMY, "");
  recall_fixture_save (store, rules, "RH2", "11010519720404002", "黄琴", "2025-04-10", RECALL_BREAST_US2, "");
  recall_fixture_save (store, rules, "RL", "11010519831212002", "郑洁", "2026-06-20",
                       RECALL_HPV_NEGATIVE | RECALL_ASCUS, "CYTO_ASCUS_HPV_NEG");
  recall_fixture_save (store, rules, "RF1", "11010519790202002", "杨敏", "2024-03-01", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RF2", "11010519790202002", "杨敏", "2026-09-01", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RG", "11010519620501002", "赵霞", "2024-05-10", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RY", "11010519940201002", "钱玲", "2024-02-01", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RI", "11010519760707002", "周红", "2024-08-01", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RK", "11010519770808002", "孙梅", "2023-12-15", RECALL_CYTOLOGY_NILM, "");
  recall_fixture_save (store, rules, "RJ", "11010519811010002", "吴婷", "2026-03-01", RECALL_HPV_16, "HPV16_18");
  recall_fixture_save (store, rules, "RM", "11010519740303002", "钱莉", "2025-02-01", RECALL_BREAST_US3, "US_RECALL");

  g_assert_true (muying_store_correct_person (store, doctor, id_a, NULL, "13800000001", "电话登记", &error));
  g_assert_no_error (error);
}
