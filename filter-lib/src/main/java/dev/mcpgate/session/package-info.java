/**
 * The session model ({@link dev.mcpgate.session.TrackedSession}), the {@link dev.mcpgate.session.SessionStore}
 * and {@link dev.mcpgate.session.ReplayStore} SPIs with their in-memory implementations, session id
 * minting and expiry.
 *
 * <p>May import {@code protocol} and the JDK.
 */
package dev.mcpgate.session;
