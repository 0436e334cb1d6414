// SHA-256 and SHA-1 block compression with the CPU's SHA extensions (x86-64 SHA-NI), behind a
// run-time check. ScenarioDigests uses SHA-256's for the manifest's digest of every output file
// and SHA-1's for the `sha1` and `uuid_v5` functions, and falls back to its portable Swift
// compression everywhere else; both give the same bytes, which the tests compare on random
// messages.
#ifndef SCENARIO_DIGESTS_H
#define SCENARIO_DIGESTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU can run `scenario_sha256_hw_compress` (x86-64 with SHA, SSSE3 and SSE4.1),
/// 0 otherwise (other CPUs, or a build for another architecture).
int scenario_sha256_hw_available(void);

/// Compresses `blocks` consecutive 64-byte blocks at `data` into `state` (the eight working
/// words H0...H7 of FIPS 180-4, in order). Only call it when `scenario_sha256_hw_available()`.
void scenario_sha256_hw_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when this CPU can run `scenario_sha1_hw_compress` (the same extensions as SHA-256).
int scenario_sha1_hw_available(void);

/// Compresses `blocks` consecutive 64-byte blocks at `data` into `state` (H0...H4 of FIPS 180-4,
/// in order). Only call it when `scenario_sha1_hw_available()`.
void scenario_sha1_hw_compress(uint32_t state[5], const uint8_t *data, size_t blocks);

#ifdef __cplusplus
}
#endif

#endif
