package org.dataright.testsupport.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one closed-loop run measured: per operation, how many succeeded and their latencies, and the
 * failures by code; the CPU each group of processes spent in the measured window.
 */
public final class Figures {
    private final String target;
    private final int clients;
    private final double seconds;
    private final Map<String, Latencies> succeeded = new TreeMap<>();
    private final Map<String, Long> units = new TreeMap<>();
    private final Map<String, Boolean> isAct = new TreeMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Long> cpuMillis = new LinkedHashMap<>();

    Figures(String target, int clients, double seconds) {
        this.target = target;
        this.clients = clients;
        this.seconds = seconds;
    }

    void record(Operation op, long nanos) {
        isAct.putIfAbsent(op.name(), op.act());
        if (op.failure() != null) {
            failures.merge(op.name() + " " + op.failure(), 1L, Long::sum);
            return;
        }
        succeeded.computeIfAbsent(op.name(), n -> new Latencies()).add(nanos);
        units.merge(op.name(), (long) op.units(), Long::sum);
    }

    void merge(Figures other) {
        other.isAct.forEach(isAct::putIfAbsent);
        other.succeeded.forEach((name, l) -> succeeded.computeIfAbsent(name, n -> new Latencies()).addAll(l));
        other.units.forEach((name, n) -> units.merge(name, n, Long::sum));
        other.failures.forEach((key, n) -> failures.merge(key, n, Long::sum));
    }

    void cpu(String group, long millis) {
        cpuMillis.put(group, millis);
    }

    public String target() {
        return target;
    }

    public int clients() {
        return clients;
    }

    /** Acts committed (VALID) per second. */
    public double committedActsPerSecond() {
        return committedActs() / seconds;
    }

    /** Data assets registered per second by committed acts (a batch counts each of its assets). */
    public double unitsPerSecond() {
        return units.values().stream().mapToLong(Long::longValue).sum() / seconds;
    }

    public double queriesPerSecond() {
        return succeeded.entrySet().stream().filter(e -> !isAct.get(e.getKey())).mapToLong(e -> e.getValue().count()).sum()
                / seconds;
    }

    public long committedActs() {
        return succeeded.entrySet().stream().filter(e -> isAct.get(e.getKey())).mapToLong(e -> e.getValue().count()).sum();
    }

    /** Latency percentile of the committed acts together, in milliseconds. */
    public double actMillis(double p) {
        return acts().percentileMillis(p);
    }

    /** Latency percentile of one operation's successes, in milliseconds. */
    public double millis(String operation, double p) {
        Latencies l = succeeded.get(operation);
        return l == null ? 0 : l.percentileMillis(p);
    }

    /** Successes per operation. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        succeeded.forEach((name, l) -> counts.put(name, l.count()));
        return counts;
    }

    /** {@code "<operation> <code>"} → how many failed so. */
    public Map<String, Long> failures() {
        return Map.copyOf(failures);
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU milliseconds per committed act, per group of processes, in the order they were named (the client last). */
    public Map<String, Double> cpuMillisPerAct() {
        Map<String, Double> perAct = new LinkedHashMap<>();
        long acts = committedActs();
        cpuMillis.forEach((group, ms) -> perAct.put(group, acts == 0 ? 0 : ms / (double) acts));
        return perAct;
    }

    public double cpuMillisPerActTotal() {
        return cpuMillisPerAct().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private Latencies acts() {
        Latencies all = new Latencies();
        succeeded.forEach((name, l) -> {
            if (isAct.get(name)) {
                all.addAll(l);
            }
        });
        return all;
    }

    /** The run as a few lines of text: the headline figures, each operation, the failures, the CPU per act. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, %d clients, %.0f s: %.1f committed acts/s (%.1f data assets/s), %.1f queries/s; "
                + "acts p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d failed%n", target, clients, seconds,
                committedActsPerSecond(), unitsPerSecond(), queriesPerSecond(), actMillis(50), actMillis(95), actMillis(99),
                failureCount()));
        succeeded.forEach((name, l) -> out.append(String.format("  %-18s %-5s %7d ok  p50 %7.1f  p95 %7.1f  p99 %7.1f ms%n",
                name, isAct.get(name) ? "act" : "query", l.count(), l.percentileMillis(50), l.percentileMillis(95),
                l.percentileMillis(99))));
        failures.forEach((key, n) -> out.append(String.format("  failed: %s × %d%n", key, n)));
        out.append("  CPU ms per committed act:");
        cpuMillisPerAct().forEach((group, ms) -> out.append(String.format(" %s %.2f,", group, ms)));
        out.append(String.format(" all %.2f%n", cpuMillisPerActTotal()));
        return out.toString();
    }
}
