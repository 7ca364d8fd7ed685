package dev.mcpgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdMintTest {

    @Test
    void idsCarry192RandomBitsInUrlSafeVisibleAscii() {
        String id = new SessionIdMint().next();
        assertTrue(id.matches("[A-Za-z0-9_-]{32}"), id);
        assertEquals(SessionIdMint.RANDOM_BYTES, Base64.getUrlDecoder().decode(id).length);
        assertTrue(SessionIdMint.RANDOM_BYTES * 8 >= 128);
    }

    @Test
    void idsDoNotRepeat() {
        SessionIdMint mint = new SessionIdMint();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(mint.next()), "a repeated id after " + i);
        }
    }
}
