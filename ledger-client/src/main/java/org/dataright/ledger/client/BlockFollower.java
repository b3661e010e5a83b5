package org.dataright.ledger.client;

import io.grpc.Status;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Follows a channel's committed blocks on a thread of its own, for a component that derives something
 * from every block (a projection, a log): when the stream breaks it resumes where the component says
 * it stands, after a pause, until closed. The component's handler sees each block once, in order.
 */
public final class BlockFollower implements AutoCloseable {
    /**
     * The platform's logger, not SLF4J: dpr ships this module without a logging backend (where SLF4J on
     * the class path would print warnings), and the service routes it to its own log.
     */
    private static final System.Logger log = System.getLogger(BlockFollower.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Supplier<CloseableIterator<Block>> open;
    private final LongSupplier position;
    private final Consumer<Block> handler;
    private final Thread thread;
    private volatile boolean closed;
    private volatile CloseableIterator<Block> events;

    /**
     * @param name what follows, in log lines and the thread's name
     * @param open opens the block stream from where the component stands (called again after each break)
     * @param position the next block the component needs, for log lines
     */
    public BlockFollower(String name, Supplier<CloseableIterator<Block>> open, LongSupplier position, Consumer<Block> handler) {
        this.name = name;
        this.open = open;
        this.position = position;
        this.handler = handler;
        this.thread = new Thread(this::follow, name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void follow() {
        while (!closed) {
            try (CloseableIterator<Block> blocks = open.get()) {
                events = blocks;
                while (!closed && blocks.hasNext()) {
                    handler.accept(blocks.next());
                }
            } catch (GatewayRuntimeException e) {
                if (closed || e.getStatus().getCode() == Status.Code.CANCELLED) {
                    return;
                }
                log.log(Level.WARNING, "block events stopped ({0}); the {1} resumes from block {2} in {3}", e.getStatus(), name,
                        position.getAsLong(), RETRY);
                pause();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.log(Level.ERROR, "the " + name + " failed at block " + position.getAsLong() + "; retrying in " + RETRY, e);
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops following; returns once the handler is no longer running (or after a bounded wait). */
    @Override
    public void close() {
        closed = true;
        CloseableIterator<Block> current = events;
        if (current != null) {
            current.close();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
