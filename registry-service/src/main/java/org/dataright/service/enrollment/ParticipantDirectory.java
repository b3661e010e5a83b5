package org.dataright.service.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's part in the ledger's participant directory in embedded mode: each participant the
 * service enrols is entered (name and role from the registrar's token, a handle made from the name, the
 * key of its new certificate pinned) by the registrar identity before its certificate is handed out, so
 * others can name it at once and no other key can act in its name. A renewal (a new certificate for a
 * participant entered already) is a registrar rebind of its key, with the token as the reason.
 * Participants enrolled before the directory existed are entered at start ({@link #backfill}), with no
 * key: the service kept no certificates, so their first act binds the key it is signed with.
 */
public final class ParticipantDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParticipantDirectory.class);
    private static final int MAX_HANDLE = 32;

    private final RightsContract asRegistrar;
    private final LedgerConnection connection;

    /** @param registrar a connection as the registrar, which this directory closes */
    public ParticipantDirectory(LedgerConnection registrar) {
        this(registrar.rights(), registrar);
    }

    ParticipantDirectory(RightsContract asRegistrar, LedgerConnection connection) {
        this.asRegistrar = asRegistrar;
        this.connection = connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * The display name as the directory would store it, asked of the chaincode (so the rule is its own);
     * a {@link LedgerException} with its code when it would refuse it: {@code NAME_CONFUSABLE} for a
     * look-alike of a participant's name, {@code TEXT_CONTROL_CHARACTER}, ….
     */
    public String checkedName(String name) {
        return asRegistrar.checkParticipantName(name).path("name").asText();
    }

    /**
     * Enters the participant with the key of {@code certificatePem} (null: none, for the backfill); when the
     * directory holds it already — a renewal: a new key, the same party — the registrar rebinds its key to
     * this certificate, giving {@code renewal} as the reason, and the keys it had stop being current.
     */
    public synchronized void enter(String party, String name, String role, String certificatePem, String renewal) {
        Set<String> handles = new HashSet<>();
        for (JsonNode p : asRegistrar.participants()) {
            if (party.equals(p.path("id").asText())) {
                if (certificatePem != null) {
                    asRegistrar.rebindKey(party, certificatePem, renewal);
                    log.info("rebound the key of {} in the participant directory ({})", party, renewal);
                }
                return;
            }
            handles.add(p.path("handle").asText());
        }
        String handle = handleFor(name, party, handles);
        asRegistrar.registerParticipant(party, name, handle, role, certificatePem);
        log.info("entered {} in the participant directory as '{}' ({}, role {}{})", party, handle, name, role,
                certificatePem == null ? ", no key yet: its first act binds one" : "");
    }

    /**
     * Enters every participant these tokens enrolled that the directory lacks: a ledger from before the
     * directory existed keeps its parties nameable. A failure is logged and left for the next start.
     */
    public void backfill(String mspId, Collection<EnrollmentTokens.TokenRecord> records) {
        Map<String, EnrollmentTokens.TokenRecord> byParty = new LinkedHashMap<>();
        for (EnrollmentTokens.TokenRecord r : records) {
            if (r.usedAt() != null && r.certificateSubject() != null) {
                byParty.putIfAbsent(mspId + "::" + r.certificateSubject(), r);
            }
        }
        if (byParty.isEmpty()) {
            return;
        }
        try {
            Set<String> present = new HashSet<>();
            asRegistrar.participants().forEach(p -> present.add(p.path("id").asText()));
            for (Map.Entry<String, EnrollmentTokens.TokenRecord> e : byParty.entrySet()) {
                if (!present.contains(e.getKey())) {
                    enter(e.getKey(), e.getValue().name(), e.getValue().role(), null, null);
                }
            }
        } catch (LedgerException e) {
            log.warn("participants enrolled before the directory existed are not all in it yet ({}: {}); "
                    + "the next start tries again, or the registrar runs 'dpr participant register'", e.code(), e.getMessage());
        }
    }

    /**
     * A handle from a display name: lower case, runs of anything but letters and digits as one hyphen,
     * at most 32 characters; a name with no such letters gets {@code p-} and 8 hex digits of the party's
     * hash; a handle taken already gets {@code -2}, {@code -3}, ….
     */
    static String handleFor(String name, String party, Set<String> taken) {
        String base = trimmed(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), MAX_HANDLE);
        if (base.isEmpty()) {
            base = "p-" + sha256Hex(party).substring(0, 8);
        }
        String handle = base;
        for (int n = 2; taken.contains(handle); n++) {
            String suffix = "-" + n;
            handle = trimmed(base, MAX_HANDLE - suffix.length()) + suffix;
        }
        return handle;
    }

    private static String trimmed(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) : s;
        return cut.replaceAll("^-+|-+$", "");
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
