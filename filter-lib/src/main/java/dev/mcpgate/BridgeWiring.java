package dev.mcpgate;

import dev.mcpgate.bridge.BridgeSettings;
import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.EraTranslator;
import dev.mcpgate.bridge.LoopbackMarker;
import dev.mcpgate.bridge.LoopbackUpstream;
import dev.mcpgate.bridge.UpstreamEra;
import dev.mcpgate.bridge.UpstreamEraProbe;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.web.BridgedExchange;
import dev.mcpgate.web.ExchangeBridge;
import dev.mcpgate.web.PassThrough;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The era bridge of one endpoint ({@code bridge=on}): per exchange, after the guard, whether the client's era
 * differs from the server's; if so, the exchange goes asynchronous and its translator runs on a bounded bridge
 * thread ({@code bridge-threads}); one that opens a long-lived stream (a {@code subscriptions/listen}, a legacy
 * client's GET) runs on a stream thread of its own budget ({@code bridge-max-streams}), so that open streams
 * never take the threads that translate requests. Also the loopback's marker: a request that carries it is the bridge's own
 * call (passed on unbridged, its row a leg), one that carries another value is refused.
 *
 * <p>While the server's era is not known yet ({@code bridge-upstream-era=auto}), an exchange of a known era goes
 * to a bridge thread, which probes the server once ({@link UpstreamEraProbe}); an exchange of the server's own
 * era, or one that arrives while the probe tells nothing, is relayed to the server unchanged
 * ({@link PassThrough}). Once the era is known, an exchange of the server's era costs a volatile read here.
 */
final class BridgeWiring implements ExchangeBridge, AutoCloseable {

    /** Makes the translator for clients of the other era than {@code upstreamEra} (see the filter's hook). */
    @FunctionalInterface
    interface Translators {
        EraTranslator create(UpstreamEra upstreamEra, BridgeUpstream upstream, BridgeSettings settings,
                ScheduledExecutorService scheduler);
    }

    private static final Logger LOG = System.getLogger(BridgeWiring.class.getName());
    /** JSON-RPC's implementation-defined server error, for "busy, try again". */
    static final int SERVER_BUSY = -32000;

    private final String endpoint;
    private final int threads;
    private final LoopbackMarker marker = LoopbackMarker.random();
    private final LoopbackUpstream upstream;
    private final UpstreamEraProbe probe;
    private final ThreadPoolExecutor executor;
    private final int maxStreams;
    /** Long-lived streams, each on a thread of its own (made when needed, at most {@code bridge-max-streams}). */
    private final ThreadPoolExecutor streams;
    /** For 2026-07-28 clients of a legacy server; {@code null} when none is built. */
    private final EraTranslator forModernClients;
    /** For legacy clients of a 2026-07-28 server; {@code null} when none is built. */
    private final EraTranslator forLegacyClients;
    private final AtomicLong toLegacy = new AtomicLong();
    private final AtomicLong toModern = new AtomicLong();
    private final AtomicLong forged = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong notAsync = new AtomicLong();

    BridgeWiring(McpGateConfig config, Translators translators, ScheduledExecutorService scheduler,
            ClassLoader applicationLoader) {
        McpGateConfig.Bridge bridge = config.bridge();
        this.endpoint = config.endpointName();
        this.threads = bridge.threads();
        this.upstream = new LoopbackUpstream(bridge.upstreamUrl(), marker, bridge.settings().upstreamTimeout());
        this.probe = new UpstreamEraProbe(bridge.settings().upstreamEra(), upstream);
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory("mcpgate-bridge-" + endpoint, applicationLoader), new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        this.maxStreams = bridge.maxStreams();
        this.streams = new ThreadPoolExecutor(0, maxStreams, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory("mcpgate-bridge-stream-" + endpoint, applicationLoader),
                new ThreadPoolExecutor.AbortPolicy());
        this.forModernClients = translators.create(UpstreamEra.LEGACY, upstream, bridge.settings(), scheduler);
        this.forLegacyClients = translators.create(UpstreamEra.MODERN, upstream, bridge.settings(), scheduler);
        if (forModernClients == null && forLegacyClients == null) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: bridge=on, but no era translator is available; every "
                    + "exchange goes to the server in its own era", endpoint);
        }
    }

    @Override
    public boolean take(BridgedExchange x) {
        String mark = x.marker();
        if (mark != null) {
            return !admitLeg(x, mark);
        }
        Era client = x.era();
        if (client == Era.UNKNOWN || (forModernClients == null && forLegacyClients == null)) {
            return false;
        }
        UpstreamEra known = probe.known();
        if (known == UpstreamEra.AUTO) {
            // judged here as the client's exchange: the relayed or translated legs are not judged again
            return x.intercepted() || submit(x, () -> probeAndTranslate(x));
        }
        EraTranslator translator = translatorFor(client, known);
        if (translator == null) {
            return false; // the server's own era (or a direction not built): the chain, as without the bridge
        }
        if (x.isBatch()) {
            refuseBatch(x);
            return true;
        }
        return x.intercepted() || submit(x, () -> translate(x, translator, known));
    }

    /** A request with the marker: the bridge's own call passes (its row a leg); a forged one is refused. */
    private boolean admitLeg(BridgedExchange x, String mark) {
        if (marker.matches(mark)) {
            x.markLeg();
            return true;
        }
        if (forged.incrementAndGet() == 1) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: a request carried the era bridge''s marker header ({1}) "
                    + "with a wrong value; refused (400), and every such request after it", endpoint,
                    LoopbackMarker.HEADER);
        }
        x.refuse(400, JsonRpcErrors.INVALID_REQUEST, "the request carries the header " + LoopbackMarker.HEADER
                + ", which only the gateway's era bridge may send");
        return false;
    }

    private static void refuseBatch(BridgedExchange x) {
        x.answerError(400, JsonRpcErrors.INVALID_REQUEST, "a JSON-RPC batch cannot be bridged to a 2026-07-28 "
                + "server: that revision has no batches; send the messages one by one", Map.of());
    }

    /** The translator for this client of a server of that era; {@code null} for the same era. */
    private EraTranslator translatorFor(Era client, UpstreamEra server) {
        if (client == Era.MODERN && server == UpstreamEra.LEGACY) {
            return forModernClients;
        }
        if (client == Era.LEGACY && server == UpstreamEra.MODERN) {
            return forLegacyClients;
        }
        return null;
    }

    /**
     * Hands the exchange to a bridge thread, or a stream to a stream thread; all of them busy: 503 with
     * Retry-After.
     */
    private boolean submit(BridgedExchange x, Runnable work) {
        upstream.learn(x.localPort(), x.contextPath(), x.mappedPath(), x.secure());
        if (!upstream.reachable()) {
            return false; // no way to the server over the loopback (logged once): unbridged, at once
        }
        try {
            x.startAsync();
        } catch (IllegalStateException e) {
            if (notAsync.incrementAndGet() == 1) {
                LOG.log(Level.WARNING, "McpGate endpoint " + endpoint + ": an exchange to bridge cannot go "
                        + "asynchronous (is the filter async-supported?); it goes to the server unbridged, and so "
                        + "does every such exchange after it (not logged again)", e);
            }
            return false;
        }
        boolean stream = x.opensStream();
        try {
            (stream ? streams : executor).execute(work);
        } catch (RejectedExecutionException e) {
            busy.incrementAndGet();
            String full = stream ? "bridge-max-streams=" + maxStreams + " streams are open"
                    : "bridge-threads=" + threads + " exchanges are being translated";
            x.answerError(503, SERVER_BUSY, "the gateway's era bridge is busy (" + full + "); try again",
                    Map.of("Retry-After", "1"));
            x.finish();
        }
        return true;
    }

    /** On a bridge thread: learns the server's era, then translates or relays the exchange. */
    private void probeAndTranslate(BridgedExchange x) {
        UpstreamEra era;
        try {
            era = probe.resolve(x.authorization().orElse(null));
            LOG.log(Level.DEBUG, "McpGate endpoint {0}: the server behind the era bridge is {1}", endpoint, era);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: the era probe (server/discover) told nothing ({1}); "
                    + "the exchange goes to the server as it is, the next one probes again", endpoint, e.getMessage());
            era = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.finish();
            return;
        }
        EraTranslator translator = era == null ? null : translatorFor(x.era(), era);
        if (translator == null) {
            relay(x);
        } else if (x.isBatch()) {
            refuseBatch(x);
            x.finish();
        } else {
            translate(x, translator, era);
        }
    }

    /** On a bridge thread: the translation, its failure answered as the contract says, the exchange ended. */
    private void translate(BridgedExchange x, EraTranslator translator, UpstreamEra era) {
        x.bridged(era == UpstreamEra.LEGACY ? Era.LEGACY : Era.MODERN);
        (era == UpstreamEra.LEGACY ? toLegacy : toModern).incrementAndGet();
        try {
            translator.handle(x, x.answer());
            if (!x.answered()) {
                failed(x, new IllegalStateException("the translator returned without answering"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(x, e);
        } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
            failed(x, e);
        } finally {
            x.finish();
        }
    }

    private void failed(BridgedExchange x, Throwable e) {
        long count = failures.incrementAndGet();
        LOG.log(count == 1 ? Level.WARNING : Level.DEBUG, "McpGate endpoint " + endpoint
                + ": the era bridge failed to translate an exchange; answered 500 (-32603)", e);
        x.failed(e);
    }

    /** On a bridge thread: the exchange to the server unchanged; a server that cannot be reached is a 502. */
    private void relay(BridgedExchange x) {
        try {
            PassThrough.relay(x, upstream);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            x.answerError(502, JsonRpcErrors.INTERNAL_ERROR, "the server behind the gateway did not answer: "
                    + e.getMessage(), Map.of());
        } finally {
            x.finish();
        }
    }

    /** Exchanges translated for a legacy server, for a 2026-07-28 one, refused for a forged marker, refused busy, failed. */
    long[] counts() {
        return new long[] {toLegacy.get(), toModern.get(), forged.get(), busy.get(), failures.get()};
    }

    @Override
    public void close() {
        executor.shutdownNow();
        streams.shutdownNow();
        closeQuietly(forModernClients);
        closeQuietly(forLegacyClients);
        upstream.close();
    }

    private void closeQuietly(EraTranslator translator) {
        if (translator == null) {
            return;
        }
        try {
            translator.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "McpGate endpoint " + endpoint + ": closing an era translator failed", e);
        }
    }

    private static ThreadFactory threadFactory(String prefix, ClassLoader loader) {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader); // JSON-P's provider is the application's
            return thread;
        };
    }
}
