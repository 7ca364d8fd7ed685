package dev.mcpgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on an ephemeral loopback port in front of the IT's server, for tests that need a
 * client's connection to break in the middle of a stream. Armed with {@link #cutOnDownstream}, it
 * closes every open connection (both sides) once the bytes it relayed from the server to the client
 * have contained the marker for the Nth time (counted over all connections) — after relaying the bytes that completed it — and from
 * then on relays normally. Plain sockets, one thread per direction and connection; {@link #close()}
 * ends them all.
 *
 * <p>It also keeps what went through, as ISO-8859-1 text (one character per byte): every byte sent
 * upstream (so that a test can see a client's {@code Last-Event-ID} header) and the downstream bytes
 * of the connection that was cut (so that a test can see the last event its client received).
 */
public final class CuttingRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Link> links = new ArrayList<>();
    private final ByteArrayOutputStream upstream = new ByteArrayOutputStream();
    private final CountDownLatch cut = new CountDownLatch(1);
    private String marker;
    private int occurrences;
    private int seen;
    private Link cutLink;
    private volatile boolean closed;

    /** A relay to the host and port of {@code deploymentUrl}. */
    public CuttingRelay(URL deploymentUrl) {
        this.target = new InetSocketAddress(deploymentUrl.getHost(), deploymentUrl.getPort());
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acceptor = new Thread(this::accept, "cutting-relay-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code url} with this relay's host and port in place of the server's. */
    public URL via(URL url) {
        try {
            return new URL(url.getProtocol(), server.getInetAddress().getHostAddress(), port(), url.getFile());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Arms the cut: when the downstream bytes have contained {@code marker} for the {@code nth} time. */
    public synchronized CuttingRelay cutOnDownstream(String marker, int nth) {
        this.marker = marker;
        this.occurrences = nth;
        return this;
    }

    /** Whether the cut happened. */
    public boolean hasCut() {
        return cut.getCount() == 0;
    }

    /** Waits for the cut; fails after {@code timeout}. */
    public void awaitCut(Duration timeout) {
        try {
            if (!cut.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the relay saw its marker '" + marker + "' " + seen + " times in "
                        + timeout + ", not " + occurrences + ": no cut");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything clients sent through the relay so far (request heads and bodies). */
    public String upstreamText() {
        synchronized (upstream) {
            return upstream.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The raw HTTP bytes (head, chunk framing and all) the cut connection carried to its client. */
    public synchronized byte[] cutConnectionDownstream() {
        if (cutLink == null) {
            throw new IllegalStateException("no connection was cut");
        }
        synchronized (cutLink.downstream) {
            return cutLink.downstream.toByteArray();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        List<Link> open;
        synchronized (this) {
            open = List.copyOf(links);
        }
        open.forEach(Link::close);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstreamSocket = new Socket();
            try {
                upstreamSocket.connect(target, 10_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstreamSocket);
                continue;
            }
            Link link = new Link(client, upstreamSocket);
            synchronized (this) {
                if (closed) {
                    link.close();
                    return;
                }
                links.add(link);
            }
            link.start();
        }
    }

    /** Called by a downstream pump after it relayed {@code bytes}; cuts every link when the marker count is reached. */
    private void relayedDownstream(Link link, String text) {
        List<Link> toCut;
        synchronized (this) {
            if (marker == null || hasCut()) {
                return;
            }
            link.scan.append(text);
            int from = 0;
            for (int at; (at = link.scan.indexOf(marker, from)) >= 0; from = at + marker.length()) {
                seen++;
            }
            // keep the tail that could hold the start of a marker split across reads
            link.scan.delete(0, Math.max(from, link.scan.length() - marker.length() + 1));
            if (seen < occurrences) {
                return;
            }
            cutLink = link;
            toCut = List.copyOf(links);
            links.clear();
        }
        toCut.forEach(Link::close);
        cut.countDown();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One client connection and its server connection, with a pump thread per direction. */
    private final class Link {
        final Socket client;
        final Socket server;
        final ByteArrayOutputStream downstream = new ByteArrayOutputStream();
        final StringBuilder scan = new StringBuilder();

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, true), "cutting-relay-up-" + client.getPort());
            Thread down = new Thread(() -> pump(server, client, false), "cutting-relay-down-" + client.getPort());
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(Socket from, Socket to, boolean isUpstream) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (isUpstream) {
                        // kept before it is passed on: whatever the server answers to it, a test then sees it here
                        synchronized (upstream) {
                            upstream.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (!isUpstream) {
                        synchronized (downstream) {
                            downstream.write(buffer, 0, n);
                        }
                        relayedDownstream(this, new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                }
                // an orderly end of one direction: pass it on, the other direction goes on
                to.shutdownOutput();
            } catch (SocketException e) {
                close(); // cut, closed, or reset by a peer
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}
