package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.map.Standing;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.RightsContract;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bank's question before taking a pledge, answered offline: the standing of a data asset proves its
 * right unpledged and unfrozen as of a checkpoint, and after the pledge proves the pledge; a data asset
 * never registered is proved absent; an edited standing fails. A restart resumes the state map from its
 * snapshot, or rebuilds it from the blocks when the snapshot is torn or missing: the same root each time.
 */
@ExtendWith(OutputCaptureExtension.class)
class StandingIT {
    @TempDir
    Path data;

    private ConfigurableApplicationContext context;
    private RegistryClient client;
    private NetworkDescription network;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aStandingProvesAPledgesAbsenceAndThenItsPresence() throws Exception {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
        network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        RegistryClient.Participant bank = client.enrol(data, "bank", "bank");
        String policy = client.get("/tlog/policy").body();
        Standing.CheckpointCheck check = note -> open(note, policy);

        String description = RegistryClient.assetDescription(("standing " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        Committed asset = submit(alice.identity(), r -> r.registerAsset(description));
        String assetId = asset.result().path("id").asText();
        String rightId = assetId + "/RESOURCE_HOLDING";

        Standing.Extract before = standing(assetId).verify(check);
        assertThat(before.registered()).isTrue();
        assertThat(before.ofType("asset")).singleElement().satisfies(a -> assertThat(a.path("id").asText()).isEqualTo(assetId));
        JsonNode right = before.ofType("right").stream().filter(r -> r.path("id").asText().equals(rightId)).findFirst()
                .orElseThrow();
        assertThat(right.path("holder").asText()).isEqualTo(alice.party());
        assertThat(right.path("pledge").isMissingNode() || right.path("pledge").isNull()).as("no pledge: " + right).isTrue();
        assertThat(right.path("freeze").isMissingNode() || right.path("freeze").isNull()).as("no freeze: " + right).isTrue();

        submit(alice.identity(), r -> r.pledge(rightId, bank.party(), HexFormat.of().formatHex(new byte[32])));
        Standing.Extract after = standing(assetId).verify(check);
        assertThat(after.checkpoint().size()).isGreaterThan(before.checkpoint().size());
        JsonNode pledged = after.ofType("right").stream().filter(r -> r.path("id").asText().equals(rightId)).findFirst()
                .orElseThrow();
        assertThat(pledged.path("pledge").path("pledgee").asText()).isEqualTo(bank.party());

        Standing.Extract never = standing("A-never-registered").verify(check);
        assertThat(never.registered()).isFalse();

        // An edited record, a dropped record, a record moved in from a standing of another time: each fails.
        ObjectNode json = (ObjectNode) RegistryClient.JSON.readTree(standing(assetId).toJson());
        ObjectNode firstRecord = (ObjectNode) json.withArray("records").get(0);
        String original = new String(Base64.getDecoder().decode(firstRecord.path("value").asText()), StandardCharsets.UTF_8);
        firstRecord.put("value", Base64.getEncoder().encodeToString(original.replace(alice.party(), bank.party())
                .getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Standing.fromJson(json.toString()).verify(check)).hasMessageContaining("[records]");
        ObjectNode dropped = (ObjectNode) RegistryClient.JSON.readTree(standing(assetId).toJson());
        dropped.withArray("records").remove(dropped.withArray("records").size() - 1);
        assertThatThrownBy(() -> Standing.fromJson(dropped.toString()).verify(check)).hasMessageContaining("[records]");
        ObjectNode absent = (ObjectNode) RegistryClient.JSON.readTree(standing(assetId).toJson());
        absent.withArray("records").removeAll();
        assertThatThrownBy(() -> Standing.fromJson(absent.toString()).verify(check)).hasMessageContaining("[records]");

        HttpResponse<String> bad = client.get("/api/assets/" + "%20x/standing");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("INVALID_ASSET_ID");
    }

    @Test
    void aRestartResumesTheStateMapFromItsSnapshotAndRebuildsItWhenTheSnapshotIsTornOrMissing(CapturedOutput output)
            throws Exception {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
        network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        RegistryClient.Participant alice = client.enrol(data, "enterprise", "alice");
        String description = RegistryClient.assetDescription(("restart " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        String assetId = submit(alice.identity(), r -> r.registerAsset(description)).result().path("id").asText();
        Standing.CheckpointCheck check = note -> Checkpoint.parse(note.text());
        Standing.Extract before = standing(assetId).verify(check);
        byte[] root = Standing.mapRoot(before.checkpoint());

        // A clean stop writes the snapshot; the next start loads it and serves the same standing.
        int mark = restart(output);
        assertThat(output.getOut().substring(mark)).contains("state map snapshot").contains("loaded: ")
                .doesNotContain("is not used (");
        Standing.Extract resumed = standing(assetId).verify(check);
        assertThat(Standing.mapRoot(resumed.checkpoint())).isEqualTo(root);
        assertThat(resumed.records()).isEqualTo(before.records());

        // A torn snapshot is refused, saying so, and the map rebuilt from the blocks reaches the same root.
        context.close();
        context = null;
        Path snapshot = data.resolve("tlog").resolve("state-map");
        try (var channel = java.nio.file.Files.newByteChannel(snapshot, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        mark = restart(output);
        assertThat(output.getOut().substring(mark)).contains("is not used (it ends early: it is torn)");
        assertThat(Standing.mapRoot(standing(assetId).verify(check).checkpoint())).isEqualTo(root);

        // No snapshot at all: the same.
        context.close();
        context = null;
        java.nio.file.Files.delete(snapshot);
        mark = restart(output);
        assertThat(output.getOut().substring(mark)).contains("no state map snapshot");
        assertThat(Standing.mapRoot(standing(assetId).verify(check).checkpoint())).isEqualTo(root);
    }

    /** Stops the service if it runs and starts it again on the same data; where the output of the new start begins. */
    private int restart(CapturedOutput output) throws Exception {
        if (context != null) {
            context.close();
        }
        int mark = output.getOut().length();
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
        network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        return mark;
    }

    /** The checkpoint opened as the log's policy says: the log's signature and every witness's cosignature. */
    private static Checkpoint open(SignedNote note, String policy) {
        List<String> lines = policy.lines().toList();
        String logKey = lines.get(0).split(" ")[1];
        note.verify(NoteVerifiers.ofKeys(logKey));
        List<String> witnesses = lines.stream().filter(l -> l.startsWith("witness ")).map(l -> l.split(" ")[2]).toList();
        assertThat(witnesses).isNotEmpty();
        assertThat(note.verifiedBy(NoteVerifiers.ofKeys(witnesses.toArray(String[]::new)))).hasSize(witnesses.size());
        return Checkpoint.parse(note.text());
    }

    private Standing standing(String assetId) throws Exception {
        HttpResponse<String> response = client.get("/api/assets/" + assetId + "/standing");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(Standing.MEDIA_TYPE);
        return Standing.fromJson(response.body());
    }

    private Committed submit(ClientIdentity who, Function<RightsContract, Committed> act) {
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), who)) {
            return act.apply(ledger.rights());
        }
    }
}
