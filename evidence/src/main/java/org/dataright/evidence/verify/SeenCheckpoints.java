package org.dataright.evidence.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.NoteVerifiers;

/**
 * The checkpoints a verifier has seen, by log — the log's verifier key, {@code <origin>+<key ID>+<key>}: two
 * registries may share an origin but not a key — so that a second checkpoint of the same log can be
 * compared with the earlier ones (a log showing two parties two different trees is a split view).
 * Kept in memory, or in a small text file that survives the process:
 *
 * <pre>dpr-seen-checkpoints/v1
 * &lt;size&gt; &lt;base64 root hash&gt; &lt;log vkey&gt;
 * …</pre>
 *
 * At most {@value #PER_LOG} checkpoints per log are kept, the largest; the file is rewritten whole
 * (temporary file, atomic rename) when a checkpoint is added. Only verified checkpoints are given to it.
 */
public final class SeenCheckpoints {
    static final String MAGIC = "dpr-seen-checkpoints/v1";
    static final int PER_LOG = 32;

    private final Path file;
    /** log vkey → size → root hash. */
    private final Map<String, TreeMap<Long, byte[]>> seen = new TreeMap<>();

    private SeenCheckpoints(Path file) {
        this.file = file;
    }

    /** A memory that lasts as long as this object. */
    public static SeenCheckpoints inMemory() {
        return new SeenCheckpoints(null);
    }

    /**
     * The memory kept in {@code file} (made when the first checkpoint is added).
     *
     * @throws IllegalArgumentException when the file exists and is not a seen-checkpoints file
     */
    public static SeenCheckpoints inFile(Path file) {
        SeenCheckpoints memory = new SeenCheckpoints(file);
        if (Files.exists(file)) {
            memory.load();
        }
        return memory;
    }

    /** The file the memory is kept in, or null. */
    public Path file() {
        return file;
    }

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seen checkpoints " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException(file + " is not a " + MAGIC + " file");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ", -1);
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("it is not '<size> <root> <log vkey>'");
                }
                NoteVerifiers.parseKey(f[2]);
                put(f[2], new Checkpoint(originOf(f[2]), Long.parseLong(f[0]), Base64.getDecoder().decode(f[1])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** The checkpoints seen of the log with verifier key {@code vkey}, smallest first (size, root, origin). */
    public synchronized List<Checkpoint> of(String vkey) {
        List<Checkpoint> list = new ArrayList<>();
        TreeMap<Long, byte[]> roots = seen.get(vkey);
        if (roots != null) {
            roots.forEach((size, root) -> list.add(new Checkpoint(originOf(vkey), size, root)));
        }
        return list;
    }

    /**
     * Remembers a checkpoint verified with the log key {@code vkey}. One of a size already seen is not
     * added: the first root seen of a size is the one later checkpoints are compared with.
     */
    public synchronized void remember(String vkey, Checkpoint checkpoint) {
        if (!originOf(vkey).equals(checkpoint.origin())) {
            throw new IllegalArgumentException("checkpoint of " + checkpoint.origin() + " is not of the log " + vkey);
        }
        TreeMap<Long, byte[]> roots = seen.get(vkey);
        if (roots != null && roots.containsKey(checkpoint.size())) {
            return;
        }
        put(vkey, checkpoint);
        if (file != null) {
            save();
        }
    }

    /** A log's origin is its key's name (tlog-policy). */
    private static String originOf(String vkey) {
        int plus = vkey.indexOf('+');
        return plus < 0 ? vkey : vkey.substring(0, plus);
    }

    private void put(String vkey, Checkpoint c) {
        TreeMap<Long, byte[]> roots = seen.computeIfAbsent(vkey, k -> new TreeMap<>());
        roots.putIfAbsent(c.size(), c.rootHash());
        while (roots.size() > PER_LOG) {
            roots.pollFirstEntry();
        }
    }

    private void save() {
        StringBuilder s = new StringBuilder(MAGIC).append('\n');
        seen.forEach((vkey, roots) -> roots.forEach((size, root) ->
                s.append(size).append(' ').append(Base64.getEncoder().encodeToString(root)).append(' ').append(vkey)
                        .append('\n')));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the seen checkpoints " + file + ": " + e.getMessage(), e);
        }
    }
}
