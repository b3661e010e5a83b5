package org.dataright.testsupport.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;

/**
 * Load clients over the rights contract, each on its own {@link LedgerConnection} (its own gRPC channel
 * and enrolled identity, as {@code dpr} connects). An act is tried once: a lost MVCC race counts as a
 * failure, it is not sent again.
 */
public final class RightsLoad {
    /** The right a registration creates for its registrant. */
    private static final String HOLDING = "/RESOURCE_HOLDING";
    private static final AtomicLong CONTENT = new AtomicLong();

    private RightsLoad() {
    }

    /** {@code registerAsset} after {@code registerAsset}, each with new content. */
    public static LoadClient registering(LedgerConnection connection, int number) {
        RightsContract rights = connection.rights(1);
        return client(connection, () -> attempt(Operation.act("registerAsset").units(1),
                () -> rights.registerAsset(description(number))));
    }

    /** {@code registerAssets} of {@code size} new data assets after another. */
    public static LoadClient batching(LedgerConnection connection, int number, int size) {
        RightsContract rights = connection.rights(1);
        return client(connection, () -> {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                batch.append(i == 0 ? "" : ",").append(description(number));
            }
            String json = batch.append(']').toString();
            return attempt(Operation.act("registerAssets").units(size), () -> rights.registerAssets(json));
        });
    }

    /**
     * The mix: the clients form a ring, and each in turn registers a data asset, reads its right
     * ({@code getRight}), offers the right to the next client ({@code offerTransfer}) and accepts the oldest
     * offer made to it ({@code acceptTransfer}; when none is waiting it reads its data asset instead). So
     * three acts of three kinds and one or two queries a round. Every client's party must be a participant
     * with the enterprise role ({@link #registerParticipants}).
     */
    public static List<LoadClient> transferring(List<LedgerConnection> connections) {
        if (connections.size() < 2) {
            throw new IllegalArgumentException("transfers need at least two clients, not " + connections.size());
        }
        List<Queue<String>> offered = new ArrayList<>();
        connections.forEach(c -> offered.add(new ConcurrentLinkedQueue<>()));
        List<LoadClient> clients = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            int next = (i + 1) % connections.size();
            clients.add(new Transferring(connections.get(i), i, offered.get(i), connections.get(next).identity().party(),
                    offered.get(next)));
        }
        return clients;
    }

    /** The registrar enters each client's party in the directory as an enterprise (its first act binds its key). */
    public static void registerParticipants(RightsContract registrar, List<LedgerConnection> connections) {
        for (int i = 0; i < connections.size(); i++) {
            registrar.registerParticipant(connections.get(i).identity().party(), "Benchmark enterprise " + i, "bench-" + i,
                    "enterprise", null);
        }
    }

    /** A data asset's description with content no other has. */
    static String description(int client) {
        long n = CONTENT.incrementAndGet();
        return "{\"title\":\"Benchmark data asset " + n + "\",\"industry\":\"retail\",\"classification\":\"GENERAL\","
                + "\"format\":\"CSV\",\"region\":\"CN-31\",\"sizeBytes\":1024,\"recordCount\":10,\"sha256\":\""
                + sha256("benchmark content " + client + "/" + n + "/" + System.nanoTime()) + "\"}";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Runs one call; a refusal or a transaction not committed ends the operation with the ledger's code. */
    private static Operation attempt(Operation op, Runnable call) {
        try {
            call.run();
            return op;
        } catch (LedgerException e) {
            return op.failed(e.code());
        }
    }

    private static LoadClient client(LedgerConnection connection, Supplier<Operation> next) {
        return new LoadClient() {
            @Override
            public Operation next() {
                return next.get();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    private static final class Transferring implements LoadClient {
        private static final String CONTRACT_DIGEST = sha256("benchmark transfer contract");
        private final LedgerConnection connection;
        private final RightsContract rights;
        private final int number;
        private final Queue<String> offeredToMe;
        private final String nextParty;
        private final Queue<String> offeredToNext;
        private int step;
        private String assetId;

        Transferring(LedgerConnection connection, int number, Queue<String> offeredToMe, String nextParty,
                Queue<String> offeredToNext) {
            this.connection = connection;
            this.rights = connection.rights(1);
            this.number = number;
            this.offeredToMe = offeredToMe;
            this.nextParty = nextParty;
            this.offeredToNext = offeredToNext;
        }

        @Override
        public Operation next() {
            int now = step;
            step = (step + 1) % 4;
            switch (now) {
                case 0:
                    return register();
                case 1:
                    return attempt(Operation.query("getRight"), () -> rights.right(assetId + HOLDING));
                case 2:
                    return attempt(Operation.act("offerTransfer"), () -> {
                        String expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
                        rights.offerTransfer(assetId + HOLDING, nextParty, CONTRACT_DIGEST, expiry);
                        offeredToNext.add(assetId + HOLDING);
                    });
                default:
                    String right = offeredToMe.poll();
                    return right == null ? attempt(Operation.query("getAsset"), () -> rights.asset(assetId))
                            : attempt(Operation.act("acceptTransfer"), () -> rights.acceptTransfer(right));
            }
        }

        /** The round's registration; when it fails the round starts again with another. */
        private Operation register() {
            try {
                Committed committed = rights.registerAsset(description(number));
                assetId = committed.result().path("id").asText();
                return Operation.act("registerAsset").units(1);
            } catch (LedgerException e) {
                step = 0;
                return Operation.act("registerAsset").units(1).failed(e.code());
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
