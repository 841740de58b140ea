namespace WitSharp.HostRuntime.Capabilities;

/// <summary>
/// The capabilities this host project may ever grant to a plugin, in one reviewable place:
/// <c>[assembly: CapabilityAllowlist("log", "filesystem-list-dir", "relay-publish:discovery", "wasi:cli/stdout")]</c>.
/// The WitSharp analyzers report every grant (in C# or in a <c>.novywave</c> file) of a capability not listed here
/// as an error. Names are world import names, relay channels as <c>relay-publish:&lt;channel&gt;</c> (a bare
/// <c>relay-publish</c> allows every channel) and WASI interfaces by unversioned name (<c>wasi:cli/stdout</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class CapabilityAllowlistAttribute : Attribute
{
    /// <summary>Declares the capabilities this assembly may grant.</summary>
    /// <param name="capabilities">Capability names; see the type documentation for their form.</param>
    public CapabilityAllowlistAttribute(params string[] capabilities) => Capabilities = capabilities;

    /// <summary>The declared capability names.</summary>
    public IReadOnlyList<string> Capabilities { get; }
}

/// <summary>
/// Marks a string parameter whose argument names a capability being granted or bound. The analyzers check constant
/// arguments against the assembly's <see cref="CapabilityAllowlistAttribute"/>. With <see cref="Prefix"/> set, the
/// checked name is the prefix followed by the argument (<c>relay-publish:</c> + channel).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class CapabilityNameAttribute : Attribute
{
    /// <summary>Text put before the argument to form the capability name; empty for plain names.</summary>
    public string Prefix { get; set; } = "";
}
