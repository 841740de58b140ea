using System.Collections.Concurrent;
using System.Text;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Tests.Plugins;

/// <summary>
/// A loader whose "artifacts" are text describing the plugin's behaviour, one directive per line:
/// <c>imports a,b</c>, <c>init-trap N</c> (the first N inits trap), <c>init-error</c>, <c>event-trap</c>,
/// <c>event-block</c> (handle-event waits for <see cref="Release"/>), <c>publish CHANNEL</c> (a log event at init).
/// </summary>
internal sealed class FakeLoader : IPluginLoader
{
    private readonly ConcurrentDictionary<string, int> prepares = new();
    private readonly ConcurrentDictionary<string, int> initAttempts = new();

    public ConcurrentQueue<string> Journal { get; } = new();

    public SemaphoreSlim Release { get; } = new(0);

    public int Prepares(string id) => prepares.GetValueOrDefault(id);

    public IPluginArtifact Prepare(string pluginId, byte[] artifact, PluginLimits limits)
    {
        prepares.AddOrUpdate(pluginId, 1, (_, n) => n + 1);
        var directives = Encoding.UTF8.GetString(artifact).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        return new FakeArtifact(this, pluginId, directives);
    }

    private sealed class FakeArtifact(FakeLoader loader, string pluginId, Dictionary<string, string> directives) : IPluginArtifact
    {
        public IReadOnlyCollection<string> Imports =>
            directives.TryGetValue("imports", out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

        public IPluginInstance Instantiate(PluginSandbox sandbox) => new FakeInstance(loader, pluginId, directives, sandbox);
    }

    private sealed class FakeInstance(FakeLoader loader, string pluginId, Dictionary<string, string> directives, PluginSandbox sandbox) : IPluginInstance
    {
        public int MemoryPages => 3;

        public PluginDescription Init(IReadOnlyList<KeyValuePair<string, string>> config)
        {
            var attempt = loader.initAttempts.AddOrUpdate(pluginId, 1, (_, n) => n + 1);
            loader.Journal.Enqueue($"{pluginId} init {string.Join(";", config.Select(kv => kv.Key + "=" + kv.Value))}");
            if (directives.TryGetValue("init-trap", out var traps) && attempt <= int.Parse(traps))
            {
                throw new InvalidOperationException("unreachable executed");
            }

            if (directives.ContainsKey("init-error"))
            {
                throw new PluginCallException(PluginErrorKind.InvalidConfig, "missing key 'directories'");
            }

            if (directives.TryGetValue("publish", out var channel))
            {
                sandbox.RelayPublish(channel, new RelayMessage.Log("hello from " + pluginId));
            }

            return new PluginDescription("1.0", "fake " + pluginId, []);
        }

        public void HandleEvent(PluginInput input)
        {
            loader.Journal.Enqueue($"{pluginId} event {input.GetType().Name}");
            if (directives.ContainsKey("event-block"))
            {
                loader.Release.Wait();
            }

            if (directives.ContainsKey("event-trap"))
            {
                throw new InvalidOperationException("out of bounds memory access");
            }
        }

        public void Shutdown() => loader.Journal.Enqueue($"{pluginId} shutdown");

        public void Dispose()
        {
        }
    }
}

/// <summary>Builds configs in a temp directory for manager tests.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("witsharp-host-").FullName;
    }

    public string Directory { get; }

    public string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    public string WriteArtifact(string name, string behaviour)
    {
        var path = Path(name);
        File.WriteAllText(path, behaviour);
        return path;
    }

    public PluginEntryConfig Entry(string id, string artifact, bool enabled = true, CapabilityGrants? grants = null,
        IReadOnlyList<KeyValuePair<string, string>>? config = null, PluginLimits? limits = null) =>
        new(id, enabled, Path(artifact), Directory, config ?? [], null, grants ?? CapabilityGrants.None, limits ?? PluginLimits.Default);

    public NovywaveConfig Config(params PluginEntryConfig[] entries) => new(Path("sample.novywave"), NovywaveSchemaVersionForTests, entries);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private const int NovywaveSchemaVersionForTests = 2;
}

internal static class StatusStream
{
    /// <summary>Reads statuses of <paramref name="id"/> until one satisfies <paramref name="done"/>; fails after 10 s.</summary>
    public static async Task<List<PluginStatus>> ReadUntil(this Subscription<PluginStatus> subscription, string id, Func<PluginStatus, bool> done)
    {
        var seen = new List<PluginStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var status in subscription.Reader.ReadAllAsync(timeout.Token))
        {
            if (status.PluginId != id)
            {
                continue;
            }

            seen.Add(status);
            if (done(status))
            {
                return seen;
            }
        }

        return seen;
    }

    public static CapabilityGrants Grants(string[]? imports = null, string[]? directories = null, string[]? channels = null) =>
        new(new HashSet<string>(imports ?? []), new HashSet<string>(), directories ?? [], new HashSet<string>(channels ?? []));
}
