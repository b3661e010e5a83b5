package org.dataright.cli.base;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/** A progress bar on stderr while a large file is hashed: redrawn at most every 200 ms, erased when done. */
public final class Progress {
    public static final long LARGE_FILE_BYTES = 64L << 20;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private long done;
    private long lastDraw;

    public Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label.length() > 30 ? "…" + label.substring(label.length() - 29) : label;
        this.total = Math.max(total, 1);
    }

    public InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    private void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS || done >= total) {
            lastDraw = now;
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + (100 * Math.min(done, total) / total) + "% " + (done >> 20) + "/" + (total >> 20) + " MiB");
            err.flush();
        }
    }

    public void finish() {
        err.print("\r" + " ".repeat(label.length() + WIDTH + 30) + "\r");
        err.flush();
    }
}
