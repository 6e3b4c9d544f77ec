/* Raw SQLite doing the work acctctl does, for bench/run.py's ratios (issue: reach the SQLite
 * limit), with acctctl's engine settings (ENGINE_SETTINGS below): rollback journal,
 * synchronous FULL, one IMMEDIATE transaction, prepared statements reused.
 *
 *   baselines deactivate DB REFS   look each username up, UPDATE it, INSERT an audit event
 *   baselines add DB ROWS CLIENT   per row (name TAB email): a uniqueness SELECT, the INSERT,
 *                                  an audit INSERT
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(sqlite3 *db, int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "baselines: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *statement = NULL;
  check(db, sqlite3_prepare_v2(db, sql, -1, &statement, NULL), sql);
  return statement;
}

/* acctctl's engine settings, all of them (src/store/sqlite/database.cpp and open.cpp): no
 * memory statistics, no connection mutex, defensive, untrusted schema, and its pragmas.
 * ENGINE_SETTINGS is what `baselines settings` prints, for the bench to show beside acctctl's. */
#define PRAGMAS "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE"
static const char ENGINE_SETTINGS[] =
    "SQLITE_CONFIG_MEMSTATUS 0; SQLITE_OPEN_NOMUTEX; SQLITE_DBCONFIG_DEFENSIVE 1; "
    "SQLITE_DBCONFIG_TRUSTED_SCHEMA 0; " PRAGMAS;

static sqlite3 *open_store(const char *path) {
  sqlite3 *db = NULL;
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    fprintf(stderr, "baselines: cannot open %s\n", path);
    exit(1);
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  check(db, sqlite3_exec(db, PRAGMAS "; BEGIN IMMEDIATE", NULL, NULL, NULL), "settings");
  return db;
}

static void lower(char *text) {
  for (; *text; ++text) {
    if (*text >= 'A' && *text <= 'Z') {
      *text = (char)(*text - 'A' + 'a');
    }
  }
}

static int deactivate(const char *path, const char *refs_path) {
  sqlite3 *db = open_store(path);
  sqlite3_stmt *find = prepare(db, "SELECT id, name FROM client_users WHERE username_key = ?");
  sqlite3_stmt *update = prepare(db, "UPDATE client_users SET status = 'deactivated', "
                                     "deactivated_at = '2026-11-25T00:00:00Z' WHERE id = ?");
  sqlite3_stmt *audit =
      prepare(db, "INSERT INTO audit_events (at, actor, action, client_id, user_id, user, "
                  "detail) VALUES ('2026-11-25T00:00:00Z', 'support@vendor.test', "
                  "'user.deactivate', 1, ?, ?, '{\"status\":{\"before\":\"active\","
                  "\"after\":\"deactivated\"}}')");
  FILE *refs = fopen(refs_path, "r");
  char line[512];
  long changed = 0;
  while (refs && fgets(line, sizeof line, refs)) {
    line[strcspn(line, "\r\n")] = 0;
    lower(line);
    sqlite3_bind_text(find, 1, line, -1, SQLITE_STATIC);
    if (sqlite3_step(find) == SQLITE_ROW) {
      const sqlite3_int64 id = sqlite3_column_int64(find, 0);
      sqlite3_bind_int64(update, 1, id);
      check(db, sqlite3_step(update), "update");
      sqlite3_reset(update);
      sqlite3_bind_int64(audit, 1, id);
      sqlite3_bind_text(audit, 2, (const char *)sqlite3_column_text(find, 1), -1,
                        SQLITE_TRANSIENT);
      check(db, sqlite3_step(audit), "audit");
      sqlite3_reset(audit);
      ++changed;
    }
    sqlite3_reset(find);
  }
  check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
  if (changed == 0) { /* a baseline that found nothing to do would be fast and wrong */
    fprintf(stderr, "baselines: deactivate: no reference found in %s\n", path);
    return 1;
  }
  sqlite3_close(db);
  return 0;
}

static int add(const char *path, const char *rows_path, const char *client) {
  sqlite3 *db = open_store(path);
  sqlite3_stmt *taken = prepare(db, "SELECT 1 FROM client_users WHERE username_key = ?");
  sqlite3_stmt *insert = prepare(
      db, "INSERT INTO client_users (client_id, name, email, email_key, username, username_key, "
          "role, login_access, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'standard', 1, "
          "'active', '2026-11-25T00:00:00Z')");
  sqlite3_stmt *audit = prepare(db, "INSERT INTO audit_events (at, actor, action, client_id, "
                                    "user_id, user, detail) VALUES ('2026-11-25T00:00:00Z', "
                                    "'support@vendor.test', 'user.add', ?, ?, ?, '{}')");
  const sqlite3_int64 client_id = atoll(client);
  FILE *rows = fopen(rows_path, "r");
  char line[1024];
  long added = 0;
  while (rows && fgets(line, sizeof line, rows)) {
    line[strcspn(line, "\r\n")] = 0;
    char *tab = strchr(line, '\t');
    if (!tab) {
      continue;
    }
    *tab = 0;
    const char *name = line;
    char *email = tab + 1;
    char key[512];
    snprintf(key, sizeof key, "%s", email);
    lower(key);
    sqlite3_bind_text(taken, 1, key, -1, SQLITE_STATIC);
    const int exists = sqlite3_step(taken) == SQLITE_ROW;
    sqlite3_reset(taken);
    if (exists) {
      continue;
    }
    sqlite3_bind_int64(insert, 1, client_id);
    sqlite3_bind_text(insert, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 5, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 6, key, -1, SQLITE_STATIC);
    check(db, sqlite3_step(insert), "insert");
    sqlite3_reset(insert);
    sqlite3_bind_int64(audit, 1, client_id);
    sqlite3_bind_int64(audit, 2, sqlite3_last_insert_rowid(db));
    sqlite3_bind_text(audit, 3, name, -1, SQLITE_STATIC);
    check(db, sqlite3_step(audit), "audit");
    sqlite3_reset(audit);
    ++added;
  }
  check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
  sqlite3_close(db);
  if (added == 0) {
    fprintf(stderr, "baselines: add: no row added to %s\n", path);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "settings") == 0) {
    printf("%s\n", ENGINE_SETTINGS);
    return 0;
  }
  if (argc == 4 && strcmp(argv[1], "deactivate") == 0) {
    return deactivate(argv[2], argv[3]);
  }
  if (argc == 5 && strcmp(argv[1], "add") == 0) {
    return add(argv[2], argv[3], argv[4]);
  }
  fprintf(stderr, "usage: baselines settings | deactivate DB REFS | add DB ROWS CLIENT_ID\n");
  return 2;
}
