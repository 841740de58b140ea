using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Runs the plugins a <see cref="NovywaveConfig"/> asks for. <see cref="ApplyAsync"/> moves the actual state to the
/// desired one: removed or disabled plugins are shut down, new ones loaded, changed ones (artifact bytes or settings)
/// reloaded, and unchanged ones left alone. Each plugin runs on its own worker; a plugin that fails goes to
/// <see cref="PluginState.Error"/> and is retried with exponential backoff without affecting the others.
/// </summary>
public sealed class PluginManager : IAsyncDisposable
{
    private readonly IPluginLoader loader;
    private readonly PluginManagerOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim applying = new(1, 1);
    private readonly Dictionary<string, PluginSlot> slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PluginStatus> statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PluginTelemetry> telemetry = new(StringComparer.Ordinal);
    private readonly Broadcast<PluginStatus> statusStream = new();
    private readonly Broadcast<RelayDelivery> relayStream = new();

    /// <summary>Creates a manager that runs nothing until <see cref="ApplyAsync"/>.</summary>
    /// <param name="loader">Turns artifacts into plugin instances.</param>
    /// <param name="options">Logging, retry and rate-limit settings; defaults when null.</param>
    public PluginManager(IPluginLoader loader, PluginManagerOptions? options = null)
    {
        this.loader = loader;
        this.options = options ?? new PluginManagerOptions();
        logger = this.options.LoggerFactory.CreateLogger<PluginManager>();
    }

    /// <summary>The latest status of every plugin in the applied configuration, in id order.</summary>
    public IReadOnlyList<PluginStatus> Statuses => statuses.Values.OrderBy(s => s.PluginId, StringComparer.Ordinal).ToArray();

    /// <summary>Subscribes to every status change from now on (the UI's view of the lifecycle).</summary>
    public Subscription<PluginStatus> SubscribeStatuses() => statusStream.Subscribe();

    /// <summary>Subscribes to every relay event plugins publish from now on.</summary>
    public Subscription<RelayDelivery> SubscribeRelay() => relayStream.Subscribe();

    /// <summary>Telemetry of every plugin the manager has run, in id order.</summary>
    public IReadOnlyList<PluginTelemetrySnapshot> GetTelemetry() =>
        telemetry.Values.Select(t => t.Snapshot()).OrderBy(t => t.PluginId, StringComparer.Ordinal).ToArray();

    /// <summary>Telemetry of one plugin, or null when the manager never ran it.</summary>
    public PluginTelemetrySnapshot? GetTelemetry(string pluginId) => telemetry.TryGetValue(pluginId, out var t) ? t.Snapshot() : null;

    /// <summary>
    /// Makes the running plugins match <paramref name="config"/>. Completes when every plugin it started or reloaded
    /// is Ready or in Error; unchanged plugins are not touched (an identical replay does nothing).
    /// </summary>
    public async Task ApplyAsync(NovywaveConfig config, CancellationToken cancellationToken = default)
    {
        await applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = config.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
            var work = new List<Task>();

            foreach (var (id, slot) in slots.ToArray())
            {
                if (!desired.TryGetValue(id, out var entry) || !entry.Enabled)
                {
                    slots.Remove(id);
                    await slot.DisposeAsync().ConfigureAwait(false);
                    logger.LogInformation("plugin {PluginId} unloaded", id);
                }
            }

            foreach (var id in statuses.Keys.Where(id => !desired.ContainsKey(id)).ToArray())
            {
                statuses.TryRemove(id, out _);
                statusStream.Publish(new PluginStatus(id, PluginState.Disabled, "removed from the configuration", null, null));
            }

            foreach (var entry in config.Entries)
            {
                if (!entry.Enabled)
                {
                    if (!statuses.TryGetValue(entry.Id, out var status) || status.State != PluginState.Disabled)
                    {
                        Publish(new PluginStatus(entry.Id, PluginState.Disabled, "disabled in the configuration", null, null));
                    }

                    continue;
                }

                var artifact = await ReadArtifactAsync(entry, cancellationToken).ConfigureAwait(false);
                var fingerprint = Fingerprint(entry, artifact);
                if (slots.TryGetValue(entry.Id, out var existing))
                {
                    if (existing.Fingerprint == fingerprint && existing.Entry.SameSettingsAs(entry))
                    {
                        continue;
                    }

                    logger.LogInformation("plugin {PluginId} changed; reloading", entry.Id);
                    existing.Reconfigure(entry, artifact, fingerprint);
                    work.Add(existing.StartAsync());
                    continue;
                }

                var slot = new PluginSlot(entry, artifact, fingerprint, loader, options, Publish, relayStream.Publish,
                    telemetry.GetOrAdd(entry.Id, id => new PluginTelemetry(id)));
                slots.Add(entry.Id, slot);
                work.Add(slot.StartAsync());
            }

            await Task.WhenAll(work).ConfigureAwait(false);
        }
        finally
        {
            applying.Release();
        }
    }

    /// <summary>Delivers a host event to a plugin on its worker. Returns false when the plugin is not running or
    /// reported an error for the event.</summary>
    public Task<bool> SendAsync(string pluginId, PluginInput input) =>
        slots.TryGetValue(pluginId, out var slot) ? slot.SendAsync(input) : Task.FromResult(false);

    /// <summary>Shuts every plugin down.</summary>
    public async ValueTask DisposeAsync()
    {
        await applying.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var slot in slots.Values)
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }

            slots.Clear();
        }
        finally
        {
            applying.Release();
        }
    }

    private static async Task<byte[]?> ReadArtifactAsync(PluginEntryConfig entry, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(entry.ArtifactPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Fingerprint(PluginEntryConfig entry, byte[]? artifact) =>
        artifact is null ? "missing:" + entry.ArtifactPath : Convert.ToHexString(SHA256.HashData(artifact));

    private void Publish(PluginStatus status)
    {
        statuses[status.PluginId] = status;
        statusStream.Publish(status);
    }
}
