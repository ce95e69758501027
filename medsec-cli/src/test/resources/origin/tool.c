/* A small program with what the hardening checks look for: a stack buffer filled by strcpy. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    char name[32];
    strcpy(name, argc > 1 ? argv[1] : "device");
    puts(name);
    return 0;
}
