/**
 * The servlet plumbing of one exchange: the request that replays the bytes read ahead, the response
 * that forwards every byte and tees it to the observer, async completion, the session book, the
 * {@code own}-mode session answers, error hygiene, the answer held for rewriting, the resume answers and the
 * era bridge's side of an exchange. It connects the
 * servlet-free packages to requests and responses.
 *
 * <p>May import {@code protocol}, {@code session}, {@code event}, {@code guard}, {@code resume}, {@code trace},
 * {@code intercept} (it adapts the exchange to the interceptor SPI and carries out the chain's verdicts),
 * {@code bridge} (it adapts a bridged exchange to the era bridge's client side) and the Servlet API. Besides the face, the only package that names the Servlet API.
 */
package dev.mcpgate.web;
