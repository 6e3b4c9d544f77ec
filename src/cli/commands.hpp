#pragma once

#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

// The command groups, one file each, and what they share.
namespace acctctl::cli {

void add_init_command(CLI::App& root, Context& context);
void add_practices_commands(CLI::App& root, Context& context);
void add_staff_commands(CLI::App& root, Context& context);
void add_access_commands(CLI::App& root, Context& context);
void add_clients_commands(CLI::App& root, Context& context);
void add_users_commands(CLI::App& root, Context& context);
void add_lifecycle_commands(CLI::App& users, Context& context);
void add_sync_command(CLI::App& users, Context& context);
void add_portal_commands(CLI::App& root, Context& context);
void add_documents_commands(CLI::App& root, Context& context);
void add_audit_commands(CLI::App& root, Context& context);
void add_due_command(CLI::App& root, Context& context);
void add_store_commands(CLI::App& root, Context& context);
void add_completion_command(CLI::App& root, Context& context);

// A command group: needs one of its subcommands.
CLI::App* add_group(CLI::App& parent, const std::string& name, const std::string& description);

// An option whose value is one of `values` (`target` a string, or a vector for a repeated
// option); the values are also offered by shell completion.
void remember_choices(const CLI::Option* option, const std::vector<std::string>& values);
const std::map<const CLI::Option*, std::vector<std::string>>& option_choices();

template <typename Target>
CLI::Option* add_choice(CLI::App& app, const std::string& name, Target& target,
                        const std::vector<std::string>& values, const std::string& description) {
  CLI::Option* option = app.add_option(name, target, description)->check(CLI::IsMember(values));
  remember_choices(option, values);
  return option;
}

// --continue and --ignore-not-found (R11).
void add_batch_flags(CLI::App& app, BatchFlags& flags);

// USER… where `-` stands for the references on stdin, one per line (blank lines and `#`
// comments skipped, a trailing CR dropped).
std::vector<std::string> expand_references(const std::vector<std::string>& args);

// A file, or stdin for `-`, to read: missing is exit 3, unreadable exit 1.
std::unique_ptr<std::istream> open_input(const std::string& path);
std::string read_input(const std::string& path);

// Value rules (SPEC.md "Values") for an option: throw Error(usage) naming it.
std::optional<std::string> checked_email(const std::optional<std::string>& value,
                                         const char* option);

} // namespace acctctl::cli
