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
#   ./network.sh export [--issuer-root FILE]... [--tlog-policy FILE]
#                                     rewrite run/profiles/* and run/trust-bundle.json; --issuer-root: the PEM
#                                     root of the registry's certificate issuer, which verifiers must trust;
#                                     --tlog-policy: the service's transparency-log policy (GET /tlog/policy)
#   ./network.sh witnesses start --log VKEY | stop
#                                     the exchange's and the judiciary's full-audit witnesses of the registry
#                                     service's transparency log; VKEY: the service's GET /tlog/vkey
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
# While `up` runs, run/up-step names the step it is in; a failed `up` leaves run/up-failed (the step it
# failed in) after stopping everything it started. run/up-step without run/up-failed: an `up` that was
# killed before it could clean up (or one still running).
step_file() { echo "$RUN_DIR/up-step"; }
failed_file() { echo "$RUN_DIR/up-failed"; }
up_state() {
  if [[ -f $(failed_file) ]]; then echo failed
  elif [[ -f $(step_file) ]]; then echo unfinished
  elif [[ -f $(mode_file) ]]; then echo up
  else echo down
  fi
}
step() { echo "$*" > "$(step_file)"; }

# The EXIT trap of `up`: after a failure, stop every process `up` started and say how to go on.
up_exit() {
  local code=$1 at
  trap - EXIT INT TERM
  [[ -f $(step_file) ]] || exit "$code"
  at=$(< "$(step_file)")
  if [[ $code -eq 0 ]]; then
    rm -f "$(step_file)"
    exit 0
  fi
  warn "up failed while $at (exit $code): stopping the processes it started"
  "$NETWORK_DIR/scripts/native.sh" stop > /dev/null 2>&1 || true
  if [[ $(current_mode) == compose ]]; then "$NETWORK_DIR/scripts/compose.sh" down > /dev/null 2>&1 || true; fi
  mv "$(step_file)" "$(failed_file)"
  warn "nothing of the network is running; the logs are in $RUN_DIR/logs/. './network.sh up' cleans up and starts again ('./network.sh down' only cleans up)"
  exit "$code"
}

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
  case $(up_state) in
    up) fatal "the network is already up ($(cat "$(mode_file)")); run './network.sh down' first" ;;
    failed) info "the last 'up' failed while $(< "$(failed_file)"): removing what it left first"; down ;;
    unfinished)
      info "the last 'up' did not finish (it stopped while $(< "$(step_file)")): stopping and removing what it left first"
      down
      ;;
  esac

  # Fail before touching anything when a binary is missing.
  local bins=(peer configtxgen osnadmin)
  [[ $mode == native ]] && bins+=(orderer)
  if [[ $crypto == cryptogen ]]; then bins+=(cryptogen); else bins+=(fabric-ca-client); fi
  [[ $mode == native && $crypto == ca ]] && bins+=(fabric-ca-server)
  require_bins "${bins[@]}"
  [[ $crypto == cryptogen ]] && require_tools openssl
  # export.sh writes the trust bundle with dpr (evidence's TrustBundle).
  require_tools java
  [[ -f $DPR_JAR ]] || fatal "$DPR_JAR not found: build it with 'mvn -B package -DskipTests' in the repository root (or set DPR_JAR)"
  [[ $mode == compose ]] && require_tools docker

  mkdir -p "$RUN_DIR/logs"
  echo "$mode $crypto" > "$(mode_file)"
  trap 'up_exit $?' EXIT
  trap 'exit 130' INT TERM
  info "bringing the network up: $mode processes, crypto material from $crypto"

  if [[ $crypto == ca ]]; then
    step "starting the Fabric CA servers"
    if [[ $mode == native ]]; then "$NETWORK_DIR/scripts/native.sh" start-cas; else "$NETWORK_DIR/scripts/compose.sh" up-cas; fi
  fi
  step "making the crypto material ($crypto)"
  MODE=$mode "$NETWORK_DIR/scripts/crypto.sh" "$crypto"
  step "starting the orderers and peers"
  if [[ $mode == native ]]; then "$NETWORK_DIR/scripts/native.sh" start-nodes; else "$NETWORK_DIR/scripts/compose.sh" up-nodes; fi
  step "creating channel $CHANNEL_NAME and joining the orderers and peers"
  "$NETWORK_DIR/scripts/channel.sh"
  step "exporting the connection profiles and the trust bundle"
  "$NETWORK_DIR/scripts/export.sh"
  step "making the witnesses' keys and dpr profiles"
  "$NETWORK_DIR/scripts/native.sh" make-witnesses
  info "the network is up; next: ./network.sh deploy"
}

deploy() {
  local mode
  mode=$(current_mode)
  case $(up_state) in
    down) fatal "the network is not up; run './network.sh up' first" ;;
    failed) fatal "the last 'up' failed while $(< "$(failed_file)") and the network is stopped; run './network.sh up' again" ;;
    unfinished) fatal "the last 'up' did not finish (it stopped while $(< "$(step_file)")); run './network.sh up' again" ;;
  esac
  MODE=$mode "$NETWORK_DIR/scripts/deploy.sh" "$@"
}

witnesses() {
  case $(up_state) in
    up) ;;
    *) fatal "the network is not up (./network.sh status says why); the witnesses read its channel" ;;
  esac
  case ${1:-} in
    start)
      [[ ${2:-} == --log && -n ${3:-} ]] || fatal "witnesses start needs --log VKEY, the registry service's GET /tlog/vkey"
      "$NETWORK_DIR/scripts/native.sh" start-witnesses "$3"
      info "the witnesses are up; the service's next checkpoint carries their cosignatures (curl -s <service>/tlog/checkpoint)"
      ;;
    stop) "$NETWORK_DIR/scripts/native.sh" stop-witnesses ;;
    *) fatal "witnesses: use 'start --log VKEY' or 'stop'" ;;
  esac
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
  case $(up_state) in
    down) echo "network: down (no $RUN_DIR/mode)" ;;
    failed)
      echo "network: failed — the last 'up' ($(cat "$(mode_file)")) failed while $(< "$(failed_file)"); it stopped what it had started"
      echo "         logs in $RUN_DIR/logs/; './network.sh up' cleans up and starts again, './network.sh down' only cleans up"
      ;;
    unfinished)
      echo "network: unfinished — an 'up' ($(cat "$(mode_file)")) is running or was killed while $(< "$(step_file)")"
      echo "         './network.sh down' stops and removes what it left; './network.sh up' does that and starts again"
      ;;
    up)
      echo "network: up ($(cat "$(mode_file)")), channel $CHANNEL_NAME"
      if [[ -f $RUN_DIR/chaincode/package-id ]]; then echo "chaincode: $CC_NAME, package $(< "$RUN_DIR/chaincode/package-id")"; fi
      ;;
  esac
  "$NETWORK_DIR/scripts/native.sh" status
  if [[ $mode == compose ]]; then "$NETWORK_DIR/scripts/compose.sh" status; fi
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
  up) up "$@" ;;
  deploy) deploy "$@" ;;
  export) "$NETWORK_DIR/scripts/export.sh" "$@" ;;
  witnesses) witnesses "$@" ;;
  down) down ;;
  status) status ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 >&2 ;;
esac
