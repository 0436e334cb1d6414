// System calls that Swift's Glibc/Darwin modules do not export, and async-signal-safe signal
// handling. Used by ScenarioSinks and ScenarioOutputSet; no behaviour of its own beyond the
// documented calls.
#ifndef SCENARIO_SYSTEM_H
#define SCENARIO_SYSTEM_H

#ifdef __cplusplus
extern "C" {
#endif

/// Atomically exchanges two paths (Linux renameat2(RENAME_EXCHANGE), macOS
/// renamex_np(RENAME_SWAP)). Returns 0, or -1 with errno set (ENOSYS/EINVAL where unsupported).
int scenario_rename_exchange(const char *from, const char *to);

/// Renames `from` to `to` only if `to` does not exist (RENAME_NOREPLACE / RENAME_EXCL).
/// Returns 0, or -1 with errno set (EEXIST when `to` exists).
int scenario_rename_noreplace(const char *from, const char *to);

/// Installs handlers for SIGINT and SIGTERM that record the signal (first signal) and, on a
/// second signal, exit at once with 128 + signal. Idempotent.
void scenario_install_cancel_handlers(void);

/// The signal that asked the run to stop (SIGINT or SIGTERM), or 0.
int scenario_cancel_signal(void);

/// Test hook: counts the events of `phase` and, when the environment variable
/// SCENARIO_TEST_FAULT is "PHASE:STEP:SIGNAL" (SIGNAL one of KILL, INT, TERM, or a number) and
/// this is step STEP of PHASE, sends SIGNAL to the process itself. Does nothing otherwise.
void scenario_fault_point(const char *phase);

#ifdef __cplusplus
}
#endif

#endif
