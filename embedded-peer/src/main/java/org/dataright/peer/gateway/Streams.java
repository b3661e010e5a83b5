package org.dataright.peer.gateway;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;

/** Flow control for the long-lived server streams (events, Deliver). */
final class Streams {
    private static final long READY_POLL_MILLIS = 5;

    private Streams() {
    }

    /** Waits until the client can take another message, so that a slow client does not fill the peer's memory. */
    static void awaitReady(ServerCallStreamObserver<?> stream, Context context) throws InterruptedException {
        while (!stream.isReady() && !context.isCancelled()) {
            Thread.sleep(READY_POLL_MILLIS);
        }
    }
}
