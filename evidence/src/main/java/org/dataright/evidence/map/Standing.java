package org.dataright.evidence.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dataright.evidence.canonical.Jcs;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.SignedNote;

/**
 * A standing certificate: a register extract of one data asset as of a checkpoint — every current
 * record of the asset (its registration, each right with holder, status, open offer, pledge and
 * freeze, its licences and evidence), a {@link MapProof} that these are all of them, and the
 * checkpoint whose {@value #MAP_EXTENSION} line is the state map's root. So "no pledge as of
 * checkpoint N" is proved: the right's record is there, complete, and has no pledge; an asset that was
 * never registered is proved absent. Verifiable offline with the log's policy, like any certificate.
 *
 * <pre>{"assetId":"A-…","checkpoint":"&lt;signed note&gt;","format":"dpr-standing/v1",
 *  "proof":{"end":"MEMBER|OTHER_LEAF|EMPTY","leafKey":"&lt;hex&gt;"?,"leafValue":"&lt;hex&gt;"?,"siblings":["&lt;hex&gt;",…]},
 *  "records":[{"block":n,"key":"&lt;record key&gt;","tx":i,"value":"&lt;base64 of the record's bytes&gt;"},…]}</pre>
 */
public final class Standing {
    public static final String FORMAT = "dpr-standing/v1";
    public static final String MEDIA_TYPE = "application/vnd.dataright.standing.v1+json";
    /** The checkpoint extension line that carries the state map's root: {@code dpr-state-map <base64 root>}. */
    public static final String MAP_EXTENSION = "dpr-state-map";

    /** Opens a checkpoint note: its log signature and witness quorum, by a trust policy. */
    @FunctionalInterface
    public interface CheckpointCheck {
        /** @throws IllegalArgumentException naming what does not hold */
        Checkpoint open(SignedNote checkpoint);
    }

    /** One record of the asset: its key, its bytes and where they were written. */
    public record Record(String key, long block, int tx, byte[] value) {
    }

    /** What a verified standing says. */
    public record Extract(String assetId, Checkpoint checkpoint, boolean registered, List<JsonNode> records) {
        /** The records of one type ({@code asset}, {@code right}, {@code licence}, {@code evidence}). */
        public List<JsonNode> ofType(String type) {
            return records.stream().filter(r -> r.path("type").asText().equals(type)).map(r -> r.get("record")).toList();
        }
    }

    private final String assetId;
    private final List<Record> records;
    private final MapProof proof;
    private final SignedNote checkpoint;

    public Standing(String assetId, List<Record> records, MapProof proof, SignedNote checkpoint) {
        this.assetId = assetId;
        this.records = List.copyOf(records);
        this.proof = proof;
        this.checkpoint = checkpoint;
    }

    /** The map root a checkpoint carries. */
    public static byte[] mapRoot(Checkpoint checkpoint) {
        for (String line : checkpoint.extensions()) {
            if (line.startsWith(MAP_EXTENSION + " ")) {
                byte[] root = StrictJson.base64("checkpoint " + MAP_EXTENSION, line.substring(MAP_EXTENSION.length() + 1));
                StateMap.require("root", root);
                return root;
            }
        }
        throw new IllegalArgumentException("the checkpoint of size " + checkpoint.size() + " carries no "
                + MAP_EXTENSION + " line: it commits to no state [map-root]");
    }

    /** The extension line for a map root. */
    public static String mapExtension(byte[] root) {
        return MAP_EXTENSION + " " + Base64.getEncoder().encodeToString(root);
    }

    public String assetId() {
        return assetId;
    }

    public SignedNote checkpoint() {
        return checkpoint;
    }

    /**
     * Checks the checkpoint, that every record belongs to the asset, and that the records are exactly
     * the asset's entry in the map the checkpoint commits to.
     *
     * @throws IllegalArgumentException naming the check that failed
     */
    public Extract verify(CheckpointCheck check) {
        Checkpoint opened = check.open(checkpoint);
        byte[] root = mapRoot(opened);
        if (!Arrays.equals(proof.key(), AssetRecords.mapKey(assetId))) {
            throw new IllegalArgumentException("the map proof is for another key than asset " + assetId + " [map-key]");
        }
        SortedMap<String, byte[]> hashes = new TreeMap<>();
        List<JsonNode> parsed = new ArrayList<>();
        for (Record r : records) {
            if (!assetId.equals(AssetRecords.assetOf(r.key()))) {
                throw new IllegalArgumentException("the record " + printable(r.key()) + " is not a record of asset "
                        + assetId + " [records]");
            }
            if (hashes.put(r.key(), AssetRecords.recordHash(r.value())) != null) {
                throw new IllegalArgumentException("the record " + printable(r.key()) + " is given twice [records]");
            }
            ObjectNode entry = StrictJson.MAPPER.createObjectNode();
            entry.put("type", AssetRecords.typeOf(r.key()));
            entry.set("record", recordJson(r));
            parsed.add(entry);
        }
        byte[] value = proof.verify(root);
        if (records.isEmpty()) {
            if (value != null) {
                throw new IllegalArgumentException("the standing gives no record, but the map holds asset " + assetId
                        + " [records]");
            }
            return new Extract(assetId, opened, false, List.of());
        }
        if (value == null) {
            throw new IllegalArgumentException("the map proves asset " + assetId + " absent, but the standing gives records"
                    + " [records]");
        }
        if (!Arrays.equals(value, AssetRecords.mapValue(hashes))) {
            throw new IllegalArgumentException("the records are not those the map holds for asset " + assetId
                    + " (one is changed, missing or added) [records]");
        }
        return new Extract(assetId, opened, true, parsed);
    }

    private static JsonNode recordJson(Record r) {
        try {
            return StrictJson.MAPPER.readTree(new String(r.value(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the record " + printable(r.key()) + " is not JSON [records]", e);
        }
    }

    static String printable(String key) {
        return key.replace('\u0000', '/');
    }

    public String toJson() {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("assetId", assetId);
        root.put("checkpoint", checkpoint.render());
        ObjectNode p = root.putObject("proof");
        p.put("end", proof.end().name());
        if (proof.end() == MapProof.End.OTHER_LEAF) {
            p.put("leafKey", HexFormat.of().formatHex(proof.leafKey()));
        }
        if (proof.end() != MapProof.End.EMPTY) {
            p.put("leafValue", HexFormat.of().formatHex(proof.leafValue()));
        }
        ArrayNode siblings = p.putArray("siblings");
        proof.siblings().forEach(s -> siblings.add(HexFormat.of().formatHex(s)));
        ArrayNode list = root.putArray("records");
        for (Record r : records) {
            list.addObject().put("key", r.key()).put("block", r.block()).put("tx", r.tx())
                    .put("value", Base64.getEncoder().encodeToString(r.value()));
        }
        return Jcs.canonicalString(root);
    }

    /** Parses a standing; throws {@link IllegalArgumentException} naming the first field that is wrong. */
    public static Standing fromJson(String json) {
        ObjectNode root = StrictJson.parseObject("standing", new StringReader(json));
        StrictJson.onlyFields(root, "", "format", "assetId", "checkpoint", "proof", "records");
        if (!FORMAT.equals(StrictJson.text(root, "", "format"))) {
            throw new IllegalArgumentException("format: not " + FORMAT);
        }
        String assetId = StrictJson.text(root, "", "assetId");
        SignedNote checkpoint = SignedNote.parse(StrictJson.text(root, "", "checkpoint"));
        ObjectNode p = StrictJson.object(root, "", "proof");
        StrictJson.onlyFields(p, "proof", "end", "leafKey", "leafValue", "siblings");
        List<byte[]> siblings = new ArrayList<>();
        for (String s : StrictJson.texts(p, "proof", "siblings")) {
            siblings.add(hex("proof.siblings", s));
        }
        byte[] key = AssetRecords.mapKey(assetId);
        String end = StrictJson.text(p, "proof", "end");
        MapProof proof = switch (end) {
            case "MEMBER" -> MapProof.member(key, StrictJson.hex(p, "proof", "leafValue"), siblings);
            case "OTHER_LEAF" -> MapProof.otherLeaf(key, StrictJson.hex(p, "proof", "leafKey"),
                    StrictJson.hex(p, "proof", "leafValue"), siblings);
            case "EMPTY" -> MapProof.empty(key, siblings);
            default -> throw new IllegalArgumentException("proof.end: '" + end + "' is not MEMBER, OTHER_LEAF or EMPTY");
        };
        List<Record> records = new ArrayList<>();
        List<JsonNode> items = StrictJson.array(root, "", "records");
        for (int i = 0; i < items.size(); i++) {
            String path = "records[" + i + "]";
            ObjectNode r = StrictJson.element(items.get(i), path);
            StrictJson.onlyFields(r, path, "key", "block", "tx", "value");
            records.add(new Record(StrictJson.text(r, path, "key"), StrictJson.integer(r, path, "block", 0, Long.MAX_VALUE),
                    (int) StrictJson.integer(r, path, "tx", 0, Integer.MAX_VALUE), StrictJson.base64Field(r, path, "value")));
        }
        return new Standing(assetId, records, proof, checkpoint);
    }

    private static byte[] hex(String path, String s) {
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": '" + s + "' is not hex", e);
        }
    }
}
