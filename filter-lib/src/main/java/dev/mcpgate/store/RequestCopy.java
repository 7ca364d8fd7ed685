package dev.mcpgate.store;

import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.ClientIdentity;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Inserts {@code mcp_request} rows into PostgreSQL with one {@code COPY ... FROM STDIN} (text format)
 * per batch instead of an {@code INSERT} batch: the server parses one stream instead of a statement
 * per row (or per rewritten multi-row statement), and the driver binds no parameters. Same columns,
 * same values as {@link BatchWriter#bindRequest}: every text cleaned and cut alike, so a copied row
 * reads back exactly as the inserted one. A refused value fails the whole COPY with the same SQLState
 * an INSERT would get (22001, 23505, ...): the {@link IsolatingWriter} then splits the batch as for
 * an INSERT batch, down to the one event it quarantines.
 *
 * <p>The only class of the store that names the PostgreSQL driver: it is loaded only through
 * {@link #of}, which answers {@code null} (use INSERT) when the driver is not visible or the connection
 * is not PostgreSQL's (Derby, or a pool whose connections do not unwrap to pgjdbc's).
 */
final class RequestCopy {

    static final String COPY_REQUEST = "COPY mcp_request (id, ts, endpoint, session_id, era, protocol_version, "
            + "http_method, http_status, mcp_method, jsonrpc_id, target, outcome, error_code, error_message, latency_us, "
            + "bytes_in, bytes_out, client_name, client_version, client_platform, principal, sse, messages_out, "
            + "violation, rule_name, upstream_era, bridge_leg) FROM STDIN";

    private final CopyManager copy;
    private final CopyText text;

    private RequestCopy(CopyManager copy, CopyText text) {
        this.copy = copy;
        this.text = text;
    }

    /** The COPY path over this connection, or {@code null} when it is not a pgjdbc connection. */
    static RequestCopy of(Connection c, CopyText text) throws SQLException {
        if (!c.isWrapperFor(PGConnection.class)) {
            return null;
        }
        return new RequestCopy(c.unwrap(PGConnection.class).getCopyAPI(), text);
    }

    /** Copies the rows in the connection's transaction; returns the rows the server took. */
    long write(List<RequestCompleted> requests) throws SQLException {
        text.reset();
        for (RequestCompleted r : requests) {
            encode(text, r);
        }
        CopyIn in = copy.copyIn(COPY_REQUEST);
        try {
            in.writeToCopy(text.bytes(), 0, text.length());
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy(); // a failed write: end the COPY so that the rollback can go through
            }
        }
    }

    /** One row, column for column as {@link BatchWriter#bindRequest} binds it. */
    static void encode(CopyText row, RequestCompleted r) {
        ClientIdentity client = r.client() == null ? ClientIdentity.UNKNOWN : r.client();
        row.text(r.id());
        row.timestamp(r.timestamp());
        row.text(BatchWriter.cut(r.endpoint(), 200));
        row.text(StoredText.sessionKey(r.sessionId()));
        row.text(r.era().wireName());
        row.text(BatchWriter.cut(r.protocolVersion(), 32));
        row.text(BatchWriter.cut(r.httpMethod(), 16));
        row.number(r.httpStatus());
        row.text(BatchWriter.cut(r.mcpMethod(), 100));
        row.text(BatchWriter.cut(r.jsonRpcId(), 200));
        row.text(BatchWriter.cut(r.target(), 500));
        row.text(r.outcome().wireName());
        row.number(r.errorCode());
        row.text(BatchWriter.cut(r.errorMessage(), 512));
        row.number(r.latencyMicros());
        row.number(r.bytesIn());
        row.number(r.bytesOut());
        row.text(BatchWriter.cut(client.name(), 255));
        row.text(BatchWriter.cut(client.version(), 100));
        row.text(client.platform().wireName());
        row.text(BatchWriter.cut(r.principal(), 255));
        row.bool(r.sse());
        row.number(r.messagesOut());
        row.text(r.violation() == null ? null : r.violation().wireName());
        row.text(BatchWriter.cut(r.rule(), 200));
        row.text(r.upstreamEra() == null ? null : r.upstreamEra().wireName());
        row.bool(r.bridgeLeg());
        row.endRow();
    }
}
