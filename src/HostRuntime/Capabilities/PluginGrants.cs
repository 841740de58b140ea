namespace WitSharp.HostRuntime.Capabilities;

/// <summary>
/// What one plugin is granted: capability names (world imports, WASI interfaces), relay channels and directories.
/// The host enforces it at run time; the WitSharp analyzers check constant arguments of the <c>Allow*</c> calls
/// against the assembly's <see cref="CapabilityAllowlistAttribute"/> at compile time.
/// </summary>
public sealed class PluginGrants
{
    private readonly HashSet<string> _capabilities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _relayChannels = new(StringComparer.Ordinal);
    private readonly List<string> _directories = new();

    /// <summary>Granted capability names (imports and WASI interfaces; relay channels are in <see cref="RelayChannels"/>).</summary>
    public IReadOnlyCollection<string> Capabilities => _capabilities;

    /// <summary>Relay channels <c>relay-publish</c> may publish on.</summary>
    public IReadOnlyCollection<string> RelayChannels => _relayChannels;

    /// <summary>Directories the filesystem and watch capabilities are scoped to, in grant order.</summary>
    public IReadOnlyList<string> Directories => _directories;

    /// <summary>Grants a capability: a world import name (<see cref="PluginCapabilities"/>) or a WASI interface
    /// (<see cref="WasiCapabilities"/>). <c>relay-publish:&lt;channel&gt;</c> grants that channel.</summary>
    /// <param name="capability">The capability name.</param>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public PluginGrants Allow([CapabilityName] string capability)
    {
        if (string.IsNullOrWhiteSpace(capability))
            throw new ArgumentException("a capability name must not be empty", nameof(capability));
        if (capability.StartsWith(PluginCapabilities.RelayChannelPrefix, StringComparison.Ordinal))
            return AllowRelayChannel(capability.Substring(PluginCapabilities.RelayChannelPrefix.Length));
        _capabilities.Add(capability);
        return this;
    }

    /// <summary>Grants publishing on one relay channel (and the <c>relay-publish</c> import itself).</summary>
    /// <param name="channel">The channel name, e.g. <c>discovery</c>.</param>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentException">The channel name is empty.</exception>
    public PluginGrants AllowRelayChannel([CapabilityName(Prefix = PluginCapabilities.RelayChannelPrefix)] string channel)
    {
        if (string.IsNullOrWhiteSpace(channel))
            throw new ArgumentException("a relay channel name must not be empty", nameof(channel));
        _capabilities.Add(PluginCapabilities.RelayPublish);
        _relayChannels.Add(channel);
        return this;
    }

    /// <summary>Adds a directory the filesystem and watch capabilities may reach (the host canonicalises it).</summary>
    /// <param name="directory">The directory path.</param>
    /// <returns>This instance, for chaining.</returns>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public PluginGrants AllowDirectory(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new ArgumentException("a granted directory must not be empty", nameof(directory));
        if (!_directories.Contains(directory, StringComparer.Ordinal))
            _directories.Add(directory);
        return this;
    }

    /// <summary>Whether a capability is granted; <c>relay-publish:&lt;channel&gt;</c> asks about one channel.</summary>
    /// <param name="capability">The capability name.</param>
    public bool IsAllowed(string capability) =>
        capability.StartsWith(PluginCapabilities.RelayChannelPrefix, StringComparison.Ordinal)
            ? _relayChannels.Contains(capability.Substring(PluginCapabilities.RelayChannelPrefix.Length))
            : _capabilities.Contains(capability);

    /// <summary>Whether publishing on <paramref name="channel"/> is granted.</summary>
    /// <param name="channel">The channel name.</param>
    public bool IsRelayChannelAllowed(string channel) => _relayChannels.Contains(channel);
}
