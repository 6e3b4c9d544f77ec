#pragma once

#include <libpq-fe.h>

// libpq, loaded when a PostgreSQL URL is first opened (dlopen), not at start-up: linked in,
// it brings about twenty shared libraries (TLS, Kerberos, LDAP) whose loading tripled the
// start-up time of every command, SQLite ones included. The header gives the types; these
// pointers are the functions.
namespace acctctl::postgres {

// Members keep libpq's own names (PQerrorMessage: errorMessage), so each reads as the call it is.
// NOLINTBEGIN(readability-identifier-naming)
struct LibPq {
  decltype(&::PQconnectdbParams) connectdbParams;
  decltype(&::PQconninfoParse) conninfoParse;
  decltype(&::PQconninfoFree) conninfoFree;
  decltype(&::PQfreemem) freemem;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) errorMessage;
  decltype(&::PQfinish) finish;
  decltype(&::PQsetNoticeReceiver) setNoticeReceiver;
  decltype(&::PQgetCancel) getCancel;
  decltype(&::PQfreeCancel) freeCancel;
  decltype(&::PQcancel) cancel; // async-signal-safe, as libpq documents
  decltype(&::PQresultErrorField) resultErrorField;
  decltype(&::PQclear) clear;
  decltype(&::PQexec) exec;
  decltype(&::PQexecParams) execParams;
  decltype(&::PQresultStatus) resultStatus;
  decltype(&::PQcmdStatus) cmdStatus;
  decltype(&::PQsendQueryParams) sendQueryParams;
  decltype(&::PQsetSingleRowMode) setSingleRowMode;
  decltype(&::PQgetResult) getResult;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
};
// NOLINTEND(readability-identifier-naming)

// Loads libpq.so.5 once; throws Error(store_error) naming the package when it is missing.
const LibPq& libpq();

} // namespace acctctl::postgres
