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

# osnadmin exits 0 for any HTTP answer (`Status: 404` included) and non-zero only when it gets none,
# so what counts is the status line it prints first.
# osnadmin_call NODE ARGS... -> sets OSN_STATUS (the HTTP status, or "none") and OSN_ANSWER (all it printed)
osnadmin_call() {
  local node=$1
  shift
  OSN_ANSWER=$(osnadmin_for "$node" "$@" 2>&1) || true
  OSN_STATUS=$(sed -n 's/^Status: \([0-9][0-9]*\).*/\1/p' <<< "$OSN_ANSWER" | head -n1)
  OSN_STATUS=${OSN_STATUS:-none}
}

# is_member NODE: true when the orderer answers 200 for the channel (404: not a member; anything else
# is an error worth reporting, not a reason to skip the join).
is_member() {
  osnadmin_call "$1" list --channelID "$CHANNEL_NAME"
  case $OSN_STATUS in
    200) return 0 ;;
    404) return 1 ;;
    *) fatal "osnadmin could not ask $1 about $CHANNEL_NAME: $OSN_ANSWER" ;;
  esac
}

# join_orderer NODE: 201 joined; 405 "channel already exists" counts as joined too.
join_orderer() {
  osnadmin_call "$1" join --channelID "$CHANNEL_NAME" --config-block "$block"
  case $OSN_STATUS in
    201) return 0 ;;
    405) [[ $OSN_ANSWER == *"already exists"* ]] ;;
    *) return 1 ;;
  esac
}

join_orderers() {
  local node
  for node in $(nodes_of_kind orderer); do
    if is_member "$node"; then
      info "$node is already a member of $CHANNEL_NAME"
      continue
    fi
    retry 5 2 join_orderer "$node" || fatal "osnadmin could not join $node to $CHANNEL_NAME: $OSN_ANSWER"
    info "joined $node to $CHANNEL_NAME"
  done
}

# Waits until every orderer reports the channel active as a consenter (a Raft leader is elected).
wait_orderers() {
  local node i
  for node in $(nodes_of_kind orderer); do
    for ((i = 0; i < 60; i++)); do
      osnadmin_call "$node" list --channelID "$CHANNEL_NAME"
      if [[ $OSN_STATUS == 200 && $OSN_ANSWER =~ \"status\"[[:space:]]*:[[:space:]]*\"active\" ]]; then
        break
      fi
      sleep 1
    done
    [[ $OSN_STATUS == 200 && $OSN_ANSWER == *active* ]] || fatal "$node did not become active on $CHANNEL_NAME: $OSN_ANSWER"
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
