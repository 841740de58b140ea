using System.Threading.Channels;
using WitSharp.HostRuntime.Plugins.Hosting;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class FileWatchSetTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempConfig temp = new();
    private readonly Channel<bool> changes = Channel.CreateUnbounded<bool>();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task AFileInADirectoryThatDoesNotExistYetIsReportedOnceABuildCreatesIt()
    {
        using var watch = new FileWatchSet(Debounce, () => changes.Writer.TryWrite(true));
        watch.Track([temp.Path("build/out/plugin.wasm")]);

        // What a build does: the output directories appear one after the other, then the artifact.
        Directory.CreateDirectory(temp.Path("build"));
        await Task.Delay(100);
        Directory.CreateDirectory(temp.Path("build/out"));
        await Task.Delay(100);
        File.WriteAllText(temp.Path("build/out/plugin.wasm"), "artifact");

        Assert.True(await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task AFileCreatedTogetherWithItsDirectoriesIsReported()
    {
        using var watch = new FileWatchSet(Debounce, () => changes.Writer.TryWrite(true));
        watch.Track([temp.Path("dist/plugin.wasm")]);

        // Faster than the watcher can descend: the file exists by the time its directory's watcher starts.
        Directory.CreateDirectory(temp.Path("dist"));
        File.WriteAllText(temp.Path("dist/plugin.wasm"), "artifact");

        Assert.True(await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task ADirectoryDeletedAndCreatedAgainIsStillWatched()
    {
        Directory.CreateDirectory(temp.Path("out"));
        File.WriteAllText(temp.Path("out/plugin.wasm"), "artifact");
        using var watch = new FileWatchSet(Debounce, () => changes.Writer.TryWrite(true));
        watch.Track([temp.Path("out/plugin.wasm")]);

        // A clean build: the output directory goes away and comes back, then the artifact is written again.
        Directory.Delete(temp.Path("out"), recursive: true);
        await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Directory.CreateDirectory(temp.Path("out"));
        await Task.Delay(300);
        while (changes.Reader.TryRead(out _))
        {
        }

        File.WriteAllText(temp.Path("out/plugin.wasm"), "rebuilt");
        Assert.True(await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task ASiblingWithAPrefixOfTheWatchedDirectorysNameIsIgnored()
    {
        Directory.CreateDirectory(temp.Path("out"));
        using var watch = new FileWatchSet(Debounce, () => changes.Writer.TryWrite(true));
        watch.Track([temp.Path("out/plugin.wasm")]);

        Directory.CreateDirectory(temp.Path("out2"));
        File.WriteAllText(temp.Path("out2/plugin.wasm"), "elsewhere");
        await Task.Delay(300);

        Assert.False(changes.Reader.TryRead(out _));
    }

    [Fact]
    public async Task OtherFilesInAWatchedDirectoryAreNotReported()
    {
        File.WriteAllText(temp.Path("plugin.wasm"), "artifact");
        using var watch = new FileWatchSet(Debounce, () => changes.Writer.TryWrite(true));
        watch.Track([temp.Path("plugin.wasm")]);

        File.WriteAllText(temp.Path("notes.txt"), "unrelated");
        Directory.CreateDirectory(temp.Path("unrelated-directory"));
        await Task.Delay(300);
        Assert.False(changes.Reader.TryRead(out _));

        File.WriteAllText(temp.Path("plugin.wasm"), "rebuilt");
        Assert.True(await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }
}
