package dev.mcpgate.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void userInfoIsMaskedAndTheRestKept() {
        assertEquals("https://***@mcp.example:8443/mcp", Redaction.url("https://user:s3cret@mcp.example:8443/mcp"));
        assertEquals("http://***@h/mcp", Redaction.url("http://token@h/mcp"));
        assertEquals("http://mcp.example/mcp", Redaction.url("http://mcp.example/mcp"));
    }

    @Test
    void anAtSignInThePasswordDoesNotLeaveItsTail() {
        assertEquals("http://***@host/mcp", Redaction.url("http://user:p@ss@host/mcp"));
        assertEquals("http://***@host/mcp", Redaction.url("http://user:p%40ss@host/mcp"));
    }

    @Test
    void unencodedSlashOrQuestionMarkInThePasswordStillHidesIt() {
        assertEquals("http://***@host/mcp", Redaction.url("http://user:pa/ss@host/mcp"));
        String cut = Redaction.url("http://user:pa?ss@host/mcp");
        assertFalse(cut.contains("pa") || cut.contains("ss@"), cut);
        String fragment = Redaction.url("http://user:pa#ss@host/mcp");
        assertFalse(fragment.contains("pa") || fragment.contains("ss"), fragment);
    }

    @Test
    void aPasswordThatLooksLikeAPortIsHiddenToo() {
        assertEquals("http://***@h/mcp", Redaction.url("http://u:12/34@h/mcp"));
        assertEquals("http://***@h", Redaction.url("http://u:1234#5@h"));
        assertEquals("http://***@h/x?q=***", Redaction.url("http://u:1?2@h/x?q=1"));
        assertEquals("https://***@h:8443/mcp", Redaction.url("https://u:8443/x@h:8443/mcp"));
    }

    @Test
    void anAtSignAfterAHostWithAPortHidesTooMuchRatherThanTooLittle() {
        // host:port/path@x cannot be told from user:digits/password@host: erring on hiding
        assertEquals("https://***@me", Redaction.url("https://mcp.example:8443/users/@me"));
    }

    @Test
    void anAtSignInThePathOfAPlainHostIsKept() {
        assertEquals("https://mcp.example/users/@me", Redaction.url("https://mcp.example/users/@me"));
    }

    @Test
    void queryValuesAndFragmentsAreMaskedButTheirNamesKept() {
        assertEquals("http://h:1/mcp?token=***&region=***", Redaction.url("http://h:1/mcp?token=abc&region=eu"));
        assertEquals("http://h/mcp?***", Redaction.url("http://h/mcp?abcdef"));
        assertEquals("http://h/mcp?a=***#***", Redaction.url("http://h/mcp?a=1#access_token=x"));
        assertEquals("http://h/mcp?", Redaction.url("http://h/mcp?"));
    }

    @Test
    void percentEncodingIsLeftAsItIs() {
        assertEquals("http://***@h/a%20b?q%20r=***", Redaction.url("http://us%3Aer:p%2Fw@h/a%20b?q%20r=x%26y"));
    }

    @Test
    void ipv6Hosts() {
        assertEquals("http://[::1]:8080/mcp", Redaction.url("http://[::1]:8080/mcp"));
        assertEquals("http://***@[fe80::1%25eth0]:8080/mcp?k=***",
                Redaction.url("http://u:p@[fe80::1%25eth0]:8080/mcp?k=v"));
    }

    @Test
    void withoutScheme() {
        assertEquals("***@db.example:5432/mcp", Redaction.url("user:secret@db.example:5432/mcp"));
        assertEquals("localhost:8080/mcp?token=***", Redaction.url("localhost:8080/mcp?token=t"));
        assertEquals("//***@h/x", Redaction.url("//u:p@h/x"));
    }

    @Test
    void postgresqlUrlsKeepTheirOptionsButNotTheirCredentials() {
        assertEquals("jdbc:postgresql://db:5432/mcp?user=***&password=***&ssl=true",
                Redaction.url("jdbc:postgresql://db:5432/mcp?user=mcp&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://***@db/mcp", Redaction.url("jdbc:postgresql://mcp:s3cret@db/mcp"));
        assertEquals("jdbc:postgresql://db/mcp?sslpassword=***&PWD=***&currentSchema=gate",
                Redaction.url("jdbc:postgresql://db/mcp?sslpassword=a&PWD=b&currentSchema=gate"));
        // Azure: the user name holds an @ — after the ?, it is not user-info
        assertEquals("jdbc:postgresql://db:5432/mcp?user=***&password=***",
                Redaction.url("jdbc:postgresql://db:5432/mcp?user=mcp@server&password=x;y"));
    }

    @Test
    void derbyAndSqlServerPropertiesAfterSemicolons() {
        assertEquals("jdbc:derby:/data/db;create=true;user=***;password=***",
                Redaction.url("jdbc:derby:/data/db;create=true;user=app;password=s3cret"));
        assertEquals("jdbc:derby:memory:x;password=***", Redaction.url("jdbc:derby:memory:x;password=a?b&c"));
        assertEquals("jdbc:sqlserver://db:1433;databaseName=mcp;user=***;password=***",
                Redaction.url("jdbc:sqlserver://db:1433;databaseName=mcp;user=sa;password=p@ss"));
        assertEquals("JDBC:DERBY:db;PASSWORD=***", Redaction.url("JDBC:DERBY:db;PASSWORD=x"));
    }

    @Test
    void oracleUserSlashPassword() {
        assertEquals("jdbc:oracle:***@//db:1521/svc", Redaction.url("jdbc:oracle:thin:scott/tiger@//db:1521/svc"));
        assertEquals("jdbc:oracle:***@db", Redaction.url("jdbc:oracle:thin:scott:ti:ger@db"));
        assertEquals("jdbc:oracle:thin:@db:1521:orcl", Redaction.url("jdbc:oracle:thin:@db:1521:orcl"));
        assertEquals("jdbc:mysql://***@db/mcp", Redaction.url("jdbc:mysql://root:pw@db/mcp"));
    }

    @Test
    void unparsableInputGivesSomethingSafe() {
        assertNull(Redaction.url(null));
        assertEquals("", Redaction.url(""));
        assertEquals("not a url", Redaction.url("not a url"));
        assertEquals("***@ss", Redaction.url("not a url p@ss"));
        assertEquals("http://***@h", Redaction.url("http://u:p w@h"));
        assertEquals("http://***@h", Redaction.url("http://%zz:%@h"));
        assertEquals("::?***", Redaction.url("::?secret"));
        assertEquals("jdbc:", Redaction.url("jdbc:"));
        assertEquals("jdbc:x;password=***", Redaction.url("jdbc:x;password="));
    }

    @Test
    void urlsInsideTextAreFoundAndRedacted() {
        assertEquals("Illegal character in path at index 40: http://***@127.0.0.1:9/mcp/ x",
                Redaction.urlsIn("Illegal character in path at index 40: http://u:p@127.0.0.1:9/mcp/ x"));
        assertEquals("no JDBC driver accepts jdbc:postgresql://db/x?password=*** (check the URL)",
                Redaction.urlsIn("no JDBC driver accepts jdbc:postgresql://db/x?password=y (check the URL)"));
        assertEquals("two: 'https://***@a/?t=***' and \"http://b/\"",
                Redaction.urlsIn("two: 'https://k@a/?t=1' and \"http://b/\""));
        assertEquals("nothing here", Redaction.urlsIn("nothing here"));
        assertNull(Redaction.urlsIn(null));
    }

    @Test
    void longTextIsSearchedInLinearTime() {
        String text = "a.".repeat(100_000) + " http://u:p@h/x";
        String redacted = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Redaction.urlsIn(text));
        assertTrue(redacted.endsWith(" http://***@h/x"));
    }
}
