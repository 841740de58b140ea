using Microsoft.Extensions.Time.Testing;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class WatchTests : IDisposable
{
    private readonly TempConfig temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ThousandsOfChangesCoalesceIntoOneBatch()
    {
        var time = new FakeTimeProvider();
        var batches = new List<IReadOnlyList<string>>();
        using var coalescer = new ChangeCoalescer(TimeSpan.FromMilliseconds(50), batches.Add, time);

        for (var i = 0; i < 10_000; i++)
        {
            coalescer.Add($"dir/file{i % 2500}.vcd");
            if (i % 1000 == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(10));
            }
        }

        Assert.Empty(batches);
        time.Advance(TimeSpan.FromMilliseconds(50));
        var batch = Assert.Single(batches);
        Assert.Equal(2500, batch.Count);
        Assert.Equal("dir/file0.vcd", batch[0]);
    }

    [Fact]
    public void ContinuousStormStillFlushesAtTheCap()
    {
        var time = new FakeTimeProvider();
        var batches = new List<IReadOnlyList<string>>();
        using var coalescer = new ChangeCoalescer(TimeSpan.FromMilliseconds(20), batches.Add, time);

        // A change every 5 ms for 1 s never leaves 20 ms of quiet: only the cap (10 x 20 ms) flushes.
        for (var i = 0; i < 200; i++)
        {
            coalescer.Add("f" + i);
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(5, batches.Count);
        Assert.All(batches, batch => Assert.Equal(40, batch.Count));
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(5, batches.Count);
    }

    [Fact]
    public void QuietPeriodFlushesAfterTheDebounce()
    {
        var time = new FakeTimeProvider();
        var batches = new List<IReadOnlyList<string>>();
        using var coalescer = new ChangeCoalescer(TimeSpan.FromMilliseconds(100), batches.Add, time);

        coalescer.Add("a");
        time.Advance(TimeSpan.FromMilliseconds(60));
        coalescer.Add("b");
        coalescer.Add("a");
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(batches);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["a", "b"], Assert.Single(batches));
    }

    [Fact]
    public async Task FileSystemStormIsDeliveredAsFewEvents()
    {
        Directory.CreateDirectory(temp.Path("w/sub"));
        var batches = new List<IReadOnlyList<string>>();
        // A long debounce, so that a busy test machine pausing the writer does not split the storm.
        using var watch = new DirectoryWatch([("w", temp.Path("w"))], TimeSpan.FromSeconds(1), batch =>
        {
            lock (batches)
            {
                batches.Add(batch);
            }
        });

        for (var i = 0; i < 2000; i++)
        {
            File.WriteAllText(temp.Path($"w/sub/f{i}.vcd"), "x");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !Paths(batches).Contains("w/sub/f1999.vcd") && !Paths(batches).Contains("w"))
        {
            await Task.Delay(100);
        }

        await Task.Delay(1500);
        lock (batches)
        {
            Assert.InRange(batches.Count, 1, 5);
            Assert.True(Paths(batches).Contains("w/sub/f1999.vcd") || Paths(batches).Contains("w"), "the last change or an overflow rescan hint arrives");
        }
    }

    private static HashSet<string> Paths(List<IReadOnlyList<string>> batches)
    {
        lock (batches)
        {
            return batches.SelectMany(b => b).ToHashSet();
        }
    }
}
