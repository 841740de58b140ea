using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Reports changes to a set of files, coalesced into one callback per burst. Directories are watched rather than the
/// files themselves, because editors, build tools and atomic saves replace a file through a rename. A file whose
/// directory does not exist yet (a plugin's build output before the first build) is watched through its nearest existing
/// ancestor, one level deeper each time a directory on the way appears. The parent of every watched directory is watched
/// too, so that a directory deleted and created again (a clean build) gets a fresh watcher. The set can be replaced at
/// any time (when the configuration names other artifacts).
/// </summary>
internal sealed class FileWatchSet : IDisposable
{
    // Directories can appear while watchers are being set up; set-up repeats until it sees a stable tree, this many times at most.
    private const int SettleAttempts = 8;

    private readonly object gate = new();
    private readonly Dictionary<string, FileSystemWatcher> watchers = new(StringComparer.Ordinal);
    private readonly ChangeCoalescer coalescer;
    private HashSet<string> files = new(StringComparer.Ordinal);
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
            WatchDirectories(renewed: null);
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

    /// <summary>
    /// Watches the directory of every file (or its nearest existing ancestor) and that directory's parent, and stops
    /// watching the rest. When <paramref name="renewed"/> names a directory that was created, deleted or renamed, every
    /// watcher at or below it is replaced (the old one may watch a directory that is gone), and the files below it are
    /// reported: all of them when the directory is gone, else those that exist.
    /// </summary>
    private void WatchDirectories(string? renewed)
    {
        if (renewed is not null)
        {
            foreach (var directory in watchers.Keys.Where(directory => IsSelfOrAncestor(renewed, directory)).ToList())
            {
                watchers[directory].Dispose();
                watchers.Remove(directory);
            }
        }

        var wanted = WantedDirectories();
        for (var attempt = 0; attempt < SettleAttempts; attempt++)
        {
            foreach (var stale in watchers.Keys.Where(directory => !wanted.Contains(directory)).ToList())
            {
                watchers[stale].Dispose();
                watchers.Remove(stale);
            }

            var added = false;
            foreach (var directory in wanted.Where(directory => !watchers.ContainsKey(directory)))
            {
                if (Watch(directory) is { } watcher)
                {
                    watchers.Add(directory, watcher);
                    added = true;
                }
            }

            if (!added)
            {
                break;
            }

            // Something new is watched; a directory may have appeared before its watcher started.
            var now = WantedDirectories();
            if (now.SetEquals(wanted))
            {
                break;
            }

            wanted = now;
        }

        if (renewed is not null)
        {
            // The old watcher may have been dropped before it delivered its last events: a directory that vanished took
            // its files with it, and in one that appeared they may have been written before the new watcher started.
            var vanished = !Directory.Exists(renewed);
            foreach (var file in files.Where(file => IsSelfOrAncestor(renewed, DirectoryOf(file)) && (vanished || File.Exists(file))))
            {
                coalescer.Add(file);
            }
        }
    }

    /// <summary>The nearest existing ancestor of every file's directory (the directory itself when it exists), and its parent.</summary>
    private HashSet<string> WantedDirectories()
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in files.Select(DirectoryOf).Distinct(StringComparer.Ordinal))
        {
            var existing = directory;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }

            if (Directory.Exists(existing))
            {
                wanted.Add(existing);
                if (Path.GetDirectoryName(existing) is { } parent)
                {
                    wanted.Add(parent);
                }
            }
        }

        return wanted;
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
        watcher.Renamed += (_, e) =>
        {
            OnChange(e.OldFullPath);
            OnChange(e.FullPath);
        };
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
            else if (files.Any(file => IsSelfOrAncestor(path, DirectoryOf(file))))
            {
                // A directory on the way to a watched file appeared, vanished or moved.
                WatchDirectories(renewed: path);
            }
        }
    }

    private static bool IsSelfOrAncestor(string ancestor, string path) =>
        path == ancestor || path.StartsWith(ancestor.EndsWith(Path.DirectorySeparatorChar) ? ancestor : ancestor + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
