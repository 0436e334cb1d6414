#define _GNU_SOURCE
#include "scenario_system.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#if defined(__linux__)
#include <sys/syscall.h>
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
static int rename2(const char *from, const char *to, unsigned int flags) {
#ifdef SYS_renameat2
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
  errno = ENOSYS;
  return -1;
#endif
}
int scenario_rename_exchange(const char *from, const char *to) { return rename2(from, to, RENAME_EXCHANGE); }
int scenario_rename_noreplace(const char *from, const char *to) { return rename2(from, to, RENAME_NOREPLACE); }
#elif defined(__APPLE__)
int scenario_rename_exchange(const char *from, const char *to) { return renamex_np(from, to, RENAME_SWAP); }
int scenario_rename_noreplace(const char *from, const char *to) { return renamex_np(from, to, RENAME_EXCL); }
#else
int scenario_rename_exchange(const char *from, const char *to) { (void)from; (void)to; errno = ENOSYS; return -1; }
int scenario_rename_noreplace(const char *from, const char *to) { (void)from; (void)to; errno = ENOSYS; return -1; }
#endif

static volatile sig_atomic_t cancel_signal = 0;

static void on_cancel(int sig) {
  if (cancel_signal != 0) _exit(128 + sig);
  cancel_signal = sig;
}

void scenario_install_cancel_handlers(void) {
  static int installed = 0;
  if (installed) return;
  installed = 1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_cancel;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  // A parent may have started us with these signals blocked (posix_spawn passes the mask on).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int scenario_cancel_signal(void) { return cancel_signal; }

static int fault_parsed = 0;
static char fault_phase[32];
static long fault_step = -1;
static int fault_signal = 0;
static long counters[8];
static const char *phases[8];
static int phase_count = 0;

static void parse_fault(void) {
  fault_parsed = 1;
  const char *spec = getenv("SCENARIO_TEST_FAULT");
  if (spec == NULL) return;
  const char *a = strchr(spec, ':');
  if (a == NULL || (size_t)(a - spec) >= sizeof fault_phase) return;
  const char *b = strchr(a + 1, ':');
  if (b == NULL) return;
  memcpy(fault_phase, spec, (size_t)(a - spec));
  fault_phase[a - spec] = 0;
  fault_step = strtol(a + 1, NULL, 10);
  const char *s = b + 1;
  if (strcmp(s, "KILL") == 0) fault_signal = SIGKILL;
  else if (strcmp(s, "INT") == 0) fault_signal = SIGINT;
  else if (strcmp(s, "TERM") == 0) fault_signal = SIGTERM;
  else fault_signal = atoi(s);
}

void scenario_fault_point(const char *phase) {
  if (!fault_parsed) parse_fault();
  if (fault_signal == 0 || strcmp(phase, fault_phase) != 0) return;
  int k = 0;
  for (; k < phase_count; k++) if (strcmp(phases[k], phase) == 0) break;
  if (k == phase_count) {
    if (phase_count == 8) return;
    phases[phase_count++] = phase;
  }
  counters[k] += 1;
  if (counters[k] == fault_step) kill(getpid(), fault_signal);
}
