#include "acctctl/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace acctctl {
namespace {

std::atomic<int> g_signal{0};
std::atomic<InterruptHook> g_hook{nullptr};
std::atomic<void*> g_hook_context{nullptr};

static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<InterruptHook>::is_always_lock_free);

} // namespace

void request_interrupt(int signal_number) noexcept {
  g_signal.store(signal_number);
  const InterruptHook hook = g_hook.load();
  if (hook != nullptr) {
    hook(g_hook_context.load());
  }
}

int pending_interrupt() noexcept {
  return g_signal.load();
}

void set_interrupt_hook(InterruptHook hook, void* context) noexcept {
  g_hook.store(nullptr);
  g_hook_context.store(context);
  g_hook.store(hook);
}

bool interrupt_hook_is_set() noexcept {
  return g_hook.load() != nullptr;
}

void throw_if_interrupted() {
  if (pending_interrupt() != 0) {
    throw_interrupted();
  }
}

void throw_interrupted() {
  if (pending_interrupt() == SIGTERM) {
    throw Error(ExitCode::terminated, "terminated: nothing changed");
  }
  throw Error(ExitCode::interrupted, "interrupted: nothing changed");
}

} // namespace acctctl
