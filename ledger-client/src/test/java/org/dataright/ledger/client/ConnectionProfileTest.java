package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionProfileTest {
    private static final String TWO_ORGS = """
            {"name":"test","client":{"organization":"Org1"},"organizations":{
               "Org1":{"mspid":"Org1MSP","peers":["peer0.org1.example.com"]},
               "Org2":{"mspid":"Org2MSP","peers":["peer0.org2.example.com"]}},
             "peers":{
               "peer0.org1.example.com":{"url":"grpcs://localhost:7051","tlsCACerts":{"pem":"ORG1"}},
               "peer0.org2.example.com":{"url":"grpcs://localhost:9051","tlsCACerts":{"pem":["ORG2"]},
                  "grpcOptions":{"ssl-target-name-override":"peer0.org2.example.com"}}}}
            """;

    @TempDir
    Path dir;

    @Test
    void theClientOrganisationsFirstPeerByDefault() throws Exception {
        ConnectionProfile profile = ConnectionProfile.read(Files.writeString(dir.resolve("connection-org1.json"), TWO_ORGS));

        assertThat(profile.clientMspId()).isEqualTo("Org1MSP");
        assertThat(profile.endpoint(null, null, "registry", "rights"))
                .isEqualTo(new LedgerEndpoint("localhost:7051", "ORG1", null, "registry", "rights"));
    }

    @Test
    void theFirstPeerOfTheIdentitysOrganisation() throws Exception {
        ConnectionProfile profile = ConnectionProfile.read(Files.writeString(dir.resolve("connection-org2.json"), TWO_ORGS));

        assertThat(profile.endpoint("", "Org2MSP", "registry", "rights")).isEqualTo(new LedgerEndpoint("localhost:9051",
                "ORG2", "peer0.org2.example.com", "registry", "rights"));
    }

    @Test
    void yamlWithAPeerByNameAndATlsRootPathRelativeToTheProfile() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "PEM");
        Path file = Files.writeString(dir.resolve("profile.yaml"), """
                peers:
                  peer0.registry:
                    url: grpcs://127.0.0.1:7051
                    tlsCACerts:
                      path: ca.pem
                """);

        assertThat(ConnectionProfile.read(file).endpoint("peer0.registry", "RegistryMSP", "registry", "rights"))
                .isEqualTo(new LedgerEndpoint("127.0.0.1:7051", "PEM", null, "registry", "rights"));
    }

    @Test
    void plaintextNeedsNoRoot() throws Exception {
        Path file = Files.writeString(dir.resolve("p.json"), "{\"peers\":{\"p\":{\"url\":\"127.0.0.1:7051\"}}}");
        assertThat(ConnectionProfile.read(file).endpoint(null, null, "c", "cc").tlsRootPem()).isNull();
    }

    @Test
    void whatIsMissingIsNamed() throws Exception {
        assertThatThrownBy(() -> read("{\"peers\":{\"p\":{\"url\":\"grpcs://h:1\"}}}").endpoint("", "X", "c", "cc"))
                .hasMessage("peer 'p' uses grpcs but has no tlsCACerts");
        assertThatThrownBy(() -> read("{\"peers\":{\"p\":{\"url\":\"grpc://h\"}}}").endpoint(null, null, "c", "cc"))
                .hasMessage("peer url 'grpc://h' is not grpc[s]://host:port");
        assertThatThrownBy(() -> read("{\"organizations\":{\"O\":{\"mspid\":\"M\"}}}").endpoint(null, null, "c", "cc"))
                .hasMessage("it lists no peers");
        assertThatThrownBy(() -> read("{\"peers\":{}}").clientMspId())
                .hasMessage("it names no client organisation under 'organizations'");
        assertThatThrownBy(() -> read("{\"organizations\":{\"O\":{}}}").clientMspId())
                .hasMessage("the client organisation has no 'mspid'");
        assertThatThrownBy(() -> read("[]")).hasMessage("it is not a JSON or YAML object");
    }

    private ConnectionProfile read(String json) throws Exception {
        return ConnectionProfile.read(Files.writeString(dir.resolve("p" + System.nanoTime() + ".json"), json));
    }
}
