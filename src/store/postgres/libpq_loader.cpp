#include "store/postgres/libpq_loader.hpp"

#include "acctctl/shared_library.hpp"

namespace acctctl::postgres {
namespace {

LibPq load() {
  const SharedLibrary library("libpq.so.5", "a PostgreSQL store",
                              "libpq5 (PostgreSQL 15 or newer)");
  LibPq api{};
  library.bind(api.connectdbParams, "PQconnectdbParams");
  library.bind(api.conninfoParse, "PQconninfoParse");
  library.bind(api.conninfoFree, "PQconninfoFree");
  library.bind(api.freemem, "PQfreemem");
  library.bind(api.status, "PQstatus");
  library.bind(api.errorMessage, "PQerrorMessage");
  library.bind(api.finish, "PQfinish");
  library.bind(api.setNoticeReceiver, "PQsetNoticeReceiver");
  library.bind(api.getCancel, "PQgetCancel");
  library.bind(api.freeCancel, "PQfreeCancel");
  library.bind(api.cancel, "PQcancel");
  library.bind(api.resultErrorField, "PQresultErrorField");
  library.bind(api.clear, "PQclear");
  library.bind(api.exec, "PQexec");
  library.bind(api.execParams, "PQexecParams");
  library.bind(api.resultStatus, "PQresultStatus");
  library.bind(api.cmdStatus, "PQcmdStatus");
  library.bind(api.sendQueryParams, "PQsendQueryParams");
  library.bind(api.setSingleRowMode, "PQsetSingleRowMode");
  library.bind(api.getResult, "PQgetResult");
  library.bind(api.ntuples, "PQntuples");
  library.bind(api.getisnull, "PQgetisnull");
  library.bind(api.getvalue, "PQgetvalue");
  library.bind(api.getlength, "PQgetlength");
  return api; // the library stays loaded for the life of the process
}

} // namespace

const LibPq& libpq() {
  static const LibPq api = load();
  return api;
}

} // namespace acctctl::postgres
