package org.dataright.service.enrollment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.DataFiles;
import org.springframework.http.HttpStatus;

/**
 * One-time enrollment tokens, kept in {@code <data dir>/enrollment/tokens.json}. Only a token's
 * SHA-256 is stored, so the file does not hand out tokens. Redeeming is serialised and written to disk
 * before it returns, so a token is used at most once, also across restarts.
 */
public final class EnrollmentTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<TreeMap<String, TokenRecord>> TYPE = new TypeReference<>() {
    };

    private final Path file;
    private final ObjectMapper json;
    private final Clock clock;
    private final TreeMap<String, TokenRecord> tokens;

    /** What is kept of a token. {@code usedAt} is null until the token is redeemed. */
    public record TokenRecord(String role, String name, String issuedBy, Instant issuedAt, Instant expiresAt,
            Instant usedAt, String certificateSubject) {
    }

    /** A newly issued token: the secret itself, shown once. */
    public record Issued(String token, String role, String name, Instant expiresAt) {
    }

    public EnrollmentTokens(Path file, ObjectMapper json, Clock clock) {
        this.file = file;
        this.json = json;
        this.clock = clock;
        try {
            this.tokens = Files.exists(file) ? json.readValue(file.toFile(), TYPE) : new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the enrollment tokens in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Issues a token as {@link #issue(String, String, boolean, String, Duration, UnaryOperator)} does, with no directory. */
    public Issued issue(String role, String name, boolean renewal, String issuedBy, Duration validity) {
        return issue(role, name, renewal, issuedBy, validity, UnaryOperator.identity());
    }

    /**
     * Issues a token for {@code role} and {@code name}, valid for {@code validity}. A new participant's name
     * is then asked of the ledger's directory ({@code directoryName}: the name as the directory would store
     * it, or a refusal such as {@code NAME_CONFUSABLE}), and the token is for the name as it answers.
     *
     * @throws ApiException {@code NAME_TAKEN} when a new participant's name already has a certificate or
     *     an open token (names are compared ignoring case), {@code NOT_ENROLLED} or {@code ROLE_CHANGE} when
     *     a renewal names no enrolled participant or another role than theirs
     */
    public synchronized Issued issue(String role, String name, boolean renewal, String issuedBy, Duration validity,
            UnaryOperator<String> directoryName) {
        Instant now = clock.instant();
        Optional<TokenRecord> enrolled = mayIssue(role, name, renewal, now);
        // A renewal keeps the enrolled spelling, so the certificate names the same party.
        String issuedName = enrolled.map(TokenRecord::name).orElseGet(() -> directoryName.apply(name));
        if (!renewal && !issuedName.equals(name)) {
            mayIssue(role, issuedName, false, now);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = now.plus(validity);
        tokens.put(hash(token), new TokenRecord(role, issuedName, issuedBy, now, expiresAt, null, null));
        save();
        return new Issued(token, role, issuedName, expiresAt);
    }

    /** Refuses a token for the name as {@link #issue} says; the enrolled participant of a renewal. */
    private Optional<TokenRecord> mayIssue(String role, String name, boolean renewal, Instant now) {
        List<TokenRecord> sameName = tokens.values().stream().filter(r -> r.name().equalsIgnoreCase(name)).toList();
        boolean open = sameName.stream().anyMatch(r -> r.usedAt() == null && now.isBefore(r.expiresAt()));
        Optional<TokenRecord> enrolled = sameName.stream().filter(r -> r.usedAt() != null)
                .max(Comparator.comparing(TokenRecord::usedAt));
        if (open || (!renewal && enrolled.isPresent())) {
            throw new ApiException(HttpStatus.CONFLICT, "NAME_TAKEN", "'" + name + "' already has "
                    + (open ? "an open enrollment token" : "a certificate") + ", and a participant's name is its identity"
                    + " on the ledger; choose another name, or for a new key of the same participant issue a renewal"
                    + (open ? " once the open token is used or expired" : ""));
        }
        if (renewal && enrolled.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_ENROLLED", "no participant named '" + name
                    + "' has enrolled, so there is nothing to renew; issue a token without renewal");
        }
        if (renewal && !enrolled.get().role().equals(role)) {
            throw new ApiException(HttpStatus.CONFLICT, "ROLE_CHANGE", "'" + name + "' enrolled as "
                    + enrolled.get().role() + "; a renewal keeps that role (a new role needs a new participant name)");
        }
        return enrolled;
    }

    /**
     * Checks that {@code token} may be redeemed now, without using it.
     *
     * @throws ApiException {@code TOKEN_UNKNOWN}, {@code TOKEN_USED} or {@code TOKEN_EXPIRED}
     */
    public synchronized TokenRecord check(String token) {
        TokenRecord record = tokens.get(hash(token));
        if (record == null) {
            throw ApiException.badRequest("TOKEN_UNKNOWN", "this enrollment token was not issued by this registry");
        }
        if (record.usedAt() != null) {
            throw new ApiException(HttpStatus.CONFLICT, "TOKEN_USED",
                    "this enrollment token was already used at " + record.usedAt() + "; ask the registrar for a new one");
        }
        if (!clock.instant().isBefore(record.expiresAt())) {
            throw new ApiException(HttpStatus.GONE, "TOKEN_EXPIRED",
                    "this enrollment token expired at " + record.expiresAt() + "; ask the registrar for a new one");
        }
        return record;
    }

    /**
     * Uses {@code token} once: checks it as {@link #check} does and records its use, durably, before
     * returning; a second call with the same token fails with {@code TOKEN_USED}.
     */
    public synchronized TokenRecord redeem(String token, String certificateSubject) {
        TokenRecord record = check(token);
        TokenRecord used = new TokenRecord(record.role(), record.name(), record.issuedBy(), record.issuedAt(),
                record.expiresAt(), clock.instant(), certificateSubject);
        tokens.put(hash(token), used);
        try {
            save();
        } catch (RuntimeException e) {
            tokens.put(hash(token), record);
            throw e;
        }
        return used;
    }

    /** A copy of every record, keyed by the token's hash. */
    public synchronized Map<String, TokenRecord> records() {
        return Map.copyOf(tokens);
    }

    private void save() {
        try {
            DataFiles.writeAtomically(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the enrollment tokens: " + e.getMessage(), e);
        }
    }

    private static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
