package org.dataright.evidence.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a content once, in buffers of one chunk, and hashes it on all cores in bounded memory.
 * The calling thread only reads. When the manifest is wanted, each chunk's SHA-256 and SM3 are
 * computed on a pool of one thread per core. When the whole content's digests are wanted, its
 * SHA-256 and its SM3 each take the buffers in order on a thread of their own: a digest of the whole
 * cannot be split, but it can run beside the chunks and beside the other digest instead of after
 * them. The whole content's SM3 is then the longest task, so the chunk pool leaves it a core. A buffer is reused once every digest that reads it is done with it, so at most
 * {@code cores + 3} buffers exist however large the content; the reader waits for a free one.
 */
final class DigestPipeline {

    /** Fills {@code buffer} from {@code offset} on; returns the bytes read, fewer than asked only at the end. */
    @FunctionalInterface
    interface Source {
        int fill(byte[] buffer, int offset) throws IOException;
    }

    /** The first read's size: a content that fits is hashed at once, without a chunk-size buffer or threads. */
    private static final int SMALL = 64 * 1024;

    /** What was computed: the content's length, its chunks (or null) and its whole digests (or null). */
    record Result(long length, List<ChunkManifest.Chunk> chunks, ContentDigests whole) {
    }

    private DigestPipeline() {
    }

    static Source from(InputStream in) {
        return (buffer, offset) -> in.readNBytes(buffer, offset, buffer.length - offset);
    }

    /** Large reads straight from the file, no stream in between. */
    static Source from(FileChannel channel) {
        return (buffer, offset) -> {
            ByteBuffer target = ByteBuffer.wrap(buffer, offset, buffer.length - offset);
            while (target.hasRemaining() && channel.read(target) >= 0) {
                // read until the buffer is full or the file ends
            }
            return target.position() - offset;
        };
    }

    static Result run(Source source, int chunkSize, boolean chunks, boolean whole) throws IOException {
        byte[] first = new byte[Math.min(SMALL, chunkSize)];
        int n = source.fill(first, 0);
        if (n == first.length && n < chunkSize) {
            first = Arrays.copyOf(first, chunkSize);
            n += source.fill(first, n);
        }
        if (n < chunkSize) {
            // One chunk at most: hashing it here is quicker than starting threads.
            List<ChunkManifest.Chunk> list = n == 0 ? List.of() : List.of(ChunkManifest.Chunk.of(first, n));
            ContentDigests.Both both = new ContentDigests.Both();
            both.update(first, 0, n);
            return new Result(n, chunks ? list : null, whole ? both.finish() : null);
        }
        return new Run(chunkSize, chunks, whole).hashAll(source, first);
    }

    /** One pipelined read; its pools live as long as the read. */
    private static final class Run {
        private final int chunkSize;
        private final int cores = Runtime.getRuntime().availableProcessors();
        private final int maxBuffers = cores + 3;
        private final BlockingQueue<Buffer> free = new ArrayBlockingQueue<>(maxBuffers);
        private final ExecutorService chunkPool;
        private final ExecutorService shaThread;
        private final ExecutorService sm3Thread;
        private final ContentDigests.Both whole;
        private final int readers;
        private int allocated;

        Run(int chunkSize, boolean chunks, boolean whole) {
            this.chunkSize = chunkSize;
            // With the whole content's SM3 taking a core of its own, the chunks get the others (at least one).
            int chunkThreads = whole ? Math.max(1, cores - 1) : cores;
            this.chunkPool = chunks ? Executors.newFixedThreadPool(chunkThreads, DigestPipeline::daemon) : null;
            this.shaThread = whole ? Executors.newSingleThreadExecutor(DigestPipeline::daemon) : null;
            this.sm3Thread = whole ? Executors.newSingleThreadExecutor(DigestPipeline::daemon) : null;
            this.whole = whole ? new ContentDigests.Both() : null;
            this.readers = (chunks ? 1 : 0) + (whole ? 2 : 0);
        }

        Result hashAll(Source source, byte[] first) throws IOException {
            List<Future<ChunkManifest.Chunk>> pending = new ArrayList<>();
            List<Future<?>> updates = new ArrayList<>();
            long length = 0;
            try {
                Buffer buffer = new Buffer(first);
                allocated = 1;
                int n = chunkSize;
                while (n > 0) {
                    length += n;
                    submit(buffer, n, pending, updates);
                    if (n < chunkSize) {
                        break;
                    }
                    buffer = nextFree();
                    n = source.fill(buffer.bytes, 0);
                }
                List<ChunkManifest.Chunk> chunks = null;
                if (chunkPool != null) {
                    chunks = new ArrayList<>(pending.size());
                    for (Future<ChunkManifest.Chunk> f : pending) {
                        chunks.add(f.get());
                    }
                }
                ContentDigests digests = null;
                if (whole != null) {
                    for (Future<?> f : updates) {
                        f.get();
                    }
                    // Each thread finishes its own digest; the executors order this after every update.
                    Future<byte[]> sha = shaThread.submit(whole::finishSha256);
                    Future<byte[]> sm3 = sm3Thread.submit(whole::finishSm3);
                    digests = ContentDigests.Both.of(sha.get(), sm3.get());
                }
                return new Result(length, chunks, digests);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted while hashing");
                io.initCause(e);
                throw io;
            } catch (ExecutionException e) {
                throw new IllegalStateException("hashing failed: " + e.getCause(), e.getCause());
            } finally {
                for (ExecutorService pool : new ExecutorService[] {chunkPool, shaThread, sm3Thread}) {
                    if (pool != null) {
                        pool.shutdownNow();
                    }
                }
            }
        }

        private void submit(Buffer buffer, int n, List<Future<ChunkManifest.Chunk>> pending, List<Future<?>> updates) {
            buffer.readers.set(readers);
            if (chunkPool != null) {
                pending.add(chunkPool.submit(() -> {
                    try {
                        return ChunkManifest.Chunk.of(buffer.bytes, n);
                    } finally {
                        release(buffer);
                    }
                }));
            }
            if (whole != null) {
                updates.add(shaThread.submit(() -> {
                    try {
                        whole.updateSha256(buffer.bytes, 0, n);
                    } finally {
                        release(buffer);
                    }
                }));
                updates.add(sm3Thread.submit(() -> {
                    try {
                        whole.updateSm3(buffer.bytes, 0, n);
                    } finally {
                        release(buffer);
                    }
                }));
            }
        }

        /** A buffer no digest reads any more, or a new one while fewer than the maximum exist. */
        private Buffer nextFree() throws InterruptedException {
            Buffer b = free.poll();
            if (b != null) {
                return b;
            }
            if (allocated < maxBuffers) {
                allocated++;
                return new Buffer(new byte[chunkSize]);
            }
            return free.take();
        }

        private void release(Buffer buffer) {
            if (buffer.readers.decrementAndGet() == 0) {
                free.add(buffer);
            }
        }
    }

    private static final class Buffer {
        final byte[] bytes;
        final AtomicInteger readers = new AtomicInteger();

        Buffer(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private static Thread daemon(Runnable runnable) {
        Thread t = new Thread(runnable, "digest-pipeline");
        t.setDaemon(true);
        return t;
    }
}
