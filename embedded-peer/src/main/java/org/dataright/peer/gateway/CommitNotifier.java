package org.dataright.peer.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.dataright.peer.ledger.CommitListener;
import org.dataright.peer.ledger.CommittedBlock;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.TxResult;
import org.dataright.peer.ledger.TxStatus;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Tells whoever waits of committed blocks: commit-status callers waiting for a tx id, and event
 * streams waiting for the next block (blocking, or with a callback). Registered as the ledger's commit listener.
 */
public final class CommitNotifier implements CommitListener {
    /** How often a waiting stream looks whether its call was cancelled. */
    private static final long POLL_MILLIS = 250;

    private final Ledger ledger;
    private final Map<String, List<CompletableFuture<TxStatus>>> waiters = new ConcurrentHashMap<>();
    private final Object heightChanged = new Object();
    /** One-shot callbacks of streams waiting, without a thread, for the next block. */
    private final Queue<Runnable> nextCommit = new ConcurrentLinkedQueue<>();

    public CommitNotifier(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Completes when {@code txId} is committed (at once when it already is). */
    CompletableFuture<TxStatus> statusOf(String txId) {
        CompletableFuture<TxStatus> future = new CompletableFuture<>();
        waiters.compute(txId, (k, list) -> {
            List<CompletableFuture<TxStatus>> l = list == null ? new ArrayList<>() : list;
            l.add(future);
            return l;
        });
        // Looked up after registering, so that a commit in between is not missed.
        Optional<TxStatus> committed = ledger.getTxStatus(txId);
        if (committed.isPresent()) {
            complete(txId, committed.get());
        }
        future.whenComplete((s, e) -> forget(txId, future));
        return future;
    }

    private void forget(String txId, CompletableFuture<TxStatus> future) {
        waiters.computeIfPresent(txId, (k, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    private void complete(String txId, TxStatus status) {
        List<CompletableFuture<TxStatus>> list = waiters.remove(txId);
        if (list != null) {
            List.copyOf(list).forEach(f -> f.complete(status));
        }
    }

    /**
     * Block {@code number}, waiting for it to be committed; empty when {@code cancelled} turns true first.
     */
    Optional<Block> awaitBlock(long number, BooleanSupplier cancelled) throws InterruptedException {
        while (!cancelled.getAsBoolean()) {
            if (ledger.height() > number) {
                return ledger.getBlockByNumber(number);
            }
            synchronized (heightChanged) {
                if (ledger.height() <= number) {
                    heightChanged.wait(POLL_MILLIS);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code callback} once, after the next commit (on the committing thread: it should only hand work
     * on). Whoever registers looks at the height again afterwards, so that a commit in between is not missed.
     */
    void onNextCommit(Runnable callback) {
        nextCommit.add(callback);
    }

    @Override
    public void committed(CommittedBlock block) {
        for (TxResult tx : block.transactions()) {
            if (tx.txId() != null && !tx.txId().isEmpty()) {
                complete(tx.txId(), new TxStatus(block.number(), tx.index(), tx.code()));
            }
        }
        synchronized (heightChanged) {
            heightChanged.notifyAll();
        }
        for (Runnable callback = nextCommit.poll(); callback != null; callback = nextCommit.poll()) {
            callback.run();
        }
    }
}
