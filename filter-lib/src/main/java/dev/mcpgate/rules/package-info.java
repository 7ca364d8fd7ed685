/**
 * The rules file: the filter's built-in interceptor configured by the operator (setting
 * {@code rules-file}). A JSON or YAML file is read and checked whole ({@link dev.mcpgate.rules.RulesReader}),
 * kept current by {@link dev.mcpgate.rules.RulesFile} (a broken new file keeps the rules in force), and
 * applied to every request by {@link dev.mcpgate.rules.RulesInterceptor}: allow, deny, rewrite (JSON
 * Patch on params and result), mock, delay, hold for approval, rate limits, and the filtering of
 * {@code tools/list}, {@code prompts/list} and {@code resources/list} so that a caller never sees what
 * it may not call.
 *
 * <p>Imports: the JDK, Jakarta JSON Processing, SnakeYAML Engine (only {@link dev.mcpgate.rules.YamlDocument},
 * loaded only for a YAML file), {@code dev.mcpgate.intercept} and {@code dev.mcpgate.protocol}. Not the
 * servlet API.
 */
package dev.mcpgate.rules;
