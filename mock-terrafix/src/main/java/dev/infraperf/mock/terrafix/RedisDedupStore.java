package dev.infraperf.mock.terrafix;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * Dedup in Redis through one shared Lettuce connection: Lettuce pipelines the commands of all request threads over
 * it, so thousands of concurrent requests need no connection pool. A claim is {@code SET key value NX EX ttl}; a
 * {@code failed} record is taken over with a compare-and-set script so that two retries of a failed failure still
 * process it once. While Redis is down, commands are rejected at once (503) and the connection is re-established every
 * {@value #RECONNECT_MILLIS} ms, so service resumes within a second of Redis coming back.
 */
final class RedisDedupStore implements DedupStore {

    static final long RECONNECT_MILLIS = 250;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final int CLAIM_ATTEMPTS = 5;

    /** How long a claim in doubt stays recognisable after its lease, so that a retry can still answer its outcome. */
    static final Duration RECOVERY_WINDOW = Duration.ofMinutes(15);

    private static final int MAX_IN_DOUBT = 100_000;
    private static final int PRUNE_EVERY = 1024;

    /** Replace the value only if it is still the one we read: the failed record another request may also retry. */
    private static final String COMPARE_AND_SET =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1"
                    + " else return 0 end";

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final long ttlSeconds;
    private final String description;

    /**
     * Commands awaited, oldest first, with their deadlines. One sweeper expires them, instead of a timer task per
     * command (Lettuce's TimeoutOptions) or a timed park per wait, which both add CPU to every command.
     */
    private record Pending(CompletableFuture<?> future, long deadlineNanos) {}

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    /**
     * Auto-flush is off: each command is buffered by its caller and one caller at a time flushes everything buffered
     * so far, so concurrent requests share one event-loop wake-up and one socket write instead of one each.
     */
    private final AtomicInteger unflushed = new AtomicInteger();

    private final AtomicBoolean flushing = new AtomicBoolean();

    /**
     * Claims of this process whose outcome it did not learn, by failure hash: the command failed or timed out after it
     * may have reached Redis (a SIGSTOPped Redis runs it on waking up; Lettuce re-sends unanswered commands after a
     * reconnect), or the final record may not have been written. A retry that finds one of these claims takes it over,
     * or answers its completion, instead of skipping the failure as a duplicate of itself.
     */
    private record Doubt(String claimId, long expiresAtNanos) {
        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }

    private final ConcurrentHashMap<String, List<Doubt>> inDoubt = new ConcurrentHashMap<>();
    private final AtomicLong remembered = new AtomicLong();

    private volatile String persistenceWarning;
    private final AtomicBoolean checkingPersistence = new AtomicBoolean();
    private final Disposable reconnects;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mock-terrafix-redis-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private RedisDedupStore(
            ClientResources resources,
            RedisClient client,
            StatefulRedisConnection<String, String> connection,
            long ttlSeconds,
            String description) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.redis = connection.async();
        connection.setAutoFlushCommands(false);
        this.ttlSeconds = ttlSeconds;
        this.description = description;
        sweeper.scheduleWithFixedDelay(this::expireOverdue, 100, 100, TimeUnit.MILLISECONDS);
        refreshPersistence();
        // A Redis that comes back may be another one (restarted with other settings): check again on every reconnect.
        this.reconnects = resources
                .eventBus()
                .get()
                .filter(event -> event instanceof ConnectionActivatedEvent)
                .subscribe(event -> Thread.ofVirtual()
                        .name("mock-terrafix-redis-persistence")
                        .start(this::refreshPersistence));
    }

    static RedisDedupStore connect(String url, Duration retention) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "redisUrl [" + url + "] is not a Redis URL (" + e.getMessage() + "); use redis://host:port/db", e);
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        String description = "redis " + redacted(uri);
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(Duration.ofMillis(RECONNECT_MILLIS)))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Lettuce 6 times every command out on its own timer by default; expireOverdue does it for all at once.
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(
                        SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            return new RedisDedupStore(resources, client, connection, Math.max(1, retention.toSeconds()), description);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "cannot connect to Redis at " + redacted(uri) + ": " + rootMessage(e)
                            + "; start redis-server or fix --redis-url/REDIS_URL",
                    e);
        }
    }

    @Override
    public Claim claim(String hash, FailureRecord inProgress, Duration lease) {
        String key = KEY_PREFIX + hash;
        String value = inProgress.toJson();
        long leaseSeconds = Math.max(1, Math.min(ttlSeconds, ceilSeconds(lease)));
        try {
            FailureRecord latest = null;
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                String reply;
                try {
                    reply = await(redis.set(key, value, SetArgs.Builder.nx().ex(leaseSeconds)));
                } catch (RedisException e) {
                    remember(hash, inProgress.claimId(), lease); // it may have been stored before the failure
                    throw e;
                }
                if ("OK".equals(reply)) {
                    forget(hash);
                    return Claim.won();
                }
                String current = await(redis.get(key));
                if (current == null) {
                    continue; // expired between SET and GET: try the claim again
                }
                latest = FailureRecord.fromJson(current);
                boolean ours = isInDoubt(hash, latest.claimId());
                if (ours && latest.isCompleted()) {
                    forget(hash);
                    return Claim.recovered(latest);
                }
                if (!ours && latest.blocksReprocessing()) {
                    return Claim.duplicateOf(latest);
                }
                // A failed record, or an in_progress claim of ours that a store failure left behind: take it over.
                Long swapped;
                try {
                    swapped = await(redis.<Long>eval(
                            COMPARE_AND_SET,
                            ScriptOutputType.INTEGER,
                            new String[] {key},
                            current,
                            value,
                            Long.toString(leaseSeconds)));
                } catch (RedisException e) {
                    remember(hash, inProgress.claimId(), lease);
                    throw e;
                }
                if (swapped != null && swapped == 1L) {
                    forget(hash);
                    return Claim.won();
                }
            }
            // Others keep re-claiming this failed record: one of them is processing it, so this copy is a duplicate.
            return Claim.duplicateOf(latest != null ? latest : inProgress);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void finish(String hash, FailureRecord claimed, FailureRecord finalState) {
        try {
            await(redis.set(KEY_PREFIX + hash, finalState.toJson(), SetArgs.Builder.ex(ttlSeconds)));
        } catch (RedisException e) {
            // Stored or not, the claim must not block the failure: a retry takes it over or answers the completion.
            remember(hash, claimed.claimId(), Duration.ZERO);
            throw unavailable(e);
        }
    }

    /** Failure hashes with claims of ours in doubt, for tests. */
    int claimsInDoubt() {
        return inDoubt.size();
    }

    private void remember(String hash, String claimId, Duration lease) {
        if (claimId == null) {
            return;
        }
        long now = System.nanoTime();
        if (remembered.incrementAndGet() % PRUNE_EVERY == 0) {
            inDoubt.values().removeIf(doubts -> doubts.stream().allMatch(doubt -> doubt.expired(now)));
        }
        if (inDoubt.size() >= MAX_IN_DOUBT && !inDoubt.containsKey(hash)) {
            return; // bounded memory; such a claim is free again once its lease ends
        }
        long expires = now + lease.plus(RECOVERY_WINDOW).toNanos();
        inDoubt.compute(hash, (key, doubts) -> {
            List<Doubt> updated = new ArrayList<>(doubts == null ? List.of() : doubts);
            updated.removeIf(doubt -> doubt.expired(now));
            updated.add(new Doubt(claimId, expires));
            return List.copyOf(updated);
        });
    }

    private boolean isInDoubt(String hash, String claimId) {
        if (claimId == null) {
            return false;
        }
        List<Doubt> doubts = inDoubt.get(hash);
        return doubts != null
                && doubts.stream().anyMatch(doubt -> doubt.claimId().equals(claimId));
    }

    private void forget(String hash) {
        if (!inDoubt.isEmpty()) {
            inDoubt.remove(hash);
        }
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    @Override
    public List<String> warnings() {
        String warning = persistenceWarning;
        return warning == null ? List.of() : List.of(warning);
    }

    /**
     * Reads how this Redis persists data: with neither AOF nor RDB snapshots a restart loses every claim and every
     * completed record, so those failures are processed again. {@code CONFIG GET} first; where CONFIG is refused
     * (managed Redis), {@code INFO persistence} still tells whether AOF is on.
     */
    private void refreshPersistence() {
        if (!checkingPersistence.compareAndSet(false, true)) {
            return;
        }
        try {
            persistenceWarning = persistenceWarning();
        } catch (RedisException e) {
            // Redis went away again; the next reconnect checks again.
        } finally {
            checkingPersistence.set(false);
        }
    }

    private String persistenceWarning() {
        String consequence = ": claims and completed records written since then are lost when it restarts, and those"
                + " failures are processed again";
        boolean aof;
        String save;
        try {
            aof = "yes".equalsIgnoreCase(await(redis.configGet("appendonly")).get("appendonly"));
            save = await(redis.configGet("save")).getOrDefault("save", "");
        } catch (RedisCommandTimeoutException e) {
            throw e;
        } catch (RedisException e) {
            String info = await(redis.info("persistence"));
            if (info != null && info.contains("aof_enabled:1")) {
                return null;
            }
            return description + " has AOF off (INFO persistence) and refuses CONFIG GET, so whether it keeps RDB"
                    + " snapshots is unknown" + consequence.replace("since then", "since its last snapshot, if any,");
        }
        if (aof) {
            return null;
        }
        if (save == null || save.isBlank()) {
            return description + " keeps no data across restarts (save \"\", appendonly no): every claim and"
                    + " completed record is lost when it restarts, and those failures are processed again";
        }
        return description + " keeps only RDB snapshots (save \"" + save + "\", appendonly no)"
                + consequence.replace("since then", "since its last snapshot");
    }

    @Override
    public boolean isReady() {
        if (!connection.isOpen()) {
            return false;
        }
        try {
            RedisFuture<String> pong = redis.ping();
            flush();
            return "PONG".equals(pong.get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        reconnects.dispose();
        sweeper.shutdownNow();
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits for a command with an untimed park (the cheapest wait for a virtual thread); {@link #expireOverdue} fails
     * it after {@link #COMMAND_TIMEOUT}.
     */
    private <T> T await(RedisFuture<T> future) {
        flush();
        CompletableFuture<T> completion = future.toCompletableFuture();
        pending.add(new Pending(completion, System.nanoTime() + COMMAND_TIMEOUT.toNanos()));
        try {
            return completion.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisException redisException) {
                throw redisException;
            }
            throw new RedisException(cause == null ? e.getMessage() : cause.getMessage(), cause == null ? e : cause);
        }
    }

    /**
     * Flushes the buffered commands unless another caller is flushing; that caller re-checks after its flush, so no
     * buffered command is left behind. Yielding first lets the other request threads ready on this carrier buffer
     * their commands into the same flush.
     */
    private void flush() {
        unflushed.incrementAndGet();
        while (unflushed.get() > 0 && flushing.compareAndSet(false, true)) {
            try {
                Thread.yield();
                unflushed.set(0);
                connection.flushCommands();
            } finally {
                flushing.set(false);
            }
        }
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        Pending head;
        while ((head = pending.peek()) != null) {
            if (!head.future().isDone()) {
                if (now - head.deadlineNanos() < 0) {
                    return; // later entries have later deadlines
                }
                head.future()
                        .completeExceptionally(new RedisCommandTimeoutException(
                                "Redis did not answer within " + COMMAND_TIMEOUT.toMillis() + " ms"));
            }
            pending.poll();
        }
    }

    private StoreUnavailableException unavailable(RedisException e) {
        return new StoreUnavailableException("dedup store unavailable (" + description + "): " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** The URL with its password as {@code ****}, the mask infra-perf's reports use (SecretMask.MASK). */
    private static String redacted(RedisURI uri) {
        StringBuilder text = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            text.append(uri.getUsername() != null ? uri.getUsername() : "").append(":****@");
        }
        return text.append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append('/')
                .append(uri.getDatabase())
                .toString();
    }
}
