using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>Turns artifact bytes into runnable plugins. The manager depends only on this, so it can be tested
/// without the engine; the component loader is the real implementation.</summary>
public interface IPluginLoader
{
    /// <summary>Decodes and compiles an artifact without running it.</summary>
    /// <param name="pluginId">The plugin id, for error messages.</param>
    /// <param name="artifact">The artifact's bytes.</param>
    /// <param name="limits">Memory, deadline and fuel limits for the instances (fuel metering is decided at compile time).</param>
    /// <exception cref="PluginLoadException">The artifact is malformed or does not fit the plugin world.</exception>
    IPluginArtifact Prepare(string pluginId, byte[] artifact, PluginLimits limits);
}

/// <summary>A compiled plugin artifact that has not been instantiated yet.</summary>
public interface IPluginArtifact
{
    /// <summary>The world imports the artifact uses, by WIT name; each must be granted before instantiation.</summary>
    IReadOnlyCollection<string> Imports { get; }

    /// <summary>Instantiates the artifact with its imports bound to <paramref name="sandbox"/>.</summary>
    /// <param name="sandbox">The plugin's capabilities.</param>
    IPluginInstance Instantiate(PluginSandbox sandbox);
}

/// <summary>A running plugin. Calls are synchronous and made from one worker thread at a time.</summary>
public interface IPluginInstance : IDisposable
{
    /// <summary>The plugin's linear memory size in 64 KiB pages (0 when it has none).</summary>
    int MemoryPages { get; }

    /// <summary>Calls the plugin's <c>init</c>.</summary>
    /// <exception cref="PluginCallException">The plugin returned a <c>plugin-error</c>.</exception>
    PluginDescription Init(IReadOnlyList<KeyValuePair<string, string>> config);

    /// <summary>Calls the plugin's <c>handle-event</c>.</summary>
    /// <exception cref="PluginCallException">The plugin returned a <c>plugin-error</c>.</exception>
    void HandleEvent(PluginInput input);

    /// <summary>Calls the plugin's <c>shutdown</c>.</summary>
    void Shutdown();
}

/// <summary>What a plugin reported about itself from <c>init</c> (the world's <c>plugin-metadata</c>).</summary>
/// <param name="Version">The plugin's version.</param>
/// <param name="Description">One-line description.</param>
/// <param name="Capabilities">Capabilities the plugin says it uses.</param>
public sealed record PluginDescription(string Version, string Description, IReadOnlyList<string> Capabilities);

/// <summary>An event the host delivers to a plugin (the world's <c>host-event</c>).</summary>
public abstract record PluginInput
{
    private PluginInput()
    {
    }

    /// <summary>A periodic tick (<c>host-event.tick</c>).</summary>
    public sealed record Tick : PluginInput
    {
        /// <summary>The one tick value.</summary>
        public static Tick Instance { get; } = new();
    }

    /// <summary>Paths that changed under a watch (<c>host-event.filesystem-change</c>).</summary>
    /// <param name="SubscriptionId">The watch's subscription id.</param>
    /// <param name="Paths">Changed paths, de-duplicated, in first-change order, as the plugin names them.</param>
    public sealed record FilesystemChange(ulong SubscriptionId, IReadOnlyList<string> Paths) : PluginInput;

    /// <summary>New configuration (<c>host-event.config-updated</c>).</summary>
    /// <param name="Config">The new config-data.</param>
    public sealed record ConfigUpdated(IReadOnlyList<KeyValuePair<string, string>> Config) : PluginInput;
}

/// <summary>An event a plugin publishes on a relay channel (the world's <c>plugin-event</c>).</summary>
public abstract record RelayMessage
{
    private RelayMessage()
    {
    }

    /// <summary>Waveform files a plugin found (<c>plugin-event.discovery</c>).</summary>
    /// <param name="PluginId">The payload's <c>plugin-id</c>.</param>
    /// <param name="Discovered">The files.</param>
    public sealed record Discovery(string PluginId, IReadOnlyList<string> Discovered) : RelayMessage;

    /// <summary>A free-form message (<c>plugin-event.log</c>).</summary>
    /// <param name="Text">The message.</param>
    public sealed record Log(string Text) : RelayMessage;

    /// <summary>Files whose timeline should be reloaded (<c>plugin-event.refresh-timeline</c>).</summary>
    /// <param name="Paths">The files.</param>
    public sealed record RefreshTimeline(IReadOnlyList<string> Paths) : RelayMessage;
}

/// <summary>Which case of the world's <c>plugin-error</c> a failure is.</summary>
public enum PluginErrorKind
{
    /// <summary><c>invalid-config</c>.</summary>
    InvalidConfig,

    /// <summary><c>io</c>: a refused or failed host operation.</summary>
    Io,

    /// <summary><c>panic</c>.</summary>
    Panic,
}

/// <summary>A <c>plugin-error</c>: returned by a plugin from a call, or raised by a capability the host refused.</summary>
public sealed class PluginCallException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="kind">The <c>plugin-error</c> case.</param>
    /// <param name="message">The case's payload.</param>
    public PluginCallException(PluginErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>The <c>plugin-error</c> case.</summary>
    public PluginErrorKind Kind { get; }
}

/// <summary>An artifact could not be prepared or instantiated as a plugin.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, naming the plugin.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public PluginLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
