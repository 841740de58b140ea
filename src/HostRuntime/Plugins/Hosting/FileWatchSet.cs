using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Reports changes to a set of files, coalesced into one callback per burst. Directories are watched rather than the
/// files themselves, because editors, build tools and atomic saves replace a file through a rename. A file whose
/// directory does not exist yet (a plugin's build output before the first build) is watched through its nearest existing
/// ancestor, one level deeper each time a directory on the way appears. The set can be replaced at any time (when the
/// configuration names other artifacts).
/// </summary>
internal sealed class FileWatchSet : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, FileSystemWatcher> watchers = new(StringComparer.Ordinal);
    private readonly ChangeCoalescer coalescer;
    private HashSet<string> files = new(StringComparer.Ordinal);

    // Directories of watched files that do not exist yet; their nearest existing ancestors are watched instead.
    private HashSet<string> missingDirectories = new(StringComparer.Ordinal);
    private bool disposed;

    public FileWatchSet(TimeSpan debounce, Action changed) => coalescer = new ChangeCoalescer(debounce, _ => changed());

    /// <summary>Watches exactly <paramref name="paths"/> from now on.</summary>
    public void Track(IEnumerable<string> paths)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            files = new HashSet<string>(paths.Select(Path.GetFullPath), StringComparer.Ordinal);
            WatchDirectories();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var watcher in watchers.Values)
            {
                watcher.Dispose();
            }

            watchers.Clear();
        }

        coalescer.Dispose();
    }

    /// <summary>Watches the directory of every file, or its nearest existing ancestor, and stops watching the rest.
    /// Reports files that exist in a directory which was missing before (created together with it, before its watcher).</summary>
    private void WatchDirectories()
    {
        var wasMissing = missingDirectories;
        missingDirectories = new HashSet<string>(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in files.Select(DirectoryOf).Distinct(StringComparer.Ordinal))
        {
            var existing = directory;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }

            if (existing != directory)
            {
                missingDirectories.Add(directory);
            }

            if (Directory.Exists(existing))
            {
                wanted.Add(existing);
            }
        }

        foreach (var stale in watchers.Keys.Where(directory => !wanted.Contains(directory)).ToList())
        {
            watchers[stale].Dispose();
            watchers.Remove(stale);
        }

        foreach (var directory in wanted.Where(directory => !watchers.ContainsKey(directory)))
        {
            if (Watch(directory) is { } watcher)
            {
                watchers.Add(directory, watcher);
            }
        }

        foreach (var file in files.Where(file => wasMissing.Contains(DirectoryOf(file)) && !missingDirectories.Contains(DirectoryOf(file)) && File.Exists(file)))
        {
            coalescer.Add(file);
        }
    }

    private static string DirectoryOf(string file) => Path.GetDirectoryName(file) ?? Path.GetPathRoot(file) ?? ".";

    /// <summary>A watcher for <paramref name="directory"/>, or null when the system refuses one (e.g. the inotify
    /// watch limit): hot reload of that directory's files is then lost, but the host and its configuration are not.</summary>
    private FileSystemWatcher? Watch(string directory)
    {
        FileSystemWatcher watcher;
        try
        {
            watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }

        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath);
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            watcher.Dispose();
            return null;
        }

        return watcher;
    }

    private void OnChange(string path)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (files.Contains(path))
            {
                coalescer.Add(path);
            }
            else if (missingDirectories.Any(missing => IsSelfOrAncestor(path, missing)))
            {
                // A directory on the way to a missing one appeared (or was renamed into place): watch one level deeper.
                WatchDirectories();
            }
        }
    }

    private static bool IsSelfOrAncestor(string path, string directory) =>
        directory == path || directory.StartsWith(path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
