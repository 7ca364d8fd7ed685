package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test relay itself: it cuts once, at the Nth marker (counted over all connections), after relaying it, then relays normally. */
class CuttingRelayTest {

    @Test
    void cutsEveryConnectionAtTheNthMarkerOnceThenRelaysNormally() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server), "cutting-relay-test-server");
            serving.setDaemon(true);
            serving.start();
            URL target = new URL("http", "127.0.0.1", server.getLocalPort(), "/");
            try (CuttingRelay relay = new CuttingRelay(target).cutOnDownstream("MARK", 3);
                    Socket idle = new Socket("127.0.0.1", relay.port())) {
                idle.setSoTimeout(5_000);
                assertEquals("one MARK", reader(idle).readLine(), "marker 1, on another connection");
                try (Socket first = new Socket("127.0.0.1", relay.port())) {
                    first.setSoTimeout(5_000);
                    BufferedReader in = reader(first);
                    PrintWriter out = new PrintWriter(first.getOutputStream(), true, StandardCharsets.US_ASCII);
                    assertEquals("one MARK", in.readLine());
                    out.println("next");
                    assertEquals("two MARK", in.readLine());
                    relay.awaitCut(Duration.ofSeconds(5));
                    assertNull(readOrNull(in), "the connection ends after the 3rd marker");
                }
                assertEquals(-1, readByte(idle), "the other, idle connection is cut as well");
                assertTrue(relay.upstreamText().contains("next\n"), relay.upstreamText());
                assertTrue(new String(relay.cutConnectionDownstream(), StandardCharsets.ISO_8859_1)
                        .endsWith("two MARK\n"));

                try (Socket second = new Socket("127.0.0.1", relay.port())) {
                    second.setSoTimeout(5_000);
                    BufferedReader in = reader(second);
                    PrintWriter out = new PrintWriter(second.getOutputStream(), true, StandardCharsets.US_ASCII);
                    assertEquals("one MARK", in.readLine());
                    out.println("next");
                    assertEquals("two MARK", in.readLine());
                    out.println("next");
                    assertEquals("three MARK", in.readLine(), "after the cut the relay relays normally");
                    assertFalse(second.isClosed());
                }
            }
        }
    }

    /** Each connection: a line with the marker, then one more per line the client sends, three in all. */
    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> {
                    try (socket) {
                        BufferedReader in = reader(socket);
                        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
                        for (String word : new String[] {"one", "two", "three"}) {
                            if (!"one".equals(word) && in.readLine() == null) {
                                return;
                            }
                            out.println(word + " MARK");
                        }
                        in.readLine();
                    } catch (IOException e) {
                        // the relay cut it
                    }
                });
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String readOrNull(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null; // reset: cut as well
        }
    }

    private static int readByte(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
