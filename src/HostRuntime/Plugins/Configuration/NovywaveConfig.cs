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
/// <param name="Grants">The capabilities the plugin may use.</param>
/// <param name="Limits">Memory, deadline, fuel and tick settings.</param>
public sealed record PluginEntryConfig(
    string Id,
    bool Enabled,
    string ArtifactPath,
    string BaseDirectory,
    IReadOnlyList<KeyValuePair<string, string>> ConfigData,
    WatchSettings? Watch,
    CapabilityGrants Grants,
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

/// <summary>What a plugin may do (<c>[plugins.entries.capabilities]</c>). Anything not listed is refused.</summary>
/// <param name="Imports">World imports the plugin may use, by WIT name (e.g. <c>relay-publish</c>).</param>
/// <param name="Wasi">WASI interfaces the plugin may import, by unversioned name (e.g. <c>wasi:cli/stdout</c>).</param>
/// <param name="Directories">Directories (as written; relative to the config file or absolute) the filesystem imports may reach, recursively.</param>
/// <param name="Channels">Relay channels the plugin may publish on.</param>
public sealed record CapabilityGrants(IReadOnlySet<string> Imports, IReadOnlySet<string> Wasi, IReadOnlyList<string> Directories, IReadOnlySet<string> Channels)
{
    /// <summary>Grants nothing.</summary>
    public static CapabilityGrants None { get; } = new(new HashSet<string>(), new HashSet<string>(), [], new HashSet<string>());

    /// <summary>Set equality on every grant.</summary>
    public bool SameAs(CapabilityGrants other) =>
        Imports.SetEquals(other.Imports) && Wasi.SetEquals(other.Wasi) && Channels.SetEquals(other.Channels) && Directories.SequenceEqual(other.Directories);

    /// <summary>Whether an import the artifact declares (a world function name, or a WASI interface with or without
    /// its <c>@version</c>) is granted.</summary>
    public bool Allows(string import)
    {
        if (!import.StartsWith("wasi:", StringComparison.Ordinal))
        {
            return Imports.Contains(import);
        }

        var at = import.IndexOf('@', StringComparison.Ordinal);
        return Wasi.Contains(at < 0 ? import : import[..at]);
    }
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
