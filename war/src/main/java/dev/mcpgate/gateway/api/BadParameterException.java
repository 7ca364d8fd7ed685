package dev.mcpgate.gateway.api;

/** A query parameter of the analytics API that cannot be used; answered with a 400 that names it. */
final class BadParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String parameter;

    BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
