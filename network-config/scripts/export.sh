#!/usr/bin/env bash
# Exports what clients and verifiers keep, from the organisations' MSP folders:
#   run/profiles/connection-<org>.json and .yaml   a connection profile per peer organisation for the
#       registry service and the CLI: the client organisation and its MSP id, the channel, every peer
#       (grpcs://127.0.0.1:<port>, TLS CA certificate as PEM, host name for TLS), every orderer and CA;
#   run/trust-bundle.json   the verifier's trust bundle, written by `dpr trust bundle` (evidence's
#       TrustBundle, version 1): channel, chaincode, endorsement policy, each organisation's MSP id, CA
#       root and intermediate certificates (PEM) and orderer flag, and the roots of the registry's
#       certificate issuers given with --issuer-root (none without it: then no certificate passes
#       `issuer-chain`). timestampAuthorities is left empty.
#   scripts/export.sh [--issuer-root FILE]... [--tlog-policy FILE]
#       --issuer-root: one PEM certificate, e.g. the registry service's <data dir>/issuer/ECDSA_P256/root.pem;
#       --tlog-policy: the service's GET /tlog/policy, which must name every witness `up` made a key for
#       (run/witnesses/<name>/vkey), so that verifiers require the exchange's and the judiciary's cosignatures
# Needs bash, awk, sed, Java 17 and dpr.jar (DPR_JAR, default ../cli/target/dpr.jar) for the bundle.
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings

# The issuer roots, checked before anything is written.
issuer_roots=()
tlog_policy=
while [[ $# -gt 0 ]]; do
  case $1 in
    --issuer-root)
      [[ $# -ge 2 ]] || fatal "export: --issuer-root needs a file (the PEM certificate of an issuer root)"
      [[ -f $2 && -r $2 ]] || fatal "export: the issuer root $2 is not a readable file"
      [[ $(grep -c -- '-----BEGIN CERTIFICATE-----' "$2") == 1 ]] ||
        fatal "export: the issuer root $2 must hold exactly one PEM certificate (-----BEGIN CERTIFICATE-----)"
      issuer_roots+=("$2")
      shift
      ;;
    --tlog-policy)
      [[ $# -ge 2 ]] || fatal "export: --tlog-policy needs a file (the registry's tlog policy, from GET <service>/tlog/policy)"
      [[ -f $2 && -r $2 ]] || fatal "export: the tlog policy $2 is not a readable file"
      tlog_policy=$2
      shift
      ;;
    *) fatal "export: unknown option $1 (use --issuer-root FILE, --tlog-policy FILE)" ;;
  esac
  shift
done

# A policy that leaves out a witness of this network would let checkpoints pass without it.
check_policy_witnesses() {
  local vkey_file vkey
  [[ -n $tlog_policy ]] || return 0
  for vkey_file in "$RUN_DIR"/witnesses/*/vkey; do
    [[ -f $vkey_file ]] || continue
    vkey=$(< "$vkey_file")
    awk -v k="$vkey" '$1 == "witness" && $3 == k { found = 1 } END { exit !found }' "$tlog_policy" ||
      fatal "export: the tlog policy $tlog_policy names no witness with the key $vkey ($vkey_file): start the registry service with --registry.tlog.witnesses=\"\$(paste -sd, $RUN_DIR/witnesses/tlog-witnesses.txt)\" and export its GET /tlog/policy"
  done
}
check_policy_witnesses

# json_pem FILE -> the file as a JSON string (newlines escaped), quotes included.
json_pem() { printf '"'; awk '{ gsub(/\r/, ""); printf "%s\\n", $0 }' "$1"; printf '"'; }
# yaml_pem FILE INDENT -> a YAML block scalar body indented by INDENT spaces.
yaml_pem() { awk -v pad="$(printf '%*s' "$2" '')" '{ gsub(/\r/, ""); print pad $0 }' "$1"; }

check_material() {
  local org
  for org in $(orgs_of_kind orderer) $(orgs_of_kind peer); do
    compgen -G "$(org_dir "$org")/msp/cacerts/*.pem" > /dev/null ||
      fatal "$(org_dir "$org")/msp/cacerts has no certificate: make the crypto material first (network.sh up)"
  done
}

# The trust bundle is written by dpr (`dpr trust bundle`), that is by evidence's TrustBundle, the same
# code that reads it in `dpr verify` and that the registry service builds its own bundle with.
trust_bundle() {
  local out=$RUN_DIR/trust-bundle.json org args=() root
  require_tools java
  [[ -f $DPR_JAR ]] || fatal "$DPR_JAR not found: build it with 'mvn -B package -DskipTests' in the repository root (or set DPR_JAR)"
  args=(--channel "$CHANNEL_NAME" --chaincode "$CC_NAME" --endorsement-policy "$ENDORSEMENT_POLICY" --out "$out")
  for org in $(orgs_of_kind orderer); do args+=(--orderer-org "$(org_field "$org" mspId)=$(org_dir "$org")/msp"); done
  for org in $(orgs_of_kind peer); do args+=(--org "$(org_field "$org" mspId)=$(org_dir "$org")/msp"); done
  for root in "${issuer_roots[@]+"${issuer_roots[@]}"}"; do args+=(--issuer-root "$root"); done
  [[ -z $tlog_policy ]] || args+=(--tlog-policy "$tlog_policy")
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$DPR_JAR" trust bundle "${args[@]}" > /dev/null < /dev/null ||
    fatal "dpr trust bundle could not write $out"
  info "wrote $out (${#issuer_roots[@]} issuer root(s))"
}

profile_json() {
  local client_org=$1 org node first
  printf '{\n  "name": "dpr-%s",\n  "version": "1.0.0",\n' "$CHANNEL_NAME"
  printf '  "client": {\n    "organization": "%s",\n    "mspId": "%s",\n' "$client_org" "$(org_field "$client_org" mspId)"
  printf '    "gatewayPeer": "%s",\n' "$(node_field "$(peer_of_org "$client_org")" host)"
  printf '    "connection": { "timeout": { "peer": { "endorser": "300" }, "orderer": "300" } }\n  },\n'
  printf '  "channels": {\n    "%s": {\n      "chaincodes": ["%s"],\n      "orderers": [' "$CHANNEL_NAME" "$CC_NAME"
  first=true
  for node in $(nodes_of_kind orderer); do $first || printf ', '; first=false; printf '"%s"' "$(node_field "$node" host)"; done
  printf '],\n      "peers": {'
  first=true
  for node in $(nodes_of_kind peer); do
    $first || printf ','
    first=false
    printf '\n        "%s": { "endorsingPeer": true, "chaincodeQuery": true, "ledgerQuery": true, "eventSource": true }' "$(node_field "$node" host)"
  done
  printf '\n      }\n    }\n  },\n  "organizations": {'
  first=true
  for org in $(orgs_of_kind peer) $(orgs_of_kind orderer); do
    $first || printf ','
    first=false
    printf '\n    "%s": {\n      "mspid": "%s",\n' "$org" "$(org_field "$org" mspId)"
    if [[ $(org_field "$org" kind) == peer ]]; then
      printf '      "peers": ["%s"],\n' "$(node_field "$(peer_of_org "$org")" host)"
    fi
    printf '      "certificateAuthorities": ["%s"]\n    }' "$(org_field "$org" ca)"
  done
  printf '\n  },\n  "orderers": {'
  first=true
  for node in $(nodes_of_kind orderer); do
    $first || printf ','
    first=false
    printf '\n    "%s": {\n      "url": "grpcs://127.0.0.1:%s",\n' "$(node_field "$node" host)" "$(node_field "$node" port)"
    printf '      "tlsCACerts": { "pem": %s },\n' "$(json_pem "$(org_tls_ca "$(node_field "$node" org)")")"
    printf '      "grpcOptions": { "ssl-target-name-override": "%s", "hostnameOverride": "%s" }\n    }' \
      "$(node_field "$node" host)" "$(node_field "$node" host)"
  done
  printf '\n  },\n  "peers": {'
  first=true
  for node in $(nodes_of_kind peer); do
    $first || printf ','
    first=false
    printf '\n    "%s": {\n      "url": "grpcs://127.0.0.1:%s",\n' "$(node_field "$node" host)" "$(node_field "$node" port)"
    printf '      "tlsCACerts": { "pem": %s },\n' "$(json_pem "$(org_tls_ca "$(node_field "$node" org)")")"
    printf '      "grpcOptions": { "ssl-target-name-override": "%s", "hostnameOverride": "%s" }\n    }' \
      "$(node_field "$node" host)" "$(node_field "$node" host)"
  done
  printf '\n  },\n  "certificateAuthorities": {'
  first=true
  for node in $(nodes_of_kind ca); do
    $first || printf ','
    first=false
    printf '\n    "%s": {\n      "url": "https://127.0.0.1:%s",\n      "caName": "%s",\n' "$node" "$(node_field "$node" port)" "$node"
    printf '      "tlsCACerts": { "path": "%s" },\n' "$ORGS_DIR/fabric-ca/${node#ca-}/tls-cert.pem"
    printf '      "httpOptions": { "verify": true }\n    }'
  done
  printf '\n  }\n}\n'
}

profile_yaml() {
  local client_org=$1 org node
  printf 'name: dpr-%s\nversion: 1.0.0\n' "$CHANNEL_NAME"
  printf 'client:\n  organization: %s\n  mspId: %s\n  gatewayPeer: %s\n' "$client_org" "$(org_field "$client_org" mspId)" \
    "$(node_field "$(peer_of_org "$client_org")" host)"
  printf '  connection:\n    timeout:\n      peer:\n        endorser: "300"\n      orderer: "300"\n'
  printf 'channels:\n  %s:\n    chaincodes:\n      - %s\n    orderers:\n' "$CHANNEL_NAME" "$CC_NAME"
  for node in $(nodes_of_kind orderer); do printf '      - %s\n' "$(node_field "$node" host)"; done
  printf '    peers:\n'
  for node in $(nodes_of_kind peer); do
    printf '      %s:\n        endorsingPeer: true\n        chaincodeQuery: true\n        ledgerQuery: true\n        eventSource: true\n' \
      "$(node_field "$node" host)"
  done
  printf 'organizations:\n'
  for org in $(orgs_of_kind peer) $(orgs_of_kind orderer); do
    printf '  %s:\n    mspid: %s\n' "$org" "$(org_field "$org" mspId)"
    if [[ $(org_field "$org" kind) == peer ]]; then
      printf '    peers:\n      - %s\n' "$(node_field "$(peer_of_org "$org")" host)"
    fi
    printf '    certificateAuthorities:\n      - %s\n' "$(org_field "$org" ca)"
  done
  printf 'orderers:\n'
  for node in $(nodes_of_kind orderer); do
    printf '  %s:\n    url: grpcs://127.0.0.1:%s\n    tlsCACerts:\n      pem: |\n' "$(node_field "$node" host)" "$(node_field "$node" port)"
    yaml_pem "$(org_tls_ca "$(node_field "$node" org)")" 8
    printf '    grpcOptions:\n      ssl-target-name-override: %s\n      hostnameOverride: %s\n' "$(node_field "$node" host)" "$(node_field "$node" host)"
  done
  printf 'peers:\n'
  for node in $(nodes_of_kind peer); do
    printf '  %s:\n    url: grpcs://127.0.0.1:%s\n    tlsCACerts:\n      pem: |\n' "$(node_field "$node" host)" "$(node_field "$node" port)"
    yaml_pem "$(org_tls_ca "$(node_field "$node" org)")" 8
    printf '    grpcOptions:\n      ssl-target-name-override: %s\n      hostnameOverride: %s\n' "$(node_field "$node" host)" "$(node_field "$node" host)"
  done
  printf 'certificateAuthorities:\n'
  for node in $(nodes_of_kind ca); do
    printf '  %s:\n    url: https://127.0.0.1:%s\n    caName: %s\n    tlsCACerts:\n      path: %s\n    httpOptions:\n      verify: true\n' \
      "$node" "$(node_field "$node" port)" "$node" "$ORGS_DIR/fabric-ca/${node#ca-}/tls-cert.pem"
  done
}

check_material
mkdir -p "$RUN_DIR/profiles"
for org in $(orgs_of_kind peer); do
  name=$(org_field "$org" ca)
  name=${name#ca-}
  profile_json "$org" > "$RUN_DIR/profiles/connection-$name.json"
  profile_yaml "$org" > "$RUN_DIR/profiles/connection-$name.yaml"
  info "wrote $RUN_DIR/profiles/connection-$name.json and .yaml"
done
trust_bundle
