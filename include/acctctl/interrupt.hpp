#pragma once

#include "acctctl/error.hpp"

// SIGINT/SIGTERM end a command by rolling back (SPEC.md §5: exit 130/143). The handler only
// records the signal and pokes the store; the command notices at its next check point and
// throws, so destructors roll the transaction back.
namespace acctctl {

// Async-signal-safe: records `signal_number` and calls the hook set by the open store.
void request_interrupt(int signal_number) noexcept;
int pending_interrupt() noexcept; // the signal number, 0 if none

// Lets a store abort a running statement (SQLite: sqlite3_interrupt) when a signal arrives.
using InterruptHook = void (*)(void* context) noexcept;
void set_interrupt_hook(InterruptHook hook, void* context) noexcept;
bool interrupt_hook_is_set() noexcept;

// Holds the hook for as long as the object it pokes lives: a store declares it after its
// handle, so the hook is cleared before the handle closes on every path, a throwing
// constructor included.
class ScopedInterruptHook {
public:
  ScopedInterruptHook(InterruptHook hook, void* context) noexcept {
    set_interrupt_hook(hook, context);
  }
  ~ScopedInterruptHook() { set_interrupt_hook(nullptr, nullptr); }
  ScopedInterruptHook(const ScopedInterruptHook&) = delete;
  ScopedInterruptHook& operator=(const ScopedInterruptHook&) = delete;
};

void throw_if_interrupted();
[[noreturn]] void throw_interrupted();

} // namespace acctctl
