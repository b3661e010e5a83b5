package org.dataright.evidence.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A c2sp.org/tlog-policy: the logs a reader accepts, the witnesses it knows and the quorum of witness
 * cosignatures a checkpoint needs. A checkpoint passes when one listed log whose key name is the
 * checkpoint's origin signed it and the quorum (a witness, a group of k of n members, or {@code none})
 * cosigned it:
 *
 * <pre>
 * log &lt;vkey&gt; [&lt;url&gt;]
 * witness &lt;name&gt; &lt;vkey&gt; [&lt;url&gt;]
 * group &lt;name&gt; all|any|&lt;k&gt; &lt;name&gt;...
 * quorum &lt;name&gt;|none
 * </pre>
 *
 * Immutable. {@link #parse} follows the spec (whitespace of spaces and tabs, comments, names defined
 * before use, one quorum line, no duplicate keys, each member once per group); {@link #render} writes
 * logs, witnesses, groups and the quorum, in that order, one space apart.
 */
public final class TlogPolicy {
    /** The predefined name of the empty quorum. */
    public static final String NONE = "none";
    /** Far above the spec's recommended 32 of each; bounds what a policy costs to read. */
    static final int MAX_ENTRIES = 64;
    static final int MAX_BYTES = 64 * 1024;

    /** A log: its checkpoint key (Ed25519, key name = origin) and where its tiles are served, or null. */
    public record Log(Ed25519NoteVerifier key, String url) {
    }

    /** A witness: its name in this policy, its cosignature/v1 key and its URL, or null. */
    public record Witness(String name, CosignatureVerifier key, String url) {
    }

    /** A group: satisfied when at least {@code threshold} of its members are. */
    record Group(String name, int threshold, List<String> members, String spelling) {
    }

    /** A checkpoint that passed: the log that signed it and the witnesses whose cosignatures verified. */
    public record Verified(Checkpoint checkpoint, Log log, List<String> cosigners) {
    }

    private final List<Log> logs;
    private final Map<String, Witness> witnesses;
    private final Map<String, Group> groups;
    private final String quorum;

    private TlogPolicy(List<Log> logs, Map<String, Witness> witnesses, Map<String, Group> groups, String quorum) {
        this.logs = List.copyOf(logs);
        this.witnesses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(witnesses));
        this.groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.quorum = quorum;
    }

    /** The policy of one log and no witnesses ({@code quorum none}): what a registry without witnesses publishes. */
    public static TlogPolicy ofLog(String vkey, String url) {
        return parse("log " + vkey + (url == null ? "" : " " + url) + "\nquorum none\n");
    }

    /** Parses a policy, or throws naming the line that is wrong. */
    public static TlogPolicy parse(String text) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a tlog policy has at most " + MAX_BYTES + " bytes");
        }
        List<Log> logs = new ArrayList<>();
        Map<String, Witness> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        String quorum = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String where = "tlog policy line " + (n + 1);
            String line = lines[n];
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException(where + " holds a control character (only tab and newline are allowed)");
                }
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("[ \t]+");
            switch (f[0]) {
                case "log" -> {
                    fields(where, f, 2, 3, "log <vkey> [<url>]");
                    if (logs.size() == MAX_ENTRIES) {
                        throw new IllegalArgumentException(where + ": more than " + MAX_ENTRIES + " logs");
                    }
                    NoteVerifier v = key(where, f[1]);
                    if (!(v instanceof Ed25519NoteVerifier log)) {
                        throw new IllegalArgumentException(where + ": a log's key is an Ed25519 note key (type 0x01), not a cosignature key");
                    }
                    unique(where, keys, log.publicKey());
                    logs.add(new Log(log, f.length == 3 ? f[2] : null));
                }
                case "witness" -> {
                    fields(where, f, 3, 4, "witness <name> <vkey> [<url>]");
                    if (witnesses.size() == MAX_ENTRIES) {
                        throw new IllegalArgumentException(where + ": more than " + MAX_ENTRIES + " witnesses");
                    }
                    String name = newName(where, f[1], witnesses, groups);
                    NoteVerifier v = key(where, f[2]);
                    if (!(v instanceof CosignatureVerifier cosigner)) {
                        throw new IllegalArgumentException(where + ": a witness's key is a cosignature/v1 key (type 0x04)");
                    }
                    unique(where, keys, cosigner.publicKey());
                    witnesses.put(name, new Witness(name, cosigner, f.length == 4 ? f[3] : null));
                }
                case "group" -> {
                    if (f.length < 4) {
                        throw new IllegalArgumentException(where + " is not 'group <name> all|any|<k> <name>...'");
                    }
                    if (groups.size() == MAX_ENTRIES) {
                        throw new IllegalArgumentException(where + ": more than " + MAX_ENTRIES + " groups");
                    }
                    String name = newName(where, f[1], witnesses, groups);
                    List<String> members = new ArrayList<>(Arrays.asList(f).subList(3, f.length));
                    Set<String> seen = new HashSet<>();
                    for (String m : members) {
                        if (!witnesses.containsKey(m) && !groups.containsKey(m)) {
                            throw new IllegalArgumentException(where + ": member '" + m
                                    + "' is not a witness or group defined on an earlier line");
                        }
                        if (!seen.add(m)) {
                            throw new IllegalArgumentException(where + ": member '" + m + "' is listed twice");
                        }
                    }
                    groups.put(name, new Group(name, threshold(where, f[2], members.size()), members, f[2]));
                }
                case "quorum" -> {
                    fields(where, f, 2, 2, "quorum <name>");
                    if (quorum != null) {
                        throw new IllegalArgumentException(where + ": a policy has exactly one quorum line");
                    }
                    if (!f[1].equals(NONE) && !witnesses.containsKey(f[1]) && !groups.containsKey(f[1])) {
                        throw new IllegalArgumentException(where + ": the quorum '" + f[1]
                                + "' is not none or a witness or group defined on an earlier line");
                    }
                    quorum = f[1];
                }
                default -> throw new IllegalArgumentException(where + " starts with '" + NoteText.abbreviate(f[0])
                        + "', not log, witness, group or quorum");
            }
        }
        if (quorum == null) {
            throw new IllegalArgumentException("tlog policy has no quorum line (write 'quorum none' for no witnesses)");
        }
        return new TlogPolicy(logs, witnesses, groups, quorum);
    }

    private static void fields(String where, String[] f, int min, int max, String form) {
        if (f.length < min || f.length > max) {
            throw new IllegalArgumentException(where + " is not '" + form + "'");
        }
    }

    private static NoteVerifier key(String where, String vkey) {
        try {
            return NoteVerifiers.parseKey(vkey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void unique(String where, Set<String> keys, byte[] publicKey) {
        if (!keys.add(java.util.HexFormat.of().formatHex(publicKey))) {
            throw new IllegalArgumentException(where + ": the same public key is listed twice");
        }
    }

    private static String newName(String where, String name, Map<String, Witness> witnesses, Map<String, Group> groups) {
        if (name.equals(NONE)) {
            throw new IllegalArgumentException(where + ": 'none' is predefined and cannot name a witness or group");
        }
        if (witnesses.containsKey(name) || groups.containsKey(name)) {
            throw new IllegalArgumentException(where + ": the name '" + name + "' is already defined");
        }
        return name;
    }

    private static int threshold(String where, String k, int n) {
        if (k.equals("all")) {
            return n;
        }
        if (k.equals("any")) {
            return 1;
        }
        if (!k.matches("[1-9][0-9]{0,2}") || Integer.parseInt(k) > n) {
            throw new IllegalArgumentException(where + ": the threshold '" + NoteText.abbreviate(k)
                    + "' is not all, any or a number from 1 to the " + n + " members");
        }
        return Integer.parseInt(k);
    }

    public List<Log> logs() {
        return logs;
    }

    public List<Witness> witnesses() {
        return List.copyOf(witnesses.values());
    }

    /** The quorum's name: a witness, a group or {@link #NONE}. */
    public String quorum() {
        return quorum;
    }

    /** The log whose key name is {@code origin}, or null. */
    public Log log(String origin) {
        for (Log l : logs) {
            if (l.key().name().equals(origin)) {
                return l;
            }
        }
        return null;
    }

    /**
     * Checks a signed checkpoint against the policy: it parses, a listed log named by its origin signed
     * it, every cosignature by a known witness verifies, and the quorum is met.
     *
     * @throws IllegalArgumentException saying which of these does not hold
     */
    public Verified verify(SignedNote note) {
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        Log log = log(checkpoint.origin());
        if (log == null) {
            List<String> names = logs.stream().map(l -> l.key().name()).toList();
            throw new IllegalArgumentException("the checkpoint's origin '" + checkpoint.origin()
                    + "' is not a log of the policy (" + (names.isEmpty() ? "it lists no log" : "it lists " + names) + ")");
        }
        try {
            note.verify(NoteVerifiers.of(log.key()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the checkpoint is not signed by the log's key " + log.key().vkey() + ": "
                    + e.getMessage(), e);
        }
        List<String> cosigners = new ArrayList<>();
        if (!witnesses.isEmpty()) {
            List<NoteVerifier> keys = new ArrayList<>();
            witnesses.values().forEach(w -> keys.add(w.key()));
            for (NoteVerifier v : note.verifiedBy(NoteVerifiers.of(keys))) {
                witnesses.values().stream().filter(w -> w.key().equals(v)).forEach(w -> cosigners.add(w.name()));
            }
        }
        Set<String> signed = new HashSet<>(cosigners);
        if (!satisfied(quorum, signed)) {
            throw new IllegalArgumentException("the policy's quorum '" + quorum + "' is not met: "
                    + (cosigners.isEmpty() ? "no witness cosigned the checkpoint" : "only " + cosigners + " cosigned it"));
        }
        return new Verified(checkpoint, log, List.copyOf(cosigners));
    }

    private boolean satisfied(String name, Set<String> cosigned) {
        if (name.equals(NONE)) {
            return true;
        }
        Group group = groups.get(name);
        if (group == null) {
            return cosigned.contains(name);
        }
        int count = 0;
        for (String member : group.members()) {
            if (satisfied(member, cosigned)) {
                count++;
            }
        }
        return count >= group.threshold();
    }

    /** The policy as text: logs, witnesses, groups, quorum, each line ending in a newline. */
    public String render() {
        StringBuilder s = new StringBuilder();
        for (Log l : logs) {
            s.append("log ").append(l.key().vkey()).append(l.url() == null ? "" : " " + l.url()).append('\n');
        }
        for (Witness w : witnesses.values()) {
            s.append("witness ").append(w.name()).append(' ').append(w.key().vkey())
                    .append(w.url() == null ? "" : " " + w.url()).append('\n');
        }
        for (Group g : groups.values()) {
            s.append("group ").append(g.name()).append(' ').append(g.spelling()).append(' ')
                    .append(String.join(" ", g.members())).append('\n');
        }
        return s.append("quorum ").append(quorum).append('\n').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlogPolicy p && p.render().equals(render());
    }

    @Override
    public int hashCode() {
        return render().hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
