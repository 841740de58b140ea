using System.Globalization;

namespace WitSharp.HostRuntime.Wasi;

/// <summary>A parsed WASI interface import name, <c>wasi:&lt;package&gt;/&lt;interface&gt;@&lt;version&gt;</c>.</summary>
/// <param name="Interface">The unversioned name, e.g. <c>wasi:cli/stdout</c>.</param>
/// <param name="Version">The version text, e.g. <c>0.2.12</c>.</param>
internal readonly record struct WasiImportName(string Interface, string Version)
{
    /// <summary>The full import name.</summary>
    public override string ToString() => $"{Interface}@{Version}";

    /// <summary>True for any import in the <c>wasi</c> namespace; the rest are not this host's business.</summary>
    public static bool IsWasi(string importName) => importName.StartsWith("wasi:", StringComparison.Ordinal);

    /// <summary>
    /// Parses a WASI import and checks that this host implements it: a known interface at a version that is
    /// semver-compatible with, and not newer than, <see cref="WasiHost.NewestVersion"/>.
    /// </summary>
    /// <exception cref="UnsupportedWasiImportException">The interface or version is not implemented.</exception>
    public static WasiImportName ParseSupported(string importName, IReadOnlyCollection<string> implemented)
    {
        var at = importName.IndexOf('@');
        if (at < 0)
        {
            throw new UnsupportedWasiImportException(importName,
                $"{importName} has no version; this host implements WASI 0.2.0 to {WasiHost.NewestVersion} and needs a versioned import");
        }

        var name = new WasiImportName(importName[..at], importName[(at + 1)..]);
        if (!implemented.Contains(name.Interface))
        {
            throw new UnsupportedWasiImportException(importName,
                $"{importName}: the interface {name.Interface} is not implemented by this WASI host (it implements {string.Join(", ", implemented)})");
        }

        var parts = name.Version.Split('.');
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            throw new UnsupportedWasiImportException(importName,
                $"{importName}: version {name.Version} is not a release version; this host implements WASI 0.2.0 to {WasiHost.NewestVersion}");
        }

        var major = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minor = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var patch = long.Parse(parts[2], CultureInfo.InvariantCulture);
        if (major != 0 || minor != 2)
        {
            throw new UnsupportedWasiImportException(importName,
                $"{importName}: WASI {name.Version} is not compatible with the WASI 0.2 this host implements (0.2.0 to {WasiHost.NewestVersion})");
        }

        if (patch > WasiHost.NewestPatch)
        {
            throw new UnsupportedWasiImportException(importName,
                $"{importName}: WASI {name.Version} is newer than the newest version this host implements ({WasiHost.NewestVersion})");
        }

        return name;
    }
}
