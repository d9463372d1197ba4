/* muying-xlsx-reader.c: the rows of the first worksheet of an .xlsx file (minizip + GMarkup)
 *
 * An .xlsx file is a zip of XML parts: xl/workbook.xml names the sheets (and the date system),
 * xl/_rels/workbook.xml.rels says which part holds each sheet, xl/styles.xml says which cell
 * styles are dates, xl/sharedStrings.xml holds the text of "s" cells. Each part is inflated
 * in chunks straight into a GMarkup parser, so only the rows are kept in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-xlsx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <minizip/unzip.h>
#include <string.h>

#include "muying-error.h"
#include "muying-sheet-rows.h"
#include "muying-xlsx-reader-private.h"
#include "muying-xlsx-reader.h"

struct _MuyingXlsxReader
{
  GStringChunk    *chunk;    /* the shared strings */
  MuyingSheetRows *rows;     /* the first worksheet's rows */
};

/* ---- the zip, from memory ------------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
} MemFile;

static voidpf ZCALLBACK
mem_open (voidpf opaque, const void *filename, int mode)
{
  MemFile *m = opaque;

  m->pos = 0;
  return m;
}

static uLong ZCALLBACK
mem_read (voidpf opaque, voidpf stream, void *buf, uLong size)
{
  MemFile *m = stream;
  gsize n = MIN ((gsize) size, m->size - m->pos);

  if (n > 0)
    memcpy (buf, m->data + m->pos, n);
  m->pos += n;
  return (uLong) n;
}

static uLong ZCALLBACK
mem_write (voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  return 0;
}

static ZPOS64_T ZCALLBACK
mem_tell (voidpf opaque, voidpf stream)
{
  return ((MemFile *) stream)->pos;
}

static long ZCALLBACK
mem_seek (voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
  MemFile *m = stream;
  guint64 base;

  switch (origin)
    {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = m->pos;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = m->size;
      break;
    default:
      return -1;
    }
  if (offset > m->size || base + offset > m->size)
    return -1;
  m->pos = (gsize) (base + offset);
  return 0;
}

static int ZCALLBACK
mem_close (voidpf opaque, voidpf stream)
{
  return 0;
}

static int ZCALLBACK
mem_error (voidpf opaque, voidpf stream)
{
  return 0;
}

static void
set_not_workbook (GError    **error,
                  const char *why)
{
  /* TRANSLATORS: %s says what is wrong with the file */
  g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
               _("The file is not a readable Excel workbook (.xlsx): %s"), why);
}

/* Inflates the part @name into @context chunk by chunk. FALSE with @error when the part is
 * missing (and @required), too large, damaged or not well-formed XML. */
static gboolean
parse_part (unzFile               zip,
            const char           *name,
            gboolean              required,
            gsize                 max_size,
            GMarkupParseContext  *context,
            GError              **error)
{
  g_autofree char *buf = NULL;
  gsize total = 0;
  int n, status;

  if (unzLocateFile (zip, name, 1) != UNZ_OK)
    {
      if (!required)
        return TRUE;
      {
        /* TRANSLATORS: %s: a part of the file, e.g. xl/workbook.xml */
        g_autofree char *why = g_strdup_printf (_("the part “%s” is missing"), name);
        set_not_workbook (error, why);
      }
      return FALSE;
    }
  if (unzOpenCurrentFile (zip) != UNZ_OK)
    {
      set_not_workbook (error, _("the zip archive is damaged or encrypted"));
      return FALSE;
    }
  buf = g_malloc (64 * 1024);
  while ((n = unzReadCurrentFile (zip, buf, 64 * 1024)) > 0)
    {
      total += (gsize) n;
      if (total > max_size)
        {
          unzCloseCurrentFile (zip);
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                       _("The workbook part “%s” is larger than %u MB uncompressed; split the file"), name,
                       (guint) MAX (max_size / (1024 * 1024), 1));
          return FALSE;
        }
      if (!g_markup_parse_context_parse (context, buf, n, error))
        {
          unzCloseCurrentFile (zip);
          g_prefix_error (error, "%s: ", name);
          return FALSE;
        }
    }
  status = unzCloseCurrentFile (zip);
  if (n < 0 || status != UNZ_OK)
    {
      set_not_workbook (error, _("the zip archive is damaged"));
      return FALSE;
    }
  if (!g_markup_parse_context_end_parse (context, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

/* The name without its namespace prefix ("x:row" → "row"). */
static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon ? colon + 1 : name;
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (local_name (names[i]), wanted) == 0)
      return values[i];
  return NULL;
}

/* ---- xl/workbook.xml and its relationships ------------------------------------------------------ */

typedef struct
{
  gboolean    date1904;
  const char *wanted;     /* the sheet's name; NULL: the first sheet */
  char       *sheet_rid;  /* that sheet's relationship */
  char    *sheet_target;  /* its part, from the relationships */
} Book;

static void
book_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
            gpointer user_data, GError **error)
{
  Book *book = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "workbookPr") == 0)
    {
      const char *v = attribute (names, values, "date1904");

      book->date1904 = v != NULL && (strcmp (v, "1") == 0 || g_ascii_strcasecmp (v, "true") == 0);
    }
  else if (strcmp (name, "sheet") == 0 && book->sheet_rid == NULL &&
           (book->wanted == NULL || g_strcmp0 (attribute (names, values, "name"), book->wanted) == 0))
    book->sheet_rid = g_strdup (attribute (names, values, "id"));
}

static void
rels_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
            gpointer user_data, GError **error)
{
  Book *book = user_data;

  if (strcmp (local_name (element), "Relationship") == 0 && book->sheet_target == NULL &&
      g_strcmp0 (attribute (names, values, "Id"), book->sheet_rid) == 0)
    {
      const char *target = attribute (names, values, "Target");

      if (target == NULL)
        return;
      /* Relative to xl/, or absolute from the root of the package. */
      book->sheet_target = target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL);
    }
}

/* ---- xl/styles.xml: which cell styles are dates ------------------------------------------------- */

typedef struct
{
  GHashTable *date_formats;   /* custom numFmtId → non-NULL when it is a date format */
  GArray     *xf_is_date;     /* gboolean per cellXfs entry */
  gboolean    in_cell_xfs;
} Styles;

static gboolean
builtin_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* A format code shows a date when it has d, m or y outside quoted text, [brackets] and escapes. */
static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE, bracket = FALSE;

  for (const char *p = code; *p; p++)
    {
      if (quoted)
        quoted = *p != '"';
      else if (bracket)
        bracket = *p != ']';
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == '[')
        bracket = TRUE;
      else if ((*p == '\\' || *p == '_' || *p == '*') && p[1] != '\0')
        p++;
      else if (strchr ("dDmMyY", *p) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
styles_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
              gpointer user_data, GError **error)
{
  Styles *styles = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "numFmt") == 0)
    {
      const char *id = attribute (names, values, "numFmtId");
      const char *code = attribute (names, values, "formatCode");

      if (id != NULL && code != NULL && format_code_is_date (code))
        g_hash_table_add (styles->date_formats, GUINT_TO_POINTER ((guint) g_ascii_strtoull (id, NULL, 10)));
    }
  else if (strcmp (name, "cellXfs") == 0)
    styles->in_cell_xfs = TRUE;
  else if (strcmp (name, "xf") == 0 && styles->in_cell_xfs)
    {
      const char *id = attribute (names, values, "numFmtId");
      guint n = id ? (guint) g_ascii_strtoull (id, NULL, 10) : 0;
      gboolean is_date = builtin_is_date (n) || g_hash_table_contains (styles->date_formats, GUINT_TO_POINTER (n));

      g_array_append_val (styles->xf_is_date, is_date);
    }
}

static void
styles_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  Styles *styles = user_data;

  if (strcmp (local_name (element), "cellXfs") == 0)
    styles->in_cell_xfs = FALSE;
}

/* ---- xl/sharedStrings.xml --------------------------------------------------------------------- */

typedef struct
{
  GStringChunk *chunk;
  GPtrArray    *strings;   /* const char * in chunk */
  GString      *current;
  gboolean      in_si;
  gboolean      in_t;
  guint         in_phonetic;   /* <rPh>: the reading of Japanese text, not the text */
} Strings;

static void
strings_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
               gpointer user_data, GError **error)
{
  Strings *s = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "si") == 0)
    {
      s->in_si = TRUE;
      g_string_truncate (s->current, 0);
    }
  else if (strcmp (name, "rPh") == 0)
    s->in_phonetic++;
  else if (strcmp (name, "t") == 0)
    s->in_t = TRUE;
}

static void
strings_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  Strings *s = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "si") == 0)
    {
      s->in_si = FALSE;
      g_ptr_array_add (s->strings, g_string_chunk_insert_const (s->chunk, s->current->str));
    }
  else if (strcmp (name, "rPh") == 0 && s->in_phonetic > 0)
    s->in_phonetic--;
  else if (strcmp (name, "t") == 0)
    s->in_t = FALSE;
}

static void
strings_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data, GError **error)
{
  Strings *s = user_data;

  if (s->in_si && s->in_t && s->in_phonetic == 0)
    g_string_append_len (s->current, text, (gssize) len);
}

/* ---- the worksheet ---------------------------------------------------------------------------- */

typedef struct
{
  MuyingXlsxReader *reader;
  GPtrArray        *shared;        /* const char * */
  GArray           *xf_is_date;
  gboolean          date1904;

  guint             line;          /* the current row's number */
  GPtrArray        *row;           /* char * (owned) by column; NULL = empty */
  MuyingCsvRowFlags flags;

  gint              column;        /* the current cell's column, -1 outside a cell */
  char             *type;
  guint             style;
  GString          *value;
  gboolean          in_v;
  gboolean          in_is_t;
  guint             in_phonetic;
} Sheet;

/* "AB12" → 27 (0-based column); -1 when there are no letters; G_MAXINT past column XFD. */
static gint
column_of_reference (const char *ref)
{
  gint col = 0;
  guint letters = 0;

  for (; g_ascii_isalpha (*ref); ref++)
    {
      if (++letters > 3)
        return G_MAXINT;
      col = col * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
    }
  return letters == 0 ? -1 : col - 1;
}

char *
muying_xlsx_format_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("");
  if (v == floor (v))
    {
      if (fabs (v) < 1e15)
        return g_strdup_printf ("%.0f", v == 0 ? 0.0 : v);
      /* 16 digits or more: the digits past the 15th are gone; say it as Excel shows it. */
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.5E", v));
    }
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

/* Excel's day number as YYYY-MM-DD; NULL when it is no date (1900 system: day 60 is the
 * 29 February 1900 that never was, day 1 is 1 January 1900; 1904 system: day 0 is 1 January 1904). */
static char *
format_date (double   serial,
             gboolean date1904)
{
  GDate date;
  double day = floor (serial);

  if (!isfinite (serial) || day < (date1904 ? 0 : 1) || day > 2958465 || (!date1904 && day == 60))
    return NULL;
  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1904);
  else
    {
      g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
      if (day > 60)
        day -= 1;
    }
  g_date_add_days (&date, (guint) day);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static char *
cell_text (Sheet   *sh,
           GError **error)
{
  const char *t = sh->type ? sh->type : "n";
  const char *v = sh->value->str;

  if (strcmp (t, "s") == 0)
    {
      guint64 index;

      if (*v == '\0')
        return g_strdup ("");
      index = g_ascii_strtoull (v, NULL, 10);
      if (index >= sh->shared->len)
        {
          set_not_workbook (error, _("a cell refers to a shared text that does not exist"));
          return NULL;
        }
      return g_strdup (g_ptr_array_index (sh->shared, (guint) index));
    }
  if (strcmp (t, "inlineStr") == 0 || strcmp (t, "str") == 0 || strcmp (t, "e") == 0)
    return g_strdup (v);
  if (strcmp (t, "b") == 0)
    return g_strdup (*v == '\0' ? "" : strcmp (v, "1") == 0 || g_ascii_strcasecmp (v, "true") == 0 ? "TRUE" : "FALSE");
  if (strcmp (t, "d") == 0)
    return strlen (v) >= 10 && v[4] == '-' && v[7] == '-' ? g_strndup (v, 10) : g_strdup (v);

  /* A number. */
  {
    char *end = NULL;
    double number;

    g_strstrip (sh->value->str);
    v = sh->value->str;
    if (*v == '\0')
      return g_strdup ("");
    number = g_ascii_strtod (v, &end);
    if (end == v || *end != '\0')
      return g_strdup (v);
    if (sh->style < sh->xf_is_date->len && g_array_index (sh->xf_is_date, gboolean, sh->style))
      {
        char *date = format_date (number, sh->date1904);

        if (date != NULL)
          return date;
      }
    return muying_xlsx_format_number (number);
  }
}

static void
emit_row (Sheet *sh)
{
  muying_sheet_rows_add (sh->reader->rows, sh->line, sh->row, sh->flags);
}

static void
sheet_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
             gpointer user_data, GError **error)
{
  Sheet *sh = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "row") == 0)
    {
      const char *r = attribute (names, values, "r");
      guint64 line = r != NULL ? g_ascii_strtoull (r, NULL, 10) : (guint64) sh->line + 1;

      /* Excel writes rows in order, numbered from 1: anything else is not a sheet we can
       * report lines of. */
      if (line <= sh->line || line > G_MAXINT)
        {
          set_not_workbook (error, _("its rows are numbered out of order"));
          return;
        }
      sh->line = (guint) line;
      g_ptr_array_set_size (sh->row, 0);
      sh->flags = MUYING_CSV_ROW_OK;
    }
  else if (strcmp (name, "c") == 0)
    {
      const char *r = attribute (names, values, "r");
      const char *s = attribute (names, values, "s");
      gint col = r != NULL ? column_of_reference (r) : -1;

      sh->column = col >= 0 ? col : (gint) sh->row->len;
      g_free (sh->type);
      sh->type = g_strdup (attribute (names, values, "t"));
      sh->style = s != NULL ? (guint) g_ascii_strtoull (s, NULL, 10) : 0;
      g_string_truncate (sh->value, 0);
    }
  else if (strcmp (name, "v") == 0)
    sh->in_v = TRUE;
  else if (strcmp (name, "rPh") == 0)
    sh->in_phonetic++;
  else if (strcmp (name, "t") == 0)
    sh->in_is_t = TRUE;
}

static void
sheet_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  Sheet *sh = user_data;
  const char *name = local_name (element);

  if (strcmp (name, "c") == 0 && sh->column >= 0)
    {
      char *text = cell_text (sh, error);

      if (text == NULL)
        return;
      if (sh->column >= MUYING_CSV_MAX_FIELDS)
        {
          if (*text != '\0')
            sh->flags |= MUYING_CSV_ROW_TOO_MANY_FIELDS;
          g_free (text);
        }
      else
        {
          if ((guint) sh->column >= sh->row->len)
            g_ptr_array_set_size (sh->row, sh->column + 1);
          g_free (g_ptr_array_index (sh->row, sh->column));
          g_ptr_array_index (sh->row, sh->column) = text;
        }
      sh->column = -1;
    }
  else if (strcmp (name, "row") == 0)
    emit_row (sh);
  else if (strcmp (name, "v") == 0)
    sh->in_v = FALSE;
  else if (strcmp (name, "rPh") == 0 && sh->in_phonetic > 0)
    sh->in_phonetic--;
  else if (strcmp (name, "t") == 0)
    sh->in_is_t = FALSE;
}

static void
sheet_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data, GError **error)
{
  Sheet *sh = user_data;

  if (sh->column >= 0 && (sh->in_v || (sh->in_is_t && sh->in_phonetic == 0)))
    g_string_append_len (sh->value, text, (gssize) len);
}

/* ---- the reader ------------------------------------------------------------------------------- */

gboolean
muying_xlsx_bytes_look_like_zip (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size >= 4 && memcmp (data, "PK\003\004", 4) == 0;
}

static gboolean
parse_with (unzFile               zip,
            const char           *name,
            gboolean              required,
            gsize                 max_size,
            const GMarkupParser  *parser,
            gpointer              data,
            GError              **error)
{
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (parser, G_MARKUP_DEFAULT_FLAGS, data, NULL);

  return parse_part (zip, name, required, max_size, context, error);
}

MuyingXlsxReader *
muying_xlsx_reader_new (GBytes  *bytes,
                        GError **error)
{
  return muying_xlsx_reader_new_full (bytes, MUYING_XLSX_MAX_PART_SIZE, error);
}

MuyingXlsxReader *
muying_xlsx_reader_new_full (GBytes  *bytes,
                             gsize    max_part_size,
                             GError **error)
{
  return muying_xlsx_reader_new_for_sheet (bytes, max_part_size, NULL, error);
}

MuyingXlsxReader *
muying_xlsx_reader_new_for_sheet (GBytes     *bytes,
                                  gsize       max_part_size,
                                  const char *sheet_name,
                                  GError    **error)
{
  g_autoptr(MuyingXlsxReader) self = g_new0 (MuyingXlsxReader, 1);
  static const GMarkupParser book_parser = { book_start, NULL, NULL, NULL, NULL };
  static const GMarkupParser rels_parser = { rels_start, NULL, NULL, NULL, NULL };
  static const GMarkupParser styles_parser = { styles_start, styles_end, NULL, NULL, NULL };
  static const GMarkupParser strings_parser = { strings_start, strings_end, strings_text, NULL, NULL };
  static const GMarkupParser sheet_parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };
  zlib_filefunc64_def io = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, NULL };
  MemFile mem = { 0 };
  Book book = { .wanted = sheet_name };
  g_autoptr(GHashTable) date_formats = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) xf_is_date = g_array_new (FALSE, FALSE, sizeof (gboolean));
  Styles styles = { date_formats, xf_is_date, FALSE };
  g_autoptr(GPtrArray) shared = g_ptr_array_new ();
  g_autoptr(GString) current = g_string_new (NULL);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) value = g_string_new (NULL);
  Strings strings = { 0 };
  Sheet sheet = { 0 };
  unzFile zip;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);

  self->chunk = g_string_chunk_new (64 * 1024);
  self->rows = muying_sheet_rows_new ();

  mem.data = g_bytes_get_data (bytes, &mem.size);
  io.opaque = &mem;
  zip = unzOpen2_64 ("memory.xlsx", &io);
  if (zip == NULL)
    {
      set_not_workbook (error, _("it is not a zip archive, or the archive is damaged"));
      return NULL;
    }

  strings = (Strings) { self->chunk, shared, current, FALSE, FALSE, 0 };
  ok = parse_with (zip, "xl/workbook.xml", TRUE, max_part_size, &book_parser, &book, error) &&
       parse_with (zip, "xl/_rels/workbook.xml.rels", TRUE, max_part_size, &rels_parser, &book, error) &&
       parse_with (zip, "xl/styles.xml", FALSE, max_part_size, &styles_parser, &styles, error) &&
       parse_with (zip, "xl/sharedStrings.xml", FALSE, max_part_size, &strings_parser, &strings, error);
  if (ok && book.sheet_target == NULL)
    {
      set_not_workbook (error, _("it has no worksheet"));
      ok = FALSE;
    }
  if (ok)
    {
      sheet = (Sheet) { .reader = self, .shared = shared, .xf_is_date = xf_is_date, .date1904 = book.date1904,
                        .row = row, .column = -1, .value = value };
      ok = parse_with (zip, book.sheet_target, TRUE, max_part_size, &sheet_parser, &sheet, error);
      g_free (sheet.type);
    }
  unzClose (zip);
  g_free (book.sheet_rid);
  g_free (book.sheet_target);
  if (!ok)
    {
      if (error != NULL && *error != NULL && (*error)->domain != MUYING_IMPORT_ERROR)
        {
          /* A GMarkup error: say what it is about first. Its message may quote the bad bytes
           * of the file as they are (not UTF-8). */
          g_autofree char *why = g_utf8_make_valid ((*error)->message, -1);

          g_clear_error (error);
          set_not_workbook (error, why);
        }
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
muying_xlsx_reader_free (MuyingXlsxReader *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free (self->chunk);
  muying_sheet_rows_free (self->rows);
  g_free (self);
}

gboolean
muying_xlsx_reader_next (MuyingXlsxReader *self)
{
  return muying_sheet_rows_next (self->rows);
}

guint
muying_xlsx_reader_get_line (MuyingXlsxReader *self)
{
  return muying_sheet_rows_get_line (self->rows);
}

guint
muying_xlsx_reader_get_n_fields (MuyingXlsxReader *self)
{
  return muying_sheet_rows_get_n_fields (self->rows);
}

const char * const *
muying_xlsx_reader_get_fields (MuyingXlsxReader *self)
{
  return muying_sheet_rows_get_fields (self->rows);
}

MuyingCsvRowFlags
muying_xlsx_reader_get_flags (MuyingXlsxReader *self)
{
  return muying_sheet_rows_get_flags (self->rows);
}

double
muying_xlsx_reader_get_progress (MuyingXlsxReader *self)
{
  return muying_sheet_rows_get_progress (self->rows);
}

MuyingSheetRows *
muying_xlsx_reader_steal_rows (MuyingXlsxReader *self)
{
  MuyingSheetRows *rows = self->rows;

  self->rows = muying_sheet_rows_new ();
  return rows;
}
