package org.dataright.peer.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.Envelope;

/**
 * The process {@link KillIT} kills: opens the ledger in {@code args[0]}/ledger with the orderer
 * identity in {@code args[0]}/keys, prints {@code OPEN <height>}, then commits blocks of 1–3 of the
 * envelopes the parent signed in advance ({@code args[0]}/envelopes.bin, so that the child spends
 * its short life committing rather than signing) for ever, printing {@code ACK <number>} after each
 * {@code commitBlock} returns. Envelopes are reused once all are used: they then commit as
 * DUPLICATE_TXID, which is as good a block as any for durability.
 */
public final class KillChild {
    static final String ENVELOPES = "envelopes.bin";
    private KillChild() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]);
        SigningIdentity orderer = load(base, "orderer");
        List<Envelope> envelopes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(base.resolve(ENVELOPES))) {
            for (Envelope e = Envelope.parseDelimitedFrom(in); e != null; e = Envelope.parseDelimitedFrom(in)) {
                envelopes.add(e);
            }
        }
        try (Ledger ledger = Ledger.open(LedgerOptions.of(base.resolve("ledger"), orderer).withMaxBlockFileBytes(16 * 1024))) {
            System.out.println("OPEN " + ledger.height());
            System.out.flush();
            for (long i = ledger.height(); ; i++) {
                List<Envelope> txs = new ArrayList<>();
                for (int t = 0; t < 1 + (int) (i % 3); t++) {
                    txs.add(envelopes.get((int) ((i * 3 + t) % envelopes.size())));
                }
                CommittedBlock block = ledger.commitBlock(txs);
                System.out.println("ACK " + block.number());
                System.out.flush();
            }
        }
    }

    static void save(Path base, String name, SigningIdentity identity) throws IOException {
        Path keys = Files.createDirectories(base.resolve("keys"));
        Files.writeString(keys.resolve(name + ".key"), Pem.of(identity.privateKey()));
        Files.writeString(keys.resolve(name + ".pem"), Pem.of(identity.certificate()));
        Files.writeString(keys.resolve(name + ".msp"), identity.mspId());
    }

    private static SigningIdentity load(Path base, String name) throws IOException {
        Path keys = base.resolve("keys");
        return new SigningIdentity(
                new FabricIdentity(Files.readString(keys.resolve(name + ".msp"), StandardCharsets.UTF_8),
                        Pem.certificate(Files.readString(keys.resolve(name + ".pem")))),
                Pem.privateKey(Files.readString(keys.resolve(name + ".key"))));
    }
}
