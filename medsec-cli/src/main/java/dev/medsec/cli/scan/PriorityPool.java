package dev.medsec.cli.scan;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed pool whose queued tasks run by rank (lower first), then in submission order. The scan queues the
 * thousands of per-file tasks at once; work that becomes ready later (the image checks, once the catalogers are
 * done) must not wait behind all of them.
 */
final class PriorityPool extends ThreadPoolExecutor {
    /** Ranks, in the order free workers take them. */
    static final int CATALOG = 0;
    static final int IMAGE_CHECK = 1;
    static final int FILE = 2;

    private final AtomicLong sequence = new AtomicLong();

    PriorityPool(int threads, ThreadFactory factory) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), factory);
    }

    <T> Future<T> submit(int rank, Callable<T> task) {
        Ranked<T> f = new Ranked<>(task, rank, sequence.getAndIncrement());
        execute(f);
        return f;
    }

    Future<?> submit(int rank, Runnable task) {
        return submit(rank, Executors.callable(task));
    }

    // Anything submitted without a rank queues behind the ranked work (the queue only takes comparable tasks).
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Ranked<>(callable, Integer.MAX_VALUE, sequence.getAndIncrement());
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return newTaskFor(Executors.callable(runnable, value));
    }

    private static final class Ranked<T> extends FutureTask<T> implements Comparable<Ranked<?>> {
        private final int rank;
        private final long order;

        Ranked(Callable<T> task, int rank, long order) {
            super(task);
            this.rank = rank;
            this.order = order;
        }

        @Override
        public int compareTo(Ranked<?> o) {
            return rank != o.rank ? Integer.compare(rank, o.rank) : Long.compare(order, o.order);
        }

        // Ranked tasks live only in this pool's queue; identity is their equality.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
