#!/usr/bin/env bash
# Creates the `registry` channel the Fabric 2.5 way, without a system channel:
#   1. configtxgen writes the channel's genesis block from configtx/configtx.yaml (profile RegistryChannel);
#   2. osnadmin joins each of the three Raft orderers to it through the channel participation API
#      (mutual TLS with the orderer organisation admin's TLS client certificate);
#   3. every organisation's admin joins its peer with `peer channel join`.
# Anchor peers are already in the genesis block (AnchorPeers in configtx.yaml).
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings
require_bins configtxgen osnadmin peer

block=$RUN_DIR/channel/$CHANNEL_NAME.block
orderer_org=$(orgs_of_kind orderer | head -n1)

create_block() {
  mkdir -p "$RUN_DIR/channel"
  info "writing the genesis block of channel $CHANNEL_NAME"
  FABRIC_CFG_PATH=$NETWORK_DIR/configtx "$(fabric_bin configtxgen)" -configPath "$NETWORK_DIR/configtx" \
    -profile RegistryChannel -channelID "$CHANNEL_NAME" -outputBlock "$block" 2>> "$RUN_DIR/logs/configtxgen.log" ||
    fatal "configtxgen failed; see $RUN_DIR/logs/configtxgen.log"
}

osnadmin_for() {
  local node=$1
  shift
  "$(fabric_bin osnadmin)" channel "$@" -o "127.0.0.1:$(node_field "$node" port2)" \
    --ca-file "$(orderer_tls_ca)" \
    --client-cert "$(admin_tls "$orderer_org")/client.crt" \
    --client-key "$(admin_tls "$orderer_org")/client.key"
}

join_orderers() {
  local node out
  for node in $(nodes_of_kind orderer); do
    if osnadmin_for "$node" list --channelID "$CHANNEL_NAME" > /dev/null 2>&1; then
      info "$node is already a member of $CHANNEL_NAME"
      continue
    fi
    out=$(retry 5 2 osnadmin_for "$node" join --channelID "$CHANNEL_NAME" --config-block "$block" 2>&1) ||
      fatal "osnadmin could not join $node to $CHANNEL_NAME: $out"
    info "joined $node to $CHANNEL_NAME"
  done
}

# Waits until every orderer reports the channel active as a consenter (a Raft leader is elected).
wait_orderers() {
  local node i out
  for node in $(nodes_of_kind orderer); do
    for ((i = 0; i < 60; i++)); do
      out=$(osnadmin_for "$node" list --channelID "$CHANNEL_NAME" 2>/dev/null || true)
      if [[ $out == *'"status": "active"'* || $out == *'"status":"active"'* ]]; then
        break
      fi
      sleep 1
    done
    [[ $out == *active* ]] || fatal "$node did not become active on $CHANNEL_NAME: $out"
  done
  info "the orderers serve $CHANNEL_NAME"
}

join_peers() {
  local org peer out
  for org in $(orgs_of_kind peer); do
    use_org "$org"
    peer=$(peer_of_org "$org")
    if "$(fabric_bin peer)" channel getinfo -c "$CHANNEL_NAME" > /dev/null 2>&1; then
      info "$peer has already joined $CHANNEL_NAME"
      continue
    fi
    out=$(retry 5 3 "$(fabric_bin peer)" channel join -b "$block" 2>&1) ||
      fatal "$peer could not join $CHANNEL_NAME: $out"
    info "joined $peer to $CHANNEL_NAME"
  done
}

mkdir -p "$RUN_DIR/logs"
[[ -f $block ]] || create_block
join_orderers
wait_orderers
join_peers
