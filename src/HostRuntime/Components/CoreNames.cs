using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The core names a module built for a world uses for its imports and exports. wit-bindgen has long used the legacy
/// names (<c>$root</c>, <c>interface#function</c>, <c>cabi_post_*</c>, <c>[resource-new]R</c>); the Canonical ABI's
/// standard names (BuildTargets.md, <c>cm32p2</c>) are what newer tools emit, wasm-tools' dummy modules among them:
/// <c>cm32p2|interface</c> imports, <c>cm32p2|interface|function</c> exports with <c>_post</c>, <c>R_drop</c>,
/// <c>R_new</c>, <c>R_rep</c>, <c>R_dtor</c>, <c>cm32p2_memory</c>, <c>cm32p2_realloc</c>, <c>cm32p2_initialize</c>, and
/// interface versions shortened to their compatibility prefix (<c>@1</c>, <c>@0.3</c>).
/// Standard names are translated to legacy ones, which the instantiation matches.
/// </summary>
internal sealed class CoreNames
{
    private const string Standard = "cm32p2";
    private const string ExportedResources = "_ex_";

    private readonly Dictionary<string, string> interfaces;

    private CoreNames(bool isStandard, Dictionary<string, string> interfaces)
    {
        IsStandard = isStandard;
        this.interfaces = interfaces;
    }

    public bool IsStandard { get; }

    /// <summary>The convention <paramref name="module"/> uses; <paramref name="interfaceNames"/> are the world's interfaces.</summary>
    public static CoreNames For(Module module, IEnumerable<string> interfaceNames)
    {
        var isStandard = module.Imports.Any(i => i.Module == Standard || i.Module.StartsWith(Standard + "|", StringComparison.Ordinal))
            || module.Exports.Any(e => e.Name.StartsWith(Standard, StringComparison.Ordinal));
        var shortened = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in interfaceNames)
        {
            shortened.TryAdd(Shorten(name), name);
        }

        return new CoreNames(isStandard, shortened);
    }

    public string Memory => IsStandard ? $"{Standard}_memory" : "memory";

    public string Realloc => IsStandard ? $"{Standard}_realloc" : "cabi_realloc";

    public string Initialize => IsStandard ? $"{Standard}_initialize" : "_initialize";

    /// <summary>The core export lifted as a world function (no <paramref name="instanceName"/>) or interface function.</summary>
    public string Export(string? instanceName, string name) =>
        IsStandard ? $"{Standard}|{(instanceName is null ? string.Empty : Shorten(instanceName))}|{name}"
        : instanceName is null ? name : $"{instanceName}#{name}";

    public string PostReturn(string export) => IsStandard ? $"{export}_post" : $"cabi_post_{export}";

    /// <summary>The destructor export of a resource the world's <paramref name="instanceName"/> exports.</summary>
    public string Destructor(string instanceName, string resource) =>
        IsStandard ? $"{Standard}|{Shorten(instanceName)}|{resource}_dtor" : $"{instanceName}#[dtor]{resource}";

    /// <summary>
    /// A core import in legacy form: module <c>$root</c>, an interface name or <c>[export]interface</c>, and
    /// <c>[resource-drop|new|rep]R</c> for resource built-ins; a standard name that fits no rule is returned unchanged.
    /// </summary>
    public (string Module, string Name) Import(string module, string name)
    {
        if (!IsStandard || (module != Standard && !module.StartsWith(Standard + "|", StringComparison.Ordinal)))
        {
            return (module, name);
        }

        var builtin = ResourceBuiltin(name);
        if (module == Standard)
        {
            return ("$root", builtin ?? name);
        }

        var target = module[(Standard.Length + 1)..];
        if (target.StartsWith(ExportedResources, StringComparison.Ordinal))
        {
            return ($"[export]{Interface(target[ExportedResources.Length..])}", builtin ?? name);
        }

        return (Interface(target), builtin ?? name);
    }

    private string Interface(string shortened) => interfaces.GetValueOrDefault(shortened, shortened);

    /// <summary>WIT names are kebab-case, so an underscore suffix can only be a resource built-in.</summary>
    private static string? ResourceBuiltin(string name)
    {
        foreach (var builtin in (string[])["drop", "new", "rep"])
        {
            if (name.EndsWith($"_{builtin}", StringComparison.Ordinal))
            {
                return $"[resource-{builtin}]{name[..^(builtin.Length + 1)]}";
            }
        }

        return null;
    }

    /// <summary>
    /// An interface name with its version cut to the part that decides compatibility: <c>@1</c> for 1.2.3,
    /// <c>@0.3</c> for 0.3.1, <c>@0.0.4</c> for 0.0.4; pre-release and build versions stay whole.
    /// </summary>
    internal static string Shorten(string interfaceName)
    {
        var at = interfaceName.IndexOf('@');
        if (at < 0)
        {
            return interfaceName;
        }

        var version = interfaceName[(at + 1)..];
        var parts = version.Split('.');
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return interfaceName;
        }

        var kept = parts[0] != "0" ? parts[0] : parts[1] != "0" ? $"0.{parts[1]}" : version;
        return $"{interfaceName[..at]}@{kept}";
    }
}
