package org.dataright.cli.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.dataright.cli.base.Output;
import org.dataright.cli.e2e.SharedService;
import org.dataright.evidence.log.AddCheckpoint;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.witness.FileWitnessStore;
import org.dataright.evidence.witness.Witness;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full-audit witness against the embedded registry: it rebuilds the log from the ledger's blocks and
 * cosigns the registry's real checkpoint, and refuses one signed with the registry's own log key whose
 * root the ledger does not give (what a registry rewriting its log would publish).
 */
@ExtendWith(SharedService.class)
class FullAuditWitnessIT {
    @TempDir
    Path dir;

    @Test
    void theWitnessCosignsTheLedgersRootAndRefusesAnotherSignedByTheLogsOwnKey(RegistryServiceProcess service)
            throws Exception {
        NetworkDescription network = NetworkDescription.from(Output.JSON.readTree(service.get("/api/network")));
        ClientIdentity registrar = new ClientIdentity("RegistryMSP",
                Pem.certificate(Files.readString(service.registrarCertificate())),
                Pem.privateKey(Files.readString(service.registrarKey())));
        String vkey = service.get("/tlog/vkey").strip();
        String origin = vkey.substring(0, vkey.indexOf('+'));
        CosignatureSigner key = CosignatureSigner.generate("exchange.example/witness", Clock.systemUTC());
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), registrar);
                LedgerAuditor auditor = new LedgerAuditor(ledger, origin)) {
            Witness witness = new Witness(key, Map.of(origin, NoteVerifiers.ofKeys(vkey)),
                    new FileWitnessStore(dir.resolve("state")), auditor);
            SignedNote real = SignedNote.parse(service.get("/tlog/checkpoint").getBytes(StandardCharsets.UTF_8));
            Witness.Answer answer = addUntilCaughtUp(witness, real);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(Witness.cosigned(real, answer.body(), key.verifier()).verifiedBy(NoteVerifiers.of(key.verifier())))
                    .hasSize(1);

            // The registry's own key signs a checkpoint of the same size with another root: a fresh witness
            // (no earlier checkpoint to be inconsistent with) still refuses it, from the ledger alone.
            Ed25519NoteSigner logKey = Ed25519NoteSigner.parse(Files.readString(service.dataDir().resolve("tlog/log.key")).strip());
            Checkpoint c = Checkpoint.parse(real.text());
            byte[] otherRoot = c.rootHash();
            otherRoot[0] ^= 1;
            SignedNote forged = SignedNote.sign(new Checkpoint(origin, c.size(), otherRoot).text(), logKey);
            Witness fresh = new Witness(key, Map.of(origin, NoteVerifiers.ofKeys(vkey)),
                    new FileWitnessStore(dir.resolve("fresh")), auditor);
            Witness.Answer refused = fresh.addCheckpoint(new AddCheckpoint(0, List.of(), forged).bytes());
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("is not the one this witness computes from its own copy of the ledger");
        }
    }

    /** Submits until the auditor has read far enough (503 meanwhile), at most half a minute. */
    private static Witness.Answer addUntilCaughtUp(Witness witness, SignedNote checkpoint) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Witness.Answer answer = witness.addCheckpoint(new AddCheckpoint(0, List.of(), checkpoint).bytes());
            if (answer.status() != 503 || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(200);
        }
    }
}
