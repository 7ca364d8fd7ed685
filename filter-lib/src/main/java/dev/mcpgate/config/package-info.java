/**
 * The one settings vocabulary of every McpGate component — the filter ({@code dev.mcpgate.Setting}),
 * the gateway WAR ({@code GatewaySetting}) and the launcher ({@code LauncherSetting}): how a setting's
 * names are derived from its family and key ({@link dev.mcpgate.config.SettingFamily}), what a
 * setting is ({@link dev.mcpgate.config.SettingDefinition}), where values come from
 * ({@link dev.mcpgate.config.SettingSources}) and the one resolver that reads them in order, rejects
 * unknown names and names every problem in one message ({@link dev.mcpgate.config.ResolvedSettings}).
 *
 * <p>Servlet-free, so that the launcher, which runs before any servlet container exists, uses the same
 * code (its jar carries this package). May import the JDK only.
 */
package dev.mcpgate.config;
