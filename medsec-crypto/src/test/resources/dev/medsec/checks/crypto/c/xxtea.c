/* XXTEA (Corrected Block TEA), encrypt direction, as in many IoT SDKs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#define DELTA 0x9e3779b9
#define MX (((z >> 5 ^ y << 2) + (y >> 3 ^ z << 4)) ^ ((sum ^ y) + (key[(p & 3) ^ e] ^ z)))

void btea_encrypt(uint32_t *v, int n, const uint32_t key[4]) {
    uint32_t y, z, sum = 0;
    unsigned p, rounds, e;
    rounds = 6 + 52 / n;
    z = v[n - 1];
    do {
        sum += DELTA;
        e = (sum >> 2) & 3;
        for (p = 0; p < (unsigned) n - 1; p++) {
            y = v[p + 1];
            z = v[p] += MX;
        }
        y = v[0];
        z = v[n - 1] += MX;
    } while (--rounds);
}

int main(int argc, char **argv) {
    uint32_t key[4] = {(uint32_t) argc, 2, 3, 4}, v[4] = {1, 2, 3, argc > 1 ? (uint32_t) atoi(argv[1]) : 7u};
    btea_encrypt(v, 4, key);
    printf("%08x %08x\n", v[0], v[1]);
    return 0;
}
