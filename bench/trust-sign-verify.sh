#!/usr/bin/env bash
# Sign, verify, seal and unseal a 64 MiB file with medsec and with openssl cms, timed by hyperfine
# (JVM start included for medsec). Needs openssl and hyperfine. Usage: bench/trust-sign-verify.sh [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-64}"
w="${TMPDIR:-/tmp}/medsec-bench/trust"
mkdir -p "$w"
./medsec --version >/dev/null   # builds the jar if needed, outside the timings
(
  cd "$w"
  printf '[s]\nkeyUsage=critical,digitalSignature\n[r]\nkeyUsage=critical,keyEncipherment\n' > ext.cnf
  openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=Bench Root' \
      -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign' 2>/dev/null
  for n in s r; do
    openssl req -new -newkey rsa:3072 -nodes -keyout $n.key -out $n.csr -subj "/CN=$n" 2>/dev/null
    openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key -set_serial 1$RANDOM -days 30 -extfile ext.cnf -extensions $n -out $n.pem 2>/dev/null
    openssl pkcs12 -export -inkey $n.key -in $n.pem -out $n.p12 -passout pass:bench
  done
  echo bench > pw.txt
  head -c $((mib << 20)) /dev/urandom > data.bin
)
m="./medsec"
echo "== sign ${mib} MiB (RSA-3072)"
hyperfine --warmup 1 --runs 5 \
  "$m sign $w/data.bin --key pkcs12:$w/s.p12 --password-file $w/pw.txt --out $w" \
  "openssl cms -sign -binary -in $w/data.bin -signer $w/s.pem -inkey $w/s.key -outform DER -out $w/data.ossl.p7s"
echo "== verify ${mib} MiB"
hyperfine --warmup 1 --runs 5 \
  "$m verify-file $w/data.bin --trust $w/ca.pem" \
  "openssl cms -verify -binary -inform DER -in $w/data.ossl.p7s -content $w/data.bin -CAfile $w/ca.pem -purpose any -out /dev/null"
echo "== seal ${mib} MiB (AES-256-GCM, RSA-OAEP)"
hyperfine --warmup 1 --runs 5 \
  "$m seal $w/data.bin --recipient $w/r.pem --out $w/data.p7m --force" \
  "openssl cms -encrypt -binary -aes-256-gcm -in $w/data.bin -recip $w/r.pem -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -outform DER -out $w/data.ossl.p7m"
echo "== unseal ${mib} MiB"
hyperfine --warmup 1 --runs 5 \
  "$m unseal $w/data.p7m --key pkcs12:$w/r.p12 --password-file $w/pw.txt --out $w/data.out --force" \
  "openssl cms -decrypt -binary -inform DER -in $w/data.ossl.p7m -recip $w/r.pem -inkey $w/r.key -out $w/data.ossl.out"
