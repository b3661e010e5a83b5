#!/usr/bin/env bash
# Deploys the rights chaincode as a service with Fabric's chaincode lifecycle:
#   package (scripts/package.sh) -> install on every peer -> start the chaincode server with the
#   package id -> approveformyorg for each organisation -> checkcommitreadiness -> commit -> querycommitted.
#   scripts/deploy.sh [--upgrade] [--version V]    (MODE=native|compose, set by network.sh)
# The first deployment is sequence 1. --upgrade reads the committed definition and raises its sequence
# by one with a new package (label rights_<version>); the new chaincode server replaces the old one.
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings
require_bins peer
MODE=${MODE:-native}

upgrade=false
version=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --upgrade) upgrade=true ;;
    --version) version=${2:?--version needs a value}; shift ;;
    *) fatal "deploy: unknown option $1 (use --upgrade, --version V)" ;;
  esac
  shift
done

PEER=$(fabric_bin peer)
# The peer CLI reads core.yaml from FABRIC_CFG_PATH even for offline commands such as
# calculatepackageid. use_org sets it, but committed_sequence runs in $(…), a subshell, so the first
# peer command of the main shell would find no core.yaml: set it here for the whole script.
export FABRIC_CFG_PATH=$NETWORK_DIR/config
orderer_node=$(nodes_of_kind orderer | head -n1)
ORDERER_ADDRESS=127.0.0.1:$(node_field "$orderer_node" port)
ORDERER_CA=$(orderer_tls_ca)
cc_node=$(nodes_of_kind chaincode | head -n1)
CC_ADDRESS=$(node_field "$cc_node" host):$(node_field "$cc_node" port)
first_org=$(orgs_of_kind peer | head -n1)

# committed_sequence: the sequence of the committed definition, or 0.
committed_sequence() {
  local out
  use_org "$first_org"
  out=$("$PEER" lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CC_NAME" -O json 2> /dev/null) || { echo 0; return; }
  if [[ $out =~ \"sequence\"[[:space:]]*:[[:space:]]*([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

current=$(committed_sequence)
if [[ $upgrade == true ]]; then
  [[ $current -gt 0 ]] || fatal "--upgrade: $CC_NAME is not committed on $CHANNEL_NAME yet; run 'network.sh deploy' first"
elif [[ $current -gt 0 ]]; then
  fatal "$CC_NAME is already committed on $CHANNEL_NAME at sequence $current; use 'network.sh deploy --upgrade'"
fi
sequence=$((current + 1))
version=${version:-$sequence.0}
label=${CC_NAME}_$version
package=$RUN_DIR/chaincode/$label.tar.gz
info "deploying $CC_NAME version $version, sequence $sequence (label $label)"

# 1. package
"$NETWORK_DIR/scripts/package.sh" "$label" "$CC_ADDRESS" "$CC_DIAL_TIMEOUT" "$package" > /dev/null
PACKAGE_ID=$("$PEER" lifecycle chaincode calculatepackageid "$package")
echo "$PACKAGE_ID" > "$RUN_DIR/chaincode/package-id"
info "package id $PACKAGE_ID"

# 2. install on every peer (skipped where it is already installed)
for org in $(orgs_of_kind peer); do
  use_org "$org"
  if "$PEER" lifecycle chaincode queryinstalled -O json 2> /dev/null | grep -q "\"$PACKAGE_ID\""; then
    info "$PACKAGE_ID is already installed on $(peer_of_org "$org")"
    continue
  fi
  out=$("$PEER" lifecycle chaincode install "$package" 2>&1) || fatal "install on $(peer_of_org "$org") failed: $out"
  info "installed on $(peer_of_org "$org")"
done

# 3. the chaincode server, identified by the package id
case $MODE in
  native)
    "$NETWORK_DIR/scripts/native.sh" stop-chaincode
    "$NETWORK_DIR/scripts/native.sh" start-chaincode "$PACKAGE_ID"
    ;;
  compose)
    CHAINCODE_ID=$PACKAGE_ID "$NETWORK_DIR/scripts/compose.sh" start-chaincode
    ;;
  *) fatal "MODE must be native or compose, not $MODE" ;;
esac

# 4. approve for each organisation
approve() {
  "$PEER" lifecycle chaincode approveformyorg -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA" \
    --channelID "$CHANNEL_NAME" --name "$CC_NAME" --version "$version" --package-id "$PACKAGE_ID" \
    --sequence "$sequence" --signature-policy "$ENDORSEMENT_POLICY" --waitForEvent
}
readiness() {
  "$PEER" lifecycle chaincode checkcommitreadiness --channelID "$CHANNEL_NAME" --name "$CC_NAME" \
    --version "$version" --sequence "$sequence" --signature-policy "$ENDORSEMENT_POLICY" -O json
}
for org in $(orgs_of_kind peer); do
  use_org "$org"
  msp=$(org_field "$org" mspId)
  # Approving an unchanged definition twice is refused by Fabric, so a repeated run skips it.
  if [[ $(readiness 2> /dev/null | tr -d ' \n') == *"\"$msp\":true"* ]]; then
    info "$org has already approved sequence $sequence"
    continue
  fi
  out=$(retry 5 3 approve 2>&1) || fatal "approveformyorg for $org failed: $out"
  info "approved for $org"
done

# 5. every organisation must have approved this exact definition
use_org "$first_org"
approvals=$(retry 5 2 readiness) || fatal "checkcommitreadiness failed"
if [[ $approvals == *false* ]]; then
  fatal "the definition is not ready to commit: $approvals"
fi
info "commit readiness: $(tr -d ' \n' <<< "$approvals")"

# 6. commit, endorsed by every organisation's peer
peer_args=()
for org in $(orgs_of_kind peer); do
  peer_args+=(--peerAddresses "127.0.0.1:$(node_field "$(peer_of_org "$org")" port)" --tlsRootCertFiles "$(org_tls_ca "$org")")
done
commit() {
  "$PEER" lifecycle chaincode commit -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA" \
    --channelID "$CHANNEL_NAME" --name "$CC_NAME" --version "$version" --sequence "$sequence" \
    --signature-policy "$ENDORSEMENT_POLICY" "${peer_args[@]}" --waitForEvent
}
out=$(retry 3 3 commit 2>&1) || fatal "commit failed: $out"

# 7. what is committed now
for org in $(orgs_of_kind peer); do
  use_org "$org"
  out=$(retry 10 2 "$PEER" lifecycle chaincode querycommitted --channelID "$CHANNEL_NAME" --name "$CC_NAME" -O json 2>&1) ||
    fatal "querycommitted on $(peer_of_org "$org") failed: $out"
  [[ $out =~ \"sequence\"[[:space:]]*:[[:space:]]*${sequence}[^0-9] ]] || fatal "$(peer_of_org "$org") reports $out, not sequence $sequence"
done
info "committed $CC_NAME version $version sequence $sequence on $CHANNEL_NAME; package $PACKAGE_ID"
