package org.dataright.peer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Append-only block files: {@code blockfile_000000}, {@code blockfile_000001}, … Each record is
 * {@code [u32 length][u32 CRC32C of payload][payload = common.Block bytes]}, big-endian. A file is
 * rolled when the next record would take it past the size limit. {@link #append} returns only after
 * the file (and, for a new file, the directory) is fsync'd.
 *
 * <p>This class knows records, not blocks: recovery decisions (what is a torn tail) are made by
 * {@link #scan}, the ledger decides what the records mean.
 */
final class BlockStore implements AutoCloseable {
    static final int RECORD_HEADER_BYTES = 8;
    /** A sanity bound: a length beyond it cannot be a record we wrote. */
    static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;
    private static final String PREFIX = "blockfile_";
    private static final Pattern FILE_NAME = Pattern.compile("blockfile_(\\d{6})");

    private final Path dir;
    private final Path tornDir;
    private final long maxFileBytes;
    private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
    private FileChannel writer;
    private int currentFile;
    private long currentSize;

    BlockStore(Path dir, long maxFileBytes) {
        this.dir = dir;
        this.tornDir = dir.resolve("torn");
        this.maxFileBytes = maxFileBytes;
        try {
            Files.createDirectories(dir);
            List<Integer> files = fileNumbers();
            currentFile = files.isEmpty() ? 0 : files.get(files.size() - 1);
            currentSize = files.isEmpty() ? 0 : Files.size(path(currentFile));
        } catch (IOException e) {
            throw new LedgerException("cannot open block files in " + dir + ": " + e.getMessage(), e);
        }
    }

    Path directory() {
        return dir;
    }

    boolean isEmpty() {
        return currentFile == 0 && currentSize == 0;
    }

    int currentFile() {
        return currentFile;
    }

    /** The block file numbers present, ascending; they must be contiguous from 0. */
    List<Integer> fileNumbers() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : stream) {
                Matcher m = FILE_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        numbers.sort(null);
        for (int i = 0; i < numbers.size(); i++) {
            if (numbers.get(i) != i) {
                throw new LedgerException("block files in " + dir + " are not contiguous: " + fileName(i) + " is missing");
            }
        }
        return numbers;
    }

    static String fileName(int number) {
        return String.format("%s%06d", PREFIX, number);
    }

    private Path path(int number) {
        return dir.resolve(fileName(number));
    }

    /** Appends one record and makes it durable; returns its location. */
    synchronized BlockLocation append(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a block record must hold 1.." + MAX_RECORD_BYTES + " bytes, not " + payload.length);
        }
        long recordBytes = RECORD_HEADER_BYTES + (long) payload.length;
        try {
            if (currentSize > 0 && currentSize + recordBytes > maxFileBytes) {
                closeWriter();
                currentFile++;
                currentSize = 0;
            }
            if (writer == null) {
                openWriter();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) recordBytes);
            buffer.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
            long offset = currentSize;
            long position = offset;
            while (buffer.hasRemaining()) {
                position += writer.write(buffer, position);
            }
            // The block counts as committed only once its bytes are on disk.
            writer.force(true);
            currentSize = position;
            return new BlockLocation(currentFile, offset, payload.length);
        } catch (IOException e) {
            throw new LedgerException("cannot append to " + path(currentFile) + ": " + e.getMessage(), e);
        }
    }

    /** Cuts a failed append off again so that the next append starts on a record boundary. */
    synchronized void truncateTo(int fileNumber, long size) {
        try (FileChannel ch = FileChannel.open(path(fileNumber), StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
            if (fileNumber == currentFile) {
                currentSize = size;
            }
        } catch (IOException e) {
            throw new LedgerException("cannot truncate " + path(fileNumber) + " to " + size + ": " + e.getMessage(), e);
        }
    }

    synchronized long currentSize() {
        return currentSize;
    }

    private void openWriter() throws IOException {
        Path p = path(currentFile);
        boolean created = !Files.exists(p);
        writer = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (created) {
            // A new file's directory entry must be durable too, or the file can vanish in a crash.
            writer.force(true);
            syncDirectory(dir);
        }
    }

    private void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Reads the record at {@code location}; throws {@link BadRecordException} if it is not intact. */
    byte[] read(BlockLocation location) throws BadRecordException {
        try {
            FileChannel ch = reader(location.fileNumber());
            ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
            readFully(ch, header, location.offset());
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length != location.length()) {
                throw new BadRecordException(fileName(location.fileNumber()) + " at offset " + location.offset()
                        + ": record length " + length + " differs from the indexed " + location.length());
            }
            byte[] payload = new byte[length];
            readFully(ch, ByteBuffer.wrap(payload), location.offset() + RECORD_HEADER_BYTES);
            if (crc(payload, 0, length) != crc) {
                throw new BadRecordException(fileName(location.fileNumber()) + " at offset " + location.offset() + ": checksum mismatch");
            }
            return payload;
        } catch (IOException | UncheckedIOException e) {
            throw new BadRecordException(fileName(location.fileNumber()) + " at offset " + location.offset()
                    + ": cannot read: " + e.getMessage());
        }
    }

    private FileChannel reader(int fileNumber) {
        return readers.computeIfAbsent(fileNumber, n -> {
            try {
                return FileChannel.open(path(n), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + path(n), e);
            }
        });
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                throw new IOException("file ends at " + pos + " before the record does");
            }
            pos += n;
        }
    }

    /** What a scan found: records read and, if the scan stopped early, the bad record. */
    record ScanEnd(BadSpot bad) {
        boolean clean() {
            return bad == null;
        }
    }

    /**
     * A record that is not intact. {@code tornTail} is true when it can only be the remains of an
     * append interrupted by a crash: it is in the last file and nothing intact follows it (the header
     * is cut short, the payload runs past the end of the file, or it is the last record and fails its
     * checksum, or the rest of the file is zeros).
     */
    record BadSpot(int fileNumber, long offset, String reason, boolean tornTail) {
    }

    /** Receives each intact record of a scan; returns false to stop the scan. */
    @FunctionalInterface
    interface RecordVisitor {
        boolean visit(BlockLocation location, byte[] payload);
    }

    /** Returned by {@link #scanFile} when the visitor stopped the scan. */
    private static final BadSpot STOPPED = new BadSpot(-1, -1, "stopped by the visitor", false);

    /** Reads records in order from {@code fileNumber}/{@code offset} to the end of the last file. */
    ScanEnd scan(int fileNumber, long offset, RecordVisitor visitor) {
        try {
            List<Integer> files = fileNumbers();
            int last = files.isEmpty() ? -1 : files.get(files.size() - 1);
            for (int f = fileNumber; f <= last; f++) {
                long start = f == fileNumber ? offset : 0;
                BadSpot bad = scanFile(f, start, f == last, visitor);
                if (bad == STOPPED) {
                    return new ScanEnd(null);
                }
                if (bad != null) {
                    return new ScanEnd(bad);
                }
            }
            return new ScanEnd(null);
        } catch (IOException e) {
            throw new LedgerException("cannot scan block files in " + dir + ": " + e.getMessage(), e);
        }
    }

    private BadSpot scanFile(int f, long start, boolean lastFile, RecordVisitor visitor) throws IOException {
        Path p = path(f);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (start > size) {
                return new BadSpot(f, start, "file is " + size + " bytes long but a record is indexed to end at " + start, false);
            }
            long pos = start;
            ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
            while (pos < size) {
                if (size - pos < RECORD_HEADER_BYTES) {
                    return new BadSpot(f, pos, "record header cut short (" + (size - pos) + " bytes)", lastFile);
                }
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                long end = pos + RECORD_HEADER_BYTES + (long) length;
                if (length <= 0 || length > MAX_RECORD_BYTES) {
                    boolean zeros = length == 0 && restIsZero(ch, pos, size);
                    return new BadSpot(f, pos, "impossible record length " + length, lastFile && zeros);
                }
                if (end > size) {
                    return new BadSpot(f, pos, "record of " + length + " bytes runs past the end of the file (" + size + ")", lastFile);
                }
                byte[] payload = new byte[length];
                readFully(ch, ByteBuffer.wrap(payload), pos + RECORD_HEADER_BYTES);
                if (crc(payload, 0, length) != crc) {
                    return new BadSpot(f, pos, "checksum mismatch", lastFile && end == size);
                }
                if (!visitor.visit(new BlockLocation(f, pos, length), payload)) {
                    return STOPPED;
                }
                pos = end;
            }
            return null;
        }
    }

    private static boolean restIsZero(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) != 0) {
                    return false;
                }
            }
            pos += n;
        }
        return true;
    }

    /**
     * Cuts a torn tail off: copies the bytes from {@code offset} to the end of the file into
     * {@code torn/}, makes that copy durable, then truncates the file. Returns the copy's path.
     */
    synchronized Path cutTornTail(int fileNumber, long offset) {
        Path file = path(fileNumber);
        try {
            closeWriter();
            Files.createDirectories(tornDir);
            Path aside = tornDir.resolve(fileName(fileNumber) + "@" + offset + ".torn");
            for (int i = 1; Files.exists(aside); i++) {
                aside = tornDir.resolve(fileName(fileNumber) + "@" + offset + "." + i + ".torn");
            }
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                long pos = offset;
                while (pos < size) {
                    pos += in.transferTo(pos, size - pos, out);
                }
                out.force(true);
            }
            syncDirectory(tornDir);
            truncateTo(fileNumber, offset);
            return aside;
        } catch (IOException e) {
            throw new LedgerException("cannot cut the torn tail of " + file + " at " + offset + ": " + e.getMessage(), e);
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    @Override
    public synchronized void close() {
        List<String> failures = new ArrayList<>();
        try {
            closeWriter();
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
        for (FileChannel ch : readers.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        readers.clear();
        if (!failures.isEmpty()) {
            throw new LedgerException("closing block files in " + dir + " failed: " + failures);
        }
    }

    /** A record that is missing, cut short or fails its checksum. */
    static final class BadRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecordException(String message) {
            super(message);
        }
    }
}
