#!/usr/bin/env bash
# Makes the network's crypto material in organizations/{peer,orderer}Organizations, one layout for
# both ways:
#   scripts/crypto.sh cryptogen   cryptogen from organizations/cryptogen/crypto-config.yaml, then the
#                                 role identities of organizations/identities.tsv (scripts/role-identity.sh)
#   scripts/crypto.sh ca          enrolls everything from the running Fabric CAs (network.sh starts them):
#                                 nodes, admins, and the role identities with --id.attrs 'role=…:ecert'
set -euo pipefail
NETWORK_DIR=${NETWORK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck source=common.sh
source "$NETWORK_DIR/scripts/common.sh"
load_settings

nodeous_config() {
  local cacert=$1
  cat <<YAML
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: $cacert
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: $cacert
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: $cacert
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: $cacert
    OrganizationalUnitIdentifier: orderer
YAML
}

# role_text ROLE -> "role=ROLE", or "no role" for the table's "-"
role_text() { if [[ $1 == - ]]; then echo "no role"; else echo "role=$1"; fi; }

# ---- role identities from a cryptogen CA ----
issue_role_identities() {
  local org name role dir domain cacert
  while IFS=$'\t' read -r org name role; do
    dir=$(org_dir "$org")
    domain=$(org_field "$org" domain)
    cacert=$(ls "$dir"/ca/*-cert.pem)
    "$NETWORK_DIR/scripts/role-identity.sh" "$cacert" "$dir/ca/priv_sk" "$domain" "$name" "$role" \
      "$(user_dir "$org" "$name")" "$dir/msp/config.yaml" > /dev/null < /dev/null
    info "issued $name@$domain with $(role_text "$role")"
  done < <(table_rows "$ORGS_DIR/identities.tsv")
}

crypto_cryptogen() {
  require_bins cryptogen
  require_tools openssl
  local cryptogen
  cryptogen=$(fabric_bin cryptogen)
  info "generating crypto material with cryptogen"
  "$cryptogen" generate --config="$ORGS_DIR/cryptogen/crypto-config.yaml" --output="$ORGS_DIR" > /dev/null
  issue_role_identities
}

# ---- Fabric CA enrollment ----
ca_home() { local org=$1; echo "$ORGS_DIR/fabric-ca/$(org_field "$org" ca | sed 's/^ca-//')"; }

# The affiliation the organisation's CA registers its identities under: the first one its
# fabric-ca-server-config.yaml lists. Fabric CA writes each part of it as an OU of the certificate.
ca_affiliation() {
  local org=$1 name
  name=$(awk '/^affiliations:/ { on = 1; next } on && /^[^[:space:]#]/ { exit } on && /^  [A-Za-z0-9_-]+:/ { sub(/^  /, ""); sub(/:.*/, ""); print; exit }' \
    "$(ca_home "$org")/fabric-ca-server-config.yaml")
  [[ -n $name ]] || fatal "$(ca_home "$org")/fabric-ca-server-config.yaml lists no affiliation"
  echo "$name"
}

# Enrolls into DIR/msp (or DIR/tls with the tls profile) and normalises the CA file names.
ca_enroll() {
  local org=$1 user=$2 secret=$3 target=$4 hosts=${5:-} profile=${6:-}
  local ca port home args
  ca=$(org_field "$org" ca)
  port=$(node_field "$ca" port)
  home=$(ca_home "$org")
  args=(enroll -u "https://$user:$secret@127.0.0.1:$port" --caname "$ca" -M "$target" --tls.certfiles "$home/tls-cert.pem")
  [[ -n $hosts ]] && args+=(--csr.hosts "$hosts")
  [[ -n $profile ]] && args+=(--enrollment.profile "$profile")
  local out
  rm -rf "$target"
  out=$(FABRIC_CA_CLIENT_HOME="$(org_dir "$org")/registrar" "$(fabric_bin fabric-ca-client)" "${args[@]}" 2>&1 < /dev/null) ||
    fatal "enrolling $user at $ca (127.0.0.1:$port) failed: $(tail -n 3 <<< "$out")"
  # A TLS enrollment leaves cacerts/ empty and an enrollment leaves tlscacerts/ absent: only what is there is renamed.
  rename_one "$target/cacerts" '*.pem' ca.pem
  rename_one "$target/tlscacerts" '*.pem' ca.pem
  rename_one "$target/keystore" '*_sk' priv_sk
  rename_one "$target/signcerts" '*.pem' cert.pem
}

# rename_one DIR GLOB NAME: renames the one file of DIR that GLOB matches to NAME; nothing when DIR
# or the file is not there; fails when GLOB matches more than one file.
rename_one() {
  local dir=$1 pattern=$2 name=$3 files
  [[ -d $dir ]] || return 0
  mapfile -t files < <(compgen -G "$dir/$pattern" || true)
  case ${#files[@]} in
    0) return 0 ;;
    1) [[ ${files[0]} == "$dir/$name" ]] || mv "${files[0]}" "$dir/$name" ;;
    *) fatal "$dir holds ${#files[@]} files matching $pattern, where Fabric CA writes one: ${files[*]}" ;;
  esac
}

ca_register() {
  local org=$1 name=$2 secret=$3 type=$4 attrs=${5:-}
  local ca port home args
  ca=$(org_field "$org" ca)
  port=$(node_field "$ca" port)
  home=$(ca_home "$org")
  args=(register -u "https://127.0.0.1:$port" --caname "$ca" --id.name "$name" --id.secret "$secret" --id.type "$type"
    --id.affiliation "$(ca_affiliation "$org").$([[ $type == client ]] && echo members || echo nodes)"
    --tls.certfiles "$home/tls-cert.pem")
  [[ -n $attrs ]] && args+=(--id.attrs "$attrs")
  FABRIC_CA_CLIENT_HOME="$(org_dir "$org")/registrar" "$(fabric_bin fabric-ca-client)" "${args[@]}" > /dev/null 2>&1 < /dev/null ||
    fatal "registering $name ($type) at $ca failed"
}

enroll_org() {
  local org=$1 dir domain kind node host secret
  dir=$(org_dir "$org")
  domain=$(org_field "$org" domain)
  kind=$(org_field "$org" kind)
  mkdir -p "$dir/msp/cacerts" "$dir/msp/tlscacerts" "$dir/registrar"
  cp "$(ca_home "$org")/ca-cert.pem" "$dir/msp/cacerts/ca.pem"
  cp "$(ca_home "$org")/ca-cert.pem" "$dir/msp/tlscacerts/ca.pem"
  nodeous_config cacerts/ca.pem > "$dir/msp/config.yaml"
  ca_enroll "$org" admin adminpw "$dir/registrar/msp"

  # nodes of the organisation: an enrollment (MSP) and a TLS certificate each
  while read -r node; do
    [[ $(node_field "$node" org) == "$org" ]] || continue
    host=$(node_field "$node" host)
    secret="${node}pw"
    ca_register "$org" "$host" "$secret" "$kind"
    local ndir
    ndir=$(node_dir "$node")
    ca_enroll "$org" "$host" "$secret" "$ndir/msp" "$host"
    cp "$dir/msp/config.yaml" "$ndir/msp/config.yaml"
    ca_enroll "$org" "$host" "$secret" "$ndir/tls" "$host,127.0.0.1,localhost" tls
    cp "$ndir/tls/signcerts/cert.pem" "$ndir/tls/server.crt"
    cp "$ndir/tls/keystore/priv_sk" "$ndir/tls/server.key"
    cp "$ndir/tls/tlscacerts/ca.pem" "$ndir/tls/ca.crt"
    info "enrolled $host"
  done < <(nodes_of_kind "$kind")

  # the organisation's admin, with a TLS client certificate (osnadmin uses the orderer admin's)
  local admin="Admin@$domain" adir
  adir="$dir/users/$admin"
  ca_register "$org" "$admin" adminpw admin
  ca_enroll "$org" "$admin" adminpw "$adir/msp"
  cp "$dir/msp/config.yaml" "$adir/msp/config.yaml"
  ca_enroll "$org" "$admin" adminpw "$adir/tls" "" tls
  cp "$adir/tls/signcerts/cert.pem" "$adir/tls/client.crt"
  cp "$adir/tls/keystore/priv_sk" "$adir/tls/client.key"
  cp "$adir/tls/tlscacerts/ca.pem" "$adir/tls/ca.crt"
  info "enrolled $admin"

  # client identities with the role attribute in the enrollment certificate
  local o name role udir
  while IFS=$'\t' read -r o name role; do
    [[ $o == "$org" ]] || continue
    udir=$(user_dir "$org" "$name")
    # role "-": a client without the role attribute (the registry service's identity)
    ca_register "$org" "$name@$domain" "${name}pw" client "$([[ $role == - ]] || echo "role=$role:ecert")"
    ca_enroll "$org" "$name@$domain" "${name}pw" "$udir/msp"
    cp "$dir/msp/config.yaml" "$udir/msp/config.yaml"
    [[ -f "$udir/msp/signcerts/cert.pem" && -f "$udir/msp/keystore/priv_sk" ]] ||
      fatal "enrolling $name@$domain left no signcerts/cert.pem and keystore/priv_sk in $udir/msp"
    info "enrolled $name@$domain with $(role_text "$role")"
  done < <(table_rows "$ORGS_DIR/identities.tsv")
}

crypto_ca() {
  require_bins fabric-ca-client
  local org
  while IFS=$'\t' read -r org _; do
    [[ -f "$(ca_home "$org")/tls-cert.pem" ]] || fatal "$(ca_home "$org")/tls-cert.pem not found: is $(org_field "$org" ca) running?"
    enroll_org "$org"
  done < <(table_rows "$NETWORK_DIR/config/orgs.tsv")
}

case ${1:-} in
  cryptogen) crypto_cryptogen ;;
  ca) crypto_ca ;;
  *) echo "usage: crypto.sh cryptogen|ca" >&2; exit 2 ;;
esac
