#!/usr/bin/env bash
# The data property rights registry's Fabric 2.5 network: three organisations with a peer each
# (RegistryOrg, ExchangeOrg, JudiciaryOrg), three Raft orderers (OrdererOrg), channel `registry`, and
# the rights chaincode as a service. Everything listens on 127.0.0.1 (ports: config/nodes.tsv).
#
#   ./network.sh up [-d] [-ca]        crypto material, nodes, channel, connection profiles, trust bundle
#                                     -d  in Hyperledger's Docker images (Compose) instead of native processes
#                                     -ca from Fabric CA servers instead of cryptogen
#   ./network.sh deploy [--upgrade] [--version V]
#                                     package, install, approve, commit the rights chaincode; start its server
#   ./network.sh export [--issuer-root FILE]...
#                                     rewrite run/profiles/* and run/trust-bundle.json; FILE: the PEM root
#                                     of the registry's certificate issuer, which verifiers must trust
#   ./network.sh status               what is running
#   ./network.sh down                 stop everything and delete the run folder and generated crypto material
#
# Fabric's binaries come from FABRIC_BIN (else PATH): peer, orderer, configtxgen, osnadmin, and
# cryptogen (or fabric-ca-server and fabric-ca-client with -ca). Logs, pids and ledgers: run/.
set -euo pipefail
NETWORK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export NETWORK_DIR
# shellcheck source=scripts/common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

mode_file() { echo "$RUN_DIR/mode"; }
current_mode() { if [[ -f $(mode_file) ]]; then cut -d' ' -f1 < "$(mode_file)"; else echo none; fi; }

up() {
  local mode=native crypto=cryptogen
  while [[ $# -gt 0 ]]; do
    case $1 in
      -d | --docker) mode=compose ;;
      -ca | --ca) crypto=ca ;;
      *) fatal "up: unknown option $1"; ;;
    esac
    shift
  done
  if [[ $(current_mode) != none ]]; then
    fatal "the network is already up ($(cat "$(mode_file)")); run './network.sh down' first"
  fi

  # Fail before touching anything when a binary is missing.
  local bins=(peer configtxgen osnadmin)
  [[ $mode == native ]] && bins+=(orderer)
  if [[ $crypto == cryptogen ]]; then bins+=(cryptogen); else bins+=(fabric-ca-client); fi
  [[ $mode == native && $crypto == ca ]] && bins+=(fabric-ca-server)
  require_bins "${bins[@]}"
  [[ $crypto == cryptogen ]] && require_tools openssl
  [[ $mode == compose ]] && require_tools docker

  mkdir -p "$RUN_DIR/logs"
  echo "$mode $crypto" > "$(mode_file)"
  info "bringing the network up: $mode processes, crypto material from $crypto"

  if [[ $crypto == ca ]]; then
    if [[ $mode == native ]]; then "$NETWORK_DIR/scripts/native.sh" start-cas; else "$NETWORK_DIR/scripts/compose.sh" up-cas; fi
  fi
  MODE=$mode "$NETWORK_DIR/scripts/crypto.sh" "$crypto"
  if [[ $mode == native ]]; then "$NETWORK_DIR/scripts/native.sh" start-nodes; else "$NETWORK_DIR/scripts/compose.sh" up-nodes; fi
  "$NETWORK_DIR/scripts/channel.sh"
  "$NETWORK_DIR/scripts/export.sh"
  info "the network is up; next: ./network.sh deploy"
}

deploy() {
  local mode
  mode=$(current_mode)
  [[ $mode != none ]] || fatal "the network is not up; run './network.sh up' first"
  MODE=$mode "$NETWORK_DIR/scripts/deploy.sh" "$@"
}

down() {
  local mode
  mode=$(current_mode)
  "$NETWORK_DIR/scripts/native.sh" stop
  if [[ $mode == compose ]]; then "$NETWORK_DIR/scripts/compose.sh" down; fi
  rm -rf "$RUN_DIR" "$ORGS_DIR/peerOrganizations" "$ORGS_DIR/ordererOrganizations"
  # Fabric CA servers write their keys, certificates and database beside their configuration.
  local home
  for home in "$ORGS_DIR"/fabric-ca/*/; do
    find "$home" -mindepth 1 -maxdepth 1 ! -name fabric-ca-server-config.yaml -exec rm -rf {} +
  done
  info "the network is down and its generated files are removed"
}

status() {
  local mode
  mode=$(current_mode)
  if [[ $mode == none ]]; then
    echo "network: down (no $RUN_DIR/mode)"
  else
    echo "network: up ($(cat "$(mode_file)")), channel $CHANNEL_NAME"
    if [[ -f $RUN_DIR/chaincode/package-id ]]; then echo "chaincode: $CC_NAME, package $(< "$RUN_DIR/chaincode/package-id")"; fi
  fi
  "$NETWORK_DIR/scripts/native.sh" status
  if [[ $mode == compose ]]; then "$NETWORK_DIR/scripts/compose.sh" status; fi
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
  up) up "$@" ;;
  deploy) deploy "$@" ;;
  export) "$NETWORK_DIR/scripts/export.sh" "$@" ;;
  down) down ;;
  status) status ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 >&2 ;;
esac
