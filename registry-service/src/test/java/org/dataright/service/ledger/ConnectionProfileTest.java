package org.dataright.service.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionProfileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFirstPeerOfTheIdentitysOrganisationFromJson() throws Exception {
        Path profile = dir.resolve("connection-org2.json");
        Files.writeString(profile, """
                {"name":"test","organizations":{
                   "Org1":{"mspid":"Org1MSP","peers":["peer0.org1.example.com"]},
                   "Org2":{"mspid":"Org2MSP","peers":["peer0.org2.example.com"]}},
                 "peers":{
                   "peer0.org1.example.com":{"url":"grpcs://localhost:7051","tlsCACerts":{"pem":"ORG1"}},
                   "peer0.org2.example.com":{"url":"grpcs://localhost:9051","tlsCACerts":{"pem":"ORG2"},
                      "grpcOptions":{"ssl-target-name-override":"peer0.org2.example.com"}}}}
                """);

        ConnectionProfile read = ConnectionProfile.read(profile, "", "Org2MSP");

        assertThat(read).isEqualTo(new ConnectionProfile("peer0.org2.example.com", "localhost:9051", true, "ORG2",
                "peer0.org2.example.com"));
    }

    @Test
    void readsYamlWithATlsRootPathRelativeToTheProfile() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "PEM");
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, """
                peers:
                  peer0.registry:
                    url: grpcs://127.0.0.1:7051
                    tlsCACerts:
                      path: ca.pem
                """);

        assertThat(ConnectionProfile.read(profile, "peer0.registry", "RegistryMSP"))
                .isEqualTo(new ConnectionProfile("peer0.registry", "127.0.0.1:7051", true, "PEM", null));
    }

    @Test
    void aTlsPeerWithoutARootIsRefused() throws Exception {
        Path profile = dir.resolve("p.json");
        Files.writeString(profile, "{\"peers\":{\"p\":{\"url\":\"grpcs://h:1\"}}}");
        assertThatThrownBy(() -> ConnectionProfile.read(profile, "", "X"))
                .hasMessageContaining("uses grpcs but has no tlsCACerts");
    }
}
