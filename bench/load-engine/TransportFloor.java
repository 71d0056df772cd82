// The floor of a virtual-thread-per-user HTTP client on this machine: <connections> virtual threads, each with one
// keep-alive connection, sending GET /health back to back for <seconds> with none of the engine's code (no pool, no
// recording, no parsing beyond finding the end of the answer). <mode> is how a user waits for its answer:
//   blocking  the JDK's way: a blocking SocketChannel read (the user parks on the JDK poller)
//   probe     the same, plus a non-blocking one-byte read before each request (the liveness check the engine had)
//   loop      the engine's way since 2026-12-02: one virtual thread polls a Selector for every connection, reads the
//             answer for the parked user and wakes it (ReadinessLoop, LoopedConnection)
// Prints floor_rps=<answers per second> client_cpu_us=<this process's CPU per answer> [server_cpu_us=<the server's,
// with -Dbench.server.pid=<pid>>].
// Run with the source launcher: java [-Dbench.server.pid=<pid>] TransportFloor.java <url> <connections> <seconds> <mode>
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

public class TransportFloor {

    /** One user's connection; in loop mode the loop fills {@code answer} and sets {@code ready}. */
    static final class Connection {
        final SocketChannel channel;
        final ByteBuffer answer = ByteBuffer.allocate(16 * 1024);
        volatile Thread waiter;
        volatile boolean ready;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    static volatile boolean stop;
    static final ConcurrentLinkedQueue<Connection> toRegister = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String mode = args[3];
        if (!List.of("blocking", "probe", "loop").contains(mode)) {
            throw new IllegalArgumentException("mode [" + mode + "]: one of blocking, probe, loop");
        }
        InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
        byte[] request = ("GET /health HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        run(address, request, connections, 3, mode, false); // warm-up: the JIT on both sides
        run(address, request, connections, seconds, mode, true);
    }

    static void run(InetSocketAddress address, byte[] request, int connections, int seconds, String mode, boolean print)
            throws Exception {
        stop = false;
        LongAdder answers = new LongAdder();
        Selector selector = mode.equals("loop") ? Selector.open() : null;
        List<Thread> threads = new ArrayList<>();
        if (selector != null) {
            threads.add(Thread.ofVirtual().start(() -> loop(selector)));
        }
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (SocketChannel channel = SocketChannel.open(address)) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Connection c = new Connection(channel);
                    if (selector != null) {
                        channel.configureBlocking(false);
                        toRegister.add(c);
                        selector.wakeup();
                    }
                    connected.countDown();
                    go.await();
                    user(c, request, mode, answers);
                } catch (Exception e) {
                    if (!stop) {
                        e.printStackTrace();
                    }
                }
            }));
        }
        connected.await();
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long server0 = serverCpuNanos();
        long answers0 = answers.sum();
        long t0 = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        long n = Math.max(1, answers.sum() - answers0);
        long cpu = os.getProcessCpuTime() - cpu0;
        long server = serverCpuNanos() - server0;
        long elapsed = System.nanoTime() - t0;
        stop = true;
        if (selector != null) {
            selector.wakeup();
        }
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join(2_000);
        }
        if (selector != null) {
            selector.close();
        }
        if (print) {
            System.out.println(String.format(
                            Locale.ROOT, "floor_rps=%.0f client_cpu_us=%.2f", n * 1e9 / elapsed, cpu / 1e3 / n)
                    + (server0 < 0 ? "" : String.format(Locale.ROOT, " server_cpu_us=%.2f", server / 1e3 / n)));
        }
    }

    static void user(Connection c, byte[] request, String mode, LongAdder answers) throws Exception {
        ByteBuffer out = ByteBuffer.wrap(request);
        ByteBuffer probe = ByteBuffer.allocate(1);
        while (!stop) {
            c.answer.clear();
            out.rewind();
            if (mode.equals("loop")) {
                c.waiter = Thread.currentThread();
                while (out.hasRemaining()) {
                    c.channel.write(out);
                }
                while (true) {
                    while (!c.ready) {
                        LockSupport.park();
                        if (stop) {
                            return;
                        }
                    }
                    c.ready = false;
                    synchronized (c) {
                        if (complete(c.answer)) {
                            break;
                        }
                    }
                }
            } else {
                if (mode.equals("probe")) {
                    c.channel.configureBlocking(false);
                    probe.clear();
                    int n = c.channel.read(probe);
                    c.channel.configureBlocking(true);
                    if (n != 0) {
                        throw new IllegalStateException("the server closed the connection");
                    }
                }
                while (out.hasRemaining()) {
                    c.channel.write(out);
                }
                do {
                    if (c.channel.read(c.answer) < 0) {
                        throw new IllegalStateException("the server closed the connection");
                    }
                } while (!complete(c.answer));
            }
            answers.increment();
        }
    }

    /** The engine's loop, reduced: poll without blocking while there is work, yield to the users between polls. */
    static void loop(Selector selector) {
        try {
            int polled = 0;
            while (!stop) {
                for (Connection c; (c = toRegister.poll()) != null; ) {
                    c.channel.register(selector, SelectionKey.OP_READ, c);
                }
                if (polled == 0) {
                    selector.select(TransportFloor::ready);
                } else {
                    Thread.yield();
                }
                polled = selector.selectNow(TransportFloor::ready);
            }
        } catch (Exception e) {
            if (!stop) {
                e.printStackTrace();
            }
        }
    }

    static void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            int n;
            synchronized (c) {
                n = c.channel.read(c.answer);
            }
            if (n < 0) {
                key.cancel();
            }
            c.ready = true;
            LockSupport.unpark(c.waiter);
        } catch (Exception e) {
            key.cancel();
        }
    }

    /** Whether the buffer holds a whole answer: the head and Content-Length bytes of body. */
    static boolean complete(ByteBuffer b) {
        int n = b.position();
        byte[] a = b.array();
        for (int i = 3; i < n; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                String head = new String(a, 0, i, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                int k = head.indexOf("content-length:");
                int length = 0;
                if (k >= 0) {
                    int end = head.indexOf('\r', k);
                    length = Integer.parseInt(head.substring(k + 15, end < 0 ? head.length() : end).trim());
                }
                return n >= i + 1 + length;
            }
        }
        return false;
    }

    /** User + system time of the process -Dbench.server.pid names (the JDK reads /proc); -1 without one. */
    static long serverCpuNanos() {
        String pid = System.getProperty("bench.server.pid");
        return pid == null ? -1 : ProcessHandle.of(Long.parseLong(pid))
                .flatMap(p -> p.info().totalCpuDuration())
                .map(java.time.Duration::toNanos)
                .orElse(-1L);
    }
}
