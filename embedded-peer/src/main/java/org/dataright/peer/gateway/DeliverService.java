package org.dataright.peer.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.peer.ledger.Ledger;
import org.dataright.peer.ledger.LedgerCorruptionException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's Deliver service ({@code common/deliver/deliver.go}, {@code core/peer/deliverevents.go}):
 * for each signed {@code SeekInfo} envelope it streams blocks (whole, filtered, or with an empty
 * private data map) from the start to the stop position, waiting for new blocks as needed, then
 * sends a status. A request that is refused gets its status (BAD_REQUEST, NOT_FOUND, FORBIDDEN) and
 * ends the stream, as in Fabric.
 *
 * <p>No stream holds a thread while it waits: blocks are sent while gRPC's flow control says the
 * client can take them ({@code isReady}); a stream whose client reads slowly, or not at all, resumes
 * from its on-ready handler, and one waiting for a block that is not committed yet resumes from the
 * commit notifier. One client address may have at most a configured number of streams open; one more
 * is refused with {@code RESOURCE_EXHAUSTED}. A block damaged in the ledger ends the stream with gRPC's
 * {@code DATA_LOSS} and {@code LEDGER_DAMAGED: block N …}: Fabric would send a bare status, and this
 * says which block.
 */
public final class DeliverService extends DeliverGrpc.DeliverImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverService.class);
    /** Fabric's {@code peer.deliveryclient}/{@code TimeWindow}: how far a request's timestamp may be from the peer's clock. */
    private static final Duration TIME_WINDOW = Duration.ofMinutes(15);
    /** The client's address (IP, without the port: each connection has its own port), set by {@link #clientAddresses()}. */
    private static final Context.Key<String> CLIENT = Context.key("deliver-client-address");

    private enum Mode { BLOCK, FILTERED, PRIVATE_DATA }

    private final Ledger ledger;
    private final CommitNotifier notifier;
    private final Executor executor;
    private final TimeWindow requestTime;
    private final int streamsPerClient;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    /**
     * @param executor runs the deliveries in short turns (a turn ends when the client cannot take more, or
     *     the next block is not committed yet)
     * @param streamsPerClient how many streams one client address may have open at once
     */
    public DeliverService(Ledger ledger, CommitNotifier notifier, Executor executor, Clock clock, int streamsPerClient) {
        if (streamsPerClient < 1) {
            throw new IllegalArgumentException("a client must be allowed at least one Deliver stream, not " + streamsPerClient);
        }
        this.ledger = ledger;
        this.notifier = notifier;
        this.executor = executor;
        this.requestTime = new TimeWindow(TIME_WINDOW, clock);
        this.streamsPerClient = streamsPerClient;
    }

    /** Tells the Deliver service each call's client address; intercept the service with it. */
    public static ServerInterceptor clientAddresses() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                String client = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                        ? inet.getAddress().getHostAddress() : String.valueOf(remote);
                return Contexts.interceptCall(Context.current().withValue(CLIENT, client), call, headers, next);
            }
        };
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> out) {
        return open(out, Mode.BLOCK);
    }

    @Override
    public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> out) {
        return open(out, Mode.FILTERED);
    }

    @Override
    public StreamObserver<Envelope> deliverWithPrivateData(StreamObserver<DeliverResponse> out) {
        return open(out, Mode.PRIVATE_DATA);
    }

    private StreamObserver<Envelope> open(StreamObserver<DeliverResponse> observer, Mode mode) {
        ServerCallStreamObserver<DeliverResponse> out = (ServerCallStreamObserver<DeliverResponse>) observer;
        String client = CLIENT.get() != null ? CLIENT.get() : "an unknown address";
        AtomicInteger open = openStreams.computeIfAbsent(client, c -> new AtomicInteger());
        if (open.incrementAndGet() > streamsPerClient) {
            open.decrementAndGet();
            LOG.warn("refused a Deliver stream of {}: it has {} open", client, streamsPerClient);
            out.onError(io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("this peer serves at most " + streamsPerClient
                    + " Deliver streams per client address, and " + client + " has " + streamsPerClient + " open: end one"
                    + " (a stop position ends it, or cancel it) and try again").asRuntimeException());
            return Ignored.INSTANCE;
        }
        Session session = new Session(out, mode, open);
        out.setOnReadyHandler(session::schedule);
        out.setOnCancelHandler(session::schedule);
        return session;
    }

    /** The requests of a stream refused before it began. */
    private enum Ignored implements StreamObserver<Envelope> {
        INSTANCE;

        @Override
        public void onNext(Envelope value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    /** Where a request stands: the next block to send, the last one, what to send of each. */
    private static final class Delivery {
        final SeekInfo seek;
        final long stop;
        long next;

        Delivery(SeekInfo seek, long next, long stop) {
            this.seek = seek;
            this.next = next;
            this.stop = stop;
        }
    }

    /**
     * One Deliver call: its requests are served one after another, in turns that one thread at a time
     * runs ({@link #schedule}); a half-close ends it once they are done.
     */
    private final class Session implements StreamObserver<Envelope> {
        private final ServerCallStreamObserver<DeliverResponse> out;
        private final Mode mode;
        private final AtomicInteger clientStreams;
        private final Queue<Envelope> requests = new ConcurrentLinkedQueue<>();
        /** Turns asked for and not yet run; only the caller that takes it from 0 starts a turn. */
        private final AtomicInteger turns = new AtomicInteger();
        private final AtomicBoolean released = new AtomicBoolean();
        /** Whether a callback for the next commit is registered, so that a stream registers one at a time. */
        private final AtomicBoolean awaitingCommit = new AtomicBoolean();
        private volatile boolean halfClosed;
        private boolean finished;
        private Delivery current;

        Session(ServerCallStreamObserver<DeliverResponse> out, Mode mode, AtomicInteger clientStreams) {
            this.out = out;
            this.mode = mode;
            this.clientStreams = clientStreams;
        }

        @Override
        public void onNext(Envelope request) {
            requests.add(request);
            schedule();
        }

        @Override
        public void onError(Throwable t) {
            LOG.debug("deliver client went away: {}", t.getMessage());
            schedule();
        }

        @Override
        public void onCompleted() {
            halfClosed = true;
            schedule();
        }

        void schedule() {
            if (turns.getAndIncrement() == 0) {
                try {
                    executor.execute(this::run);
                } catch (RejectedExecutionException e) {
                    // The peer is shutting down; its server cancels the call.
                    release();
                }
            }
        }

        private void run() {
            int asked = turns.get();
            while (true) {
                try {
                    turn();
                } catch (RuntimeException e) {
                    if (!out.isCancelled() && !finished) {
                        LOG.warn("deliver to a client failed: {}", e.getMessage(), e);
                        out.onNext(DeliverResponse.newBuilder().setStatus(Status.INTERNAL_SERVER_ERROR).build());
                        finish(true);
                    }
                }
                asked = turns.addAndGet(-asked);
                if (asked == 0) {
                    return;
                }
            }
        }

        /** Sends what it can now; returns when the stream is done, the client cannot take more, or no block is due. */
        private void turn() {
            while (!finished) {
                if (out.isCancelled()) {
                    finish(false);
                    return;
                }
                if (current == null) {
                    Envelope request = requests.poll();
                    if (request == null) {
                        if (halfClosed) {
                            finish(true);
                        }
                        return;
                    }
                    Status refused = begin(request);
                    if (refused != null) {
                        out.onNext(DeliverResponse.newBuilder().setStatus(refused).build());
                        finish(true);
                        return;
                    }
                    continue;
                }
                if (!out.isReady()) {
                    return; // the on-ready handler asks for the next turn
                }
                if (Long.compareUnsigned(current.next, ledger.height()) >= 0) {
                    if (current.seek.getBehavior() == SeekInfo.SeekBehavior.FAIL_IF_NOT_READY) {
                        out.onNext(DeliverResponse.newBuilder().setStatus(Status.NOT_FOUND).build());
                        finish(true);
                        return;
                    }
                    if (awaitingCommit.compareAndSet(false, true)) {
                        notifier.onNextCommit(() -> {
                            awaitingCommit.set(false);
                            schedule();
                        });
                    }
                    if (Long.compareUnsigned(current.next, ledger.height()) >= 0) {
                        return; // the commit notifier asks for the next turn
                    }
                }
                Block block;
                try {
                    block = ledger.getBlockByNumber(current.next).orElseThrow(() ->
                            new IllegalStateException("block " + current.next + " is below the height but not found"));
                } catch (LedgerCorruptionException e) {
                    LOG.warn("a Deliver stream reached a damaged block: {}", e.getMessage());
                    out.onError(io.grpc.Status.DATA_LOSS.withDescription(LedgerDamage.of(ledger.channelId(), e)).asRuntimeException());
                    finish(false);
                    return;
                }
                out.onNext(response(block, current.seek.getContentType()));
                if (Long.compareUnsigned(current.next, current.stop) >= 0) {
                    out.onNext(DeliverResponse.newBuilder().setStatus(Status.SUCCESS).build());
                    current = null;
                } else {
                    current.next++;
                }
            }
        }

        private void finish(boolean complete) {
            if (finished) {
                return;
            }
            finished = true;
            release();
            if (complete && !out.isCancelled()) {
                out.onCompleted();
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                clientStreams.decrementAndGet();
            }
        }

        /** Fabric's checks of a request; null when it is good (and {@link #current} is set), else the status to end with. */
        private Status begin(Envelope request) {
            SignedEnvelope env;
            SeekInfo seek;
            try {
                env = SignedEnvelope.parse(request);
                seek = SeekInfo.parseFrom(env.payload().getData());
            } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
                LOG.warn("deliver request does not parse: {}", e.getMessage());
                return Status.BAD_REQUEST;
            }
            String untimely = requestTime.refusal(env.channelHeader(), "the deliver request");
            if (untimely != null) {
                LOG.warn("{}", untimely);
                return Status.BAD_REQUEST;
            }
            if (!env.channelHeader().getChannelId().equals(ledger.channelId())) {
                return Status.NOT_FOUND;
            }
            try {
                env.verifyCreator(ledger.channelConfig().membership(), ledger.verifiedSignatures(), requestTime.clock().instant());
            } catch (IdentityException e) {
                LOG.warn("deliver client is not authorized: {}", e.getMessage());
                return Status.FORBIDDEN;
            }
            if (!seek.hasStart() || !seek.hasStop()) {
                return Status.BAD_REQUEST;
            }
            long height = ledger.height();
            long number;
            switch (seek.getStart().getTypeCase()) {
                case OLDEST:
                    number = 0;
                    break;
                case NEWEST:
                    number = height - 1;
                    break;
                case NEXT_COMMIT:
                    number = height;
                    break;
                case SPECIFIED:
                    number = seek.getStart().getSpecified().getNumber();
                    if (Long.compareUnsigned(number, height) > 0) {
                        return Status.NOT_FOUND;
                    }
                    break;
                default:
                    return Status.BAD_REQUEST;
            }
            long stop = stopNumber(seek, number, height);
            if (stop == -2) {
                return Status.BAD_REQUEST;
            }
            current = new Delivery(seek, number, stop);
            return null;
        }

        /** The last block to send (unsigned), or -2 when the stop position is invalid. */
        private long stopNumber(SeekInfo seek, long start, long height) {
            SeekPosition stop = seek.getStop();
            switch (stop.getTypeCase()) {
                case OLDEST:
                    return start;
                case NEWEST:
                    return seek.getStart().equals(stop) ? start : height - 1;
                case SPECIFIED:
                    long n = stop.getSpecified().getNumber();
                    return Long.compareUnsigned(n, start) < 0 ? -2 : n;
                default:
                    return -2;
            }
        }

        private DeliverResponse response(Block block, SeekInfo.SeekContentType content) {
            Block toSend = block;
            if (content == SeekInfo.SeekContentType.HEADER_WITH_SIG && !isConfigBlock(block)) {
                toSend = Block.newBuilder().setHeader(block.getHeader()).setMetadata(block.getMetadata()).build();
            }
            switch (mode) {
                case FILTERED:
                    return DeliverResponse.newBuilder()
                            .setFilteredBlock(BlockContents.filtered(toSend, ledger.channelId())).build();
                case PRIVATE_DATA:
                    // No private data collections exist here, so the private data map is always empty.
                    return DeliverResponse.newBuilder()
                            .setBlockAndPrivateData(BlockAndPrivateData.newBuilder().setBlock(toSend)).build();
                default:
                    return DeliverResponse.newBuilder().setBlock(toSend).build();
            }
        }
    }

    private static boolean isConfigBlock(Block block) {
        List<BlockContents.Tx> txs = BlockContents.transactions(block);
        return txs.size() == 1 && txs.get(0).type() == HeaderType.CONFIG;
    }
}
