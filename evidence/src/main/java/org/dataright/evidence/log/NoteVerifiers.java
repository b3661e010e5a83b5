package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a reader trusts, found by (key name, key ID) as signed-note says: a signature line whose
 * pair matches no key is ignored, one that matches is verified. Immutable. Two keys with the same
 * pair are refused: which one a line means would be ambiguous.
 */
public final class NoteVerifiers {
    private static final Pattern VKEY = Pattern.compile("([^+]+)\\+([0-9a-f]{8})\\+(.+)");

    private final Map<String, NoteVerifier> byNameAndId;
    private final List<NoteVerifier> all;

    private NoteVerifiers(Collection<? extends NoteVerifier> verifiers) {
        Map<String, NoteVerifier> map = new HashMap<>();
        for (NoteVerifier v : verifiers) {
            if (v == null) {
                throw new IllegalArgumentException("a verifier must not be null");
            }
            if (map.putIfAbsent(key(v.name(), v.keyId()), v) != null) {
                throw new IllegalArgumentException("two verifiers for key " + v.name() + " with ID "
                        + String.format("%08x", v.keyId()) + ": a signature line could mean either");
            }
        }
        this.byNameAndId = Map.copyOf(map);
        this.all = List.copyOf(verifiers);
    }

    public static NoteVerifiers of(Collection<? extends NoteVerifier> verifiers) {
        return new NoteVerifiers(verifiers);
    }

    public static NoteVerifiers of(NoteVerifier... verifiers) {
        return new NoteVerifiers(Arrays.asList(verifiers));
    }

    /** The verifiers of the given verifier key strings. */
    public static NoteVerifiers ofKeys(String... vkeys) {
        List<NoteVerifier> list = new ArrayList<>();
        for (String k : vkeys) {
            list.add(parseKey(k));
        }
        return new NoteVerifiers(list);
    }

    /**
     * Parses a verifier key {@code <name>+<hex key ID>+<base64(type ‖ public key)>} of type 0x01
     * (Ed25519) or 0x04 (cosignature/v1). The key ID must be the one the name and key give.
     */
    public static NoteVerifier parseKey(String vkey) {
        Matcher m = VKEY.matcher(vkey == null ? "" : vkey);
        if (vkey == null || vkey.length() > 1000 || !m.matches()) {
            throw new IllegalArgumentException("verifier key is not <name>+<8 lowercase hex>+<base64>: '"
                    + NoteText.abbreviate(String.valueOf(vkey)) + "'");
        }
        String name = NoteText.keyName("verifier key name", m.group(1));
        byte[] blob = NoteText.base64("verifier key", m.group(3));
        if (blob.length == 0) {
            throw new IllegalArgumentException("verifier key of " + name + " has no key bytes");
        }
        NoteKeyType type = NoteKeyType.of(blob[0] & 0xFF);
        byte[] key = Arrays.copyOfRange(blob, 1, blob.length);
        if (key.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("verifier key of " + name + " has " + key.length
                    + " key bytes; an Ed25519 key has " + Ed25519.KEY_SIZE);
        }
        NoteVerifier v = type == NoteKeyType.ED25519 ? Ed25519NoteVerifier.of(name, key) : CosignatureVerifier.of(name, key);
        String id = String.format("%08x", v.keyId());
        if (!id.equals(m.group(2))) {
            throw new IllegalArgumentException("verifier key of " + name + ": key ID " + m.group(2)
                    + " is not the " + id + " its name, type and key give");
        }
        return v;
    }

    static String vkey(String name, int keyId, NoteKeyType type, byte[] publicKey) {
        byte[] blob = ByteBuffer.allocate(1 + publicKey.length).put((byte) type.id()).put(publicKey).array();
        return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(blob);
    }

    /** The verifier of a signature line's (name, key ID), or null when the reader does not know that key. */
    public NoteVerifier find(String name, int keyId) {
        return byNameAndId.get(key(name, keyId));
    }

    public List<NoteVerifier> all() {
        return all;
    }

    private static String key(String name, int keyId) {
        // A name never holds a space, so the pair has one spelling.
        return name + " " + keyId;
    }
}
