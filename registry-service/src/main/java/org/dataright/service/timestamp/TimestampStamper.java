package org.dataright.service.timestamp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.Verifier;
import org.dataright.service.certificate.CertificateIssued;
import org.dataright.service.certificate.CertificateService;
import org.dataright.service.certificate.TrustBundles;
import org.dataright.service.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gets each certificate its time-stamp token, after the certificate is issued and without holding it up.
 * A stamp is tried at once; a TSA that cannot be reached, refuses, or answers with a token this service does
 * not accept (not a reply, another imprint or nonce, a signer that does not chain to the configured TSA
 * roots) is logged and tried again after a wait that doubles up to {@code retry-max}. What is pending is
 * not kept anywhere but in the certificates themselves: on start, every stored certificate without a token
 * is pending again, so a restart forgets nothing. A token is attached only once the evidence module's
 * verifier, with the trust bundle this service publishes, passes its {@code timestamp-token} check: the
 * same check a court runs.
 */
@Component
public class TimestampStamper implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TimestampStamper.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final CertificateService certificates;
    private final TrustBundles trustBundles;
    private final RegistryProperties.Timestamp config;
    private final TimestampAuthority authority;
    /** Pending certificate ids, with the number of failed tries so far. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    TimestampStamper(CertificateService certificates, TrustBundles trustBundles, RegistryProperties properties) {
        this.certificates = certificates;
        this.trustBundles = trustBundles;
        this.config = properties.timestamp();
        this.authority = config.url() == null ? null : new TimestampAuthority(config.url(), config.timeout());
    }

    @Override
    public synchronized void start() {
        if (authority == null || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timestamp-stamps");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::resume);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("a time-stamp request was still running {} s after stop", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.clear();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** A new certificate: stamp it now. */
    @EventListener
    void issued(CertificateIssued event) {
        if (authority != null) {
            enqueue(event.certificateId());
        }
    }

    /** Every stored certificate without a token is a pending stamp. */
    private void resume() {
        java.util.List<String> waiting;
        try {
            waiting = certificates.withoutTimestampToken();
        } catch (RuntimeException e) {
            log.error("cannot list the certificates still without a time-stamp token; trying again in {} s: {}",
                    config.retryMax().toSeconds(), e.getMessage(), e);
            later(this::resume, config.retryMax());
            return;
        }
        log.info("stamping certificates with the time-stamp authority {}; {} certificate(s) without a token are pending",
                authority.url(), waiting.size());
        waiting.forEach(this::enqueue);
    }

    /** Stamps {@code id} now unless it is pending already; before start or after stop, the next start finds it. */
    private void enqueue(String id) {
        if (pending.putIfAbsent(id, 0) == null && !later(() -> attempt(id), Duration.ZERO)) {
            pending.remove(id);
        }
    }

    /** Runs {@code task} after {@code delay}; false when not running (what is not stamped is found on the next start). */
    private boolean later(Runnable task, Duration delay) {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return false;
        }
        try {
            running.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("not scheduling a time-stamp task: the service is stopping ({})", e.getMessage());
            return false;
        }
    }

    private void attempt(String id) {
        int failed = pending.getOrDefault(id, 0);
        try {
            EvidenceCertificate certificate = certificates.get(id);
            if (certificate.timestampToken() == null) {
                byte[] token = authority.stamp(certificate.timestampImprint());
                Check check = verifiedToken(certificate.withTimestampToken(token));
                if (check.status() != Check.Status.PASSED) {
                    throw new TimestampException("the token of " + authority.url() + " is refused: " + check.reason());
                }
                certificates.attachTimestampToken(id, token);
                log.info("certificate {} has its time-stamp token: {}", id, check.reason());
            }
            pending.remove(id);
        } catch (TimestampException | RuntimeException e) {
            if (executor == null) {
                log.info("stopped while stamping certificate {} ({}); the next start tries again", id, e.getMessage());
                return;
            }
            Duration wait = backoff(failed + 1);
            pending.put(id, failed + 1);
            log.warn("no time-stamp token for certificate {} yet (try {}): {}; trying again in {} s", id, failed + 1,
                    e.getMessage(), wait.toMillis() / 1000.0);
            if (!later(() -> attempt(id), wait)) {
                pending.remove(id);
            }
        }
    }

    /** The verifier's own check of the token, with the trust bundle this service publishes. */
    private Check verifiedToken(EvidenceCertificate stamped) {
        String name = CheckName.TIMESTAMP_TOKEN.id();
        return Verifier.forBundle(trustBundles.current()).verify(stamped.toJson(), null).checks().stream()
                .filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the verifier ran no " + name + " check"));
    }

    /** retry-first, doubled after each failure, at most retry-max. */
    private Duration backoff(int failures) {
        Duration wait = config.retryFirst();
        for (int i = 1; i < failures && wait.compareTo(config.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }
}
