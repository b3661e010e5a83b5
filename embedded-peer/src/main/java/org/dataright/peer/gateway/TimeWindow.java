package org.dataright.peer.gateway;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.ChannelHeader;

/**
 * How far the time a client writes into a channel header may be from this peer's clock. The chaincode
 * takes "now" from that timestamp (offer expiry, publicity periods, registration times), so the window
 * bounds how far a client can move a deadline. The one place this comparison is made: the endorser,
 * the orderer's broadcast check and Deliver's request check each hold one.
 */
public record TimeWindow(Duration width, Clock clock) {
    /** The code a client sees, first in the refusal's sentence. */
    public static final String CODE = "TIMESTAMP_OUT_OF_WINDOW";

    public TimeWindow {
        if (width.isNegative() || width.isZero()) {
            throw new IllegalArgumentException("a time window must be positive, not " + width);
        }
    }

    /**
     * Null when the header's timestamp is within the window of the peer's clock, else
     * {@code TIMESTAMP_OUT_OF_WINDOW: <sentence>} naming the claimed time, the peer's time and the window.
     *
     * @param what what carries the timestamp, as the sentence names it ("the proposal")
     */
    String refusal(ChannelHeader header, String what) {
        Instant now = clock.instant();
        if (!header.hasTimestamp()) {
            return CODE + ": " + what + " carries no timestamp; this peer's time is " + now + " and it accepts timestamps"
                    + " within " + seconds(width) + " of it";
        }
        Timestamp ts = header.getTimestamp();
        Instant claimed = Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
        Duration apart = Duration.between(now, claimed);
        if (apart.abs().compareTo(width) <= 0) {
            return null;
        }
        return CODE + ": " + what + " is dated " + claimed + ", " + seconds(apart.abs()) + (apart.isNegative() ? " behind" : " ahead of")
                + " this peer's time " + now + "; the peer accepts timestamps within " + seconds(width) + " of its clock,"
                + " so set the client's clock right and send it again";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
