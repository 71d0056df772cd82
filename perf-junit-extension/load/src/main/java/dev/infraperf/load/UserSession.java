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
        if (phase.hardStopped() || (phase.stopping() && !stopping)) {
            throw PhaseStopped.INSTANCE;
        }
        EndpointRecorder endpoint = phase.recorder().endpoint(request.name, request.method);
        long intended = intendedStartNanos;
        intendedStartNanos = 0;
        endpoint.begin();
        long start = System.nanoTime();
        Outcome outcome;
        String error = null;
        Transport.Answer answer = null;
        boolean cancelled = false;
        Thread self = Thread.currentThread();
        phase.sending.add(self);
        try {
            answer = transport.exchange(
                    request.method, request.path, request.headers, request.body, phase.requestTimeoutNanos());
            if (!request.statusExpected(answer.status())) {
                outcome = Outcome.STATUS;
                error = "HTTP " + answer.status() + ": " + abbreviate(answer.body());
            } else {
                outcome = Outcome.SUCCESS;
                if (!request.checks.isEmpty()) {
                    Response candidate = new Response(answer.status(), answer.body(), answer.headers(), null, true);
                    for (Request.Check check : request.checks) {
                        String failure = evaluate(check, candidate);
                        if (failure != null) {
                            outcome = Outcome.VALIDATION;
                            error = failure;
                            break;
                        }
                    }
                }
            }
        } catch (SocketTimeoutException | HttpTimeoutException e) {
            outcome = Outcome.TIMEOUT;
            error = "no complete answer within " + Duration.ofNanos(phase.requestTimeoutNanos());
        } catch (InterruptedException e) {
            outcome = Outcome.TIMEOUT;
            cancelled = true;
            error = "cancelled in flight when the phase ended";
        } catch (IOException | RuntimeException e) {
            if (phase.hardStopped()) {
                outcome = Outcome.TIMEOUT;
                cancelled = true;
                error = "cancelled in flight when the phase ended";
            } else {
                outcome = Outcome.CONNECTION;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        phase.sending.remove(self);
        long end = System.nanoTime();
        endpoint.complete(start, end, intended, pacingNanos, outcome, answer == null ? 0 : answer.body().length);
        if (outcome != Outcome.SUCCESS) {
            phase.recorder().failures.add(outcome, request.method, request.name, error);
        }
        if (cancelled || phase.hardStopped()) {
            throw PhaseStopped.INSTANCE;
        }
        return answer == null
                ? new Response(0, null, null, outcome.label() + ": " + error, false)
                : new Response(
                        answer.status(),
                        answer.body(),
                        answer.headers(),
                        error == null ? null : outcome.label() + ": " + error,
                        outcome == Outcome.SUCCESS);
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
