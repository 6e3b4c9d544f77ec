// acctctl completion bash|zsh|fish: scripts generated from the parser itself, so they offer
// exactly the commands, options and option values that exist.
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct OptionInfo {
  std::vector<std::string> names; // "--status", "-o"
  bool takes_value = false;
  std::vector<std::string> choices;
  std::string description;
};

struct CommandNode {
  std::string path; // "" for acctctl itself, "users list"
  std::vector<std::string> subcommands;
  std::vector<OptionInfo> options;
};

std::vector<OptionInfo> options_of(const CLI::App& app) {
  std::vector<OptionInfo> result;
  for (const CLI::Option* option : app.get_options()) {
    if (!option->nonpositional()) {
      continue;
    }
    OptionInfo info;
    for (const std::string& name : option->get_lnames()) {
      info.names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      info.names.push_back("-" + name);
    }
    info.takes_value = option->get_items_expected_max() != 0; // flags expect no item
    const auto& known = option_choices();
    if (const auto found = known.find(option); found != known.end()) {
      info.choices = found->second;
    }
    info.description = option->get_description();
    result.push_back(std::move(info));
  }
  return result;
}

void collect(const CLI::App& app, const std::string& path, std::vector<CommandNode>& nodes) {
  CommandNode node{path, {}, options_of(app)};
  for (const CLI::App* sub : app.get_subcommands({})) {
    node.subcommands.push_back(sub->get_name());
  }
  nodes.push_back(node);
  for (const CLI::App* sub : app.get_subcommands({})) {
    collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), nodes);
  }
}

std::string words(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, " "));
}

std::string option_words(const std::vector<OptionInfo>& options, bool valued_only) {
  std::vector<std::string> names;
  for (const OptionInfo& option : options) {
    if (!valued_only || option.takes_value) {
      names.insert(names.end(), option.names.begin(), option.names.end());
    }
  }
  return words(names);
}

std::string bash_script(const std::vector<CommandNode>& nodes) {
  const CommandNode& root = nodes.front();
  std::ostringstream out;
  out << "# acctctl completion for bash: source <(acctctl completion bash)\n";
  out << "__acctctl_subcommands() {\n  case \"$1\" in\n";
  for (const CommandNode& node : nodes) {
    out << fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path, words(node.subcommands));
  }
  out << "  esac\n}\n";
  out << "__acctctl_options() {\n  case \"$1\" in\n";
  for (const CommandNode& node : nodes) {
    out << fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path,
                       option_words(node.options, false));
  }
  out << "  esac\n}\n";
  out << "__acctctl_valued() {\n  case \"$1\" in\n";
  for (const CommandNode& node : nodes) {
    out << fmt::format("    \"{}\") echo \"{}\" ;;\n", node.path, option_words(node.options, true));
  }
  out << "  esac\n}\n";
  out << "__acctctl_choices() {\n  case \"$1|$2\" in\n";
  for (const CommandNode& node : nodes) {
    for (const OptionInfo& option : node.options) {
      if (option.choices.empty()) {
        continue;
      }
      for (const std::string& name : option.names) {
        // Global options are valid under every command.
        const std::string path = &node == &root ? "*" : fmt::format("\"{}\"", node.path);
        out << fmt::format("    {}\"|{}\") echo \"{}\" ;;\n", path, name, words(option.choices));
      }
    }
  }
  out << "  esac\n}\n";
  out << fmt::format(R"bash(_acctctl() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local path="" word i skip=0 globals_valued="{}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${{COMP_WORDS[i]}}"
    if ((skip)); then skip=0; continue; fi
    if [[ "$word" == -* ]]; then
      [[ " $(__acctctl_valued "$path") $globals_valued " == *" $word "* ]] && skip=1
    elif [[ " $(__acctctl_subcommands "$path") " == *" $word "* ]]; then
      path="${{path:+$path }}$word"
    fi
  done
  if [[ "$prev" == -* && " $(__acctctl_valued "$path") $globals_valued " == *" $prev "* ]]; then
    local choices
    choices="$(__acctctl_choices "$path" "$prev")"
    if [[ -n "$choices" ]]; then
      COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(__acctctl_options "$path") {}" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(__acctctl_subcommands "$path")" -- "$cur"))
  fi
}}
complete -F _acctctl acctctl
)bash",
                     option_words(root.options, true), option_words(root.options, false));
  return out.str();
}

std::string zsh_script(const std::vector<CommandNode>& nodes) {
  return "#compdef acctctl\n# acctctl completion for zsh: source <(acctctl completion zsh)\n"
         "autoload -U +X bashcompinit && bashcompinit\n" +
         bash_script(nodes);
}

std::string fish_escape(std::string_view text) {
  std::string result;
  for (const char c : text) {
    if (c == '\'' || c == '\\') {
      result += '\\';
    }
    result += c;
  }
  return result;
}

std::string fish_script(const std::vector<CommandNode>& nodes) {
  std::ostringstream out;
  out << "# acctctl completion for fish: acctctl completion fish | source\n";
  out << R"fish(function __acctctl_path
    set -l words (commandline -opc)
    set -l path
    for word in $words[2..-1]
        switch $word
            case '-*'
            case '*'
                if contains -- "$word" (__acctctl_subcommands (string join ' ' $path))
                    set path $path $word
                end
        end
    end
    string join ' ' $path
end
function __acctctl_subcommands
    switch "$argv[1]"
)fish";
  for (const CommandNode& node : nodes) {
    out << fmt::format("        case '{}'\n            printf '%s\\n' {}\n", node.path,
                       words(node.subcommands));
  }
  out << "    end\nend\n";
  out << "complete -c acctctl -f\n";
  for (const CommandNode& node : nodes) {
    const std::string condition = fmt::format("test (__acctctl_path) = '{}'", node.path);
    for (const std::string& sub : node.subcommands) {
      out << fmt::format("complete -c acctctl -n \"{}\" -a {}\n", condition, sub);
    }
    const bool global = &node == &nodes.front();
    for (const OptionInfo& option : node.options) {
      std::string line =
          global ? "complete -c acctctl" : fmt::format("complete -c acctctl -n \"{}\"", condition);
      for (const std::string& name : option.names) {
        line += name.starts_with("--") ? fmt::format(" -l {}", name.substr(2))
                                       : fmt::format(" -s {}", name.substr(1));
      }
      if (!option.choices.empty()) {
        line += fmt::format(" -x -a '{}'", words(option.choices));
      } else if (option.takes_value) {
        line += " -r -F";
      }
      line += fmt::format(" -d '{}'", fish_escape(option.description.substr(0, 60)));
      out << line << '\n';
    }
  }
  return out.str();
}

} // namespace

void add_completion_command(CLI::App& root, Context& context) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = root.add_subcommand(
      "completion", "Print a completion script: source <(acctctl completion bash)");
  add_choice(*completion, "SHELL", *shell, {"bash", "zsh", "fish"}, "bash, zsh or fish")
      ->required();
  completion->callback([&context, &root, shell] {
    std::vector<CommandNode> nodes;
    collect(root, "", nodes);
    if (*shell == "bash") {
      context.out() << bash_script(nodes);
    } else if (*shell == "zsh") {
      context.out() << zsh_script(nodes);
    } else {
      context.out() << fish_script(nodes);
    }
  });
}

} // namespace acctctl::cli
