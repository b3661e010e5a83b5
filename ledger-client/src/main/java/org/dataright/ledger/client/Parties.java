package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parties by the words people use for them: a display name ({@code Beta Ltd}), a handle ({@code beta})
 * or the full party id ({@code RegistryMSP::CN=Beta Ltd,OU=client}), resolved through the ledger's
 * participant directory. A name two participants share is refused with both named, never guessed.
 */
public final class Parties {
    /** A participant as the directory holds it. */
    public record Participant(String id, String name, String handle, List<String> roles, String organisation,
            String status) {
        public Participant {
            roles = List.copyOf(roles);
        }

        static Participant from(JsonNode record) {
            List<String> roles = new ArrayList<>();
            record.path("roles").forEach(r -> roles.add(r.asText()));
            return new Participant(record.path("id").asText(), record.path("name").asText(), record.path("handle").asText(),
                    roles, record.path("organisation").asText(), record.path("status").asText());
        }

        /** {@code Beta Ltd (beta, enterprise) RegistryMSP::CN=Beta Ltd}: what a person checks before signing. */
        public String describe() {
            return name + " (" + handle + ", " + String.join(",", roles)
                    + ("ACTIVE".equals(status) ? "" : ", " + status) + ") " + id;
        }
    }

    /**
     * A key bound to a participant, as its directory entry keeps it: {@code how} it was bound (ENROLMENT,
     * FIRST_USE, RENEWAL, REBIND) and by which transaction; {@code until}, {@code end} (RENEWED, REBOUND,
     * REVOKED) and {@code untilTx} are null while it is current. Times are the acts' transaction timestamps.
     */
    public record Key(String fingerprint, String how, String reason, String from, String fromTx, String until,
            String untilTx, String end, String endReason) {
        static Key from(JsonNode k) {
            return new Key(text(k, "fingerprint"), text(k, "how"), text(k, "reason"), text(k, "from"), text(k, "fromTx"),
                    text(k, "until"), text(k, "untilTx"), text(k, "end"), text(k, "endReason"));
        }

        public boolean current() {
            return end == null;
        }

        private static String text(JsonNode k, String field) {
            JsonNode v = k.path(field);
            return v.isTextual() ? v.asText() : null;
        }
    }

    /** A name that names no participant, or more than one: {@link #code()} says which; nothing was sent. */
    public static final class Unresolved extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public static final String NOT_FOUND = "PARTY_NOT_FOUND";
        public static final String AMBIGUOUS = "PARTY_AMBIGUOUS";

        private final String code;
        private final transient List<Participant> candidates;

        Unresolved(String code, String sentence, List<Participant> candidates) {
            super(sentence);
            this.code = code;
            this.candidates = List.copyOf(candidates);
        }

        public String code() {
            return code;
        }

        /** The participants it could mean (ambiguous) or that come close (not found). */
        public List<Participant> candidates() {
            return candidates;
        }
    }

    private static final int MAX_SUGGESTIONS = 5;
    private final RightsContract rights;

    public Parties(RightsContract rights) {
        this.rights = rights;
    }

    /** The one participant {@code given} names: a party id, else an exact handle or display name (any case). */
    public Participant resolve(String given) {
        String wanted = normalise(given);
        if (wanted.isEmpty()) {
            throw new Unresolved(Unresolved.NOT_FOUND, "no party was given: name one by display name, handle or party id",
                    List.of());
        }
        List<Participant> all = all();
        List<Participant> exact = new ArrayList<>();
        for (Participant p : all) {
            if (p.id().equals(given.strip()) || normalise(p.handle()).equals(wanted) || normalise(p.name()).equals(wanted)) {
                exact.add(p);
            }
        }
        if (exact.size() == 1) {
            return exact.get(0);
        }
        if (exact.size() > 1) {
            throw new Unresolved(Unresolved.AMBIGUOUS, "'" + shown(given) + "' names " + exact.size()
                    + " participants: " + listed(exact) + "; give the handle or the party id", exact);
        }
        List<Participant> close = search(all, wanted);
        List<Participant> suggestions = close.subList(0, Math.min(MAX_SUGGESTIONS, close.size()));
        throw new Unresolved(Unresolved.NOT_FOUND, "no participant in the directory is '" + shown(given) + "'"
                + (suggestions.isEmpty() ? "" : "; close: " + listed(suggestions)), suggestions);
    }

    /** Participants whose name, handle or party id contains {@code text} (any case). */
    public List<Participant> search(String text) {
        return search(all(), normalise(text));
    }

    /** The whole directory, in party-id order. */
    public List<Participant> all() {
        List<Participant> all = new ArrayList<>();
        rights.participants().forEach(record -> all.add(Participant.from(record)));
        return all;
    }

    /** One participant by party id or handle, exactly. */
    public Participant show(String partyOrHandle) {
        return Participant.from(rights.participant(partyOrHandle));
    }

    /** Every key ever bound to the participant (party id or handle), oldest first; empty for an entry from before keys. */
    public List<Key> keys(String partyOrHandle) {
        List<Key> keys = new ArrayList<>();
        rights.participant(partyOrHandle).path("keys").forEach(k -> keys.add(Key.from(k)));
        return keys;
    }

    private static List<Participant> search(List<Participant> all, String wanted) {
        List<Participant> found = new ArrayList<>();
        for (Participant p : all) {
            if (normalise(p.name()).contains(wanted) || normalise(p.handle()).contains(wanted)
                    || normalise(p.id()).contains(wanted)) {
                found.add(p);
            }
        }
        return found;
    }

    private static String listed(List<Participant> participants) {
        List<String> described = new ArrayList<>();
        participants.forEach(p -> described.add(p.describe()));
        return String.join("; ", described);
    }

    /** What the user gave, safe to print: control and format characters as {@code \\uXXXX}, at most 80 characters. */
    private static String shown(String given) {
        String s = given.strip();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 80; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            out.append(Character.isISOControl(c) || type == Character.FORMAT ? String.format(Locale.ROOT, "\\u%04x", (int) c)
                    : String.valueOf(c));
        }
        return out.length() < s.length() ? out + "…" : out.toString();
    }

    /** Case and runs of white space do not tell two names apart. */
    private static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
