package org.dataright.service.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.RightsContract;
import org.dataright.peer.ledger.CommittedBlock;
import org.dataright.peer.ledger.TxResult;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.slf4j.LoggerFactory;

/**
 * Latency of the exchange's history and holder queries over a ledger holding many registered data
 * assets, through the service's own query code: {@link RightsQueries} → fabric-gateway evaluate →
 * the embedded peer → the rights chaincode ({@code getAssetHistory}, {@code getRightHistory},
 * {@code getRightsByHolder}) → the ledger's history index and state. Prints p50/p90/p99/max of each
 * kind, one client after a warm-up, with the machine's facts.
 *
 * <p><b>Loading.</b> Every data asset is registered by the real chaincode: enterprises (Fabric CA
 * role attribute {@code enterprise}, {@value #DEFAULT_PER_HOLDER} assets each by default) send
 * {@code registerAsset} proposals through fabric-gateway, the peer endorses them (the chaincode runs
 * on a simulation and the peer signs), and each enterprise signs its transaction envelope. Instead
 * of the gateway's Submit and the orderer's small blocks, the envelopes are committed through the
 * peer's ledger API in blocks of {@code bench.blockSize} (500): the blocks hold exactly what the
 * pipeline produced and are validated like any block (signatures, endorsement policy, MVCC), so
 * state, history and indexes are those the service would have. The loaded ledger, the enterprises'
 * keys and the list of assets ({@code assets.txt}) stay in DATA_DIR: a later run reuses them, and
 * loads only what is missing when asked for more assets.
 *
 * <p>Usage: {@code QueryBenchmark DATA_DIR ASSETS [QUERIES_PER_KIND]}; system properties
 * {@code bench.blockSize}, {@code bench.perHolder}, {@code bench.clients} (concurrent proposals while
 * loading, 8), {@code bench.warmUp} (queries per kind before timing, 500), {@code bench.queryThreads}
 * (concurrent query clients, 1), {@code chaincode.jar} (default {@code chaincode/target/chaincode.jar}).
 */
public final class QueryBenchmark {
    private static final String CHAINCODE = "rights";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The query API's default page of rights by holder. */
    private static final int PAGE_SIZE = 50;
    private static final int DEFAULT_PER_HOLDER = 1000;
    private static final int BLOCK_SIZE = Integer.getInteger("bench.blockSize", 500);
    private static final int PER_HOLDER = Integer.getInteger("bench.perHolder", DEFAULT_PER_HOLDER);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 500);
    private static final int QUERY_THREADS = Integer.getInteger("bench.queryThreads", 1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final String CHAINCODE_STREAM_LOGGER = "org.dataright.peer.chaincode.ChaincodeStream";

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: QueryBenchmark DATA_DIR ASSETS [QUERIES_PER_KIND]");
        }
        Path dir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int assets = Integer.parseInt(args[1]);
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        logLevel(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "query benchmark: %s | %d cores | %s %s | max heap %d MiB | load average %.2f | data in %s%n",
                ZonedDateTime.now().withNano(0), rt.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), rt.maxMemory() >> 20, loadAverage(), dir);

        PeerConfig config = PeerConfig.builder(dir.resolve("peer")).port(0).chaincodeJar(CHAINCODE, chaincodeJar()).build();
        // The peer retries its stream while the chaincode JVM starts, with a warning each time.
        logLevel(CHAINCODE_STREAM_LOGGER, Level.ERROR);
        try (EmbeddedPeer peer = EmbeddedPeer.start(config)) {
            logLevel(CHAINCODE_STREAM_LOGGER, Level.WARN);
            Holders holders = new Holders(dir.resolve("holders"), peer);
            Manifest manifest = Manifest.read(dir.resolve("assets.txt"));
            if (manifest.size() < assets) {
                load(peer, holders, manifest, assets);
            } else {
                System.out.printf(Locale.ROOT, "reusing the ledger in %s: %,d data assets registered (asked for %,d)%n", dir,
                        manifest.size(), assets);
            }
            System.out.printf(Locale.ROOT, "ledger: %,d blocks, %,d data assets of %,d enterprises, %.2f GB on disk%n",
                    peer.ledger().height(), manifest.size(), manifest.holders(), directorySize(dir.resolve("peer")) / 1e9);
            measure(peer, holders, manifest, queries);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
    }

    // ---- loading ----

    /** A registration endorsed by the peer and signed by its enterprise, ready for a block. */
    private record Endorsed(Envelope envelope, String assetId, int holder) {
    }

    private static void load(EmbeddedPeer peer, Holders holders, Manifest manifest, int target) throws Exception {
        int from = manifest.size();
        int holderCount = Math.max(manifest.holders(), (target + PER_HOLDER - 1) / PER_HOLDER);
        holders.ensure(holderCount);
        System.out.printf(Locale.ROOT, "loading data assets %,d to %,d: %,d enterprises, %d concurrent proposals, blocks of %d …%n",
                from, target, holderCount, CLIENTS, BLOCK_SIZE);
        // Contents differ between runs, so a resumed load never repeats an earlier run's digests.
        String run = Long.toString(System.currentTimeMillis(), 36);
        LedgerEndpoint endpoint = new LedgerEndpoint(peer.endpoint(), null, null, peer.channelId(), CHAINCODE);
        List<LedgerConnection> connections = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            // One gRPC channel, one gateway per enterprise on it.
            List<Contract> contracts = new ArrayList<>();
            for (int h = 0; h < holderCount; h++) {
                SigningIdentity holder = holders.get(h);
                ClientIdentity identity = new ClientIdentity(holder.mspId(), holder.certificate(), holder.privateKey());
                LedgerConnection connection = connections.isEmpty() ? LedgerConnection.open(endpoint, identity)
                        : connections.get(0).as(identity);
                connections.add(connection);
                // Endorsement only: the benchmark cuts the blocks itself, so it needs the raw proposal.
                contracts.add(connection.network().getContract(CHAINCODE));
            }
            BlockingQueue<Endorsed> endorsed = new ArrayBlockingQueue<>(2 * BLOCK_SIZE);
            AtomicInteger next = new AtomicInteger(from);
            List<Future<?>> producers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                producers.add(clients.submit(() -> {
                    for (int n = next.getAndIncrement(); n < target; n = next.getAndIncrement()) {
                        int h = n % holderCount;
                        endorsed.put(endorse(contracts.get(h), holders.get(h), h, n, run));
                    }
                    return null;
                }));
            }
            commitAll(peer, endorsed, producers, manifest, from, target);
        } finally {
            clients.shutdownNow();
            // The first holds the channel: it goes last.
            for (int i = connections.size() - 1; i >= 0; i--) {
                connections.get(i).close();
            }
        }
    }

    private static Endorsed endorse(Contract contract, SigningIdentity holder, int h, int n, String run) throws Exception {
        ContentDigests digests = ContentDigests.of(("query benchmark " + run + " data asset " + n).getBytes(StandardCharsets.UTF_8));
        ObjectNode description = JSON.createObjectNode()
                .put("title", "Benchmark data asset " + n)
                .put("description", "Traffic counts of district " + (n % 97) + ", hourly, by road segment")
                .put("industry", n % 3 == 0 ? "transport" : n % 3 == 1 ? "retail" : "energy")
                .put("classification", n % 10 == 0 ? "IMPORTANT" : "GENERAL")
                .put("format", "CSV")
                .put("sizeBytes", 1_000_000L + n)
                .put("recordCount", 10_000L + n % 1000)
                .put("sha256", digests.sha256())
                .put("sm3", digests.sm3())
                .put("region", "CN-31");
        Transaction tx = contract.newProposal("registerAsset").addArguments(description.toString()).build().endorse();
        Envelope unsigned = PreparedTransaction.parseFrom(tx.getBytes()).getEnvelope();
        Envelope signed = unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(holder.sign(unsigned.getPayload().toByteArray()))).build();
        String assetId = JSON.readTree(tx.getResult()).path("id").asText();
        return new Endorsed(signed, assetId, h);
    }

    /** Cuts the endorsed registrations into full blocks and commits them; every transaction must be VALID. */
    private static void commitAll(EmbeddedPeer peer, BlockingQueue<Endorsed> endorsed, List<Future<?>> producers,
            Manifest manifest, int from, int target) throws Exception {
        long start = System.nanoTime();
        long[] cpuStart = cpuNanos();
        long lastReport = start;
        long[] cpuLast = cpuStart;
        int reported = from;
        int committed = from;
        while (committed < target) {
            int size = Math.min(BLOCK_SIZE, target - committed);
            List<Endorsed> block = new ArrayList<>(size);
            while (block.size() < size) {
                Endorsed e = endorsed.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    failedProducer(producers);
                    continue;
                }
                block.add(e);
                endorsed.drainTo(block, size - block.size());
            }
            CommittedBlock result = peer.ledger().commitBlock(block.stream().map(Endorsed::envelope).toList());
            for (TxResult tx : result.transactions()) {
                if (!tx.isValid()) {
                    throw new IllegalStateException("registration " + tx.txId() + " in block " + result.block().getHeader().getNumber()
                            + " was committed as " + tx.code() + ", not VALID");
                }
            }
            manifest.append(block);
            committed += block.size();
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY.toNanos() || committed == target) {
                long[] cpu = cpuNanos();
                int done = committed - reported;
                System.out.printf(Locale.ROOT, "  %,d data assets, %.0f s: %.0f registrations/s since the last line, CPU %.2f + %.2f ms "
                        + "per registration, load average %.2f%n", committed, (now - start) / 1e9, done / ((now - lastReport) / 1e9),
                        (cpu[0] - cpuLast[0]) / 1e6 / done, (cpu[1] - cpuLast[1]) / 1e6 / done, loadAverage());
                lastReport = now;
                cpuLast = cpu;
                reported = committed;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] cpu = cpuNanos();
        int loaded = target - from;
        System.out.printf(Locale.ROOT, "loaded %,d data assets in %.1f s: %.0f registrations/s; CPU per registration %.2f ms "
                + "(this JVM: clients, peer, ledger) + %.2f ms (chaincode JVM); 1,000,000 would take about %.0f min at this rate%n",
                loaded, seconds, loaded / seconds, (cpu[0] - cpuStart[0]) / 1e6 / loaded, (cpu[1] - cpuStart[1]) / 1e6 / loaded,
                1_000_000 / (loaded / seconds) / 60);
    }

    private static void failedProducer(List<Future<?>> producers) throws Exception {
        for (Future<?> p : producers) {
            if (p.isDone()) {
                p.get();
            }
        }
    }

    /** CPU time so far of this JVM and of its child processes (the chaincode). */
    private static long[] cpuNanos() {
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new long[] {own, children};
    }

    // ---- queries ----

    @FunctionalInterface
    private interface Query {
        /** Runs one query on a random data asset and checks its answer. */
        void run(SplittableRandom random);
    }

    private static void measure(EmbeddedPeer peer, Holders holders, Manifest manifest, int queries) throws Exception {
        // The service's own client identity: no role, it only reads.
        SigningIdentity service = peer.identities().organizationCa().enroll(peer.config().mspId(), "registry-service",
                MSPRoleType.CLIENT, Map.of());
        try (LedgerConnection connection = LedgerConnection.open(new LedgerEndpoint(peer.endpoint(), null, null,
                peer.channelId(), CHAINCODE), new ClientIdentity(service.mspId(), service.certificate(), service.privateKey()))) {
            RightsContract rights = connection.rights();
            System.out.printf(Locale.ROOT, "%d quer%s per kind after %d to warm up, %d client thread(s), random data assets "
                    + "and enterprises; pages of %d rights%n", queries, queries == 1 ? "y" : "ies", WARM_UP, QUERY_THREADS, PAGE_SIZE);
            System.out.println("query                               |  p50 ms |  p90 ms |  p99 ms |  max ms | queries/s "
                    + "| CPU ms/query (this JVM: client, peer, ledger + chaincode JVM)");
            time("asset history (getAssetHistory)", queries, random -> {
                int n = random.nextInt(manifest.size());
                JsonNode history = rights.assetHistory(manifest.assetId(n));
                expect(history.size() >= 1 && history.get(0).path("record").path("id").asText().equals(manifest.assetId(n)),
                        "the history of " + manifest.assetId(n), history);
            });
            time("right history (getRightHistory)", queries, random -> {
                String rightId = manifest.assetId(random.nextInt(manifest.size())) + "/RESOURCE_HOLDING";
                JsonNode history = rights.rightHistory(rightId);
                expect(history.size() >= 1 && history.get(0).path("record").path("id").asText().equals(rightId),
                        "the history of " + rightId, history);
            });
            time("rights by holder, first page", queries, random -> {
                String party = holders.party(manifest.holder(random.nextInt(manifest.size())));
                checkPage(party, rights.rightsByHolder(party, PAGE_SIZE, null));
            });
            time("rights by holder, page at random", queries, random -> {
                int n = random.nextInt(manifest.size());
                String party = holders.party(manifest.holder(n));
                // The bookmark a client paging through the holder's rights would hold: the key of the next right.
                String bookmark = "\u0000holder~right\u0000" + party + "\u0000" + manifest.assetId(n) + "/RESOURCE_HOLDING\u0000";
                checkPage(party, rights.rightsByHolder(party, PAGE_SIZE, bookmark));
            });
        }
    }

    private static void checkPage(String party, JsonNode page) {
        boolean ok = page.path("fetched").asInt() >= 1 && page.path("records").size() == page.path("fetched").asInt();
        for (JsonNode right : page.path("records")) {
            ok &= right.path("holder").asText().equals(party);
        }
        expect(ok, "the rights of " + party, page);
    }

    private static void expect(boolean ok, String what, JsonNode answer) {
        if (!ok) {
            String text = answer.toString();
            throw new IllegalStateException(what + " came back wrong: " + (text.length() > 500 ? text.substring(0, 500) + "…" : text));
        }
    }

    private static void time(String name, int queries, Query query) throws Exception {
        run(query, WARM_UP, 7);
        long[] cpuStart = cpuNanos();
        long start = System.nanoTime();
        long[] latencies = run(query, queries, 20261123);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] cpu = cpuNanos();
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%-35s | %7.2f | %7.2f | %7.2f | %7.2f | %9.0f | %5.2f + %5.2f%n", name,
                percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies[latencies.length - 1] / 1e6, queries / seconds, (cpu[0] - cpuStart[0]) / 1e6 / queries,
                (cpu[1] - cpuStart[1]) / 1e6 / queries);
    }

    /** Runs {@code count} queries on {@link #QUERY_THREADS} threads; returns each one's latency in nanoseconds. */
    private static long[] run(Query query, int count, long seed) throws Exception {
        long[] latencies = new long[count];
        ExecutorService pool = Executors.newFixedThreadPool(QUERY_THREADS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < QUERY_THREADS; t++) {
                int first = t;
                SplittableRandom random = new SplittableRandom(seed + t);
                parts.add(pool.submit(() -> {
                    for (int i = first; i < count; i += QUERY_THREADS) {
                        long start = System.nanoTime();
                        query.run(random);
                        latencies[i] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            return latencies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    // ---- what stays in DATA_DIR ----

    /** The enterprises that register the data assets; keys and certificates kept in {@code holders/}. */
    private static final class Holders {
        private final Path dir;
        private final EmbeddedPeer peer;
        private final List<SigningIdentity> list = new ArrayList<>();
        private final List<String> parties = new ArrayList<>();

        Holders(Path dir, EmbeddedPeer peer) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.peer = peer;
            for (int i = 0; Files.exists(certFile(i)); i++) {
                add(new SigningIdentity(new FabricIdentity(peer.config().mspId(), Pem.certificate(Files.readString(certFile(i)))),
                        Pem.privateKey(Files.readString(keyFile(i)))));
            }
        }

        void ensure(int count) throws IOException {
            while (list.size() < count) {
                int i = list.size();
                SigningIdentity holder = peer.identities().organizationCa().enroll(peer.config().mspId(), "bench enterprise " + i,
                        MSPRoleType.CLIENT, Map.of("role", "enterprise"));
                Files.writeString(keyFile(i), Pem.of(holder.privateKey()));
                Files.writeString(certFile(i), Pem.of(holder.certificate()));
                add(holder);
            }
        }

        private void add(SigningIdentity holder) {
            list.add(holder);
            // The chaincode's party id: <MSP id>::<certificate subject, RFC 2253>.
            parties.add(holder.mspId() + "::" + holder.certificate().getSubjectX500Principal().getName());
        }

        SigningIdentity get(int i) {
            return list.get(i);
        }

        String party(int i) {
            return parties.get(i);
        }

        private Path certFile(int i) {
            return dir.resolve(i + "-cert.pem");
        }

        private Path keyFile(int i) {
            return dir.resolve(i + "-key.pem");
        }
    }

    /** The registered data assets, one line each ({@code <asset id> <enterprise number>}), appended after each block. */
    private static final class Manifest {
        private final Path file;
        private String[] assetIds = new String[1024];
        private int[] holderOf = new int[1024];
        private int size;
        private int holders;

        private Manifest(Path file) {
            this.file = file;
        }

        static Manifest read(Path file) throws IOException {
            Manifest m = new Manifest(file);
            if (Files.exists(file)) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.forEach(line -> {
                        String[] parts = line.split(" ");
                        m.add(parts[0], Integer.parseInt(parts[1]));
                    });
                }
            }
            return m;
        }

        void append(List<Endorsed> block) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                for (Endorsed e : block) {
                    out.write(e.assetId() + " " + e.holder() + "\n");
                    add(e.assetId(), e.holder());
                }
            }
        }

        private void add(String assetId, int holder) {
            if (size == assetIds.length) {
                assetIds = Arrays.copyOf(assetIds, size * 2);
                holderOf = Arrays.copyOf(holderOf, size * 2);
            }
            assetIds[size] = assetId;
            holderOf[size++] = holder;
            holders = Math.max(holders, holder + 1);
        }

        int size() {
            return size;
        }

        int holders() {
            return holders;
        }

        String assetId(int n) {
            return assetIds[n];
        }

        int holder(int n) {
            return holderOf[n];
        }
    }

    // ---- machine and files ----

    private static void logLevel(String logger, Level level) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(level);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Path chaincodeJar() {
        String configured = System.getProperty("chaincode.jar");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("chaincode/target/chaincode.jar"), Path.of("../chaincode/target/chaincode.jar"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("the chaincode jar is not at " + candidates + ": build it with "
                + "'mvn -B -pl chaincode install -DskipTests' or name it with -Dchaincode.jar=PATH");
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
