#!/usr/bin/env bash
# Issues a client identity carrying a Fabric CA `role` attribute, signed by an organisation's CA key,
# for networks whose crypto material comes from cryptogen (which cannot write attributes).
#   scripts/role-identity.sh CA_CERT CA_KEY ORG_DOMAIN NAME ROLE OUT_DIR [MSP_CONFIG_YAML]
# Writes OUT_DIR/msp/{signcerts/cert.pem, keystore/priv_sk (PKCS#8), cacerts/ca.pem, config.yaml}.
# The certificate is what Fabric CA would issue for `register --id.attrs 'role=ROLE:ecert'`: subject
# CN=NAME@ORG_DOMAIN, OU=client (the NodeOU of clients), and extension 1.2.3.4.5.6.7.8.1 holding
# {"attrs":{"hf.Affiliation":"","hf.EnrollmentID":…,"hf.Type":"client","role":ROLE}}.
# ROLE "-" issues a client with no role (the registry service's own identity: it reads the ledger
# and acts in no one's name); its extension holds the hf.* attributes only, as Fabric CA writes them.
# Needs openssl. With Fabric CA (network.sh up -ca) scripts/crypto.sh enrolls these identities instead.
set -euo pipefail

if [[ $# -lt 6 || $# -gt 7 ]]; then
  echo "usage: role-identity.sh CA_CERT CA_KEY ORG_DOMAIN NAME ROLE OUT_DIR [MSP_CONFIG_YAML]" >&2
  exit 2
fi
ca_cert=$1 ca_key=$2 domain=$3 name=$4 role=$5 out=$6 msp_config=${7:-}

case $role in
  enterprise | exchange | notary | court | bank | regulator | registrar | -) ;;
  *) echo "role-identity: unknown role '$role' (enterprise, exchange, notary, court, bank, regulator, registrar, or - for none)" >&2; exit 2 ;;
esac
[[ $name =~ ^[A-Za-z0-9._-]+$ ]] || { echo "role-identity: bad name '$name'" >&2; exit 2; }
[[ -f $ca_cert ]] || { echo "role-identity: CA certificate $ca_cert not found" >&2; exit 1; }
[[ -f $ca_key ]] || { echo "role-identity: CA key $ca_key not found" >&2; exit 1; }
command -v openssl > /dev/null || { echo "role-identity: openssl is required" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
enrollment_id="$name@$domain"
role_attr=""
[[ $role == - ]] || role_attr=",\"role\":\"$role\""
attrs="{\"attrs\":{\"hf.Affiliation\":\"\",\"hf.EnrollmentID\":\"$enrollment_id\",\"hf.Type\":\"client\"$role_attr}}"
attrs_hex=$(printf '%s' "$attrs" | od -An -v -tx1 | tr -d ' \n')

cat > "$work/ext.cnf" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
1.2.3.4.5.6.7.8.1 = DER:$attrs_hex
EXT

mkdir -p "$out/msp/signcerts" "$out/msp/keystore" "$out/msp/cacerts"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/key.pem" 2> /dev/null
openssl pkcs8 -topk8 -nocrypt -in "$work/key.pem" -out "$out/msp/keystore/priv_sk"
chmod 600 "$out/msp/keystore/priv_sk"
openssl req -new -key "$work/key.pem" -subj "/C=CN/O=$domain/OU=client/CN=$enrollment_id" -out "$work/req.pem"
openssl x509 -req -in "$work/req.pem" -CA "$ca_cert" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
  -days 365 -sha256 -extfile "$work/ext.cnf" -out "$out/msp/signcerts/cert.pem" 2> /dev/null
cp "$ca_cert" "$out/msp/cacerts/ca.pem"
if [[ -n $msp_config && -f $msp_config ]]; then
  # The organisation's NodeOU file names its CA certificate by cryptogen's file name; point it at ca.pem.
  sed -E 's#(Certificate:[[:space:]]*)cacerts/[^[:space:]]+#\1cacerts/ca.pem#' "$msp_config" > "$out/msp/config.yaml"
fi
echo "$out/msp/signcerts/cert.pem"
