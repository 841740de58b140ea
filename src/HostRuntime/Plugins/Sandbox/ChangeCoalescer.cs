namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>
/// Collects changed paths and hands them over in batches: a batch is flushed once no change has arrived for the
/// debounce time, or at the latest <see cref="MaxDelayFactor"/> debounce periods after its first change, so a
/// continuous storm still produces regular batches instead of none. Repeated paths are reported once, in first-change order.
/// </summary>
internal sealed class ChangeCoalescer : IDisposable
{
    /// <summary>How many debounce periods the first change of a batch may wait at most.</summary>
    public const int MaxDelayFactor = 10;

    private readonly object gate = new();
    private readonly TimeSpan debounce;
    private readonly Action<IReadOnlyList<string>> flush;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private List<string> pending = [];
    private long firstChangeTimestamp;
    private bool disposed;

    public ChangeCoalescer(TimeSpan debounce, Action<IReadOnlyList<string>> flush, TimeProvider? time = null)
    {
        this.debounce = debounce < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : debounce;
        this.flush = flush;
        this.time = time ?? TimeProvider.System;
        timer = this.time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Add(string path)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (pending.Count == 0)
            {
                firstChangeTimestamp = time.GetTimestamp();
            }

            if (seen.Add(path))
            {
                pending.Add(path);
            }

            var waited = time.GetElapsedTime(firstChangeTimestamp);
            var untilCap = (debounce * MaxDelayFactor) - waited;
            timer.Change(untilCap < debounce ? (untilCap < TimeSpan.Zero ? TimeSpan.Zero : untilCap) : debounce, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer.Dispose();
        }
    }

    private void Flush()
    {
        List<string> batch;
        lock (gate)
        {
            if (disposed || pending.Count == 0)
            {
                return;
            }

            batch = pending;
            pending = [];
            seen.Clear();
        }

        flush(batch);
    }
}
