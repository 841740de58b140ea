namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>Where a plugin is in its lifecycle.</summary>
public enum PluginState
{
    /// <summary>Not running: disabled in the config, or removed from it.</summary>
    Disabled,

    /// <summary>Being compiled, instantiated or initialised.</summary>
    Loading,

    /// <summary>Initialised and receiving events.</summary>
    Ready,

    /// <summary>Failed to load, initialise or run; see the message. A retry may be scheduled.</summary>
    Error,
}

/// <summary>A plugin's state at one moment, as published by <see cref="PluginManager"/>.</summary>
/// <param name="PluginId">The plugin id.</param>
/// <param name="State">The state.</param>
/// <param name="Message">Why the plugin is in <see cref="PluginState.Error"/> (or a note for other states), else null.</param>
/// <param name="Description">What the plugin reported from <c>init</c>, once <see cref="PluginState.Ready"/>.</param>
/// <param name="RetryAt">When the next load attempt is due, for an <see cref="PluginState.Error"/> with a retry scheduled.</param>
public sealed record PluginStatus(string PluginId, PluginState State, string? Message, PluginDescription? Description, DateTimeOffset? RetryAt)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{PluginId}: {State}" + (Message is null ? "" : $" ({Message})") + (RetryAt is { } at ? $", retry at {at:HH:mm:ss.fff}" : "");
}
