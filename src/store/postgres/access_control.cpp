// Who may do what on a shared store, enforced by the server (SPEC §6.3): the group role
// acctctl_operator and its privileges, row-level security on every table following the
// session's bound staff member, and the trigger that lets a bound role write audit events only
// the way acctctl writes them.
//
// Speed (PostgreSQL's and the community's guidance): each policy reads the session through
// STABLE functions wrapped in scalar subqueries, so a statement evaluates them once (an
// InitPlan) and not per row; the set of reachable clients is one hashed subplan. The functions
// are SECURITY DEFINER with a fixed search_path, so they read the staff and grants that the
// session itself may not, and nobody can slip other tables in front of them.
#include "store/postgres/access_control.hpp"

#include <string>

#include <fmt/format.h>

namespace acctctl::postgres {
namespace {

// @schema@ is the store's schema, quoted by the server (search_path.hpp).
constexpr std::string_view k_session_functions = R"sql(
-- The time as acctctl stores it (UTC text), which a grant's `until` is compared with (R1,
-- SPEC §3.2): the transaction's start, as SQLite's acctctl_now() is the statement's.
CREATE OR REPLACE FUNCTION acctctl_now() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
CREATE OR REPLACE FUNCTION acctctl_bound_staff() RETURNS bigint LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT id FROM staff WHERE db_role = session_user $$;
-- Whether a command run's batch committed, for the run itself after its COMMIT's answer was
-- lost (SPEC §6.2): its events may be ones the session may not read. A batch id is not a secret.
-- Asked by the id of one of its events, a primary-key lookup: batch has no index (schema.cpp).
DROP FUNCTION IF EXISTS acctctl_batch_committed(text);
CREATE OR REPLACE FUNCTION acctctl_batch_committed(batch text, event bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM audit_events a WHERE a.id = $2 AND a.batch = $1) $$;
-- New ids for acctctl's rows, the owner's to draw: an operator needs no privilege on a sequence.
-- Audit events take theirs from acctctl_audit_ids, under its lock.
CREATE OR REPLACE FUNCTION acctctl_new_ids(kind text, count integer) RETURNS SETOF bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT nextval(pg_get_serial_sequence(CASE kind WHEN 'practices' THEN 'practices'
          WHEN 'staff' THEN 'staff' WHEN 'clients' THEN 'clients'
          WHEN 'client_users' THEN 'client_users' WHEN 'documents' THEN 'documents' END, 'id'))
        FROM generate_series(1, count) $$;
-- The store's owner or a superuser: an administrative session, which row-level security skips.
CREATE OR REPLACE FUNCTION acctctl_session_is_administrative() RETURNS boolean LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user),
                        false)
        OR session_user = (SELECT c.relowner::regrole::name FROM pg_catalog.pg_class c
                           WHERE c.oid = 'acctctl_meta'::regclass) $$;
CREATE OR REPLACE FUNCTION acctctl_session_staff() RETURNS bigint LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT id FROM staff WHERE db_role = session_user AND status = 'active' $$;
CREATE OR REPLACE FUNCTION acctctl_session_is_support() RETURNS boolean LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM staff WHERE db_role = session_user AND status = 'active'
                       AND role = 'support') $$;
-- The practice of a bound practice user, and of a bound admin only.
CREATE OR REPLACE FUNCTION acctctl_session_practice() RETURNS bigint LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT practice_id FROM staff WHERE db_role = session_user AND status = 'active' $$;
CREATE OR REPLACE FUNCTION acctctl_session_admin_practice() RETURNS bigint LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT practice_id FROM staff WHERE db_role = session_user AND status = 'active'
        AND role = 'admin' $$;
-- R1: support reaches every client account, an admin the practice's, a member those granted.
CREATE OR REPLACE FUNCTION acctctl_reachable_clients() RETURNS SETOF bigint LANGUAGE sql STABLE
  ROWS 10 SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT c.id FROM clients c JOIN staff s ON s.db_role = session_user AND s.status = 'active'
        WHERE s.role = 'support' OR (s.role = 'admin' AND c.practice_id = s.practice_id)
           OR EXISTS (SELECT 1 FROM access_grants g WHERE g.staff_id = s.id AND g.client_id = c.id
                      AND (g.until IS NULL OR g.until > acctctl_now())) $$;
CREATE OR REPLACE FUNCTION acctctl_granted_clients() RETURNS SETOF bigint LANGUAGE sql STABLE
  ROWS 10 SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT g.client_id FROM access_grants g JOIN staff s ON s.id = g.staff_id
        WHERE s.db_role = session_user AND s.status = 'active'
          AND (g.until IS NULL OR g.until > acctctl_now()) $$;
-- A member who adds a client account is granted access to it, in the transaction that adds it,
-- and to no other by itself.
CREATE OR REPLACE FUNCTION acctctl_client_is_new(client bigint) RETURNS boolean LANGUAGE sql
  STABLE SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM clients WHERE id = client
                       AND xmin = pg_current_xact_id()::xid) $$;
-- A client account out of the session's reach, by id or by folded name: only that it exists and
-- its practice, so that acctctl says "permission denied" (R1: exit 5), as on the owner's
-- connection, and not "no such client". Nothing else of the row.
CREATE OR REPLACE FUNCTION acctctl_client_out_of_reach(client bigint, key text)
  RETURNS TABLE (id bigint, practice_id bigint) LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT c.id, c.practice_id FROM clients c
        WHERE (c.id = client OR c.name_key = key) AND acctctl_session_staff() IS NOT NULL
        ORDER BY c.id $$;
-- The same for a practice and for a staff member (R1's "permission denied", not "not found").
CREATE OR REPLACE FUNCTION acctctl_practice_out_of_reach(practice bigint, key text)
  RETURNS TABLE (id bigint) LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT p.id FROM practices p
        WHERE (p.id = practice OR p.name_key = key) AND acctctl_session_staff() IS NOT NULL
        ORDER BY p.id $$;
-- Who holds a database role, by id only: a role binds one staff member (SPEC §4).
CREATE OR REPLACE FUNCTION acctctl_role_holder(login text) RETURNS bigint LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT s.id FROM staff s WHERE s.db_role = login AND acctctl_session_staff() IS NOT NULL $$;
CREATE OR REPLACE FUNCTION acctctl_staff_out_of_reach(member bigint, key text)
  RETURNS TABLE (id bigint, role text, practice_id bigint) LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT s.id, s.role, s.practice_id FROM staff s
        WHERE (s.id = member OR s.email_key = key) AND acctctl_session_staff() IS NOT NULL
        ORDER BY s.id $$;
-- The head hash of each chain that a writer extends (SPEC §4.1): the heads are the chains'
-- newest events, which a practice user's own reading of the trail may not see. Only the
-- chains the session may write: clients in reach (or new), the store's for support and admins.
CREATE OR REPLACE FUNCTION acctctl_chain_heads(clients bigint[], with_store boolean)
  RETURNS TABLE (client_id bigint, hash text) LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = @schema@, pg_temp
  AS $$ SELECT c, (SELECT a.hash FROM audit_events a WHERE a.client_id = c
                   ORDER BY a.id DESC LIMIT 1) FROM unnest(clients) AS c
        WHERE acctctl_session_is_administrative() OR c IN (SELECT acctctl_reachable_clients())
           OR acctctl_client_is_new(c)
        UNION ALL
        SELECT NULL, (SELECT a.hash FROM audit_events a WHERE a.client_id IS NULL
                      ORDER BY a.id DESC LIMIT 1)
        WHERE with_store AND (acctctl_session_is_administrative() OR acctctl_session_is_support()
                              OR acctctl_session_admin_practice() IS NOT NULL) $$;
)sql";

// Where `audit follow` may read up to (SPEC §4.1), although writers commit out of id order.
// A writer takes its event ids only through acctctl_audit_ids: it first holds the shared
// advisory lock (audit_events' oid, V), V the last id issued before its own, and keeps it until
// it commits or rolls back. acctctl_audit_horizon then reads the last issued id, *then* the
// locks, and returns the least of the last issued id and every V held. Every event at or below
// it that will ever commit is committed already: a writer of such an id took it (and so its lock)
// before the sequence was read; if it was still running when the locks were read, its V is
// below its ids and caps the horizon; if not, it had finished. A read that starts after the
// call sees them all. Ids beyond 2^31 do not fit the lock's key: writes then fail loudly.
constexpr std::string_view k_follow_functions = R"sql(
CREATE OR REPLACE FUNCTION acctctl_audit_ids(count integer) RETURNS SETOF bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared('audit_events'::regclass::oid::integer,
    (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
     FROM audit_events_id_seq)::integer);
  RETURN QUERY SELECT nextval('audit_events_id_seq') FROM generate_series(1, count);
END $$;
CREATE OR REPLACE FUNCTION acctctl_audit_horizon() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
  issued bigint;
  writing bigint;
BEGIN
  SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO issued
    FROM audit_events_id_seq;
  SELECT min(l.objid::bigint) INTO writing FROM pg_catalog.pg_locks l
    WHERE l.locktype = 'advisory' AND l.objsubid = 2
      AND l.classid = 'audit_events'::regclass::oid
      AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database());
  RETURN least(issued, writing);
END $$;
)sql";

// A bound session's events: in its own staff member's name and role, each extending its chain
// from the chain's head (SPEC §4.1, §6.3), whoever wrote the INSERT. acctctl holds the chain's
// lock already; a raw INSERT takes it here, so two of them cannot fork a chain. Other roles may
// not insert at all, except the store's owner, whom the server trusts as it trusts init.
constexpr std::string_view k_audit_trigger = R"sql(
CREATE OR REPLACE FUNCTION acctctl_audit_events_as_written() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = @schema@, pg_temp AS $$
DECLARE
  writer text;
  e record;
  chain bigint;
  started boolean := false;
  head text;
  expected text;
BEGIN
  SELECT email INTO writer FROM staff WHERE db_role = session_user;
  IF writer IS NULL THEN
    RETURN NULL;
  END IF;
  -- Ids from acctctl_audit_ids, whose lock keeps them from followers until this commits.
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                 WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory' AND l.objsubid = 2
                   AND l.classid = 'audit_events'::regclass::oid
                   AND l.objid::bigint < (SELECT min(n.id) FROM new_events n)) THEN
    RAISE EXCEPTION 'audit events take their ids from acctctl_audit_ids()';
  END IF;
  -- What the hash leaves out must still be true: the client's practice, and its name if given.
  SELECT n.id INTO e FROM new_events n JOIN clients c ON c.id = n.client_id
    WHERE n.practice_id IS DISTINCT FROM c.practice_id OR n.client <> c.name LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'audit event %: its practice or client is not its client''s', e.id;
  END IF;
  FOR e IN SELECT n.id, n.client_id, n.actor, n.connected_as, n.hash,
      '{"id":' || n.id || ',"at":' || to_json(n.at) || ',"actor":' || to_json(n.actor)
        || ',"action":' || to_json(n.action) || ',"client_id":' || coalesce(n.client_id::text, 'null')
        || ',"user_id":' || coalesce(n.user_id::text, 'null') || ',"detail":' || n.detail
        || ',"connected_as":' || coalesce(to_json(n.connected_as)::text, 'null')
        || ',"batch":' || coalesce(to_json(n.batch)::text, 'null') || '}' AS canonical
    FROM new_events n ORDER BY n.client_id NULLS FIRST, n.id
  LOOP
    IF e.actor IS DISTINCT FROM writer OR e.connected_as IS DISTINCT FROM session_user::text THEN
      RAISE EXCEPTION 'audit event %: role % writes audit events as % only', e.id, session_user,
        writer;
    END IF;
    IF NOT started OR e.client_id IS DISTINCT FROM chain THEN
      started := true;
      chain := e.client_id;
      IF chain IS NULL THEN
        PERFORM pg_advisory_xact_lock(2135, 'audit_events'::regclass::oid::integer);
        SELECT a.hash INTO head FROM audit_events a WHERE a.client_id IS NULL AND a.id < e.id
          AND NOT EXISTS (SELECT 1 FROM new_events n WHERE n.id = a.id) ORDER BY a.id DESC LIMIT 1;
        IF EXISTS (SELECT 1 FROM audit_events a WHERE a.client_id IS NULL AND a.id > e.id
                   AND NOT EXISTS (SELECT 1 FROM new_events n WHERE n.id = a.id)) THEN
          RAISE EXCEPTION 'audit event %: not after the head of its chain', e.id;
        END IF;
      ELSE
        PERFORM 1 FROM clients WHERE id = chain FOR UPDATE;
        SELECT a.hash INTO head FROM audit_events a WHERE a.client_id = chain AND a.id < e.id
          AND NOT EXISTS (SELECT 1 FROM new_events n WHERE n.id = a.id) ORDER BY a.id DESC LIMIT 1;
        IF EXISTS (SELECT 1 FROM audit_events a WHERE a.client_id = chain AND a.id > e.id
                   AND NOT EXISTS (SELECT 1 FROM new_events n WHERE n.id = a.id)) THEN
          RAISE EXCEPTION 'audit event %: not after the head of its chain', e.id;
        END IF;
      END IF;
      head := coalesce(head, repeat('0', 64));
    END IF;
    expected := encode(sha256(convert_to(head || e.canonical, 'UTF8')), 'hex');
    IF e.hash IS DISTINCT FROM expected THEN
      RAISE EXCEPTION 'audit event %: its hash does not extend its chain', e.id;
    END IF;
    head := expected;
  END LOOP;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER audit_events_are_chained AFTER INSERT ON audit_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT
  EXECUTE FUNCTION acctctl_audit_events_as_written();
)sql";

// Row-level security: the owner of the tables and superusers bypass it (an administrative
// connection); every other role sees and changes what its bound staff member may (SPEC §6.3).
// Made again by every init, so a dropped policy comes back.
constexpr std::string_view k_policies = R"sql(
ALTER TABLE acctctl_meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS meta_read ON acctctl_meta;
CREATE POLICY meta_read ON acctctl_meta FOR SELECT USING (true);
DROP POLICY IF EXISTS practices_read ON practices;
CREATE POLICY practices_read ON practices FOR SELECT
  USING ((SELECT acctctl_session_is_support()) OR id = (SELECT acctctl_session_practice()));
DROP POLICY IF EXISTS practices_add ON practices;
CREATE POLICY practices_add ON practices FOR INSERT
  WITH CHECK ((SELECT acctctl_session_is_support()));
DROP POLICY IF EXISTS practices_edit ON practices;
CREATE POLICY practices_edit ON practices FOR UPDATE
  USING ((SELECT acctctl_session_is_support()));
DROP POLICY IF EXISTS staff_read ON staff;
CREATE POLICY staff_read ON staff FOR SELECT
  USING ((SELECT acctctl_session_is_support())
         OR practice_id = (SELECT acctctl_session_practice()));
DROP POLICY IF EXISTS staff_add ON staff;
CREATE POLICY staff_add ON staff FOR INSERT
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR (practice_id = (SELECT acctctl_session_admin_practice()) AND role <> 'support'));
DROP POLICY IF EXISTS staff_edit ON staff;
CREATE POLICY staff_edit ON staff FOR UPDATE
  USING ((SELECT acctctl_session_is_support())
         OR practice_id = (SELECT acctctl_session_admin_practice()))
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR (practice_id = (SELECT acctctl_session_admin_practice()) AND role <> 'support'));
DROP POLICY IF EXISTS grants_read ON access_grants;
CREATE POLICY grants_read ON access_grants FOR SELECT
  USING ((SELECT acctctl_session_is_support()) OR staff_id = (SELECT acctctl_session_staff())
         OR ((SELECT acctctl_session_admin_practice()) IS NOT NULL
             AND client_id IN (SELECT acctctl_reachable_clients())));
DROP POLICY IF EXISTS grants_add ON access_grants;
CREATE POLICY grants_add ON access_grants FOR INSERT
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR ((SELECT acctctl_session_admin_practice()) IS NOT NULL
                  AND client_id IN (SELECT acctctl_reachable_clients())
                  AND staff_id IN (SELECT id FROM staff))
              OR (staff_id = (SELECT acctctl_session_staff()) AND acctctl_client_is_new(client_id)));
DROP POLICY IF EXISTS grants_revoke ON access_grants;
CREATE POLICY grants_revoke ON access_grants FOR DELETE
  USING ((SELECT acctctl_session_is_support())
         OR ((SELECT acctctl_session_admin_practice()) IS NOT NULL
             AND client_id IN (SELECT acctctl_reachable_clients())));
DROP POLICY IF EXISTS clients_read ON clients;
CREATE POLICY clients_read ON clients FOR SELECT
  USING (id IN (SELECT acctctl_reachable_clients()));
DROP POLICY IF EXISTS clients_add ON clients;
CREATE POLICY clients_add ON clients FOR INSERT
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR practice_id = (SELECT acctctl_session_practice()));
DROP POLICY IF EXISTS clients_edit ON clients;
CREATE POLICY clients_edit ON clients FOR UPDATE
  USING (id IN (SELECT acctctl_reachable_clients()))
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR practice_id = (SELECT acctctl_session_practice()));
DROP POLICY IF EXISTS users_reach ON client_users;
CREATE POLICY users_reach ON client_users FOR ALL
  USING (client_id IN (SELECT acctctl_reachable_clients()))
  WITH CHECK (client_id IN (SELECT acctctl_reachable_clients()));
DROP POLICY IF EXISTS permissions_reach ON user_permissions;
CREATE POLICY permissions_reach ON user_permissions FOR ALL
  USING (client_id IN (SELECT acctctl_reachable_clients()))
  WITH CHECK (client_id IN (SELECT acctctl_reachable_clients())
              AND user_id IN (SELECT id FROM client_users));
DROP POLICY IF EXISTS documents_reach ON documents;
CREATE POLICY documents_reach ON documents FOR ALL
  USING (client_id IN (SELECT acctctl_reachable_clients()))
  WITH CHECK (client_id IN (SELECT acctctl_reachable_clients()));
DROP POLICY IF EXISTS audit_read ON audit_events;
CREATE POLICY audit_read ON audit_events FOR SELECT
  USING ((SELECT acctctl_session_is_support())
         OR practice_id = (SELECT acctctl_session_admin_practice())
         OR client_id IN (SELECT acctctl_granted_clients()));
DROP POLICY IF EXISTS audit_add ON audit_events;
CREATE POLICY audit_add ON audit_events FOR INSERT
  WITH CHECK ((SELECT acctctl_session_is_support())
              OR (client_id IS NULL AND practice_id = (SELECT acctctl_session_admin_practice()))
              OR client_id IN (SELECT acctctl_reachable_clients())
              OR acctctl_client_is_new(client_id));
)sql";

// Exactly what acctctl needs (SPEC §6.3): no TRUNCATE, no UPDATE or DELETE of audit events, no
// DDL, no sequence (new ids come through acctctl_new_ids); the session functions.
constexpr std::string_view k_privileges_sql = R"sql(
REVOKE ALL ON acctctl_meta, practices, staff, access_grants, clients, client_users,
  user_permissions, documents, audit_events FROM acctctl_operator;
GRANT USAGE ON SCHEMA @schema@ TO acctctl_operator;
GRANT SELECT ON acctctl_meta, practices, staff, access_grants, clients, client_users,
  user_permissions, documents, audit_events TO acctctl_operator;
GRANT INSERT, UPDATE ON practices, staff, clients TO acctctl_operator;
GRANT INSERT, UPDATE, DELETE ON client_users TO acctctl_operator;
GRANT INSERT, DELETE ON access_grants, user_permissions TO acctctl_operator;
GRANT INSERT ON documents, audit_events TO acctctl_operator;
-- No sequence: new ids come through acctctl_new_ids() and acctctl_audit_ids() (so that
-- followers see each audit id, k_follow_functions). Stores before version 8 granted USAGE.
REVOKE ALL ON SEQUENCE practices_id_seq, staff_id_seq, clients_id_seq, client_users_id_seq,
  documents_id_seq, audit_events_id_seq FROM acctctl_operator;
-- The owner's functions answer acctctl's operators only (PostgreSQL lets PUBLIC run any).
REVOKE EXECUTE ON FUNCTION @functions@ FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @functions@ TO acctctl_operator;
)sql";

// The session functions above, which policies and acctctl call (acctctl_bound_staff stays
// PUBLIC's: it tells a session only its own binding).
constexpr std::string_view k_operator_functions =
    "acctctl_session_is_administrative(), acctctl_session_staff(), acctctl_session_is_support(), "
    "acctctl_session_practice(), acctctl_session_admin_practice(), acctctl_reachable_clients(), "
    "acctctl_granted_clients(), acctctl_client_is_new(bigint), "
    "acctctl_client_out_of_reach(bigint, text), acctctl_practice_out_of_reach(bigint, text), "
    "acctctl_staff_out_of_reach(bigint, text), acctctl_chain_heads(bigint[], boolean), "
    "acctctl_audit_ids(integer), acctctl_audit_horizon(), acctctl_role_holder(text), "
    "acctctl_batch_committed(text, bigint), acctctl_new_ids(text, integer)";

std::string replaced(std::string text, std::string_view mark, std::string_view by) {
  for (std::size_t at = text.find(mark); at != std::string::npos;
       at = text.find(mark, at + by.size())) {
    text.replace(at, mark.size(), by);
  }
  return text;
}

std::string in_schema(std::string_view script, std::string_view quoted_schema) {
  return replaced(replaced(std::string(script), "@schema@", quoted_schema), "@functions@",
                  k_operator_functions);
}

} // namespace

std::optional<std::string> apply_access_control(Connection& conn, const StoreSchema& schema) {
  conn.exec_script(in_schema(k_session_functions, schema.quoted));
  conn.exec_script(in_schema(k_follow_functions, schema.quoted));
  conn.exec_script(in_schema(k_audit_trigger, schema.quoted));
  conn.exec_script(k_policies);
  const Result role = conn.exec(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'acctctl_operator'), "
      "(SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user)");
  const std::string privileges = in_schema(k_privileges_sql, schema.quoted);
  if (!role.boolean(0, 0)) {
    if (!role.boolean(0, 1)) {
      // The owner may not create roles: the administrator runs this, as SPEC §6.3 says.
      return fmt::format("CREATE ROLE acctctl_operator NOLOGIN;\n{}", privileges);
    }
    conn.exec_script("CREATE ROLE acctctl_operator NOLOGIN");
  }
  conn.exec_script(privileges);
  return std::nullopt;
}

} // namespace acctctl::postgres
