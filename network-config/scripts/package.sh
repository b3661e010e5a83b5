#!/usr/bin/env bash
# Writes a chaincode-as-a-service package for the external builder in builders/ccaas:
#   scripts/package.sh LABEL ADDRESS DIAL_TIMEOUT OUT_FILE
# OUT_FILE (tar.gz) = metadata.json {"type":"ccaas","label":LABEL} + code.tar.gz (connection.json:
# address, dial_timeout, tls_required). Needs only tar and gzip; `peer lifecycle chaincode
# calculatepackageid OUT_FILE` gives the package id the peers will report.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: package.sh LABEL ADDRESS DIAL_TIMEOUT OUT_FILE" >&2
  exit 2
fi
label=$1 address=$2 dial_timeout=$3 out=$4
[[ $label =~ ^[A-Za-z0-9_.+-]+$ ]] || { echo "package: label '$label' may hold only letters, digits, _ . + -" >&2; exit 2; }
[[ $address =~ ^[^:]+:[0-9]+$ ]] || { echo "package: address '$address' is not <host>:<port>" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/src/connection.json" <<JSON
{
  "address": "$address",
  "dial_timeout": "$dial_timeout",
  "tls_required": false
}
JSON
cat > "$work/metadata.json" <<JSON
{"type":"ccaas","label":"$label"}
JSON
tar -C "$work/src" -czf "$work/code.tar.gz" connection.json
mkdir -p "$(dirname "$out")"
tar -C "$work" -czf "$out" metadata.json code.tar.gz
echo "$out"
