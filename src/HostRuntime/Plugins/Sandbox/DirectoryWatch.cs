namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>
/// One subscription: FileSystemWatchers over some directories (recursively) feeding a <see cref="ChangeCoalescer"/>.
/// Changed paths are reported the way the plugin named the watched directory, e.g. <c>waveforms/cpu/alu.vcd</c>. When
/// the system drops events (buffer overflow) the watched directory itself is reported so the plugin rescans it.
/// </summary>
internal sealed class DirectoryWatch : IDisposable
{
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly ChangeCoalescer coalescer;

    /// <param name="directories">Pairs of (name the plugin used, resolved absolute directory).</param>
    /// <param name="debounce">Quiet time before a batch is delivered.</param>
    /// <param name="deliver">Receives each batch.</param>
    public DirectoryWatch(IEnumerable<(string PluginName, string FullPath)> directories, TimeSpan debounce, Action<IReadOnlyList<string>> deliver)
    {
        coalescer = new ChangeCoalescer(debounce, deliver);
        try
        {
            foreach (var (pluginName, fullPath) in directories)
            {
                var watcher = new FileSystemWatcher(fullPath)
                {
                    IncludeSubdirectories = true,
                    InternalBufferSize = 64 * 1024,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                var prefix = pluginName.TrimEnd('/', '\\');
                void OnChange(string changed) => coalescer.Add(prefix + "/" + Path.GetRelativePath(fullPath, changed).Replace('\\', '/'));
                watcher.Created += (_, e) => OnChange(e.FullPath);
                watcher.Changed += (_, e) => OnChange(e.FullPath);
                watcher.Deleted += (_, e) => OnChange(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    OnChange(e.OldFullPath);
                    OnChange(e.FullPath);
                };
                watcher.Error += (_, _) => coalescer.Add(pluginName);
                watchers.Add(watcher);
                watcher.EnableRaisingEvents = true;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        coalescer.Dispose();
    }
}
