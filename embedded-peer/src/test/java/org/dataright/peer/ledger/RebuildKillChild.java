package org.dataright.peer.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;

/**
 * The process {@link RebuildKillIT} kills: opens the ledger in {@code args[0]}/ledger (with the
 * orderer identity {@link KillChild#save} wrote to {@code args[0]}/keys), which finds the index
 * damaged and rebuilds it, prints {@code OPEN <height>} and exits.
 */
public final class RebuildKillChild {
    private RebuildKillChild() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Path.of(args[0]);
        Path keys = base.resolve("keys");
        SigningIdentity orderer = new SigningIdentity(
                new FabricIdentity(Files.readString(keys.resolve("orderer.msp"), StandardCharsets.UTF_8),
                        Pem.certificate(Files.readString(keys.resolve("orderer.pem")))),
                Pem.privateKey(Files.readString(keys.resolve("orderer.key"))));
        try (Ledger ledger = Ledger.open(LedgerOptions.of(base.resolve("ledger"), orderer))) {
            System.out.println("OPEN " + ledger.height());
            System.out.flush();
        }
    }
}
