using System.Reflection;

namespace WitSharp.HostRuntime.Capabilities;

/// <summary>
/// The run-time view of an assembly's <see cref="CapabilityAllowlistAttribute"/>s, for grants the analyzers cannot see
/// at compile time (a <c>.novywave</c> edited after the build, names computed at run time).
/// </summary>
public sealed class CapabilityAllowlist
{
    private CapabilityAllowlist(IReadOnlyList<string> entries) => Entries = entries;

    /// <summary>The allowlisted names, in declaration order.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Reads the allowlist declared by <paramref name="assembly"/> (empty when it declares none: nothing is allowed).</summary>
    /// <param name="assembly">The host assembly, usually the entry assembly.</param>
    public static CapabilityAllowlist FromAssembly(Assembly assembly) => new(
        [.. assembly.GetCustomAttributes<CapabilityAllowlistAttribute>().SelectMany(a => a.Capabilities ?? []).OfType<string>()]);

    /// <summary>Whether <paramref name="capability"/> may be granted (see <see cref="CapabilityNames.Allows"/>).</summary>
    /// <param name="capability">An import name, <c>relay-publish:&lt;channel&gt;</c> or a WASI interface name.</param>
    public bool Allows(string capability) => Entries.Any(entry => CapabilityNames.Allows(entry, capability));

    /// <summary>Every capability and relay channel in <paramref name="grants"/> that is not allowed, in capability-name form.</summary>
    /// <param name="grants">One plugin's grants.</param>
    public IReadOnlyList<string> Violations(PluginGrants grants) =>
    [
        .. grants.Capabilities.Where(c => !Allows(c)).Order(StringComparer.Ordinal),
        .. grants.RelayChannels.Select(PluginCapabilities.RelayChannel).Where(c => !Allows(c)).Order(StringComparer.Ordinal),
    ];
}
