/* muying-store-records.c: writing screening records with their classification
 *
 * A record is a row of `record` (what every programme shares) plus a row of the programme's
 * own table. Both are described as a list of typed fields, so insert, compare and update are
 * written once for the three programmes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-followup.h"
#include "muying-id-number.h"
#include "muying-program-descriptor.h"
#include "muying-store-action-private.h"
#include "muying-store-persons.h"
#include "muying-store-private.h"
#include "muying-store-follow-on-private.h"
#include "muying-store-pregnancy-private.h"
#include "muying-store-records.h"

typedef enum
{
  FIELD_NULL,
  FIELD_INT,
  FIELD_REAL,
  FIELD_TEXT,
} FieldType;

/* A column's value for a save. Its text is borrowed (from the record being saved, which outlives
 * the save, or a static choice key), owned (@owned), or a date kept in @date: read it with
 * field_text, since an element of a GArray moves. */
typedef struct
{
  const char *name;
  FieldType   type;
  gint64      i;
  double      d;
  const char *s;        /* NULL: the text is @date */
  char       *owned;
  char        date[16];
} Field;

static const char *
field_text (const Field *f)
{
  return f->s != NULL ? f->s : f->date;
}

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_free (f->owned);
}

static GArray *
fields_new (void)
{
  GArray *fields = g_array_sized_new (FALSE, TRUE, sizeof (Field), 48);

  g_array_set_clear_func (fields, field_clear);
  return fields;
}

static void
add_text (GArray     *fields,
          const char *name,
          const char *value)
{
  char *copy = g_strdup (value);
  Field f = { name, value ? FIELD_TEXT : FIELD_NULL, 0, 0, copy, copy, "" };

  g_array_append_val (fields, f);
}

/* @date as muying_date_format writes it, into @out, without an allocation (a save writes several);
 * NULL when the date is not set. */
static const char *
format_date (const GDate *date,
             char         out[16])
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  g_snprintf (out, 16, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  return out;
}

static void
add_date (GArray      *fields,
          const char  *name,
          const GDate *date)
{
  Field f = { name, FIELD_NULL, 0, 0, NULL, NULL, "" };

  if (format_date (date, f.date) != NULL)
    f.type = FIELD_TEXT;
  g_array_append_val (fields, f);
}

static void
add_int (GArray     *fields,
         const char *name,
         gint64      value)
{
  Field f = { name, FIELD_INT, value, 0, NULL, NULL, "" };

  g_array_append_val (fields, f);
}

/* The programme table's columns that are fields of the descriptor, in its order: their values as
 * muying_field_get_value gives them, without a GVariant (the import's hot path). The text of
 * @record is borrowed: the record outlives the save. */
static void
add_stored_fields (GArray        *fields,
                   MuyingProgram  program,
                   gconstpointer  record)
{
  const MuyingProgramDescriptor *descriptor = muying_program_descriptor_get (program);

  for (const MuyingField *mf = descriptor->fields; mf->key != NULL; mf++)
    {
      MuyingFieldValue value;
      Field f = { mf->key, FIELD_NULL, 0, 0, NULL, NULL, "" };

      if (!MUYING_FIELD_IS (mf, MUYING_FIELD_STORED))
        continue;
      muying_field_peek_value (mf, record, &value);
      switch (value.type)
        {
        case MUYING_FIELD_VALUE_TEXT:
          f.type = FIELD_TEXT;
          if (value.text == value.date)
            memcpy (f.date, value.date, sizeof f.date);
          else if (value.owned != NULL)
            f.s = f.owned = g_steal_pointer (&value.owned);
          else
            f.s = value.text;
          break;
        case MUYING_FIELD_VALUE_INT:
          f.type = FIELD_INT;
          f.i = value.integer;
          break;
        case MUYING_FIELD_VALUE_REAL:
          f.type = FIELD_REAL;
          f.d = value.real;
          break;
        case MUYING_FIELD_VALUE_NULL:
        default:
          break;
        }
      muying_field_value_clear (&value);
      g_array_append_val (fields, f);
    }
}

static void
bind_field (MuyingSqlStmt *stmt,
            int           index,
            const Field  *f)
{
  switch (f->type)
    {
    case FIELD_NULL:
      muying_sql_bind_null (stmt, index);
      break;
    case FIELD_INT:
      muying_sql_bind_int64 (stmt, index, f->i);
      break;
    case FIELD_REAL:
      muying_sql_bind_double (stmt, index, f->d);
      break;
    case FIELD_TEXT:
      /* The fields of a save outlive its statements' steps (the record's text, the array). */
      muying_sql_bind_text (stmt, index, field_text (f), -1, SQLITE_STATIC);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
field_equals_column (const Field  *f,
                     MuyingSqlStmt *stmt,
                     int           col)
{
  int type = muying_sql_column_type (stmt, col);

  switch (f->type)
    {
    case FIELD_NULL:
      return type == SQLITE_NULL;
    case FIELD_INT:
      return type == SQLITE_INTEGER && muying_sql_column_int64 (stmt, col) == f->i;
    case FIELD_REAL:
      return (type == SQLITE_FLOAT || type == SQLITE_INTEGER) && muying_sql_column_double (stmt, col) == f->d;
    case FIELD_TEXT:
      return type == SQLITE_TEXT && strcmp ((const char *) muying_sql_column_text (stmt, col), field_text (f)) == 0;
    default:
      g_assert_not_reached ();
    }
}

static void
json_add_field (JsonBuilder *b,
                const Field *f)
{
  switch (f->type)
    {
    case FIELD_NULL:
      json_builder_add_null_value (b);
      break;
    case FIELD_INT:
      json_builder_add_int_value (b, f->i);
      break;
    case FIELD_REAL:
      json_builder_add_double_value (b, f->d);
      break;
    case FIELD_TEXT:
      json_builder_add_string_value (b, field_text (f));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
json_add_column (JsonBuilder  *b,
                 MuyingSqlStmt *stmt,
                 int           col)
{
  switch (muying_sql_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (b, muying_sql_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (b, muying_sql_column_double (stmt, col));
      break;
    case SQLITE_NULL:
      json_builder_add_null_value (b);
      break;
    default:
      json_builder_add_string_value (b, (const char *) muying_sql_column_text (stmt, col));
      break;
    }
}

static char *
builder_to_string (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

static gboolean
step_done (MuyingStore  *self,
           MuyingSqlStmt *stmt,
           GError      **error)
{
  int rc = muying_sql_step (stmt);

  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

/* ---- persons ----------------------------------------------------------------------------- */

typedef struct
{
  const char *id_number;   /* nullable: newborns */
  const char *name;
  MuyingSex   sex;
  const GDate *birth_date;
  const char *phone;       /* nullable: keep the known one */
  gint64      mother_id;   /* 0 = none */
  const char *now;         /* the save's time (one per save: formatting it costs) */
} PersonData;

static gboolean
insert_person (MuyingStore      *self,
               const PersonData *p,
               const char       *user,
               gint64           *person_id,
               GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  const char *now = p->now;
  char birth_text[16];
  const char *birth = format_date (p->birth_date, birth_text);

  stmt = muying_store_query_cached (self,
                               "INSERT INTO person (id_number, name, sex, birth_date, phone, mother_id, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, p->id_number, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 2, p->name, -1, SQLITE_STATIC);
  muying_sql_bind_int (stmt, 3, p->sex);
  muying_sql_bind_text (stmt, 4, birth, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 5, p->phone, -1, SQLITE_STATIC);
  if (p->mother_id > 0)
    muying_sql_bind_int64 (stmt, 6, p->mother_id);
  else
    muying_sql_bind_null (stmt, 6);
  muying_sql_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
  return _muying_store_step_inserted (self, stmt, person_id, error);
}

/* Updates name/phone (and sex/birth for newborns) when they changed and audits the change
 * (old → new). Callers decide what may change: a woman's name never changes here
 * (find_or_create_person refuses it), a newborn's details change with an unsigned record only.
 * @locked: refuse any change (the newborn of a signed record). @changed: (out) what changed.
 * @row's columns @first .. @first + 3 are the person's name, phone, sex and birth date as stored
 * (an import reads them with her id in one lookup; update_person reads them by id). */
static gboolean
update_person_from_row (MuyingStore      *self,
                        gint64            person_id,
                        MuyingSqlStmt     *row,
                        int               first,
                        const PersonData *p,
                        const char       *user,
                        gboolean          locked,
                        guint            *changed,
                        GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) upd = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  char birth_text[16];
  const char *birth = format_date (p->birth_date, birth_text);
  const char *now = p->now;
  g_autofree char *detail = NULL;
  const char *old_name = (const char *) muying_sql_column_text (row, first);
  const char *old_phone = (const char *) muying_sql_column_text (row, first + 1);
  int old_sex = muying_sql_column_int (row, first + 2);
  const char *old_birth = (const char *) muying_sql_column_text (row, first + 3);
  gboolean name_changed, phone_changed, sex_changed, birth_changed;

  name_changed = g_strcmp0 (old_name, p->name) != 0;
  phone_changed = p->phone != NULL && g_strcmp0 (old_phone, p->phone) != 0;
  sex_changed = p->sex != MUYING_SEX_UNKNOWN && old_sex != (int) p->sex;
  birth_changed = birth != NULL && g_strcmp0 (old_birth, birth) != 0;
  if (!name_changed && !phone_changed && !sex_changed && !birth_changed)
    return TRUE;
  if (locked)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD,
                   _("The record was signed by a doctor and is locked; change it as an amendment with a reason"));
      return FALSE;
    }
  if (changed != NULL)
    *changed = (phone_changed ? MUYING_PERSON_CHANGE_PHONE : 0) |
               (name_changed || sex_changed || birth_changed ? MUYING_PERSON_CHANGE_OTHER : 0);

  b = json_builder_new ();
  json_builder_begin_object (b);
#define CHANGE(key, old_v, new_v) \
  json_builder_set_member_name (b, key); \
  json_builder_begin_array (b); \
  if ((old_v) != NULL) json_builder_add_string_value (b, old_v); else json_builder_add_null_value (b); \
  json_builder_add_string_value (b, new_v); \
  json_builder_end_array (b);
  if (name_changed)
    {
      CHANGE ("name", old_name, p->name);
    }
  if (phone_changed)
    {
      CHANGE ("phone", old_phone, p->phone);
    }
  if (birth_changed)
    {
      CHANGE ("birth_date", old_birth, birth);
    }
#undef CHANGE
  if (sex_changed)
    {
      json_builder_set_member_name (b, "sex");
      json_builder_begin_array (b);
      json_builder_add_int_value (b, old_sex);
      json_builder_add_int_value (b, p->sex);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  detail = builder_to_string (b);

  upd = muying_store_query_cached (self,
                              "UPDATE person SET name = ?, phone = coalesce(?, phone), "
                              "sex = CASE WHEN ? = 0 THEN sex ELSE ? END, "
                              "birth_date = coalesce(?, birth_date), updated_at = ? WHERE id = ?", error);
  if (upd == NULL)
    return FALSE;
  muying_sql_bind_text (upd, 1, p->name, -1, SQLITE_STATIC);
  muying_sql_bind_text (upd, 2, p->phone, -1, SQLITE_STATIC);
  muying_sql_bind_int (upd, 3, p->sex);
  muying_sql_bind_int (upd, 4, p->sex);
  muying_sql_bind_text (upd, 5, birth, -1, SQLITE_STATIC);
  muying_sql_bind_text (upd, 6, now, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (upd, 7, person_id);
  if (!step_done (self, upd, error))
    return FALSE;
  return muying_store_audit (self, user, "update", "person", person_id, detail, error);
}

static gboolean
update_person (MuyingStore      *self,
               gint64            person_id,
               const PersonData *p,
               const char       *user,
               gboolean          locked,
               guint            *changed,
               GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) sel = muying_store_query_cached (self, "SELECT name, phone, sex, birth_date FROM person WHERE id = ?",
                                                           error);
  int rc;

  if (sel == NULL)
    return FALSE;
  muying_sql_bind_int64 (sel, 1, person_id);
  rc = muying_sql_step (sel);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  return update_person_from_row (self, person_id, sel, 0, p, user, locked, changed, error);
}

/* Persons with an ID number are unique by it (docs/architecture.md). A new person is not audited
 * here: @created tells the caller, which records it with the record (see audit_new_persons).
 *
 * A known ID number given with another name is refused (MUYING_STORE_ERROR_IDENTITY_CONFLICT):
 * the name belongs to every record of the woman, signed ones included, so it changes only by
 * muying_store_correct_person, with a reason. A new phone number is taken as her current
 * contact number (phones change; the old one stays in the audit row, and a signed record keeps
 * the one it was signed with in its sign audit row): @changed gets MUYING_PERSON_CHANGE_PHONE. */
static gboolean
find_or_create_person (MuyingStore      *self,
                       MuyingSqlStmt    *stmt,
                       const PersonData *p,
                       const char       *user,
                       gint64           *person_id,
                       gboolean         *created,
                       guint            *changed,
                       GError          **error)
{
  int rc;

  g_assert (p->id_number != NULL);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *registered = (const char *) muying_sql_column_text (stmt, 1);

      *person_id = muying_sql_column_int64 (stmt, 0);
      if (g_strcmp0 (registered, p->name) != 0)
        {
          g_autofree char *message = muying_person_name_conflict_message (registered, p->name);

          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT, message);
          return FALSE;
        }
      return update_person_from_row (self, *person_id, stmt, 1, p, user, FALSE, changed, error);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  if (!insert_person (self, p, user, person_id, error))
    return FALSE;
  *created = TRUE;
  return TRUE;
}

/* ---- records ----------------------------------------------------------------------------- */

typedef struct
{
  MuyingProgram               program;
  const char                 *key;
  const char                 *table;
  GArray                     *common;   /* person_id, record_date, institution */
  GArray                     *detail;   /* the programme table's columns */
  const MuyingClassification *cls;
  const GPtrArray            *variants; /* newborn only */
  gint64                      new_persons[2]; /* persons created for this save, 0 = none */
  guint                       person_change;  /* MuyingPersonChange of this save */
  const char                 *now;            /* the save's time */
} RecordData;

static char *
join_names (GArray     *fields,
            const char *suffix)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < fields->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_array_index (fields, Field, i).name);
      if (suffix)
        g_string_append (s, suffix);
    }
  return g_string_free (s, FALSE);
}

static char *
placeholders (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, i ? ", ?" : "?");
  return g_string_free (s, FALSE);
}

typedef enum
{
  DETAIL_INSERT,
  DETAIL_SELECT,
  DETAIL_UPDATE,
  N_DETAIL_SQL
} DetailSql;

/* The statements of the programme table's row. Its columns are the same for every save of a
 * programme (the descriptor's stored fields and the derived columns, in order), so the text is
 * built once rather than for each record of an import. */
static const char *
detail_sql (const RecordData *d,
            DetailSql         which)
{
  static char *cache[MUYING_N_PROGRAMS][N_DETAIL_SQL];
  char **slot = &cache[d->program][which];

  if (g_once_init_enter (slot))
    {
      g_autofree char *names = join_names (d->detail, NULL);
      g_autofree char *marks = placeholders (d->detail->len);
      g_autofree char *sets = join_names (d->detail, " = ?");
      char *sql = NULL;

      switch (which)
        {
        case DETAIL_INSERT:
          sql = g_strdup_printf ("INSERT INTO %s (record_id, %s) VALUES (?, %s)", d->table, names, marks);
          break;
        case DETAIL_SELECT:
          sql = g_strdup_printf ("SELECT %s FROM %s WHERE record_id = ?", names, d->table);
          break;
        case DETAIL_UPDATE:
        case N_DETAIL_SQL:
        default:
          sql = g_strdup_printf ("UPDATE %s SET %s WHERE record_id = ?", d->table, sets);
          break;
        }
      g_once_init_leave (slot, sql);
    }
  return *slot;
}

static gboolean
write_reasons (MuyingStore                *self,
               gint64                      record_id,
               const MuyingClassification *cls,
               gboolean                    replace,
               GError                    **error)
{
  g_autoptr(MuyingSqlCachedStmt) ins = NULL;

  if (replace)
    {
      g_autoptr(MuyingSqlCachedStmt) del = muying_store_query_cached (self, "DELETE FROM reason WHERE record_id = ?", error);

      if (del == NULL)
        return FALSE;
      muying_sql_bind_int64 (del, 1, record_id);
      if (!step_done (self, del, error))
        return FALSE;
    }
  ins = muying_store_query_cached (self, "INSERT INTO reason (record_id, code, level) VALUES (?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; i < cls->reasons->len; i++)
    {
      const MuyingReason *r = g_ptr_array_index (cls->reasons, i);

      muying_sql_reset (ins);
      muying_sql_bind_int64 (ins, 1, record_id);
      muying_sql_bind_text (ins, 2, r->code, -1, SQLITE_STATIC);
      muying_sql_bind_int (ins, 3, r->level);
      if (!step_done (self, ins, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_variants (MuyingStore     *self,
                gint64           record_id,
                const GPtrArray *variants,
                GError         **error)
{
  g_autoptr(MuyingSqlCachedStmt) del = NULL;
  g_autoptr(MuyingSqlCachedStmt) ins = NULL;

  del = muying_store_query_cached (self, "DELETE FROM newborn_variant WHERE record_id = ?", error);
  if (del == NULL)
    return FALSE;
  muying_sql_bind_int64 (del, 1, record_id);
  if (!step_done (self, del, error))
    return FALSE;
  ins = muying_store_query_cached (self, "INSERT INTO newborn_variant (record_id, gene, variant, zygosity) "
                                    "VALUES (?, ?, ?, ?) ON CONFLICT (record_id, gene, variant) "
                                    "DO UPDATE SET zygosity = excluded.zygosity", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; variants != NULL && i < variants->len; i++)
    {
      const MuyingVariant *v = g_ptr_array_index (variants, i);

      muying_sql_reset (ins);
      muying_sql_bind_int64 (ins, 1, record_id);
      muying_sql_bind_text (ins, 2, v->gene, -1, SQLITE_STATIC);
      muying_sql_bind_text (ins, 3, v->variant, -1, SQLITE_STATIC);
      muying_sql_bind_text (ins, 4, muying_zygosity_to_string (v->zygosity), -1, SQLITE_STATIC);
      if (!step_done (self, ins, error))
        return FALSE;
    }
  return TRUE;
}

/* What a saved record and its follow-up were before the save. */
typedef struct
{
  MuyingLevel         level;
  gboolean            reviewed;      /* a doctor's level, which the save keeps */
  gboolean            has_followup;
  MuyingFollowupState state;
  GDate               due;
  gboolean            acted_on;      /* the follow-up has a step */
} SavedBefore;

static gboolean
load_saved_before (MuyingStore  *self,
                   gint64        record_id,
                   SavedBefore  *before,
                   GError      **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  int rc;

  stmt = muying_store_query_cached (self,
                                      "SELECT r.level, r.review_state = 'reviewed', f.id IS NOT NULL, f.state, f.due_date, "
                                      "EXISTS (SELECT 1 FROM followup_step s WHERE s.followup_id = f.id) "
                                      "FROM record r LEFT JOIN followup f ON f.record_id = r.id WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
    return muying_store_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  before->level = CLAMP (muying_sql_column_int (stmt, 0), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  before->reviewed = muying_sql_column_int (stmt, 1) != 0;
  before->has_followup = muying_sql_column_int (stmt, 2) != 0;
  muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 3), &state);
  before->state = state;
  g_date_clear (&before->due, 1);
  if (muying_sql_column_text (stmt, 4) != NULL)
    muying_date_parse ((const char *) muying_sql_column_text (stmt, 4), &before->due, NULL);
  before->acted_on = muying_sql_column_int (stmt, 5) != 0;
  return TRUE;
}

/* The follow-up of a saved record, as muying_followup_plan_level_change() decides for a save.
 * @before: NULL when the record was just inserted, so there is no follow-up yet (a plain
 * insert, the import's hot path). */
static gboolean
write_followup (MuyingStore       *self,
                gint64             record_id,
                const RecordData  *d,
                const SavedBefore *before,
                GError           **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  const char *now = d->now;
  char due_text[16];
  const char *due = NULL;
  MuyingFollowupDeadlines deadlines;
  MuyingLevelChange change = { 0 };
  MuyingFollowupPlan plan;

  /* Only the level defaults are read, for a level a doctor set (the rules' own deadlines are in
   * the classification). */
  muying_followup_deadlines_init_default (&deadlines);
  change.cause = MUYING_LEVEL_CHANGE_SAVE;
  change.classification = d->cls;
  change.old_level = before ? before->level : MUYING_LEVEL_LOW;
  change.new_level = before && before->reviewed ? before->level : d->cls->level;
  g_date_clear (&change.record_date, 1);
  g_date_clear (&change.date, 1);
  for (guint i = 0; i < d->common->len; i++)
    if (strcmp (g_array_index (d->common, Field, i).name, "record_date") == 0 &&
        g_array_index (d->common, Field, i).type == FIELD_TEXT)
      muying_date_parse (field_text (&g_array_index (d->common, Field, i)), &change.record_date, NULL);
  g_date_clear (&change.due, 1);
  if (before != NULL && before->has_followup)
    {
      change.has_followup = TRUE;
      change.state = before->state;
      change.due = before->due;
      change.acted_on = before->acted_on;
    }
  muying_followup_plan_level_change (&deadlines, &change, &plan);

  switch (plan.action)
    {
    case MUYING_FOLLOWUP_PLAN_DROP:
      stmt = muying_store_query_cached (self, "DELETE FROM followup WHERE record_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      muying_sql_bind_int64 (stmt, 1, record_id);
      return step_done (self, stmt, error);

    case MUYING_FOLLOWUP_PLAN_REDATE:
      due = format_date (&plan.due, due_text);
      stmt = muying_store_query_cached (self, "UPDATE followup SET row_version = row_version + 1, "
                                                "due_date = ? WHERE record_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      muying_sql_bind_text (stmt, 1, due, -1, SQLITE_STATIC);
      muying_sql_bind_int64 (stmt, 2, record_id);
      return step_done (self, stmt, error);

    case MUYING_FOLLOWUP_PLAN_OPEN:
      due = format_date (&plan.due, due_text);
      if (before == NULL)
        {
          /* program, level and review_state are copies kept for the worklist's index (schema
           * step 3); a new flagged record is pending review. Filled here, the insert trigger
           * has nothing to do. */
          stmt = muying_store_query_cached (self,
                                              "INSERT INTO followup (record_id, state, due_date, opened_at, program, level, "
                                              "review_state) VALUES (?1, 'open', ?2, ?3, ?5, ?4, 'pending')", error);
          if (stmt == NULL)
            return FALSE;
          muying_sql_bind_int (stmt, 4, change.new_level);
          muying_sql_bind_text (stmt, 5, muying_program_to_string (d->program), -1, SQLITE_STATIC);
        }
      else
        {
          stmt = muying_store_query_cached (self,
                                              "INSERT INTO followup (record_id, state, due_date, opened_at) VALUES (?1, 'open', ?2, ?3)",
                                              error);
          if (stmt == NULL)
            return FALSE;
        }
      muying_sql_bind_int64 (stmt, 1, record_id);
      muying_sql_bind_text (stmt, 2, due, -1, SQLITE_STATIC);
      muying_sql_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      return step_done (self, stmt, error);

    case MUYING_FOLLOWUP_PLAN_KEEP:
    case MUYING_FOLLOWUP_PLAN_REOPEN:   /* never for a save */
    case MUYING_FOLLOWUP_PLAN_CLOSE:    /* never for a save */
    default:
      return TRUE;
    }
}

/* The create row of the audit: the key, every field, the level, the reasons and the rule-set
 * version. (Imports do not come here: their own audit row names the records they create.) */
static char *
describe_new (const RecordData *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) d->cls, ";");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, d->key);
  for (guint i = 0; i < d->common->len; i++)
    {
      json_builder_set_member_name (b, g_array_index (d->common, Field, i).name);
      json_add_field (b, &g_array_index (d->common, Field, i));
    }
  for (guint i = 0; i < d->detail->len; i++)
    {
      json_builder_set_member_name (b, g_array_index (d->detail, Field, i).name);
      json_add_field (b, &g_array_index (d->detail, Field, i));
    }
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, muying_level_to_string (d->cls->level));
  json_builder_set_member_name (b, "reasons");
  json_builder_add_string_value (b, codes);
  json_builder_set_member_name (b, "rules_version");
  json_builder_add_string_value (b, d->cls->rules_version ? d->cls->rules_version : "");
  /* A person created with the record is audited here rather than in a row of its own. */
  for (guint i = 0; i < G_N_ELEMENTS (d->new_persons); i++)
    if (d->new_persons[i] > 0)
      {
        g_autofree char *name = g_strdup_printf ("new_person_%u", i + 1);

        json_builder_set_member_name (b, name);
        json_builder_add_int_value (b, d->new_persons[i]);
      }
  json_builder_end_object (b);
  return builder_to_string (b);
}

static gboolean
insert_record (MuyingStore      *self,
               const RecordData *d,
               const char       *user,
               gint64           *record_id,
               GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) rec = NULL;
  g_autoptr(MuyingSqlCachedStmt) det = NULL;
  const char *now = d->now;
  g_autofree char *detail = NULL;
  int col = 1;

  rec = muying_store_query_cached (self,
                              "INSERT INTO record (program, record_key, person_id, record_date, institution, "
                              "level, computed_level, rules_version, review_state, created_at, created_by, "
                              "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              error);
  if (rec == NULL)
    return FALSE;
  muying_sql_bind_text (rec, col++, muying_program_to_string (d->program), -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, d->key, -1, SQLITE_STATIC);
  for (guint i = 0; i < d->common->len; i++)
    bind_field (rec, col++, &g_array_index (d->common, Field, i));
  muying_sql_bind_int (rec, col++, d->cls->level);
  muying_sql_bind_int (rec, col++, d->cls->level);
  muying_sql_bind_text (rec, col++, d->cls->rules_version, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, d->cls->level > MUYING_LEVEL_LOW ? "pending" : "none", -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, now, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, user, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, now, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, col++, user, -1, SQLITE_STATIC);
  if (!_muying_store_step_inserted (self, rec, record_id, error))
    return FALSE;

  det = muying_store_query_cached (self, detail_sql (d, DETAIL_INSERT), error);
  if (det == NULL)
    return FALSE;
  muying_sql_bind_int64 (det, 1, *record_id);
  for (guint i = 0; i < d->detail->len; i++)
    bind_field (det, (int) i + 2, &g_array_index (d->detail, Field, i));
  if (!step_done (self, det, error))
    return FALSE;

  if (!write_reasons (self, *record_id, d->cls, FALSE, error) ||
      !write_followup (self, *record_id, d, NULL, error))
    return FALSE;
  if (d->program == MUYING_PROGRAM_NEWBORN && !write_variants (self, *record_id, d->variants, error))
    return FALSE;

  /* In an import the file's audit row (with its SHA-256) names the records it created. */
  if (_muying_store_note_batch_insert (self, *record_id))
    return TRUE;
  detail = describe_new (d);
  return muying_store_audit (self, user, "create", "record", *record_id, detail, error);
}

/* Adds "name": [old, new] to @b for each field that differs from @row's column of the same
 * position; returns how many did. */
static guint
diff_fields (JsonBuilder  *b,
             GArray       *fields,
             MuyingSqlStmt *row)
{
  guint n = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      const Field *f = &g_array_index (fields, Field, i);

      if (field_equals_column (f, row, (int) i))
        continue;
      json_builder_set_member_name (b, f->name);
      json_builder_begin_array (b);
      json_add_column (b, row, (int) i);
      json_add_field (b, f);
      json_builder_end_array (b);
      n++;
    }
  return n;
}

/* Compares the stored record with @d. Returns the changed fields as JSON {"name": [old, new]},
 * or NULL when nothing changed. */
static gboolean
diff_record (MuyingStore      *self,
             gint64            record_id,
             const RecordData *d,
             char            **diff,
             GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) common = NULL;
  g_autoptr(MuyingSqlCachedStmt) detail = NULL;
  g_autoptr(MuyingSqlCachedStmt) reasons = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *new_codes = muying_classification_join_codes ((MuyingClassification *) d->cls, ";");
  const char *old_codes;
  guint n_changes = 0;
  int rc;

  *diff = NULL;
  json_builder_begin_object (b);

  common = muying_store_query_cached (self, "SELECT person_id, record_date, institution FROM record WHERE id = ?", error);
  if (common == NULL)
    return FALSE;
  muying_sql_bind_int64 (common, 1, record_id);
  if ((rc = muying_sql_step (common)) != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  n_changes += diff_fields (b, d->common, common);

  detail = muying_store_query_cached (self, detail_sql (d, DETAIL_SELECT), error);
  if (detail == NULL)
    return FALSE;
  muying_sql_bind_int64 (detail, 1, record_id);
  if ((rc = muying_sql_step (detail)) != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  n_changes += diff_fields (b, d->detail, detail);

  reasons = muying_store_query_cached (self,
                                  "SELECT coalesce(group_concat(code, ';'), '') FROM "
                                  "(SELECT code FROM reason WHERE record_id = ? ORDER BY code) AS codes", error);
  if (reasons == NULL)
    return FALSE;
  muying_sql_bind_int64 (reasons, 1, record_id);
  if ((rc = muying_sql_step (reasons)) != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  old_codes = (const char *) muying_sql_column_text (reasons, 0);
  if (g_strcmp0 (old_codes, new_codes) != 0)
    {
      json_builder_set_member_name (b, "reasons");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, old_codes);
      json_builder_add_string_value (b, new_codes);
      json_builder_end_array (b);
      n_changes++;
    }
  json_builder_end_object (b);

  if (n_changes > 0)
    *diff = builder_to_string (b);
  return TRUE;
}

static gboolean
update_record (MuyingStore      *self,
               gint64            record_id,
               const RecordData *d,
               const char       *diff,
               const char       *user,
               GError          **error)
{
  g_autoptr(MuyingSqlCachedStmt) rec = NULL;
  g_autoptr(MuyingSqlCachedStmt) det = NULL;
  const char *now = d->now;
  SavedBefore before;
  int col = 1;

  if (!load_saved_before (self, record_id, &before, error))
    return FALSE;
  /* A reviewed (not yet signed) record keeps the level the doctor set; the computed level and
   * the reasons always follow the data. */
  rec = muying_store_query_cached (self,
                              "UPDATE record SET row_version = row_version + 1, "
                              "person_id = ?1, record_date = ?2, institution = ?3, "
                              "computed_level = ?4, "
                              "level = CASE WHEN review_state = 'reviewed' THEN level ELSE ?4 END, "
                              "rules_version = ?5, "
                              "review_state = CASE WHEN review_state = 'reviewed' THEN 'reviewed' "
                              "  WHEN ?4 > 0 THEN 'pending' ELSE 'none' END, "
                              "updated_at = ?6, updated_by = ?7 WHERE id = ?8", error);
  if (rec == NULL)
    return FALSE;
  for (guint i = 0; i < d->common->len; i++)
    bind_field (rec, col++, &g_array_index (d->common, Field, i));
  muying_sql_bind_int (rec, 4, d->cls->level);
  muying_sql_bind_text (rec, 5, d->cls->rules_version, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, 6, now, -1, SQLITE_STATIC);
  muying_sql_bind_text (rec, 7, user, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (rec, 8, record_id);
  if (!step_done (self, rec, error))
    return FALSE;

  det = muying_store_query_cached (self, detail_sql (d, DETAIL_UPDATE), error);
  if (det == NULL)
    return FALSE;
  for (guint i = 0; i < d->detail->len; i++)
    bind_field (det, (int) i + 1, &g_array_index (d->detail, Field, i));
  muying_sql_bind_int64 (det, (int) d->detail->len + 1, record_id);
  if (!step_done (self, det, error))
    return FALSE;

  if (!write_reasons (self, record_id, d->cls, TRUE, error) ||
      !write_followup (self, record_id, d, &before, error))
    return FALSE;
  if (d->program == MUYING_PROGRAM_NEWBORN && !write_variants (self, record_id, d->variants, error))
    return FALSE;
  return muying_store_audit (self, user, "update", "record", record_id, diff, error);
}

/* The record @key a save is about to write, read from its look-up @stmt (send_lookups):
 * *@record_id 0 (and *@row_version -1) when there is none; @person_id nullable. Refused, before the save writes anything, when it is not
 * the version @seen_version (MUYING_ROW_VERSION_*) its user saw (muying-store-version.c). */
static gboolean
lookup_record (MuyingStore   *self,
               MuyingSqlStmt *stmt,
               const char    *key,
               gint64         seen_version,
               gint64        *record_id,
               gint64        *person_id,
               char         **review_state,
               gint64        *row_version,
               GError       **error)
{
  int rc;

  *record_id = 0;
  *row_version = -1;
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *record_id = muying_sql_column_int64 (stmt, 0);
      if (person_id)
        *person_id = muying_sql_column_int64 (stmt, 1);
      *review_state = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
      *row_version = muying_sql_column_int64 (stmt, 3);
    }
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return _muying_store_check_save_seen (self, key, *record_id, *row_version, seen_version, error);
}

/* The two look-ups of a save, sent together (on a server one round trip for both): the record
 * @program/@key (read by lookup_record) and the person of @id_number (find_or_create_person).
 * Both are the store's kept statements, reset by the caller's g_autoptr. */
static gboolean
send_lookups (MuyingStore    *self,
              MuyingProgram   program,
              const char     *key,
              const char     *id_number,
              MuyingSqlStmt **record,
              MuyingSqlStmt **person,
              GError        **error)
{
  *record = muying_store_query_cached (self, "SELECT id, person_id, review_state, row_version FROM record "
                                               "WHERE program = ? AND record_key = ?", error);
  if (*record == NULL)
    return FALSE;
  muying_sql_bind_text (*record, 1, muying_program_to_string (program), -1, SQLITE_STATIC);
  muying_sql_bind_text (*record, 2, key, -1, SQLITE_TRANSIENT);
  *person = muying_store_query_cached (self, "SELECT id, name, phone, sex, birth_date FROM person WHERE id_number = ?",
                                       error);
  if (*person == NULL)
    return FALSE;
  muying_sql_bind_text (*person, 1, id_number, -1, SQLITE_TRANSIENT);
  muying_sql_send (*record);
  muying_sql_send (*person);
  return TRUE;
}

/* @existing_id, @existing_version and @review_state as lookup_record() found them; @row_version
 * (nullable) gets the record's version after the save. */
static gboolean
save_record (MuyingStore       *self,
             const RecordData  *d,
             gint64             existing_id,
             gint64             existing_version,
             const char        *review_state,
             const char        *user,
             MuyingSaveOutcome *outcome,
             gint64            *record_id,
             gint64            *row_version,
             GError           **error)
{
  g_autofree char *diff = NULL;
  gint64 id = existing_id;
  gint64 version = existing_version;

  if (existing_id == 0)
    {
      if (!insert_record (self, d, user, &id, error))
        return FALSE;
      version = 0;   /* the column's default */
      if (outcome)
        *outcome = MUYING_SAVE_INSERTED;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (d->new_persons); i++)
        if (d->new_persons[i] > 0 &&
            !muying_store_audit (self, user, "create", "person", d->new_persons[i], NULL, error))
          return FALSE;
      if (!diff_record (self, existing_id, d, &diff, error))
        return FALSE;
      if (diff == NULL)
        {
          /* The record is as stored, but the row changed the person (a new contact phone): the
           * summary must not call that row unchanged. */
          if (outcome)
            *outcome = d->person_change != 0 ? MUYING_SAVE_UPDATED : MUYING_SAVE_UNCHANGED;
        }
      else if (g_strcmp0 (review_state, "signed") == 0)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD,
                       _("Record %s was signed by a doctor and is locked; change it as an amendment with a reason"),
                       d->key);
          return FALSE;
        }
      else
        {
          if (!update_record (self, existing_id, d, diff, user, error))
            return FALSE;
          version++;   /* update_record's row_version + 1, the only change of it in a save */
          if (outcome)
            *outcome = MUYING_SAVE_UPDATED;
        }
    }
  if (record_id)
    *record_id = id;
  if (row_version)
    *row_version = version;
  _muying_store_set_last_person_change (self, d->person_change);
  return TRUE;
}

MuyingPersonChange
muying_store_get_last_person_change (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), MUYING_PERSON_CHANGE_NONE);
  return (MuyingPersonChange) _muying_store_get_last_person_change (self);
}

static void
add_common (GArray      *common,
            gint64       person_id,
            const GDate *record_date,
            const char  *institution)
{
  add_int (common, "person_id", person_id);
  add_date (common, "record_date", record_date);
  add_text (common, "institution", institution);
}

static MuyingSex
sex_from_id (const char *id_number,
             GDate      *birth)
{
  MuyingSex sex = MUYING_SEX_UNKNOWN;

  g_date_clear (birth, 1);
  if (!muying_id_number_validate (id_number, NULL, birth, &sex, NULL))
    return MUYING_SEX_UNKNOWN;
  return sex;
}

static gboolean
save_prenatal (MuyingStore                 *self,
               const MuyingPrenatalRecord  *r,
               const MuyingClassification  *cls,
               const char                  *user,
               gint64                       seen_version,
               gint64                      *row_version,
               MuyingSaveOutcome           *outcome,
               gint64                      *record_id,
               GError                     **error)
{
  /* (reset when the save is done: the look-ups' rows are read along the way) */
  g_autoptr(MuyingSqlCachedStmt) record_stmt = NULL;
  g_autoptr(MuyingSqlCachedStmt) person_stmt = NULL;
  g_auto(MuyingPregnancyLookups) her = { NULL, NULL };
  g_autoptr(GArray) common = fields_new ();
  g_autoptr(GArray) detail = fields_new ();
  g_autofree char *review_state = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  PersonData p = { r->id_number, r->name, MUYING_SEX_FEMALE, &r->birth_date, r->phone, 0, now };
  RecordData d = { MUYING_PROGRAM_PRENATAL, r->sample_no, "prenatal", common, detail, cls, NULL, { 0 }, 0, now };
  gint64 person_id = 0, existing = 0, existing_version = -1, old_person_id = 0, pregnancy_id = 0;
  gboolean created_pregnancy = FALSE;
  MuyingSaveOutcome saved = MUYING_SAVE_UNCHANGED;
  gboolean created = FALSE;

  _muying_store_set_last_person_change (self, 0);
  if (!send_lookups (self, MUYING_PROGRAM_PRENATAL, r->sample_no, p.id_number, &record_stmt, &person_stmt, error) ||
      !_muying_store_send_pregnancy_lookups (self, p.id_number, &her, error) ||
      !lookup_record (self, record_stmt, r->sample_no, seen_version, &existing, &old_person_id,
                      &review_state, &existing_version, error) ||
      !find_or_create_person (self, person_stmt, &p, user, &person_id, &created, &d.person_change, error))
    return FALSE;
  if (created)
    d.new_persons[0] = person_id;

  add_common (common, person_id, &r->sample_date, r->institution);
  add_stored_fields (detail, MUYING_PROGRAM_PRENATAL, r);
  /* derived columns, not fields of the programme */
  add_int (detail, "edd_given", r->edd_given ? 1 : 0);
  if (g_date_valid (&r->birth_date) && g_date_valid (&r->edd))
    add_int (detail, "age_at_edd", muying_date_age_on (&r->birth_date, &r->edd));
  else
    add_text (detail, "age_at_edd", NULL);

  /* A new record goes straight into its pregnancy when it is the woman's latest (an import's
   * usual case); otherwise her pregnancies are regrouped after the save. */
  if (existing == 0)
    {
      if (!_muying_store_place_new_record (self, &her, person_id, created, &r->sample_date, &r->edd, &pregnancy_id,
                                           &created_pregnancy, error))
        return FALSE;
      if (pregnancy_id != 0)
        add_int (detail, "pregnancy_id", pregnancy_id);
    }

  if (!save_record (self, &d, existing, existing_version, review_state, user, &saved, record_id, row_version, error))
    return FALSE;
  if (outcome)
    *outcome = saved;
  /* Her pregnancies (and the links of her diagnoses and outcomes) follow her records. */
  if (existing == 0 && pregnancy_id != 0)
    return !created_pregnancy || _muying_store_link_new_pregnancy (self, &her, person_id, r->id_number, user, error);
  if (saved != MUYING_SAVE_UNCHANGED &&
      (!_muying_store_regroup_person (self, person_id, user, error) ||
       (old_person_id != 0 && old_person_id != person_id &&
        !_muying_store_regroup_person (self, old_person_id, user, error))))
    return FALSE;
  return TRUE;
}

static gboolean
save_newborn (MuyingStore                *self,
              const MuyingNewbornRecord  *r,
              const MuyingClassification *cls,
              const char                 *user,
              gint64                      seen_version,
              gint64                     *row_version,
              MuyingSaveOutcome          *outcome,
              gint64                     *record_id,
              GError                    **error)
{
  /* (reset when the save is done: the look-ups' rows are read along the way) */
  g_autoptr(MuyingSqlCachedStmt) record_stmt = NULL;
  g_autoptr(MuyingSqlCachedStmt) person_stmt = NULL;
  g_autoptr(GArray) common = fields_new ();
  g_autoptr(GArray) detail = fields_new ();
  g_autofree char *review_state = NULL;
  g_autofree char *baby_name = NULL;
  GDate mother_birth;
  MuyingSex mother_sex = sex_from_id (r->mother_id_number, &mother_birth);
  g_autofree char *now = _muying_store_now_iso ();
  PersonData mother = { r->mother_id_number, r->mother_name, mother_sex, &mother_birth, NULL, 0, now };
  RecordData d = { MUYING_PROGRAM_NEWBORN, r->sample_no, "newborn", common, detail, cls, r->variants, { 0 }, 0, now };
  gint64 mother_id = 0, baby_id = 0, existing = 0, existing_version = -1, new_id = 0;
  gboolean created = FALSE;
  PersonData baby;

  _muying_store_set_last_person_change (self, 0);
  if (!send_lookups (self, MUYING_PROGRAM_NEWBORN, r->sample_no, mother.id_number, &record_stmt, &person_stmt, error) ||
      !lookup_record (self, record_stmt, r->sample_no, seen_version, &existing, &baby_id,
                      &review_state, &existing_version, error) ||
      !find_or_create_person (self, person_stmt, &mother, user, &mother_id, &created, &d.person_change, error))
    return FALSE;

  /* A newborn rarely has an ID number yet: it is identified by its record. */
  baby_name = r->baby_name && *r->baby_name ? g_strdup (r->baby_name)
                                            : g_strdup_printf (_("Baby of %s"), r->mother_name);
  baby = (PersonData) { NULL, baby_name, r->sex, &r->birth_date, NULL, mother_id, now };
  if (existing == 0)
    {
      if (!insert_person (self, &baby, user, &baby_id, error))
        return FALSE;
      d.new_persons[1] = baby_id;
    }
  else
    {
      guint baby_change = 0;

      /* The newborn is part of its record: its name, sex and birth date follow an unsigned
       * record and are locked with a signed one. */
      if (!update_person (self, baby_id, &baby, user, g_strcmp0 (review_state, "signed") == 0, &baby_change, error))
        return FALSE;
      if (baby_change != 0)
        d.person_change |= MUYING_PERSON_CHANGE_OTHER;
    }
  if (created)
    d.new_persons[0] = mother_id;

  add_common (common, baby_id, &r->birth_date, r->hospital);
  add_int (detail, "mother_id", mother_id);
  add_stored_fields (detail, MUYING_PROGRAM_NEWBORN, r);

  if (!save_record (self, &d, existing, existing_version, review_state, user, outcome,
                    record_id != NULL ? record_id : &new_id, row_version, error))
    return FALSE;
  /* Audiology diagnoses that came before their newborn's record link to it now. */
  return existing != 0 ||
         _muying_store_link_audiology (self, record_id != NULL ? *record_id : new_id, r->sample_no, user, error);
}

static gboolean
save_two_cancer (MuyingStore                 *self,
                 const MuyingTwoCancerRecord *r,
                 const MuyingClassification  *cls,
                 const char                  *user,
                 gint64                       seen_version,
                 gint64                      *row_version,
                 MuyingSaveOutcome           *outcome,
                 gint64                      *record_id,
                 GError                     **error)
{
  /* (reset when the save is done: the look-ups' rows are read along the way) */
  g_autoptr(MuyingSqlCachedStmt) record_stmt = NULL;
  g_autoptr(MuyingSqlCachedStmt) person_stmt = NULL;
  g_autoptr(GArray) common = fields_new ();
  g_autoptr(GArray) detail = fields_new ();
  g_autofree char *review_state = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  PersonData p = { r->id_number, r->name, MUYING_SEX_FEMALE, &r->birth_date, NULL, 0, now };
  RecordData d = { MUYING_PROGRAM_TWO_CANCER, r->exam_no, "two_cancer", common, detail, cls, NULL, { 0 }, 0, now };
  gint64 person_id = 0, existing = 0, existing_version = -1;
  gboolean created = FALSE;

  _muying_store_set_last_person_change (self, 0);
  if (!send_lookups (self, MUYING_PROGRAM_TWO_CANCER, r->exam_no, p.id_number, &record_stmt, &person_stmt, error) ||
      !lookup_record (self, record_stmt, r->exam_no, seen_version, &existing, NULL,
                      &review_state, &existing_version, error) ||
      !find_or_create_person (self, person_stmt, &p, user, &person_id, &created, &d.person_change, error))
    return FALSE;
  if (created)
    d.new_persons[0] = person_id;

  add_common (common, person_id, &r->exam_date, r->institution);
  add_stored_fields (detail, MUYING_PROGRAM_TWO_CANCER, r);

  return save_record (self, &d, existing, existing_version, review_state, user, outcome, record_id, row_version, error);
}

gboolean
muying_store_save_prenatal (MuyingStore                 *self,
                            const MuyingPrenatalRecord  *r,
                            const MuyingClassification  *cls,
                            const char                  *user,
                            MuyingSaveOutcome           *outcome,
                            gint64                      *record_id,
                            GError                     **error)
{
  return muying_store_save_screening (self, MUYING_PROGRAM_PRENATAL, r, cls, user, MUYING_ROW_VERSION_UNCHECKED, NULL,
                                      outcome, record_id, error);
}

gboolean
muying_store_save_newborn (MuyingStore                *self,
                           const MuyingNewbornRecord  *r,
                           const MuyingClassification *cls,
                           const char                 *user,
                           MuyingSaveOutcome          *outcome,
                           gint64                     *record_id,
                           GError                    **error)
{
  return muying_store_save_screening (self, MUYING_PROGRAM_NEWBORN, r, cls, user, MUYING_ROW_VERSION_UNCHECKED, NULL,
                                      outcome, record_id, error);
}

gboolean
muying_store_save_two_cancer (MuyingStore                 *self,
                              const MuyingTwoCancerRecord *r,
                              const MuyingClassification  *cls,
                              const char                  *user,
                              MuyingSaveOutcome           *outcome,
                              gint64                      *record_id,
                              GError                     **error)
{
  return muying_store_save_screening (self, MUYING_PROGRAM_TWO_CANCER, r, cls, user, MUYING_ROW_VERSION_UNCHECKED, NULL,
                                      outcome, record_id, error);
}

gboolean
muying_store_save_screening (MuyingStore                 *self,
                             MuyingProgram                program,
                             gconstpointer                record,
                             const MuyingClassification  *classification,
                             const char                  *user,
                             gint64                       seen_version,
                             gint64                      *row_version,
                             MuyingSaveOutcome           *outcome,
                             gint64                      *record_id,
                             GError                     **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && classification != NULL, FALSE);

  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return save_prenatal (self, record, classification, user, seen_version, row_version, outcome, record_id, error);
    case MUYING_PROGRAM_NEWBORN:
      return save_newborn (self, record, classification, user, seen_version, row_version, outcome, record_id, error);
    case MUYING_PROGRAM_TWO_CANCER:
      return save_two_cancer (self, record, classification, user, seen_version, row_version, outcome, record_id,
                              error);
    default:
      g_return_val_if_reached (FALSE);
    }
}
