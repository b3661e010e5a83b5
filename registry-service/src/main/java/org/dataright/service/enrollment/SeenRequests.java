package org.dataright.service.enrollment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.dataright.service.config.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed requests already accepted, kept until they are too old to be replayed anyway, so that a
 * restart does not forget them: one line per request, {@code <epoch second after which it is too old>
 * <64 hex digits naming the request>}, appended and synced before the request is acted on.
 *
 * <p>Opening reads the file back and rewrites it (temporary file, sync, atomic rename) without the
 * expired lines. A last line without its newline is an append the process did not finish, so its
 * request was never acted on: it is dropped. Any other line that does not read is damage: the file is
 * kept aside as {@code <name>.damaged}, a WARN is logged, and every request signed before this start is
 * refused ({@link #signedNotBefore()}), so whatever the damage lost cannot be replayed.
 */
final class SeenRequests implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeenRequests.class);
    private static final Pattern LINE = Pattern.compile("[0-9]{1,19} [0-9a-f]{64}");

    private final Path file;
    private final Map<String, Instant> seen = new HashMap<>();
    private final Instant signedNotBefore;
    private final FileChannel channel;

    /** Opens (or creates) the record in {@code file}; {@code now} decides what has expired. */
    SeenRequests(Path file, Instant now) {
        this.file = file;
        try {
            String damage = Files.exists(file) ? load(Files.readAllBytes(file), now) : null;
            if (damage != null) {
                Path aside = file.resolveSibling(file.getFileName() + ".damaged");
                log.warn("the record of signed requests {} is damaged ({}); kept as {}, and requests signed before {} are "
                        + "refused", file, damage, aside, now);
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                seen.clear();
                signedNotBefore = now;
            } else {
                signedNotBefore = null;
            }
            StringBuilder live = new StringBuilder();
            seen.forEach((key, expiry) -> live.append(line(key, expiry)));
            DataFiles.writeAtomically(file, live.toString().getBytes(StandardCharsets.US_ASCII));
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the record of signed requests " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the unexpired entries; a sentence saying what is damaged, or null. */
    private String load(byte[] content, Instant now) {
        String text = new String(content, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            log.info("the record of signed requests {} ends in an unfinished line ({} bytes); it is dropped", file,
                    text.length() - end);
        }
        String[] lines = end == 0 ? new String[0] : text.substring(0, end - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (!LINE.matcher(line).matches()) {
                return "line " + number + " is not '<epoch second> <64 hex digits>'";
            }
            Instant expiry;
            try {
                expiry = Instant.ofEpochSecond(Long.parseLong(line.substring(0, line.indexOf(' '))));
            } catch (NumberFormatException | DateTimeException e) {
                return "line " + number + " has no valid time";
            }
            if (expiry.isAfter(now)) {
                seen.merge(line.substring(line.indexOf(' ') + 1), expiry, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return null;
    }

    /**
     * Records {@code key} as seen until {@code expiry}, on disk before it returns; false, recording nothing,
     * when it was seen already (and has not expired).
     */
    synchronized boolean firstTime(String key, Instant expiry, Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext();) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
        if (seen.containsKey(key)) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(line(key, expiry).getBytes(StandardCharsets.US_ASCII));
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the signed request in " + file + ": " + e.getMessage(), e);
        }
        seen.put(key, expiry);
        return true;
    }

    /** After damage was found at start, the earliest signing time accepted; null when the record is whole. */
    Instant signedNotBefore() {
        return signedNotBefore;
    }

    private static String line(String key, Instant expiry) {
        // Rounded up, so an entry never expires before the request it names.
        long second = expiry.getEpochSecond() + (expiry.getNano() > 0 ? 1 : 0);
        return second + " " + key + "\n";
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot close the record of signed requests {}: {}", file, e.getMessage());
        }
    }
}
