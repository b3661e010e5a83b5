package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.network.ConfigurationConsistencyTest.list;
import static org.dataright.network.ConfigurationConsistencyTest.map;
import static org.dataright.network.ConfigurationConsistencyTest.yaml;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dataright.network.Network.Node;
import org.dataright.network.Network.Org;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/role-identity.sh and scripts/export.sh for real on crypto material made here with
 * openssl in cryptogen's layout: the role attribute lands in the certificate where the chaincode
 * reads it, and the trust bundle and connection profiles name what the tables say.
 */
class ExportIT {
    private static final String ATTRIBUTE_OID = "1.2.3.4.5.6.7.8.1";

    @TempDir
    Path tmp;

    @BeforeEach
    void needsOpensslAndDpr() {
        assumeTrue(Network.onPath("openssl"), "openssl not on PATH: the role identity and export tests need it");
        assumeTrue(Files.isRegularFile(Network.cliJar()), Network.cliJar() + " not built: export.sh writes the trust bundle with it");
    }

    @Test
    void roleIdentityCarriesTheRoleAttributeAndChainsToTheOrganisationCa() throws Exception {
        Path ca = tmp.resolve("ca");
        makeCa(ca, "ca.registry.dpr.example.com");
        Path msp = tmp.resolve("orgmsp");
        Files.createDirectories(msp);
        Files.writeString(msp.resolve("config.yaml"), "NodeOUs:\n  Enable: true\n  ClientOUIdentifier:\n"
                + "    Certificate: cacerts/ca.registry.dpr.example.com-cert.pem\n    OrganizationalUnitIdentifier: client\n");
        Path out = tmp.resolve("alice");
        Network.Result r = Network.run(Network.DIR, Map.of(), 60, "bash", "scripts/role-identity.sh",
                ca.resolve("cert.pem").toString(), ca.resolve("key.pem").toString(), "registry.dpr.example.com",
                "alice", "enterprise", out.toString(), msp.resolve("config.yaml").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();

        X509Certificate cert = certificate(out.resolve("msp").resolve(Network.SIGN_CERT));
        X509Certificate caCert = certificate(ca.resolve("cert.pem"));
        cert.verify(caCert.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=alice@registry.dpr.example.com,OU=client,O=registry.dpr.example.com,C=CN");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        String attrs = new String(octets(cert.getExtensionValue(ATTRIBUTE_OID)), StandardCharsets.UTF_8);
        Map<String, Object> parsed = map(map(new org.yaml.snakeyaml.Yaml().load(attrs)).get("attrs"));
        assertThat(parsed).containsEntry("role", "enterprise").containsEntry("hf.Type", "client")
                .containsEntry("hf.EnrollmentID", "alice@registry.dpr.example.com");
        assertThat(Files.readString(out.resolve("msp").resolve(Network.PRIVATE_KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(out.resolve("msp/cacerts/ca.pem")).hasSameTextualContentAs(ca.resolve("cert.pem"));
        assertThat(Files.readString(out.resolve("msp/config.yaml"))).contains("Certificate: cacerts/ca.pem");

        Network.Result badRole = Network.run(Network.DIR, Map.of(), 60, "bash", "scripts/role-identity.sh",
                ca.resolve("cert.pem").toString(), ca.resolve("key.pem").toString(), "registry.dpr.example.com",
                "mallory", "admin", tmp.resolve("mallory").toString());
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.output()).contains("unknown role 'admin'");
        assertThat(tmp.resolve("mallory")).doesNotExist();
    }

    @Test
    void roleDashIssuesAClientWithoutARoleAsTheRegistryServiceIdentity() throws Exception {
        Path ca = tmp.resolve("ca");
        makeCa(ca, "ca.registry.dpr.example.com");
        Path out = tmp.resolve("service");
        Network.Result r = Network.run(Network.DIR, Map.of(), 60, "bash", "scripts/role-identity.sh",
                ca.resolve("cert.pem").toString(), ca.resolve("key.pem").toString(), "registry.dpr.example.com",
                "registry-service", "-", out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();

        X509Certificate cert = certificate(out.resolve("msp").resolve(Network.SIGN_CERT));
        cert.verify(certificate(ca.resolve("cert.pem")).getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=registry-service@registry.dpr.example.com,OU=client,O=registry.dpr.example.com,C=CN");
        String attrs = new String(octets(cert.getExtensionValue(ATTRIBUTE_OID)), StandardCharsets.UTF_8);
        Map<String, Object> parsed = map(map(new org.yaml.snakeyaml.Yaml().load(attrs)).get("attrs"));
        assertThat(parsed).containsEntry("hf.Type", "client")
                .containsEntry("hf.EnrollmentID", "registry-service@registry.dpr.example.com")
                .doesNotContainKey("role");
    }

    @Test
    void trustBundleAndConnectionProfilesComeFromTheMspFolders() throws Exception {
        Path copy = copyNetworkConfig();
        List<Org> orgs = Network.orgs();
        for (Org org : orgs) {
            Path dir = copy.resolve("organizations/" + org.kind() + "Organizations/" + org.domain());
            makeCa(dir.resolve("ca"), "ca." + org.domain());
            makeCa(dir.resolve("tlsca"), "tlsca." + org.domain());
            Files.createDirectories(dir.resolve("msp/cacerts"));
            Files.createDirectories(dir.resolve("msp/tlscacerts"));
            Files.copy(dir.resolve("ca/cert.pem"), dir.resolve("msp/cacerts/ca." + org.domain() + "-cert.pem"));
            Files.copy(dir.resolve("tlsca/cert.pem"), dir.resolve("msp/tlscacerts/tlsca." + org.domain() + "-cert.pem"));
        }
        Org registry = Network.org("RegistryOrg");
        Path registryDir = copy.resolve("organizations/peerOrganizations/" + registry.domain());
        makeCa(tmp.resolve("intermediate"), "ica." + registry.domain());
        Files.createDirectories(registryDir.resolve("msp/intermediatecerts"));
        Files.copy(tmp.resolve("intermediate/cert.pem"), registryDir.resolve("msp/intermediatecerts/ica.pem"));

        Network.Result r = Network.run(copy, Network.scriptEnv(copy), 120, "bash", "scripts/export.sh");
        assertThat(r.exitCode()).as(r.output()).isZero();

        Map<String, String> settings = Network.settings();
        Map<String, Object> bundle = map(yaml(copy.resolve("run/trust-bundle.json")));
        assertThat(bundle.keySet()).containsExactly("version", "channel", "chaincode", "endorsementPolicy",
                "organizations", "issuers", "timestampAuthorities");
        assertThat(bundle).containsEntry("version", 1).containsEntry("channel", settings.get("CHANNEL_NAME"))
                .containsEntry("chaincode", settings.get("CC_NAME"))
                .containsEntry("endorsementPolicy", canonicalPolicy(settings.get("ENDORSEMENT_POLICY")));
        List<String> sortedIds = orgs.stream().map(Org::mspId).sorted().toList();
        List<Object> bundleOrgs = list(bundle.get("organizations"));
        assertThat(bundleOrgs.stream().map(o -> map(o).get("mspId")).toList()).containsExactlyElementsOf(sortedIds);
        for (Object o : bundleOrgs) {
            Map<String, Object> entry = map(o);
            Org org = orgs.stream().filter(x -> x.mspId().equals(entry.get("mspId"))).findFirst().orElseThrow();
            assertThat(entry.keySet()).containsExactly("mspId", "orderer", "rootCertificates", "intermediateCertificates");
            assertThat(entry.get("orderer")).isEqualTo(org.kind().equals("orderer"));
            Path dir = copy.resolve("organizations/" + org.kind() + "Organizations/" + org.domain());
            assertThat(list(entry.get("rootCertificates"))).containsExactly(Files.readString(dir.resolve("ca/cert.pem")));
            List<Object> intermediates = list(entry.get("intermediateCertificates"));
            if (org.equals(registry)) {
                assertThat(intermediates).containsExactly(Files.readString(tmp.resolve("intermediate/cert.pem")));
            } else {
                assertThat(intermediates).isEmpty();
            }
            certificate((String) list(entry.get("rootCertificates")).get(0));
        }
        assertThat(list(bundle.get("issuers"))).as("no issuer root without --issuer-root").isEmpty();
        assertThat(list(bundle.get("timestampAuthorities"))).isEmpty();

        // The registry's issuer root goes in with --issuer-root; a file that is not one certificate changes nothing.
        makeCa(tmp.resolve("issuer"), "issuer root");
        Network.Result withIssuer = Network.run(copy, Network.scriptEnv(copy), 120, "bash", "network.sh",
                "export", "--issuer-root", tmp.resolve("issuer/cert.pem").toString());
        assertThat(withIssuer.exitCode()).as(withIssuer.output()).isZero();
        String exported = Files.readString(copy.resolve("run/trust-bundle.json"));
        assertThat(list(map(yaml(copy.resolve("run/trust-bundle.json"))).get("issuers")))
                .containsExactly(Files.readString(tmp.resolve("issuer/cert.pem")));
        Path twoCertificates = tmp.resolve("two.pem");
        Files.writeString(twoCertificates, Files.readString(tmp.resolve("issuer/cert.pem")) + Files.readString(ca(copy, registry)));
        for (String bad : List.of(twoCertificates.toString(), tmp.resolve("missing.pem").toString())) {
            Network.Result refused = Network.run(copy, Network.scriptEnv(copy), 120, "bash", "network.sh",
                    "export", "--issuer-root", bad);
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("ERROR: export: the issuer root " + bad);
            assertThat(copy.resolve("run/trust-bundle.json")).hasContent(exported);
        }

        // A tlog policy that leaves out a witness `up` made a key for (run/witnesses/<name>/vkey) changes nothing.
        Network.Result key = Network.run(tmp, Map.of(), 60, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Network.cliJar().toString(), "witness", "init", "--name", "exchange.dpr.example.com/witness",
                "--key", tmp.resolve("witness.key").toString());
        assertThat(key.exitCode()).as(key.output()).isZero();
        String witnessVkey = key.output().strip().lines().reduce((first, second) -> second).orElseThrow();
        Path witnessDir = Files.createDirectories(copy.resolve("run/witnesses/witness-exchange"));
        Files.writeString(witnessDir.resolve("vkey"), witnessVkey + "\n");
        Path withoutWitness = Files.writeString(tmp.resolve("tlog-policy.txt"),
                "log dpr.example/registry/registry+00000000+AQ==\nquorum none\n");
        Network.Result noWitness = Network.run(copy, Network.scriptEnv(copy), 120, "bash", "network.sh",
                "export", "--tlog-policy", withoutWitness.toString());
        assertThat(noWitness.exitCode()).as(noWitness.output()).isEqualTo(1);
        assertThat(noWitness.output()).contains("ERROR: export: the tlog policy " + withoutWitness
                + " names no witness with the key " + witnessVkey, "--registry.tlog.witnesses=");
        assertThat(copy.resolve("run/trust-bundle.json")).hasContent(exported);

        for (Org org : orgs.stream().filter(o -> o.kind().equals("peer")).toList()) {
            Map<String, Object> json = map(yaml(copy.resolve("run/profiles/connection-" + org.shortName() + ".json")));
            Map<String, Object> yamlProfile = map(yaml(copy.resolve("run/profiles/connection-" + org.shortName() + ".yaml")));
            assertThat(yamlProfile).as("the YAML profile says what the JSON one says").isEqualTo(json);
            Map<String, Object> client = map(json.get("client"));
            assertThat(client).containsEntry("organization", org.name()).containsEntry("mspId", org.mspId());
            Map<String, Object> peers = map(json.get("peers"));
            for (Node peer : Network.nodes("peer")) {
                Map<String, Object> p = map(peers.get(peer.host()));
                assertThat(p.get("url")).isEqualTo("grpcs://127.0.0.1:" + peer.port());
                Org owner = Network.org(peer.org());
                Path tlsca = copy.resolve("organizations/peerOrganizations/" + owner.domain() + "/tlsca/cert.pem");
                assertThat(map(p.get("tlsCACerts")).get("pem")).isEqualTo(Files.readString(tlsca));
                assertThat(map(p.get("grpcOptions")).get("ssl-target-name-override")).isEqualTo(peer.host());
            }
            Map<String, Object> orderers = map(json.get("orderers"));
            assertThat(orderers.keySet()).containsExactlyElementsOf(Network.nodes("orderer").stream().map(Node::host).toList());
            for (Node orderer : Network.nodes("orderer")) {
                assertThat(map(orderers.get(orderer.host())).get("url")).isEqualTo("grpcs://127.0.0.1:" + orderer.port());
            }
            Map<String, Object> cas = map(json.get("certificateAuthorities"));
            for (Node ca : Network.nodes("ca")) {
                assertThat(map(cas.get(ca.name())).get("url")).isEqualTo("https://127.0.0.1:" + ca.port());
            }
            Map<String, Object> organizations = map(json.get("organizations"));
            for (Org o : orgs) {
                assertThat(map(organizations.get(o.name())).get("mspid")).isEqualTo(o.mspId());
            }
            Map<String, Object> channel = map(map(json.get("channels")).get(settings.get("CHANNEL_NAME")));
            assertThat(list(channel.get("chaincodes"))).containsExactly(settings.get("CC_NAME"));
        }
    }

    @Test
    void exportRefusesWithoutCryptoMaterial() throws IOException {
        Path copy = copyNetworkConfig();
        Network.Result r = Network.run(copy, Network.scriptEnv(copy), 60, "bash", "scripts/export.sh");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("make the crypto material first");
    }

    /** The policy as evidence's TrustBundle writes it: one space after each comma between rules. */
    static String canonicalPolicy(String policy) {
        return policy.replaceAll("\\s+", "").replace(",", ", ");
    }

    // ---- helpers ----

    private Path copyNetworkConfig() {
        return Network.copyScripts(tmp.resolve("network-config"));
    }

    private static Path ca(Path copy, Org org) {
        return Network.orgDir(copy, org).resolve("ca/cert.pem");
    }

    /** A self-signed ECDSA P-256 CA in DIR/cert.pem and DIR/key.pem. */
    private static void makeCa(Path dir, String commonName) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-subj", "/O=test/CN=" + commonName, "-days", "2", "-out", dir.resolve("cert.pem").toString(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
        Network.Result r = Network.run(dir, Map.of(), 60, command.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The content of a DER OCTET STRING, as X509Certificate.getExtensionValue returns it. */
    private static byte[] octets(byte[] der) {
        assertThat(der).as("the certificate has extension " + ATTRIBUTE_OID).isNotNull();
        assertThat(der[0]).isEqualTo((byte) 0x04);
        int length = der[1] & 0xff;
        int offset = 2;
        if (length > 0x7f) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[2 + i] & 0xff);
            }
            offset += bytes;
        }
        byte[] value = new byte[length];
        System.arraycopy(der, offset, value, 0, length);
        return value;
    }
}
