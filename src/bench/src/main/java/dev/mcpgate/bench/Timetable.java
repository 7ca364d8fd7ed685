package dev.mcpgate.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The open loop's schedule: request {@code k} (counted over all client connections together) is due
 * at {@code start + k / rate}, whatever happened to the requests before it. Connection {@code i} of
 * {@code n} sends requests {@code i, i + n, i + 2n, …}, so the connections interleave evenly. Each
 * time is computed from {@code k}, not by adding intervals, so the schedule does not drift over a
 * long run. A request is sent at its time or, when its connection is still busy with the previous
 * one, as soon as it is free; its latency is taken from the time it was due (coordinated omission
 * avoided: a slow answer delays the requests behind it, and their latency shows it).
 */
final class Timetable {

    private final double rate;
    private final int connections;
    private volatile long start;

    /**
     * @param rate        requests per second over all connections together
     * @param connections client connections sharing the schedule
     */
    Timetable(double rate, int connections) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second: " + rate);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1: " + connections);
        }
        this.rate = rate;
        this.connections = connections;
    }

    double rate() {
        return rate;
    }

    /** Sets {@code System.nanoTime()} of request 0; called before the connections start on it. */
    void start(long nanoTime) {
        this.start = nanoTime;
    }

    /** When request {@code k} of all connections is due ({@code System.nanoTime()} scale). */
    long due(long k) {
        return start + (long) (k * 1e9 / rate);
    }

    /** When the {@code j}-th request (from 0) of connection {@code i} is due. */
    long due(int connection, long j) {
        return due(j * connections + connection);
    }

    /** Parks until {@code due} (no spinning: the client shares the cores with the server). */
    static void awaitDue(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
