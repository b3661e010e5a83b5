package org.dataright.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Clients in a closed loop: each on its own thread does one operation after another, the next when the
 * previous has ended, for a warm-up and then a measured window. Only operations started in the window
 * count; the CPU of each group of processes is read at the window's start and end.
 */
public final class ClosedLoop {
    private ClosedLoop() {
    }

    /**
     * Runs {@code clients} and returns what the window measured.
     *
     * @param processes group name → the processes whose CPU counts for it (pids), in the order to print them
     */
    public static Figures run(String target, List<? extends LoadClient> clients, Duration warmUp, Duration window,
            Map<String, List<Long>> processes) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            long windowStart = System.nanoTime() + warmUp.toNanos();
            long windowEnd = windowStart + window.toNanos();
            List<Future<Figures>> workers = new ArrayList<>();
            for (LoadClient client : clients) {
                workers.add(pool.submit(() -> loop(target, client, windowStart, windowEnd)));
            }
            sleepUntil(windowStart);
            Map<String, Long> before = cpu(processes);
            sleepUntil(windowEnd);
            Map<String, Long> after = cpu(processes);
            Figures figures = new Figures(target, clients.size(), window.toNanos() / 1e9);
            for (Future<Figures> worker : workers) {
                figures.merge(worker.get());
            }
            before.forEach((group, ms) -> figures.cpu(group, after.get(group) - ms));
            return figures;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Figures loop(String target, LoadClient client, long windowStart, long windowEnd) {
        Figures own = new Figures(target, 1, 0);
        for (long start = System.nanoTime(); start < windowEnd; start = System.nanoTime()) {
            Operation op = client.next();
            if (start >= windowStart) {
                own.record(op, System.nanoTime() - start);
            }
        }
        return own;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long millis = (nanoTime - System.nanoTime()) / 1_000_000;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** CPU milliseconds per group; a process that ended counts what it had when last seen, so it must not end mid-run. */
    private static Map<String, Long> cpu(Map<String, List<Long>> processes) {
        Map<String, Long> millis = new java.util.LinkedHashMap<>();
        processes.forEach((group, pids) -> {
            long sum = 0;
            for (long pid : pids) {
                long ms = ProcessCpu.millis(pid);
                if (ms < 0) {
                    throw new IllegalStateException("process " + pid + " of " + group + " is gone: its CPU cannot be counted");
                }
                sum += ms;
            }
            millis.put(group, sum);
        });
        return millis;
    }
}
