#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acctctl/service/session.hpp"

namespace acctctl {

// Files a document under a user (a document owner without login too); R5: not if deactivated.
DocumentListing add_document(Session& session, std::string_view client_ref,
                             std::string_view user_ref, std::string_view title);
void list_documents(Session& session, std::string_view client_ref,
                    const std::optional<std::string>& user_ref, const Sink<DocumentListing>& sink);

} // namespace acctctl
