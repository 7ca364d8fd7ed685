package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Base64 sentinel of 2026-07-28's mirrored headers, with the examples of the transport's value-encoding table. */
class HeaderValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "us-west1|us-west1",
        "Hello, 世界|=?base64?SGVsbG8sIOS4lueVjA==?=",
        "' padded '|=?base64?IHBhZGRlZCA=?=",
        "=?base64?literal?=|=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=",
        "file:///projects/myapp/config.json|file:///projects/myapp/config.json"})
    void valuesAreEncodedAsTheSpecificationShows(String value, String header) {
        assertEquals(header, HeaderValues.encode(value));
    }

    @org.junit.jupiter.api.Test
    void aControlCharacterIsEncoded() {
        assertEquals("=?base64?bGluZTEKbGluZTI=?=", HeaderValues.encode("line1\nline2"));
    }
}
