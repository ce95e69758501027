#!/usr/bin/env bash
# The wide mutation run: every byte of each signature and sealed file XOR 0x01, 0x80 and 0xFF (the unit run
# uses 0x01 only), plus every byte of the signed file. Prints the test times.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl medsec-trust -am install -DskipTests -Djazzer.skip=true
mvn -B -o -pl medsec-trust test -Dtest=MutationTest -Dmedsec.mutation.all=true | grep -E "Tests run:|FAIL" || true
sed -E -n 's/.*testcase name="([^"]*)".*time="([^"]*)".*/\2 s  \1/p' medsec-trust/target/surefire-reports/TEST-dev.medsec.trust.MutationTest.xml
