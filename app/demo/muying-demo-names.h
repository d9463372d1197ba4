/* muying-demo-names.h: the tables behind `muying-cli demo` (synthetic but realistic records)
 *
 * Surnames weighted by their frequency in China, given names by generation, real county-level
 * administrative division codes (GB/T 2260; docs/background.md) for the first six digits of ID
 * numbers, institutions and mobile-number prefixes. The demo hospital is in Zhengzhou (Henan),
 * so local codes carry more weight. Pure data: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *text;
  guint       weight;   /* relative frequency */
} MuyingDemoWeighted;

typedef struct
{
  const char *code;     /* six digits, GB/T 2260 county level */
  const char *name;
} MuyingDemoArea;

typedef enum
{
  MUYING_DEMO_GIVEN_WOMAN,        /* women born about 1978–2006 (prenatal, mothers) */
  MUYING_DEMO_GIVEN_OLDER_WOMAN,  /* women born about 1955–1992 (two-cancer screening) */
  MUYING_DEMO_GIVEN_BOY,
  MUYING_DEMO_GIVEN_GIRL,
  MUYING_DEMO_N_GIVEN_LISTS
} MuyingDemoGivenList;

typedef enum
{
  MUYING_DEMO_INSTITUTION_PRENATAL,
  MUYING_DEMO_INSTITUTION_BIRTH,
  MUYING_DEMO_INSTITUTION_TWO_CANCER,
  MUYING_DEMO_N_INSTITUTION_LISTS
} MuyingDemoInstitutionList;

const MuyingDemoWeighted *muying_demo_names_get_surnames     (guint                     *n);
const char * const       *muying_demo_names_get_given        (MuyingDemoGivenList        list,
                                                              guint                     *n);
const MuyingDemoArea     *muying_demo_names_get_areas        (guint                     *n);
/* Relative weight of an area code: the demo hospital's city and province come first. */
guint                     muying_demo_names_get_area_weight  (const MuyingDemoArea      *area);
const char * const       *muying_demo_names_get_institutions (MuyingDemoInstitutionList  list,
                                                              guint                     *n);
/* Three-digit mobile prefixes (130 … 199). */
const char * const       *muying_demo_names_get_phone_prefixes (guint                   *n);

G_END_DECLS
