package org.dataright.testsupport.load;

import java.util.Arrays;

/** Latencies in nanoseconds, collected by one thread, then merged and read as percentiles. */
final class Latencies {
    private long[] values = new long[256];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    /** The nearest-rank percentile ({@code p} in 0..100] in milliseconds; 0 when there are none. */
    double percentileMillis(double p) {
        return percentile(Arrays.copyOf(values, size), p) / 1e6;
    }

    /** The nearest-rank percentile of {@code values} (sorted here): the smallest value with at least p % at or below it. */
    static long percentile(long[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100], not " + p);
        }
        if (values.length == 0) {
            return 0;
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(rank, 1) - 1];
    }
}
