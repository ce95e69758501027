/* XTEA as found in many embedded code bases: encipher and decipher, 32 cycles. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void xtea_encipher(uint32_t v[2], const uint32_t key[4]) {
    uint32_t v0 = v[0], v1 = v[1], sum = 0, delta = 0x9E3779B9;
    for (unsigned i = 0; i < 32; i++) {
        v0 += (((v1 << 4) ^ (v1 >> 5)) + v1) ^ (sum + key[sum & 3]);
        sum += delta;
        v1 += (((v0 << 4) ^ (v0 >> 5)) + v0) ^ (sum + key[(sum >> 11) & 3]);
    }
    v[0] = v0; v[1] = v1;
}

void xtea_decipher(uint32_t v[2], const uint32_t key[4]) {
    uint32_t v0 = v[0], v1 = v[1], delta = 0x9E3779B9, sum = delta * 32;
    for (unsigned i = 0; i < 32; i++) {
        v1 -= (((v0 << 4) ^ (v0 >> 5)) + v0) ^ (sum + key[(sum >> 11) & 3]);
        sum -= delta;
        v0 -= (((v1 << 4) ^ (v1 >> 5)) + v1) ^ (sum + key[sum & 3]);
    }
    v[0] = v0; v[1] = v1;
}

int main(int argc, char **argv) {
    uint32_t key[4] = {1, 2, 3, 4}, v[2] = {(uint32_t) argc, argc > 1 ? (uint32_t) atoi(argv[1]) : 7u};
    xtea_encipher(v, key);
    xtea_decipher(v, key);
    printf("%08x %08x\n", v[0], v[1]);
    return 0;
}
