// SHA-1 compression with the x86 SHA extensions (sha1rnds4, sha1nexte, sha1msg1, sha1msg2):
// twenty groups of four rounds. Written from the instruction definitions in Intel's SDM: the
// state ABCD is kept with A in the top lane, E as the top lane of its own register; a group's
// four message words have W[t] in the top lane. sha1nexte gives the next group's E (A of four
// rounds before, rotated by 30) added to its first message word; sha1msg1, an XOR and sha1msg2
// give W[t] = rotl1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) four words at a time. Other
// architectures report no hardware and never call it.
#include "scenario_digests.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// The same CPU features as SHA-256 (the SHA extensions cover both).
int scenario_sha1_hw_available(void) { return scenario_sha256_hw_available(); }

__attribute__((target("sha,sse4.1,ssse3")))
static inline __m128i rounds(__m128i abcd, __m128i e, int group) {
  // sha1rnds4 takes the round function as an immediate: one per twenty rounds.
  switch (group / 5) {
  case 0: return _mm_sha1rnds4_epu32(abcd, e, 0);
  case 1: return _mm_sha1rnds4_epu32(abcd, e, 1);
  case 2: return _mm_sha1rnds4_epu32(abcd, e, 2);
  default: return _mm_sha1rnds4_epu32(abcd, e, 3);
  }
}

__attribute__((target("sha,sse4.1,ssse3")))
void scenario_sha1_hw_compress(uint32_t state[5], const uint8_t *data, size_t blocks) {
  // Big-endian words, the first in the top lane: reverse all sixteen bytes.
  const __m128i reverse = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0x1B);
  __m128i e0 = _mm_set_epi32((int)state[4], 0, 0, 0);

  while (blocks--) {
    const __m128i abcd0 = abcd, e00 = e0;
    __m128i w[4];
    __m128i previous = abcd;
    for (int g = 0; g < 20; g++) {
      __m128i e;
      if (g < 4) {
        w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * g)), reverse);
      } else {
        // Words 4g ... 4g+3 from the groups four, three, two and one before.
        __m128i x = _mm_xor_si128(_mm_sha1msg1_epu32(w[g & 3], w[(g + 1) & 3]), w[(g + 2) & 3]);
        w[g & 3] = _mm_sha1msg2_epu32(x, w[(g + 3) & 3]);
      }
      e = g == 0 ? _mm_add_epi32(e0, w[0]) : _mm_sha1nexte_epu32(previous, w[g & 3]);
      previous = abcd;
      abcd = rounds(abcd, e, g);
    }
    // E after the last group is A four rounds before the end, rotated, plus E before the block.
    e0 = _mm_sha1nexte_epu32(previous, e00);
    abcd = _mm_add_epi32(abcd, abcd0);
    data += 64;
  }
  _mm_storeu_si128((__m128i *)state, _mm_shuffle_epi32(abcd, 0x1B));
  state[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

#else

int scenario_sha1_hw_available(void) { return 0; }

void scenario_sha1_hw_compress(uint32_t state[5], const uint8_t *data, size_t blocks) {
  (void)state;
  (void)data;
  (void)blocks;
}

#endif
