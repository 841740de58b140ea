using WitSharp.HostRuntime.Capabilities;

namespace WitSharp.HostRuntime.Plugins.Configuration;

/// <summary>A validated <c>.novywave</c> file: the plugins the host should run.</summary>
/// <param name="SourcePath">Absolute path of the file the configuration was read from.</param>
/// <param name="SchemaVersion">The file's <c>[plugins] schema_version</c> after migration (always <c>NovywaveSchema.CurrentVersion</c>).</param>
/// <param name="Entries">The <c>[[plugins.entries]]</c>, in file order, ids unique.</param>
public sealed record NovywaveConfig(string SourcePath, int SchemaVersion, IReadOnlyList<PluginEntryConfig> Entries)
{
    /// <summary>The directory relative paths in the file are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(SourcePath) ?? ".";
}

/// <summary>One <c>[[plugins.entries]]</c> table.</summary>
/// <param name="Id">Unique plugin id, used in logs, statuses and telemetry.</param>
/// <param name="Enabled">Whether the host should run the plugin.</param>
/// <param name="ArtifactPath">Absolute path of the component (<c>artifact_path</c> resolved against the config file's directory).</param>
/// <param name="BaseDirectory">Directory that relative paths used by the plugin are resolved against (the config file's directory).</param>
/// <param name="ConfigData">The <c>config</c> table flattened into the plugin's config-data (see <c>ConfigDataEncoding</c>).</param>
/// <param name="Watch">A host-configured filesystem watch delivered to the plugin as <c>filesystem-change</c> events, or null.</param>
/// <param name="Grants">The capabilities the plugin may use (<c>[plugins.entries.capabilities]</c>); anything not granted is refused.</param>
/// <param name="Limits">Memory, deadline, fuel and tick settings.</param>
public sealed record PluginEntryConfig(
    string Id,
    bool Enabled,
    string ArtifactPath,
    string BaseDirectory,
    IReadOnlyList<KeyValuePair<string, string>> ConfigData,
    WatchSettings? Watch,
    PluginGrants Grants,
    PluginLimits Limits)
{
    /// <summary>True when both entries would produce the same running plugin (the artifact bytes aside).</summary>
    public bool SameSettingsAs(PluginEntryConfig other) =>
        Id == other.Id && Enabled == other.Enabled && ArtifactPath == other.ArtifactPath && BaseDirectory == other.BaseDirectory
        && ConfigData.SequenceEqual(other.ConfigData) && Equals(Watch, other.Watch) && Grants.SameAs(other.Grants) && Limits == other.Limits;
}

/// <summary>A watch the host keeps for a plugin (<c>[plugins.entries.watch]</c>).</summary>
/// <param name="Directories">Directories as written in the file (relative to the config file or absolute).</param>
/// <param name="DebounceMs">Quiet time before a batch of changes is delivered.</param>
public sealed record WatchSettings(IReadOnlyList<string> Directories, int DebounceMs)
{
    /// <inheritdoc/>
    public bool Equals(WatchSettings? other) => other is not null && DebounceMs == other.DebounceMs && Directories.SequenceEqual(other.Directories);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(DebounceMs, Directories.Count);
}

/// <summary>Checks on a plugin's <see cref="PluginGrants"/> that the host needs beyond the grant API.</summary>
public static class PluginGrantChecks
{
    /// <summary>Whether an import the artifact declares is granted: a world function by name, a WASI interface by its
    /// unversioned name (<c>wasi:cli/stdout@0.2.3</c> needs <c>wasi:cli/stdout</c>).</summary>
    public static bool AllowsImport(this PluginGrants grants, string import)
    {
        var at = import.StartsWith("wasi:", StringComparison.Ordinal) ? import.IndexOf('@', StringComparison.Ordinal) : -1;
        return grants.IsAllowed(at < 0 ? import : import[..at]);
    }

    /// <summary>Whether two grants allow exactly the same (directories compared in order).</summary>
    public static bool SameAs(this PluginGrants grants, PluginGrants other) =>
        grants.Capabilities.ToHashSet(StringComparer.Ordinal).SetEquals(other.Capabilities)
        && grants.RelayChannels.ToHashSet(StringComparer.Ordinal).SetEquals(other.RelayChannels)
        && grants.Directories.SequenceEqual(other.Directories);
}

/// <summary>Per-plugin execution limits (<c>[plugins.entries.limits]</c>).</summary>
/// <param name="MemoryPages">Largest linear memory, in 64 KiB pages.</param>
/// <param name="CallDeadline">Longest wall-clock time one call into the plugin may take.</param>
/// <param name="Fuel">Instructions one call may execute, or null for no fuel metering.</param>
/// <param name="TickInterval">Period of <c>tick</c> events delivered to the plugin, or null for none.</param>
public sealed record PluginLimits(int MemoryPages, TimeSpan CallDeadline, long? Fuel, TimeSpan? TickInterval)
{
    /// <summary>256 pages (16 MiB), 5 s per call, no fuel metering, no ticks.</summary>
    public static PluginLimits Default { get; } = new(256, TimeSpan.FromSeconds(5), null, null);
}
