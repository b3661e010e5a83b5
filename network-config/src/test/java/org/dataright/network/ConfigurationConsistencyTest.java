package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs always: every configuration file parses, and organisation names, MSP ids, host names, ports
 * and paths agree across configtx.yaml, crypto-config.yaml, the CA configurations, the Compose files,
 * the port table (config/nodes.tsv), core.yaml/orderer.yaml and the scripts.
 */
class ConfigurationConsistencyTest {
    private static final Path DIR = Network.DIR;
    private static final Set<String> ROLES =
            Set.of("enterprise", "exchange", "notary", "court", "bank", "regulator", "registrar");
    /** The OrganizationalUnitIdentifiers of the NodeOUs in crypto.sh's config.yaml. */
    private static final Set<String> NODE_OUS = Set.of("client", "peer", "admin", "orderer");
    /** The role column's value for a client without a role. */
    private static final String NO_ROLE = "-";

    @Test
    void everyYamlAndJsonFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DIR)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !DIR.relativize(p).startsWith("target") && !DIR.relativize(p).startsWith("run"))
                    .filter(p -> !DIR.relativize(p).startsWith("organizations/peerOrganizations")
                            && !DIR.relativize(p).startsWith("organizations/ordererOrganizations"))
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(11);
        for (Path f : files) {
            Object doc = yaml(f);
            assertThat(doc).as("%s parses to a mapping", DIR.relativize(f)).isInstanceOf(Map.class);
        }
    }

    @Test
    void everyPortIsDistinctAndEveryNodeKnowsItsOrganisation() {
        Map<Integer, String> owners = new HashMap<>();
        Set<String> orgNames = new TreeSet<>();
        Network.orgs().forEach(o -> orgNames.add(o.name()));
        for (Node n : Network.nodes()) {
            for (Integer port : new Integer[] {n.port(), n.port2(), n.opsPort()}) {
                if (port != null) {
                    String before = owners.put(port, n.name());
                    assertThat(before).as("port %d is used by %s and %s", port, before, n.name()).isNull();
                    assertThat(port).isBetween(1024, 65535);
                }
            }
            if (!n.kind().equals("chaincode")) {
                assertThat(orgNames).as("organisation of %s", n.name()).contains(n.org());
            }
        }
        assertThat(Network.nodes("orderer")).as("three Raft orderers").hasSize(3);
        for (Org org : Network.orgs()) {
            long cas = Network.nodes("ca").stream().filter(n -> n.org().equals(org.name()) && n.name().equals(org.ca())).count();
            assertThat(cas).as("CA %s of %s in the port table", org.ca(), org.name()).isEqualTo(1);
            if (org.kind().equals("peer")) {
                assertThat(Network.nodes("peer")).as("a peer of %s", org.name()).anyMatch(n -> n.org().equals(org.name()));
            }
        }
        assertThat(Network.nodes("chaincode")).hasSize(1);
    }

    @Test
    void configtxNamesTheOrganisationsAndNodesOfTheTables() {
        Map<String, Object> configtx = map(yaml(DIR.resolve("configtx/configtx.yaml")));
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object o : list(configtx.get("Organizations"))) {
            byName.put((String) map(o).get("Name"), map(o));
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(Network.orgs().stream().map(Org::name).toList());
        for (Org org : Network.orgs()) {
            Map<String, Object> def = byName.get(org.name());
            assertThat(def.get("ID")).as("MSP id of %s", org.name()).isEqualTo(org.mspId());
            assertThat(def.get("MSPDir")).isEqualTo("../organizations/" + org.kind() + "Organizations/" + org.domain() + "/msp");
            for (Map.Entry<String, Object> policy : map(def.get("Policies")).entrySet()) {
                String rule = (String) map(policy.getValue()).get("Rule");
                assertThat(mspIdsIn(rule)).as("%s policy %s", org.name(), policy.getKey()).containsOnly(org.mspId());
            }
            if (org.kind().equals("peer")) {
                List<Object> anchors = list(def.get("AnchorPeers"));
                List<String> expected = Network.nodes("peer").stream().filter(n -> n.org().equals(org.name()))
                        .map(n -> "127.0.0.1:" + n.port()).toList();
                assertThat(anchors.stream().map(a -> map(a).get("Host") + ":" + map(a).get("Port")).toList())
                        .as("anchor peers of %s", org.name()).containsExactlyElementsOf(expected);
            } else {
                assertThat(list(def.get("OrdererEndpoints"))).containsExactlyElementsOf(
                        Network.nodes("orderer").stream().map(n -> "127.0.0.1:" + n.port()).toList());
            }
        }

        Map<String, Object> profile = map(map(configtx.get("Profiles")).get("RegistryChannel"));
        Map<String, Object> orderer = map(profile.get("Orderer"));
        assertThat(orderer.get("OrdererType")).isEqualTo("etcdraft");
        assertThat(list(orderer.get("Organizations")).stream().map(o -> map(o).get("Name")).toList())
                .containsExactly("OrdererOrg");
        List<Object> consenters = list(map(orderer.get("EtcdRaft")).get("Consenters"));
        Org ordererOrg = Network.orgs().stream().filter(o -> o.kind().equals("orderer")).findFirst().orElseThrow();
        assertThat(consenters).hasSize(Network.nodes("orderer").size());
        for (int i = 0; i < consenters.size(); i++) {
            Map<String, Object> c = map(consenters.get(i));
            Node node = Network.nodes("orderer").get(i);
            assertThat(c.get("Host") + ":" + c.get("Port")).isEqualTo("127.0.0.1:" + node.port());
            String tls = "../organizations/ordererOrganizations/" + ordererOrg.domain() + "/orderers/" + node.host() + "/tls/server.crt";
            assertThat(c.get("ClientTLSCert")).isEqualTo(tls);
            assertThat(c.get("ServerTLSCert")).isEqualTo(tls);
        }
        Map<String, Object> application = map(profile.get("Application"));
        assertThat(list(application.get("Organizations")).stream().map(o -> map(o).get("Name")).toList())
                .containsExactlyInAnyOrderElementsOf(Network.orgs().stream().filter(o -> o.kind().equals("peer")).map(Org::name).toList());
        assertThat(map(profile.get("Capabilities")).get("V2_0")).isEqualTo(true);
        assertThat(map(application.get("Capabilities")).get("V2_5")).isEqualTo(true);
    }

    @Test
    void theEndorsementPolicyNeedsTheRegistryOperatorAndIsTheSameEverywhere() {
        String policy = Network.settings().get("ENDORSEMENT_POLICY");
        assertThat(policy).isEqualTo("AND('RegistryOrgMSP.peer',OR('ExchangeOrgMSP.peer','JudiciaryOrgMSP.peer'))");
        Map<String, Object> configtx = map(yaml(DIR.resolve("configtx/configtx.yaml")));
        Map<String, Object> appPolicies = map(map(configtx.get("Application")).get("Policies"));
        assertThat(map(appPolicies.get("Endorsement")).get("Rule")).isEqualTo(policy);
        assertThat(map(appPolicies.get("Endorsement")).get("Type")).isEqualTo("Signature");
        assertThat(map(appPolicies.get("LifecycleEndorsement")).get("Rule")).isEqualTo("MAJORITY Endorsement");
        Set<String> known = new TreeSet<>();
        Network.orgs().forEach(o -> known.add(o.mspId()));
        assertThat(known).containsAll(mspIdsIn(policy));
    }

    @Test
    void cryptogenMakesEveryOrganisationAndNode() {
        Map<String, Object> config = map(yaml(DIR.resolve("organizations/cryptogen/crypto-config.yaml")));
        List<String> made = new ArrayList<>();
        for (Object o : list(config.get("OrdererOrgs"))) {
            Map<String, Object> spec = map(o);
            Org org = Network.org((String) spec.get("Name"));
            assertThat(spec.get("Domain")).isEqualTo(org.domain());
            assertThat(spec.get("EnableNodeOUs")).isEqualTo(true);
            for (Object s : list(spec.get("Specs"))) {
                made.add(map(s).get("Hostname") + "." + org.domain());
                assertThat(list(map(s).get("SANS"))).contains("127.0.0.1", "localhost");
            }
        }
        for (Object o : list(config.get("PeerOrgs"))) {
            Map<String, Object> spec = map(o);
            Org org = Network.org((String) spec.get("Name"));
            assertThat(spec.get("Domain")).isEqualTo(org.domain());
            assertThat(spec.get("EnableNodeOUs")).isEqualTo(true);
            Map<String, Object> template = map(spec.get("Template"));
            assertThat(list(template.get("SANS"))).contains("127.0.0.1", "localhost");
            int count = (Integer) template.get("Count");
            for (int i = 0; i < count; i++) {
                made.add("peer" + i + "." + org.domain());
            }
        }
        List<String> expected = new ArrayList<>();
        Network.nodes("orderer").forEach(n -> expected.add(n.host()));
        Network.nodes("peer").forEach(n -> expected.add(n.host()));
        assertThat(made).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void caConfigurationsMatchTheTables() {
        for (Org org : Network.orgs()) {
            Path file = DIR.resolve("organizations/fabric-ca/" + org.shortName() + "/fabric-ca-server-config.yaml");
            Map<String, Object> ca = map(yaml(file));
            Node node = Network.nodes("ca").stream().filter(n -> n.name().equals(org.ca())).findFirst().orElseThrow();
            assertThat(ca.get("port")).as("%s port", file).isEqualTo(node.port());
            assertThat(map(ca.get("ca")).get("name")).isEqualTo(org.ca());
            assertThat(map(ca.get("tls")).get("enabled")).isEqualTo(true);
            assertThat(map(ca.get("operations")).get("listenAddress")).isEqualTo("127.0.0.1:" + node.opsPort());
            Map<String, Object> csr = map(ca.get("csr"));
            assertThat(csr.get("cn")).isEqualTo("ca." + org.domain());
            assertThat(list(csr.get("hosts"))).contains("127.0.0.1", "localhost");
            // Fabric CA writes each part of the affiliation as an OU beside the identity type (OU=orderer for an
            // orderer): an affiliation named like a NodeOU makes the MSP see one NodeOU twice and refuse the identity.
            Map<String, Object> affiliations = map(ca.get("affiliations"));
            assertThat(affiliations).as("%s lists an affiliation (crypto.sh registers under the first)", file).isNotEmpty();
            for (Map.Entry<String, Object> affiliation : affiliations.entrySet()) {
                assertThat(affiliation.getKey()).as("an affiliation of %s", file).isNotIn(NODE_OUS);
                assertThat(list(affiliation.getValue())).as("the affiliations under %s in %s", affiliation.getKey(), file)
                        .contains("nodes", "members").doesNotContainAnyElementsOf(NODE_OUS);
            }
            Map<String, Object> registrar = map(list(map(ca.get("registry")).get("identities")).get(0));
            assertThat(String.valueOf(map(registrar.get("attrs")).get("hf.Registrar.Attributes"))).contains("role");
            String text = Network.read(file);
            for (Network.ClientIdentity id : Network.identities()) {
                if (id.org().equals(org.name()) && !id.role().equals(NO_ROLE)) {
                    assertThat(text).as("%s names the role %s it issues", file, id.role()).contains(id.role());
                }
            }
        }
    }

    @Test
    void clientIdentitiesHaveKnownRolesAndOrganisations() {
        assertThat(Network.identities()).isNotEmpty();
        Set<String> names = new TreeSet<>();
        for (Network.ClientIdentity id : Network.identities()) {
            assertThat(Network.org(id.org()).kind()).isEqualTo("peer");
            assertThat(id.role()).as("role of %s (or %s for none)", id.name(), NO_ROLE).isIn(withNoRole());
            assertThat(names.add(id.org() + "/" + id.name())).as("identity %s listed twice", id.name()).isTrue();
        }
        assertThat(Network.identities().stream().map(Network.ClientIdentity::role)).contains("enterprise", "registrar", "court", "notary", "exchange", "bank", "regulator");
        // the end-to-end test transfers from an enterprise of RegistryOrg to one of ExchangeOrg
        assertThat(Network.identities()).anyMatch(i -> i.org().equals("RegistryOrg") && i.role().equals("enterprise"))
                .anyMatch(i -> i.org().equals("ExchangeOrg") && i.role().equals("enterprise"));
        // the registry service connects as the registry operator's client without a role
        assertThat(Network.serviceIdentity().org()).isEqualTo("RegistryOrg");
        // the exchange's and the judiciary's witnesses read the channel as their organisation's role-less client
        assertThat(Network.nodes("witness").stream().map(Node::org)).containsExactlyInAnyOrder("ExchangeOrg", "JudiciaryOrg");
        for (Node witness : Network.nodes("witness")) {
            assertThat(Network.identities()).as("the identity of %s", witness.name())
                    .contains(new Network.ClientIdentity(witness.org(), Network.WITNESS_USER, NO_ROLE));
        }
        assertThat(Network.read(DIR.resolve("scripts/native.sh"))).contains("user_dir \"$org\" " + Network.WITNESS_USER + ")");
    }

    /**
     * The files FabricNetworkIT and the README hand to the registry service and dpr are where
     * the scripts write them: `network.sh export` (run here on stand-in crypto material: export.sh copies
     * PEM text without parsing it) writes the connection profiles and the trust bundle with the issuer
     * root, and common.sh's user_dir, which crypto.sh writes every client identity into, is Network.userMsp.
     */
    @Test
    void theFilesHandedToTheServiceAndTheCliAreWhereTheScriptsWriteThem(@TempDir Path tmp) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Network.cliJar()),
                Network.cliJar() + " not built: export.sh writes the trust bundle with it");
        Path copy = Network.copyScripts(tmp.resolve("network-config"));
        String standIn = standIn(tmp);
        for (Org org : Network.orgs()) {
            Path msp = Network.orgDir(copy, org).resolve("msp");
            Files.createDirectories(msp.resolve("cacerts"));
            Files.createDirectories(msp.resolve("tlscacerts"));
            Files.writeString(msp.resolve("cacerts/ca.pem"), standIn);
            Files.writeString(msp.resolve("tlscacerts/tlsca.pem"), standIn);
        }
        Path issuerRoot = tmp.resolve("root.pem");
        Files.writeString(issuerRoot, standIn);
        Network.Result export = Network.run(copy, Network.scriptEnv(copy), 120, "bash", "network.sh", "export",
                "--issuer-root", issuerRoot.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();

        Map<String, Object> bundle = map(yaml(Network.trustBundle(copy)));
        assertThat(list(bundle.get("issuers"))).containsExactly(standIn);
        for (Org org : Network.orgs().stream().filter(o -> o.kind().equals("peer")).toList()) {
            Map<String, Object> profile = map(yaml(Network.connectionProfile(copy, org)));
            assertThat(map(profile.get("client"))).containsEntry("mspId", org.mspId());
        }
        for (Network.ClientIdentity id : Network.identities()) {
            Network.Result dir = Network.run(copy, Map.of("NETWORK_DIR", copy.toString()), 30, "bash", "-c",
                    "source scripts/common.sh && load_settings && user_dir \"$1\" \"$2\"", "user_dir", id.org(), id.name());
            assertThat(dir.exitCode()).as(dir.output()).isZero();
            assertThat(Path.of(dir.output().strip()).resolve("msp")).isEqualTo(Network.userMsp(copy, id.org(), id.name()));
        }
        // role-identity.sh and crypto.sh name the certificate and key so (ExportIT runs role-identity.sh)
        assertThat(Network.read(DIR.resolve("scripts/role-identity.sh")))
                .contains("$out/msp/" + Network.SIGN_CERT, "$out/msp/" + Network.PRIVATE_KEY);
        assertThat(Network.read(DIR.resolve("scripts/crypto.sh")))
                .contains("\"$udir/msp/" + Network.SIGN_CERT + "\"", "/" + Network.PRIVATE_KEY + "\"");
    }

    /** A self-signed certificate made with the JDK's keytool, standing in for every CA (dpr parses them). */
    private static String standIn(Path tmp) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = tmp.resolve("stand-in.p12");
        Network.Result made = Network.run(tmp, Map.of(), 60, keytool.toString(), "-genkeypair", "-keystore", store.toString(),
                "-storepass", "stand-in", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=stand-in CA",
                "-ext", "bc:c=ca:true", "-validity", "2");
        assertThat(made.exitCode()).as(made.output()).isZero();
        Network.Result pem = Network.run(tmp, Map.of(), 60, keytool.toString(), "-exportcert", "-rfc", "-keystore", store.toString(),
                "-storepass", "stand-in", "-alias", "ca");
        assertThat(pem.exitCode()).as(pem.output()).isZero();
        String text = pem.output().replace("\r", "");
        return text.substring(text.indexOf("-----BEGIN CERTIFICATE-----")).strip() + "\n";
    }

    private static Set<String> withNoRole() {
        Set<String> roles = new TreeSet<>(ROLES);
        roles.add(NO_ROLE);
        return roles;
    }

    @Test
    void composeServicesMatchThePortTable() {
        String builder = Network.settings().get("CC_BUILDER_NAME");
        Map<String, Object> services = map(map(yaml(DIR.resolve("compose/compose-net.yaml"))).get("services"));
        List<String> expected = new ArrayList<>();
        Network.nodes("orderer").forEach(n -> expected.add(n.name()));
        Network.nodes("peer").forEach(n -> expected.add(n.name()));
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (Node n : Network.nodes("orderer")) {
            Map<String, Object> s = map(services.get(n.name()));
            Map<String, String> env = env(s);
            Org org = Network.org(n.org());
            assertThat(s.get("network_mode")).isEqualTo("host");
            assertThat((String) s.get("image")).startsWith("hyperledger/fabric-orderer:");
            assertThat(env.get("ORDERER_GENERAL_LISTENADDRESS")).isEqualTo("127.0.0.1");
            assertThat(env.get("ORDERER_GENERAL_LISTENPORT")).isEqualTo(String.valueOf(n.port()));
            assertThat(env.get("ORDERER_ADMIN_LISTENADDRESS")).isEqualTo("127.0.0.1:" + n.port2());
            assertThat(env.get("ORDERER_OPERATIONS_LISTENADDRESS")).isEqualTo("127.0.0.1:" + n.opsPort());
            assertThat(env.get("ORDERER_GENERAL_LOCALMSPID")).isEqualTo(org.mspId());
            assertThat(env.get("ORDERER_GENERAL_BOOTSTRAPMETHOD")).isEqualTo("none");
            assertThat(env.get("ORDERER_CHANNELPARTICIPATION_ENABLED")).isEqualTo("true");
            String base = "${NETWORK_DIR}/organizations/ordererOrganizations/" + org.domain() + "/orderers/" + n.host();
            assertThat(env.get("ORDERER_GENERAL_LOCALMSPDIR")).isEqualTo(base + "/msp");
            assertThat(env.get("ORDERER_GENERAL_TLS_CERTIFICATE")).isEqualTo(base + "/tls/server.crt");
        }
        for (Node n : Network.nodes("peer")) {
            Map<String, Object> s = map(services.get(n.name()));
            Map<String, String> env = env(s);
            Org org = Network.org(n.org());
            assertThat(s.get("network_mode")).isEqualTo("host");
            assertThat((String) s.get("image")).startsWith("hyperledger/fabric-peer:");
            assertThat(env.get("CORE_PEER_ID")).isEqualTo(n.host());
            assertThat(env.get("CORE_PEER_LISTENADDRESS")).isEqualTo("127.0.0.1:" + n.port());
            assertThat(env.get("CORE_PEER_ADDRESS")).isEqualTo("127.0.0.1:" + n.port());
            assertThat(env.get("CORE_PEER_GOSSIP_EXTERNALENDPOINT")).isEqualTo("127.0.0.1:" + n.port());
            assertThat(env.get("CORE_PEER_CHAINCODELISTENADDRESS")).isEqualTo("127.0.0.1:" + n.port2());
            assertThat(env.get("CORE_OPERATIONS_LISTENADDRESS")).isEqualTo("127.0.0.1:" + n.opsPort());
            assertThat(env.get("CORE_PEER_LOCALMSPID")).isEqualTo(org.mspId());
            String base = "${NETWORK_DIR}/organizations/peerOrganizations/" + org.domain() + "/peers/" + n.host();
            assertThat(env.get("CORE_PEER_MSPCONFIGPATH")).isEqualTo(base + "/msp");
            assertThat(env.get("CORE_PEER_TLS_ROOTCERT_FILE")).isEqualTo(base + "/tls/ca.crt");
            assertThat(env.get("CORE_CHAINCODE_EXTERNALBUILDERS"))
                    .isEqualTo("[{name: " + builder + ", path: ${NETWORK_DIR}/builders/ccaas}]");
        }

        Map<String, Object> cas = map(map(yaml(DIR.resolve("compose/compose-ca.yaml"))).get("services"));
        assertThat(cas.keySet()).containsExactlyInAnyOrderElementsOf(Network.nodes("ca").stream().map(Node::name).toList());
        for (Node n : Network.nodes("ca")) {
            Map<String, Object> s = map(cas.get(n.name()));
            Map<String, String> env = env(s);
            assertThat(env.get("FABRIC_CA_SERVER_PORT")).isEqualTo(String.valueOf(n.port()));
            assertThat(env.get("FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS")).isEqualTo("127.0.0.1:" + n.opsPort());
            assertThat(list(s.get("volumes"))).contains("${NETWORK_DIR}/organizations/fabric-ca/"
                    + Network.org(n.org()).shortName() + ":/etc/hyperledger/fabric-ca-server");
        }

        Map<String, Object> cc = map(map(yaml(DIR.resolve("compose/compose-chaincode.yaml"))).get("services"));
        Node chaincode = Network.nodes("chaincode").get(0);
        assertThat(cc.keySet()).containsExactly(chaincode.name());
        assertThat(env(map(cc.get(chaincode.name()))).get("CHAINCODE_SERVER_ADDRESS"))
                .isEqualTo(chaincode.host() + ":" + chaincode.port());
    }

    @Test
    void peerAndOrdererConfigurationsAreForChaincodeAsAServiceAndChannelParticipation() {
        Map<String, Object> core = map(yaml(DIR.resolve("config/core.yaml")));
        Map<String, Object> chaincode = map(core.get("chaincode"));
        Map<String, Object> builder = map(list(chaincode.get("externalBuilders")).get(0));
        assertThat(builder.get("name")).isEqualTo(Network.settings().get("CC_BUILDER_NAME"));
        assertThat(map(core.get("vm")).get("endpoint")).as("no Docker daemon for chaincode").isNull();
        assertThat(map(map(core.get("peer")).get("gateway")).get("enabled")).isEqualTo(true);
        assertThat(map(map(core.get("peer")).get("tls")).get("enabled")).isEqualTo(true);
        assertThat(map(map(core.get("ledger")).get("history")).get("enableHistoryDatabase")).isEqualTo(true);

        Map<String, Object> orderer = map(yaml(DIR.resolve("config/orderer.yaml")));
        Map<String, Object> general = map(orderer.get("General"));
        assertThat(general.get("BootstrapMethod")).isEqualTo("none");
        assertThat(map(orderer.get("ChannelParticipation")).get("Enabled")).isEqualTo(true);
        assertThat(map(map(orderer.get("Admin")).get("TLS")).get("ClientAuthRequired")).isEqualTo(true);
        assertThat(map(general.get("TLS")).get("Enabled")).isEqualTo(true);
    }

    @Test
    void scriptsAreExecutableAndParse() throws IOException {
        List<Path> scripts = new ArrayList<>();
        scripts.add(DIR.resolve("network.sh"));
        try (Stream<Path> s = Files.list(DIR.resolve("scripts"))) {
            s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        try (Stream<Path> s = Files.list(DIR.resolve("builders/ccaas/bin"))) {
            s.sorted().forEach(scripts::add);
        }
        assertThat(scripts.stream().map(p -> p.getFileName().toString()))
                .contains("network.sh", "common.sh", "crypto.sh", "channel.sh", "deploy.sh", "export.sh",
                        "native.sh", "compose.sh", "package.sh", "role-identity.sh", "detect", "build", "release");
        for (Path script : scripts) {
            String name = DIR.relativize(script).toString();
            assertThat(Files.isExecutable(script)).as("%s is executable", name).isTrue();
            String text = Network.read(script);
            assertThat(text).as("%s", name).startsWith("#!/usr/bin/env bash\n");
            if (!text.contains("Sourced, never run.")) {
                assertThat(text).as("%s", name).contains("\nset -euo pipefail\n");
            }
            Network.Result syntax = Network.run(DIR, Map.of(), 30, "bash", "-n", script.toString());
            assertThat(syntax.exitCode()).as("bash -n %s: %s", name, syntax.output()).isZero();
        }
        if (Network.onPath("shellcheck")) {
            List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "-S", "warning"));
            scripts.forEach(p -> command.add(p.toString()));
            Network.Result lint = Network.run(DIR, Map.of(), 120, command.toArray(String[]::new));
            assertThat(lint.exitCode()).as("shellcheck:\n%s", lint.output()).isZero();
        } else {
            System.out.println("shellcheck not installed: skipped linting the scripts (bash -n passed)");
        }
    }

    @Test
    void scriptsTakeEveryAddressFromThePortTable() throws IOException {
        Pattern literal = Pattern.compile("127\\.0\\.0\\.1:[0-9]");
        List<Path> scripts = new ArrayList<>(List.of(DIR.resolve("network.sh")));
        try (Stream<Path> s = Files.list(DIR.resolve("scripts"))) {
            s.forEach(scripts::add);
        }
        for (Path script : scripts) {
            Matcher m = literal.matcher(Network.read(script));
            assertThat(m.find()).as("%s hard-codes an address instead of reading config/nodes.tsv", script.getFileName()).isFalse();
        }
    }

    // ---- helpers ----

    static Object yaml(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try {
            return yaml.load(Network.read(file));
        } catch (RuntimeException e) {
            throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(service.get("environment"))) {
            String s = (String) e;
            int eq = s.indexOf('=');
            env.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return env;
    }

    private static Set<String> mspIdsIn(String rule) {
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("'([A-Za-z0-9]+)\\.(member|admin|peer|client|orderer)'").matcher(rule);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
