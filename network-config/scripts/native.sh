#!/usr/bin/env bash
# Runs the network as native processes from Fabric's release binaries, every one on 127.0.0.1 with
# the ports of config/nodes.tsv. Each process gets its own folder run/nodes/<name>/ (FABRIC_CFG_PATH
# with a copy of config/core.yaml or config/orderer.yaml, plus its ledger), its log in
# run/logs/<name>.log and its pid in run/pids/<name>.pid; per-node settings are environment variables.
#   scripts/native.sh start-cas | start-nodes | start-chaincode PACKAGE_ID | stop-chaincode | stop | status
#   scripts/native.sh stop-node NODE | start-node NODE     one node of config/nodes.tsv (fault tests, restarts)
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings

pid_file() { echo "$RUN_DIR/pids/$1.pid"; }
log_file() { echo "$RUN_DIR/logs/$1.log"; }

# The program a node runs, to tell our process from an unrelated one that reuses a stale pid.
program_of() {
  case $(node_field "$1" kind) in
    ca) echo fabric-ca-server ;; orderer) echo orderer ;; peer) echo peer ;; chaincode) echo java ;;
  esac
}

# running NAME: true when the pid file names a live process running the node's program.
running() {
  local f pid args
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  pid=$(< "$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  args=$(ps -p "$pid" -o args= 2> /dev/null) || return 1
  [[ $args == *"$(program_of "$1")"* ]]
}

# launch NAME COMMAND [ARGS...] with the environment already exported by the caller (in a subshell).
launch() {
  local name=$1
  shift
  mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs"
  if running "$name"; then
    info "$name is already running (pid $(< "$(pid_file "$name")"))"
    return 0
  fi
  nohup "$@" >> "$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
  info "started $name (pid $!, log $(log_file "$name"))"
}

start_ca() {
  local node=$1 org home
  org=$(node_field "$node" org)
  home=$ORGS_DIR/fabric-ca/${node#ca-}
  [[ -f $home/fabric-ca-server-config.yaml ]] || fatal "$home/fabric-ca-server-config.yaml not found"
  (
    export FABRIC_CA_SERVER_HOME=$home
    export FABRIC_CA_SERVER_PORT
    FABRIC_CA_SERVER_PORT=$(node_field "$node" port)
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(node_field "$node" opsPort)
    export FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS
    launch "$node" "$(fabric_bin fabric-ca-server)" start
  )
  wait_port "$(node_field "$node" port)" "$node ($org)"
}

start_orderer() {
  local node=$1 dir data
  dir=$(node_dir "$node")
  data=$RUN_DIR/nodes/$node
  mkdir -p "$data/config" "$data/ledger"
  cp "$NETWORK_DIR/config/orderer.yaml" "$data/config/orderer.yaml"
  (
    export FABRIC_CFG_PATH=$data/config
    export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-INFO}
    export ORDERER_GENERAL_LISTENADDRESS=127.0.0.1
    export ORDERER_GENERAL_LISTENPORT
    ORDERER_GENERAL_LISTENPORT=$(node_field "$node" port)
    export ORDERER_GENERAL_LOCALMSPID
    ORDERER_GENERAL_LOCALMSPID=$(org_field "$(node_field "$node" org)" mspId)
    export ORDERER_GENERAL_LOCALMSPDIR=$dir/msp
    export ORDERER_GENERAL_TLS_ENABLED=true
    export ORDERER_GENERAL_TLS_CERTIFICATE=$dir/tls/server.crt
    export ORDERER_GENERAL_TLS_PRIVATEKEY=$dir/tls/server.key
    export ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]"
    export ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$dir/tls/server.crt
    export ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$dir/tls/server.key
    export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
    export ORDERER_CHANNELPARTICIPATION_ENABLED=true
    ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$(node_field "$node" port2)
    export ORDERER_ADMIN_LISTENADDRESS
    export ORDERER_ADMIN_TLS_ENABLED=true
    export ORDERER_ADMIN_TLS_CERTIFICATE=$dir/tls/server.crt
    export ORDERER_ADMIN_TLS_PRIVATEKEY=$dir/tls/server.key
    export ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]"
    export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
    export ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$dir/tls/ca.crt]"
    ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(node_field "$node" opsPort)
    export ORDERER_OPERATIONS_LISTENADDRESS
    export ORDERER_FILELEDGER_LOCATION=$data/ledger
    export ORDERER_CONSENSUS_WALDIR=$data/ledger/etcdraft/wal
    export ORDERER_CONSENSUS_SNAPDIR=$data/ledger/etcdraft/snapshot
    launch "$node" "$(fabric_bin orderer)"
  )
}

start_peer() {
  local node=$1 dir data org port
  dir=$(node_dir "$node")
  data=$RUN_DIR/nodes/$node
  org=$(node_field "$node" org)
  port=$(node_field "$node" port)
  mkdir -p "$data/config" "$data/ledger"
  cp "$NETWORK_DIR/config/core.yaml" "$data/config/core.yaml"
  (
    export FABRIC_CFG_PATH=$data/config
    export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-INFO}
    export CORE_PEER_ID
    CORE_PEER_ID=$(node_field "$node" host)
    export CORE_PEER_LISTENADDRESS=127.0.0.1:$port
    export CORE_PEER_ADDRESS=127.0.0.1:$port
    CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(node_field "$node" port2)
    export CORE_PEER_CHAINCODELISTENADDRESS
    CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(node_field "$node" port2)
    export CORE_PEER_CHAINCODEADDRESS
    export CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$port
    export CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$port
    export CORE_PEER_LOCALMSPID
    CORE_PEER_LOCALMSPID=$(org_field "$org" mspId)
    export CORE_PEER_MSPCONFIGPATH=$dir/msp
    export CORE_PEER_TLS_ENABLED=true
    export CORE_PEER_TLS_CERT_FILE=$dir/tls/server.crt
    export CORE_PEER_TLS_KEY_FILE=$dir/tls/server.key
    export CORE_PEER_TLS_ROOTCERT_FILE=$dir/tls/ca.crt
    export CORE_PEER_FILESYSTEMPATH=$data/ledger
    export CORE_LEDGER_SNAPSHOTS_ROOTDIR=$data/ledger/snapshots
    CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(node_field "$node" opsPort)
    export CORE_OPERATIONS_LISTENADDRESS
    export CORE_CHAINCODE_EXTERNALBUILDERS="[{name: $CC_BUILDER_NAME, path: $NETWORK_DIR/builders/ccaas}]"
    launch "$node" "$(fabric_bin peer)" node start
  )
}

start_cas() {
  require_bins fabric-ca-server
  local node
  for node in $(nodes_of_kind ca); do start_ca "$node"; done
}

start_nodes() {
  require_bins orderer peer
  local node
  for node in $(nodes_of_kind orderer); do start_orderer "$node"; done
  for node in $(nodes_of_kind peer); do start_peer "$node"; done
  for node in $(nodes_of_kind orderer) $(nodes_of_kind peer); do
    wait_port "$(node_field "$node" port)" "$node" 60
  done
  for node in $(nodes_of_kind orderer); do
    wait_port "$(node_field "$node" port2)" "$node admin endpoint" 30
  done
}

start_chaincode() {
  local package_id=$1 node
  node=$(nodes_of_kind chaincode | head -n1)
  [[ -f $CHAINCODE_JAR ]] || fatal "$CHAINCODE_JAR not found: build it with 'mvn -B -pl chaincode package' in the repository root"
  require_tools java
  (
    CHAINCODE_SERVER_ADDRESS=127.0.0.1:$(node_field "$node" port)
    export CHAINCODE_SERVER_ADDRESS
    export CORE_CHAINCODE_ID_NAME=$package_id
    export CORE_PEER_TLS_ENABLED=false
    launch "$node" java -jar "$CHAINCODE_JAR"
  )
  wait_port "$(node_field "$node" port)" "the chaincode server $node" 60
}

# stop NAME: TERM, then KILL after 15 s; removes the pid file.
stop() {
  local name=$1 f pid i
  f=$(pid_file "$name")
  [[ -f $f ]] || return 0
  pid=$(< "$f")
  if running "$name"; then
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < 30; i++)); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2> /dev/null; then
      warn "$name (pid $pid) did not stop; killing it"
      kill -KILL "$pid" 2> /dev/null || true
    fi
    info "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

stop_all() {
  local node
  for node in $(nodes_of_kind chaincode) $(nodes_of_kind peer) $(nodes_of_kind orderer) $(nodes_of_kind ca); do
    stop "$node"
  done
}

status() {
  local name kind org port state listening
  printf '%-16s %-9s %-13s %-8s %-10s %s\n' NODE KIND ORG PID STATE ENDPOINT
  while IFS=$'\t' read -r name kind org _ port _; do
    state=stopped
    local pid=-
    if running "$name"; then
      pid=$(< "$(pid_file "$name")")
      state=running
    fi
    listening=closed
    port_open "$port" && listening=listening
    printf '%-16s %-9s %-13s %-8s %-10s 127.0.0.1:%s (%s)\n' "$name" "$kind" "$org" "$pid" "$state" "$port" "$listening"
  done < <(table_rows "$NETWORK_DIR/config/nodes.tsv")
}

# start_node NODE: starts one CA, orderer or peer again (after stop-node), with its ledger as it was left.
start_node() {
  local node=$1
  case $(node_field "$node" kind) in
    ca) start_ca "$node" ;;
    orderer)
      start_orderer "$node"
      wait_port "$(node_field "$node" port)" "$node" 60
      wait_port "$(node_field "$node" port2)" "$node admin endpoint" 30
      ;;
    peer)
      start_peer "$node"
      wait_port "$(node_field "$node" port)" "$node" 60
      ;;
    *) fatal "start-node: $node is not a CA, orderer or peer (the chaincode server: network.sh deploy)" ;;
  esac
}

case ${1:-} in
  start-cas) start_cas ;;
  start-node) start_node "${2:?node name required (config/nodes.tsv)}" ;;
  stop-node) node_field "${2:?node name required (config/nodes.tsv)}" kind > /dev/null && stop "$2" ;;
  start-nodes) start_nodes ;;
  start-chaincode) start_chaincode "${2:?package id required}" ;;
  stop-chaincode) stop "$(nodes_of_kind chaincode | head -n1)" ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: native.sh start-cas|start-nodes|start-chaincode PACKAGE_ID|stop-chaincode|start-node NODE|stop-node NODE|stop|status" >&2; exit 2 ;;
esac
