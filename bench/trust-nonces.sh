#!/usr/bin/env bash
# The full nonce-uniqueness run: 100,000 seals of the same record (the unit run does 10,000), every nonce
# and every ciphertext distinct. Prints the time the seals took. Usage: bench/trust-nonces.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
mvn -q -B -o -pl medsec-trust -am install -DskipTests -Djazzer.skip=true
mvn -B -o -pl medsec-trust test -Dtest='SealTest#seal_sameDataManyTimes_noncesAndCiphertextsAllDiffer' \
    -Dmedsec.seal.count="$count" | grep -E "Tests run:|FAIL" || true
cat medsec-trust/target/surefire-reports/dev.medsec.trust.SealTest-output.txt
