package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.json.JSONObject;
import org.mockito.invocation.InvocationOnMock;

/**
 * A simulated peer for unit tests. The {@link ChaincodeStub} is a Mockito mock whose every call is
 * answered from a committed, sorted world state plus the running transaction's write buffer, as on
 * Fabric: reads see committed state only (no read-your-own-writes), writes are buffered in order and
 * applied at commit, a failed transaction commits nothing. History is kept per key, newest first (as
 * Fabric 2.x returns it). The {@link Context} mock returns the stub and a real {@link ClientIdentity}
 * parsed from the stub's creator bytes. The peer's own MSP id is not available (the contract must not
 * use it).
 */
final class FakeFabric {
    static final Instant GENESIS = Instant.parse("2026-03-02T08:00:00Z");
    /** Fabric's largest code point, the upper bound of partial composite key ranges. */
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

    /** One buffered write: a put (value set) or a delete (value null). */
    static final class Write {
        final String key;
        final byte[] value;

        Write(String key, byte[] value) {
            this.key = key;
            this.value = value == null ? null : value.clone();
        }

        boolean isDelete() {
            return value == null;
        }

        String text() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Write)) {
                return false;
            }
            Write w = (Write) o;
            return key.equals(w.key) && Arrays.equals(value, w.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return (isDelete() ? "DEL " : "PUT ") + printable(key) + (isDelete() ? "" : " = " + text());
        }
    }

    /** The chaincode event a transaction set. */
    static final class Event {
        final String name;
        final byte[] payload;

        Event(String name, byte[] payload) {
            this.name = name;
            this.payload = payload == null ? null : payload.clone();
        }

        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Event)) {
                return false;
            }
            Event e = (Event) o;
            return name.equals(e.name) && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return name + " " + payloadText();
        }
    }

    /** What one simulated transaction did: its response or error, its writes in order, its events. */
    static final class Tx {
        final String txId;
        final Instant timestamp;
        final String response;
        final ChaincodeException error;
        final List<Write> writes;
        final List<Event> events;

        Tx(String txId, Instant timestamp, String response, ChaincodeException error, List<Write> writes,
                List<Event> events) {
            this.txId = txId;
            this.timestamp = timestamp;
            this.response = response;
            this.error = error;
            this.writes = Collections.unmodifiableList(new ArrayList<>(writes));
            this.events = Collections.unmodifiableList(new ArrayList<>(events));
        }

        Event event() {
            assertThat(events).as("events of %s", txId).hasSize(1);
            return events.get(0);
        }

        /** The last value written to a key in this transaction (null if deleted; fails if not written). */
        String written(String key) {
            Write last = null;
            for (Write w : writes) {
                if (w.key.equals(key)) {
                    last = w;
                }
            }
            if (last == null) {
                fail("%s did not write %s; it wrote %s", txId, printable(key), writes);
            }
            return last.text();
        }

        List<String> keysWritten() {
            List<String> keys = new ArrayList<>();
            for (Write w : writes) {
                keys.add(w.key);
            }
            return keys;
        }
    }

    private static final class Version implements KeyModification {
        private final String txId;
        private final byte[] value;
        private final Instant timestamp;

        Version(String txId, byte[] value, Instant timestamp) {
            this.txId = txId;
            this.value = value;
            this.timestamp = timestamp;
        }

        @Override
        public String getTxId() {
            return txId;
        }

        @Override
        public byte[] getValue() {
            return value == null ? new byte[0] : value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(getValue(), StandardCharsets.UTF_8);
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public boolean isDeleted() {
            return value == null;
        }
    }

    private static final class Entry implements KeyValue {
        private final String key;
        private final byte[] value;

        Entry(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value.clone();
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** A result iterator that records whether the contract closed it. */
    private final class Results<T> implements QueryResultsIterator<T>, QueryResultsIteratorWithMetadata<T> {
        private final List<T> items;
        private final QueryResponseMetadata metadata;
        private boolean closed;

        Results(List<T> items, QueryResponseMetadata metadata) {
            this.items = items;
            this.metadata = metadata;
            openIterators++;
        }

        @Override
        public Iterator<T> iterator() {
            return items.iterator();
        }

        @Override
        public QueryResponseMetadata getMetadata() {
            return metadata;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openIterators--;
            }
        }
    }

    private final TreeMap<String, byte[]> committed = new TreeMap<>();
    private final Map<String, List<Version>> history = new TreeMap<>();
    private final List<Write> buffer = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final ChaincodeStub stub;
    private final Context ctx;
    private int txCount;
    private int openIterators;
    private String nextTxId;
    private String txId;
    private Instant now = GENESIS;
    private Identity caller;
    private boolean inTx;

    FakeFabric() {
        stub = mock(ChaincodeStub.class, withSettings().defaultAnswer(this::answer));
        ctx = mock(Context.class);
        when(ctx.getStub()).thenReturn(stub);
        when(ctx.getClientIdentity()).thenAnswer(i -> new ClientIdentity(stub));
    }

    ChaincodeStub stub() {
        return stub;
    }

    Context context() {
        return ctx;
    }

    // ---- time and transaction ids ----

    Instant now() {
        return now;
    }

    /** Sets the timestamp of the following transactions. */
    FakeFabric at(Instant t) {
        now = t;
        return this;
    }

    FakeFabric at(String isoInstant) {
        return at(Instant.parse(isoInstant));
    }

    FakeFabric advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** The id the next transaction will get: 64 hex digits, distinct per transaction, its first 16 the count. */
    String nextTxId() {
        if (nextTxId == null) {
            int n = txCount + 1;
            nextTxId = String.format(Locale.ROOT, "%016x", n) + sha256Hex("tx-" + n).substring(0, 48);
        }
        return nextTxId;
    }

    /** The id, as the contract derives it from the next transaction: its first 16 hex digits. */
    String nextShortTx() {
        return nextTxId().substring(0, 16);
    }

    // ---- keys ----

    static String key(String type, String... attributes) {
        return new CompositeKey(type, attributes).toString();
    }

    static String assetKey(String assetId) {
        return key("asset", assetId);
    }

    static String rightKey(String rightId) {
        int slash = rightId.lastIndexOf('/');
        return key("right", rightId.substring(0, slash), rightId.substring(slash + 1));
    }

    // ---- running transactions ----

    /** Runs an act as a transaction that must succeed with exactly one event; commits it. */
    Tx submit(Identity who, Function<Context, String> act) {
        Tx tx = run(who, act);
        if (tx.error != null) {
            throw new AssertionError("expected " + who + " to succeed, but: " + tx.error.getMessage(), tx.error);
        }
        assertThat(tx.events).as("one chaincode event per act").hasSize(1);
        JSONObject payload = new JSONObject(tx.event().payloadText());
        if (payload.has("recordKey")) {
            // Clients certify the record the event names without making keys: it must be one this act wrote.
            assertThat(tx.written(payload.getString("recordKey"))).as("the record the event of %s names", tx.txId).isNotNull();
        }
        commit(tx);
        return tx;
    }

    /**
     * Runs an act that must be rejected with the code: message "CODE: sentence", payload the code's bytes,
     * nothing written, no event. Nothing is committed.
     */
    ChaincodeException rejects(Identity who, ErrorCode code, Function<Context, String> act) {
        Map<String, byte[]> before = new TreeMap<>(committed);
        Tx tx = run(who, act);
        if (tx.error == null) {
            fail("expected %s to be rejected with %s, but it returned %s", who, code, tx.response);
        }
        assertRejection(tx.error, code);
        assertThat(tx.writes).as("a rejected act writes nothing").isEmpty();
        assertThat(tx.events).as("a rejected act emits no event").isEmpty();
        assertThat(committed).as("committed state").containsExactlyEntriesOf(before);
        return tx.error;
    }

    static void assertRejection(ChaincodeException e, ErrorCode code) {
        assertThat(e.getMessage()).as("message of %s", e.getMessage()).startsWith(code.name() + ": ");
        assertThat(e.getMessage().length()).as("a sentence follows the code").isGreaterThan(code.name().length() + 6);
        assertThat(e.getPayload()).as("payload of %s", e.getMessage()).isNotNull();
        assertThat(new String(e.getPayload(), StandardCharsets.UTF_8)).as("payload").isEqualTo(code.name());
    }

    /** Runs a read-only act: it must succeed and write nothing and emit nothing. */
    String evaluate(Identity who, Function<Context, String> act) {
        Tx tx = run(who, act);
        if (tx.error != null) {
            throw new AssertionError("expected " + who + " to succeed, but: " + tx.error.getMessage(), tx.error);
        }
        assertThat(tx.writes).as("a query writes nothing").isEmpty();
        assertThat(tx.events).as("a query emits no event").isEmpty();
        return tx.response;
    }

    /** Who submits the transaction running now. */
    Identity caller() {
        return caller;
    }

    /** Runs an act and reports what it did, without committing. */
    Tx run(Identity who, Function<Context, String> act) {
        String id = nextTxId();
        txCount++;
        nextTxId = null;
        txId = id;
        caller = who;
        buffer.clear();
        events.clear();
        openIterators = 0;
        inTx = true;
        try {
            String response = act.apply(ctx);
            assertThat(openIterators).as("query iterators left open by %s", id).isZero();
            return new Tx(id, now, response, null, buffer, events);
        } catch (ChaincodeException e) {
            return new Tx(id, now, null, e, buffer, events);
        } finally {
            inTx = false;
            caller = null;
            txId = null;
        }
    }

    /** Applies a successful transaction's writes, in order, and records one version per key. */
    void commit(Tx tx) {
        assertThat(tx.error).isNull();
        Map<String, byte[]> last = new LinkedHashMap<>();
        for (Write w : tx.writes) {
            if (w.isDelete()) {
                committed.remove(w.key);
            } else {
                committed.put(w.key, w.value.clone());
            }
            last.put(w.key, w.value);
        }
        for (Map.Entry<String, byte[]> e : last.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(0, new Version(tx.txId, e.getValue(), tx.timestamp));
        }
    }

    /** Puts a record straight into committed state, as if an earlier transaction had written it. */
    void seed(String key, String json) {
        committed.put(key, json.getBytes(StandardCharsets.UTF_8));
    }

    // ---- committed state, for assertions ----

    String state(String key) {
        byte[] v = committed.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    boolean has(String key) {
        return committed.containsKey(key);
    }

    SortedMap<String, byte[]> committedState() {
        return Collections.unmodifiableSortedMap(committed);
    }

    // ---- the stub ----

    private Object answer(InvocationOnMock invocation) throws Throwable {
        String method = invocation.getMethod().getName();
        Object[] args = invocation.getRawArguments();
        switch (method) {
            case "getTxId":
                return txId();
            case "getTxTimestamp":
                requireTx(method);
                return now;
            case "getCreator":
                requireTx(method);
                return caller.creator.clone();
            case "getChannelId":
                return "registry";
            case "getState":
                requireTx(method);
                return getState((String) args[0]);
            case "getStringState":
                requireTx(method);
                return new String(getState((String) args[0]), StandardCharsets.UTF_8);
            case "putState":
                return put((String) args[0], (byte[]) args[1]);
            case "putStringState":
                return put((String) args[0], ((String) args[1]).getBytes(StandardCharsets.UTF_8));
            case "delState":
                return put((String) args[0], null);
            case "setEvent":
                requireTx(method);
                if (args[0] == null || ((String) args[0]).isEmpty()) {
                    throw new IllegalArgumentException("event name can not be nil or empty string");
                }
                events.add(new Event((String) args[0], (byte[]) args[1]));
                return null;
            case "createCompositeKey":
                return new CompositeKey((String) args[0], (String[]) args[1]);
            case "splitCompositeKey":
                return CompositeKey.parseCompositeKey((String) args[0]);
            case "getStateByPartialCompositeKey":
                requireTx(method);
                return new Results<KeyValue>(range(partialKey(args), ""), null);
            case "getStateByPartialCompositeKeyWithPagination":
                requireTx(method);
                return paged(((CompositeKey) args[0]).toString(), (Integer) args[1], (String) args[2]);
            case "getHistoryForKey":
                requireTx(method);
                List<KeyModification> versions = new ArrayList<>(history.getOrDefault((String) args[0], List.of()));
                return new Results<KeyModification>(versions, null);
            case "getMspId":
                throw new AssertionError("the contract must not depend on the peer's own MSP id");
            default:
                throw new UnsupportedOperationException("the fake peer does not simulate ChaincodeStub." + method);
        }
    }

    private String txId() {
        requireTx("getTxId");
        return txId;
    }

    private void requireTx(String method) {
        if (!inTx) {
            throw new IllegalStateException(method + " called outside a transaction");
        }
    }

    /** Fabric returns an empty value for a missing key, and never the transaction's own writes. */
    private byte[] getState(String key) {
        byte[] v = committed.get(key);
        return v == null ? new byte[0] : v.clone();
    }

    private Object put(String key, byte[] value) {
        requireTx("putState");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key cannot not be null or empty");
        }
        // On Fabric a write of an empty value is a delete.
        buffer.add(new Write(key, value == null || value.length == 0 ? null : value));
        return null;
    }

    private static String partialKey(Object[] args) {
        if (args.length == 1 && args[0] instanceof CompositeKey) {
            return args[0].toString();
        }
        if (args.length == 1) {
            String s = (String) args[0];
            return s.startsWith(CompositeKey.NAMESPACE) ? s : new CompositeKey(s).toString();
        }
        return new CompositeKey((String) args[0], (String[]) args[1]).toString();
    }

    private List<KeyValue> range(String prefix, String bookmark) {
        List<KeyValue> found = new ArrayList<>();
        // As the peer does: a bookmark simply replaces the start key of the range.
        String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        String end = prefix + MAX_UNICODE_RUNE;
        if (start.compareTo(end) >= 0) {
            return found;
        }
        for (Map.Entry<String, byte[]> e : committed.subMap(start, true, end, false).entrySet()) {
            found.add(new Entry(e.getKey(), e.getValue().clone()));
        }
        return found;
    }

    /** As Fabric's LevelDB pagination: up to pageSize records; the bookmark is the next key, or "". */
    private Results<KeyValue> paged(String prefix, int pageSize, String bookmark) {
        List<KeyValue> all = range(prefix, bookmark);
        List<KeyValue> page = new ArrayList<>(all.subList(0, Math.min(pageSize, all.size())));
        String next = all.size() > pageSize ? all.get(pageSize).getKey() : "";
        return new Results<>(page, QueryResponseMetadata.newBuilder().setFetchedRecordsCount(page.size())
                .setBookmark(next).build());
    }

    // ---- helpers ----

    static String sha256Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String printable(String key) {
        return key.replace('\u0000', '|');
    }
}
