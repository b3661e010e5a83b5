#!/usr/bin/env bash
# Runs the network as native processes from Fabric's release binaries, every one on 127.0.0.1 with
# the ports of config/nodes.tsv. Each process gets its own folder run/nodes/<name>/ (FABRIC_CFG_PATH
# with a copy of config/core.yaml or config/orderer.yaml, plus its ledger), its log in
# run/logs/<name>.log and its pid in run/pids/<name>.pid; per-node settings are environment variables.
#   scripts/native.sh start-cas | start-nodes | start-chaincode PACKAGE_ID | stop-chaincode | stop | status
#   scripts/native.sh stop-node NODE | start-node NODE     one node of config/nodes.tsv (fault tests, restarts)
#   scripts/native.sh make-witnesses | start-witnesses LOG_VKEY | stop-witnesses
#       the full-audit witnesses of the transparency log (the rows of kind witness): their keys and dpr
#       profiles in run/witnesses/<name>/, then `dpr witness serve --audit` for the log LOG_VKEY
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
    witness) echo "witness serve" ;;
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

# ---- the transparency log's witnesses ----
# Each row of kind witness is its organisation's full-audit witness: its own Ed25519 key, its own dpr
# profile with the organisation's client `witness` (organizations/identities.tsv) and connection profile,
# so it reads the channel's blocks through its own organisation's peer (Deliver).
witness_dir() { echo "$RUN_DIR/witnesses/$1"; }
# The witness's name, in its key and every cosignature: <organisation's domain>/witness.
witness_name() { echo "$(org_field "$(node_field "$1" org)" domain)/witness"; }
# The values of the registry service's registry.tlog.witnesses, one "<vkey> <URL>" a line.
witnesses_file() { echo "$RUN_DIR/witnesses/tlog-witnesses.txt"; }
log_vkey_file() { echo "$RUN_DIR/witnesses/log.vkey"; }
dpr_java() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$DPR_JAR" "$@"; }

# make_witnesses: every witness's key (kept if there), vkey and dpr profile; then tlog-witnesses.txt.
make_witnesses() {
  require_tools java
  [[ -f $DPR_JAR ]] || fatal "$DPR_JAR not found: build it with 'mvn -B package -DskipTests' in the repository root (or set DPR_JAR)"
  local node dir org short msp out vkey
  mkdir -p "$RUN_DIR/witnesses"
  : > "$(witnesses_file)"
  for node in $(nodes_of_kind witness); do
    dir=$(witness_dir "$node")
    org=$(node_field "$node" org)
    short=$(org_field "$org" ca)
    short=${short#ca-}
    msp=$(user_dir "$org" witness)/msp
    [[ -f $msp/signcerts/cert.pem ]] || fatal "$msp/signcerts/cert.pem not found: organizations/identities.tsv must list $org's client 'witness'"
    mkdir -p "$dir"
    if [[ ! -f $dir/witness.key ]]; then
      out=$(dpr_java --json witness init --name "$(witness_name "$node")" --key "$dir/witness.key" < /dev/null) ||
        fatal "dpr witness init could not make $dir/witness.key"
      sed -n 's/^ *"vkey" *: *"\(.*\)",*$/\1/p' <<< "$out" > "$dir/vkey"
    fi
    vkey=$(< "$dir/vkey")
    [[ -n $vkey ]] || fatal "$dir/vkey is empty: remove $dir and run './network.sh up' again"
    if [[ ! -d $dir/dpr/profiles/auditor ]]; then
      DPR_HOME=$dir/dpr dpr_java --profile auditor init --fabric --connection-profile "$RUN_DIR/profiles/connection-$short.json" \
        --trust-bundle "$RUN_DIR/trust-bundle.json" > /dev/null < /dev/null || fatal "dpr init could not make the profile of $node"
      DPR_HOME=$dir/dpr dpr_java --profile auditor identity import --cert "$msp/signcerts/cert.pem" --key "$msp/keystore/priv_sk" \
        > /dev/null < /dev/null || fatal "dpr identity import could not import $org's client 'witness' for $node"
    fi
    echo "$vkey http://127.0.0.1:$(node_field "$node" port)" >> "$(witnesses_file)"
    info "$node: witness $(witness_name "$node"), key $dir/witness.key, reads through $(peer_of_org "$org") as witness@$(org_field "$org" domain)"
  done
  info "wrote $(witnesses_file): the registry service's registry.tlog.witnesses"
}

start_witness() {
  local node=$1 dir i pid
  dir=$(witness_dir "$node")
  [[ -f $dir/witness.key && -d $dir/dpr/profiles/auditor ]] || fatal "$node has no key or profile in $dir: './network.sh up' makes them"
  [[ -s $(log_vkey_file) ]] || fatal "no log to witness: run './network.sh witnesses start --log VKEY' (VKEY: the registry service's GET /tlog/vkey)"
  require_tools java
  (
    export DPR_HOME=$dir/dpr
    unset DPR_PROFILE
    launch "$node" java -XX:+UseSerialGC -jar "$DPR_JAR" --profile auditor witness serve --audit --key "$dir/witness.key" \
      --state "$dir/state" --listen "127.0.0.1:$(node_field "$node" port)" --log "$(< "$(log_vkey_file)")"
  )
  # Up when it listens; a witness that stops at once (a bad --log, its key unreadable) says why in its log.
  pid=$(< "$(pid_file "$node")")
  for ((i = 0; i < 120; i++)); do
    port_open "$(node_field "$node" port)" && return 0
    kill -0 "$pid" 2> /dev/null || fatal "$node stopped at once: $(tail -n 3 "$(log_file "$node")")"
    sleep 0.5
  done
  fatal "$node did not open its port within 60s (log $(log_file "$node"))"
}

start_witnesses() {
  local vkey=$1 node
  [[ $vkey =~ ^[^[:space:]+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$ ]] ||
    fatal "'$vkey' is not a log's verifier key (<origin>+<key id>+<base64>): give the registry service's GET /tlog/vkey"
  mkdir -p "$RUN_DIR/witnesses"
  echo "$vkey" > "$(log_vkey_file)"
  for node in $(nodes_of_kind witness); do start_witness "$node"; done
}

stop_witnesses() {
  local node
  for node in $(nodes_of_kind witness); do stop "$node"; done
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
  for node in $(nodes_of_kind witness) $(nodes_of_kind chaincode) $(nodes_of_kind peer) $(nodes_of_kind orderer) $(nodes_of_kind ca); do
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

# start_node NODE: starts one CA, orderer, peer or witness again (after stop-node), with its ledger (a witness:
# its record) as it was left.
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
    witness) start_witness "$node" ;;
    *) fatal "start-node: $node is not a CA, orderer, peer or witness (the chaincode server: network.sh deploy)" ;;
  esac
}

case ${1:-} in
  start-cas) start_cas ;;
  start-node) start_node "${2:?node name required (config/nodes.tsv)}" ;;
  stop-node) node_field "${2:?node name required (config/nodes.tsv)}" kind > /dev/null && stop "$2" ;;
  start-nodes) start_nodes ;;
  start-chaincode) start_chaincode "${2:?package id required}" ;;
  stop-chaincode) stop "$(nodes_of_kind chaincode | head -n1)" ;;
  make-witnesses) make_witnesses ;;
  start-witnesses) start_witnesses "${2:?the verifier key of the log required (GET /tlog/vkey of the registry service)}" ;;
  stop-witnesses) stop_witnesses ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: native.sh start-cas|start-nodes|start-chaincode PACKAGE_ID|stop-chaincode|start-node NODE|stop-node NODE|make-witnesses|start-witnesses LOG_VKEY|stop-witnesses|stop|status" >&2; exit 2 ;;
esac
