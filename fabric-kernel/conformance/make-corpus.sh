#!/usr/bin/env bash
# Makes fabric-kernel's conformance corpus from REAL Fabric (2.5.16, Fabric CA 1.5.21 here):
#   fabric-kernel/conformance/make-corpus.sh [OUT]     OUT defaults to fabric-kernel/src/test/resources/conformance
# For each way network-config makes crypto material (cryptogen, then Fabric CA with `up -ca`) it brings
# network-config's network up (network.sh up, deploy), provokes valid and invalid transactions of the
# rights chaincode with the `peer` CLI, fetches every block from a committing peer with qscc
# GetBlockByNumber, asks the peers what they accept of each identity, and takes the network down. In the
# Fabric CA pass it also sets up a root and an intermediate Fabric CA and a second channel `conformance`
# whose organisation ConformanceOrgMSP has that intermediate. Then manifest.json says what Fabric said
# about each file (see README.md beside this script).
# Needs: Fabric's binaries (FABRIC_BIN, else ../shared/fabric/install.sh beside the repository), Java 17,
# python3 (standard library only), openssl, and the chaincode, service and dpr jars built
# (mvn -B package -DskipTests). Uses network-config's ports (7050-9053, 9440-9450, 9999, 10054) and
# 7056-7059 for the extra CAs: nothing else may run a Fabric network on this machine meanwhile.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NET=$ROOT/network-config
OUT=${1:-$ROOT/fabric-kernel/src/test/resources/conformance}
CHANNEL=registry
CC=rights

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'make-corpus: %s\n' "$*" >&2; exit 1; }

if [[ -z ${FABRIC_BIN:-} ]]; then
  FABRIC_HOME=$("$ROOT/../shared/fabric/install.sh") || die "set FABRIC_BIN to Fabric 2.5's bin/ folder"
  FABRIC_BIN=$FABRIC_HOME/bin
fi
export FABRIC_BIN
for b in peer orderer configtxgen configtxlator osnadmin cryptogen fabric-ca-server fabric-ca-client; do
  [[ -x $FABRIC_BIN/$b ]] || die "$FABRIC_BIN/$b not found"
done
for t in java python3 openssl; do command -v "$t" > /dev/null || die "$t is required"; done
for j in chaincode/target/chaincode.jar cli/target/dpr.jar; do
  [[ -f $ROOT/$j ]] || die "$ROOT/$j not built: mvn -B package -DskipTests"
done
PEER=$FABRIC_BIN/peer
export FABRIC_CFG_PATH=$NET/config

WORK=$(mktemp -d)
ICA_PIDS=()
cleanup() {
  local pid
  for pid in "${ICA_PIDS[@]+"${ICA_PIDS[@]}"}"; do kill "$pid" 2> /dev/null || true; done
  (cd "$NET" && ./network.sh down > /dev/null 2>&1) || true
  if [[ -n ${KEEP_WORK:-} ]]; then echo "make-corpus: the work folder is kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
FACTS=$WORK/facts
mkdir -p "$FACTS"
rm -rf "$OUT"
mkdir -p "$OUT"

# ---- network-config's tables ----
org_msp() { awk -F'\t' -v o="$1" '$1 == o { print $2 }' "$NET/config/orgs.tsv"; }
org_domain() { awk -F'\t' -v o="$1" '$1 == o { print $3 }' "$NET/config/orgs.tsv"; }
org_kind() { awk -F'\t' -v o="$1" '$1 == o { print $4 }' "$NET/config/orgs.tsv"; }
org_dir() { echo "$NET/organizations/$(org_kind "$1")Organizations/$(org_domain "$1")"; }
peer_port() { awk -F'\t' -v o="$1" '$2 == "peer" && $3 == o { print $5; exit }' "$NET/config/nodes.tsv"; }
tls_ca() { ls "$(org_dir "$1")"/msp/tlscacerts/*.pem | head -n1; }
ORDERER=127.0.0.1:7050
user_msp() { echo "$(org_dir "$1")/users/$2@$(org_domain "$1")/msp"; }

# as ORG MSPDIR [MSPID]: the peer CLI signs as the identity of MSPDIR, talking to ORG's peer
as() {
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID=${3:-$(org_msp "$1")}
  export CORE_PEER_MSPCONFIGPATH=$2
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(tls_ca "$1")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$1")
}

# jsonl FILE KEY=VALUE...: appends one JSON object (values as strings) to a facts file
jsonl() {
  local file=$1
  shift
  python3 -c 'import json, sys; print(json.dumps(dict(a.split("=", 1) for a in sys.argv[1:])))' "$@" >> "$file"
}

# invoke MODE LABEL EXPECT ORG USER "PEERORG..." FUNCTION ARG...: peer chaincode invoke, endorsed by
# the peers of the listed organisations, waiting for the commit event; records what the CLI reported.
invoke() {
  local mode=$1 label=$2 expect=$3 org=$4 user=$5 peers=$6 fn=$7
  shift 7
  local args=() p out txid status ctor
  for p in $peers; do args+=(--peerAddresses "127.0.0.1:$(peer_port "$p")" --tlsRootCertFiles "$(tls_ca "$p")"); done
  ctor=$(python3 -c 'import json, sys; print(json.dumps({"function": sys.argv[1], "Args": sys.argv[2:]}))' "$fn" "$@")
  out=$(as "$org" "$(user_msp "$org" "$user")" && "$PEER" chaincode invoke -o "$ORDERER" --tls --cafile "$(tls_ca OrdererOrg)" \
    -C "$CHANNEL" -n "$CC" "${args[@]}" -c "$ctor" --waitForEvent --waitForEventTimeout 60s 2>&1) || true
  txid=$(sed -n 's/.*txid \[\([0-9a-f]*\)\].*/\1/p' <<< "$out" | head -n1)
  status=$(sed -n 's/.*committed with status (\([A-Z_]*\)).*/\1/p' <<< "$out" | head -n1)
  [[ -n $txid ]] || { printf '%s\n' "$out" >&2; die "$label: the peer CLI printed no transaction id"; }
  say "$mode $label: $txid $status (expected $expect)"
  # one file per transaction: the concurrent offers write at the same time
  jsonl "$FACTS/invoke-$mode-$label.json" mode="$mode" label="$label" expected="$expect" txId="$txid" cliStatus="$status" \
    creatorOrg="$org" creator="$user" endorsingOrgs="$peers" function="$fn" cliOutput="$(grep -E 'txid|status|Error|invoke' <<< "$out" | sed 's/^.*\] //' | tail -n 4)"
  LAST_OUT=$out
}

# party CERT...: the party ids the chaincode gives these certificates (<MSP id>::<subject, RFC 2253 as Java prints it>)
cat > "$WORK/Party.java" <<'JAVA'
import java.io.FileInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
public class Party {
    public static void main(String[] args) throws Exception {
        for (String f : args) {
            try (FileInputStream in = new FileInputStream(f)) {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                System.out.println(c.getSubjectX500Principal().getName());
            }
        }
    }
}
JAVA
subject() { java "$WORK/Party.java" "$@"; }

# probe MODE NAME ORG MSPDIR MSPID: what Fabric accepts of an identity, through its organisation's peer:
#   readers  qscc GetChainInfo (ACL /Channel/Application/Readers: admin, peer or client of the org)
#   writers  a proposal to the rights chaincode (ACL peer/Propose, /Channel/Application/Writers: admin or client)
#   admin    lifecycle queryinstalled (the peer's local MSP admins)
#   deliver  blocks from orderer0 (orderer's /Channel/Readers: for OrdererOrg identities)
probe() {
  local mode=$1 name=$2 org=$3 msp=$4 mspid=$5 channel=${6:-$CHANNEL} via=${7:-$3} r w a d
  local log
  log=$NET/run/logs/peer0-$(org_domain "$via" | cut -d. -f1).log
  local before olog=$NET/run/logs/orderer0.log obefore
  before=$(wc -l < "$log")
  obefore=$(wc -l < "$olog")
  r=$(as "$via" "$msp" "$mspid" && "$PEER" chaincode query -C "$channel" -n qscc -c "{\"Args\":[\"GetChainInfo\",\"$channel\"]}" -x 2>&1 > /dev/null) && r=accepted || r="denied: $(tail -n1 <<< "$r")"
  w=$(as "$via" "$msp" "$mspid" && "$PEER" chaincode query -C "$channel" -n "$CC" -c '{"Args":["getRegistryConfig"]}' 2>&1) && w=accepted ||
    { if [[ $w =~ access\ denied|[Pp]olicy|creator|signature|identity ]]; then w="denied: $(tail -n1 <<< "$w")"; else w="accepted (past the ACL; then: $(tail -n1 <<< "$w" | cut -c1-200))"; fi; }
  a=$(as "$via" "$msp" "$mspid" && "$PEER" lifecycle chaincode queryinstalled 2>&1 > /dev/null) && a=accepted || a="denied: $(tail -n1 <<< "$a")"
  d=$(as "$via" "$msp" "$mspid" && "$PEER" channel fetch newest "$WORK/fetch.block" -o "$ORDERER" --tls --cafile "$(tls_ca OrdererOrg)" -c "$channel" 2>&1) && d=accepted ||
    d="denied: $(tail -n1 <<< "$d")"
  sleep 0.3
  local peerlog
  peerlog=$(tail -n +"$((before + 1))" "$log" | grep -E 'WARN|ERRO' | sed 's/\x1b\[[0-9;]*m//g' | grep -iE 'identity|certif|principal|access|deserializ|valid' | cut -c1-400 | head -n 4 || true)
  local ordererlog
  ordererlog=$(tail -n +"$((obefore + 1))" "$olog" | grep -E 'WARN|ERRO' | sed 's/\x1b\[[0-9;]*m//g' | grep -iE 'identity|certif|principal|access|deserializ|valid|policy' | cut -c1-400 | head -n 4 || true)
  say "$mode probe $name: readers=${r%%:*} writers=${w%% *} admin=${a%%:*} deliver=${d%%:*}"
  jsonl "$FACTS/probes-$mode.jsonl" mode="$mode" name="$name" mspId="$mspid" channel="$channel" peer="$via" \
    readers="$r" writers="$w" admin="$a" deliver="$d" peerLog="$peerlog" ordererLog="$ordererlog"
}

# qscc FUNCTION ARG: the bytes qscc answers on the channel (--hex, since --raw adds a newline)
qscc() {
  "$PEER" chaincode query -C "$CHANNEL" -n qscc -c "{\"Args\":[\"$1\",\"$CHANNEL\",\"$2\"]}" --hex |
    python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))'
}

# keep MODE NAME FILE: copies a certificate (or key, or config.yaml) into the corpus under identities/MODE/
keep() {
  local dest=$OUT/identities/$1/$2
  mkdir -p "$(dirname "$dest")"
  cp "$3" "$dest"
}

# decode FILE TYPE: FILE.json beside FILE, from configtxlator
decode() { "$FABRIC_BIN/configtxlator" proto_decode --type "$2" --input "$1" --output "${1%.*}.json"; }

run_mode() {
  local mode=$1 up_opts=()
  [[ $mode == ca ]] && up_opts=(-ca)
  say "---- $mode: network.sh up ${up_opts[*]-}"
  (cd "$NET" && ./network.sh down > /dev/null 2>&1 && ./network.sh up "${up_opts[@]+"${up_opts[@]}"}" > "$WORK/up-$mode.log" 2>&1 &&
    ./network.sh deploy > "$WORK/deploy-$mode.log" 2>&1) || { tail -n 30 "$WORK"/*-"$mode".log >&2; die "the $mode network did not come up"; }

  # the genesis block configtxgen wrote, which the orderers and peers joined with
  mkdir -p "$OUT/config"
  cp "$NET/run/channel/$CHANNEL.block" "$OUT/config/$CHANNEL-genesis-$mode.block"
  decode "$OUT/config/$CHANNEL-genesis-$mode.block" common.Block

  # identities: CA certificates and NodeOU files of each organisation, one of each kind of node and user
  local org domain dir
  for org in OrdererOrg RegistryOrg ExchangeOrg JudiciaryOrg; do
    dir=$(org_dir "$org")
    domain=$(org_domain "$org")
    for f in "$dir"/msp/cacerts/*.pem; do keep "$mode" "$org/msp/cacerts/$(basename "$f")" "$f"; done
    for f in "$dir"/msp/tlscacerts/*.pem; do keep "$mode" "$org/msp/tlscacerts/$(basename "$f")" "$f"; done
    keep "$mode" "$org/msp/config.yaml" "$dir/msp/config.yaml"
    keep "$mode" "$org/Admin@$domain.pem" "$dir/users/Admin@$domain/msp/signcerts/$(ls "$dir/users/Admin@$domain/msp/signcerts" | head -n1)"
    if [[ $org == OrdererOrg ]]; then
      keep "$mode" "$org/orderer0.$domain.pem" "$dir/orderers/orderer0.$domain/msp/signcerts/$(ls "$dir/orderers/orderer0.$domain/msp/signcerts" | head -n1)"
      keep "$mode" "$org/orderer0.$domain.tls.pem" "$dir/orderers/orderer0.$domain/tls/server.crt"
      probe "$mode" "$org/orderer0.$domain.pem" "$org" "$dir/orderers/orderer0.$domain/msp" "$(org_msp "$org")" "$CHANNEL" RegistryOrg
      probe "$mode" "$org/Admin@$domain.pem" "$org" "$dir/users/Admin@$domain/msp" "$(org_msp "$org")" "$CHANNEL" RegistryOrg
    else
      keep "$mode" "$org/peer0.$domain.pem" "$dir/peers/peer0.$domain/msp/signcerts/$(ls "$dir/peers/peer0.$domain/msp/signcerts" | head -n1)"
      keep "$mode" "$org/peer0.$domain.tls.pem" "$dir/peers/peer0.$domain/tls/server.crt"
      probe "$mode" "$org/peer0.$domain.pem" "$org" "$dir/peers/peer0.$domain/msp" "$(org_msp "$org")"
      probe "$mode" "$org/Admin@$domain.pem" "$org" "$dir/users/Admin@$domain/msp" "$(org_msp "$org")"
    fi
  done
  local o u
  while IFS=$'\t' read -r o u _; do
    [[ -z $o || $o == \#* ]] && continue
    keep "$mode" "$o/$u@$(org_domain "$o").pem" "$(user_msp "$o" "$u")/signcerts/cert.pem"
    probe "$mode" "$o/$u@$(org_domain "$o").pem" "$o" "$(user_msp "$o" "$u")" "$(org_msp "$o")"
  done < "$NET/organizations/identities.tsv"
  # harmless test keys of two clients, so that signatures can be made for these certificates
  keep "$mode" "RegistryOrg/alice@registry.dpr.example.com.key.pem" "$(user_msp RegistryOrg alice)/keystore/priv_sk"
  keep "$mode" "ExchangeOrg/carol@exchange.dpr.example.com.key.pem" "$(user_msp ExchangeOrg carol)/keystore/priv_sk"

  # transactions of the rights chaincode
  local carol bank asset1 asset2 digest
  carol="ExchangeOrgMSP::$(subject "$(user_msp ExchangeOrg carol)/signcerts/cert.pem")"
  bank="ExchangeOrgMSP::$(subject "$(user_msp ExchangeOrg bank1)/signcerts/cert.pem")"
  description() {
    printf '{"title":"%s","industry":"logistics","classification":"GENERAL","format":"CSV","sizeBytes":1024,"recordCount":10,"sha256":"%s","region":"CN-44"}' \
      "$1" "$(printf '%s %s' "$1" "$mode" | sha256sum | cut -d' ' -f1)"
  }
  local expiry
  expiry=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
  digest=$(printf 'contract' | sha256sum | cut -d' ' -f1)
  invoke "$mode" register-valid VALID RegistryOrg alice "RegistryOrg ExchangeOrg" registerAsset "$(description "movements $mode")"
  asset1=$(sed -n 's/.*"id\\*":\\*"\(A-[0-9a-f]*\)\\*".*/\1/p' <<< "$LAST_OUT" | head -n1)
  [[ -n $asset1 ]] || { printf '%s\n' "$LAST_OUT" >&2; die "no asset id in the registration's answer"; }
  invoke "$mode" offer-valid VALID RegistryOrg alice "RegistryOrg JudiciaryOrg" offerTransfer "$asset1/RESOURCE_HOLDING" "$carol" "$digest" "$expiry"
  invoke "$mode" accept-valid VALID ExchangeOrg carol "RegistryOrg ExchangeOrg JudiciaryOrg" acceptTransfer "$asset1/RESOURCE_HOLDING"
  invoke "$mode" register-one-org ENDORSEMENT_POLICY_FAILURE RegistryOrg alice "RegistryOrg" registerAsset "$(description "one org $mode")"
  invoke "$mode" register-without-registry ENDORSEMENT_POLICY_FAILURE ExchangeOrg carol "ExchangeOrg JudiciaryOrg" registerAsset "$(description "no registry $mode")"
  invoke "$mode" register-second-asset VALID RegistryOrg alice "RegistryOrg ExchangeOrg" registerAsset "$(description "second $mode")"
  asset2=$(sed -n 's/.*"id\\*":\\*"\(A-[0-9a-f]*\)\\*".*/\1/p' <<< "$LAST_OUT" | head -n1)
  # two offers of one right endorsed on the same state, ordered into one block: the second one loses
  local n
  for n in 1 2; do
    (invoke "$mode" "concurrent-offer-$n" "VALID or MVCC_READ_CONFLICT" RegistryOrg alice "RegistryOrg ExchangeOrg" offerTransfer \
      "$asset2/RESOURCE_HOLDING" "$([[ $n == 1 ]] && echo "$carol" || echo "$bank")" "$digest" "$expiry") &
  done
  wait
  cat "$FACTS"/invoke-"$mode"-*.json > "$FACTS/invokes-$mode.jsonl"
  # the committed chaincode definition (its endorsement policy)
  as RegistryOrg "$(org_dir RegistryOrg)/users/Admin@registry.dpr.example.com/msp"
  "$PEER" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC" -O json > "$FACTS/committed-$mode.json"

  # every block, as the committing peer of RegistryOrg keeps it (qscc), and the chain info
  as RegistryOrg "$(user_msp RegistryOrg alice)"
  "$PEER" channel getinfo -c "$CHANNEL" 2> /dev/null | sed -n 's/^Blockchain info: //p' > "$FACTS/getinfo-$mode.json"
  local height i
  height=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["height"])' "$FACTS/getinfo-$mode.json")
  mkdir -p "$OUT/blocks/$mode"
  for ((i = 0; i < height; i++)); do
    qscc GetBlockByNumber "$i" > "$OUT/blocks/$mode/block-$i.block"
    decode "$OUT/blocks/$mode/block-$i.block" common.Block
  done
  # the ledger's own record of each invoked transaction's validation code (qscc GetTransactionByID)
  local tx
  for tx in $(python3 -c 'import json,sys; [print(json.loads(l)["txId"]) for l in open(sys.argv[1])]' "$FACTS/invokes-$mode.jsonl"); do
    qscc GetTransactionByID "$tx" > "$WORK/tx.pb"
    "$FABRIC_BIN/configtxlator" proto_decode --type protos.ProcessedTransaction --input "$WORK/tx.pb" |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"txId": sys.argv[1], "validationCode": d.get("validationCode", 0)}))' "$tx" \
      >> "$FACTS/processed-$mode.jsonl"
  done

  if [[ $mode == ca ]]; then
    double_orderer_ou
    intermediate_ca
  fi
  (cd "$NET" && ./network.sh down > /dev/null 2>&1)
}

# Issue 17's finding 4, kept as a negative sample: an orderer registered under an affiliation named
# "orderer" gets OU=orderer from its type and again from its affiliation, and Fabric's MSP refuses it.
double_orderer_ou() {
  local dir home c=$FABRIC_BIN/fabric-ca-client name=orderer9.orderer.dpr.example.com msp=$WORK/orderer9/msp
  dir=$(org_dir OrdererOrg)
  home=$NET/organizations/fabric-ca/orderer
  local tls=(--tls.certfiles "$home/tls-cert.pem")
  FABRIC_CA_CLIENT_HOME=$dir/registrar "$c" affiliation add orderer -u https://127.0.0.1:10054 --caname ca-orderer "${tls[@]}" > /dev/null 2>&1
  FABRIC_CA_CLIENT_HOME=$dir/registrar "$c" register -u https://127.0.0.1:10054 --caname ca-orderer "${tls[@]}" --id.name "$name" \
    --id.secret pw --id.type orderer --id.affiliation orderer > /dev/null 2>&1
  FABRIC_CA_CLIENT_HOME=$WORK/orderer9 "$c" enroll -u "https://$name:pw@127.0.0.1:10054" --caname ca-orderer "${tls[@]}" -M "$msp" > /dev/null 2>&1
  mv "$msp"/cacerts/*.pem "$WORK/ca.pem" && mv "$WORK/ca.pem" "$msp/cacerts/ca.pem"
  cp "$dir/msp/config.yaml" "$msp/config.yaml"
  keep ca "OrdererOrg/$name.pem" "$msp/signcerts/cert.pem"
  probe ca "OrdererOrg/$name.pem" OrdererOrg "$msp" OrdererOrgMSP "$CHANNEL" RegistryOrg
}

# A root Fabric CA and an intermediate enrolled from it (fabric-ca-server -u), identities from the
# intermediate (a peer, an admin, a client with a role) and one enrolled from the root directly; an
# organisation ConformanceOrgMSP of root + intermediate in a second channel `conformance`, joined by the
# orderers and RegistryOrg's peer, so that the peer says what its MSP accepts.
intermediate_ca() {
  local ica=$WORK/ica client=$FABRIC_BIN/fabric-ca-client
  mkdir -p "$ica/root" "$ica/intermediate"
  say "---- a root and an intermediate Fabric CA"
  FABRIC_CA_SERVER_HOME=$ica/root nohup "$FABRIC_BIN/fabric-ca-server" start -b admin:adminpw --address 127.0.0.1 -p 7056 \
    --operations.listenaddress 127.0.0.1:7058 --ca.name root-ca --csr.cn root.conformance.example.com \
    > "$ica/root.log" 2>&1 < /dev/null &
  ICA_PIDS+=("$!")
  wait_http 7056
  # an intermediate CA's CSR may not name a CN: the parent's enrollment gives it
  FABRIC_CA_SERVER_HOME=$ica/intermediate nohup "$FABRIC_BIN/fabric-ca-server" start -b admin:adminpw --address 127.0.0.1 -p 7057 \
    --operations.listenaddress 127.0.0.1:7059 --ca.name intermediate-ca \
    -u http://admin:adminpw@127.0.0.1:7056 --intermediate.parentserver.caname root-ca > "$ica/intermediate.log" 2>&1 < /dev/null &
  ICA_PIDS+=("$!")
  wait_http 7057
  local home=$ica/client
  "$client" enroll -u http://admin:adminpw@127.0.0.1:7057 --caname intermediate-ca -H "$home/registrar" > /dev/null 2>&1
  "$client" enroll -u http://admin:adminpw@127.0.0.1:7056 --caname root-ca -H "$home/root-registrar" > /dev/null 2>&1
  local id type attrs
  for id in peer0:peer admin0:admin court0:client; do
    type=${id#*:}
    attrs=""
    [[ $type == client ]] && attrs="role=court:ecert"
    "$client" register -u http://127.0.0.1:7057 --caname intermediate-ca -H "$home/registrar" --id.name "${id%%:*}" --id.secret pw \
      --id.type "$type" --id.affiliation org1.department1 ${attrs:+--id.attrs "$attrs"} > /dev/null 2>&1
    "$client" enroll -u "http://${id%%:*}:pw@127.0.0.1:7057" --caname intermediate-ca -M "$home/${id%%:*}/msp" > /dev/null 2>&1
  done
  "$client" register -u http://127.0.0.1:7056 --caname root-ca -H "$home/root-registrar" --id.name direct0 --id.secret pw \
    --id.type client --id.affiliation org1.department1 --id.attrs "role=court:ecert" > /dev/null 2>&1
  "$client" enroll -u http://direct0:pw@127.0.0.1:7056 --caname root-ca -M "$home/direct0/msp" > /dev/null 2>&1

  # the organisation's MSP: the root in cacerts, the intermediate in intermediatecerts, NodeOUs
  local msp=$ica/org/msp
  mkdir -p "$msp/cacerts" "$msp/intermediatecerts"
  cp "$ica/root/ca-cert.pem" "$msp/cacerts/root-ca.pem"
  cp "$ica/intermediate/ca-chain.pem" "$WORK/chain.pem"
  openssl x509 -in "$ica/intermediate/ca-cert.pem" -out "$msp/intermediatecerts/intermediate-ca.pem"
  # NodeOUs naming the intermediate, which issues the identities (Fabric matches an OU identifier's
  # certificate against the identity's issuing chain); ConformanceRootOrgMSP has the same CAs but names
  # the root, which Fabric refuses for identities the intermediate issued.
  nodeous() {
    local c=$1 k
    printf 'NodeOUs:\n  Enable: true\n'
    for k in Client:client Peer:peer Admin:admin Orderer:orderer; do
      printf '  %sOUIdentifier:\n    Certificate: %s\n    OrganizationalUnitIdentifier: %s\n' "${k%%:*}" "$c" "${k#*:}"
    done
  }
  nodeous intermediatecerts/intermediate-ca.pem > "$msp/config.yaml"
  local rootmsp=$ica/org-root/msp
  mkdir -p "$rootmsp"
  cp -r "$msp/cacerts" "$msp/intermediatecerts" "$rootmsp/"
  nodeous cacerts/root-ca.pem > "$rootmsp/config.yaml"
  local m=intermediate-ca
  keep "$m" "ConformanceOrg/msp/cacerts/root-ca.pem" "$msp/cacerts/root-ca.pem"
  keep "$m" "ConformanceOrg/msp/intermediatecerts/intermediate-ca.pem" "$msp/intermediatecerts/intermediate-ca.pem"
  keep "$m" "ConformanceOrg/msp/config.yaml" "$msp/config.yaml"
  keep "$m" "ConformanceRootOrg/msp/cacerts/root-ca.pem" "$rootmsp/cacerts/root-ca.pem"
  keep "$m" "ConformanceRootOrg/msp/intermediatecerts/intermediate-ca.pem" "$rootmsp/intermediatecerts/intermediate-ca.pem"
  keep "$m" "ConformanceRootOrg/msp/config.yaml" "$rootmsp/config.yaml"
  for id in peer0 admin0 court0 direct0; do
    keep "$m" "ConformanceOrg/$id.pem" "$(ls "$home/$id/msp/signcerts/"*.pem | head -n1)"
    # each identity signs with an MSP folder of the organisation's CAs plus its own certificate and key
    mkdir -p "$home/$id/msp/intermediatecerts"
    rm -f "$home/$id/msp/cacerts/"* "$home/$id/msp/intermediatecerts/"*
    cp "$msp/cacerts/root-ca.pem" "$home/$id/msp/cacerts/"
    cp "$msp/intermediatecerts/intermediate-ca.pem" "$home/$id/msp/intermediatecerts/"
    cp "$msp/config.yaml" "$home/$id/msp/config.yaml"   # the local MSP of the peer CLI signing as it
  done
  keep "$m" "ConformanceOrg/court0.key.pem" "$(ls "$home/court0/msp/keystore/"*_sk | head -n1)"

  # channel `conformance`: OrdererOrg orders, RegistryOrg and ConformanceOrg are its application organisations
  local cfg=$WORK/conformance-configtx
  mkdir -p "$cfg"
  local consenters="" o
  for o in 0 1 2; do
    local crt=$NET/organizations/ordererOrganizations/orderer.dpr.example.com/orderers/orderer$o.orderer.dpr.example.com/tls/server.crt
    consenters+="          - Host: 127.0.0.1
            Port: $((7050 + o * 1000))
            ClientTLSCert: $crt
            ServerTLSCert: $crt
"
  done
  cat > "$cfg/configtx.yaml" <<YAML
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererOrgMSP
    MSPDir: $NET/organizations/ordererOrganizations/orderer.dpr.example.com/msp
    Policies:
      Readers: { Type: Signature, Rule: "OR('OrdererOrgMSP.member')" }
      Writers: { Type: Signature, Rule: "OR('OrdererOrgMSP.member')" }
      Admins: { Type: Signature, Rule: "OR('OrdererOrgMSP.admin')" }
    OrdererEndpoints: [127.0.0.1:7050, 127.0.0.1:8050, 127.0.0.1:9050]
  - &RegistryOrg
    Name: RegistryOrg
    ID: RegistryOrgMSP
    MSPDir: $NET/organizations/peerOrganizations/registry.dpr.example.com/msp
    Policies:
      Readers: { Type: Signature, Rule: "OR('RegistryOrgMSP.admin', 'RegistryOrgMSP.peer', 'RegistryOrgMSP.client')" }
      Writers: { Type: Signature, Rule: "OR('RegistryOrgMSP.admin', 'RegistryOrgMSP.client')" }
      Admins: { Type: Signature, Rule: "OR('RegistryOrgMSP.admin')" }
      Endorsement: { Type: Signature, Rule: "OR('RegistryOrgMSP.peer')" }
  - &ConformanceOrg
    Name: ConformanceOrg
    ID: ConformanceOrgMSP
    MSPDir: $msp
    Policies:
      Readers: { Type: Signature, Rule: "OR('ConformanceOrgMSP.admin', 'ConformanceOrgMSP.peer', 'ConformanceOrgMSP.client')" }
      Writers: { Type: Signature, Rule: "OR('ConformanceOrgMSP.admin', 'ConformanceOrgMSP.client')" }
      Admins: { Type: Signature, Rule: "OR('ConformanceOrgMSP.admin')" }
      Endorsement: { Type: Signature, Rule: "OR('ConformanceOrgMSP.peer')" }
  - &ConformanceRootOrg
    Name: ConformanceRootOrg
    ID: ConformanceRootOrgMSP
    MSPDir: $rootmsp
    Policies:
      Readers: { Type: Signature, Rule: "OR('ConformanceRootOrgMSP.admin', 'ConformanceRootOrgMSP.peer', 'ConformanceRootOrgMSP.client')" }
      Writers: { Type: Signature, Rule: "OR('ConformanceRootOrgMSP.admin', 'ConformanceRootOrgMSP.client')" }
      Admins: { Type: Signature, Rule: "OR('ConformanceRootOrgMSP.admin')" }
      Endorsement: { Type: Signature, Rule: "OR('ConformanceRootOrgMSP.peer')" }
Profiles:
  ConformanceChannel:
    Policies:
      Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
      Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
      Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
    Capabilities: { V2_0: true }
    Orderer:
      OrdererType: etcdraft
      BatchTimeout: 2s
      BatchSize: { MaxMessageCount: 10, AbsoluteMaxBytes: 99 MB, PreferredMaxBytes: 512 KB }
      EtcdRaft:
        Consenters:
$consenters      Organizations: [*OrdererOrg]
      Policies:
        Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
        Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
        Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
        BlockValidation: { Type: ImplicitMeta, Rule: "ANY Writers" }
      Capabilities: { V2_0: true }
    Application:
      Organizations: [*RegistryOrg, *ConformanceOrg, *ConformanceRootOrg]
      Policies:
        Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
        Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
        Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
        LifecycleEndorsement: { Type: ImplicitMeta, Rule: "MAJORITY Endorsement" }
        Endorsement: { Type: Signature, Rule: "OR('RegistryOrgMSP.peer', 'ConformanceOrgMSP.peer')" }
      Capabilities: { V2_5: true }
YAML
  FABRIC_CFG_PATH=$cfg "$FABRIC_BIN/configtxgen" -configPath "$cfg" -profile ConformanceChannel -channelID conformance \
    -outputBlock "$OUT/config/conformance-genesis.block" 2> "$WORK/configtxgen-conformance.log" ||
    { cat "$WORK/configtxgen-conformance.log" >&2; die "configtxgen refused the conformance channel"; }
  decode "$OUT/config/conformance-genesis.block" common.Block
  local admin=$NET/organizations/ordererOrganizations/orderer.dpr.example.com/users/Admin@orderer.dpr.example.com/tls
  for o in 7053 8053 9053; do
    "$FABRIC_BIN/osnadmin" channel join --channelID conformance --config-block "$OUT/config/conformance-genesis.block" \
      -o "127.0.0.1:$o" --ca-file "$(tls_ca OrdererOrg)" --client-cert "$admin/client.crt" --client-key "$admin/client.key" |
      grep -q '^Status: 201' || die "orderer :$o did not join conformance"
  done
  sleep 5
  as RegistryOrg "$(org_dir RegistryOrg)/users/Admin@registry.dpr.example.com/msp"
  local i
  for ((i = 0; i < 10; i++)); do
    "$PEER" channel join -b "$OUT/config/conformance-genesis.block" > /dev/null 2>&1 && break
    sleep 2
  done
  for ((i = 0; i < 15; i++)); do
    "$PEER" channel getinfo -c conformance > /dev/null 2>&1 && break
    sleep 1
  done
  for id in peer0 admin0 court0 direct0; do
    probe "$m" "ConformanceOrg/$id.pem" ConformanceOrg "$home/$id/msp" ConformanceOrgMSP conformance RegistryOrg
    probe "$m" "ConformanceOrg/$id.pem@ConformanceRootOrgMSP" ConformanceOrg "$home/$id/msp" ConformanceRootOrgMSP conformance RegistryOrg
  done
}

wait_http() {
  local i
  for ((i = 0; i < 60; i++)); do
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
    sleep 0.5
  done
  tail -n 5 "$WORK"/ica/*.log >&2 || true
  die "nothing listens on 127.0.0.1:$1"
}

# manifest OUT FACTS NETWORK_DIR PARTY_JAVA: writes OUT/manifest.json (Python, standard library only)
manifest() {
  python3 - "$@" <<'PY'
# The manifest: what Fabric said about each file of the corpus. Standard library only.
import base64, glob, hashlib, json, os, re, subprocess, sys

out, facts, net, party_java = sys.argv[1:5]

TX_CODES = {0: "VALID", 1: "NIL_ENVELOPE", 2: "BAD_PAYLOAD", 3: "BAD_COMMON_HEADER", 4: "BAD_CREATOR_SIGNATURE",
            5: "INVALID_ENDORSER_TRANSACTION", 6: "INVALID_CONFIG_TRANSACTION", 7: "UNSUPPORTED_TX_PAYLOAD",
            8: "BAD_PROPOSAL_TXID", 9: "DUPLICATE_TXID", 10: "ENDORSEMENT_POLICY_FAILURE", 11: "MVCC_READ_CONFLICT",
            12: "PHANTOM_READ_CONFLICT", 13: "UNKNOWN_TX_TYPE", 14: "TARGET_CHAIN_NOT_FOUND", 15: "MARSHAL_TX_ERROR",
            16: "NIL_TXACTION", 17: "EXPIRED_CHAINCODE", 18: "CHAINCODE_VERSION_CONFLICT", 19: "BAD_HEADER_EXTENSION",
            20: "BAD_CHANNEL_HEADER", 21: "BAD_RESPONSE_PAYLOAD", 22: "BAD_RWSET", 23: "ILLEGAL_WRITESET",
            24: "INVALID_WRITESET", 25: "INVALID_CHAINCODE", 254: "NOT_VALIDATED", 255: "INVALID_OTHER_REASON"}
HEADER_TYPES = {0: "MESSAGE", 1: "CONFIG", 2: "CONFIG_UPDATE", 3: "ENDORSER_TRANSACTION", 4: "ORDERER_TRANSACTION",
                5: "DELIVER_SEEK_INFO", 6: "CHAINCODE_PACKAGE"}
MSP_ROLES = {0: "member", 1: "admin", 2: "client", 3: "peer", 4: "orderer"}


# ---- protobuf, read by field number (the schemas are Fabric's fabric-protos) ----
def varint(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return n, i


def fields(b):
    """{field number: [values]}; length-delimited values as bytes, varints as int."""
    f, i = {}, 0
    while i < len(b):
        key, i = varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wt)
        f.setdefault(num, []).append(v)
    return f


def one(f, n, default=b""):
    return f.get(n, [default])[0]


# ---- DER ----
def der_len(n):
    if n < 0x80:
        return bytes([n])
    s = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(s)]) + s


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_uint(n):
    s = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    if s[0] & 0x80:
        s = b"\0" + s
    return der(0x02, s)


def header_hash(number, previous, data_hash):
    """protoutil.BlockHeaderHash: SHA-256 of DER SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }."""
    return hashlib.sha256(der(0x30, der_uint(number) + der(0x04, previous) + der(0x04, data_hash))).digest()


def tlv(b, i):
    tag = b[i]
    n = b[i + 1]
    j = i + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[j:j + k], "big")
        j += k
    return tag, b[j:j + n], j + n


def children(b):
    i, items = 0, []
    while i < len(b):
        tag, v, i = tlv(b, i)
        items.append((tag, v))
    return items


OIDS = {"2.5.4.3": "CN", "2.5.4.11": "OU", "2.5.4.10": "O", "2.5.4.6": "C", "2.5.4.8": "ST", "2.5.4.7": "L",
        "2.5.4.9": "STREET", "2.5.4.17": "postalCode", "2.5.4.5": "serialNumber"}


def oid(b):
    first = b[0]
    parts, n = [first // 40, first % 40], 0
    for c in b[1:]:
        n = (n << 7) | (c & 0x7F)
        if c < 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


def name(b):
    """An X.509 Name in DER order: a list of RDNs, each a list of {type, value} (several for a multi-valued RDN)."""
    rdns = []
    for _, rdn in children(b):
        attrs = []
        for _, atv in children(rdn):
            (_, t), (_, v) = children(atv)
            attrs.append({"type": OIDS.get(oid(t), oid(t)), "value": v.decode("utf-8", "replace")})
        rdns.append(attrs)
    return rdns


def certificate(pem_text):
    body = "".join(l for l in pem_text.splitlines() if l and not l.startswith("-----"))
    raw = base64.b64decode(body)
    tbs = children(children(raw)[0][1])[0][1]
    items = children(tbs)
    k = 1 if items[0][0] == 0xA0 else 0  # [0] version
    serial = int.from_bytes(items[k][1], "big")
    issuer, validity, subject = items[k + 2][1], items[k + 3][1], items[k + 4][1]
    not_before, not_after = [v.decode() for _, v in children(validity)]
    ext = {}
    for tag, v in items[k + 6:]:
        if tag == 0xA3:
            for _, e in children(children(v)[0][1]):
                parts = children(e)
                ext[oid(parts[0][1])] = parts[-1][1]
    is_ca = False
    if "2.5.29.19" in ext:
        bc = children(ext["2.5.29.19"])
        bc = children(bc[0][1]) if bc and bc[0][0] == 0x30 else bc
        is_ca = any(t == 0x01 and v == b"\xff" for t, v in bc)
    attrs = None
    if "1.2.3.4.5.6.7.8.1" in ext:
        attrs = json.loads(ext["1.2.3.4.5.6.7.8.1"].decode()).get("attrs")
    ski = ext.get("2.5.29.14")
    return {"der": raw, "subjectDer": subject, "issuerDer": issuer, "serial": format(serial, "x"), "subject": name(subject), "issuer": name(issuer),
            "notBefore": not_before, "notAfter": not_after, "isCA": is_ca, "attrs": attrs,
            "subjectKeyId": children(ski)[0][1].hex() if ski else None, "sha256": hashlib.sha256(raw).hexdigest()}


def ous(cert):
    return [a["value"] for rdn in cert["subject"] for a in rdn if a["type"] == "OU"]


def node_ou_config(path):
    """NodeOUs of an MSP config.yaml (the simple layout crypto.sh and cryptogen write), or None."""
    if not os.path.exists(path):
        return None
    text = open(path).read()
    if not re.search(r"Enable:\s*true", text):
        return None
    found = {}
    for kind in ("Client", "Peer", "Admin", "Orderer"):
        m = re.search(kind + r"OUIdentifier:\s*\n\s*Certificate:\s*(\S+)\s*\n\s*OrganizationalUnitIdentifier:\s*(\S+)", text)
        if m:
            found[kind.lower()] = {"certificate": m.group(1), "organizationalUnitIdentifier": m.group(2)}
    return found


def classify(cert, config, msp_dir=None):
    """Fabric's NodeOU rule (msp/mspimplvalidate.go): exactly one of the NodeOU identifiers among the OUs,
    and that identifier's Certificate must be the CA that issued the identity (its certifiersIdentifier)."""
    if msp_dir and os.path.isdir(msp_dir):
        cas = [certificate(open(f).read()) for d in ("cacerts", "intermediatecerts")
               for f in sorted(glob.glob(os.path.join(msp_dir, d, "*.pem")))]
        issuer = [c for c in cas if c["subjectDer"] == cert["issuerDer"]]
        if not issuer:
            return {"nodeOU": None, "valid": False, "reason": "not issued by a CA of the MSP (Fabric: certificate signed by unknown authority)"}
        if any(c["issuerDer"] == issuer[0]["subjectDer"] and c["subjectDer"] != c["issuerDer"] for c in cas):
            return {"nodeOU": None, "valid": False, "reason": "issued by a CA of the MSP that issued another of its CAs (Fabric: invalid "
                    "validation chain. Parent certificate should be a leaf of the certification tree)"}
    if config is None:
        return {"nodeOU": None, "valid": None, "reason": "no NodeOUs in the MSP"}
    # one hit per OU value: OU=orderer twice is two hits, which Fabric refuses as a combination
    hits = [k for ou in ous(cert) for k, v in config.items() if v["organizationalUnitIdentifier"] == ou]
    if len(hits) == 1:
        named = config[hits[0]]["certificate"]
        path = os.path.join(msp_dir, named) if msp_dir else None
        if path and os.path.exists(path):
            issuer_of_ou = certificate(open(path).read())
            if issuer_of_ou["subjectDer"] != cert["issuerDer"]:
                return {"nodeOU": hits[0], "valid": False, "reason": "the OU identifier names %s, which did not issue the identity "
                        "(Fabric: certifiersIdentifier does not match)" % named}
        return {"nodeOU": hits[0], "valid": True, "reason": "exactly one NodeOU identifier among the OUs, its certificate %s "
                "issued the identity" % named}
    if not hits:
        return {"nodeOU": None, "valid": False, "reason": "no NodeOU identifier among the OUs"}
    return {"nodeOU": None, "valid": False, "reason": "NodeOU identifiers %s among the OUs, one per OU value (Fabric: the "
            "identity must have a client, a peer, an orderer, or an admin OU role to be valid, not a combination of them)" % hits}


def jsonl(path):
    return [json.loads(l) for l in open(path)] if os.path.exists(path) else []


# ---- policies ----
def signature_policy(b):
    env = fields(b)
    ids = []
    for p in env.get(3, []):
        pf = fields(p)
        cls = one(pf, 1, 0)
        if cls == 0:
            role = fields(one(pf, 2))
            ids.append({"mspId": one(role, 1).decode(), "role": MSP_ROLES.get(one(role, 2, 0), one(role, 2, 0))})
        else:
            ids.append({"classification": cls, "principal": base64.b64encode(one(pf, 2)).decode()})

    def rule(rb):
        rf = fields(rb)
        if 1 in rf:
            return {"signedBy": rf[1][0], "principal": ids[rf[1][0]]}
        nf = fields(one(rf, 2))
        return {"nOutOf": one(nf, 1, 0), "rules": [rule(r) for r in nf.get(2, [])]}

    return {"version": one(env, 1, 0), "rule": rule(one(env, 2)), "identities": ids}


# ---- identities ----
subjects = {}


def java_subjects(files):
    if files:
        lines = subprocess.run(["java", party_java] + files, check=True, capture_output=True, text=True).stdout.splitlines()
        subjects.update(zip(files, lines))


probes = {}
for path in glob.glob(os.path.join(facts, "probes-*.jsonl")):
    for p in jsonl(path):
        probes[(p["mode"], p["name"])] = p

identity_files = sorted(f for f in glob.glob(os.path.join(out, "identities", "**", "*.pem"), recursive=True)
                        if not f.endswith(".key.pem"))
java_subjects(identity_files)
identities, by_der = [], {}
for f in identity_files:
    rel = os.path.relpath(f, out)
    network, org = rel.split(os.sep)[1:3]
    cert = certificate(open(f).read())
    org_msp = os.path.join(out, "identities", network, org, "msp")
    mspid = org + "MSP"
    kind = ("tlsca" if "/tlscacerts/" in rel else "ca" if "/cacerts/" in rel else "intermediate-ca" if "/intermediatecerts/" in rel
            else "tls" if rel.endswith(".tls.pem") else "signing")
    entry = {"file": rel, "network": network, "mspId": mspid, "kind": kind, "subject": cert["subject"],
             "subjectJava": subjects.get(f), "issuer": cert["issuer"], "serial": cert["serial"], "isCA": cert["isCA"],
             "notBefore": cert["notBefore"], "notAfter": cert["notAfter"], "sha256": cert["sha256"],
             "subjectKeyId": cert["subjectKeyId"], "organizationalUnits": ous(cert),
             "multiValuedOuRdn": any(len(r) > 1 for r in cert["subject"]), "attrs": cert["attrs"]}
    if kind == "signing":
        entry["party"] = mspid + "::" + (subjects.get(f) or "")
        entry["nodeOUClassification"] = classify(cert, node_ou_config(os.path.join(org_msp, "config.yaml")), org_msp)
        short = rel.split(os.sep, 2)[2]
        p = probes.get((network, short))
        if p:
            entry["fabricSaid"] = {k: p.get(k) for k in ("mspId", "channel", "peer", "readers", "writers", "admin", "deliver", "peerLog", "ordererLog")}
            entry["mspAccepts"] = any(p[k].startswith("accepted") for k in ("readers", "deliver"))
        for (m, n), other in sorted(probes.items()):
            if m == network and n.startswith(short + "@"):
                other_msp = os.path.join(out, "identities", network, other["mspId"][:-3], "msp")
                entry.setdefault("asAnotherMsp", []).append({
                    "mspId": other["mspId"],
                    "nodeOUClassification": classify(cert, node_ou_config(os.path.join(other_msp, "config.yaml")), other_msp),
                    "fabricSaid": {k: other.get(k) for k in ("channel", "peer", "readers", "writers", "admin", "deliver", "peerLog", "ordererLog")},
                    "mspAccepts": any(other[k].startswith("accepted") for k in ("readers", "deliver"))})
        key = f[:-4] + ".key.pem"
        if os.path.exists(key):
            entry["testKey"] = os.path.relpath(key, out)
    identities.append(entry)
    by_der[(network, cert["der"])] = rel


def identity_of(network, serialized):
    sf = fields(serialized)
    msp, pem = one(sf, 1).decode(), one(sf, 2).decode()
    cert = certificate(pem)
    hit = by_der.get((network, cert["der"]))
    classification = None
    msp_dir = os.path.join(out, "identities", network, msp[:-3], "msp")
    classification = classify(cert, node_ou_config(os.path.join(msp_dir, "config.yaml")), msp_dir)["nodeOU"]
    return {"mspId": msp, "subject": cert["subject"], "nodeOU": classification, "file": hit, "certificateSha256": cert["sha256"]}


# ---- blocks ----
invokes = {}
processed = {}
MODES = [m for m in ("cryptogen", "ca") if os.path.exists(os.path.join(facts, "getinfo-%s.json" % m))]
for mode in MODES:
    for i in jsonl(os.path.join(facts, "invokes-%s.jsonl" % mode)):
        invokes[i["txId"]] = i
    for p in jsonl(os.path.join(facts, "processed-%s.jsonl" % mode)):
        code = p["validationCode"]
        processed[p["txId"]] = code if isinstance(code, int) else {v: k for k, v in TX_CODES.items()}.get(code, code)


def block_entry(path, network):
    raw = open(path, "rb").read()
    bf = fields(raw)
    hf, df, mf = fields(one(bf, 1)), fields(one(bf, 2)), fields(one(bf, 3))
    number, previous, data_hash = one(hf, 1, 0), one(hf, 2), one(hf, 3)
    data = df.get(1, [])
    metadata = mf.get(1, [])
    flt = metadata[2] if len(metadata) > 2 else b""
    entry = {"file": os.path.relpath(path, out), "json": os.path.relpath(path[:-6] + ".json", out), "network": network,
             "number": number, "previousHash": previous.hex(), "dataHash": data_hash.hex(),
             "dataHashRecomputed": hashlib.sha256(b"".join(data)).hexdigest(),
             "headerHashRecomputed": header_hash(number, previous, data_hash).hex(),
             "transactionsFilter": list(flt), "metadataSlots": len(metadata)}
    sigs = []
    if metadata:
        for s in fields(metadata[0]).get(2, []):
            sh = fields(one(fields(s), 1))
            if one(sh, 1):
                sigs.append(identity_of(network, one(sh, 1)))
    entry["ordererSignatures"] = sigs
    txs = []
    for idx, env in enumerate(data):
        payload = fields(one(fields(env), 1))
        header = fields(one(payload, 1))
        ch = fields(one(header, 1))
        sh = fields(one(header, 2))
        tx = {"index": idx, "type": HEADER_TYPES.get(one(ch, 1, 0), one(ch, 1, 0)), "txId": one(ch, 5).decode(),
              "channel": one(ch, 4).decode(), "creator": identity_of(network, one(sh, 1)) if one(sh, 1) else None}
        if idx < len(flt):
            tx["validationCode"] = flt[idx]
            tx["validationCodeName"] = TX_CODES.get(flt[idx], str(flt[idx]))
        if tx["type"] == "ENDORSER_TRANSACTION":
            actions = fields(one(payload, 2)).get(1, [])
            cap = fields(one(fields(actions[0]), 2))
            cea = fields(one(cap, 2))
            prp = fields(one(cea, 1))
            cca = fields(one(prp, 2))
            ccid = fields(one(cca, 4))
            resp = fields(one(cca, 3))
            tx["chaincode"] = {"name": one(ccid, 2).decode(), "version": one(ccid, 3).decode()}
            tx["response"] = {"status": one(resp, 1, 0), "message": one(resp, 2).decode("utf-8", "replace")}
            tx["endorsers"] = [identity_of(network, one(fields(e), 1)) for e in cea.get(2, [])]
        inv = invokes.get(tx["txId"])
        if inv:
            tx["provoked"] = {"label": inv["label"], "expected": inv["expected"], "function": inv["function"],
                              "endorsingOrganisations": inv["endorsingOrgs"].split(), "peerCliSaid": inv["cliOutput"],
                              "peerCliStatus": inv["cliStatus"]}
        if tx["txId"] in processed:
            code = processed[tx["txId"]]
            tx["getTransactionByID"] = {"validationCode": code, "validationCodeName": TX_CODES.get(code, str(code))}
        txs.append(tx)
    entry["transactions"] = txs
    return entry


blocks = []
networks = {}
for mode in MODES:
    files = sorted(glob.glob(os.path.join(out, "blocks", mode, "block-*.block")), key=lambda p: int(re.findall(r"(\d+)\.block$", p)[0]))
    entries = [block_entry(f, mode) for f in files]
    info = json.load(open(os.path.join(facts, "getinfo-%s.json" % mode)))
    current = base64.b64decode(info["currentBlockHash"]).hex()
    for i, e in enumerate(entries):
        if i + 1 < len(entries):
            e["headerHash"] = entries[i + 1]["previousHash"]
            e["headerHashFrom"] = "previous_hash of block %d (written by the orderer)" % (i + 1)
        else:
            e["headerHash"] = current
            e["headerHashFrom"] = "currentBlockHash of peer channel getinfo (qscc GetChainInfo)"
        assert e["headerHash"] == e["headerHashRecomputed"], (e["file"], e["headerHash"], e["headerHashRecomputed"])
        assert e["dataHash"] == e["dataHashRecomputed"], e["file"]
    blocks.extend(entries)
    committed = json.load(open(os.path.join(facts, "committed-%s.json" % mode)))
    vp = committed.get("validation_parameter") or committed.get("validationParameter")
    policy = None
    if vp:
        ap = fields(base64.b64decode(vp))
        policy = signature_policy(one(ap, 1)) if 1 in ap else {"channelConfigPolicyReference": one(ap, 2).decode()}
    cfg = dict(l.split("=", 1) for l in open(os.path.join(net, "network.config")) if re.match(r"^[A-Z_]+=", l))
    networks[mode] = {"channel": "registry", "height": info["height"], "currentBlockHash": current,
                      "chaincode": {"name": "rights", "sequence": committed.get("sequence"), "version": committed.get("version"),
                                    "endorsementPlugin": committed.get("endorsement_plugin"),
                                    "validationPlugin": committed.get("validation_plugin"),
                                    "endorsementPolicy": cfg["ENDORSEMENT_POLICY"].strip().strip('"'),
                                    "validationParameter": vp, "validationParameterDecoded": policy},
                      "genesisBlock": "config/registry-genesis-%s.block" % mode}

config_blocks = []
for f in sorted(glob.glob(os.path.join(out, "config", "*.block"))):
    raw = open(f, "rb").read()
    hf = fields(one(fields(raw), 1))
    df = fields(one(fields(raw), 2))
    number, previous, data_hash = one(hf, 1, 0), one(hf, 2), one(hf, 3)
    assert hashlib.sha256(b"".join(df.get(1, []))).digest() == data_hash
    entry = {"file": os.path.relpath(f, out), "json": os.path.relpath(f[:-6] + ".json", out), "number": number,
             "dataHash": data_hash.hex(), "headerHash": header_hash(number, previous, data_hash).hex(),
             "madeBy": "configtxgen -outputBlock"}
    name = os.path.basename(f)
    if name.startswith("registry-genesis-"):
        mode = name[len("registry-genesis-"):-6]
        fetched = next(b for b in blocks if b["network"] == mode and b["number"] == 0)
        entry.update({"channel": "registry", "profile": "RegistryChannel (network-config/configtx/configtx.yaml)", "network": mode,
                      "sameDataAsBlock0": fetched["dataHash"] == entry["dataHash"], "headerHashFrom": fetched["headerHashFrom"]})
        assert entry["headerHash"] == fetched["headerHash"]
    else:
        entry.update({"channel": "conformance", "profile": "ConformanceChannel (written by make-corpus.sh)", "network": "ca",
                      "headerHashFrom": "recomputed only (the channel had no second block)",
                      "joinedBy": "orderer0-2 (osnadmin 201) and peer0.registry"})
    config_blocks.append(entry)

# the script's model of Fabric's MSP rules must agree with what Fabric answered
disagree = []
for e in identities:
    checks = ([(e["nodeOUClassification"], e["mspAccepts"], e["mspId"])] if "mspAccepts" in e else []) + \
        [(a["nodeOUClassification"], a["mspAccepts"], a["mspId"]) for a in e.get("asAnotherMsp", [])]
    for c, accepted, m in checks:
        if c["valid"] is not accepted:
            disagree.append("%s as %s: computed %s, Fabric %s" % (e["file"], m, c, "accepted" if accepted else "refused"))
if disagree:
    sys.exit("the NodeOU/chain model disagrees with Fabric:\n  " + "\n  ".join(disagree))

versions = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(facts, "versions.tsv")))
manifest = {
    "about": "A conformance corpus made by real Hyperledger Fabric with fabric-kernel/conformance/make-corpus.sh; see README.md there.",
    "versions": versions,
    "txValidationCodes": {str(k): v for k, v in sorted(TX_CODES.items())},
    "networks": networks,
    "configBlocks": config_blocks,
    "blocks": blocks,
    "identities": identities,
}
with open(os.path.join(out, "manifest.json"), "w") as fh:
    json.dump(manifest, fh, indent=1, sort_keys=False)
    fh.write("\n")
print("manifest: %d config blocks, %d blocks, %d identities" % (len(config_blocks), len(blocks), len(identities)))
PY
}

# CORPUS_MODES: which passes to run (both for a corpus; one while changing this script)
for mode in ${CORPUS_MODES:-cryptogen ca}; do run_mode "$mode"; done

# ---- versions, then the manifest ----
{
  printf 'peer\t%s\n' "$("$PEER" version | sed -n 's/^ *Version: //p' | head -n1)"
  printf 'fabric-ca-server\t%s\n' "$("$FABRIC_BIN/fabric-ca-server" version | sed -n 's/^ *Version: //p' | head -n1)"
  printf 'configtxgen\t%s\n' "$("$FABRIC_BIN/configtxgen" -version | sed -n 's/^ *Version: //p' | head -n1)"
} > "$FACTS/versions.tsv"
manifest "$OUT" "$FACTS" "$NET" "$WORK/Party.java"
say "corpus written to $OUT ($(du -sh "$OUT" | cut -f1))"
