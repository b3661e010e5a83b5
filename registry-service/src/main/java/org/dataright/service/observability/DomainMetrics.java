package org.dataright.service.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The registry's own metrics, every name in this one place; {@code /actuator/prometheus} serves them with
 * Prometheus's names (a counter {@code dpr.acts} is {@code dpr_acts_total}). Counters count from the service's
 * start; the act counters count what the act projection reads, so a projection rebuilt from block 0 counts
 * the whole ledger again. The owners of the numbers the gauges show register them here.
 */
@Component
public class DomainMetrics {
    /** Older than this when its block is read, an act is from a projection catching up, not a commit now. */
    static final Duration LIVE = Duration.ofMinutes(10);
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private volatile Supplier<Number> tlogCheckpoints = () -> 0;

    public DomainMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A transaction of the rights contract in a block: its act (event name) and Fabric validation code; and,
     * for a block read as it commits, the time from the transaction's timestamp to then.
     */
    public void actCommitted(String act, String validationCode, Instant claimed) {
        Counter.builder("dpr.acts").description("Acts of the rights contract in committed blocks, by act and Fabric validation code")
                .tag("act", act).tag("code", validationCode).register(registry).increment();
        Duration latency = claimed == null ? null : Duration.between(claimed, clock.instant());
        // A projection catching up on old blocks (at its first start, or after a long stop) reads no latency.
        if (latency != null && !latency.isNegative() && latency.compareTo(LIVE) <= 0) {
            Timer.builder("dpr.act.commit.latency").description("From an act's transaction timestamp (its client's clock) "
                    + "to the service reading its committed block, by validation code").tag("code", validationCode)
                    .publishPercentileHistogram().register(registry).record(latency);
        }
    }

    /** A certificate was issued (a new one; fetching an issued one again does not count). */
    public void certificateIssued(String act) {
        Counter.builder("dpr.certificates.issued").description("Evidence certificates issued, by the act they certify")
                .tag("act", act).register(registry).increment();
    }

    /** {@code POST /api/verify} ran the verifier: its verdict, and each check that failed. */
    public void verified(String verdict, List<String> failedChecks) {
        Counter.builder("dpr.verifications").description("Certificate verifications (POST /api/verify), by verdict")
                .tag("verdict", verdict).register(registry).increment();
        for (String check : failedChecks) {
            Counter.builder("dpr.verification.failures").description("Failed checks of certificate verifications, by check")
                    .tag("check", check).register(registry).increment();
        }
    }

    /** An enrolment request ({@code POST /api/enrollment}) ended: {@code enrolled} or {@code refused}. */
    public void enrolment(String outcome) {
        Counter.builder("dpr.enrolments").description("Enrolment requests, by outcome (enrolled, refused)")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** The ledger's height as the service has read it: the blocks its act projection has read. */
    public void ledgerHeight(Supplier<Number> blocks) {
        Gauge.builder("dpr.ledger.height", blocks).description("Blocks of the channel the service has read (its height)")
                .register(registry);
    }

    /** The transparency log: its leaves, the size of its latest checkpoint, and the checkpoints it signed. */
    public void transparencyLog(Supplier<Number> leaves, Supplier<Number> checkpointSize, Supplier<Number> checkpoints) {
        Gauge.builder("dpr.tlog.leaves", leaves).description("Leaves of the transparency log (one per valid act)")
                .register(registry);
        Gauge.builder("dpr.tlog.checkpoint.size", checkpointSize)
                .description("Tree size of the latest signed checkpoint of the transparency log").register(registry);
        // A function counter holds its object weakly: this bean, which lives as long as the registry.
        tlogCheckpoints = checkpoints;
        FunctionCounter.builder("dpr.tlog.checkpoints", this, m -> m.tlogCheckpoints.get().doubleValue())
                .description("Checkpoints of the transparency log signed since the service started").register(registry);
    }
}
