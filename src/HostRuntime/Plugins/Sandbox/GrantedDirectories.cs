using WitSharp.HostRuntime.Plugins.Hosting;

namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>
/// Resolves paths a plugin passes to the filesystem imports and refuses any that could leave its granted directories:
/// <c>..</c> segments, relative or absolute paths outside every grant, and paths whose symbolic links (at any level)
/// lead outside. Relative paths are resolved against the config file's directory.
/// </summary>
internal sealed class GrantedDirectories
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    private readonly string baseDirectory;
    private readonly (string Lexical, string Real)[] roots;

    public GrantedDirectories(string baseDirectory, IEnumerable<string> grants)
    {
        this.baseDirectory = Path.GetFullPath(baseDirectory);
        roots = grants.Select(grant =>
        {
            var lexical = Path.TrimEndingDirectorySeparator(Path.GetFullPath(grant, this.baseDirectory));
            return (lexical, RealPath(lexical));
        }).ToArray();
    }

    /// <summary>Returns the real absolute path behind <paramref name="requested"/>, or throws a <c>plugin-error.io</c> saying why not.</summary>
    public string Resolve(string requested)
    {
        if (string.IsNullOrEmpty(requested) || requested.Contains('\0'))
        {
            throw Refuse(requested, "is empty or contains NUL");
        }

        if (requested.Split('/', '\\').Contains(".."))
        {
            throw Refuse(requested, "contains a '..' segment");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(requested, baseDirectory));
        if (!roots.Any(root => IsInside(full, root.Lexical)))
        {
            throw Refuse(requested, "is outside the granted directories");
        }

        string real;
        try
        {
            real = RealPath(full);
        }
        catch (IOException e)
        {
            throw Refuse(requested, "has an unresolvable symbolic link: " + e.Message);
        }

        if (!roots.Any(root => IsInside(real, root.Real)))
        {
            throw Refuse(requested, "leaves the granted directories through a symbolic link");
        }

        return real;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    internal static bool IsInside(string path, string root) =>
        path.Equals(root, PathComparison)
        || (path.StartsWith(root, PathComparison) && (path[root.Length] == Path.DirectorySeparatorChar || root.EndsWith(Path.DirectorySeparatorChar)));

    /// <summary>The path with every symbolic link along it replaced by its final target; missing tails are kept as written.</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                // The final target may itself sit below further links; resolve its parents too.
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(Path.TrimEndingDirectorySeparator(target.FullName));
            }

            current = next;
        }

        return current;
    }

    private static PluginCallException Refuse(string requested, string why) =>
        new(PluginErrorKind.Io, $"access to '{requested}' refused: the path {why}");
}
