#!/usr/bin/env bash
# Shared by network.sh and every script here: settings, the port and organisation tables, paths
# of the crypto material, the Fabric binaries, and the environment of the `peer` CLI.
# Sourced, never run. Expects NETWORK_DIR to be set to network-config's absolute path.

: "${NETWORK_DIR:?NETWORK_DIR must be set to the absolute path of network-config}"

# ---- settings ----
load_settings() {
  local saved=() name
  for name in CHANNEL_NAME CC_NAME ENDORSEMENT_POLICY CC_DIAL_TIMEOUT CC_BUILDER_NAME \
              FABRIC_IMAGE_TAG FABRIC_CA_IMAGE_TAG CHAINCODE_IMAGE; do
    if [[ -n ${!name+x} ]]; then saved+=("$name=${!name}"); fi
  done
  # shellcheck source=../network.config
  source "$NETWORK_DIR/network.config"
  local kv
  for kv in "${saved[@]+"${saved[@]}"}"; do export "${kv?}"; done
  RUN_DIR=${RUN_DIR:-$NETWORK_DIR/run}
  ORGS_DIR=$NETWORK_DIR/organizations
  CHAINCODE_JAR=${CHAINCODE_JAR:-$NETWORK_DIR/../chaincode/target/chaincode.jar}
  # dpr writes the trust bundle (scripts/export.sh): one writer of the format, evidence's TrustBundle.
  DPR_JAR=${DPR_JAR:-$NETWORK_DIR/../cli/target/dpr.jar}
  export CHANNEL_NAME CC_NAME ENDORSEMENT_POLICY CC_DIAL_TIMEOUT CC_BUILDER_NAME RUN_DIR ORGS_DIR CHAINCODE_JAR DPR_JAR
}

# ---- messages ----
info() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
fatal() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---- tables (config/orgs.tsv, config/nodes.tsv): comment lines start with # ----
table_rows() { grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$'; }

# org_field ORG COLUMN -> mspId | domain | kind | ca
org_field() {
  local org=$1 column=$2 name msp domain kind ca
  while IFS=$'\t' read -r name msp domain kind ca; do
    if [[ $name == "$org" ]]; then
      case $column in
        mspId) echo "$msp" ;; domain) echo "$domain" ;; kind) echo "$kind" ;; ca) echo "$ca" ;;
        *) fatal "unknown organisation column $column" ;;
      esac
      return 0
    fi
  done < <(table_rows "$NETWORK_DIR/config/orgs.tsv")
  fatal "organisation $org is not in config/orgs.tsv"
}

# orgs_of_kind KIND -> organisation names, one per line
orgs_of_kind() { table_rows "$NETWORK_DIR/config/orgs.tsv" | awk -F'\t' -v k="$1" '$4 == k { print $1 }'; }

# nodes_of_kind KIND -> node names, one per line
nodes_of_kind() { table_rows "$NETWORK_DIR/config/nodes.tsv" | awk -F'\t' -v k="$1" '$2 == k { print $1 }'; }

# node_field NODE COLUMN -> kind | org | host | port | port2 | opsPort
node_field() {
  local node=$1 column=$2 name kind org host port port2 ops
  while IFS=$'\t' read -r name kind org host port port2 ops; do
    if [[ $name == "$node" ]]; then
      case $column in
        kind) echo "$kind" ;; org) echo "$org" ;; host) echo "$host" ;; port) echo "$port" ;;
        port2) echo "$port2" ;; opsPort) echo "$ops" ;;
        *) fatal "unknown node column $column" ;;
      esac
      return 0
    fi
  done < <(table_rows "$NETWORK_DIR/config/nodes.tsv")
  fatal "node $node is not in config/nodes.tsv"
}

# The peer of an organisation (the first one in the table).
peer_of_org() { table_rows "$NETWORK_DIR/config/nodes.tsv" | awk -F'\t' -v o="$1" '$2 == "peer" && $3 == o { print $1; exit }'; }

# ---- crypto material paths (the same layout for cryptogen and Fabric CA enrollment) ----
org_dir() {
  local org=$1
  if [[ $(org_field "$org" kind) == orderer ]]; then
    echo "$ORGS_DIR/ordererOrganizations/$(org_field "$org" domain)"
  else
    echo "$ORGS_DIR/peerOrganizations/$(org_field "$org" domain)"
  fi
}
node_dir() {
  local node=$1 org kind
  org=$(node_field "$node" org)
  kind=$(node_field "$node" kind)
  echo "$(org_dir "$org")/${kind}s/$(node_field "$node" host)"
}
admin_msp() { local org=$1; echo "$(org_dir "$org")/users/Admin@$(org_field "$org" domain)/msp"; }
admin_tls() { local org=$1; echo "$(org_dir "$org")/users/Admin@$(org_field "$org" domain)/tls"; }
user_dir() { local org=$1 name=$2; echo "$(org_dir "$org")/users/$name@$(org_field "$org" domain)"; }
# The TLS root of an organisation: the file every client of its nodes trusts.
org_tls_ca() { local org=$1 f; for f in "$(org_dir "$org")"/msp/tlscacerts/*.pem; do echo "$f"; return 0; done; }
orderer_tls_ca() { org_tls_ca "$(orgs_of_kind orderer | head -n1)"; }

# ---- Fabric binaries ----
# Looks in FABRIC_BIN first, then PATH. Prints the path or fails with what to do.
fabric_bin() {
  local name=$1
  if [[ -n ${FABRIC_BIN:-} && -x "$FABRIC_BIN/$name" ]]; then
    echo "$FABRIC_BIN/$name"
  elif command -v "$name" > /dev/null 2>&1; then
    command -v "$name"
  else
    return 1
  fi
}
require_bins() {
  local missing=() name
  for name in "$@"; do
    fabric_bin "$name" > /dev/null || missing+=("$name")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    fatal "Fabric binaries not found: ${missing[*]}. Download Fabric 2.5 (and Fabric CA 1.5) release binaries and set FABRIC_BIN to their bin/ folder (or put them on PATH). See network-config/README.md."
  fi
}
require_tools() {
  local name
  for name in "$@"; do
    command -v "$name" > /dev/null 2>&1 || fatal "$name is required but not on PATH"
  done
}

# ---- the peer CLI acting as an organisation's admin against its peer ----
# Sets the CORE_* variables `peer` reads; FABRIC_CFG_PATH points at config/ (core.yaml).
use_org() {
  local org=$1 peer
  peer=$(peer_of_org "$org")
  [[ -n $peer ]] || fatal "organisation $org has no peer"
  export FABRIC_CFG_PATH=$NETWORK_DIR/config
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID=$(org_field "$org" mspId)
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH=$(admin_msp "$org")
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(org_tls_ca "$org")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS=127.0.0.1:$(node_field "$peer" port)
}

# ---- waiting ----
# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<> "/dev/tcp/127.0.0.1/$1") > /dev/null 2>&1; }
wait_port() {
  local port=$1 what=$2 seconds=${3:-60} i
  for ((i = 0; i < seconds * 2; i++)); do
    port_open "$port" && return 0
    sleep 0.5
  done
  fatal "$what did not open 127.0.0.1:$port within ${seconds}s"
}
# retry ATTEMPTS DELAY COMMAND...: runs COMMAND until it succeeds.
retry() {
  local attempts=$1 delay=$2 i
  shift 2
  for ((i = 1; i <= attempts; i++)); do
    if "$@"; then return 0; fi
    if ((i < attempts)); then
      warn "attempt $i of $attempts failed: $*; retrying in ${delay}s"
      sleep "$delay"
    fi
  done
  return 1
}
