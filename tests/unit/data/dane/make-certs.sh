#!/bin/sh
# Generates the certificates for the DANE unit tests (tests/unit/dane_*_test.cpp)
# and writes certs.h: every certificate as DER hex, plus what OpenSSL says its
# SPKI and digests are, so the tests check daneel's selector extraction and
# hashing against an independent implementation.
#
#     tests/unit/data/dane/make-certs.sh      (needs openssl; run from anywhere)
#
# The outputs (*.der, *.pem, certs.h) are committed: the unit tests run natively
# and in wasm without openssl or a file system. Keys are throw-away and are not
# kept. Validity windows are fixed (openssl ca -startdate/-enddate), so the tests
# use a fixed `now` (2026-01-01):
#   long window  2024-01-01 .. 2049-12-31 (UTCTime, RFC 5280 §4.1.2.5.1)
#   expired      2020-01-01 .. 2021-01-01
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

LONG_FROM=20240101000000Z
LONG_TO=20491231235959Z
OLD_FROM=20200101000000Z
OLD_TO=20210101000000Z

# A minimal `openssl ca` set-up: it is the only openssl 3.0 command that takes
# explicit start and end dates.
mkdir -p db
: > db/index.txt
echo 1000 > db/serial
cat > ca.cnf <<'EOF'
[ ca ]
default_ca = testca
[ testca ]
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
EOF

# key NAME ec|rsa|ed25519
key() {
  case $2 in
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null ;;
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$1.key" 2>/dev/null ;;
  esac
}

# cert NAME KEYTYPE ISSUER(self|NAME) FROM TO SUBJECT EXTENSIONS...
# EXTENSIONS are lines for an [ext] section (may be empty).
cert() {
  name=$1 keytype=$2 issuer=$3 from=$4 to=$5 subject=$6
  shift 6
  key "$name" "$keytype"
  printf '[ext]\n' > "$name.ext"
  for line in "$@"; do printf '%s\n' "$line" >> "$name.ext"; done
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" -config ca.cnf
  if [ "$issuer" = self ]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$name.key" -in "$name.csr" \
      -startdate "$from" -enddate "$to" -extfile "$name.ext" -extensions ext \
      -notext -out "$name.pem" 2>/dev/null
  else
    openssl ca -batch -config ca.cnf -cert "$issuer.pem" -keyfile "$issuer.key" -in "$name.csr" \
      -startdate "$from" -enddate "$to" -extfile "$name.ext" -extensions ext \
      -notext -out "$name.pem" 2>/dev/null
  fi
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
}

CA_EXT='basicConstraints=critical,CA:TRUE'
CA_KU='keyUsage=critical,keyCertSign,cRLSign'
LEAF_KU='keyUsage=critical,digitalSignature,keyEncipherment'
SKI='subjectKeyIdentifier=hash'

# Self-signed leaves (DANE-EE).
cert ee-ec ec self $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl" "$SKI"
cert ee-rsa rsa self $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"
cert ee-ed25519 ed25519 self $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"
cert ee-expired ec self $OLD_FROM $OLD_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"
cert unrelated ec self $LONG_FROM $LONG_TO /CN=unrelated.example.nl "subjectAltName=DNS:unrelated.example.nl"

# CA -> intermediate -> leaves (DANE-TA).
cert root ec self $LONG_FROM $LONG_TO "/O=daneel tests/CN=Test Root" "$CA_EXT" "$CA_KU" "$SKI"
cert inter ec root $LONG_FROM $LONG_TO "/O=daneel tests/CN=Test Intermediate" "$CA_EXT" "$CA_KU" "$SKI"
cert leaf-mx ec inter $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl" "$LEAF_KU"
cert leaf-rsa rsa inter $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl" "$LEAF_KU"
cert leaf-wild ec inter $LONG_FROM $LONG_TO "/CN=*.example.nl" "subjectAltName=DNS:*.example.nl" "$LEAF_KU"
cert leaf-multi ec inter $LONG_FROM $LONG_TO /CN=first.example.org \
  "subjectAltName=DNS:first.example.org,DNS:mx.example.nl,IP:192.0.2.1"
cert leaf-cn ec inter $LONG_FROM $LONG_TO /CN=mx.example.nl "$LEAF_KU"
cert leaf-cn-san ec inter $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:other.example.org"
cert leaf-wrong ec inter $LONG_FROM $LONG_TO /CN=other.example.org "subjectAltName=DNS:other.example.org"
cert leaf-expired ec inter $OLD_FROM $OLD_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"
cert leaf-future ec inter 20300101000000Z $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# Depth 3: root -> inter -> sub -> leaf-deep.
cert sub ec inter $LONG_FROM $LONG_TO "/O=daneel tests/CN=Test Sub-intermediate" "$CA_EXT" "$CA_KU"
cert leaf-deep ec sub $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# An expired intermediate under the root.
cert inter-expired ec root $OLD_FROM $OLD_TO "/O=daneel tests/CN=Expired Intermediate" "$CA_EXT" "$CA_KU"
cert leaf-under-expired ec inter-expired $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# A "CA" without basicConstraints, and a leaf it issued.
cert notca ec root $LONG_FROM $LONG_TO "/O=daneel tests/CN=Not A CA" "$SKI"
cert leaf-under-notca ec notca $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# A CA whose keyUsage lacks keyCertSign.
cert noku ec root $LONG_FROM $LONG_TO "/O=daneel tests/CN=No keyCertSign" "$CA_EXT" "keyUsage=critical,digitalSignature"
cert leaf-under-noku ec noku $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# pathLen 0 CA with an intermediate under it, and a leaf under that.
cert pathlen0 ec root $LONG_FROM $LONG_TO "/O=daneel tests/CN=PathLen0 CA" "basicConstraints=critical,CA:TRUE,pathlen:0" "$CA_KU"
cert under-pathlen0 ec pathlen0 $LONG_FROM $LONG_TO "/O=daneel tests/CN=Below PathLen0" "$CA_EXT" "$CA_KU"
cert leaf-pathlen ec under-pathlen0 $LONG_FROM $LONG_TO /CN=mx.example.nl "subjectAltName=DNS:mx.example.nl"

# leaf-mx with its signature corrupted: the last byte (inside the ECDSA s
# INTEGER of the signature BIT STRING) is changed; the DER stays well-formed.
cp leaf-mx.der leaf-badsig.der
size=$(wc -c < leaf-badsig.der)
last=$(tail -c 1 leaf-badsig.der | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(( (last + 1) % 256 )))" | dd of=leaf-badsig.der bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
openssl x509 -inform DER -in leaf-badsig.der -out leaf-badsig.pem

# A PEM bundle for the PKIX tests (the root only) and one with junk around it.
cp root.pem bundle-root.pem

hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
spki() { openssl x509 -inform DER -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER; }
dgst() { openssl dgst "-$1" -binary | od -An -v -tx1 | tr -d ' \n'; }

out="$here/certs.h"
{
  echo "// Generated by make-certs.sh (openssl $(openssl version | cut -d' ' -f2)). Do not edit."
  echo "// Each certificate: DER, and OpenSSL's view of its SPKI and the four digests."
  echo "#pragma once"
  echo
  echo "#include <string_view>"
  echo
  echo "namespace daneel::dane::testdata {"
  echo
  echo "struct TestCert {"
  echo "  std::string_view name, der, spki, cert_sha256, cert_sha512, spki_sha256, spki_sha512;"
  echo "};"
  echo
  for f in *.der; do
    n=${f%.der}
    var=$(echo "$n" | awk -F- '{ s = "k"; for (i = 1; i <= NF; i++) s = s toupper(substr($i,1,1)) substr($i,2); print s }')
    spki "$f" > "$n.spki"
    echo "inline constexpr TestCert $var{"
    echo "    \"$n\","
    echo "    \"$(hex "$f")\","
    echo "    \"$(hex "$n.spki")\","
    echo "    \"$(dgst sha256 < "$f")\","
    echo "    \"$(dgst sha512 < "$f")\","
    echo "    \"$(dgst sha256 < "$n.spki")\","
    echo "    \"$(dgst sha512 < "$n.spki")\"};"
  done
  echo
  echo "// bundle-root.pem: a PEM CA bundle holding the test root."
  printf 'inline constexpr std::string_view kBundleRootPem =\n'
  sed 's/.*/    "&\\n"/' bundle-root.pem
  echo "    ;"
  echo
  echo "}  // namespace daneel::dane::testdata"
} > "$out"

rm -f "$here"/*.der "$here"/*.pem
cp ./*.der "$here/"
for f in *.der; do cp "${f%.der}.pem" "$here/" 2>/dev/null || true; done
cp bundle-root.pem "$here/"
echo "wrote $out and $(ls ./*.der | wc -l) certificates"
