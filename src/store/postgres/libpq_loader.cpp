#include "store/postgres/libpq_loader.hpp"

#include <dlfcn.h>

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl::postgres {
namespace {

template <typename Function> void bind(void* library, Function& target, const char* name) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    throw Error(ExitCode::store_error,
                fmt::format("the PostgreSQL client library lacks {}: install Debian's libpq5 "
                            "(PostgreSQL 15 or newer)",
                            name));
  }
  target = reinterpret_cast<Function>(symbol);
}

LibPq load() {
  void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    throw Error(ExitCode::store_error,
                fmt::format("a PostgreSQL store needs the client library libpq.so.5: apt-get "
                            "install libpq5 ({})",
                            dlerror()));
  }
  LibPq api{};
  bind(library, api.connectdb, "PQconnectdb");
  bind(library, api.conninfoParse, "PQconninfoParse");
  bind(library, api.conninfoFree, "PQconninfoFree");
  bind(library, api.freemem, "PQfreemem");
  bind(library, api.status, "PQstatus");
  bind(library, api.errorMessage, "PQerrorMessage");
  bind(library, api.finish, "PQfinish");
  bind(library, api.setNoticeProcessor, "PQsetNoticeProcessor");
  bind(library, api.getCancel, "PQgetCancel");
  bind(library, api.freeCancel, "PQfreeCancel");
  bind(library, api.cancel, "PQcancel");
  bind(library, api.resultErrorField, "PQresultErrorField");
  bind(library, api.clear, "PQclear");
  bind(library, api.exec, "PQexec");
  bind(library, api.execParams, "PQexecParams");
  bind(library, api.resultStatus, "PQresultStatus");
  bind(library, api.sendQueryParams, "PQsendQueryParams");
  bind(library, api.setSingleRowMode, "PQsetSingleRowMode");
  bind(library, api.getResult, "PQgetResult");
  bind(library, api.ntuples, "PQntuples");
  bind(library, api.getisnull, "PQgetisnull");
  bind(library, api.getvalue, "PQgetvalue");
  bind(library, api.getlength, "PQgetlength");
  return api; // the library stays loaded for the life of the process
}

} // namespace

const LibPq& libpq() {
  static const LibPq api = load();
  return api;
}

} // namespace acctctl::postgres
