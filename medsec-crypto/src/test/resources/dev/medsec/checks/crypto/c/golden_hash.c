/* The golden ratio in hashing and random numbers, not in a cipher: Boost's hash_combine, the kernel's
 * multiplicative hash_32, Fibonacci hashing of a table index, splitmix64 and a golden-ratio Weyl sequence. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_combine(uint32_t seed, uint32_t v) {
    return seed ^ (v + 0x9e3779b9u + (seed << 6) + (seed >> 2));
}

static uint32_t hash_32(uint32_t val, unsigned bits) {
    return (val * 0x61C88647u) >> (32 - bits);
}

static unsigned fib_index(uint32_t key, unsigned shift) {
    return (uint32_t) (key * 2654435769u) >> shift;
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t weyl(uint32_t *w) {
    *w += 0x9E3779B9u;
    return *w ^ (*w >> 16);
}

int main(int argc, char **argv) {
    uint32_t h = 0, w = (uint32_t) argc;
    for (int i = 0; i < argc; i++) {
        for (const char *c = argv[i]; *c; c++) {
            h = hash_combine(h, (uint32_t) *c);
        }
    }
    uint64_t s = (uint64_t) argc;
    printf("%08x %u %u %llu %u\n", h, hash_32(h, 10), fib_index(h, 22), (unsigned long long) splitmix64(&s), weyl(&w));
    return 0;
}
