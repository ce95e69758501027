package dev.medsec.cli.scan;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** A progress bar on standard error, redrawn at most ten times a second. Used only when stderr is a terminal. */
public final class TerminalProgress implements Progress {
    private final PrintStream err;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String name = "";
    private volatile long lastDraw;

    public TerminalProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void stage(String stageName, long stageTotal) {
        this.name = stageName;
        this.total = stageTotal;
        done.set(0);
        draw(true);
    }

    @Override
    public void advance() {
        done.incrementAndGet();
        draw(false);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        long d = done.get();
        long t = Math.max(total, 1);
        int width = 30;
        int filled = (int) Math.min(width, d * width / t);
        synchronized (err) {
            err.printf("\r%-10s [%s%s] %d/%d ", name, "#".repeat(filled), " ".repeat(width - filled), d, total);
            err.flush();
        }
    }

    @Override
    public void done() {
        synchronized (err) {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
