package dev.mcpgate.gateway.proxy;

import java.io.IOException;

/**
 * The upstream server was reached but sent nothing for {@code upstream-idle-timeout}: the gateway
 * answers {@code 504}, not {@code 502}. Each {@link UpstreamClient} turns its library's own timeout
 * into this one (a connect timeout is not one: the server was not reached).
 */
final class UpstreamSilentException extends IOException {

    private static final long serialVersionUID = 1L;

    UpstreamSilentException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
