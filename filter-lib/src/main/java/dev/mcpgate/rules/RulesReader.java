package dev.mcpgate.rules;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a rules file: JSON, or YAML when its name ends in {@code .yaml} or {@code .yml}. The whole
 * file is checked before any of it is used, and every problem is reported at once.
 */
public final class RulesReader {

    /** The largest rules file read; a rules file is configuration, not data. */
    public static final int MAX_BYTES = 1024 * 1024;

    private RulesReader() {
    }

    /** Whether a file of this name is read as YAML. */
    static boolean isYaml(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * The rules of a file's content.
     *
     * @param source the file's name or path (which form it is in, and what messages name)
     * @param bytes  its content, UTF-8
     * @throws RulesException naming every problem
     */
    public static RuleSet read(String source, byte[] bytes) throws RulesException {
        if (bytes.length > MAX_BYTES) {
            throw new RulesException(source, List.of("larger than " + MAX_BYTES + " bytes"));
        }
        JsonValue root;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            root = isYaml(source) ? yaml(text) : json(text);
        } catch (CharacterCodingException e) {
            throw new RulesException(source, List.of("not UTF-8"));
        } catch (IllegalArgumentException e) {
            throw new RulesException(source, List.of(e.getMessage()));
        }
        RuleChecker checker = new RuleChecker();
        RuleSet rules = checker.ruleSet(root, digest(bytes));
        if (!checker.problems().isEmpty()) {
            throw new RulesException(source, checker.problems());
        }
        return rules;
    }

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not valid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    private static JsonValue yaml(String text) {
        try {
            return YamlDocument.read(text);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("a YAML rules file needs SnakeYAML Engine "
                    + "(org.snakeyaml:snakeyaml-engine) on the class path; or write the rules as JSON", e);
        }
    }

    /** The rules' version: the SHA-256 of the file's bytes, hex. */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
