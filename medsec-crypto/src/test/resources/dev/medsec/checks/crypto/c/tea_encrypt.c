/* TEA encipher only, as firmware often carries it (the device encrypts, the server decrypts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void tea_encrypt(uint32_t v[2], const uint32_t k[4]) {
    uint32_t v0 = v[0], v1 = v[1], sum = 0;
    const uint32_t delta = 0x9E3779B9;
    for (int i = 0; i < 32; i++) {
        sum += delta;
        v0 += ((v1 << 4) + k[0]) ^ (v1 + sum) ^ ((v1 >> 5) + k[1]);
        v1 += ((v0 << 4) + k[2]) ^ (v0 + sum) ^ ((v0 >> 5) + k[3]);
    }
    v[0] = v0; v[1] = v1;
}

int main(int argc, char **argv) {
    uint32_t k[4] = {(uint32_t) argc, 2, 3, 4}, v[2] = {(uint32_t) argc, argc > 1 ? (uint32_t) atoi(argv[1]) : 7u};
    tea_encrypt(v, k);
    printf("%08x %08x\n", v[0], v[1]);
    return 0;
}
