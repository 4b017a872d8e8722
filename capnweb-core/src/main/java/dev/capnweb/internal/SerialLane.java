package dev.capnweb.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A session's serial lane: tasks run one at a time, in submission order, on threads borrowed from
 * a shared pool, or on the transport's own thread when a message finds the lane idle
 * ({@link #executeHere}). Everything that touches a session's tables runs here, so the tables
 * need no locks, and no thread is created per session or per call.
 */
public final class SerialLane implements Executor {
    private static final ThreadLocal<SerialLane> CURRENT = new ThreadLocal<>();
    /** Tasks run per turn before the lane yields its thread back to the pool, for fairness. */
    private static final int BATCH = 256;

    private final Executor pool;
    private final Consumer<Throwable> onTaskFailure;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Runnable beforeBlockingWait;

    /**
     * @param pool          where turns run
     * @param onTaskFailure told of an exception a task let escape (a bug); the lane goes on
     */
    public SerialLane(Executor pool, Consumer<Throwable> onTaskFailure) {
        this.pool = pool;
        this.onTaskFailure = onTaskFailure;
    }

    /** @return the lane whose task the calling thread is running, or null */
    public static SerialLane current() {
        return CURRENT.get();
    }

    /** @return whether the calling thread is running one of this lane's tasks */
    public boolean inLane() {
        return CURRENT.get() == this;
    }

    /** @param hook run when a thread is about to block on a result this lane will deliver */
    public void onBlockingWait(Runnable hook) {
        beforeBlockingWait = hook;
    }

    /** Someone is about to block on a result from this lane (used to flush a batching transport). */
    public void beforeBlockingWait() {
        Runnable hook = beforeBlockingWait;
        if (hook != null) {
            hook.run();
        }
    }

    /** Queues a task behind everything already submitted. */
    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /**
     * Queues a task from a transport's own thread. When the lane is idle and that thread runs no
     * lane already, the thread drains the lane itself instead of waking a pool thread: a message
     * then costs no thread handoff (a context switch per message on one CPU).
     */
    public void executeHere(Runnable task) {
        if (CURRENT.get() == null && queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            // Idle and nothing waiting: run the task first without queueing it. A task queued
            // meanwhile by another thread was submitted concurrently, so either order is right.
            drain(task);
            return;
        }
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            if (CURRENT.get() == null) {
                drain(null);
            } else {
                pool.execute(this::drain);
            }
        }
    }

    /** Runs the task now when already on this lane (keeping synchronous ordering), else queues it. */
    public void run(Runnable task) {
        if (inLane()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /**
     * Runs the task now when already on this lane; otherwise as {@link #executeHere}: a caller that
     * runs no lane drains an idle lane itself. For entry points called right after the caller
     * handled the session's messages (a batch handler waiting for its answers), where a pool
     * handoff would cost a context switch.
     */
    public void runHere(Runnable task) {
        if (inLane()) {
            task.run();
        } else {
            executeHere(task);
        }
    }

    private void drain() {
        drain(null);
    }

    /** Runs {@code first} (if any), then queued tasks, up to {@link #BATCH} in all. */
    private void drain(Runnable first) {
        SerialLane outer = CURRENT.get();
        CURRENT.set(this);
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = i == 0 && first != null ? first : queue.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    onTaskFailure.accept(t);
                }
            }
        } finally {
            CURRENT.set(outer);
            scheduled.set(false);
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }
}
