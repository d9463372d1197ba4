/* muying-server.c: a connection to a PostgreSQL server and where a database is
 *
 * libpq does the protocol, TLS (sslmode in the URI is honoured as libpq defines it) and the
 * password file. What is added here: a location with a password in it is refused (it would sit
 * in shell histories and process lists), a password file others can read is refused (libpq would
 * only skip it with an English warning), and a failed connection is explained by asking the
 * server first whether it answers at all (PQping) instead of parsing libpq's translated messages;
 * when TLS is demanded (sslmode require, verify-ca, verify-full), the connection is made step by
 * step instead, so that a server that answers but whose certificate cannot be verified is told
 * apart from one that does not answer, within one wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <poll.h>
#include <string.h>

#include "muying-error.h"
#include "muying-server-private.h"
#include "muying-store.h"
#include "muying-store-location.h"

/* PostgreSQL 15 is what Debian 12 ships and what the tests run on. */
#define MIN_SERVER_VERSION 150000
#define CONNECT_TIMEOUT "10"

struct _MuyingServer
{
  PGconn *conn;
  char   *label;
  guint   generation;   /* connections made since the first (muying-server-private.h) */
  char   *listening;    /* the channel LISTENed to, listened to again on a new connection */
  gboolean resetting;   /* connecting again without waiting (_muying_server_reconnect_step) */
  gint64   next_step_us; /* not before then (monotonic): a failed attempt waits a while */
};

/* How long a window's timer waits after a failed attempt to connect again. */
#define RECONNECT_PAUSE_US (5 * G_USEC_PER_SEC)

/* What each session of ours sets for itself. The statistics and indicators hash a year's
 * records (a province's: a million) to join them: with the default 4 MB of working memory the
 * server spills them to disk. Compiling each query (JIT) costs more than these queries take. A
 * cursor is read to its end (the statistics' scans), so it is planned for all its rows, not the
 * first tenth. */
#define SESSION_SETTINGS "SET work_mem = '64MB'; SET jit = off; SET cursor_tuple_fraction = 1.0"

/* The server's notices (a warning, the reason it ended a session) are for the log: libpq would
 * print them, in English, on the terminal of a command or of the window. */
static void
on_server_notice (void       *data,
                  const char *message)
{
  g_debug ("the server said: %s", message);
}

gboolean
muying_store_location_is_server (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

/* The value of @keyword in parsed options, NULL when not given. */
static const char *
option (PQconninfoOption *options,
        const char       *keyword)
{
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0)
      return o->val != NULL && *o->val != '\0' ? o->val : NULL;
  return NULL;
}

static PQconninfoOption *
parse_location (const char  *location,
                GError     **error)
{
  PQconninfoOption *options;
  char *message = NULL;

  if (!muying_store_location_is_server (location))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                   _("“%s” is not a database server address: it must start with postgresql://"), location);
      return NULL;
    }
  options = PQconninfoParse (location, &message);
  if (options == NULL)
    {
      g_autofree char *why = g_strstrip (g_strdup (message != NULL ? message : ""));

      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                   _("The database server address cannot be read: %s"), why);
      PQfreemem (message);
      return NULL;
    }
  if (option (options, "password") != NULL)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                           _("The database server address contains a password, which would be visible to "
                             "others in the list of running programs and in the command history. Remove it "
                             "from the address and put it in a password file that only you can read "
                             "(docs/server.md), or type it when asked"));
      PQconninfoFree (options);
      return NULL;
    }
  return options;
}

static char *
describe (PQconninfoOption *options)
{
  const char *user = option (options, "user");
  const char *host = option (options, "host");
  const char *port = option (options, "port");
  const char *db = option (options, "dbname");

  return g_strdup_printf ("%s@%s:%s/%s", user != NULL ? user : g_get_user_name (),
                          host != NULL ? host : "localhost", port != NULL ? port : "5432",
                          db != NULL ? db : (user != NULL ? user : g_get_user_name ()));
}

char *
muying_store_location_describe (const char  *location,
                                GError     **error)
{
  PQconninfoOption *options = parse_location (location, error);
  char *label;

  if (options == NULL)
    return NULL;
  label = describe (options);
  PQconninfoFree (options);
  return label;
}

/* libpq skips a password file that others can read, with a warning in English and then an
 * unexplained "password required": say it in the user's language and stop before connecting. */
static gboolean
check_password_file (PQconninfoOption  *options,
                     GError           **error)
{
  g_autofree char *path = NULL;
  GStatBuf st;

  if (option (options, "passfile") != NULL)
    path = g_strdup (option (options, "passfile"));
  else if (g_getenv ("PGPASSFILE") != NULL)
    path = g_strdup (g_getenv ("PGPASSFILE"));
  else
    path = g_build_filename (g_get_home_dir (), ".pgpass", NULL);
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE;
  if ((st.st_mode & 077) != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("The password file %s can be read by other users (permissions %03o): the server's "
                     "password would not be secret. Make it readable only by you (chmod 600 %s) and try again"),
                   path, (unsigned) (st.st_mode & 0777), path);
      return FALSE;
    }
  return TRUE;
}

static char *
server_message (PGconn *conn)
{
  return g_strstrip (g_strdup (conn != NULL && PQerrorMessage (conn) != NULL ? PQerrorMessage (conn) : ""));
}

/* Whether @options (with the environment's PGSSLMODE) demand TLS: then libpq does not fall back
 * to an unencrypted connection, and a TLS failure ends the attempt. */
static gboolean
tls_demanded (PQconninfoOption *options)
{
  const char *mode = option (options, "sslmode");

  if (mode == NULL)
    mode = g_getenv ("PGSSLMODE");
  return g_strcmp0 (mode, "require") == 0 || g_strcmp0 (mode, "verify-ca") == 0 ||
         g_strcmp0 (mode, "verify-full") == 0;
}

/* What a connection made step by step (PQconnectPoll) came to. */
typedef enum
{
  STEP_CONNECTED,    /* a session, signed in */
  STEP_TLS_FAILED,   /* the server answered on its port; the TLS handshake failed */
  STEP_TIMED_OUT,    /* no answer within the timeout */
  STEP_OTHER,        /* failed otherwise (refused, the sign-in, …): PQping and libpq's message tell */
} StepResult;

/* Connects step by step, waiting @timeout_s in all (the deadline taken once the host's name is
 * looked up), so that a server that answers but fails the TLS handshake (a certificate that
 * cannot be verified, a server without TLS) is told apart from one that does not answer:
 * PQping reports both as no answer at all. Used when TLS is demanded, in place of the ping, so
 * that a server that does not answer is waited for once. @conn: the session when connected;
 * @why: libpq's reason when the handshake failed. */
static StepResult
connect_step_by_step (const char * const *keywords,
                      const char * const *values,
                      gint64              timeout_s,
                      PGconn            **conn_out,
                      char              **why)
{
  PGconn *conn = PQconnectStartParams (keywords, values, 1);
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  gint64 deadline = g_get_monotonic_time () + MAX (timeout_s, 2) * G_USEC_PER_SEC;
  ConnStatusType before = CONNECTION_STARTED;
  StepResult result = STEP_OTHER;

  while (conn != NULL && PQstatus (conn) != CONNECTION_BAD && polling != PGRES_POLLING_OK &&
         polling != PGRES_POLLING_FAILED)
    {
      struct pollfd fd = { PQsocket (conn), polling == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0 };
      gint64 left = deadline - g_get_monotonic_time ();

      if (fd.fd < 0)
        break;
      if (left <= 0)
        {
          result = STEP_TIMED_OUT;
          break;
        }
      if (poll (&fd, 1, (int) (left / 1000) + 1) < 0 && errno != EINTR)
        break;
      /* (the TLS request is sent once the server has accepted the TCP connection; a failure
       * after the handshake, at the sign-in, is not one of TLS) */
      before = PQstatus (conn);
      polling = PQconnectPoll (conn);
    }
  if (polling == PGRES_POLLING_OK && PQstatus (conn) == CONNECTION_OK)
    {
      *conn_out = conn;
      return STEP_CONNECTED;
    }
  if (polling == PGRES_POLLING_FAILED && before == CONNECTION_SSL_STARTUP)
    {
      result = STEP_TLS_FAILED;
      *why = server_message (conn);
    }
  PQfinish (conn);
  return result;
}

MuyingServer *
_muying_server_connect (const char  *location,
                        const char  *password,
                        GError     **error)
{
  PQconninfoOption *options = NULL;
  g_autofree char *label = NULL;
  g_autofree char *why = NULL;
  /* Before dbname what the location may change (its own timeout), after it what it may not. */
  const char *keywords[] = { "connect_timeout", "dbname", "password", "application_name", "client_encoding", NULL };
  const char *values[] = { CONNECT_TIMEOUT, location, password, "muying", "UTF8", NULL };
  MuyingServer *self;
  PGconn *conn = NULL;
  StepResult step;
  gboolean tls;
  gint64 timeout_s;

  options = parse_location (location, error);
  if (options == NULL)
    return NULL;
  label = describe (options);
  if (!check_password_file (options, error))
    {
      PQconninfoFree (options);
      return NULL;
    }
  tls = tls_demanded (options);
  /* the probe below waits as long as the location asks libpq to (its own connect_timeout) */
  timeout_s = g_ascii_strtoll (option (options, "connect_timeout") ? option (options, "connect_timeout") : "0", NULL, 10);
  if (timeout_s <= 0)
    timeout_s = g_ascii_strtoll (CONNECT_TIMEOUT, NULL, 10);
  PQconninfoFree (options);

  /* With TLS demanded, one attempt step by step tells a refused certificate from a server that
   * does not answer, and when it connects it is the session (no ping, no second attempt: a nurse
   * at a dead server waits once). Other failures are explained below, as without TLS. */
  step = tls ? connect_step_by_step (keywords, values, timeout_s, &conn, &why) : STEP_OTHER;
  if (step == STEP_TLS_FAILED)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The database server %s answers, but no verified encrypted (TLS) connection could be "
                     "made with it (its certificate could not be verified, or it does not offer TLS): %s. "
                     "Check the server's certificate and the CA certificate the address names (sslrootcert; "
                     "docs/server.md). Nothing was written"), label, why);
      return NULL;
    }
  switch (step == STEP_CONNECTED ? PQPING_OK : step == STEP_TIMED_OUT ? PQPING_NO_RESPONSE
                                                                      : PQpingParams (keywords, values, 1))
    {
    case PQPING_NO_RESPONSE:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The database server %s does not answer: it is not running, the address or port is wrong, "
                     "or the network is down. Nothing was written"), label);
      return NULL;
    case PQPING_REJECT:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The database server %s refuses connections for now (it is starting or shutting down). "
                     "Try again in a moment. Nothing was written"), label);
      return NULL;
    case PQPING_NO_ATTEMPT:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                   _("The database server address %s cannot be used. Nothing was written"), label);
      return NULL;
    case PQPING_OK:
    default:
      break;
    }

  if (conn == NULL)
    conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      why = server_message (conn);
      if (password == NULL && PQconnectionNeedsPassword (conn))
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NEEDS_PASSWORD,
                     _("The database server %s asks for a password, and none was found for it in the password "
                       "file"), label);
      else if (PQconnectionUsedPassword (conn))
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                     _("The database server %s refused the log-in (a wrong password, or no such account or "
                       "database): %s. Nothing was written"), label, why);
      else
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                     _("Cannot connect to the database server %s: %s. Nothing was written"), label, why);
      PQfinish (conn);
      return NULL;
    }
  if (PQserverVersion (conn) < MIN_SERVER_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The database server %s runs PostgreSQL %d; Muying needs version 15 or newer. Nothing "
                     "was written"), label, PQserverVersion (conn) / 10000);
      PQfinish (conn);
      return NULL;
    }
  /* Names are Chinese: a database in another encoding would refuse them row by row, half-way
   * through a move (SQL_ASCII would take the bytes and compare them as no one expects). */
  if (g_strcmp0 (PQparameterStatus (conn, "server_encoding"), "UTF8") != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("The server database %s is in the encoding %s, not UTF-8, and cannot hold Chinese names "
                     "reliably. Create it with ENCODING 'UTF8' (docs/server.md). Nothing was written"),
                   label, PQparameterStatus (conn, "server_encoding"));
      PQfinish (conn);
      return NULL;
    }

  PQsetNoticeProcessor (conn, on_server_notice, NULL);
  self = g_new0 (MuyingServer, 1);
  self->conn = conn;
  self->label = g_steal_pointer (&label);
  if (!_muying_server_exec (self, SESSION_SETTINGS, error))
    {
      _muying_server_free (self);
      return NULL;
    }
  return self;
}

void
_muying_server_free (MuyingServer *self)
{
  if (self == NULL)
    return;
  PQfinish (self->conn);
  g_free (self->label);
  g_free (self->listening);
  g_free (self);
}

/* The new session is there: set it up as the first one was. */
static gboolean
set_up_again (MuyingServer  *self,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  self->generation++;
  if (!_muying_server_exec (self, SESSION_SETTINGS, &local_error) ||
      (self->listening != NULL && !_muying_server_listen (self, self->listening, &local_error)))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_info ("connected again to the database server %s", self->label);
  return TRUE;
}

gboolean
_muying_server_reconnect (MuyingServer  *self,
                          GError       **error)
{
  if (PQstatus (self->conn) == CONNECTION_OK && !self->resetting)
    return TRUE;
  /* The same parameters (the password typed at the start among them), a new session; an
   * attempt without waiting that was under way starts over. */
  self->resetting = FALSE;
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *why = server_message (self->conn);

      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The connection to the database server %s was lost and cannot be made again now (%s). "
                     "Nothing was written; try again when the server answers"), self->label, why);
      return FALSE;
    }
  return set_up_again (self, error);
}

gboolean
_muying_server_reconnect_step (MuyingServer *self)
{
  gint64 now = g_get_monotonic_time ();

  if (PQstatus (self->conn) == CONNECTION_OK && !self->resetting)
    return TRUE;
  if (!self->resetting)
    {
      if (now < self->next_step_us)
        return FALSE;
      if (!PQresetStart (self->conn))
        {
          self->next_step_us = now + RECONNECT_PAUSE_US;
          return FALSE;
        }
      self->resetting = TRUE;
    }
  /* (asked again without waiting for the socket: libpq then only finds nothing to read yet) */
  switch (PQresetPoll (self->conn))
    {
    case PGRES_POLLING_OK:
      self->resetting = FALSE;
      if (set_up_again (self, NULL))
        return TRUE;
      self->next_step_us = now + RECONNECT_PAUSE_US;
      return FALSE;
    case PGRES_POLLING_FAILED:
      self->resetting = FALSE;
      self->next_step_us = now + RECONNECT_PAUSE_US;
      return FALSE;
    case PGRES_POLLING_READING:
    case PGRES_POLLING_WRITING:
    case PGRES_POLLING_ACTIVE:
    default:
      return FALSE;
    }
}

gboolean
_muying_server_is_reconnecting (MuyingServer *self)
{
  return self->resetting;
}

guint
_muying_server_get_generation (MuyingServer *self)
{
  return self->generation;
}

gboolean
_muying_server_unlisten (MuyingServer  *self,
                         GError       **error)
{
  g_clear_pointer (&self->listening, g_free);
  return _muying_server_exec (self, "UNLISTEN *", error);
}

gboolean
_muying_server_listen (MuyingServer  *self,
                       const char    *channel,
                       GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("LISTEN %s", channel);

  if (!_muying_server_exec (self, sql, error))
    return FALSE;
  if (self->listening != channel)
    {
      g_free (self->listening);
      self->listening = g_strdup (channel);
    }
  return TRUE;
}

PGconn *
_muying_server_get_conn (MuyingServer *self)
{
  return self->conn;
}

const char *
_muying_server_get_label (MuyingServer *self)
{
  return self->label;
}

gboolean
_muying_server_set_error (MuyingServer   *self,
                          const PGresult *res,
                          GError        **error)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *why = g_strstrip (g_strdup (res != NULL && *PQresultErrorMessage (res) != '\0'
                                               ? PQresultErrorMessage (res) : PQerrorMessage (self->conn)));

  if (PQstatus (self->conn) != CONNECTION_OK || (state != NULL && g_str_has_prefix (state, "08")) ||
      g_strcmp0 (state, "57P01") == 0)
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                 _("The connection to the database server %s was lost (%s). What was not finished was not "
                   "saved"), self->label, why);
  else if (state != NULL && g_str_has_prefix (state, "23"))
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                 _("The database server %s refused the data: %s"), self->label, why);
  else if (g_strcmp0 (state, "42501") == 0)
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                 _("The server account may not do this on %s: %s"), self->label, why);
  else
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                 _("The database server %s reported an error: %s"), self->label, why);
  return FALSE;
}

PGresult *
_muying_server_query (MuyingServer       *self,
                      const char         *sql,
                      int                 n_params,
                      const char * const *params,
                      GError            **error)
{
  PGresult *res = n_params > 0 ? PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0)
                               : PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return res;
  _muying_server_set_error (self, res, error);
  PQclear (res);
  return NULL;
}

gboolean
_muying_server_exec (MuyingServer  *self,
                     const char    *sql,
                     GError       **error)
{
  g_autoptr(PGresult) res = _muying_server_query (self, sql, 0, NULL, error);

  return res != NULL && _muying_server_check_commit (sql, res, error);
}

gboolean
_muying_server_check_commit (const char     *sql,
                             const PGresult *res,
                             GError        **error)
{
  /* (its own ROLLBACK answers so too) */
  if (g_strcmp0 (PQcmdStatus ((PGresult *) res), "ROLLBACK") != 0 || g_ascii_strncasecmp (sql, "ROLLBACK", 8) == 0)
    return TRUE;
  g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("A statement of the transaction had failed, so the server undid all of it: "
                         "nothing was saved"));
  return FALSE;
}

gboolean
_muying_server_read_version (MuyingServer  *self,
                             int           *version,
                             GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) marker = NULL;
  gint64 app_id;

  *version = 0;
  res = _muying_server_query (self,
                              "SELECT to_regclass('muying_schema') IS NOT NULL, "
                              "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')), "
                              "d.datlocprovider = 'c' AND d.datcollate IN ('C', 'POSIX'), d.datcollate "
                              "FROM pg_database d WHERE d.datname = current_database()",
                              0, NULL, error);
  if (res == NULL)
    return FALSE;
  /* Text is compared by its bytes, as in a database file: a search's "starts with" walks an index
   * range that another collation (a language's, which sorts and skips characters its own way)
   * would not hold. */
  if (strcmp (PQgetvalue (res, 0, 2), "t") != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("The server database %s sorts text by the rules of a language (%s): Muying needs it "
                     "sorted by bytes. Create the database with “createdb --locale=C --template=template0” "
                     "(docs/server.md). Nothing was written"), self->label, PQgetvalue (res, 0, 3));
      return FALSE;
    }
  if (strcmp (PQgetvalue (res, 0, 0), "t") != 0)
    {
      if (g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10) == 0)
        return TRUE;   /* empty: a Muying database can be made in it */
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("The server database %s already holds tables of another program: it is not a Muying "
                     "database. Nothing was written"), self->label);
      return FALSE;
    }
  marker = _muying_server_query (self, "SELECT application_id, version FROM muying_schema", 0, NULL, error);
  if (marker == NULL)
    return FALSE;
  app_id = PQntuples (marker) == 1 ? g_ascii_strtoll (PQgetvalue (marker, 0, 0), NULL, 10) : 0;
  if (app_id != MUYING_STORE_APPLICATION_ID)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("The server database %s is not a Muying database. Nothing was written"), self->label);
      return FALSE;
    }
  *version = (int) g_ascii_strtoll (PQgetvalue (marker, 0, 1), NULL, 10);
  if (*version > MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW,
                   _("The server database %s was made by a newer version of Muying (structure version %d; this "
                     "program knows up to %d). Update Muying on this computer. Nothing was written"),
                   self->label, *version, MUYING_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

gint64
_muying_server_take_notifications (MuyingServer *self)
{
  PGnotify *n;
  gint64 count = 0;

  /* (while connecting again, what comes in is the connection's, not to be read here) */
  if (self->resetting || PQstatus (self->conn) != CONNECTION_OK || !PQconsumeInput (self->conn))
    return -1;
  while ((n = PQnotifies (self->conn)) != NULL)
    {
      if (n->be_pid != PQbackendPID (self->conn))
        count++;
      PQfreemem (n);
    }
  return count;
}
