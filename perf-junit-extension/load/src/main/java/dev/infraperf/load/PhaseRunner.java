package dev.infraperf.load;

import dev.infraperf.reports.model.EndpointStats;
import dev.infraperf.reports.model.FailureKind;
import dev.infraperf.reports.model.FailureSample;
import dev.infraperf.reports.model.IntervalHistogram;
import dev.infraperf.reports.model.IntervalStats;
import dev.infraperf.reports.model.LatencySummary;
import dev.infraperf.reports.model.LoadModel;
import dev.infraperf.reports.model.PhaseResult;
import dev.infraperf.reports.model.PhaseSpec;
import dev.infraperf.reports.model.RequestCounts;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link PhasePlan} against a target and returns its {@link PhaseRun}. No JUnit here: the extension, the
 * benchmarks and tests drive it directly.
 *
 * <p>Ending: at the planned end no new task or request starts and waiting users run {@code onStop}; requests in flight
 * get the stop grace to complete (and count normally when they do): twice the slowest one-second p99 of service time
 * the phase saw, at least {@value #MIN_STOP_GRACE_MILLIS} ms, at most {@value #MAX_STOP_GRACE_MILLIS} ms and the
 * request timeout. A fixed half second cut off a slow target's last requests and counted them as timeouts: a phase
 * whose requests take 0.5-1 s lost its last round of them (35 of 661 in a 12 s phase, a success rate of 94.7 % for a
 * target that failed none). Then every connection is closed: requests still in flight are cancelled and counted as
 * timed out (a note says how many, and the grace). Requests still unaccounted for {@value #HARD_STOP_MILLIS} ms later
 * (a thread that ignores interruption) are counted as timed out too, so the phase ends within its grace and a third
 * of a second of its duration whatever the target does, and {@code issued = succeeded + failed + timed out + dropped}
 * always holds.
 */
final class PhaseRunner {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MIN_STOP_GRACE_MILLIS = 500;
    static final long MAX_STOP_GRACE_MILLIS = 5_000;
    /** After the grace: how long the hard stop waits for the users' threads before closing the books. */
    static final long HARD_STOP_MILLIS = 300;

    private final PhasePlan plan;
    private final URI target;
    private final TlsTrust tls;
    private final Consumer<String> progress;
    private final String label;
    /** The socket client's connections, shared by the users (null with the JDK client). */
    private ConnectionPool pool;

    PhaseRunner(PhasePlan plan, URI target, TlsTrust tls, Consumer<String> progress, String label) {
        this.plan = plan;
        this.target = target;
        this.tls = tls;
        this.progress = progress;
        this.label = label;
    }

    PhaseRun run() {
        Behaviour behaviour = Behaviour.of(plan.userClass());
        PhaseRecorder recorder = new PhaseRecorder();
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        Map<String, Duration> marks = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, LongAdder> taskErrors = new ConcurrentHashMap<>();
        List<String> hookErrors = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> scheduled = Collections.synchronizedList(new ArrayList<>());
        AtomicLong pacing = new AtomicLong(-1);
        JdkTransport.Shared jdk = plan.client() == PhasePlan.ClientKind.JDK
                ? new JdkTransport.Shared(target, tls.context(), Duration.ofSeconds(10))
                : null;
        pool = jdk == null ? new ConnectionPool(target, tls, 10_000, plan.poolSize()) : null;

        long[] startHolder = {0};
        HookContext context = new HookContext(startHolder, marks, notes, scheduled, hookErrors);
        List<PhaseHook> ranBefore = new ArrayList<>();
        try {
            for (PhaseHook hook : plan.hooks()) {
                hook.beforePhase(context);
                ranBefore.add(hook);
            }
        } catch (Exception e) {
            runAfterHooks(ranBefore, context, hookErrors);
            throw new IllegalStateException(
                    "beforePhase of a hook of phase \"" + plan.name() + "\" failed: " + e.getMessage(), e);
        }

        Instant startedAt = Instant.now();
        Optional<HostSteal.Sample> stealBefore = HostSteal.now();
        long start = System.nanoTime();
        startHolder[0] = start;
        RunListeners.phaseStarted(label, plan, behaviour, startedAt);
        long deadline = start + plan.duration().toNanos();
        PhaseState state =
                new PhaseState(plan.name(), start, plan.requestTimeout().toNanos(), recorder, plan.timeScale());
        Sampler sampler = new Sampler(plan, state, start, deadline, System::nanoTime, progress, label);
        Thread samplerThread =
                Thread.ofPlatform().daemon().name("load-sampler-" + plan.name()).start(sampler::loop);
        synchronized (scheduled) {
            context.started = true;
            scheduled.forEach(Runnable::run);
        }

        Thread driver;
        ConcurrentLinkedQueue<VirtualUser> idle = new ConcurrentLinkedQueue<>();
        if (plan.model() == LoadModel.CLOSED) {
            driver = Thread.ofVirtual()
                    .name("load-spawner-" + plan.name())
                    .start(() -> spawn(behaviour, state, start, jdk, pacing, taskErrors));
        } else {
            driver = Thread.ofPlatform()
                    .daemon()
                    .name("load-scheduler-" + plan.name())
                    .start(() -> schedule(behaviour, state, start, deadline, jdk, idle, taskErrors));
        }
        state.register(driver);
        if (pool != null) {
            // the hard stop closes every transport: the pool's connections, those in use included
            state.transports.add(new PoolCloser(pool));
        }

        sleepUntil(deadline);
        state.stop();
        if (plan.model() == LoadModel.OPEN) {
            stopIdleUsers(idle, state, taskErrors);
        }
        long grace = sampler.stopGraceNanos(plan.requestTimeout());
        joinAll(state, deadline + grace);
        long cutOff = recorder.outstanding();
        state.hardStop();
        if (jdk != null) {
            jdk.close();
        }
        joinAll(state, deadline + grace + TimeUnit.MILLISECONDS.toNanos(HARD_STOP_MILLIS));
        if (cutOff > 0) {
            notes.add(cutOff + " request(s) still in flight " + Formats.millis(grace)
                    + " after the phase ended were cancelled and counted as timed out (the stop grace: twice the"
                    + " slowest one-second p99 of service time, " + MIN_STOP_GRACE_MILLIS + " ms to "
                    + MAX_STOP_GRACE_MILLIS + " ms and at most the request timeout)");
        }
        if (pool != null) {
            pool.close();
            notes.add(pool.describe());
        }
        // one snapshot from here on: requests still out are timed out, whatever they record later is ignored
        recorder.closeBooks();
        recorder.abandonOutstanding();
        long end = System.nanoTime();
        HostSteal.note(stealBefore, HostSteal.now()).ifPresent(notes::add);
        sampler.finish(samplerThread, end);

        runAfterHooks(plan.hooks(), context, hookErrors);
        if (!hookErrors.isEmpty()) {
            throw new IllegalStateException(
                    "hook of phase \"" + plan.name() + "\" failed: " + String.join("; ", hookErrors));
        }
        List<String> errors = new ArrayList<>();
        taskErrors.forEach((k, v) -> errors.add(k + " (x" + v.sum() + ")"));
        boolean corrected = plan.model() == LoadModel.OPEN || pacing.get() > 0;
        PhaseResult result = build(behaviour, recorder, sampler, startedAt, end - start, corrected);
        RunListeners.phaseEnded(label, result);
        return new PhaseRun(
                result,
                recorder.failures.countsPerClass(),
                errors,
                Map.copyOf(marks),
                List.copyOf(notes),
                plan.rampUp(),
                plan.timeScale(),
                succeededLatency(recorder, corrected));
    }

    private static LatencySummary succeededLatency(PhaseRecorder recorder, boolean corrected) {
        Histogram all = EndpointRecorder.newHistogram();
        recorder.endpoints().forEach(ep -> all.add(ep.succeededTotal));
        return LatencySummary.of(all, corrected, false);
    }

    // ---- closed model

    private void spawn(
            Behaviour behaviour,
            PhaseState state,
            long start,
            JdkTransport.Shared jdk,
            AtomicLong pacing,
            Map<String, LongAdder> taskErrors) {
        for (int i = 0; i < plan.users() && !state.stopping(); i++) {
            long due = start + (long) (i / plan.spawnRate() * 1e9);
            if (!ArrivalTimer.sleepUntil(due, state)) {
                return;
            }
            Thread user = Thread.ofVirtual()
                    .name("load-user-" + plan.name() + "-" + i)
                    .unstarted(() -> runUser(behaviour, state, jdk, pacing, taskErrors));
            state.register(user);
            user.start();
        }
    }

    private void runUser(
            Behaviour behaviour,
            PhaseState state,
            JdkTransport.Shared jdk,
            AtomicLong pacing,
            Map<String, LongAdder> taskErrors) {
        UserSession session;
        VirtualUser user;
        try {
            session = newSession(state, jdk);
            user = behaviour.newUser();
        } catch (IOException | RuntimeException e) {
            count(taskErrors, "starting a user failed: " + e);
            state.unregister();
            return;
        }
        user.bind(session);
        state.activeUsers.incrementAndGet();
        boolean started = false;
        try {
            WaitTime wait = user.waitTime();
            session.pacingNanos = wait.pacingNanos();
            pacing.compareAndSet(-1, wait.pacingNanos());
            user.onStart();
            started = true;
            while (runTasks(behaviour, user, wait, state, taskErrors)) {
                // the next bounded run of tasks (see runTasks)
            }
        } catch (PhaseStopped e) {
            // the phase ended during onStart
        } catch (Throwable e) {
            count(taskErrors, (started ? "user " : "onStart threw ") + e);
        } finally {
            Thread.interrupted();
            stopUser(user, session, state, taskErrors);
            state.activeUsers.decrementAndGet();
            state.unregister();
        }
    }

    /** How many tasks {@link #runTasks} runs per call. */
    private static final int TASKS_PER_CALL = 64;

    /**
     * Runs up to {@link #TASKS_PER_CALL} tasks of the user, each followed by its wait time; false once the phase
     * stops the user. Bounded for the JIT: a loop over the whole phase would run in the one frame each user enters
     * at its start, and the users of a phase can start before the JIT has compiled that loop (the end of the phase
     * before deoptimizes it), so their frames began in the interpreter and stayed there until on-stack replacement
     * moved them, one frame at a time over seconds, each park and wake of such a user taking the continuation's slow
     * path (see {@code docs/benchmarks.md}, session 16). A call of this method after it was compiled runs compiled
     * code from its first task.
     */
    private static boolean runTasks(
            Behaviour behaviour, VirtualUser user, WaitTime wait, PhaseState state, Map<String, LongAdder> taskErrors) {
        for (int i = 0; i < TASKS_PER_CALL; i++) {
            if (state.stopping()) {
                return false;
            }
            long taskStart = System.nanoTime();
            if (!runTask(behaviour, user, state, taskErrors)) {
                return false;
            }
            long taskEnd = System.nanoTime();
            long waitNanos = wait.waitNanos(taskStart, taskEnd);
            // from the task's end as measured, not from a later clock read: a paced user keeps its schedule
            if (waitNanos > 0 && !ArrivalTimer.sleepUntil(taskEnd + waitNanos, state)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs one task the behaviour picks, counting what it threw; false when the phase stopped it (a throw during the
     * stop is the stop's, not the task's).
     */
    private static boolean runTask(
            Behaviour behaviour, VirtualUser user, PhaseState state, Map<String, LongAdder> taskErrors) {
        Method task = behaviour.pick();
        try {
            Behaviour.run(user, task);
            return true;
        } catch (PhaseStopped e) {
            return false;
        } catch (Throwable e) {
            if (state.stopping()) {
                return false;
            }
            count(taskErrors, "task " + task.getName() + " threw " + e);
            return true;
        }
    }

    private static void stopUser(
            VirtualUser user, UserSession session, PhaseState state, Map<String, LongAdder> taskErrors) {
        session.stopping = true;
        try {
            if (!state.hardStopped()) {
                user.onStop();
            }
        } catch (PhaseStopped e) {
            // cut off by the hard stop
        } catch (Throwable e) {
            count(taskErrors, "onStop threw " + e);
        } finally {
            session.transport().close();
            state.transports.remove(session.transport());
        }
    }

    // ---- open model

    private void schedule(
            Behaviour behaviour,
            PhaseState state,
            long start,
            long deadline,
            JdkTransport.Shared jdk,
            ConcurrentLinkedQueue<VirtualUser> idle,
            Map<String, LongAdder> taskErrors) {
        long previous = start;
        for (long k = 0; ; k++) {
            long offset = plan.arrivalOffsetNanos(k);
            if (offset == Long.MAX_VALUE || start + offset >= deadline) {
                return;
            }
            long intended = start + offset;
            long spin = ArrivalTimer.spinNanos(intended - previous);
            previous = intended;
            if (state.stopping() || !ArrivalTimer.awaitInstant(intended, spin, state)) {
                // the scheduler fell behind (an overloaded machine): arrivals due before the end never started
                countLate(k, start, deadline, state);
                return;
            }
            if (state.inFlight.get() >= plan.maxInFlight()) {
                state.recorder().dropped.increment();
                continue;
            }
            state.inFlight.incrementAndGet();
            Thread arrival =
                    Thread.ofVirtual().unstarted(() -> runArrival(behaviour, state, jdk, idle, intended, taskErrors));
            state.register(arrival);
            arrival.start();
        }
    }

    private void countLate(long from, long start, long deadline, PhaseState state) {
        for (long k = from; ; k++) {
            long offset = plan.arrivalOffsetNanos(k);
            if (offset == Long.MAX_VALUE || start + offset >= deadline) {
                return;
            }
            state.recorder().late.increment();
        }
    }

    private void runArrival(
            Behaviour behaviour,
            PhaseState state,
            JdkTransport.Shared jdk,
            ConcurrentLinkedQueue<VirtualUser> idle,
            long intended,
            Map<String, LongAdder> taskErrors) {
        state.recorder().arrivalStarted(intended, System.nanoTime());
        VirtualUser user = idle.poll();
        try {
            if (user == null) {
                UserSession session = newSession(state, jdk);
                user = behaviour.newUser();
                user.bind(session);
                session.intendedStartNanos = intended;
                user.onStart();
            }
            user.session().intendedStartNanos = intended;
            runTask(behaviour, user, state, taskErrors); // one task per arrival, stopped or not
        } catch (PhaseStopped e) {
            // the phase ended during onStart
        } catch (Throwable e) {
            count(taskErrors, "starting a user threw " + e);
        } finally {
            Thread.interrupted();
            if (user != null) {
                user.session().intendedStartNanos = 0;
                idle.offer(user);
                if (state.stopping()) {
                    // stopIdleUsers may already have drained the queue: stop this one here
                    if (idle.remove(user)) {
                        stopUser(user, user.session(), state, taskErrors);
                    }
                }
            }
            state.inFlight.decrementAndGet();
            state.unregister();
        }
    }

    private void stopIdleUsers(
            ConcurrentLinkedQueue<VirtualUser> idle, PhaseState state, Map<String, LongAdder> taskErrors) {
        VirtualUser user;
        while ((user = idle.poll()) != null) {
            VirtualUser u = user;
            Thread t = Thread.ofVirtual().unstarted(() -> {
                try {
                    stopUser(u, u.session(), state, taskErrors);
                } finally {
                    state.unregister();
                }
            });
            state.register(t);
            t.start();
        }
    }

    // ---- shared

    private UserSession newSession(PhaseState state, JdkTransport.Shared jdk) throws IOException {
        if (jdk == null) {
            // pooled: the pool is closed at the hard stop, so a user's view needs no closing of its own
            return new UserSession(state, pool.transportForUser());
        }
        Transport transport = new JdkTransport(jdk);
        state.transports.add(transport);
        if (state.hardStopped()) {
            transport.close();
        }
        return new UserSession(state, transport);
    }

    private static void count(Map<String, LongAdder> errors, String message) {
        String key = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        if (errors.size() < 100 || errors.containsKey(key)) {
            errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    private static void joinAll(PhaseState state, long deadlineNanos) {
        for (Thread t : state.threads()) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            try {
                t.join(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    private void runAfterHooks(List<PhaseHook> hooks, HookContext context, List<String> hookErrors) {
        for (PhaseHook hook : hooks) {
            try {
                hook.afterPhase(context);
            } catch (Exception e) {
                hookErrors.add("afterPhase of " + hook.getClass().getSimpleName() + ": " + e);
            }
        }
    }

    private PhaseResult build(
            Behaviour behaviour,
            PhaseRecorder recorder,
            Sampler sampler,
            Instant startedAt,
            long elapsedNanos,
            boolean corrected) {
        String description = behaviour.type().getSimpleName() + " (" + behaviour.describeTasks() + ")";
        PhaseSpec spec = plan.model() == LoadModel.CLOSED
                ? PhaseSpec.closed(plan.users(), plan.spawnRate(), plan.duration(), description)
                : PhaseSpec.open(plan.arrivalRate(), plan.duration(), description)
                        .withRampTo(plan.rampToRate());
        spec = spec.withSettings(
                plan.requestTimeout(),
                plan.model() == LoadModel.OPEN ? plan.maxInFlight() : 0,
                plan.client().name().toLowerCase(java.util.Locale.ROOT));
        PhaseResult.Builder builder =
                PhaseResult.builder(plan.name(), spec, startedAt).elapsed(Duration.ofNanos(elapsedNanos));
        Histogram allRaw = EndpointRecorder.newHistogram();
        Histogram allCorrected = EndpointRecorder.newHistogram();
        RequestCounts total = RequestCounts.none();
        List<FailureSample> failures = new ArrayList<>(recorder.failures.samples());
        List<EndpointRecorder> endpoints = new ArrayList<>(recorder.endpoints());
        endpoints.sort((a, b) -> a.name.compareTo(b.name));
        for (EndpointRecorder ep : endpoints) {
            long succeeded = ep.succeeded.sum();
            long failed = ep.failed.sum();
            long timedOut = ep.timedOut.sum();
            long issued = ep.issued.sum();
            RequestCounts counts = new RequestCounts(issued, succeeded, failed, timedOut, 0);
            total = total.plus(counts);
            allRaw.add(ep.rawTotal);
            allCorrected.add(ep.correctedTotal);
            long answered = ep.rawTotal.getTotalCount();
            builder.endpoint(new EndpointStats(
                    ep.name,
                    ep.method,
                    counts,
                    LatencySummary.of(ep.rawTotal, false, false),
                    LatencySummary.of(ep.correctedTotal, corrected, false),
                    answered == 0 ? 0 : (double) ep.bodyBytes.sum() / answered));
        }
        unsent(
                failures,
                recorder.dropped.sum(),
                "dropped: " + plan.maxInFlight() + " tasks already in flight at the intended start");
        unsent(
                failures,
                recorder.late.sum(),
                "dropped: the scheduler could not start it before the end" + " (an overloaded machine)");
        unsent(
                failures,
                recorder.cutOff.sum(),
                "dropped: its task reached the request only after the" + " phase ended");
        long dropped = recorder.unsent();
        if (dropped > 0) {
            total = total.plus(new RequestCounts(dropped, 0, 0, 0, dropped));
        }
        builder.counts(total).latency(LatencySummary.of(allRaw, false), LatencySummary.of(allCorrected, corrected));
        if (plan.model() == LoadModel.OPEN) {
            builder.scheduleError(LatencySummary.of(recorder.scheduleError.getIntervalHistogram(), false));
        }
        sampler.intervals.forEach(builder::interval);
        sampler.histograms.forEach(builder::histogram);
        failures.forEach(builder::failure);
        return builder.build();
    }

    private static void unsent(List<FailureSample> failures, long count, String message) {
        if (count > 0) {
            failures.add(new FailureSample(FailureKind.DROPPED, "", "(arrival)", message, count));
        }
    }

    /** Closes the pool at the hard stop, with the per-user transports. */
    private record PoolCloser(ConnectionPool pool) implements Transport {
        @Override
        public Answer exchange(String method, String path, java.util.List<String> headers, byte[] body, long t) {
            throw new UnsupportedOperationException("closes the pool only");
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /**
     * Takes the 1 s interval snapshots and prints the progress line of each. Time comes from {@code clock} (nanoseconds,
     * {@link System#nanoTime()} in a phase), so tests drive it step by step through {@link #sampleDue(long)}.
     */
    static final class Sampler {
        private final PhasePlan plan;
        private final PhaseState state;
        private final long start;
        private final long deadline;
        private final LongSupplier clock;
        private final Consumer<String> progress;
        private final String label;
        private final Histogram intervalRaw = EndpointRecorder.newHistogram();
        private final Histogram intervalCorrected = EndpointRecorder.newHistogram();
        final List<IntervalStats> intervals = new ArrayList<>();
        final List<IntervalHistogram> histograms = new ArrayList<>();
        private long lastTick;
        private long next;
        private long errorsSoFar;
        private long requestsSoFar;
        private long lastDropped;
        private volatile boolean finished;
        /** The slowest one-second p99 of service time so far, nanoseconds: what the stop grace is derived from. */
        private volatile long slowestP99Nanos;

        Sampler(
                PhasePlan plan,
                PhaseState state,
                long start,
                long deadline,
                LongSupplier clock,
                Consumer<String> progress,
                String label) {
            this.plan = plan;
            this.state = state;
            this.start = start;
            this.deadline = deadline;
            this.clock = clock;
            this.progress = progress;
            this.label = label;
            this.lastTick = start;
            this.next = start + INTERVAL_NANOS;
        }

        void loop() {
            while (!finished) {
                long due = sampleDue(clock.getAsLong());
                if (due == Long.MAX_VALUE) {
                    return;
                }
                long remaining = due - clock.getAsLong();
                if (remaining > 0) {
                    LockSupport.parkNanos(remaining);
                }
            }
        }

        /**
         * Takes the interval due at {@code now}, if one is: its row covers the real time since the last one (a late
         * sampler measures a longer interval, not a spike), and intervals it missed are not taken again. No interval
         * is due after the phase's duration: the rest is taken by {@link #finish}, without a progress line.
         *
         * @return when the next interval is due, {@link Long#MAX_VALUE} when none is
         */
        long sampleDue(long now) {
            if (finished || next > deadline) {
                return Long.MAX_VALUE;
            }
            if (now < next) {
                return next;
            }
            tick(now, true);
            while (next <= now) {
                next += INTERVAL_NANOS;
            }
            return next > deadline ? Long.MAX_VALUE : next;
        }

        /**
         * How long requests in flight at the phase's end get to complete: twice the slowest one-second p99 of service
         * time so far, at least {@value #MIN_STOP_GRACE_MILLIS} ms, at most {@value #MAX_STOP_GRACE_MILLIS} ms and
         * {@code requestTimeout} (a request that takes longer times out by itself).
         */
        long stopGraceNanos(Duration requestTimeout) {
            long min = TimeUnit.MILLISECONDS.toNanos(MIN_STOP_GRACE_MILLIS);
            long max = Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_STOP_GRACE_MILLIS), requestTimeout.toNanos());
            return Math.max(min, Math.min(max, 2 * slowestP99Nanos));
        }

        /** Stops the loop (waiting for {@code thread} when there is one) and takes the last interval, up to {@code end}. */
        void finish(Thread thread, long end) {
            finished = true;
            if (thread != null) {
                LockSupport.unpark(thread);
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (end > lastTick || intervals.isEmpty()) {
                // the rest of the phase (its stop included) is recorded, but no progress line follows its end
                tick(end, false);
            }
        }

        private void tick(long now, boolean print) {
            intervalRaw.reset();
            intervalCorrected.reset();
            long succeeded = 0;
            long failed = 0;
            long timedOut = 0;
            for (EndpointRecorder ep : state.recorder().endpoints()) {
                ep.sampleInterval(intervalRaw, intervalCorrected);
                long s = ep.succeeded.sum();
                long f = ep.failed.sum();
                long t = ep.timedOut.sum();
                succeeded += s - ep.lastSucceeded;
                failed += f - ep.lastFailed;
                timedOut += t - ep.lastTimedOut;
                ep.lastSucceeded = s;
                ep.lastFailed = f;
                ep.lastTimedOut = t;
            }
            long requests = succeeded + failed + timedOut;
            long failures = failed + timedOut;
            Duration offset = Duration.ofNanos(lastTick - start);
            Duration length = Duration.ofNanos(Math.max(0, now - lastTick));
            int users = plan.model() == LoadModel.CLOSED ? state.activeUsers.get() : state.inFlight.get();
            boolean corrected = plan.model() == LoadModel.OPEN;
            IntervalStats stats = IntervalStats.of(
                    offset, length, users, requests, failures, LatencySummary.of(intervalCorrected, corrected, false));
            intervals.add(stats);
            long p99 = intervalRaw.getTotalCount() == 0 ? 0 : intervalRaw.getValueAtPercentile(99);
            if (p99 > slowestP99Nanos) {
                slowestP99Nanos = p99;
            }
            histograms.add(IntervalHistogram.of(IntervalHistogram.RAW, offset, length, intervalRaw));
            histograms.add(IntervalHistogram.of(IntervalHistogram.CORRECTED, offset, length, intervalCorrected));
            lastTick = now;
            requestsSoFar += requests;
            errorsSoFar += failures;
            long dropped = state.recorder().dropped.sum();
            long droppedNow = dropped - lastDropped;
            lastDropped = dropped;
            String line = progress != null || RunListeners.ACTIVE ? progressLine(stats, users, droppedNow) : null;
            if (progress != null && print) {
                progress.accept(line);
            }
            // listeners get every interval (late completions count), with the console line only when one was printed
            RunListeners.interval(label, plan, state, stats, intervalRaw, intervalCorrected, print ? line : null);
        }

        private String progressLine(IntervalStats stats, int users, long droppedNow) {
            String who = plan.model() == LoadModel.CLOSED
                    ? String.format(java.util.Locale.ROOT, "users %d/%d", users, plan.users())
                    : String.format(java.util.Locale.ROOT, "in flight %d", users);
            String dropped = plan.model() == LoadModel.OPEN ? ", " + droppedNow + " dropped" : "";
            Duration elapsed = stats.offset().plus(stats.length());
            long total = requestsSoFar;
            return String.format(
                    java.util.Locale.ROOT,
                    "[%s] %s/%s  %s  | last %.1fs: %.1f req/s, p50 %s, p99 %s, %d errors%s  | total: %d requests, %d"
                            + " errors (%.1f%%)",
                    label,
                    clock(elapsed.compareTo(plan.duration()) > 0 ? plan.duration() : elapsed),
                    clock(plan.duration()),
                    who,
                    stats.length().toNanos() / 1e9,
                    stats.requestsPerSecond(),
                    Formats.millis(stats.latency().p50Nanos()),
                    Formats.millis(stats.latency().p99Nanos()),
                    stats.failures(),
                    dropped,
                    total,
                    errorsSoFar,
                    total == 0 ? 0.0 : 100.0 * errorsSoFar / total);
        }
    }

    private static String clock(Duration d) {
        long s = d.toMillis() / 1000;
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    /** The context hooks see; scheduled actions wait for the phase start. */
    private final class HookContext implements PhaseContext {
        private final long[] start;
        private final Map<String, Duration> marks;
        private final List<String> notes;
        private final List<Runnable> scheduled;
        private final List<String> errors;
        volatile boolean started;
        private HttpClient client;

        HookContext(
                long[] start,
                Map<String, Duration> marks,
                List<String> notes,
                List<Runnable> scheduled,
                List<String> errors) {
            this.start = start;
            this.marks = marks;
            this.notes = notes;
            this.scheduled = scheduled;
            this.errors = errors;
        }

        @Override
        public String phaseName() {
            return plan.name();
        }

        @Override
        public URI target() {
            return target;
        }

        @Override
        public Duration duration() {
            return plan.duration();
        }

        @Override
        public double timeScale() {
            return plan.timeScale();
        }

        @Override
        public void at(Duration offset, Action action) {
            Runnable launch =
                    () -> Thread.ofVirtual().name("load-hook-" + plan.name()).start(() -> {
                        long due = start[0] + offset.toNanos();
                        long phaseEnd = start[0] + plan.duration().toNanos();
                        if (due >= phaseEnd) {
                            return;
                        }
                        sleepUntil(due);
                        try {
                            action.run();
                        } catch (Exception e) {
                            errors.add("action at " + offset + ": " + e);
                        }
                    });
            synchronized (scheduled) {
                if (started) {
                    launch.run();
                } else {
                    scheduled.add(launch);
                }
            }
        }

        @Override
        public void mark(String label) {
            marks.put(label, Duration.ofNanos(Math.max(0, System.nanoTime() - start[0])));
        }

        @Override
        public void note(String line) {
            notes.add(line);
        }

        @Override
        public String post(String path, String json) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .timeout(Duration.ofSeconds(10))
                    .build());
        }

        @Override
        public String get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(resolve(path))
                    .GET()
                    .timeout(Duration.ofSeconds(10))
                    .build());
        }

        private URI resolve(String path) {
            String base = target.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
        }

        private synchronized HttpClient client() {
            if (client == null) {
                client = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
            }
            return client;
        }

        private String send(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        }
    }
}
