package org.dataright.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.json.JSONObject;

/**
 * The chaincode's keys and typed reads and writes of world state. Every key is a composite key
 * made here; reads see committed state only (Fabric has no read-your-own-writes), so each act reads
 * a key before it writes it, at most once.
 */
final class Ledger {
    static final String ASSET = "asset";
    static final String RIGHT = "right";
    static final String LICENCE = "licence";
    static final String ACT = "act";
    static final String OBJECTION = "objection";
    static final String EVIDENCE = "evidence";
    static final String CONFIG = "config";
    static final String PARTICIPANT = "participant";
    /** Index: handle → party id, so a handle names one participant. */
    static final String HANDLE_INDEX = "handle~participant";
    /** Index: the look-alike key of a display name ({@link Text#skeleton}) → party id, so a name names one participant. */
    static final String NAME_INDEX = "name~participant";
    /** The {@link Text#SKELETON_RULE} the name index was built by; absent on a ledger from before the index. */
    static final String NAME_INDEX_RULE = "name~participant~rule";
    /**
     * Index: holder, right id → a copy of the right's record, so a page of a holder's rights is one
     * range read. Entries written before the copy was kept hold {@link #MARKER}.
     */
    static final String HOLDER_INDEX = "holder~right";
    /** Index: digest algorithm, digest → asset id. */
    static final String DIGEST_INDEX = "digest~asset";
    /** Fabric treats an empty value as a delete, so index entries hold one zero byte. */
    private static final byte[] MARKER = {0};

    private final ChaincodeStub stub;

    Ledger(ChaincodeStub stub) {
        this.stub = stub;
    }

    String key(String type, String... attributes) {
        return stub.createCompositeKey(type, attributes).toString();
    }

    Asset asset(String id) {
        return read(key(ASSET, Input.id("asset id", id)), Asset::from,
                () -> ErrorCode.ASSET_NOT_FOUND.reject("no asset %s is registered", id));
    }

    Right right(String rightId) {
        return read(rightKey(rightId), Right::from,
                () -> ErrorCode.RIGHT_NOT_FOUND.reject("no right %s is registered", rightId));
    }

    boolean rightExists(String assetId, RightType type) {
        return exists(rightKey(Right.idOf(assetId, type)));
    }

    Licence licence(String licenceId) {
        return read(childKey(LICENCE, "licence id", licenceId), Licence::from,
                () -> ErrorCode.LICENCE_NOT_FOUND.reject("no licence %s exists", licenceId));
    }

    List<Licence> licencesOf(String assetId) {
        return scan(LICENCE, Licence::from, assetId);
    }

    List<Right> rightsOf(String assetId) {
        return scan(RIGHT, Right::from, assetId);
    }

    List<Evidence> evidenceOf(String assetId) {
        return scan(EVIDENCE, Evidence::from, assetId);
    }

    PendingAct act(String id) {
        return read(key(ACT, Input.id("act id", id)), PendingAct::from,
                () -> ErrorCode.ACT_NOT_FOUND.reject("no act %s awaits review or publicity", id));
    }

    Objection objection(String id) {
        return read(key(OBJECTION, Input.id("objection id", id)), Objection::from,
                () -> ErrorCode.OBJECTION_NOT_FOUND.reject("no objection %s was filed", id));
    }

    /** The participant's record, or null when the directory has none (a party that acted before it existed). */
    Participant participantOrNull(String partyId) {
        byte[] bytes = stub.getState(key(PARTICIPANT, partyId));
        return bytes == null || bytes.length == 0 ? null : Participant.from(Json.stored(PARTICIPANT, bytes));
    }

    Participant participant(String partyId) {
        Participant p = participantOrNull(partyId);
        if (p == null) {
            throw ErrorCode.PARTICIPANT_NOT_FOUND.reject("%s is not in the participant directory", partyId);
        }
        return p;
    }

    /** The party id a handle names, or null. */
    String partyWithHandle(String handle) {
        byte[] bytes = stub.getState(key(HANDLE_INDEX, handle));
        return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Every participant, in the order of their keys. */
    List<Participant> participants() {
        return scan(PARTICIPANT, Participant::from);
    }

    /** Writes a participant and its handle's index entry, dropping the entry of a handle it gave up; its key. */
    String put(Participant p, String formerHandle) {
        if (formerHandle != null && !formerHandle.equals(p.handle)) {
            stub.delState(key(HANDLE_INDEX, formerHandle));
        }
        stub.putState(key(HANDLE_INDEX, p.handle), p.id.getBytes(StandardCharsets.UTF_8));
        return write(key(PARTICIPANT, p.id), p.toJson());
    }

    /**
     * The name index. On a ledger whose index is missing (participants entered before it existed) or was
     * built by another {@link Text#SKELETON_RULE}, it is built from the directory, in party-id order, so
     * every endorser builds the same one; {@link NameIndex#record} writes it then. Of two such participants
     * whose names already looked alike, the first keeps the entry; neither is changed.
     */
    NameIndex nameIndex() {
        byte[] rule = stub.getState(key(NAME_INDEX_RULE));
        if (rule != null && Text.SKELETON_RULE.equals(new String(rule, StandardCharsets.UTF_8))) {
            return new NameIndex(null);
        }
        java.util.TreeMap<String, String> built = new java.util.TreeMap<>();
        for (Participant p : participants()) {
            built.putIfAbsent(Text.skeleton(p.name), p.id);
        }
        return new NameIndex(built);
    }

    /** Display names by look-alike key, read from the ledger, or as just built from the directory. */
    final class NameIndex {
        /** Null when the ledger's index is current. */
        private final java.util.SortedMap<String, String> built;

        private NameIndex(java.util.SortedMap<String, String> built) {
            this.built = built;
        }

        /** Refuses a name that looks like another participant's ({@code self}: the participant it is for, or null). */
        NameIndex mustBeDistinct(String name, String self) {
            String holder = partyWith(Text.skeleton(name));
            if (holder != null && !holder.equals(self)) {
                Participant existing = participantOrNull(holder);
                throw ErrorCode.NAME_CONFUSABLE.reject("the display name '%s' looks like '%s', the name of %s (%s); "
                        + "a look-alike name would let one participant pass for another, so choose a distinct name",
                        name, existing == null ? "?" : existing.name, existing == null ? holder : existing.handle, holder);
            }
            return this;
        }

        /** Writes the index as a registration ({@code before} null) or a rename leaves it. */
        void record(Participant before, Participant after) {
            if (built != null) {
                try (QueryResultsIterator<KeyValue> old = stub.getStateByPartialCompositeKey(
                        stub.createCompositeKey(NAME_INDEX))) {
                    for (KeyValue kv : old) {
                        // Entries of another rule that the rebuilt index does not overwrite.
                        if (!built.containsKey(stub.splitCompositeKey(kv.getKey()).getAttributes().get(0))) {
                            stub.delState(kv.getKey());
                        }
                    }
                } catch (Exception e) {
                    throw asRuntime(e);
                }
                for (java.util.Map.Entry<String, String> e : built.entrySet()) {
                    stub.putState(key(NAME_INDEX, e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                stub.putState(key(NAME_INDEX_RULE), Text.SKELETON_RULE.getBytes(StandardCharsets.UTF_8));
            }
            String skeleton = Text.skeleton(after.name);
            if (before != null) {
                String former = Text.skeleton(before.name);
                if (!former.equals(skeleton) && after.id.equals(partyWith(former))) {
                    stub.delState(key(NAME_INDEX, former));
                }
            }
            if (!after.id.equals(partyWith(skeleton)) || built != null) {
                stub.putState(key(NAME_INDEX, skeleton), after.id.getBytes(StandardCharsets.UTF_8));
            }
        }

        private String partyWith(String skeleton) {
            if (built != null) {
                return built.get(skeleton);
            }
            byte[] bytes = stub.getState(key(NAME_INDEX, skeleton));
            return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Every pending act (registrations and transfers under review, in publicity, or settled), in id order. */
    List<PendingAct> acts() {
        return scan(ACT, PendingAct::from);
    }

    RegistryConfig config() {
        byte[] bytes = stub.getState(key(CONFIG));
        return bytes == null || bytes.length == 0 ? RegistryConfig.DEFAULT
                : RegistryConfig.from(Json.stored(CONFIG, bytes));
    }

    /** The asset already registered with this digest, or null. */
    String assetWithDigest(String algorithm, String digest) {
        byte[] bytes = stub.getState(key(DIGEST_INDEX, algorithm, digest));
        return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes an asset; its key, which the act's event names when the asset is what the act records. */
    String put(Asset a) {
        return write(key(ASSET, a.id), a.toJson());
    }

    /** Writes a right and its entry in its holder's listing (a rejected right is listed under no one); the right's key. */
    String put(Right r) {
        String record = r.toJson();
        String key = write(rightKey(r.id), record);
        String listing = key(HOLDER_INDEX, r.holder, r.id);
        if (r.status == Right.Status.REJECTED) {
            stub.delState(listing);
        } else {
            write(listing, record);
        }
        return key;
    }

    String put(Licence l) {
        return write(key(LICENCE, l.assetId, l.id), l.toJson());
    }

    /** Writes a pending act; its key, which the event names when the act settles nothing. */
    String put(PendingAct p) {
        return write(key(ACT, p.id), p.toJson());
    }

    /** Writes an objection; its key, which a filing's event names. */
    String put(Objection o) {
        return write(key(OBJECTION, o.id), o.toJson());
    }

    String put(Evidence e) {
        return write(key(EVIDENCE, e.assetId, e.id), e.toJson());
    }

    /** Writes the registry's configuration; its key, which the configuring event names. */
    String put(RegistryConfig c) {
        return write(key(CONFIG), c.toJson());
    }

    /** Takes a right off its former holder's listing; {@link #put(Right)} lists it under the new one. */
    void unlist(String formerHolder, String rightId) {
        stub.delState(key(HOLDER_INDEX, formerHolder, rightId));
    }

    /** The right's record from its holder-listing entry, read from the right itself for an old entry. */
    String listedRight(String rightId, byte[] entry) {
        return Arrays.equals(entry, MARKER) ? right(rightId).toJson() : new String(entry, StandardCharsets.UTF_8);
    }

    void indexDigest(String algorithm, String digest, String assetId) {
        stub.putState(key(DIGEST_INDEX, algorithm, digest), assetId.getBytes(StandardCharsets.UTF_8));
    }

    void unindexDigest(String algorithm, String digest) {
        stub.delState(key(DIGEST_INDEX, algorithm, digest));
    }

    /** A right's key is {@code right, <asset id>, <type>} so that an asset's rights are one range. */
    String rightKey(String rightId) {
        int slash = rightId == null ? -1 : rightId.lastIndexOf('/');
        if (slash <= 0) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a right id is <asset id>/<right type>, not '%s'",
                    rightId == null ? "" : Input.abbreviate(rightId));
        }
        String assetId = Input.id("asset id", rightId.substring(0, slash));
        RightType type = Input.choice("right type", rightId.substring(slash + 1), RightType.class);
        return key(RIGHT, assetId, type.name());
    }

    /** Licences and evidence have ids {@code <asset id>/<own id>} and live under their asset. */
    private String childKey(String type, String what, String id) {
        Input.id(what, id);
        int slash = id.lastIndexOf('/');
        if (slash <= 0) {
            throw ErrorCode.INVALID_ARGUMENT.reject("a %s is <asset id>/<id>, not '%s'", what, id);
        }
        return key(type, id.substring(0, slash), id);
    }

    private boolean exists(String key) {
        byte[] bytes = stub.getState(key);
        return bytes != null && bytes.length > 0;
    }

    private <T> T read(String key, Function<JSONObject, T> parse,
            java.util.function.Supplier<RuntimeException> missing) {
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            throw missing.get();
        }
        return parse.apply(Json.stored(key, bytes));
    }

    private <T> List<T> scan(String type, Function<JSONObject, T> parse, String... attributes) {
        List<T> found = new ArrayList<>();
        CompositeKey partial = stub.createCompositeKey(type, attributes);
        try (QueryResultsIterator<KeyValue> results = stub.getStateByPartialCompositeKey(partial)) {
            for (KeyValue kv : results) {
                found.add(parse.apply(Json.stored(kv.getKey(), kv.getValue())));
            }
        } catch (Exception e) {
            throw asRuntime(e);
        }
        return found;
    }

    private String write(String key, String json) {
        stub.putState(key, json.getBytes(StandardCharsets.UTF_8));
        return key;
    }

    static RuntimeException asRuntime(Exception e) {
        return e instanceof RuntimeException ? (RuntimeException) e
                : new IllegalStateException("closing a ledger query failed: " + e.getMessage(), e);
    }
}
