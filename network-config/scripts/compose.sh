#!/usr/bin/env bash
# Runs the network in Hyperledger's Docker images (Docker Compose, project "dpr", host network).
#   scripts/compose.sh up-cas | up-nodes | start-chaincode | down | status
# start-chaincode needs CHAINCODE_ID (the package id). The peer, osnadmin and configtxgen commands
# that create the channel and deploy the chaincode still run from Fabric's binaries on the host.
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings

compose() {
  local file=$1
  shift
  if docker compose version > /dev/null 2>&1; then
    docker compose -f "$NETWORK_DIR/compose/$file" "$@"
  elif command -v docker-compose > /dev/null 2>&1; then
    docker-compose -f "$NETWORK_DIR/compose/$file" "$@"
  else
    fatal "Docker Compose not found: install Docker Engine with the compose plugin, or run natively (network.sh up)"
  fi
}

export NETWORK_DIR FABRIC_IMAGE_TAG FABRIC_CA_IMAGE_TAG CHAINCODE_IMAGE CHAINCODE_JAR
export DPR_UID DPR_GID
DPR_UID=$(id -u)
DPR_GID=$(id -g)

up_cas() {
  local node
  compose compose-ca.yaml up -d
  for node in $(nodes_of_kind ca); do wait_port "$(node_field "$node" port)" "$node" 90; done
}

up_nodes() {
  local node
  compose compose-net.yaml up -d
  for node in $(nodes_of_kind orderer) $(nodes_of_kind peer); do wait_port "$(node_field "$node" port)" "$node" 90; done
  for node in $(nodes_of_kind orderer); do wait_port "$(node_field "$node" port2)" "$node admin endpoint" 60; done
}

start_chaincode() {
  : "${CHAINCODE_ID:?CHAINCODE_ID must be the package id}"
  [[ -f $CHAINCODE_JAR ]] || fatal "$CHAINCODE_JAR not found: build it with 'mvn -B -pl chaincode package' in the repository root"
  export CHAINCODE_ID
  compose compose-chaincode.yaml up -d --force-recreate
  wait_port "$(node_field "$(nodes_of_kind chaincode | head -n1)" port)" "the chaincode server" 90
}

down() {
  CHAINCODE_ID=none CHAINCODE_JAR=/dev/null compose compose-chaincode.yaml down --remove-orphans || true
  compose compose-net.yaml down --volumes --remove-orphans || true
  compose compose-ca.yaml down --remove-orphans || true
}

status() {
  command -v docker > /dev/null 2>&1 || fatal "docker not found"
  docker ps -a --filter label=com.docker.compose.project=dpr --format 'table {{.Names}}\t{{.Status}}\t{{.Image}}'
}

case ${1:-} in
  up-cas) up_cas ;;
  up-nodes) up_nodes ;;
  start-chaincode) start_chaincode ;;
  down) down ;;
  status) status ;;
  *) echo "usage: compose.sh up-cas|up-nodes|start-chaincode|down|status" >&2; exit 2 ;;
esac
