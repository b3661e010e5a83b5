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

/**
 * The checkpoints a verifier has seen, by log origin, so that a second checkpoint of the same log can be
 * compared with the earlier ones (a log showing two parties two different trees is a split view).
 * Kept in memory, or in a small text file that survives the process:
 *
 * <pre>dpr-seen-checkpoints/v1
 * &lt;size&gt; &lt;base64 root hash&gt; &lt;origin&gt;
 * …</pre>
 *
 * At most {@value #PER_LOG} checkpoints per log are kept, the largest; the file is rewritten whole
 * (temporary file, atomic rename) when a checkpoint is added. Only verified checkpoints are given to it.
 */
public final class SeenCheckpoints {
    static final String MAGIC = "dpr-seen-checkpoints/v1";
    static final int PER_LOG = 32;

    private final Path file;
    /** origin → size → root hash. */
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
            String[] f = lines.get(i).split(" ", 3);
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("it is not '<size> <root> <origin>'");
                }
                Checkpoint c = new Checkpoint(f[2], Long.parseLong(f[0]), Base64.getDecoder().decode(f[1]));
                put(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** The checkpoints seen of {@code origin}, smallest first (size, root and origin; no extension lines). */
    public synchronized List<Checkpoint> of(String origin) {
        List<Checkpoint> list = new ArrayList<>();
        TreeMap<Long, byte[]> roots = seen.get(origin);
        if (roots != null) {
            roots.forEach((size, root) -> list.add(new Checkpoint(origin, size, root)));
        }
        return list;
    }

    /**
     * Remembers a verified checkpoint. One of a size already seen is not added: the first root seen of a
     * size is the one later checkpoints are compared with.
     */
    public synchronized void remember(Checkpoint checkpoint) {
        TreeMap<Long, byte[]> roots = seen.get(checkpoint.origin());
        if (roots != null && roots.containsKey(checkpoint.size())) {
            return;
        }
        put(checkpoint);
        if (file != null) {
            save();
        }
    }

    private void put(Checkpoint c) {
        TreeMap<Long, byte[]> roots = seen.computeIfAbsent(c.origin(), o -> new TreeMap<>());
        roots.putIfAbsent(c.size(), c.rootHash());
        while (roots.size() > PER_LOG) {
            roots.pollFirstEntry();
        }
    }

    private void save() {
        StringBuilder s = new StringBuilder(MAGIC).append('\n');
        seen.forEach((origin, roots) -> roots.forEach((size, root) ->
                s.append(size).append(' ').append(Base64.getEncoder().encodeToString(root)).append(' ').append(origin)
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
