#!/usr/bin/env bash
# Regenerates the seed corpus of TrustFuzzTest with openssl: real detached signatures and sealed files
# (valid ones, weak ones, truncated ones). Run from the repository root; commit the result.
set -euo pipefail
out=medsec-trust/src/test/resources/dev/medsec/trust/TrustFuzzTestInputs
sig="$out/parse_arbitrarySignature_onlyDeclaredExceptions"
seal="$out/open_arbitrarySealedFile_onlyDeclaredExceptions"
mkdir -p "$sig" "$seal"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf '[s]\nkeyUsage=critical,digitalSignature\n[r]\nkeyUsage=critical,keyEncipherment,keyAgreement\n' > ext.cnf
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj '/CN=Fuzz Root' 2>/dev/null
for k in rsa:2048 ec:P-256; do
  n=${k%%:*}
  if [ "$n" = ec ]; then opt="-newkey ec -pkeyopt ec_paramgen_curve:P-256"; else opt="-newkey $k"; fi
  openssl req -new $opt -nodes -keyout $n.key -out $n.csr -subj "/CN=$n" 2>/dev/null
  openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 3650 -extfile ext.cnf -extensions s -out $n.pem 2>/dev/null
done
head -c 300 /dev/zero | tr '\0' 'a' > data
openssl cms -sign -binary -in data -signer rsa.pem -inkey rsa.key -outform DER -out "$OLDPWD/$sig/rsa-pkcs1.p7s"
openssl cms -sign -binary -in data -signer ec.pem -inkey ec.key -outform DER -out "$OLDPWD/$sig/ecdsa.p7s"
openssl cms -sign -binary -md sha1 -in data -signer rsa.pem -inkey rsa.key -outform DER -out "$OLDPWD/$sig/rsa-sha1.p7s"
openssl cms -sign -binary -noattr -in data -signer rsa.pem -inkey rsa.key -outform DER -out "$OLDPWD/$sig/rsa-noattr.p7s"
openssl cms -sign -binary -nodetach -in data -signer ec.pem -inkey ec.key -outform DER -out "$OLDPWD/$sig/ecdsa-attached.p7s"
openssl cms -sign -binary -in data -signer rsa.pem -inkey rsa.key -outform DER -keyopt rsa_padding_mode:pss -out "$OLDPWD/$sig/rsa-pss.p7s"
head -c 700 "$OLDPWD/$sig/rsa-pkcs1.p7s" > "$OLDPWD/$sig/rsa-pkcs1-truncated.p7s"
openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key -set_serial 8 -days 3650 -extfile ext.cnf -extensions r -out rr.pem 2>/dev/null
openssl x509 -req -in ec.csr -CA ca.pem -CAkey ca.key -set_serial 9 -days 3650 -extfile ext.cnf -extensions r -out er.pem 2>/dev/null
openssl cms -encrypt -binary -aes-256-gcm -in data -outform DER -recip rr.pem -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -out "$OLDPWD/$seal/rsa-oaep-gcm.p7m"
openssl cms -encrypt -binary -aes-256-gcm -in data -outform DER -recip er.pem -keyopt ecdh_kdf_md:sha256 -out "$OLDPWD/$seal/ecdh-gcm.p7m"
openssl cms -encrypt -binary -aes-256-gcm -in data -outform DER -recip rr.pem -out "$OLDPWD/$seal/rsa-v15-gcm.p7m"
openssl cms -encrypt -binary -aes-256-cbc -in data -outform DER -recip rr.pem -out "$OLDPWD/$seal/rsa-cbc-enveloped.p7m"
head -c 200 "$OLDPWD/$seal/ecdh-gcm.p7m" > "$OLDPWD/$seal/ecdh-gcm-truncated.p7m"
ls -l "$OLDPWD/$sig" "$OLDPWD/$seal"
