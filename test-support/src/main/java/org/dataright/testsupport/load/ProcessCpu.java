package org.dataright.testsupport.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** CPU time a Linux process has used so far, from {@code /proc/PID/stat}: user plus system time. */
public final class ProcessCpu {
    /** Linux reports these times in clock ticks of USER_HZ, 100 a second on every platform it runs on. */
    private static final long MILLIS_PER_TICK = 10;

    private ProcessCpu() {
    }

    /** Milliseconds of CPU the process has used; -1 when it has ended (no {@code /proc/PID/stat}). */
    public static long millis(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * MILLIS_PER_TICK;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * utime + stime of a {@code /proc/PID/stat} line. Its second field, the program name in parentheses,
     * may itself hold spaces and parentheses, so the fields are counted from the last ')'.
     */
    static long ticks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        // after "pid (comm) ": state is field 3, utime field 14, stime field 15
        String[] fields = stat.substring(end + 1).strip().split(" +");
        if (fields.length < 13) {
            throw new IllegalArgumentException("a /proc/PID/stat line with " + (fields.length + 2) + " fields: " + stat);
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
