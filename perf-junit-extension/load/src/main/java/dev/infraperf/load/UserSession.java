package dev.infraperf.load;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One user's binding to its phase: its transport and the recording of every request it sends. */
final class UserSession implements Http {

    private final PhaseState phase;
    private final Transport transport;
    /** Closed model, paced wait time: interval between intended task starts, for the coordinated-omission fix. */
    long pacingNanos;
    /** Open model: intended start of the current task, consumed by its first request; 0 when none. */
    long intendedStartNanos;
    /** Requests are allowed after the phase's time is up while onStop runs. */
    boolean stopping;

    UserSession(PhaseState phase, Transport transport) {
        this.phase = phase;
        this.transport = transport;
    }

    PhaseState phase() {
        return phase;
    }

    Transport transport() {
        return transport;
    }

    @Override
    public Request get(String path) {
        return new Request(this, "GET", path);
    }

    @Override
    public Request post(String path) {
        return new Request(this, "POST", path);
    }

    @Override
    public Request request(String method, String path) {
        return new Request(this, method, path);
    }

    Response send(Request request) {
        // Marked as sending before the stop check: PhaseState.stop() sets stopping, then wakes (interrupts) the
        // users not sending, so either this user sees stopping here or stop() sees it sending and leaves it alone
        // (both flags volatile). An interrupt arriving between the check and the send would close the socket channel
        // under the request and count it as a connection failure the target never caused.
        PhaseState.Member self = phase.member();
        if (self == null) {
            // not a thread of the phase (a test's own thread): stop() never interrupts it
            return sendRegistered(request);
        }
        self.sending = true;
        try {
            return sendRegistered(request);
        } finally {
            self.sending = false;
        }
    }

    private Response sendRegistered(Request request) {
        PhaseRecorder recorder = phase.recorder();
        if (phase.hardStopped() || (phase.stopping() && !stopping)) {
            if (intendedStartNanos != 0 && recorder.enter()) {
                // an arrival of the open model's schedule that never got to send its request: count it, never sent
                recorder.cutOff.increment();
                recorder.exit();
            }
            intendedStartNanos = 0;
            throw PhaseStopped.INSTANCE;
        }
        if (phase.stopping()) {
            // a request of onStop: the stop's wake-up interrupt was for the wait it ended, not for this request
            Thread.interrupted();
        }
        EndpointRecorder endpoint = recorder.endpoint(request.name, request.method);
        long intended = intendedStartNanos;
        intendedStartNanos = 0;
        for (int attempt = 1; ; attempt++) {
            if (!recorder.enter()) {
                throw PhaseStopped.INSTANCE;
            }
            endpoint.begin();
            recorder.exit();
            Attempt a = attempt(request, attempt == 1 && idempotent(request.method));
            long end = System.nanoTime();
            if (recorder.enter()) {
                try {
                    endpoint.complete(
                            a.start,
                            end,
                            intended,
                            pacingNanos,
                            a.outcome,
                            a.answer == null ? 0 : a.answer.body().length);
                    if (a.outcome != Outcome.SUCCESS) {
                        recorder.failures.add(a.outcome, request.method, request.name, a.error);
                    }
                } finally {
                    recorder.exit();
                }
            }
            if (a.cancelled || phase.hardStopped()) {
                throw PhaseStopped.INSTANCE;
            }
            if (a.retry && !phase.stopping()) {
                continue;
            }
            return a.answer == null
                    ? new Response(0, null, null, a.outcome.label() + ": " + a.error, false)
                    : new Response(
                            a.answer.status(),
                            a.answer.body(),
                            a.answer.headers(),
                            a.error == null ? null : a.outcome.label() + ": " + a.error,
                            a.outcome == Outcome.SUCCESS);
        }
    }

    /** How one exchange went; {@code retry}: it failed on a stale connection and may be sent again. */
    private record Attempt(
            long start, Transport.Answer answer, Outcome outcome, String error, boolean cancelled, boolean retry) {}

    private Attempt attempt(Request request, boolean mayRetry) {
        long start = System.nanoTime();
        try {
            Transport.Answer answer = transport.exchange(
                    request.method, request.path, request.headers, request.body, phase.requestTimeoutNanos());
            if (!request.statusExpected(answer.status())) {
                return new Attempt(
                        start,
                        answer,
                        Outcome.STATUS,
                        "HTTP " + answer.status() + ": " + abbreviate(answer.body()),
                        false,
                        false);
            }
            if (!request.checks.isEmpty()) {
                Response candidate = new Response(answer.status(), answer.body(), answer.headers(), null, true);
                for (Request.Check check : request.checks) {
                    String failure = evaluate(check, candidate);
                    if (failure != null) {
                        return new Attempt(start, answer, Outcome.VALIDATION, failure, false, false);
                    }
                }
            }
            return new Attempt(start, answer, Outcome.SUCCESS, null, false, false);
        } catch (ConnectionPool.NoFreeConnection e) {
            return new Attempt(start, null, Outcome.TIMEOUT, e.getMessage(), false, false);
        } catch (RequestNotSent e) {
            return new Attempt(start, null, Outcome.TIMEOUT, e.getMessage(), true, false);
        } catch (SocketTimeoutException | HttpTimeoutException e) {
            return new Attempt(
                    start,
                    null,
                    Outcome.TIMEOUT,
                    "no complete answer within " + Formats.duration(Duration.ofNanos(phase.requestTimeoutNanos())),
                    false,
                    false);
        } catch (InterruptedException e) {
            return new Attempt(start, null, Outcome.TIMEOUT, CANCELLED, true, false);
        } catch (SocketTransport.StaleConnection e) {
            if (phase.hardStopped()) {
                return new Attempt(start, null, Outcome.TIMEOUT, CANCELLED, true, false);
            }
            // the server may have read the request: only an idempotent one is sent again, as a request of its own
            String what = mayRetry ? "; sent again on a new connection (idempotent)" : "; not sent again";
            return new Attempt(start, null, Outcome.CONNECTION, e.getMessage() + what, false, mayRetry);
        } catch (IOException | RuntimeException e) {
            if (phase.hardStopped()) {
                return new Attempt(start, null, Outcome.TIMEOUT, CANCELLED, true, false);
            }
            return new Attempt(
                    start,
                    null,
                    Outcome.CONNECTION,
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    false,
                    false);
        }
    }

    private static final String CANCELLED = "cancelled in flight when the phase ended";

    /** RFC 9110 9.2.2: methods a client may repeat automatically. */
    static boolean idempotent(String method) {
        switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE":
                return true;
            default:
                return false;
        }
    }

    private static String evaluate(Request.Check check, Response response) {
        try {
            return check.condition().test(response)
                    ? null
                    : "check failed: " + check.description() + "; body " + abbreviate(response.bodyBytes());
        } catch (RuntimeException e) {
            return "check threw: " + check.description() + ": " + e;
        }
    }

    private static String abbreviate(byte[] body) {
        int n = Math.min(body.length, 160);
        String text = new String(body, 0, n, StandardCharsets.UTF_8).replace('\n', ' ');
        return body.length > n ? text + "..." : text;
    }
}
