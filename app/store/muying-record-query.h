/* muying-record-query.h: the rows of a programme's record list, fetched a page at a time
 *
 * Browsing pages with keyset queries (WHERE (sort key, id) < (last seen) … LIMIT n) so that any
 * page costs the same at a million records; a jump to a far position falls back to OFFSET once
 * and continues by keyset from there. Searching (ID number, name, sample/exam number, phone:
 * prefixes) goes through the person and key indexes and returns the small set of matches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_RECORD_SORT_DATE,
  MUYING_RECORD_SORT_KEY,
} MuyingRecordSort;

typedef struct
{
  MuyingProgram    program;
  char            *search;         /* NULL or empty: browse */
  int              min_level;      /* -1 any; else only records at exactly this level */
  char            *date_from;      /* ISO, inclusive, nullable */
  char            *date_to;        /* ISO, inclusive, nullable */
  MuyingRecordSort sort;
  gboolean         descending;
} MuyingRecordFilter;

typedef struct
{
  gint64       id;
  gint64       person_id;
  char        *key;
  char        *name;
  char        *id_number;      /* the woman's (or the mother's for newborns) */
  char        *date;
  MuyingLevel  level;
  char        *reasons;        /* codes, ';'-separated */
  char        *review_state;
  char        *summary;        /* the stored values of the programme's MUYING_FIELD_SUMMARY fields,
                                  in field order, '|'-separated ("" = not recorded) */
} MuyingRecordRow;

/* Search results are capped: a search is for finding a person, not for browsing. */
#define MUYING_RECORD_SEARCH_LIMIT 500

MuyingRecordFilter *muying_record_filter_new   (MuyingProgram              program);
MuyingRecordFilter *muying_record_filter_copy  (const MuyingRecordFilter  *filter);
void                muying_record_filter_free  (MuyingRecordFilter        *filter);
gboolean            muying_record_filter_is_search (const MuyingRecordFilter *filter);

void                muying_record_row_free     (MuyingRecordRow           *row);
/* Every column the same (a refresh that found the row unchanged); NULL equals only NULL. */
gboolean            muying_record_row_equal    (const MuyingRecordRow     *a,
                                                const MuyingRecordRow     *b);

/* Number of rows the filter selects (for a search: at most MUYING_RECORD_SEARCH_LIMIT). */
gint64     muying_record_query_count      (MuyingStore                *store,
                                           const MuyingRecordFilter   *filter,
                                           GError                    **error);
/* Rows [offset, offset + limit). @after is the last row of the previous page, or @before the
 * first row of the next page, when known (keyset, forwards or backwards); with neither, the
 * page is found from @offset through the index. Returns a GPtrArray of MuyingRecordRow. */
GPtrArray *muying_record_query_page       (MuyingStore                *store,
                                           const MuyingRecordFilter   *filter,
                                           const MuyingRecordRow      *after,
                                           const MuyingRecordRow      *before,
                                           gint64                      offset,
                                           guint                       limit,
                                           GError                    **error);

/* The rows of the records @ids of @program (a drill-down's cases), in the order of @ids; an id
 * that is not a record of @program is left out. Returns a GPtrArray of MuyingRecordRow. */
GPtrArray *muying_record_query_rows       (MuyingStore                *store,
                                           MuyingProgram               program,
                                           const GArray               *ids,
                                           GError                    **error);

/* For a worker thread on a connection of its own (docs/architecture.md "Threads"): every match
 * of a search filter (at most MUYING_RECORD_SEARCH_LIMIT, the first ones in index order), in
 * the filter's order. Cancelling @cancellable from another thread interrupts the query
 * (G_IO_ERROR_CANCELLED). Returns a GPtrArray of MuyingRecordRow. */
GPtrArray *muying_record_query_search     (MuyingStore                *store,
                                           const MuyingRecordFilter   *filter,
                                           GCancellable               *cancellable,
                                           GError                    **error);
/* muying_record_query_count that @cancellable interrupts, for a worker thread. */
gint64     muying_record_query_count_cancellable (MuyingStore          *store,
                                           const MuyingRecordFilter   *filter,
                                           GCancellable               *cancellable,
                                           GError                    **error);
/* The number of records a search filter matches, not capped (a broad search finds more than
 * it shows), interrupted by @cancellable: for a worker thread. */
gint64     muying_record_query_count_matches (MuyingStore              *store,
                                              const MuyingRecordFilter *filter,
                                              GCancellable             *cancellable,
                                              GError                  **error);
/* A browse filter's row count at once, without counting: from the largest record id and a
 * sample of evenly spread ids. *@exact is TRUE when the answer is an exact count (a small
 * database, or a sample that found nothing, where the real count is small and cheap).
 * -1 with @error set on failure. */
gint64     muying_record_query_estimate   (MuyingStore                *store,
                                           const MuyingRecordFilter   *filter,
                                           gboolean                   *exact,
                                           GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingRecordFilter, muying_record_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingRecordRow, muying_record_row_free)

G_END_DECLS
