namespace WitSharp.HostRuntime.Capabilities;

/// <summary>Capability names of the NovyWave plugin world's imports (<c>wit/plugins.wit</c>).</summary>
public static class PluginCapabilities
{
    /// <summary><c>log</c>: write to the host's log.</summary>
    public const string Log = "log";
    /// <summary><c>filesystem-list-dir</c>: list directories inside the granted directories.</summary>
    public const string FilesystemListDir = "filesystem-list-dir";
    /// <summary><c>filesystem-read-metadata</c>: read file metadata inside the granted directories.</summary>
    public const string FilesystemReadMetadata = "filesystem-read-metadata";
    /// <summary><c>watch-subscribe</c>: watch granted directories for changes.</summary>
    public const string WatchSubscribe = "watch-subscribe";
    /// <summary><c>relay-publish</c>: publish events on granted relay channels.</summary>
    public const string RelayPublish = CapabilityNames.RelayPublish;
    /// <summary><c>config-get</c>: read the plugin's own configuration.</summary>
    public const string ConfigGet = "config-get";

    /// <summary>The prefix of a relay channel's capability name: <c>relay-publish:&lt;channel&gt;</c>.</summary>
    public const string RelayChannelPrefix = CapabilityNames.RelayChannelPrefix;

    /// <summary>The capability name of one relay channel, e.g. <c>relay-publish:discovery</c>.</summary>
    public static string RelayChannel(string channel) => RelayChannelPrefix + channel;
}
