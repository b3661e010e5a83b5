package org.dataright.peer.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.common.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A solo orderer's block cutter: submitted envelopes queue up; a block is cut when it holds
 * {@code maxMessageCount} of them or {@code batchTimeout} after its first one arrived, and handed
 * to the ledger, which signs, validates and commits it (and then tells the commit listeners).
 */
public final class Orderer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orderer.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final Ledger ledger;
    private final int maxMessageCount;
    private final Duration batchTimeout;
    private final LinkedBlockingQueue<Envelope> queue = new LinkedBlockingQueue<>();
    private final Thread cutter;
    private volatile boolean accepting = true;
    private volatile RuntimeException failure;

    public Orderer(Ledger ledger, int maxMessageCount, Duration batchTimeout) {
        if (maxMessageCount < 1) {
            throw new IllegalArgumentException("a block must be allowed at least one transaction, not " + maxMessageCount);
        }
        if (batchTimeout.isNegative() || batchTimeout.isZero()) {
            throw new IllegalArgumentException("the batch timeout must be positive, not " + batchTimeout);
        }
        this.ledger = ledger;
        this.maxMessageCount = maxMessageCount;
        this.batchTimeout = batchTimeout;
        this.cutter = new Thread(this::run, "orderer-" + ledger.channelId());
        this.cutter.setDaemon(true);
        this.cutter.start();
    }

    /**
     * Queues an envelope for the next block.
     *
     * @throws IllegalStateException when the orderer is closed or a block could not be committed
     */
    public void order(Envelope envelope) {
        if (failure != null) {
            throw new IllegalStateException("the ordering service has stopped: a block could not be committed: "
                    + failure.getMessage(), failure);
        }
        if (!accepting) {
            throw new IllegalStateException("the ordering service is shutting down");
        }
        queue.add(envelope);
    }

    private void run() {
        try {
            while (accepting || !queue.isEmpty()) {
                Envelope first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    commit(cut(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("orderer of channel {} interrupted with {} envelopes queued", ledger.channelId(), queue.size());
        }
    }

    private List<Envelope> cut(Envelope first) throws InterruptedException {
        List<Envelope> batch = new ArrayList<>();
        batch.add(first);
        long deadline = System.nanoTime() + batchTimeout.toNanos();
        while (batch.size() < maxMessageCount) {
            long left = deadline - System.nanoTime();
            Envelope next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void commit(List<Envelope> batch) {
        try {
            ledger.commitBlock(batch);
        } catch (RuntimeException e) {
            // The ledger refuses further commits until reopened; stop taking transactions we cannot order.
            failure = e;
            accepting = false;
            LOG.error("orderer of channel {} could not commit a block of {} transactions; ordering stopped",
                    ledger.channelId(), batch.size(), e);
        }
    }

    /** Stops taking envelopes, commits those already queued, and stops. */
    @Override
    public void close() {
        accepting = false;
        try {
            cutter.join(batchTimeout.toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cutter.isAlive()) {
            cutter.interrupt();
            LOG.warn("orderer of channel {} did not finish its last block in time", ledger.channelId());
        }
    }
}
