package org.dataright.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.dataright.drills.Registry.Kind;
import org.dataright.drills.Registry.Outcome;
import org.dataright.drills.Registry.Participant;
import org.dataright.drills.Registry.Session;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.evidence.verify.Verifier;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import org.dataright.testsupport.RegistryServiceProcess;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conflict drill: many clients act on the same right at the same moment through fabric-gateway,
 * against the service jar. Exactly one act commits; every other client is told, in words, that it
 * lost: {@code MVCC_READ_CONFLICT} from the commit (it read the right before the winner changed it),
 * or the chaincode's refusal (it read the right after). State and history show the one winner only.
 */
class ConflictDrillIT {
    private static final int CLIENTS = Integer.getInteger("dpr.drill.conflict.clients", 100);
    private static final String EXPIRY = "2099-01-01T00:00:00Z";

    @TempDir
    static Path data;

    private static RegistryServiceProcess service;
    private static Registry registry;
    private static Participant holder;

    @BeforeAll
    static void start() {
        service = Registry.service(data, Path.of("target", "drill-logs", "conflict", "service.log"));
        Duration started = service.start();
        System.out.printf(Locale.ROOT, "conflict drill: %d clients; service started in %.1f s%n", CLIENTS, started.toMillis() / 1000.0);
        registry = new Registry(service);
        holder = registry.enrol("enterprise", "conflict-holder");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
            service.close();
        }
    }

    /** The receiver, on as many connections as there are clients, accepts one offer at once. */
    @Test
    void exactlyOneOfConcurrentAcceptancesTakesTheRight() throws Exception {
        Participant receiver = registry.enrol("enterprise", "conflict-receiver");
        String rightId = registeredRight("acceptance race");
        try (Session session = registry.connect(holder)) {
            assertThat(session.submit(rights -> rights.offerTransfer(rightId, receiver.party(), digest("contract"), EXPIRY)).kind())
                    .isEqualTo(Kind.COMMITTED);
        }

        List<Outcome> outcomes = race("acceptTransfer", i -> receiver, rightId, i -> rights -> rights.acceptTransfer(rightId));

        Outcome winner = onlyWinner(outcomes, "acceptTransfer");
        assertLosers(outcomes, rightId, Set.of("NO_OFFER"));
        assertOneTransferTo(rightId, receiver, winner);
    }

    /**
     * The holder offers one right to a hundred receivers at once (each its own enrolled identity): one
     * offer stands. Then all hundred receivers try to accept at once: only the one the offer names gets
     * the right.
     */
    @Test
    void exactlyOneOfConcurrentOffersStandsAndOnlyItsReceiverTakesTheRight() throws Exception {
        List<Participant> receivers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            receivers.add(registry.enrol("enterprise", "conflict-receiver-" + i));
        }
        String rightId = registeredRight("offer race");

        List<Outcome> offers = race("offerTransfer", i -> holder, rightId,
                i -> rights -> rights.offerTransfer(rightId, receivers.get(i).party(), digest("contract " + i), EXPIRY));
        Outcome offer = onlyWinner(offers, "offerTransfer");
        assertLosers(offers, rightId, Set.of("OFFER_PENDING"));
        String offeredTo = Registry.JSON.readTree(offer.result()).path("offer").path("receiver").asText();
        Participant named = receivers.stream().filter(r -> r.party().equals(offeredTo)).findFirst()
                .orElseThrow(() -> new AssertionError("the offer names " + offeredTo + ", none of the receivers"));

        List<Outcome> acceptances = race("acceptTransfer", receivers::get, rightId, i -> rights -> rights.acceptTransfer(rightId));
        Outcome winner = onlyWinner(acceptances, "acceptTransfer");
        assertThat(acceptances.get(receivers.indexOf(named))).as("the named receiver's acceptance").isSameAs(winner);
        // The others are not the receiver; once the winner committed there is no offer left to be refused for.
        assertLosers(acceptances, rightId, Set.of("NOT_RECEIVER", "NO_OFFER"));
        assertOneTransferTo(rightId, named, winner);
    }

    // ---- the race ----

    /**
     * Each client connects and reads the right first (so the race is not a race to connect), then all
     * submit at one signal. Returns the outcomes in client order.
     */
    private static List<Outcome> race(String function, IntFunction<Participant> who, String rightId,
            IntFunction<Function<RightsContract, Committed>> act) throws Exception {
        Registry.NetworkInfo network = registry.network();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    try (Session session = new Session(who.apply(client), network)) {
                        session.query(rights -> rights.right(rightId));
                        ready.countDown();
                        go.await();
                        return session.submit(act.apply(client));
                    } finally {
                        // A client that failed before it was ready must not hold the others back (a second count is harmless).
                        ready.countDown();
                    }
                }));
            }
            ready.await();
            Instant begin = Instant.now();
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            Map<String, Integer> tally = new TreeMap<>();
            Map<String, String> examples = new TreeMap<>();
            for (Outcome o : outcomes) {
                String key = o.kind() == Kind.COMMITTED ? "COMMITTED"
                        : o.kind() == Kind.INVALIDATED ? String.valueOf(o.validationCode())
                        : o.kind() == Kind.REFUSED ? o.errorCode() : "UNKNOWN";
                tally.merge(key, 1, Integer::sum);
                if (o.message() != null) {
                    examples.putIfAbsent(key, o.message());
                }
            }
            System.out.printf(Locale.ROOT, "conflict drill: %d x %s on %s in %.1f s: %s%n", CLIENTS, function, rightId,
                    Duration.between(begin, Instant.now()).toMillis() / 1000.0, tally);
            examples.forEach((key, message) -> System.out.printf(Locale.ROOT, "conflict drill:   %s, e.g. \"%s\"%n", key, message));
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome onlyWinner(List<Outcome> outcomes, String function) {
        List<Outcome> committed = outcomes.stream().filter(Outcome::committed).toList();
        assertThat(committed).as("committed %s", function).hasSize(1);
        return committed.get(0);
    }

    /**
     * Every loser was told clearly why: the commit's validation code MVCC_READ_CONFLICT, or the
     * chaincode's refusal {@code CODE: sentence} naming the right.
     */
    private static void assertLosers(List<Outcome> outcomes, String rightId, Set<String> refusals) {
        for (Outcome o : outcomes) {
            if (o.committed()) {
                continue;
            }
            assertThat(o.kind()).as("a loser's outcome: %s", o).isIn(Kind.INVALIDATED, Kind.REFUSED);
            if (o.kind() == Kind.INVALIDATED) {
                assertThat(o.validationCode()).as(o.toString()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
                assertThat(o.message()).contains("MVCC_READ_CONFLICT", o.txId());
            } else {
                assertThat(o.errorCode()).as(o.toString()).isIn(refusals);
                assertThat(o.message()).as("the refusal names the code and the right").startsWith(o.errorCode() + ": ")
                        .contains(rightId);
            }
        }
    }

    /** State and history: the right moved once, to {@code receiver}, by the winning transaction. */
    private static void assertOneTransferTo(String rightId, Participant receiver, Outcome winner) throws Exception {
        try (Session session = registry.connect(holder)) {
            JsonNode right = session.query(rights -> rights.right(rightId));
            assertThat(right.get("holder").asText()).isEqualTo(receiver.party());
            assertThat(right.get("offer").isNull()).as("no offer left on %s", right).isTrue();

            JsonNode history = session.query(rights -> rights.rightHistory(rightId));
            List<JsonNode> transfers = new ArrayList<>();
            List<String> holders = new ArrayList<>();
            history.forEach(version -> {
                if (version.get("act").asText().equals("ACCEPT_TRANSFER")) {
                    transfers.add(version);
                }
                String h = version.get("record").get("holder").asText();
                if (holders.isEmpty() || !holders.get(holders.size() - 1).equals(h)) {
                    holders.add(h);
                }
            });
            assertThat(transfers).as("transfers in the history of %s", rightId).hasSize(1);
            assertThat(transfers.get(0).get("txId").asText()).isEqualTo(winner.txId());
            assertThat(holders).as("holders of %s over its history (newest first)", rightId)
                    .containsExactly(receiver.party(), holder.party());
            assertThat(session.query(rights -> rights.rightsByHolder(receiver.party(), 50, null)).toString()).contains(rightId);
            assertThat(session.query(rights -> rights.rightsByHolder(holder.party(), 50, null)).toString()).doesNotContain(rightId);
        }
        // The winning act is certifiable and its certificate verifies offline.
        HttpResponse<String> certificate = registry.postJson("/api/certificates", "{\"transactionId\":\"" + winner.txId() + "\"}");
        assertThat(certificate.statusCode()).as(certificate.body()).isEqualTo(201);
        var result = Verifier.forBundle(registry.network().trustBundle()).verify(certificate.body());
        assertThat(result.failures()).isEmpty();
        assertThat(Registry.json(certificate, 201).get("act").asText()).isEqualTo("ACCEPT_TRANSFER");
    }

    /** A fresh asset of the holder; its RESOURCE_HOLDING right. */
    private static String registeredRight(String title) {
        byte[] content = (title + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (Session session = registry.connect(holder)) {
            Outcome registered = session.submit(rights -> rights.registerAsset(
                    Registry.assetDescription("Conflict drill: " + title, content.length, ContentDigests.of(content))));
            assertThat(registered.kind()).as(registered.toString()).isEqualTo(Kind.COMMITTED);
            return "A-" + registered.txId().substring(0, 16) + "/RESOURCE_HOLDING";
        }
    }

    private static String digest(String text) {
        return ContentDigests.of(text.getBytes(StandardCharsets.UTF_8)).sha256();
    }
}
