using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Reports changes to a set of files, coalesced into one callback per burst. Directories are watched rather than the
/// files themselves, because editors, build tools and atomic saves replace a file through a rename. The set can be
/// replaced at any time (when the configuration names other artifacts).
/// </summary>
internal sealed class FileWatchSet : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, FileSystemWatcher> watchers = new(StringComparer.Ordinal);
    private readonly ChangeCoalescer coalescer;
    private HashSet<string> files = new(StringComparer.Ordinal);
    private bool disposed;

    public FileWatchSet(TimeSpan debounce, Action changed) => coalescer = new ChangeCoalescer(debounce, _ => changed());

    /// <summary>Watches exactly <paramref name="paths"/> from now on. A file whose directory does not exist is skipped
    /// (its plugin reports the missing artifact); it is picked up by the next <see cref="Track"/>.</summary>
    public void Track(IEnumerable<string> paths)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            files = new HashSet<string>(paths.Select(Path.GetFullPath), StringComparer.Ordinal);
            foreach (var directory in files.Select(f => Path.GetDirectoryName(f) ?? ".").Distinct(StringComparer.Ordinal))
            {
                if (!watchers.ContainsKey(directory) && Directory.Exists(directory))
                {
                    watchers.Add(directory, Watch(directory));
                }
            }
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

    private FileSystemWatcher Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnChange(string path)
    {
        lock (gate)
        {
            if (!disposed && files.Contains(path))
            {
                coalescer.Add(path);
            }
        }
    }
}
