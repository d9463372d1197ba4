/* muying-store-audit-private.h: the audit chain walked entry by entry, whatever holds it
 *
 * The check (muying-store-audit.c) walks the chain of the SQLite file; the migration to a
 * server (muying-store-migrate.c) walks the copy on the server with the same rules, so both
 * verify one definition of the chain: each entry's prev_hash is the hash of the entry before,
 * and its hash is the rule of its part (plain SHA-256 before the first "audit_key" marker,
 * HMAC-SHA-256 with the key the newest marker names after it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-store-private.h"

G_BEGIN_DECLS

/* One audit row as read (borrowed strings; NULL for SQL NULL). */
typedef struct
{
  gint64      id;
  const char *at;
  const char *user;
  const char *action;
  const char *entity;
  gint64      entity_id;
  const char *detail;
  const char *prev_hash;
  const char *hash;
  const char *seal;
} MuyingAuditEntry;

typedef enum
{
  MUYING_AUDIT_LINK_BROKEN  = 1 << 0,  /* prev_hash is not the hash of the entry before */
  MUYING_AUDIT_FORGED       = 1 << 1,  /* the hash is not the one its fields give */
  MUYING_AUDIT_UNVERIFIABLE = 1 << 2,  /* written with a key not in the key folder */
} MuyingAuditFinding;

typedef struct _MuyingAuditChain MuyingAuditChain;

MuyingAuditChain *_muying_audit_chain_new        (MuyingKeyring          *keyring);
void              _muying_audit_chain_free       (MuyingAuditChain       *self);
/* Takes the next entry (in id order); returns its MuyingAuditFinding flags, 0 when it holds. */
guint             _muying_audit_chain_feed       (MuyingAuditChain       *self,
                                                  const MuyingAuditEntry *entry);
/* Whether the entries so far reached the keyed part (an "audit_key" marker). */
gboolean          _muying_audit_chain_is_keyed   (MuyingAuditChain       *self);
gint64            _muying_audit_chain_get_count  (MuyingAuditChain       *self);
/* The hash of the newest entry fed, the genesis hash before any. */
const char       *_muying_audit_chain_get_head   (MuyingAuditChain       *self);
/* The runs of entries written with a key not in the key folder: @i from 0, FALSE past the last. */
gboolean          _muying_audit_chain_get_missing (MuyingAuditChain      *self,
                                                   guint                  i,
                                                   const char           **key_id,
                                                   gint64                *first,
                                                   gint64                *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingAuditChain, _muying_audit_chain_free)

G_END_DECLS
