package org.dataright.peer.gateway;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.peer.ledger.Ledger;
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
 */
public final class DeliverService extends DeliverGrpc.DeliverImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverService.class);
    /** Fabric's {@code peer.deliveryclient}/{@code TimeWindow}: how far a request's timestamp may be from the peer's clock. */
    private static final Duration TIME_WINDOW = Duration.ofMinutes(15);

    private enum Mode { BLOCK, FILTERED, PRIVATE_DATA }

    private final Ledger ledger;
    private final CommitNotifier notifier;
    private final ExecutorService executor;
    private final Clock clock;

    /** @param executor runs the deliveries, which block while they wait for new blocks */
    public DeliverService(Ledger ledger, CommitNotifier notifier, ExecutorService executor, Clock clock) {
        this.ledger = ledger;
        this.notifier = notifier;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public StreamObserver<Envelope> deliver(StreamObserver<DeliverResponse> out) {
        return new Session((ServerCallStreamObserver<DeliverResponse>) out, Mode.BLOCK);
    }

    @Override
    public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> out) {
        return new Session((ServerCallStreamObserver<DeliverResponse>) out, Mode.FILTERED);
    }

    @Override
    public StreamObserver<Envelope> deliverWithPrivateData(StreamObserver<DeliverResponse> out) {
        return new Session((ServerCallStreamObserver<DeliverResponse>) out, Mode.PRIVATE_DATA);
    }

    /** One Deliver call: its requests are served one after another; a half-close ends it once they are done. */
    private final class Session implements StreamObserver<Envelope> {
        private final ServerCallStreamObserver<DeliverResponse> out;
        private final Mode mode;
        private final Context context = Context.current();
        private int pending;
        private boolean halfClosed;
        private boolean finished;

        Session(ServerCallStreamObserver<DeliverResponse> out, Mode mode) {
            this.out = out;
            this.mode = mode;
        }

        @Override
        public void onNext(Envelope request) {
            synchronized (this) {
                pending++;
            }
            executor.execute(() -> serve(request));
        }

        private void serve(Envelope request) {
            synchronized (out) {
                if (!isFinished()) {
                    try {
                        Status status = deliverBlocks(request);
                        if (status != null) {
                            out.onNext(DeliverResponse.newBuilder().setStatus(status).build());
                            if (status != Status.SUCCESS) {
                                finish();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        finish();
                    } catch (RuntimeException e) {
                        if (!context.isCancelled()) {
                            LOG.warn("deliver to a client failed: {}", e.getMessage(), e);
                            out.onNext(DeliverResponse.newBuilder().setStatus(Status.INTERNAL_SERVER_ERROR).build());
                            finish();
                        }
                    }
                }
            }
            boolean done;
            synchronized (this) {
                pending--;
                done = halfClosed && pending == 0;
            }
            if (done) {
                finish();
            }
        }

        private synchronized boolean isFinished() {
            return finished || context.isCancelled();
        }

        private void finish() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            if (!context.isCancelled()) {
                out.onCompleted();
            }
        }

        @Override
        public void onError(Throwable t) {
            LOG.debug("deliver client went away: {}", t.getMessage());
        }

        @Override
        public void onCompleted() {
            boolean done;
            synchronized (this) {
                halfClosed = true;
                done = pending == 0;
            }
            if (done) {
                finish();
            }
        }

        /** Fabric's deliverBlocks: the status to end with, or null when the client went away. */
        private Status deliverBlocks(Envelope request) throws InterruptedException {
            SignedEnvelope env;
            SeekInfo seek;
            try {
                env = SignedEnvelope.parse(request);
                seek = SeekInfo.parseFrom(env.payload().getData());
            } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
                LOG.warn("deliver request does not parse: {}", e.getMessage());
                return Status.BAD_REQUEST;
            }
            if (!env.channelHeader().hasTimestamp()) {
                LOG.warn("deliver request has no timestamp in its channel header");
                return Status.BAD_REQUEST;
            }
            Instant sent = Instant.ofEpochSecond(env.channelHeader().getTimestamp().getSeconds(),
                    env.channelHeader().getTimestamp().getNanos());
            if (Duration.between(sent, clock.instant()).abs().compareTo(TIME_WINDOW) > 0) {
                LOG.warn("deliver request timestamp {} is more than {} apart from the peer's time", sent, TIME_WINDOW);
                return Status.BAD_REQUEST;
            }
            if (!env.channelHeader().getChannelId().equals(ledger.channelId())) {
                return Status.NOT_FOUND;
            }
            try {
                env.verifyCreator(ledger.channelConfig().membership(), clock.instant());
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
            while (true) {
                if (seek.getBehavior() == SeekInfo.SeekBehavior.FAIL_IF_NOT_READY && number > ledger.height() - 1) {
                    return Status.NOT_FOUND;
                }
                Optional<Block> block = notifier.awaitBlock(number, context::isCancelled);
                if (block.isEmpty()) {
                    return null;
                }
                Streams.awaitReady(out, context);
                out.onNext(response(block.get(), seek.getContentType()));
                if (Long.compareUnsigned(number, stop) >= 0) {
                    return Status.SUCCESS;
                }
                number++;
            }
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
